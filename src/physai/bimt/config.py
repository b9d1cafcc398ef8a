"""Notebook 04 (BIMT) parameters per profile.

Standard: the original's settings for the symbolic formulas — independence at 20k steps,
trained with its swap/locality ablation (the original's training types: L1, L1 + local,
L1 + swap, BIMT, and BIMT with Adam's state left in place as the original does) over
three initialisations in one stacked run; feature sharing and compositionality at 8k steps
(three initialisations each); two moons (6k steps instead of 10k); modular addition at
p = 31 instead of 59 (10k steps instead of 20k: a 6k-step run reached 100 % test accuracy
but its embedding had not collapsed — 15 active places, circularity 0.59 — so the λ
schedule needs the longer run); scikit-learn's 8×8 digits instead of MNIST (1200 training
images, 8k steps) with its plain-L1 control; the S4 multiplication table at the paper's
20k steps, three initialisations stacked (about a minute).  Paper: every run at the
original's length, p = 59, MNIST from PHYSAI_MNIST (40k steps).
"""
import os

_COMMON = {
    "n_symbolic": 100, "sym_lr": 2e-3, "sym_lam": 1e-3, "sym_l0": 0.1, "sym_top_k": 5, "n_seeds": 3,
    "moons_lam": 1e-3, "moons_l0": 0.2, "moons_top_k": 10,
    "digits_train": 1200, "digits_batch": 100, "digits_lr": 1e-3, "digits_lam": 0.01,
    "train_fraction": 0.8, "embed": 32, "mod_hidden": 50, "mod_lr": 1e-3, "mod_lam": 0.1,
    "mod_top_k": 30, "swap_every": 200, "digits_swap_every": 500, "s4_lr": 2e-3, "s4_lam": 1.0, "speed_repeats": 3,
}

PROFILES = {
    "smoke": {**_COMMON, "independence_steps": 300, "other_symbolic_steps": 200, "moons_steps": 300,
              "digits_steps": 300, "image_data": "digits", "mnist_root": None, "p": 11, "mod_steps": 300,
              "s4_steps": 300, "speed_repeats": 1, "swap_every": 100, "digits_swap_every": 100},
    "standard": {**_COMMON, "independence_steps": 20_000, "other_symbolic_steps": 8_000, "moons_steps": 6_000,
                 "digits_steps": 8_000, "image_data": "digits", "mnist_root": None, "p": 31, "mod_steps": 10_000,
                 "s4_steps": 20_000},
    "paper": {**_COMMON, "independence_steps": 20_000, "other_symbolic_steps": 20_000, "moons_steps": 10_000,
              "digits_steps": 40_000, "image_data": "mnist", "mnist_root": os.environ.get("PHYSAI_MNIST", "data/mnist"),
              "p": 59, "mod_steps": 20_000, "s4_steps": 20_000},
}
