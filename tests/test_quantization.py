"""Quantization model: the theory's laws and the multitask sparse-parity generator."""
import numpy as np
import pytest
import torch

from physai.quantization import MultitaskSparseParity, predicted_exponents, zipf_frequencies
from physai.fits import fit_power_law
from physai.quantization.theory import local_tail_exponent, tail_loss


def test_zipf_frequencies_use_the_papers_alpha():
    p = zipf_frequencies(100, 0.5)
    assert p.sum() == pytest.approx(1) and np.all(np.diff(p) < 0)
    assert p[0] / p[1] == pytest.approx(2 ** 1.5)  # p_k ∝ k^−(α+1)
    with pytest.raises(ValueError, match="α > 0"):
        zipf_frequencies(10, 0.0)


def test_tail_loss_limits_and_its_exponent_is_alpha_for_many_quanta():
    p = zipf_frequencies(10, 0.5)
    assert tail_loss(p, [0, 10]).tolist() == pytest.approx([1.0, 0.0])
    many = zipf_frequencies(2_000_000, 0.5)
    assert local_tail_exponent(many, 10, 1000) == pytest.approx(0.5, abs=0.02)
    # a finite set of quanta cuts the tail off: it falls faster than n^−α near the end
    assert local_tail_exponent(zipf_frequencies(500, 0.5), 3, 32) > 0.5


def test_predicted_exponents():
    e = predicted_exponents(0.5)
    assert e["alpha_N"] == 0.5 and e["alpha_S"] == pytest.approx(1 / 3) and e["alpha_D"] == e["alpha_S"]


def test_power_law_fit_recovers_the_exponent():
    x = np.logspace(1, 4, 12)
    a, r2 = fit_power_law(x, 3.0 * x ** -0.41)
    assert a == pytest.approx(0.41) and r2 == pytest.approx(1.0)
    noisy = 3.0 * x ** -0.41 * np.exp(np.random.default_rng(0).normal(0, 0.05, x.size))
    assert fit_power_law(noisy, noisy)[1] == pytest.approx(1.0)  # y = x: slope −1, perfect fit
    assert fit_power_law(x, noisy)[0] == pytest.approx(0.41, abs=0.03)
    with pytest.raises(ValueError, match="at least 3"):
        fit_power_law([1, 2], [1, 2])


def test_sparse_parity_subsets_are_distinct_and_labels_are_parities():
    data = MultitaskSparseParity(n_tasks=50, n_bits=12, k=3, alpha=0.5, seed=1)
    subsets = {tuple(s) for s in data.subsets.tolist()}
    assert len(subsets) == 50 and all(len(set(s)) == 3 for s in subsets)
    tasks, bits, labels = data.sample(256, torch.Generator().manual_seed(0))
    for t, b, y in zip(tasks.tolist(), bits.tolist(), labels.tolist()):
        assert y == sum(b[i] for i in data.subsets[t].tolist()) % 2
    assert set(bits.unique().tolist()) <= {0, 1} and 0.4 < labels.float().mean() < 0.6


def test_sparse_parity_draws_subtasks_with_zipf_frequencies():
    data = MultitaskSparseParity(n_tasks=20, n_bits=10, k=3, alpha=0.5)
    tasks, _, _ = data.sample(200_000, torch.Generator().manual_seed(0))
    share = torch.bincount(tasks, minlength=20).numpy() / 200_000
    np.testing.assert_allclose(share, data.frequencies, atol=0.005)
    given = torch.tensor([3, 3, 7])
    assert torch.equal(data.sample(3, tasks=given)[0], given)


def test_too_few_subsets_is_a_clear_error():
    with pytest.raises(ValueError, match="distinct 3-bit subsets"):
        MultitaskSparseParity(n_tasks=500, n_bits=12, k=3, alpha=0.5)
    with pytest.raises(ValueError, match="0 < k"):
        MultitaskSparseParity(n_tasks=5, n_bits=4, k=5, alpha=0.5)


# ── the block-diagonal multi-width network ───────────────────────────────────────────────────
from physai.quantization.model import MultiWidthMLP, per_width_loss  # noqa: E402


def _separate(model, j):
    """Width j's block as an ordinary function of (tasks, bits)."""
    start = sum(model.widths[:j])
    cols = slice(start, start + model.widths[j])
    return lambda tasks, bits: (torch.relu(model.control[tasks, cols] + bits.float() @ model.bits[:, cols]
                                           + model.bias[cols]) @ model.readout[cols] + model.readout_bias[j])


