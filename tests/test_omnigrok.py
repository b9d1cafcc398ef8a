"""Omnigrok: the norm projection, the init scaling, the data loaders and a tiny family run."""
import numpy as np
import pytest
import torch

from physai.batched import BatchedModels
from physai.omnigrok import project_norm_, weight_norm
from physai.omnigrok.data import digits_task, mnist, read_idx, teacher_student, write_idx
from physai.omnigrok.experiments import grokking_gaps, loglog_slope, relu_mlp, train_family


def make():
    return relu_mlp([4, 8, 3])


def test_weight_norm_counts_every_parameter_once():
    models = BatchedModels.build(make, seeds=[0, 1])
    for k in range(2):
        flat = torch.cat([p.detach().flatten() for p in models.unstack(k).parameters()])
        assert weight_norm(models.params)[k].item() == pytest.approx(flat.norm().item(), rel=1e-6)


def test_init_scale_multiplies_the_norm_by_alpha():
    base = weight_norm(BatchedModels.build(make, seeds=[0, 0]).params)
    scaled = weight_norm(BatchedModels.build(make, seeds=[0, 0], init_scale=[0.5, 8.0]).params)
    np.testing.assert_allclose(scaled.numpy(), base.numpy() * [0.5, 8.0], rtol=1e-6)


def test_projection_hits_the_target_and_skips_free_models():
    models = BatchedModels.build(make, seeds=[0, 1, 2])
    before = weight_norm(models.params)
    project_norm_(models.params, torch.tensor([1.0, float("nan"), 7.5]))
    after = weight_norm(models.params)
    assert after[0].item() == pytest.approx(1.0, rel=1e-6) and after[2].item() == pytest.approx(7.5, rel=1e-6)
    assert after[1].item() == before[1].item()
    with pytest.raises(ValueError, match="target norms"):
        project_norm_(models.params, torch.ones(2))


def test_a_constrained_member_keeps_its_norm_through_training():
    task, _ = teacher_student(d_in=3, d_out=2, width=8, n_train=20, n_test=10)
    _, history = train_family(lambda: relu_mlp([3, 16, 2]), task, [4.0, 4.0], steps=30, lr=1e-2,
                              weight_decay=[0.5, 0.0], constrained=[False, True], log_every=10)
    norms = history.pivot(index="step", columns="model", values="norm")
    assert norms[1].std() / norms[1].mean() < 1e-5  # on the sphere
    assert norms[0].iloc[-1] < norms[0].iloc[0]  # weight decay shrinks the free one
    gaps = grokking_gaps(history, 0.5)
    assert list(gaps.columns[-3:]) == ["train_step", "test_step", "gap"]
    with pytest.raises(ValueError, match="weight_decay"):
        train_family(lambda: relu_mlp([3, 16, 2]), task, [1.0, 2.0], steps=1, lr=1e-2, weight_decay=[0.1])
    with pytest.raises(ValueError, match="unknown loss"):
        train_family(lambda: relu_mlp([3, 16, 2]), task, [1.0], steps=1, lr=1e-2, loss="hinge")


def test_modular_addition_transformers_train_stacked_with_cross_entropy():
    from physai.clockpizza.experiments import addition_split
    from physai.clockpizza.model import ModAddTransformer
    from physai.omnigrok.data import one_hot_task
    split = addition_split(7, 0.5)
    task = one_hot_task(split.x_train, split.y_train, split.x_test, split.y_test, 7)
    assert task.x_train.dtype == torch.int64 and task.y_train.shape == (len(split.x_train), 7)
    _, history = train_family(lambda: ModAddTransformer(7, 8, 2), task, [1.0, 2.0], steps=20, lr=1e-2,
                              loss="cross_entropy", log_every=10)
    assert history.train_acc.notna().all() and history.step.max() == 20


def test_loglog_slope_of_a_power_law():
    g = np.array([0.1, 0.2, 0.4, 0.8])
    assert loglog_slope(g, 3.0 / g) == pytest.approx(-1.0)
    assert np.isnan(loglog_slope([1.0], [2.0]))


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
