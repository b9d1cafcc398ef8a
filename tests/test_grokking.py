"""Grokking effective theory: RQI, Â, ℓ_eff, λ₃, r_c, the batched toy model, phases."""
import numpy as np
import pandas as pd
import pytest
import torch

from physai.batched import BatchedConfig, train_batched
from physai.grokking import rqi
from physai.grokking.experiments import classify_phases, effective_descent_time, per_group
from physai.grokking.model import ToyModels, task_tensors, template_mse
from physai.grokking.representation import (critical_fraction, effective_loss, forces_linear, lambda3,
                                            number_parallelograms, p_linear, predicted_accuracy)
from physai.grokking.task import AdditionTask

task = AdditionTask()
linear = np.arange(10.0)[:, None]
rng = np.random.default_rng(0)


def test_task_sizes():
    assert len(task.pairs) == 55 and task.templates.shape == (19, 30)
    assert len(number_parallelograms(10)) > 0
    assert task.constraint_matrix.shape[1] == 10
    assert np.all(task.constraint_matrix.sum(1) == 0)  # every constraint ignores a shift


def test_rqi_is_one_for_any_arithmetic_progression_and_low_for_noise():
    assert rqi(linear) == 1.0
    assert rqi(-3.7 * linear + 12.0) == 1.0  # invariant under shift and scale
    assert rqi(np.hstack([linear, 2 * linear])) == 1.0
    assert rqi(rng.uniform(-0.5, 0.5, (10, 1))) < 0.3


def test_predicted_accuracy_known_answers():
    train = task.split(30, seed=1)
    test_hat, all_hat = predicted_accuracy(task, linear, train)
    # linear embeddings close every parallelogram: a test sample is predicted correct
    # exactly when some training sample has the same sum
    expected = np.mean([task.sums[s] in set(task.sums[train]) for s in np.flatnonzero(~train)])
    assert test_hat == pytest.approx(expected)
    assert all_hat == pytest.approx((30 + expected * 25) / 55)
    # embeddings that close no parallelogram predict nothing beyond the training set
    generic = np.random.default_rng(5).standard_normal((10, 8))
    assert predicted_accuracy(task, generic, train)[0] == 0.0


def test_forces_linear_limits():
    assert forces_linear(task, np.ones(55, bool))
    one_per_sum = np.zeros(55, bool)
    one_per_sum[[np.flatnonzero(task.sums == s)[0] for s in range(19)]] = True
    assert not forces_linear(task, one_per_sum)  # no parallelogram at all


def test_p_linear_reproduces_the_papers_table():
    """Paper, Sec. 4: P ≈ 0.43 at 22 training samples and ≈ 0.70 at 24."""
    assert p_linear(task, 22, 1500, seed=0) == pytest.approx(0.43, abs=0.05)
    assert p_linear(task, 24, 1500, seed=1) == pytest.approx(0.70, abs=0.05)
    assert p_linear(task, 55, 5) == 1.0 and p_linear(task, 5, 50) == 0.0


def test_critical_fraction_interpolates_the_half_crossing():
    assert critical_fraction(task, [20, 22, 24], [0.2, 0.4, 0.6]) == pytest.approx(23 / 55)
    assert np.isnan(critical_fraction(task, [20, 22], [0.1, 0.2]))


def test_effective_loss_and_lambda3():
    full = np.ones(55, bool)
    assert effective_loss(task, linear, full) == pytest.approx(0.0, abs=1e-12)
    bumpy = linear + 0.3 * rng.standard_normal((10, 1))
    assert effective_loss(task, bumpy, full) > 0
    assert effective_loss(task, 5 * bumpy + 1, full) == pytest.approx(effective_loss(task, bumpy, full))
    assert lambda3(task, full) > 0
    assert lambda3(task, np.zeros(55, bool)) == 0.0
    assert lambda3(task, task.split(45, 0)) <= lambda3(task, full) + 1e-9  # fewer constraints, softer