def test_every_block_is_its_own_network_in_outputs_and_gradients():
    torch.manual_seed(0)
    data = MultitaskSparseParity(n_tasks=6, n_bits=8, k=3, alpha=0.5)
    model = MultiWidthMLP(6, 8, [3, 5, 2])
    tasks, bits, labels = data.sample(64, torch.Generator().manual_seed(1))
    logits = model(tasks, bits)
    assert logits.shape == (64, 3, 2)
    per_width_loss(logits, labels).sum().backward()
    summed = {n: p.grad.clone() for n, p in model.named_parameters()}
    for j in range(3):
        torch.testing.assert_close(logits[:, j], _separate(model, j)(tasks, bits))
        model.zero_grad()
        torch.nn.functional.cross_entropy(_separate(model, j)(tasks, bits), labels).backward()
        start, stop = sum(model.widths[:j]), sum(model.widths[:j + 1])
        torch.testing.assert_close(model.readout.grad[start:stop], summed["readout"][start:stop])
        torch.testing.assert_close(model.bits.grad[:, start:stop], summed["bits"][:, start:stop])
        torch.testing.assert_close(model.readout_bias.grad[j], summed["readout_bias"][j])
    assert model.parameters_per_width()[0] == (6 + 8 + 1) * 3 + (3 + 1) * 2


# ── training and the learned step ────────────────────────────────────────────────────────────
from physai.quantization.experiments import eval_steps, learned_steps, train_widths  # noqa: E402


def test_learned_step_is_where_the_loss_stays_below_the_threshold():
    steps = np.array([0, 10, 20, 30, 40, 50])
    curves = np.array([[0.7, 0.7, 0.1, 0.1, 0.1, 0.1],    # learned at 20
                       [0.7, 0.1, 0.7, 0.1, 0.1, 0.1],    # dips, comes back, learned at 30
                       [0.7, 0.7, 0.7, 0.7, 0.7, 0.7],    # never
                       [0.7, 0.7, 0.7, 0.7, 0.7, 0.1]])   # only at the very end: not counted
    out = learned_steps(steps, curves)
    assert out[:2].tolist() == [20, 30] and np.isnan(out[2]) and np.isnan(out[3])


def test_eval_steps_cover_early_and_late_training():
    s = eval_steps(10_000, 40)
    assert s[0] == 0 and s[-1] == 10_000 and (s < 100).sum() >= 5 and len(s) <= 40


def test_a_short_run_learns_the_most_frequent_subtask_first():
    data = MultitaskSparseParity(n_tasks=4, n_bits=8, k=2, alpha=1.0, seed=0)
    run = train_widths(data, [64], steps=1500, batch=256, lr=1e-2, n_evals=30, per_task=64)
    assert run.losses.shape == (len(run.steps), 1, 4) and run.mean.shape == (len(run.steps), 1)
    assert run.mean[-1, 0] < run.mean[0, 0]
    learned = learned_steps(run.steps, run.losses[:, 0].T)
    assert np.isfinite(learned[0]) and (np.isnan(learned[-1]) or learned[0] <= learned[-1])


def test_order_of_learning_and_abruptness_known_answers():
    from physai.quantization.experiments import abruptness, order_of_learning
    freqs = zipf_frequencies(6, 0.5)
    learned = 100 / freqs  # a fixed number of samples per subtask: slope −1, perfect order
    learned[-1] = np.nan
    rho, slope, n = order_of_learning(learned, freqs)
    assert rho == pytest.approx(-1) and slope == pytest.approx(-1) and n == 5
    steps = np.linspace(0, 1000, 101)
    step_drop = np.where(steps < 500, 0.7, 0.0)
    gradual = 0.7 * (1 - steps / 1000)
    share = abruptness(steps, np.stack([step_drop, gradual]), np.array([500.0, 500.0]))
    assert share[0] == pytest.approx(1.0) and share[1] == pytest.approx(0.1, abs=1e-9)


def test_qdg_recovers_planted_clusters_and_per_sample_gradients_match_autograd():
    from sklearn.metrics import adjusted_rand_score

    from physai.quantization.experiments import qdg_clusters, sample_gradients
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 40))
    truth = np.repeat(np.arange(3), 20)
    signs = rng.choice([-1.0, 1.0], size=(60, 1))  # the label flips the gradient's sign
    grads = signs * (centres[truth] + 0.1 * rng.normal(size=(60, 40)))
    assert adjusted_rand_score(truth, qdg_clusters(grads, 3, kind="abs")) == pytest.approx(1.0)

    torch.manual_seed(0)
    data = MultitaskSparseParity(n_tasks=5, n_bits=8, k=3, alpha=0.5)
    model = MultiWidthMLP(5, 8, [4, 6])
    tasks, bits, labels = data.sample(3, torch.Generator().manual_seed(2))
    rows = sample_gradients(model, 1, tasks, bits, labels)
    model.zero_grad()
    per_width_loss(model(tasks[:1], bits[:1]), labels[:1])[1].backward()
    np.testing.assert_allclose(rows[0, :8 * 6], model.bits.grad[:, 4:10].reshape(-1).numpy(), rtol=1e-5, atol=1e-7)


