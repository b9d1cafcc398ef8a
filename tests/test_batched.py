import math

import numpy as np
import pytest
import torch

from physai.batched import BatchedConfig, BatchedModels, train_batched
from physai.train import TrainConfig, train


def make_mlp():
    return torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))


def mse(model, batch):
    x, y = batch
    return ((model(x) - y) ** 2).mean()


@pytest.fixture
def data():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(64, 3, generator=g)
    return x, torch.sin(x.sum(1, keepdim=True))


@pytest.mark.parametrize("kind", ["adamw", "adam", "sgd"])
def test_batched_models_match_separate_runs(data, kind):
    K, steps = 5, 60
    lrs = [1e-3, 3e-3, 1e-2, 2e-3, 5e-3]
    wds = [0.0, 0.1, 0.01, 0.5, 0.0]
    scales = [1.0, 0.5, 2.0, 1.0, 1.5]
    models = BatchedModels.build(make_mlp, seeds=range(K), init_scale=scales)
    hist = train_batched(models, mse, data, BatchedConfig(steps=steps, optimizer=kind, log_every=20),
                         lr=lrs, weight_decay=wds)
    for k in range(K):
        torch.manual_seed(k)
        single = make_mlp()
        with torch.no_grad():
            for p in single.parameters():
                p.mul_(scales[k])
        ref = train(single, mse, data, TrainConfig(steps=steps, lr=lrs[k], weight_decay=wds[k],
                                                   optimizer=kind, log_every=20))
        ours = hist[hist.model == k].loss.to_numpy()
        np.testing.assert_allclose(ours, ref.loss.to_numpy(), rtol=1e-5, atol=1e-7)
        for (name, p), q in zip(models.unstack(k).named_parameters(), single.parameters()):
            torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


def test_one_model_skips_vmap_and_gets_the_stacked_numbers(data):
    """K = 1 runs the model directly (no vmap overhead); the numbers are model 0's of a stack."""
    one = BatchedModels.build(make_mlp, seeds=[0])
    two = BatchedModels.build(make_mlp, seeds=[0, 1])
    h1 = train_batched(one, mse, data, BatchedConfig(steps=20, log_every=10))
    h2 = train_batched(two, mse, data, BatchedConfig(steps=20, log_every=10))
    np.testing.assert_allclose(h1.loss.to_numpy(), h2[h2.model == 0].loss.to_numpy(), rtol=1e-6)
    assert one(data[0]).shape == (1, 64, 1)


def test_a_diverging_model_is_recorded_and_the_others_go_on(data):
    models = BatchedModels.build(make_mlp, seeds=[0, 1, 2])
    hist = train_batched(models, mse, data, BatchedConfig(steps=100, optimizer="sgd", log_every=10),
                         lr=[1e-2, 1e3, 1e-2])
    last = hist[hist.step == hist.step.max()].set_index("model").loss
    assert math.isnan(last[1]) and last[0] < hist[hist.step == 0].loss.iloc[0]
    assert hist.attrs["diverged_at"][1] > 0 and hist.attrs["diverged_at"][0] == -1


def test_metrics_are_computed_per_model(data):
    models = BatchedModels.build(make_mlp, seeds=[0, 1])
    hist = train_batched(models, mse, data, BatchedConfig(steps=10, log_every=5),
                         metrics={"out_mean": lambda m, x, y: m(x).mean()})
    assert set(hist.columns) == {"model", "step", "loss", "out_mean"}
    assert hist.groupby("step").out_mean.nunique().min() == 2


def test_forward_stacks_outputs(data):
    models = BatchedModels.build(make_mlp, seeds=[0, 1, 2])
    out = models(data[0])
    assert out.shape == (3, 64, 1)
    torch.testing.assert_close(out[2], models.unstack(2)(data[0]))


def test_unknown_optimizer_lists_valid_choices(data):
    with pytest.raises(ValueError, match="adamw"):
        train_batched(BatchedModels.build(make_mlp, seeds=[0]), mse, data, BatchedConfig(optimizer="lbfgs"))


