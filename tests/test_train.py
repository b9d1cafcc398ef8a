import math

import numpy as np
import pandas as pd
import pytest
import torch

from physai.train import TrainConfig, accuracy, accuracy_metric, make_optimizer, minibatches, train


def _line_data(n=64):
    x = torch.linspace(-1, 1, n)[:, None]
    return x, 2 * x + 1


def mse(model, batch):
    x, y = batch
    return ((model(x) - y) ** 2).mean()


def test_full_batch_fits_a_line_and_logs_a_dataframe():
    torch.manual_seed(0)
    model = torch.nn.Linear(1, 1)
    hist = train(model, mse, _line_data(), TrainConfig(steps=600, lr=0.05, log_every=100),
                 metrics={"slope": lambda m: m.weight.item()})
    assert list(hist.columns) == ["step", "loss", "slope"]
    assert hist.step.tolist() == [0, 100, 200, 300, 400, 500, 600]
    assert hist.loss.iloc[-1] < 1e-4 < hist.loss.iloc[0]
    assert abs(hist.slope.iloc[-1] - 2) < 1e-2
    assert not hist.attrs["diverged"]


def test_minibatches_also_converge():
    torch.manual_seed(0)
    model = torch.nn.Linear(1, 1)
    hist = train(model, mse, _line_data(), TrainConfig(steps=800, lr=0.05, batch_size=8, optimizer="adam"))
    assert hist.loss.iloc[-1] < 1e-3


def test_divergence_is_recorded_not_raised():
    torch.manual_seed(0)
    model = torch.nn.Linear(1, 1)
    hist = train(model, mse, _line_data(), TrainConfig(steps=200, lr=10.0, optimizer="sgd", log_every=1))
    assert hist.attrs["diverged"] and 0 < hist.attrs["diverged_at"] < 200
    assert math.isnan(hist.loss.iloc[-1])


def test_callback_runs_every_step():
    seen = []
    train(torch.nn.Linear(1, 1), mse, _line_data(), TrainConfig(steps=5), callback=lambda s, m: seen.append(s))
    assert seen == [1, 2, 3, 4, 5]


def test_unknown_optimizer_lists_valid_choices():
    with pytest.raises(ValueError, match="adamw"):
        train(torch.nn.Linear(1, 1), mse, _line_data(), TrainConfig(optimizer="lion"))


def test_the_optimizer_factory_builds_fused_adamw_only_when_asked():
    params = list(torch.nn.Linear(2, 2).parameters())
    assert not make_optimizer(params, TrainConfig()).defaults.get("fused")
    fused = make_optimizer(params, TrainConfig(lr=2e-3, fused=True))
    assert isinstance(fused, torch.optim.AdamW) and fused.defaults["fused"] and fused.defaults["lr"] == 2e-3