# ── scaling fits, QDG plumbing, the Pythia loader ────────────────────────────────────────────
def test_step_scaling_fit_recovers_the_exponent_inside_its_window():
    from physai.quantization.experiments import fit_step_scaling, half_drop_step, step_fit_window
    steps = np.unique(np.geomspace(1, 10_000, 60).astype(int))
    # a power law while quanta are being learned (100…3000), flat afterwards (capacity)
    mean = np.where(steps < 3000, 2.0 * steps ** -0.37, 2.0 * 3000 ** -0.37)
    learned = np.array([50, 80, 100, 400, 1200, 3000, np.nan])
    assert step_fit_window(learned) == (100, 3000)
    alpha_s, r2, window = fit_step_scaling(steps, mean, learned)
    assert alpha_s == pytest.approx(0.37) and r2 == pytest.approx(1.0) and window == (100, 3000)
    assert fit_power_law(steps, mean)[0] < 0.36  # fitting the flat end too biases it low
    assert np.isnan(fit_step_scaling(steps, mean, np.array([10, 20, np.nan]))[0])
    with pytest.raises(ValueError, match="only 2 subtasks learned"):
        step_fit_window(np.array([10, 20, np.nan]))
    assert half_drop_step(np.array([0, 1, 2, 3]), np.array([1.0, 0.9, 0.4, 0.0])) == 2


def test_finite_size_exponents_tend_to_the_asymptotic_ones():
    from physai.quantization.theory import finite_size_exponents
    many = finite_size_exponents(zipf_frequencies(2_000_000, 0.5), 0.5, 10, 1000)
    assert many["alpha_N"] == pytest.approx(0.5, abs=0.02) and many["alpha_S"] == pytest.approx(1 / 3, abs=0.02)
    few = finite_size_exponents(zipf_frequencies(500, 0.5), 0.5, 3, 32)
    assert few["alpha_N"] > 0.5 and few["alpha_S"] == pytest.approx(few["alpha_N"] / 1.5)
    assert np.isnan(finite_size_exponents(zipf_frequencies(500, 0.5), 0.5, 3, 4)["alpha_N"])


def test_gradient_similarity_affinities():
    from physai.quantization.experiments import gradient_similarity
    g = np.array([[1.0, 0.0], [-2.0, 0.0], [0.0, 3.0]])
    np.testing.assert_allclose(gradient_similarity(g, "abs"), [[1, 1, 0], [1, 1, 0], [0, 0, 1]], atol=1e-12)
    np.testing.assert_allclose(gradient_similarity(g, "signed"), [[1, 0, 0.5], [0, 1, 0.5], [0.5, 0.5, 1]], atol=1e-12)
    # the paper's 1 − arccos(C)/π: parallel 1, opposite 0, orthogonal 1/2, 60° apart 2/3
    np.testing.assert_allclose(gradient_similarity(g, "angular"), [[1, 0, 0.5], [0, 1, 0.5], [0.5, 0.5, 1]],
                               atol=1e-7)
    sixty = np.array([[1.0, 0.0], [0.5, np.sqrt(3) / 2]])
    assert gradient_similarity(sixty, "angular")[0, 1] == pytest.approx(2 / 3)
    # the original's second affinity: cosine of the element-wise |g|
    h = np.array([[1.0, -1.0], [1.0, 1.0], [1.0, 0.0]])
    np.testing.assert_allclose(gradient_similarity(h, "abs-grad")[0], [1, 1, np.sqrt(0.5)], atol=1e-12)
    with pytest.raises(ValueError, match="unknown affinity"):
        gradient_similarity(g, "cosine")


def test_the_papers_affinity_splits_a_subtask_by_label_when_gradients_flip_sign():
    from sklearn.metrics import adjusted_rand_score

    from physai.quantization.experiments import qdg_clusters
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(3, 40))
    truth = np.repeat(np.arange(3), 20)
    signs = np.tile(np.repeat([1.0, -1.0], 10), 3)[:, None]  # half of each subtask has the other label
    grads = signs * (centres[truth] + 0.1 * rng.normal(size=(60, 40)))
    assert adjusted_rand_score(truth, qdg_clusters(grads, 3, kind="abs")) == pytest.approx(1.0)
    assert adjusted_rand_score(truth, qdg_clusters(grads, 3, kind="angular")) < 0.8
    same_sign = np.abs(signs) * (centres[truth] + 0.1 * rng.normal(size=(60, 40)))
    assert adjusted_rand_score(truth, qdg_clusters(same_sign, 3, kind="angular")) == pytest.approx(1.0)


