"""Omnigrok's own data: a teacher network's labels (Sec. 3).

Digits and MNIST (IDX files) live in `physai.datasets`, shared with BIMT.
"""
from __future__ import annotations

import torch
from torch import nn

from physai.datasets import Task

from .models import mlp


def teacher_student(d_in: int = 5, d_out: int = 5, width: int = 100, n_train: int = 100,
                    n_test: int = 100, seed: int = 0) -> tuple[Task, nn.Module]:
    """Gaussian inputs labelled by a random tanh MLP d_in → width → width → d_out (Sec. 3;
    the original's teacher-student notebooks: 5 → 100 → 100 → 5, 100 + 100 samples)."""
    torch.manual_seed(seed)
    teacher = tanh_mlp(d_in, width, d_out)
    x = torch.randn(n_train + n_test, d_in)
    with torch.no_grad():
        y = teacher(x)
    return Task(x[:n_train], y[:n_train], x[n_train:], y[n_train:]), teacher


def tanh_mlp(d_in: int, width: int, d_out: int) -> nn.Module:
    """The teacher's (and the student's) shape: d_in → width → width → d_out, tanh."""
    return mlp([d_in, width, width, d_out], "tanh")


def diabetes_task(n_train: int = 150, seed: int = 0) -> Task:
    """scikit-learn's bundled diabetes regression (442 patients, 10 features, a disease-
    progression score) as a tabular stand-in for the paper's QM9 regression (Sec. 4, Fig. 5),
    which cannot be downloaded here: n_train random patients for training, the rest for
    testing; features and target standardised with the training set's mean and std (so a
    constant prediction has test MSE ≈ 1)."""
    from sklearn.datasets import load_diabetes

    x, y = load_diabetes(return_X_y=True)
    if not 0 < n_train < len(y):
        raise ValueError(f"n_train must be between 1 and {len(y) - 1}, got {n_train}")
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed)).numpy()
    x, y = torch.tensor(x[order], dtype=torch.float32), torch.tensor(y[order], dtype=torch.float32)[:, None]
    mu_x, sd_x = x[:n_train].mean(0), x[:n_train].std(0)
    mu_y, sd_y = y[:n_train].mean(), y[:n_train].std()
    x, y = (x - mu_x) / sd_x, (y - mu_y) / sd_y
    return Task(x[:n_train], y[:n_train], x[n_train:], y[n_train:])
