"""Image data for the generative notebooks: scikit-learn's digits offline, CIFAR-10 for the paper profile.

Both come from the core's loaders (physai.datasets: `digits_arrays`, `cifar10_arrays`); here
images are flattened, scaled to [−1, 1] (the convention of the PFGM/EDM code) and split.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from sklearn.model_selection import train_test_split

from ..datasets import cifar10_arrays, digits_arrays


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

    def to(self, device) -> "ImageData":
        """The same images on `device` (labels stay numpy arrays)."""
        return ImageData(self.train.to(device), self.test.to(device), self.train_labels, self.test_labels, self.shape)

    @property
    def data_norm(self) -> float:
        """Mean Euclidean norm of a training datum (PFGM's hyper-parameter rule, App. B.1)."""
        return float(self.train.norm(dim=1).mean())


def digits(test_size: float = 0.33, seed: int = 0, device="cpu") -> ImageData:
    """scikit-learn's 1797 8×8 digits (N = 64), pixels 0..16 → [−1, 1], stratified split, on `device`."""
    pixels, labels = digits_arrays()
    x = pixels.astype(np.float32) / 8.0 - 1.0
    xtr, xte, ytr, yte = train_test_split(x, labels, test_size=test_size,
                                          random_state=seed, stratify=labels)
    return ImageData(torch.from_numpy(xtr), torch.from_numpy(xte), ytr, yte, (8, 8)).to(device)


def cifar10(root: str | Path, device="cpu") -> ImageData:
    """CIFAR-10 from the python pickles (cifar-10-batches-py: data_batch_1..5, test_batch).

    The paper profile's data (PFGM Table 1); nothing downloads it: pass the unpacked folder.
    """
    xtr, ytr, xte, yte = cifar10_arrays(root)
    return ImageData(torch.from_numpy(xtr / 127.5 - 1.0), torch.from_numpy(xte / 127.5 - 1.0), ytr, yte,
                     (3, 32, 32)).to(device)