def test_solved_samples_picks_only_solved_samples_of_the_asked_subtasks():
    from physai.quantization.experiments import solved_samples
    torch.manual_seed(0)
    data = MultitaskSparseParity(n_tasks=5, n_bits=8, k=3, alpha=0.5)
    model = MultiWidthMLP(5, 8, [4, 6])
    tasks, bits, labels = solved_samples(model, 1, data, [0, 3], per_task=7, max_loss=10.0)
    assert tasks.tolist() == [0] * 7 + [3] * 7 and torch.equal(labels, data.labels(tasks, bits))
    with pytest.raises(ValueError, match="pick learned subtasks"):  # an untrained net solves nothing
        solved_samples(model, 1, data, [0], per_task=5, max_loss=0.01)
    with pytest.raises(ValueError, match="no subtasks"):  # a run that learned nothing (the capped paper path)
        solved_samples(model, 1, data, [], per_task=5)


def test_pythia_loader_on_a_tiny_generated_file(tmp_path):
    from physai.quantization.pythia import load_token_losses, token_scaling
    params = np.array([4e8, 7e7, 1.6e8, 1e9])
    rng = np.random.default_rng(0)
    base = rng.uniform(1, 5, 50)
    losses = base * (params[:, None] / 7e7) ** -0.083
    np.savez(tmp_path / "pythia.npz", parameters=params, losses=losses)
    n, l = load_token_losses(tmp_path / "pythia.npz")
    assert n.tolist() == sorted(params.tolist()) and np.allclose(l[0], base)
    out = token_scaling(n, l)
    assert out["alpha_N"] == pytest.approx(0.083) and out["tokens_halved"] == 0.0
    np.savez(tmp_path / "bad.npz", parameters=params)
    with pytest.raises(ValueError, match="lacks \\['losses'\\]"):
        load_token_losses(tmp_path / "bad.npz")
    np.savez(tmp_path / "shape.npz", parameters=params, losses=losses[:2])
    with pytest.raises(ValueError, match="n_models = 4"):
        load_token_losses(tmp_path / "shape.npz")
    with pytest.raises(FileNotFoundError, match="PHYSAI_PYTHIA_LOSSES"):
        load_token_losses(tmp_path / "missing.npz")


def test_abruptness_on_a_log_window_is_scale_free():
    from physai.quantization.experiments import abruptness
    steps = np.geomspace(1, 1e4, 81)
    sigmoid = lambda at: 0.7 / (1 + (steps / at) ** 8)  # noqa: E731 — the same drop, early or late
    early, late = abruptness(steps, np.stack([sigmoid(30.0), sigmoid(3000.0)]), np.array([30.0, 3000.0]), factor=1.5)
    assert early == pytest.approx(late, abs=0.02) and early > 0.5
    power_law = 0.7 * steps ** -0.4  # a smooth mean: spread over decades
    assert abruptness(steps, power_law[None], np.array([100.0]), factor=1.5)[0] < 0.2


# ── issue 21: stacked data-size runs, plateaus, emergence against width, the registry's rules ──
from physai.quantization import scaling  # noqa: E402
from physai.quantization.model import StackedParityMLP, stacked_loss  # noqa: E402


def test_stacked_models_are_separate_networks_on_their_own_inputs():
    data = MultitaskSparseParity(n_tasks=6, n_bits=8, k=3, alpha=0.5)
    stacked = StackedParityMLP(6, 8, 5, seeds=[3, 4])
    g = torch.Generator().manual_seed(0)
    batches = [data.sample(7, g) for _ in range(2)]
    tasks, bits, labels = (torch.stack([b[j] for b in batches]) for j in range(3))
    logits = stacked(tasks, bits)
    for k, seed in enumerate([3, 4]):  # model k = MultiWidthMLP([5]) seeded with seeds[k], on row k
        torch.manual_seed(seed)
        one = MultiWidthMLP(6, 8, [5])
        torch.testing.assert_close(logits[k], one(tasks[k], bits[k])[:, 0])
        torch.testing.assert_close(stacked_loss(stacked, (tasks, bits, labels))[k],
                                   per_width_loss(one(tasks[k], bits[k]), labels[k])[0])
    stacked_loss(stacked, (tasks, bits, labels))[0].backward()  # model 0's loss moves model 0 only
    assert stacked.params["bits"].grad[0].abs().sum() > 0 and stacked.params["bits"].grad[1].abs().sum() == 0