def test_the_fused_step_is_the_plain_one():
    torch.manual_seed(0)
    a = torch.nn.Linear(3, 2)
    b = torch.nn.Linear(3, 2)
    b.load_state_dict(a.state_dict())
    x, y = torch.randn(16, 3), torch.randn(16, 2)
    for model, fused in ((a, False), (b, True)):
        train(model, mse, (x, y), TrainConfig(steps=20, lr=1e-2, weight_decay=0.1, fused=fused))
    for p, q in zip(a.parameters(), b.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


def test_minibatches_draw_rows_with_replacement_from_the_generator():
    x, y = torch.arange(10.0)[:, None], torch.arange(10)
    batches = minibatches((x, y), 4, torch.Generator().manual_seed(3))
    expected = torch.Generator().manual_seed(3)
    for _ in range(3):
        bx, by = next(batches)
        idx = torch.randint(10, (4,), generator=expected)
        assert torch.equal(by, idx) and torch.equal(bx[:, 0].long(), idx)
    full = next(minibatches((x, y), None, torch.Generator()))
    assert full[0] is x and full[1] is y


def test_accuracy_takes_class_ids_or_one_hot_rows_and_runs_stacked():
    from physai.batched import BatchedModels

    model = torch.nn.Linear(2, 3)
    x = torch.randn(20, 2)
    ids = model(x).argmax(-1).detach()
    ids[:5] = (ids[:5] + 1) % 3  # five wrong
    assert float(accuracy(model, x, ids)) == pytest.approx(0.75)
    assert float(accuracy(model, x, torch.eye(3)[ids])) == pytest.approx(0.75)
    stacked = BatchedModels([model, model])
    per_model = stacked.evaluate(accuracy_metric(x, ids), (x,))
    assert per_model.tolist() == pytest.approx([0.75, 0.75])



@pytest.mark.parametrize("kw, match", [
    (dict(batch_size=0), "batch_size must be ≥ 1"),
    (dict(log_every=0), "log_every must be ≥ 1"),
    (dict(steps=-1), "steps must be ≥ 0"),
    (dict(lr=0.0), "lr must be > 0"),
    (dict(optimizer="lbfgs"), "unknown optimizer 'lbfgs'"),
    (dict(precision="fp16"), r"unknown precision 'fp16'; choose one of \['fp32', 'bf16'\]"),
])
def test_bad_settings_fail_by_name(kw, match):
    from physai.train import TrainConfig
    with pytest.raises(ValueError, match=match):
        TrainConfig(**kw)


@pytest.mark.parametrize("which", [0, 1])
def test_non_finite_data_is_refused_not_recorded_as_divergence(which):
    from physai.train import TrainConfig, train
    x, y = torch.randn(8, 2), torch.randn(8, 1)
    data = [x, y]
    data[which] = data[which].clone()
    data[which][3, 0] = float("nan")
    model = torch.nn.Linear(2, 1)
    with pytest.raises(ValueError, match=rf"data\[{which}\] has 1 non-finite"):
        train(model, lambda m, b: ((m(b[0]) - b[1]) ** 2).mean(), data, TrainConfig(steps=3))


def test_bf16_precision_rounds_the_forward_pass_only():
    """precision="bf16" (issue 20): the loss is computed from bfloat16 matmuls, so it differs
    from fp32 in the third digit; parameters and optimizer state stay float32."""
    torch.manual_seed(0)
    x = torch.randn(256, 16)
    y = x @ torch.randn(16, 1)
    losses = {}
    for precision in ("fp32", "bf16"):
        torch.manual_seed(1)
        model = torch.nn.Linear(16, 1)
        losses[precision] = train(model, lambda m, b: ((m(b[0]) - b[1]) ** 2).mean(), (x, y),
                                  TrainConfig(steps=30, lr=1e-2, log_every=10, precision=precision)).loss.to_numpy()
        assert model.weight.dtype == torch.float32
    assert not np.array_equal(losses["fp32"], losses["bf16"])
    np.testing.assert_allclose(losses["bf16"], losses["fp32"], rtol=0.05)


# --- checkpoints ------------------------------------------------------------------------

class _Interrupt(Exception):
    pass


def _checkpointed_run(path, stop_at=None, steps=30):
    from physai.train import EMA

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    x = torch.linspace(-1, 1, 60).reshape(20, 3)
    y = x.sum(1, keepdim=True) ** 2
    ema = EMA(model, 0.9)

    def callback(step, m):
        ema.update(m)
        if step == stop_at:
            raise _Interrupt

    cfg = TrainConfig(steps=steps, lr=1e-2, batch_size=5, log_every=5, seed=3)
    history = train(model, lambda m, b: ((m(b[0]) - b[1]) ** 2).mean(), (x, y), cfg, callback=callback,
                    checkpoint=path, checkpoint_every=10, state={"ema": ema})
    return history, model, ema


def test_an_interrupted_run_resumes_from_its_checkpoint_bit_for_bit(tmp_path):
    path = tmp_path / "run.pt"
    whole, model, ema = _checkpointed_run(None)
    with pytest.raises(_Interrupt):
        _checkpointed_run(path, stop_at=25)
    assert path.exists()  # saved at step 20, not at 25
    resumed, model2, ema2 = _checkpointed_run(path)
    pd.testing.assert_frame_equal(whole, resumed)
    for a, b in [*zip(model.parameters(), model2.parameters()), *zip(ema.model.parameters(), ema2.model.parameters())]:
        assert torch.equal(a, b)
    assert not path.exists()  # a finished run leaves no checkpoint to resume


def test_a_changed_run_gets_another_checkpoint(tmp_path):
    from physai.train import checkpoint_path

    model = torch.nn.Linear(2, 1)
    x = torch.zeros(4, 2)
    base = checkpoint_path(model, (x,), TrainConfig(steps=10), "fit", tmp_path)
    assert base == checkpoint_path(model, (x,), TrainConfig(steps=10), "fit", tmp_path)
    assert base != checkpoint_path(model, (x,), TrainConfig(steps=11), "fit", tmp_path)
    assert base != checkpoint_path(model, (x + 1,), TrainConfig(steps=10), "fit", tmp_path)
    with torch.no_grad():
        model.weight.add_(1)
    assert base != checkpoint_path(model, (x,), TrainConfig(steps=10), "fit", tmp_path)


def test_the_checkpoint_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PHYSAI_CHECKPOINT_DIR", str(tmp_path))
    with pytest.raises(_Interrupt):
        _checkpointed_run(None, stop_at=12)
    assert len(list(tmp_path.glob("train-*.pt"))) == 1