def test_gradient_descent_on_the_effective_loss_is_faster_for_larger_lambda3():
    full, partial = np.ones(55, bool), task.split(40, 3)
    assert forces_linear(task, partial)
    t_full, t_partial = effective_descent_time(task, full), effective_descent_time(task, partial)
    assert t_full < t_partial
    ratio = (t_partial / t_full) / (lambda3(task, full) / lambda3(task, partial))
    assert 0.5 < ratio < 2  # time ∝ 1/λ₃


def test_vectorised_rqi_in_training_agrees_with_the_reference():
    from physai.grokking.model import accuracy_metrics
    models = ToyModels([0, 1, 2], width=8)
    with torch.no_grad():
        models.params["emb"][1] = torch.arange(10.0)[:, None] * 0.3 - 1  # a perfect progression
    fast = accuracy_metrics(task)["rqi"](models).numpy()
    slow = [rqi(models.params["emb"][k].detach().numpy()) for k in range(3)]
    np.testing.assert_allclose(fast, slow, atol=1e-12)
    assert fast[1] == 1.0


class ReferenceToy(torch.nn.Module):
    """The toy model written plainly, to check the stacked one against."""

    def __init__(self, seed, width=16):
        super().__init__()
        torch.manual_seed(seed)
        self.emb = torch.nn.Parameter(torch.rand(10, 1) - 0.5)
        self.l1, self.l2, self.l3 = (torch.nn.Linear(1, width), torch.nn.Linear(width, width),
                                     torch.nn.Linear(width, 30))

    def forward(self, pairs):
        h = self.emb[pairs[:, 0]] + self.emb[pairs[:, 1]]
        return self.l3(torch.tanh(self.l2(torch.tanh(self.l1(h)))))


def test_stacked_toy_models_train_like_the_plain_model():
    masks = np.stack([task.split(45, 0), task.split(30, 1)])
    models = ToyModels([0, 1], width=16)
    hist = train_batched(models, template_mse, task_tensors(task, masks), BatchedConfig(steps=40, log_every=10),
                         lr=per_group(models, 1e-3, [1e-4, 3e-4]),
                         weight_decay=per_group(models, 0.0, [0.0, 1.0]))
    pairs, targets, _ = task_tensors(task, masks)
    for k, (seed, lr, wd) in enumerate([(0, 1e-4, 0.0), (1, 3e-4, 1.0)]):
        ref = ReferenceToy(seed)
        opt_e = torch.optim.AdamW([ref.emb], lr=1e-3, weight_decay=0.0)
        opt_d = torch.optim.AdamW([p for n, p in ref.named_parameters() if n != "emb"], lr=lr, weight_decay=wd)
        train = torch.as_tensor(masks[k])
        losses = []
        for step in range(40):
            loss = ((ref(pairs[train]) - targets[train]) ** 2).mean()
            losses.append(loss.item())
            opt_e.zero_grad(), opt_d.zero_grad()
            loss.backward()
            opt_e.step(), opt_d.step()
        ours = hist[hist.model == k].set_index("step").loss
        np.testing.assert_allclose(ours.loc[[10, 20, 30, 40]], np.array(losses)[[9, 19, 29, 39]], rtol=1e-4)


def test_phase_classification():
    def run(train_step, test_step):
        steps = np.arange(0, 5001, 100)
        return pd.DataFrame({"step": steps,
                             "train_acc": (steps >= train_step).astype(float) if train_step else 0.0,
                             "test_acc": (steps >= test_step).astype(float) if test_step else 0.0})
    runs = [run(500, 700), run(500, 2500), run(500, None), run(None, None)]
    history = pd.concat([r.assign(model=k) for k, r in enumerate(runs)])
    assert classify_phases(history).tolist() == ["comprehension", "grokking", "memorization", "confusion"]


def test_paper_profile_carries_the_original_settings():
    from physai import profiles
    cfg = profiles.load("01_grokking_effective_theory", "paper")
    assert cfg.showcase_width == cfg.sets_width == cfg.phase_width == 200
    assert len(cfg.phase_lrs) == 10 and cfg.phase_lrs[0] == pytest.approx(1e-5) and cfg.phase_lrs[-1] == pytest.approx(1e-2)
    assert cfg.phase_wds == list(map(float, range(11)))
    assert cfg.sizes == [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 54] and cfg.seeds == [0, 1, 2]
    assert cfg.showcase_steps == 5000 and cfg.sets_steps == cfg.phase_steps == 10_000