def test_plateaued_widths_and_the_parameter_fit():
    steps = np.linspace(0, 1000, 41)
    s = np.maximum(steps, 1)
    flat = np.full_like(s, 0.3)
    on_step_law = 2.0 * s ** -0.37  # falls 10 % over the last quarter
    slow = 0.5 * s ** -0.1  # falls ~3 %: counted as plateaued
    assert scaling.plateaued(steps, np.stack([flat, on_step_law, slow], 1)).tolist() == [True, False, True]
    n = np.array([1e3, 2e3, 4e3, 8e3, 16e3])
    freqs = zipf_frequencies(500, 0.5)
    out = scaling.parameter_scaling(n, 3 * n ** -0.5, [2, 4, 8, 16, 30], np.array([1, 1, 1, 1, 0], bool), 0.5, freqs)
    assert out["fitted"] == pytest.approx(0.5) and out["widths used"] == 4
    from physai.quantization.theory import local_tail_exponent
    assert out["finite-size prediction"] == pytest.approx(local_tail_exponent(freqs, 2, 16))
    assert np.isnan(scaling.parameter_scaling(n, n ** -0.5, [1] * 5, np.array([1, 1, 0, 0, 0], bool), 0.5,
                                              freqs)["fitted"])


def test_emergence_against_width_known_answers():
    assert scaling.largest_step_share(np.array([0.7, 0.7, 0.0, 0.0])) == pytest.approx(1.0)
    assert scaling.largest_step_share(np.array([0.8, 0.6, 0.4, 0.2, 0.0])) == pytest.approx(0.25)
    assert np.isnan(scaling.largest_step_share(np.array([0.1, 0.2])))
    final = np.array([[0.70, 0.70, 0.05, 0.70],   # narrowest: subtask 2 already learned
                      [0.69, 0.70, 0.04, 0.70],
                      [0.02, 0.40, 0.03, 0.70],
                      [0.01, 0.01, 0.02, 0.69]])  # widest: subtasks 0-2 learned, 3 not
    emerging, share = scaling.width_emergence(final)
    assert emerging.tolist() == [0, 1] and share[0] == pytest.approx(0.67 / 0.69) and share[1] == pytest.approx(
        0.39 / 0.69)


def test_data_scaling_run_and_fit():
    data = MultitaskSparseParity(n_tasks=4, n_bits=8, k=2, alpha=1.0, seed=0)
    run = scaling.train_data_sizes(data, [64, 2048], 32, steps=300, batch=64, lr=1e-2, eval_every=50, per_task=32)
    assert run.steps.tolist() == [0, 50, 100, 150, 200, 250, 300] and run.mean.shape == (7, 2)
    assert np.allclose(run.best, run.mean.min(0)) and run.losses_at_best.shape == (2, 4)
    assert run.best[1] < run.best[0]  # more data, lower early-stopped loss
    freqs = zipf_frequencies(500, 0.5)
    fake = scaling.DataRun([1000, 10_000, 100_000], np.array([0]), np.zeros((1, 3)),
                           2 * np.array([1e3, 1e4, 1e5]) ** -0.3, np.zeros(3), np.where(
                               np.arange(500)[None, :] < np.array([[3], [10], [30]]), 0.0, 0.7))
    out = scaling.data_scaling(fake, 0.5, freqs)
    from physai.quantization.theory import local_tail_exponent
    assert out["fitted"] == pytest.approx(0.3) and out["learned"] == [3, 10, 30]
    assert out["finite-size prediction"] == pytest.approx(local_tail_exponent(freqs, 3, 30) / 1.5)


def test_runs_elsewhere_give_the_same_numbers():
    from physai.quantization.experiments import elsewhere, train_emergence
    data = MultitaskSparseParity(n_tasks=4, n_bits=8, k=2, alpha=1.0, seed=0)
    kwargs = dict(data=data, width=16, steps=60, batch=32, lr=1e-2, n_evals=6, per_task=8)
    (future,) = elsewhere((train_emergence, kwargs))
    there, here = future.result(timeout=120), train_emergence(**kwargs)
    assert there.model is None and np.array_equal(there.steps, here.steps)
    np.testing.assert_allclose(there.losses, here.losses, rtol=1e-5, atol=1e-6)


