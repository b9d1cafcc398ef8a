"""Data for the generative notebooks: scikit-learn's digits offline, CIFAR-10 for the paper profile.

Images are flattened and scaled to [−1, 1], the convention of the PFGM/EDM code.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


@dataclass(frozen=True)
class ImageData:
    train: torch.Tensor      # (n, N) in [−1, 1]
    test: torch.Tensor       # held out: the reference for sample quality
    train_labels: np.ndarray
    test_labels: np.ndarray
    shape: tuple[int, ...]   # one image, e.g. (8, 8) or (3, 32, 32)

    @property
    def dim(self) -> int:
        return self.train.shape[1]

    @property
    def data_norm(self) -> float:
        """Mean Euclidean norm of a training datum (PFGM's hyper-parameter rule, App. B.1)."""
        return float(self.train.norm(dim=1).mean())


def digits(test_size: float = 0.33, seed: int = 0) -> ImageData:
    """scikit-learn's 1797 8×8 digits (N = 64), pixels 0..16 → [−1, 1], stratified split."""
    bunch = load_digits()
    x = bunch.data.astype(np.float32) / 8.0 - 1.0
    xtr, xte, ytr, yte = train_test_split(x, bunch.target, test_size=test_size,
                                          random_state=seed, stratify=bunch.target)
    return ImageData(torch.from_numpy(xtr), torch.from_numpy(xte), ytr, yte, (8, 8))


def cifar10(root: str | Path) -> ImageData:
    """CIFAR-10 from the python pickles (cifar-10-batches-py: data_batch_1..5, test_batch).

    The paper profile's data (PFGM Table 1); nothing downloads it: pass the unpacked folder.
    """
    root = Path(root)
    if not (root / "test_batch").exists():
        raise FileNotFoundError(f"{root} holds no CIFAR-10 python batches (data_batch_1..5, test_batch)")

    def read(names):
        xs, ys = [], []
        for name in names:
            with open(root / name, "rb") as f:
                batch = pickle.load(f, encoding="bytes")
            xs.append(np.asarray(batch[b"data"], dtype=np.float32))
            ys.append(np.asarray(batch[b"labels"]))
        return torch.from_numpy(np.concatenate(xs) / 127.5 - 1.0), np.concatenate(ys)

    train_names = sorted(p.name for p in root.glob("data_batch_*"))
    xtr, ytr = read(train_names)
    xte, yte = read(["test_batch"])
    return ImageData(xtr, xte, ytr, yte, (3, 32, 32))


def write_cifar10_like(root: str | Path, n_per_batch: int = 4, seed: int = 0) -> Path:
    """Write a tiny random file set in CIFAR-10's python format (for testing the loader)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for name in [*(f"data_batch_{i}" for i in range(1, 6)), "test_batch"]:
        batch = {b"data": rng.integers(0, 256, (n_per_batch, 3072), dtype=np.uint8),
                 b"labels": rng.integers(0, 10, n_per_batch).tolist()}
        with open(root / name, "wb") as f:
            pickle.dump(batch, f)
    return root