def test_transformer_phase_diagram_trains_every_cell_with_its_own_lr_and_decay():
    from physai.grokking import experiments as gx
    lrs, wds = [1e-7, 3e-2], [0.0, 1.0]
    table = gx.phase_diagram(gx.transformer_phase_cells, lrs, wds, lr_name="lr", wd_name="wd", p=7,
                             train_fraction=0.8, width=8, seed=0, steps=40, log_every=20, chunk_size=2)
    phases = gx.phases_grid(table, lrs, wds)
    assert phases.shape == (2, 2) and set(phases.ravel()) <= set(gx.PHASES)
    assert table[["lr", "wd"]].values.tolist() == [[1e-7, 0.0], [1e-7, 1.0], [3e-2, 0.0], [3e-2, 1.0]]
    # a learning rate of 1e-7 leaves the model where it started: it cannot fit the training set
    assert phases[0, 0] == "confusion"


def test_phase_diagram_runs_in_chunks_and_resumes_from_its_cache(tmp_path, monkeypatch):
    """The grid through physai.sweep: chunked or whole, the same phases; a re-run reads the cache."""
    from physai import sweep
    from physai.grokking import experiments as gx

    monkeypatch.setattr(sweep, "REPO_ROOT", tmp_path)
    run = dict(seed=58, steps=40, width=8, log_every=20, device="cpu")
    lrs, wds = [1e-4, 1e-2], [0.0, 5.0]
    whole = gx.phase_diagram(gx.toy_phase_cells, lrs, wds, **run)
    chunked = gx.phase_diagram(gx.toy_phase_cells, lrs, wds, chunk_size=3, cache="grid", **run)
    assert whole.phase.tolist() == chunked.phase.tolist() and len(whole) == 4
    assert gx.phases_grid(whole, lrs, wds).shape == (2, 2)
    assert (whole.dec_lr.tolist(), whole.dec_wd.tolist()) == ([1e-4, 1e-4, 1e-2, 1e-2], [0.0, 5.0, 0.0, 5.0])
    assert len(list((tmp_path / "data" / "cache" / "grid").glob("*.json"))) == 2
    calls = []
    monkeypatch.setattr(gx, "train_batched", lambda *a, **k: calls.append(1))  # a cached grid trains nothing
    again = gx.phase_diagram(gx.toy_phase_cells, lrs, wds, chunk_size=3, cache="grid", **run)
    assert not calls and again.phase.tolist() == chunked.phase.tolist()
    with pytest.raises(ValueError, match="must share"):
        gx.toy_phase_cells([{**run, "dec_lr": 1e-3, "dec_wd": 0.0}, {**run, "steps": 10, "dec_lr": 1e-3, "dec_wd": 0.0}])


# --- issue 21: the audited statistics -------------------------------------------------------

def test_effective_descent_checks_rqi_at_every_step():
    """The inlined 1-D RQI check stops at the first step the reference rqi() reaches 0.95."""
    from physai.grokking.experiments import effective_descent_time
    train = task.split(40, 3)
    steps = effective_descent_time(task, train, seed=1)
    rows = task.constraint_matrix[task.training_parallelograms(train)]
    H = rows.T @ rows
    e = np.random.default_rng(1).uniform(-0.5, 0.5, task.p)
    for step in range(1, int(steps) + 1):
        c = e - e.mean()
        z = c @ c
        e = e - 1e-2 * (2 * H @ c / z - 2 * (c @ H @ c / z) * c / z)
        assert (rqi(e[:, None]) >= 0.95) == (step == steps), step


def test_forced_sets_are_forced_and_counted():
    from physai.grokking.experiments import forced_sets
    sets = forced_sets(task, [20, 30, 45], 12, seed=0)
    assert sets.shape == (12, 55) and all(lambda3(task, m) > 0 for m in sets)
    assert set(sets.sum(1)) <= {20, 30, 45}
    with pytest.raises(ValueError, match="forced sets"):
        forced_sets(task, [5], 1, max_draws=20)  # five samples never force the structure