def test_registered_rules_can_pass_and_fail():
    from physai.quantization.claims import CLAIMS
    emergence = CLAIMS["emergence"].rule
    assert emergence.verdict(0.6, 0.2) == "reproduced"
    assert emergence.verdict(0.6, 0.35) == "not reproduced"  # not twice the mean's
    assert emergence.verdict(0.45, 0.1) == "not reproduced"  # not concentrated
    assert CLAIMS["emergence-N"].rule.verdict(float("nan"), 0.3) == "not reproduced"  # too few subtasks
    for id in ("alpha-N", "alpha-S", "alpha-D"):
        rule = CLAIMS[id].rule
        assert rule.verdict({"fitted": 0.55, "finite-size prediction": 0.5}) == "reproduced"
        # the other law's prediction (a factor α + 1 = 1.5 away) falls outside, both ways
        assert rule.verdict({"fitted": 0.5 / 1.5, "finite-size prediction": 0.5}) == "not reproduced"
        assert rule.verdict({"fitted": 0.5 * 1.5, "finite-size prediction": 0.5}) == "not reproduced"
        assert rule.verdict({"fitted": float("nan"), "finite-size prediction": 0.5}) == "not reproduced"


def test_figures_survive_a_run_that_learned_nothing():
    import matplotlib.pyplot as plt

    from physai.quantization import plots
    fig = plots.plot_order(np.full(5, np.nan), zipf_frequencies(5, 0.5), float("nan"))
    fig.canvas.draw()  # the log locator used to raise on an empty log axis here
    plt.close(fig)


# ── issue 21, second round: clipped shares, two-sided windows, plateaued ladders, time control, seeds ──
def test_abruptness_is_clipped_and_needs_a_two_sided_window():
    from physai.quantization.experiments import abruptness
    steps = np.linspace(0, 1000, 101)
    overshoot = np.where(steps < 500, 0.7, 0.0)
    overshoot[45:50] = 1.5  # rises above its first loss just before the drop, inside the window
    late = np.where(steps < 900, 0.7, 0.0)
    share = abruptness(steps, np.stack([overshoot, late, late]), np.array([500.0, 900.0, 900.0]), factor=1.5)
    assert share[0] == 1.0  # unclipped: (1.5 − 0) / 0.7 ≈ 2.1
    assert np.isnan(share[1])  # 900 · 1.5 is past the run: a one-sided window is not scored
    assert np.isnan(abruptness(steps, late[None], np.array([960.0]))[0])  # ±5 % window past the end too
    assert abruptness(steps, late[None], np.array([900.0]))[0] == pytest.approx(1.0)  # [850, 950] inside
    dip = np.where(steps < 500, 0.7, 0.2)
    dip[50:53] = -0.5  # dips below its last loss inside the window: at most 1
    assert 0 <= abruptness(steps, dip[None], np.array([520.0]), factor=1.05)[0] <= 1


def test_plateau_ladder_takes_consecutive_plateaued_doublings_from_the_narrowest():
    widths = [8, 16, 32, 64, 128]
    assert scaling.plateau_ladder(widths, np.array([1, 1, 0, 1, 1], bool)).tolist() == [0, 1]
    assert scaling.plateau_ladder(widths, np.array([1, 1, 1, 1, 0], bool)).tolist() == [0, 1, 2, 3]
    assert scaling.plateau_ladder(widths, np.array([0, 1, 1, 1, 1], bool)).tolist() == []
    assert scaling.plateau_ladder([8, 16, 48], np.ones(3, bool)).tolist() == [0, 1]  # 48 is not a doubling


def test_time_emergence_reads_the_curves_at_doublings_of_steps():
    steps = np.arange(0, 1601, 25)
    sharp = np.where(steps < 300, 0.7, 0.0)  # drops between 200 and 400: one doubling
    slow = np.interp(np.log2(np.maximum(steps, 1)), [np.log2(100), np.log2(1600)], [0.7, 0.0])  # linear in log S
    never = np.full(len(steps), 0.7)
    early = np.zeros(len(steps))  # already learned at the first point: not emerging
    emerging, share, at = scaling.time_emergence(steps, np.stack([sharp, slow, never, early], 1), 5)
    assert at.tolist() == [100, 200, 400, 800, 1600]
    assert emerging.tolist() == [0, 1]
    assert share[0] == pytest.approx(1.0) and share[1] == pytest.approx(0.25)


def test_data_sizes_with_seeds_stack_separate_replicas():
    data = MultitaskSparseParity(n_tasks=4, n_bits=8, k=2, alpha=1.0, seed=0)
    kw = dict(steps=60, batch=32, lr=1e-2, eval_every=20, per_task=16)
    both = scaling.train_data_sizes(data, [64, 256], 16, seeds=[0, 5], **kw)
    assert both.mean.shape == (4, 4) and both.seeds == (0, 5)
    one = both.replica(1)
    assert one.sizes == [64, 256] and one.seeds == (5,) and one.mean.shape == (4, 2)
    np.testing.assert_array_equal(one.best, both.best[2:])
    # replica r starts from seed r's initialisation: its first evaluation equals a one-seed run's
    alone = scaling.train_data_sizes(data, [64, 256], 16, seeds=[5], **kw)
    np.testing.assert_allclose(one.mean[0], alone.mean[0], rtol=1e-6)
    assert not np.allclose(both.replica(0).mean[0], one.mean[0])


