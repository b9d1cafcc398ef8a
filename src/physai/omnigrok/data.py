"""Omnigrok's data: a teacher network's labels, small image sets, and MNIST's IDX files.

The standard profile uses scikit-learn's bundled 8×8 digits (nothing downloads); the
paper profile reads MNIST from its four IDX files (`mnist(root)`), tested on tiny files
the tests write with `write_idx`.
"""
from __future__ import annotations

import gzip
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


@dataclass(frozen=True)
class Task:
    """Train and test tensors; y are regression targets (one-hot rows for classification)."""
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor


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


def one_hot_task(x_train, y_train, x_test, y_test, n_classes: int = 10) -> Task:
    """Inputs with labels as one-hot targets (the paper's MSE loss on MNIST); float inputs
    become float32, integer ones (tokens) stay integers."""
    def inputs(x):
        x = torch.as_tensor(x)
        return x.float() if x.is_floating_point() else x

    eye = torch.eye(n_classes)
    return Task(inputs(x_train), eye[torch.as_tensor(y_train)], inputs(x_test), eye[torch.as_tensor(y_test)])


def digits_task(n_train: int, seed: int = 0) -> Task:
    """n_train of scikit-learn's 1797 8×8 digits for training (stratified), the rest for
    testing; pixels scaled to [0, 1]."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    bunch = load_digits()
    xtr, xte, ytr, yte = train_test_split(bunch.data / 16.0, bunch.target, train_size=n_train,
                                          random_state=seed, stratify=bunch.target)
    return one_hot_task(xtr, ytr, xte, yte)


def read_idx(path: str | Path) -> np.ndarray:
    """An IDX array (MNIST's format: magic 0x00 0x00 type ndim, big-endian sizes), gzip or not."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype_code not in _IDX_TYPES:
        raise ValueError(f"{path} is not an IDX file (magic {raw[:4].hex()})")
    shape = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, dtype=_IDX_TYPES[dtype_code], offset=4 + 4 * ndim).reshape(shape)


def write_idx(path: str | Path, array: np.ndarray) -> None:
    """Write a uint8 array as an IDX file (for tests and tiny fixtures)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    Path(path).write_bytes(header + array.tobytes())


def mnist(root: str | Path, n_train: int = 1000, seed: int = 0) -> Task:
    """MNIST from the four IDX files in root (train-images-idx3-ubyte[.gz], …): n_train random
    training images (the paper: 1000), the full test set; pixels in [0, 1], one-hot targets."""
    root = Path(root)

    def find(stem):
        for name in (stem, stem + ".gz"):
            if (root / name).exists():
                return root / name
        raise FileNotFoundError(f"{root} has no {stem}[.gz]: pass the folder holding MNIST's four IDX files")

    images = read_idx(find("train-images-idx3-ubyte")).reshape(-1, 784) / 255.0
    labels = read_idx(find("train-labels-idx1-ubyte")).astype(np.int64)
    pick = np.random.default_rng(seed).choice(len(images), size=min(n_train, len(images)), replace=False)
    test_images = read_idx(find("t10k-images-idx3-ubyte")).reshape(-1, 784) / 255.0
    test_labels = read_idx(find("t10k-labels-idx1-ubyte")).astype(np.int64)
    return one_hot_task(images[pick], labels[pick], test_images, test_labels)
