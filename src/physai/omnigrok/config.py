"""Notebook 02 (Omnigrok) parameters per profile.

Three families of networks, each trained as one stacked model: the teacher-student MLP
(LU landscape on the fixed-norm sphere; grokking time against weight decay), an image MLP
(free runs at several init scales; constrained runs across α), and a modular-addition MLP
(notebook 05's one-layer transformer, free at small and large α; held at the Goldilocks norm).  The standard profile
swaps MNIST for scikit-learn's digits (300 training images; 1000 digits barely delay),
halves the image MLP's width (200 → 100: the 10 000-step image runs are most of the
cost) and raises the learning rates ×3–10 so that the delays fit minutes (time ∝
1/(lr·γ)); the paper profile carries the paper's settings.
"""
import os

_COMMON = {
    "ts_alpha": 2.0, "ts_seed": 1, "ts_threshold": 1e-3,
    "ts_landscape_alphas": [round(10 ** (x / 5), 3) for x in range(-5, 6)],
    "img_widths": [64, 100, 100, 10], "img_wd": 0.01, "img_batch": 200,
    "img_free_alphas": [1.0, 8.0], "img_constrained_alphas": [0.25, 0.5, 1.0, 2.0, 4.0, 8.0],
    "mod_frac": 0.8, "mod_width": 32, "mod_lr": 1e-3, "mod_wd": 1.0,
    "mod_free_alphas": [1.0, 3.0], "mod_goldilocks_alpha": 1.3,
    "threshold": 0.9, "image_data": "digits", "mnist_root": None, "n_train_images": 300,
}

PROFILES = {
    "smoke": {
        **_COMMON,
        "ts_gammas": [0.4, 0.8], "ts_lr": 1e-3, "ts_steps": 200, "ts_landscape_steps": 100,
        "ts_landscape_lr": 1e-3, "ts_log_every": 20,
        "img_lr": 1e-2, "img_steps": 100, "img_log_every": 50, "img_constrained_alphas": [1.0, 8.0],
        "mod_p": 11, "mod_steps": 60, "mod_log_every": 20,
    },
    "standard": {
        **_COMMON,
        "ts_gammas": [0.1, 0.2, 0.4, 0.8], "ts_lr": 1e-3, "ts_steps": 5000, "ts_landscape_steps": 1000,
        "ts_landscape_lr": 1e-3, "ts_log_every": 20,
        "img_lr": 1e-2, "img_steps": 10000, "img_log_every": 100,
        "mod_p": 31, "mod_steps": 2000, "mod_log_every": 50,
    },
    "paper": {
        **_COMMON,
        "ts_gammas": [0.0125, 0.025, 0.05, 0.1], "ts_lr": 3e-4, "ts_steps": 100000, "ts_landscape_steps": 10000,
        "ts_landscape_lr": 3e-4, "ts_log_every": 100,
        "img_widths": [784, 200, 200, 10], "img_free_alphas": [1.0, 2.0, 4.0, 8.0], "img_lr": 1e-3, "img_steps": 100000, "img_log_every": 500,
        "image_data": "mnist", "mnist_root": os.environ.get("PHYSAI_MNIST", "data/mnist"), "n_train_images": 1000,
        "mod_p": 113, "mod_frac": 0.3, "mod_width": 128, "mod_steps": 20000, "mod_log_every": 100,
    },
}
