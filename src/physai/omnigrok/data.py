"""Omnigrok's own data: a teacher network's labels (Sec. 3).

Digits and MNIST (IDX files) live in `physai.datasets`, shared with BIMT.
"""
from __future__ import annotations

import torch
from torch import nn

from physai.datasets import Task


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
    return nn.Sequential(nn.Linear(d_in, width), nn.Tanh(), nn.Linear(width, width), nn.Tanh(),
                         nn.Linear(width, d_out))