def test_sandwich_distance_and_its_shuffled_null():
    from physai.grokking.experiments import distance_to_phase, grokking_distances, sandwich_distance, shuffled_null
    C, G, M, X = "comprehension", "grokking", "memorization", "confusion"
    band = np.array([[C, C, X, X], [G, G, X, X], [M, M, X, X]])  # grokking between the two
    assert sandwich_distance(band) == 1.0
    far = np.array([[C, M, X, X], [X, X, X, X], [X, X, X, G]])
    assert sandwich_distance(far) == 3.0
    assert np.isnan(sandwich_distance(np.array([[C, M], [X, X]])))
    assert distance_to_phase(band, M)[0, 3] == 2  # Chebyshev: (0, 3) to (2, 1)
    null = shuffled_null(band, sandwich_distance, n=200, seed=1)
    assert len(null) == 200 and np.all(null >= 1) and np.percentile(null, 5) >= 1
    assert np.array_equal(null, shuffled_null(band, sandwich_distance, n=200, seed=1))
    near_m = np.array([[C, X, G, M]])
    assert grokking_distances(near_m) == [1.0, 2.0]
    assert np.isnan(grokking_distances(np.array([[C, M]]))).all()


def test_ratio_medians_and_generalisation_shares():
    from physai.grokking.experiments import generalisation_shares, ratio_medians
    C, M = "comprehension", "memorization"
    phases = np.array([[C, M], [C, C]])  # phases[i, j]: emb lr i, dec lr j
    assert ratio_medians(phases, [1e-3, 1e-2], [1e-4, 1e-2]) == pytest.approx([-1.0, 1.0])  # C: −1, −2, 0
    shares = generalisation_shares([0.1, 0.95, 1.0, 0.2, 0.99], [0.2, 0.3, 0.5, 0.6, 0.9], r_c=0.4)
    assert shares == pytest.approx([0.5, 2 / 3])


def test_an_accuracy_of_exactly_the_threshold_in_float32_counts():
    # 9 of 10 test samples right is 0.9 in float32 (the history's dtype), 0.89999998 in float64:
    # the share must count it, as the float32 comparison in the run-by-run table does
    from physai.grokking.experiments import generalisation_shares, reaches
    nine_of_ten = np.float32(9) / np.float32(10)
    acc = np.array([nine_of_ten, 0.8, nine_of_ten, 1.0], dtype=np.float32)
    assert reaches(acc).tolist() == [True, False, True, True]
    assert not reaches(np.float32(0.89)).any()
    assert generalisation_shares(acc, [0.2, 0.3, 0.5, 0.6], r_c=0.4) == pytest.approx([0.5, 1.0])
    assert generalisation_shares(pd.Series(acc), pd.Series([0.2, 0.3, 0.5, 0.6]), r_c=0.4) == pytest.approx([0.5, 1.0])


def test_lead_steps():
    from physai.grokking.experiments import lead_steps
    along = pd.DataFrame({"step": [0, 50, 100, 150], "predicted_test": [0.2, 0.95, 1.0, 1.0],
                          "test_acc": [0.0, 0.1, 0.5, 0.92]})
    assert lead_steps(along) == 100
    assert np.isnan(lead_steps(along.assign(test_acc=0.0)))


def test_gradient_descent_on_the_embeddings_is_plain_sgd():
    """emb_sgd_lr: E ← E − lr ∇_E L for the embeddings while AdamW (here lr 0) holds the decoder."""
    from physai.grokking.experiments import train_toy
    train = task.split(30, 0)
    ref = ToyModels([4], p=task.p, width=16, out_dim=task.out_dim)
    template_mse(ref, task_tensors(task, train[None])).sum().backward()
    expected = ref.params["emb"].detach() - 0.5 * ref.params["emb"].grad
    _, _, models = train_toy(task, train[None], [4], steps=1, width=16, dec_lr=0.0, emb_sgd_lr=0.5, log_every=1)
    torch.testing.assert_close(models.params["emb"].detach(), expected)
    assert torch.equal(models.params["W2"].detach(), ref.params["W2"].detach())  # decoder untouched (lr 0)