def test_per_model_values_must_match_the_number_of_models(data):
    with pytest.raises(ValueError, match="one per model"):
        train_batched(BatchedModels.build(make_mlp, seeds=[0, 1]), mse, data, BatchedConfig(steps=1), lr=[1e-3] * 3)
    with pytest.raises(ValueError, match="no value for parameter"):
        train_batched(BatchedModels.build(make_mlp, seeds=[0, 1]), mse, data, BatchedConfig(steps=1),
                      lr={"0.weight": 1e-3})


def test_data_may_be_drawn_fresh_each_step(data):
    """A step -> batch function (minibatches) gives the same run as `train` with the same batches."""
    x, y = data
    idx = [torch.randint(64, (16,), generator=torch.Generator().manual_seed(s)) for s in range(1, 31)]
    models = BatchedModels.build(make_mlp, seeds=[0, 0])
    hist = train_batched(models, mse, lambda step: (x[idx[step - 1]], y[idx[step - 1]]),
                         BatchedConfig(steps=30, optimizer="adam", log_every=10), lr=1e-2)
    torch.manual_seed(0)
    single = make_mlp()
    opt = torch.optim.Adam(single.parameters(), lr=1e-2)
    for i in idx:
        opt.zero_grad()
        mse(single, (x[i], y[i])).backward()
        opt.step()
    for k in range(2):
        for p, q in zip(models.unstack(k).parameters(), single.parameters()):
            torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)
    assert len(hist) == 2 * 4