# ── issue 21, third round: fitted last-quarter drop, bootstrap interval of the order slope, registry rules ──

def test_quarter_drop_fits_a_line_and_ignores_one_noisy_evaluation():
    steps = np.linspace(0, 1000, 41)
    flat = np.full(len(steps), 0.3)
    falling = np.interp(steps, [0, 750, 1000], [1.0, 0.5, 0.4])  # 20 % across the last quarter
    np.testing.assert_allclose(scaling.quarter_drop(steps, np.stack([flat, falling], 1)), [0.0, 0.2], atol=1e-9)
    spiky = flat.copy()
    spiky[30] = 0.36  # one bad evaluation at the quarter's start: a two-point test would read a 17 % drop
    assert 0 < scaling.quarter_drop(steps, spiky[:, None])[0] < 0.1  # about half of it
    spiky = flat.copy()
    spiky[35] = 0.36  # inside the quarter: the line barely moves
    assert abs(scaling.quarter_drop(steps, spiky[:, None])[0]) < 0.01
    assert scaling.plateaued(steps, spiky[:, None]).tolist() == [True]
    rising = np.interp(steps, [0, 750, 1000], [0.3, 0.3, 0.4])  # a rising loss is not still learning
    assert scaling.quarter_drop(steps, rising[:, None])[0] < 0
    too_short = scaling.quarter_drop(np.array([0.0, 10.0]), np.ones((2, 2)))  # one evaluation in the quarter
    assert np.isnan(too_short).all() and too_short.shape == (2,)
    assert scaling.plateaued(np.array([0.0, 10.0]), np.ones((2, 2))).tolist() == [False, False]


def test_slope_interval_brackets_the_slope_and_narrows_with_more_subtasks():
    from physai.quantization import experiments as qx
    rng = np.random.default_rng(1)
    freqs = zipf_frequencies(400, 0.5)
    noisy = 10.0 / freqs * np.exp(rng.normal(0, 0.3, len(freqs)))  # step ∝ 1/p with scatter
    few, many = np.full(len(freqs), np.nan), noisy.copy()
    few[:20] = noisy[:20]
    lo_f, hi_f = qx.slope_interval(few, freqs)
    lo_m, hi_m = qx.slope_interval(many, freqs)
    assert lo_m < -1 < hi_m and lo_m < qx.order_of_learning(many, freqs)[1] < hi_m
    assert hi_m - lo_m < hi_f - lo_f
    assert qx.slope_interval(few, freqs) == (lo_f, hi_f)  # fixed generator: the same every run
    assert all(np.isnan(qx.slope_interval(np.full(len(freqs), np.nan), freqs)))
    exact = 10.0 / freqs
    assert qx.slope_interval(exact, freqs) == pytest.approx((-1.0, -1.0))


def test_order_slope_rules_read_the_interval():
    from physai.quantization.claims import CLAIMS
    paper, ours = CLAIMS["order-slope"].rule, CLAIMS["order-slope-steep"].rule
    assert paper.verdict({"slope": -0.81, "90% interval": [-0.9, -0.72]}) == "reproduced"
    assert paper.verdict({"slope": -0.85, "90% interval": [-1.0, -0.7]}) == "partly"
    assert paper.verdict({"slope": -1.0, "90% interval": [-1.1, -0.9]}) == "not reproduced"
    assert paper.verdict({"slope": -0.67, "90% interval": [-0.75, -0.6]}) == "not reproduced"  # the rival
    assert ours.verdict({"slope": -1.0, "90% interval": [-1.1, -0.9]}) == "reproduced"
    assert ours.verdict({"slope": -0.9, "90% interval": [-1.0, -0.8]}) == "not reproduced"  # straddles −0.83


from physai.quantization import experiments as qx  # noqa: E402


