"""Notebook 07 (PFGM) parameters per profile.

standard: 8×8 digits (N = 64) and a 256-wide MLP, both models trained for the same
number of steps, so that PFGM and the diffusion baseline differ only in the physics.
paper: the original's CIFAR-10 settings (configs/poisson/cifar10_ddpmpp.py); it needs the
CIFAR-10 python batches under $PHYSAI_CIFAR10 and a GPU, and our MLP stands in for
DDPM++/NCSN++, so its FID is not the paper's.
"""
import os

_COMMON = {
    "dataset": "digits",
    "cifar10_root": None,   # the paper profile's data folder
    "sigma": 0.01,          # PFGM's σ (config.model.sigma_end)
    "tau": 0.03,            # PFGM's τ
    "gamma": 5.0,           # the original's γ in −√N·Ē/(‖Ē‖ + γ)
    "z_min": 1e-3,
    "z_exp": 2.2,           # App. B.2.3's substitution below z_exp (every solver, as the original)
    "rk45_tol": 1e-4,
    "rk45_max_nfe": 20000,  # a solve that needs more is recorded as diverged (NaN)
    "lr": 1e-3,
    "batch_size": 128,
    "ema": 0.999,
    "depth": 4,
    "field_line_radii": [4, 8, 16, 32, 64],
    "classifier_iters": 500,  # the feature classifier for the Fréchet distance
    "gamma_scaled": 1.13,   # γ = 5 scaled by the data norm (digits 6.77, CIFAR-10 ≈ 30): the sensitivity run
    "small_width": 64, "small_depth": 2,  # the weak network, for both models
    "bench_seeds": [0, 1, 2],             # prior seeds of the solver benchmark
    # bench_sde_steps: each divides the largest (the VP-SDE's fine Brownian path, round 6)
    "moons_centres": 200, "moons_width": 0.1, "collapse_points": 1000,  # Fig. 2's 2-D density
    "collapse_points_z": 300, "collapse_quad": 24, "collapse_steps_z": 40,  # its with-z arm (quadrature field)
    "original_batch": 4096, "original_data": 50000,  # the original's large batch and CIFAR-10's size
    "batch_seeds": 5,  # batch-field: fresh draws of points and batches, each read against the rule
}

PROFILES = {
    "smoke": {
        **_COMMON,
        "field_line_charges": 8, "lines_per_charge": 32,
        "cosine_batch_sizes": [1, 8, 64, 256], "cosine_points": 64,
        "width": 64, "steps": 100, "classifier_iters": 50,
        "n_samples": 200, "rk45_samples": 20, "rk45_max_nfe": 300,
        "ode_steps": [5, 10, 20], "sde_steps": [20, 50],
        "bench_samples": 100, "collapse_points": 200, "collapse_points_z": 100,
        "bench_ode_steps": [5, 10, 20], "bench_sde_steps": [5, 10, 50],
    },
    "standard": {
        **_COMMON,
        "field_line_charges": 16, "lines_per_charge": 256,
        "cosine_batch_sizes": [1, 4, 16, 64, 256, 1024], "cosine_points": 256,
        "width": 256, "steps": 6000,
        "n_samples": 1000, "rk45_samples": 100,
        "ode_steps": [5, 10, 20, 50, 100], "sde_steps": [20, 50, 100, 200, 500, 1000],
        "bench_samples": 500, "bench_ode_steps": [5, 10, 20, 50], "bench_sde_steps": [5, 10, 20, 50, 100, 200, 1000],
    },
    "paper": {
        **_COMMON,
        "dataset": "cifar10", "cifar10_root": os.environ.get("PHYSAI_CIFAR10", "data/cifar-10-batches-py"),
        "field_line_charges": 64, "lines_per_charge": 256,
        "cosine_batch_sizes": [1, 16, 128, 256, 1024, 4096], "cosine_points": 1024,
        "gamma": 5.0, "lr": 2e-4, "ema": 0.9999, "batch_size": 128,
        "width": 1024, "steps": 1_300_000,
        "n_samples": 10000, "rk45_samples": 1000,
        "ode_steps": [5, 10, 20, 50, 100], "sde_steps": [100, 1000],
        "bench_samples": 10000, "gamma_scaled": 5.0,
        "bench_ode_steps": [5, 10, 20, 50], "bench_sde_steps": [5, 10, 20, 50, 100, 200, 1000],
    },
}
