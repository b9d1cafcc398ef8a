"""Omnigrok: the norm projection, the init scaling, the teacher-student task and a tiny family run."""
import numpy as np
import pytest
import torch

from physai.batched import BatchedModels
from physai.omnigrok import project_norm_, weight_norm
from physai.omnigrok.data import teacher_student
from physai.fits import loglog_slope
from physai.omnigrok.experiments import grokking_gaps, relu_mlp, train_family


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
    from physai.datasets import one_hot_task
    from physai.modular import ModAddTransformer, addition_split
    split = addition_split(7, 0.5)
    task = one_hot_task(split.x_train, split.y_train, split.x_test, split.y_test, 7)
    assert task.x_train.dtype == torch.int64 and task.y_train.shape == (len(split.x_train), 7)
    _, history = train_family(lambda: ModAddTransformer(7, 8, 2), task, [1.0, 2.0], steps=20, lr=1e-2,
                              loss="cross_entropy", log_every=10)
    assert history.train_acc.notna().all() and history.step.max() == 20


def test_loglog_slope_of_a_power_law():
    g = np.array([0.1, 0.2, 0.4, 0.8])
    assert loglog_slope(g, 3.0 / g)[0] == pytest.approx(-1.0)
    assert np.isnan(loglog_slope([1.0], [2.0])[0])