def test_betas_and_a_warm_up_schedule_match_torch(data):
    """The clock/pizza settings: AdamW betas (0.9, 0.98), lr × min(step/10, 1)."""
    steps, warm_up = 30, (lambda step: min(step / 10, 1.0))
    models = BatchedModels.build(make_mlp, seeds=[3])
    train_batched(models, mse, data, BatchedConfig(steps=steps), lr=1e-2, weight_decay=0.5,
                  betas=(0.9, 0.98), lr_schedule=warm_up)
    torch.manual_seed(3)
    single = make_mlp()
    opt = torch.optim.AdamW(single.parameters(), lr=1e-2, weight_decay=0.5, betas=(0.9, 0.98))
    schedule = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: warm_up(i + 1))
    for _ in range(steps):
        opt.zero_grad()
        mse(single, data).backward()
        opt.step()
        schedule.step()
    for p, q in zip(models.unstack(0).parameters(), single.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


def _textbook_step(opt, active):
    """BatchedOptimizer.step before issue 20, one pass per tensor over all K models (the reference)."""
    from physai.batched import _bcast
    opt.t += 1
    b1, b2 = opt.betas
    all_active = bool(active.all())
    bias1, bias2 = 1 - b1**opt.t, math.sqrt(1 - b2**opt.t)
    with torch.no_grad():
        for name, p in opt.params.items():
            if p.grad is None:
                continue
            g = p.grad if all_active else torch.nan_to_num(p.grad) * _bcast(active, p)
            lr_k = _bcast(opt.lr[name] if all_active else opt.lr[name] * active, p)
            wd_k = _bcast(opt.weight_decay[name], p)
            decays = bool(opt.weight_decay[name].any())
            if opt.kind == "sgd":
                p.sub_(lr_k * (g + wd_k * p) if decays else lr_k * g)
                continue
            if opt.kind == "adamw" and decays:
                p.mul_(1 - lr_k * wd_k)
            elif decays:
                g = g + wd_k * p
            m, v = opt.state[name]
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = v.sqrt().div_(bias2).add_(opt.eps)
            p.addcdiv_(m * (lr_k / bias1), denom, value=-1.0)


@pytest.mark.parametrize("kind", ["adamw", "adam", "sgd"])
@pytest.mark.parametrize("frozen", [False, True])
@pytest.mark.parametrize("slice_", [1 << 16, 40, 1])
def test_the_sliced_step_is_the_one_pass_loop_bit_for_bit(data, kind, frozen, slice_, monkeypatch):
    """Default behaviour must not move a float (notebooks are re-run against committed
    outputs): updating a slice of models at a time equals one pass over the stack exactly,
    with per-model and per-parameter learning rates, decay on some parameters only, a frozen
    model, and slices of one model, of several, and of all."""
    import physai.batched
    from physai.batched import BatchedOptimizer
    monkeypatch.setattr(physai.batched, "SLICE", slice_)
    runs = []
    for step_fn in (BatchedOptimizer.step, _textbook_step):
        models = BatchedModels.build(make_mlp, seeds=range(4), init_scale=[1.0, 0.5, 2.0, 1.0])
        names = list(models.params)
        lr = {n: ([1e-3, 3e-2, 1e-2, 2e-3] if i % 2 else 5e-3) for i, n in enumerate(names)}
        wd = {n: ([0.0, 0.1, 0.0, 0.5] if i < 2 else 0.0) for i, n in enumerate(names)}
        opt = BatchedOptimizer(models.params, kind, lr, wd)
        active = torch.tensor([1.0, 1.0, 0.0 if frozen else 1.0, 1.0])
        for _ in range(30):
            opt.zero_grad()
            models.losses(mse, data).sum().backward()
            step_fn(opt, active)
        runs.append({n: p.detach().clone() for n, p in models.params.items()}
                    | {f"{n}.m": s[0].clone() for n, s in opt.state.items()})
    for name in runs[0]:
        assert torch.equal(runs[0][name], runs[1][name]), name


@pytest.mark.parametrize("kind", ["adamw", "adam"])
def test_the_fused_option_is_the_same_update_to_float_tolerance(data, kind):
    """fused=True (torch's kernel, grouped by per-model lr and decay) follows the default
    update to float rounding, per-parameter rates included, and leaves a frozen model alone."""
    from physai.batched import BatchedOptimizer
    runs = []
    for fused in (False, True):
        models = BatchedModels.build(make_mlp, seeds=range(4), init_scale=[1.0, 0.5, 2.0, 1.0])
        names = list(models.params)
        lr = {n: ([1e-3, 3e-2, 1e-2, 2e-3] if i % 2 else 5e-3) for i, n in enumerate(names)}
        wd = {n: ([0.0, 0.1, 0.0, 0.5] if i < 2 else 0.0) for i, n in enumerate(names)}
        opt = BatchedOptimizer(models.params, kind, lr, wd, fused=fused)
        start = {n: p.detach().clone() for n, p in models.params.items()}
        for step in range(60):
            if step == 30:
                at_30 = {n: p.detach().clone() for n, p in models.params.items()}
            opt.zero_grad()
            models.losses(mse, data).sum().backward()
            opt.step(torch.tensor([1.0, 1.0, 1.0 if step < 30 else 0.0, 1.0]))
        runs.append({n: p.detach().clone() for n, p in models.params.items()})
        if fused:  # model 2 trained for 30 steps, then stood still
            assert all(not torch.equal(p[2], start[n][2]) for n, p in runs[-1].items())
            assert all(torch.equal(p[2], at_30[n][2]) for n, p in runs[-1].items())
    for n in runs[0]:
        torch.testing.assert_close(runs[1][n], runs[0][n], rtol=1e-4, atol=1e-6)
    with pytest.raises(ValueError, match="fused"):
        BatchedOptimizer(models.params, "sgd", 1e-3, fused=True)


def test_a_frozen_model_stays_frozen_under_the_fused_update(data):
    models = BatchedModels.build(make_mlp, seeds=[0, 1, 2])
    hist = train_batched(models, mse, data, BatchedConfig(steps=100, optimizer="adamw", log_every=10, fused=True),
                         lr=[1e-2, 1e20, 1e-2])
    assert hist.attrs["diverged_at"][1] > 0 and hist.attrs["diverged_at"][0] == -1
    last = hist[hist.step == hist.step.max()].set_index("model").loss
    assert math.isnan(last[1]) and last[0] < hist[hist.step == 0].loss.iloc[0]