def test_transition_share_counts_comprehension_memorization_transitions_through_grokking():
    from physai.grokking.experiments import transition_share
    C, G, M, X = "comprehension", "grokking", "memorization", "confusion"
    assert transition_share(np.array([[C, G, M]])) == 1.0  # the one transition goes through G
    assert transition_share(np.array([[C, M, G]])) == 0.0  # C meets M directly; G|M is no transition
    assert transition_share(np.array([[C, C, G, G, M, M]])) == 1.0  # runs, not cells
    assert transition_share(np.array([[C, X, M]])) == 0.0  # separated by confusion: no transition at all
    # rows C G M, columns C C / G G / M M: two rows through G, columns have no C-M transition
    assert transition_share(np.array([[C, G, M], [C, G, M]])) == 1.0
    assert transition_share(np.array([[C, G, M], [C, M, M]])) == 0.5  # row 1 through G, row 2 direct
    from physai.grokking.experiments import transition_counts
    assert transition_counts(np.array([[C, G, M], [C, M, M]])) == (1, 1)


def test_nearness_difference_and_its_rule():
    from physai.grokking.claims import CLAIMS
    from physai.grokking.experiments import nearness_difference
    C, G, M, X = "comprehension", "grokking", "memorization", "confusion"
    assert nearness_difference(np.array([[C, X, G, M]])) == -1.0
    assert np.isnan(nearness_difference(np.array([[C, G, X]])))
    rule = CLAIMS["transformer-grokking-near-memorization"].rule
    assert rule.verdict([1.0, 1.25], -0.75) == "not reproduced"  # round 4's -0.25 vs the null's -0.75
    assert rule.verdict([1.0, 3.0], -0.75) == "reproduced"


def test_phases_from_stored_steps_and_lattice():
    from physai.grokking.experiments import on_lattice, phases_from_steps
    ph = phases_from_steps([[100, 100, 9999, 200]], [[300, 2000, 9999, 9999]], never=9999)
    assert ph.tolist() == [["comprehension", "grokking", "confusion", "memorization"]]
    grid = np.arange(12).reshape(3, 4)
    assert on_lattice(grid, [1, 2, 3], [0.1, 0.2, 0.3, 0.4], [1, 3], [0.2, 0.4]).tolist() == [[1, 3], [9, 11]]
    with pytest.raises(ValueError):
        on_lattice(grid, [1, 2, 3], [0.1, 0.2, 0.3, 0.4], [1.5], [0.2])


def test_goldilocks_statistic_passes_on_the_originals_stored_grids_and_not_on_the_coarse_lattice():
    """The registered statistic's validation (claims.py, phases-goldilocks): the original's own
    stored phase diagrams pass it against their shuffled labels; taken at the standard
    profile's 5 × 11 lattice the same data fail, so that profile cannot decide the row."""
    from physai.grokking import experiments as gx, original as og
    ph6 = gx.phases_from_steps(og.FIG6B_TRAIN, og.FIG6B_TEST, never=og.FIG6B_STEPS - 1)
    assert {p: int((ph6 == p).sum()) for p in gx.PHASES} == {
        "comprehension": 17, "grokking": 16, "memorization": 49, "confusion": 39}
    ph5 = gx.phases_from_steps(og.FIG5B_TRAIN, og.FIG5B_TEST, never=og.FIG5B_STEPS - 1)
    for ph, value in [(ph6, 0.364), (ph5, 0.462)]:
        assert gx.transition_share(ph) == pytest.approx(value, abs=1e-3)
        null = gx.shuffled_null(ph, gx.transition_share, 300, seed=0)
        assert gx.transition_share(ph) > np.percentile(null, 95)
    lattice = gx.on_lattice(ph5, og.FIG5B_LRS, og.FIG5B_WDS, og.FIG5B_LRS[1::2], og.FIG5B_WDS)
    null = gx.shuffled_null(lattice, gx.transition_share, 300, seed=0)
    assert gx.transition_share(lattice) < np.percentile(null, 95)