def test_narrower_copy_trains_like_the_prefix_of_the_wide_model():
    from physai.quantization.model import per_width_loss
    data = MultitaskSparseParity(n_tasks=6, n_bits=8, k=2, alpha=1.0, seed=0)
    run = qx.train_widths(data, [4, 8, 16], steps=30, batch=32, lr=1e-2, n_evals=4, per_task=8)
    part, opt = qx.narrower_copy(run.model, run.optimizer, 2, lr=1e-2)
    assert part.widths == [4, 8] and part.control.shape == (6, 12)
    batch = data.sample(32, torch.Generator().manual_seed(7))
    torch.testing.assert_close(part(*batch[:2]), run.model(*batch[:2])[:, :2], rtol=1e-5, atol=1e-6)
    for model, o in ((run.model, run.optimizer), (part, opt)):  # one more step of each on the same batch
        o.zero_grad()
        per_width_loss(model(*batch[:2]), batch[2]).sum().backward()
        o.step()
    torch.testing.assert_close(part.bits, run.model.bits[:, :12], rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(part.readout_bias, run.model.readout_bias[:2], rtol=1e-5, atol=1e-6)
    fresh = qx.narrower_copy(run.model, torch.optim.AdamW(run.model.parameters()), 2, lr=1e-2)[1]
    assert not fresh.state  # no state to carry: a fresh AdamW


def test_continue_widths_starts_where_the_run_ends_and_joins():
    data = MultitaskSparseParity(n_tasks=6, n_bits=8, k=2, alpha=1.0, seed=0)
    run = qx.train_widths(data, [4, 8, 16], steps=40, batch=32, lr=1e-2, n_evals=5, per_task=8)
    more = qx.continue_widths(data, run, 2, steps=30, batch=32, lr=1e-2, every=10, per_task=8)
    assert more.steps.tolist() == [40, 50, 60, 70] and more.losses.shape == (4, 2, 6)
    np.testing.assert_allclose(more.losses[0], run.losses[-1, :2], rtol=1e-5, atol=1e-6)
    both = qx.joined(run, more)
    assert both.steps.tolist() == run.steps.tolist() + [50, 60, 70] and both.widths == [4, 8]
    assert both.mean.shape == (len(run.steps) + 3, 2)
    np.testing.assert_allclose(both.mean[-1], more.mean[-1])


def test_data_scaling_fits_from_the_first_set_with_a_quantum():
    freqs = zipf_frequencies(500, 0.5)
    sizes, learned = [300, 1000, 10_000, 100_000], [0, 3, 10, 30]
    losses = np.where(np.arange(500)[None, :] < np.array(learned)[:, None], 0.0, 0.7)
    best = np.array([0.69, *(2 * np.array([1e3, 1e4, 1e5]) ** -0.3)])
    fake = scaling.DataRun(sizes, np.array([0]), np.zeros((1, 4)), best, np.zeros(4), losses)
    from physai.quantization.theory import local_tail_exponent
    out = scaling.data_scaling(fake, 0.5, freqs, min_learned=1, min_sets=3)
    assert out["sets used"] == [1000, 10_000, 100_000] and out["fitted"] == pytest.approx(0.3)
    assert out["finite-size prediction"] == pytest.approx(local_tail_exponent(freqs, 3, 30) / 1.5)
    assert np.isnan(scaling.data_scaling(fake, 0.5, freqs, min_learned=4, min_sets=3)["fitted"])  # 2 sets left
    assert scaling.data_scaling(fake, 0.5, freqs)["sets used"] == sizes  # the old fit: every set


def test_smooth_excess_is_zero_for_a_power_law_and_one_for_a_step_at_any_ladder_length():
    for m in (4, 5, 6):
        n = 1000.0 * 2.0 ** np.arange(m)
        mean = n ** -0.5
        out = scaling.smooth_excess(n, np.array([1.0, scaling.largest_step_share(mean)]), mean)
        assert out["exponent"] == pytest.approx(0.5)
        r = 2 ** -0.5
        assert out["s0"] == pytest.approx((1 - r) / (1 - r ** (m - 1)))  # the referee's 0.45 / 0.39 / 0.36
        assert out["excess"] == pytest.approx([1.0, 0.0], abs=1e-9) and out["mean excess"] == pytest.approx(0.0, abs=1e-9)
    final = np.array([[0.7, 0.7], [0.69, 0.5], [0.0, 0.3], [0.0, 0.0]])
    lad = scaling.ladder_emergence(1000.0 * 2.0 ** np.arange(4), final, np.array([0.4, 0.3, 0.2, 0.15]))
    assert lad["subtasks"] == 2 and lad["median"] == pytest.approx((0.69 / 0.7 + 0.3 / 0.7) / 2)
    assert lad["median_excess"] == pytest.approx((lad["median"] - lad["s0"]) / (1 - lad["s0"]))
    rule = __import__("physai.quantization.claims", fromlist=["CLAIMS"]).CLAIMS["emergence-N"].rule
    assert rule.verdict(0.6, 0.1) == "reproduced" and rule.verdict(0.42, 0.0) == "not reproduced"
