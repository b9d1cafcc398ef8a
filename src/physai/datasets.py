"""Datasets the papers share: scikit-learn's digits (offline) and MNIST's IDX files.

The standard profiles use scikit-learn's bundled 8×8 digits (nothing downloads); the paper
profiles read MNIST from its four IDX files (`mnist(root)`), tested on tiny files the tests
write with `write_idx`.  Classification data come as a `Task`: train and test tensors with
one-hot targets (Omnigrok's and BIMT's MSE loss on images).
"""
from __future__ import annotations

import gzip
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


@dataclass(frozen=True)
class Task:
    """Train and test tensors; y are regression targets (one-hot rows for classification)."""
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor


def one_hot_task(x_train, y_train, x_test, y_test, n_classes: int = 10) -> Task:
    """Inputs with labels as one-hot targets (the paper's MSE loss on MNIST); float inputs
    become float32, integer ones (tokens) stay integers."""
    def inputs(x):
        x = torch.as_tensor(x)
        return x.float() if x.is_floating_point() else x

    eye = torch.eye(n_classes)
    return Task(inputs(x_train), eye[torch.as_tensor(y_train)], inputs(x_test), eye[torch.as_tensor(y_test)])


def digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 1797 8×8 digits, the one digits loader: pixels (1797, 64) as float64
    in 0..16, labels (1797,) in 0..9."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return bunch.data, bunch.target


def digits_task(n_train: int, seed: int = 0) -> Task:
    """n_train of scikit-learn's 1797 8×8 digits for training (stratified), the rest for
    testing; pixels scaled to [0, 1]."""
    from sklearn.model_selection import train_test_split

    pixels, labels = digits_arrays()
    xtr, xte, ytr, yte = train_test_split(pixels / 16.0, labels, train_size=n_train,
                                          random_state=seed, stratify=labels)
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


# --- CIFAR-10's python batches (the generative papers' paper profile) -----------------------

# What a CIFAR-10 python batch may reference when unpickled: numpy's array reconstruction and
# nothing else.  A pickle can run any callable it names, so a folder from elsewhere is read
# with this allow-list instead of plain pickle.load.
_CIFAR_GLOBALS = {("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
                  ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer"),  # protocol 5
                  ("numpy", "ndarray"), ("numpy", "dtype"), ("_codecs", "encode")}


def _load_batch(path: Path) -> dict:
    """One CIFAR-10 python batch, refusing any pickle that names anything but numpy arrays."""
    import pickle

    class BatchOnly(pickle.Unpickler):
        def find_class(self, module, name):
            if (module, name) in _CIFAR_GLOBALS:
                return super().find_class(module, name)
            raise pickle.UnpicklingError(f"{path} is not a CIFAR-10 batch: it asks for {module}.{name}")

    with open(path, "rb") as f:
        batch = BatchOnly(f, encoding="bytes").load()
    if not isinstance(batch, dict) or b"data" not in batch or b"labels" not in batch:
        raise ValueError(f"{path} is not a CIFAR-10 batch (a dict with b'data' and b'labels')")
    return batch


def cifar10_arrays(root: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CIFAR-10 from the python pickles in root (cifar-10-batches-py: data_batch_1..5, test_batch):
    train pixels (n, 3072) as float32 in 0..255 (channels first, as stored), train labels, test
    pixels, test labels.  Nothing downloads it: pass the unpacked folder."""
    root = Path(root)
    if not (root / "test_batch").exists():
        raise FileNotFoundError(f"{root} holds no CIFAR-10 python batches (data_batch_1..5, test_batch)")

    def read(names):
        xs, ys = [], []
        for name in names:
            batch = _load_batch(root / name)
            xs.append(np.asarray(batch[b"data"], dtype=np.float32))
            ys.append(np.asarray(batch[b"labels"]))
        return np.concatenate(xs), np.concatenate(ys)

    x_train, y_train = read(sorted(p.name for p in root.glob("data_batch_*")))
    x_test, y_test = read(["test_batch"])
    return x_train, y_train, x_test, y_test


def write_cifar10_like(root: str | Path, n_per_batch: int = 4, seed: int = 0) -> Path:
    """Write a tiny random file set in CIFAR-10's python format (for testing the loader)."""
    import pickle

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for name in [*(f"data_batch_{i}" for i in range(1, 6)), "test_batch"]:
        batch = {b"data": rng.integers(0, 256, (n_per_batch, 3072), dtype=np.uint8),
                 b"labels": rng.integers(0, 10, n_per_batch).tolist()}
        with open(root / name, "wb") as f:
            pickle.dump(batch, f)
    return root


def write_mnist_like(root: str | Path, n_train: int = 300, n_test: int = 100, seed: int = 0) -> Path:
    """MNIST's four IDX files (28×28 uint8 images, uint8 labels) holding random images."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        write_idx(root / f"{prefix}-images-idx3-ubyte", rng.integers(0, 256, (n, 28, 28)))
        write_idx(root / f"{prefix}-labels-idx1-ubyte", np.arange(n) % 10)
    return root
