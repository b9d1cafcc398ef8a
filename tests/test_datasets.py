"""The shared loaders: scikit-learn's digits and MNIST's IDX files (tiny generated files)."""
import numpy as np
import pytest
import torch

from physai.datasets import digits_arrays, digits_task, mnist, read_idx, write_idx


def test_idx_round_trip_and_mnist_loader(tmp_path):
    rng = np.random.default_rng(0)
    images, labels = rng.integers(0, 256, (12, 28, 28)), rng.integers(0, 10, 12)
    write_idx(tmp_path / "train-images-idx3-ubyte", images)
    write_idx(tmp_path / "train-labels-idx1-ubyte", labels)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", images[:5])
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", labels[:5])
    np.testing.assert_array_equal(read_idx(tmp_path / "train-images-idx3-ubyte"), images)
    task = mnist(tmp_path, n_train=8)
    assert task.x_train.shape == (8, 784) and task.x_train.max() <= 1 and task.y_test.shape == (5, 10)
    assert torch.equal(task.y_test.argmax(1), torch.as_tensor(labels[:5]))
    (tmp_path / "bad").write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ValueError, match="not an IDX"):
        read_idx(tmp_path / "bad")
    with pytest.raises(FileNotFoundError, match="IDX"):
        mnist(tmp_path / "missing")


def test_digits_task_is_stratified_one_hot():
    task = digits_task(300)
    assert task.x_train.shape == (300, 64) and task.y_train.sum(1).eq(1).all()
    assert (task.y_train.argmax(1).bincount() >= 29).all() and len(task.x_test) == 1797 - 300


def test_digits_arrays_are_the_raw_pixels_and_labels():
    pixels, labels = digits_arrays()
    assert pixels.shape == (1797, 64) and pixels.min() == 0 and pixels.max() == 16
    assert sorted(set(labels.tolist())) == list(range(10))


def test_cifar10_arrays_read_the_python_batches(tmp_path):
    from physai.datasets import cifar10_arrays, write_cifar10_like

    root = write_cifar10_like(tmp_path / "cifar-10-batches-py", n_per_batch=3)
    x_train, y_train, x_test, y_test = cifar10_arrays(root)
    assert x_train.shape == (15, 3072) and x_test.shape == (3, 3072) and y_train.shape == (15,) and y_test.shape == (3,)
    assert x_train.dtype == np.float32 and 0 <= x_train.min() and x_train.max() <= 255
    with pytest.raises(FileNotFoundError, match="CIFAR-10"):
        cifar10_arrays(tmp_path)


def test_cifar_loader_refuses_a_pickle_that_runs_code(tmp_path):
    import pickle

    from physai.datasets import cifar10_arrays, write_cifar10_like

    class Payload:
        def __reduce__(self):
            return (print, ("this would have run",))

    root = write_cifar10_like(tmp_path / "cifar")
    (root / "data_batch_2").write_bytes(pickle.dumps({b"data": Payload(), b"labels": [0]}))
    with pytest.raises(pickle.UnpicklingError, match="not a CIFAR-10 batch: it asks for builtins.print"):
        cifar10_arrays(root)


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_cifar_batches_load_whatever_pickle_protocol_wrote_them(tmp_path, protocol):
    import pickle

    import numpy as np

    from physai.datasets import _load_batch
    data = np.arange(6, dtype=np.uint8).reshape(2, 3)
    (tmp_path / "b").write_bytes(pickle.dumps({b"data": data, b"labels": [1, 2]}, protocol=protocol))
    batch = _load_batch(tmp_path / "b")
    assert (batch[b"data"] == data).all() and batch[b"labels"] == [1, 2]
