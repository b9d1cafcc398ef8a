"""Omnigrok: the norm projection, the init scaling, the stacked MLP, the data, the family
runs, the zone and delay measures, and the registry's rules on known values."""
import math

import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn.functional as F

from physai.batched import BatchedModels
from physai.omnigrok import project_norm_, weight_norm
from physai.omnigrok.data import diabetes_task, teacher_student
from physai.fits import loglog_slope
from physai.omnigrok.experiments import (catch_up_delay, grokking_gaps, held_nearest, nearest_alpha, norm_ratio_at,
                                         relu_mlp, train_family, zone_edges)
from physai.omnigrok.models import MLPFamily, StackedMLP


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


# ── the natively stacked MLP ────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_stacked_mlp_is_the_vmapped_modules(activation):
    """Same seeds and scales: the same parameters, outputs and norm as physai.batched's vmap path."""
    family = MLPFamily([4, 8, 8, 3], activation)
    stacked = family.build([0, 1, 2], [1.0, 0.5, 8.0])
    reference = BatchedModels.build(family, seeds=[0, 1, 2], init_scale=[1.0, 0.5, 8.0])
    x = torch.randn(5, 4)
    torch.testing.assert_close(stacked(x), reference(x), rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(weight_norm(stacked.params), weight_norm(reference.params))
    torch.testing.assert_close(stacked.unstack(2)(x), reference.unstack(2)(x), rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="activation"):
        MLPFamily([4, 3], "gelu")
    with pytest.raises(ValueError, match="init scale"):
        StackedMLP([4, 3], seeds=[0, 1], init_scale=[1.0])


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_a_stacked_family_trains_like_the_vmapped_one(loss):
    task, _ = teacher_student(d_in=3, d_out=3, width=8, n_train=20, n_test=10)
    if loss == "cross_entropy":  # one-hot targets: the argmax of the teacher's outputs
        task = type(task)(task.x_train, F.one_hot(task.y_train.argmax(-1), 3).float(),
                          task.x_test, F.one_hot(task.y_test.argmax(-1), 3).float())
    runs = [train_family(make, task, [1.0, 4.0], steps=20, lr=1e-2, weight_decay=[0.1, 0.0],
                         constrained=[False, True], loss=loss, log_every=10)[1]
            for make in (MLPFamily([3, 16, 16, 3]), lambda: relu_mlp([3, 16, 16, 3]))]
    cols = ["train_loss", "test_loss", "train_acc", "test_acc", "norm", "norm_ratio"]
    np.testing.assert_allclose(runs[0][cols].to_numpy(), runs[1][cols].to_numpy(), rtol=1e-4, atol=1e-5)


def test_losses_and_accuracy_reduce_over_samples_only():
    """One definition for a model under vmap ((n, C) outputs) and a stacked one ((K, n, C))."""
    from physai.omnigrok.experiments import _accuracy, _loss
    logits, y = torch.randn(2, 6, 4), F.one_hot(torch.tensor([0, 1, 2, 3, 0, 1]), 4).float()
    ce = _loss("cross_entropy")(lambda x: logits, (None, y))
    torch.testing.assert_close(ce, torch.stack([F.cross_entropy(z, y.argmax(-1)) for z in logits]))
    acc = _accuracy(None, y, None)(lambda x: logits)
    torch.testing.assert_close(acc, (logits.argmax(-1) == y.argmax(-1)).float().mean(-1))
    assert _loss("mse")(lambda x: logits[0], (None, y)).ndim == 0


def test_norm_ratio_is_the_norm_in_units_of_the_default_init():
    task, _ = teacher_student(d_in=3, d_out=2, width=8, n_train=20, n_test=10)
    _, history = train_family(MLPFamily([3, 16, 2]), task, [0.5, 4.0], steps=10, lr=1e-2, constrained=True,
                              log_every=5)
    np.testing.assert_allclose(history.norm_ratio, history.alpha, rtol=1e-5)  # held: α for good


# ── data ────────────────────────────────────────────────────────────────────────────────────

def test_diabetes_task_is_standardised_on_its_training_set():
    task = diabetes_task(150, seed=3)
    assert task.x_train.shape == (150, 10) and task.x_test.shape == (292, 10) and task.y_test.shape == (292, 1)
    assert abs(task.y_train.mean().item()) < 1e-5 and task.y_train.std().item() == pytest.approx(1, rel=1e-5)
    np.testing.assert_allclose(task.x_train.std(0).numpy(), 1, rtol=1e-5)
    assert not torch.equal(task.x_train, diabetes_task(150, seed=4).x_train)
    with pytest.raises(ValueError, match="n_train"):
        diabetes_task(442)


# ── measures ────────────────────────────────────────────────────────────────────────────────

def test_zone_edges_interpolate_in_log_alpha():
    alphas, acc = [0.25, 0.5, 1, 2, 4, 8], [0.41, 0.91, 0.96, 0.94, 0.93, 0.31]
    lo, hi = zone_edges(alphas, acc, 0.9)
    assert lo == pytest.approx(0.5 * 0.5 ** (0.01 / 0.50)) and hi == pytest.approx(4 * 2 ** (0.03 / 0.62))
    assert zone_edges(alphas[::-1], acc[::-1], 0.9) == (lo, hi)  # order does not matter
    lo, hi = zone_edges([1, 2, 4], [0.95, 0.93, 0.2], 0.9)
    assert math.isnan(lo) and hi == pytest.approx(2 * 2 ** (0.03 / 0.73))  # open below
    assert all(math.isnan(e) for e in zone_edges([1, 2], [0.5, 0.6], 0.9))  # no sphere generalises


def test_nearest_alpha_on_a_log_scale():
    grid = [0.8, 1.0, 1.3, 1.6]
    assert nearest_alpha(grid, 1.15) == 1.3  # log(1.3/1.15) < log(1.15/1.0)
    assert nearest_alpha(grid, 0.5) == 0.8 and nearest_alpha(grid, 2.5) == 1.6
    assert math.isnan(nearest_alpha(grid, math.nan))


def _history(**columns):
    steps = np.arange(len(next(iter(columns.values())))) * 10
    return pd.DataFrame({"model": 0, "step": steps, **columns})


def test_norm_ratio_at_the_first_step_over_a_threshold():
    h = _history(test_acc=[0.1, 0.5, 0.95, 0.97], norm_ratio=[8.0, 6.0, 4.0, 3.5])
    assert norm_ratio_at(h, "test_acc", 0.9)[0] == 4.0
    assert math.isnan(norm_ratio_at(h, "test_acc", 0.99)[0])


def test_catch_up_delay_counts_from_fitting_to_reaching_the_reference():
    fit = pd.DataFrame({"model": 1, "step": [0, 10, 20, 30, 40], "train_loss": [5, 0.05, 0.01, 0.01, 0.01],
                        "test_loss": [90, 9, 3, 1.05, 0.9]})
    ref = fit.assign(model=0, train_loss=0.0, test_loss=1.0)
    h = pd.concat([ref, fit])
    assert catch_up_delay(h, 1, 0, fit_loss=0.1, tolerance=1.1) == 20  # fitted at 10, within 10 % at 30
    assert math.isnan(catch_up_delay(h, 1, 0, tolerance=0.5))  # never within half the reference
    assert math.isnan(catch_up_delay(h, 1, 0, fit_loss=1e-3))  # never fits
    # against the reference's best: an overfitting reference (its loss rising after 0.5) sets the target 0.55
    over = ref.assign(test_loss=[2.0, 0.5, 0.8, 1.0, 1.2])
    h = pd.concat([over, fit])
    assert catch_up_delay(h, 1, 0, tolerance=1.1) == 20  # same step: 1.05 <= 1.1 x 1.0 at step 30
    assert math.isnan(catch_up_delay(h, 1, 0, tolerance=1.1, best=True))  # never within 1.1 x 0.5
    assert catch_up_delay(h, 1, 0, tolerance=2.0, best=True) == 30  # 0.9 <= 1.0 at step 40


# ── the registry's rules on known values ────────────────────────────────────────────────────

def _verdict(id, ours, control=None):
    from physai.omnigrok.claims import CLAIMS
    return CLAIMS.scorecard("standard").check(id, ours, control=control).verdict


def test_mod_induced_needs_both_runs_to_generalise():
    assert _verdict("mod-induced", {"α=3": 5800.0, "α=1": 450.0}) == "reproduced"
    assert _verdict("mod-induced", {"α=3": math.nan, "α=1": 450.0}) == "not reproduced"  # still memorising
    assert _verdict("mod-induced", {"α=3": 800.0, "α=1": 450.0}) == "not reproduced"


@pytest.mark.parametrize("id, good", [("mod-removed", "reproduced"), ("img-removed", "holds")])
def test_removal_needs_a_delay_to_remove_and_a_held_run_that_generalises(id, good):
    assert _verdict(id, 200.0, control=2000.0) == good
    bad = "not reproduced" if good == "reproduced" else "fails"
    assert _verdict(id, 200.0, control=800.0) == bad  # the free run has no delay
    assert _verdict(id, 600.0, control=2000.0) == bad  # more than a quarter of it left
    assert _verdict(id, math.nan, control=2000.0) == bad  # the held run never generalises
    assert _verdict(id, 200.0, control=math.nan) == bad  # nor the free one


def test_goldilocks_passes_at_the_edge_only_if_the_fitted_norm_lies_outside():
    assert _verdict("img-goldilocks", 0.95, control=1.8) == "reproduced"
    assert _verdict("img-goldilocks", 0.95, control=1.05) == "not reproduced"  # control in the window too
    assert _verdict("img-goldilocks", 0.4, control=1.8) == "not reproduced"  # deep inside the zone
    # half a quarter-octave step (2^(1/8) = 1.09): the free runs' final norms, ~0.78 × the edge, fail
    assert _verdict("img-goldilocks", 0.8, control=1.8) == "not reproduced"
    assert _verdict("img-goldilocks", 1.1, control=1.8) == "not reproduced"


def test_image_l_needs_the_small_sphere_to_stay_high():
    assert _verdict("img-l", {"largest α≥1": 4e-3, "α=0.25 / largest": 19.0}) == "reproduced"
    assert _verdict("img-l", {"largest α≥1": 4e-3, "α=0.25 / largest": 3.0}) == "not reproduced"  # no L
    assert _verdict("img-l", {"largest α≥1": 2e-2, "α=0.25 / largest": 19.0}) == "not reproduced"


def test_an_unfinished_seed_is_a_bound_not_a_failing_median():
    from physai.omnigrok.claims import CLAIMS, check_seeds_bounded, median_bounds
    nan, inf = math.nan, math.inf
    assert median_bounds([1.0, nan, 3.0], [-inf, 2.0, -inf], [inf, 5.0, inf]) == (2.0, 3.0)
    card = lambda: CLAIMS.scorecard("standard")
    # the third seed would generalise below its final norm, 0.8 × the edge: the median stays at 0.95–1.0
    ok = check_seeds_bounded(card(), "img-goldilocks", [0.95, 1.0, nan], [-inf] * 3, [0, 0, 0.8], control=1.8)
    assert ok.verdict == "reproduced" and ok.spread == [0.95, 0.95]
    # two unfinished seeds bounded only above 1.3: the median may be anywhere below 1.3, in or out
    open_ = check_seeds_bounded(card(), "img-goldilocks", [0.95, nan, nan], [-inf] * 3, [0, 1.3, 1.3], control=1.8)
    assert open_.verdict == "not testable here" and "stopped before deciding" in open_.reason
    # img-data: with more data a run that never generalised has a gap of at least what was left: ratio ≥ 2
    slow = check_seeds_bounded(card(), "img-data", [0.6, nan, nan], [-inf, 2.0, 2.0], [inf] * 3)
    assert slow.verdict == "not reproduced"
    # no NaN: the core's check_seeds (median of the values)
    assert check_seeds_bounded(card(), "img-data", [0.2, 0.3, 0.9], [-inf] * 3, [inf] * 3).ours == 0.3


def test_data_size_and_tabular_rows():
    assert _verdict("img-data", 0.3) == "reproduced" and _verdict("img-data", 0.8) == "not reproduced"
    assert _verdict("tab-lu", {"α=8 train": 1e-4, "test α=8 / α=1": 50.0}) == "holds"
    assert _verdict("tab-lu", {"α=8 train": 0.5, "test α=8 / α=1": 50.0}) == "fails"  # does not fit
    assert _verdict("tab-grok", 1200.0, control=1.2) == "holds"
    assert _verdict("tab-grok", math.nan, control=1.2) == "fails"  # a seed never reaches its target
    assert _verdict("tab-grok", 300.0, control=1.2) == "fails"  # no delay
    assert _verdict("tab-grok", 1200.0, control=0.95) == "fails"  # the mean predictor would pass too


def test_held_nearest_scores_the_sphere_nearest_the_free_runs_generalising_norm():
    rows = []
    for model, (alpha, constrained, test, ratio) in enumerate([(1.0, False, [0.1, 0.5, 0.95], [1.0, 1.4, 1.2]),
                                                               (1.0, True, [0.2, 0.95, 0.96], [1.0] * 3),
                                                               (1.3, True, [0.3, 0.92, 0.97], [1.3] * 3)]):
        rows += [{"model": model, "step": 100 * i, "alpha": alpha, "constrained": constrained, "test_acc": t,
                  "norm_ratio": r} for i, (t, r) in enumerate(zip(test, ratio))]
    h = pd.DataFrame(rows)
    gaps = pd.DataFrame({"alpha": [1.0, 1.0, 1.3], "gap": [150.0, 0.0, 50.0]})
    out = held_nearest(h, gaps, 0, [1, 2])
    assert out["free norm at generalisation"] == 1.2 and out["held α"] == 1.3 and out["held model"] == 2
    assert (out["held gap"], out["free gap"]) == (50.0, 150.0)


def test_a_family_trained_in_another_process_is_the_same():
    from functools import partial

    from physai.omnigrok.experiments import train_family_elsewhere
    task, _ = teacher_student(d_in=3, d_out=2, width=8, n_train=20, n_test=10)
    kwargs = dict(steps=20, lr=1e-2, weight_decay=[0.1, 0.0], constrained=[False, True], log_every=10)
    elsewhere = train_family_elsewhere(partial(relu_mlp, [3, 16, 2]), task, [1.0, 4.0], **kwargs)
    here = train_family(partial(relu_mlp, [3, 16, 2]), task, [1.0, 4.0], **kwargs)[1]
    pd.testing.assert_frame_equal(elsewhere.result(timeout=120), here)


def test_families_queued_in_one_second_process_are_the_same():
    from functools import partial

    from physai.omnigrok.experiments import second_process, train_family_elsewhere
    task, _ = teacher_student(d_in=3, d_out=2, width=8, n_train=20, n_test=10)
    kwargs = [dict(steps=20, lr=1e-2, weight_decay=0.1, log_every=10), dict(steps=10, lr=1e-3, log_every=5)]
    pool = second_process()
    futures = [train_family_elsewhere(partial(relu_mlp, [3, 16, 2]), task, [1.0, 4.0], pool=pool, **kw)
               for kw in kwargs]
    pool.shutdown(wait=False)
    for future, kw in zip(futures, kwargs):
        here = train_family(partial(relu_mlp, [3, 16, 2]), task, [1.0, 4.0], **kw)[1]
        pd.testing.assert_frame_equal(future.result(timeout=120), here)


def test_a_free_run_that_never_generalises_leaves_removal_untestable():
    from physai.omnigrok.claims import CLAIMS, check_removal
    for id in ("mod-removed", "img-removed"):
        card = CLAIMS.scorecard("standard")
        claim = check_removal(card, id, 1300.0, math.nan, 5000, reason="held 1.0: 1300")
        assert claim.verdict == "not testable here" and "within its 5000 steps" in claim.reason
        assert "held 1.0: 1300" in claim.reason
        decided = check_removal(CLAIMS.scorecard("standard"), id, math.nan, 2000.0, 5000)
        assert decided.verdict in ("not reproduced", "fails")  # a held run that never generalises still fails
        assert check_removal(CLAIMS.scorecard("standard"), id, 200.0, 2000.0, 5000).verdict in ("reproduced", "holds")


def test_joined_families_renumber_models_and_keep_each_runs_last_row():
    from physai.omnigrok.experiments import final_rows, join_families
    a = pd.DataFrame({"model": [0, 1, 0, 1], "step": [0, 0, 10, 10], "x": [1, 2, 3, 4]})
    b = pd.DataFrame({"model": [0, 0], "step": [0, 5], "x": [5, 6]})
    joined = join_families(a, b)
    assert sorted(joined.model.unique()) == [0, 1, 2]
    last = final_rows(joined)
    assert last.x.to_dict() == {0: 3, 1: 4, 2: 6} and last.step.to_dict() == {0: 10, 1: 10, 2: 5}
