"""Notebook 09 (GenPhys) parameters per profile.

The analyser and the pictures are exact and cheap; the cost is the Yukawa models: a 2-D
toy, and 8×8 digits at two masses with three preconditioning variants each (chosen on a
validation split), the exact-posterior flow at several masses (m = 0 and 1 over the sampling
seeds), the sink as a birth/death step (2-D, and charges on a line), and the trained
denoisers against the exact posterior mean by noise level.
"""

_COMMON = {
    "damping_values": [0.5, 1.0, 2.0, 4.0],
    "helmholtz_values": [0.5, 1.0, 2.0],
    "picture_times": [0.0, 0.1, 0.5, 2.0],
    "z_max": 17.9,               # PFGM's z_max for digits (notebook 07's rule)
    "toy_z_max": 6.0,
    "toy_m": 1.0,
    "digit_masses": [0.0, 1.0],
    "posterior_masses": [0.0, 1.0, 4.0, 15.0],
    "toy_sweep_masses": [0.0, 0.03, 0.1, 0.3, 1.0, 3.0],
    "toy_sweep_data": 500,
    "depth": 4,
    "lr": 1e-3,
    "batch_size": 128,
    "ema": 0.999,
    "classifier_iters": 500,
    "precond_variants": ["evident", "largest", "edm"],  # chosen per mass on a validation split
    "val_frac": 0.2,
    "sampling_seeds": [0, 1, 2],
    "sink_particles": 2000,
    "sink_charges": [-1.0, 0.0, 0.3, 1.0],
    "sink_charge_masses": [0.3, 1.0],
    "sink_charge_particles": 4000,
    "gap_sigmas": [0.01, 0.03, 0.1, 0.3, 1.0, 3.0],  # noise levels (σ_eff) of the denoiser diagnosis
    "gap_samples": 200,
}

PROFILES = {
    "smoke": {
        **_COMMON,
        "toy_points": 500, "toy_width": 32, "toy_steps": 100,
        "width": 32, "steps": 60, "n_samples": 200, "sample_steps": 8,
        "posterior_data": 100, "posterior_samples": 60, "posterior_masses": [0.0, 15.0], "classifier_iters": 50,
        "toy_sweep_masses": [0.0, 1.0], "toy_sweep_data": 100,
        "precond_variants": ["evident", "edm"], "sink_particles": 200, "sink_charge_particles": 400,
        "gap_samples": 40,
    },
    "standard": {
        **_COMMON,
        "toy_points": 2000, "toy_width": 128, "toy_steps": 2000,
        "width": 192, "steps": 4000, "n_samples": 1000, "sample_steps": 25,
        "posterior_data": 300, "posterior_samples": 300,
    },
    "paper": {
        **_COMMON,
        "toy_points": 20000, "toy_width": 256, "toy_steps": 20000,
        "width": 512, "steps": 50000, "n_samples": 5000, "sample_steps": 50,
        "posterior_data": 1203, "posterior_samples": 2000,
    },
}