def test_originals_fig3_counts_are_fractions_of_55():
    from physai.grokking import original as og
    assert sorted(og.FIG3_CORRECT) == [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 54]
    assert all(len(v) == 3 and all(0 <= c <= og.FIG3_SAMPLES for c in v) for v in og.FIG3_CORRECT.values())


def test_formed_first_counts_runs_whose_representation_precedes_generalisation():
    from physai.grokking.experiments import formed_first
    h = pd.DataFrame({"model": [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3], "step": [0, 50, 100] * 4,
                      "rqi": [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1],
                      "test_acc": [0, 0, 0.95, 0, 0.95, 1, 0, 0.95, 1, 0, 0.95, 1]})
    # 0: formed 50, test 100 (first); 1: test 50, formed 100; 2: test, never formed; 3: same step (not first)
    assert formed_first(h) == [1, 4]


def test_original_fig3_runs_use_the_originals_split_and_read_test_accuracy_if_fitted():
    from physai.grokking.experiments import original_fig3_runs
    from physai.grokking.representation import lambda3
    from physai.grokking.task import AdditionTask
    runs = original_fig3_runs()
    assert len(runs) == 33
    row = runs[(runs.n_train == 45) & (runs.seed == 1)].iloc[0]  # 55 of 55 correct
    assert row.accuracy == 1.0 and row.test_if_fitted == 1.0
    task, train = AdditionTask.original(seed=2, n_train=25)
    assert train.sum() == 25 and bool(runs[(runs.n_train == 25) & (runs.seed == 2)].forced.iloc[0]) == (lambda3(task, train) > 0)
    assert not runs[runs.n_train <= 20].forced.any()  # below ~r_c the original's splits are unforced


def test_effective_trajectory_ends_on_an_evenly_spaced_line():
    from physai.grokking.experiments import effective_trajectory
    task, train = AdditionTask.original(seed=58)
    e0 = np.random.default_rng(0).uniform(-0.5, 0.5, task.p)
    steps, path = effective_trajectory(task, train, e0, steps=3000, every=100)
    assert steps[0] == 0 and steps[-1] == 3000 and path.shape == (31, task.p)
    assert np.allclose(path[0], (e0 - e0.mean()) / e0.std(ddof=1))
    gaps = np.diff(np.sort(path[-1]))
    assert gaps.std() < 0.05 * gaps.mean()  # arithmetic progression: equal spacing


def test_ceiling_counts_only_sets_that_can_generalise():
    from physai.grokking.experiments import ceiling_counts
    acc = [1.0, 0.6, 0.95, 0.9, 0.2, 0.5]
    forced = [True, True, True, False, True, True]
    ceiling = [1.0, 0.6, 0.9, 1.0, 1.0, 0.95]
    fraction = [0.8, 0.8, 0.6, 0.6, 0.3, 0.5]
    # set 1: ceiling 0.6 (cannot); set 3: unforced; set 4: below r_c; set 2: 0.9 in float32 counts
    assert ceiling_counts(np.float32(acc), forced, np.float32(ceiling), fraction, r_c=0.4) == [3, 2]
    assert ceiling_counts(acc, [False] * 6, ceiling, fraction, r_c=0.4) == [0, 0]


def test_ceiling_sets_are_split_by_forcing_and_all_reach_the_ceiling():
    from physai.grokking import experiments as gx
    task, _ = AdditionTask.original(seed=58)
    forced, unforced = gx.ceiling_sets(task, [25, 30, 35], [2, 1, 1])
    assert forced.shape == unforced.shape == (4, len(task.pairs))
    assert list(forced.sum(1)) == list(unforced.sum(1)) == [25, 25, 30, 35]  # the same size mix
    assert all(lambda3(task, m) > 0 for m in forced) and all(lambda3(task, m) <= 0 for m in unforced)
    assert all(task.ideal_test_accuracy(m) >= 0.9 for m in np.concatenate([forced, unforced]))
    assert set(np.concatenate([forced, unforced]).sum(1)) <= {25, 30, 35}
