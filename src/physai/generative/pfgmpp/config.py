"""Notebook 08 (PFGM++) parameters per profile.

standard: every D and seed trained together as one batched model on 8×8 digits, a
128-wide MLP; paper: the original's CIFAR-10 settings (D = 2048 its best; 35 NFE), which
need the CIFAR-10 batches under $PHYSAI_CIFAR10, a GPU and a U-Net we do not ship.
"""
import math
import os

INF = math.inf

_COMMON = {
    "dataset": "digits",
    "cifar10_root": None,
    "kernel_N": [8, 64],
    "kernel_D": [1, 4, 128, 2048, INF],
    "kernel_sigma": 1.0,
    "depth": 4,
    "lr": 1e-3,
    "batch_size": 128,
    "ema": 0.999,
    "data_seed": 0,
    "steps_clean": 18,        # EDM's Heun with 18 levels: 35 NFE
    "classifier_iters": 500,
}

PROFILES = {
    "smoke": {
        **_COMMON,
        "kernel_draws": 2000, "D_values": [4, INF], "seeds": [0],
        "width": 32, "steps": 60, "n_samples": 200, "steps_clean": 6,
        "alphas": [0.5], "bits": [5], "few_steps": [4], "classifier_iters": 50,
    },
    "standard": {
        **_COMMON,
        "kernel_draws": 20000, "D_values": [1, 4, 16, 128, INF], "seeds": [0, 1],
        "width": 192, "steps": 4000, "n_samples": 1000,
        "alphas": [0.1, 0.25, 0.5], "bits": [4, 5, 6, 8], "few_steps": [3, 4, 6],
    },
    "paper": {
        **_COMMON,
        "dataset": "cifar10", "cifar10_root": os.environ.get("PHYSAI_CIFAR10", "data/cifar-10-batches-py"),
        "kernel_draws": 100000, "D_values": [64, 128, 2048, INF], "seeds": [0, 1, 2],
        "width": 1024, "steps": 200_000, "n_samples": 10000, "lr": 1e-3, "ema": 0.9999, "batch_size": 512,
        "alphas": [0.1, 0.2, 0.3], "bits": [5, 6, 7, 8, 9], "few_steps": [4, 6, 9, 13],
    },
}
