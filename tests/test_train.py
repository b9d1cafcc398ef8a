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


# ── denormals (issue 20): flushed while training, restored after, histories unchanged ──────

def test_flush_denormals_restores_what_was_there():
    from physai.runtime import flush_denormals, flushing_denormals
    assert not flushing_denormals()
    with flush_denormals():
        assert flushing_denormals()
        with flush_denormals():
            assert flushing_denormals()
        assert flushing_denormals()  # the inner block restored the outer's setting, not torch's default
    assert not flushing_denormals()
    with flush_denormals(enabled=False):
        assert not flushing_denormals()
    with pytest.raises(RuntimeError):
        with flush_denormals():
            raise RuntimeError("an error inside still restores")
    assert not flushing_denormals()


@pytest.mark.parametrize("flush", [True, False])
def test_the_trainers_flush_denormals_only_while_they_run(flush):
    from physai.batched import BatchedConfig, BatchedModels, train_batched
    from physai.runtime import flushing_denormals
    seen = []
    train(torch.nn.Linear(1, 1), mse, _line_data(), TrainConfig(steps=3, flush_denormal=flush),
          callback=lambda step, model: seen.append(flushing_denormals()))
    models = BatchedModels.build(lambda: torch.nn.Linear(1, 1), seeds=[0, 1])
    train_batched(models, mse, _line_data(), BatchedConfig(steps=3, flush_denormal=flush),
                  callback=lambda step, m: seen.append(flushing_denormals()))
    assert seen == [flush] * 6 and not flushing_denormals()


def _dead_relu_run(flush: bool):
    """A ReLU net whose hidden units are half dead from the start, trained by Adam for long
    enough that the dead units' Adam moments decay into denormals."""
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    with torch.no_grad():
        net[0].bias[::2] = -50.0  # never active on these inputs: zero gradient into them
    g = torch.Generator().manual_seed(1)
    x = torch.randn(128, 4, generator=g)
    y = x[:, :1] * x[:, 1:2]
    # a first gradient through the dead units (so that their moments start non-zero), then decay
    opt = make_optimizer(net.parameters(), TrainConfig(optimizer="adam", lr=1e-3))
    net[0].bias.grad = torch.ones(32)
    for p in (net[0].weight, net[2].weight, net[2].bias):
        p.grad = torch.ones_like(p)
    opt.step()
    history = train(net, mse, (x, y), TrainConfig(steps=1500, optimizer="adam", lr=1e-3, log_every=100,
                                                  flush_denormal=flush), optimizer=opt)
    m = opt.state[net[0].bias]["exp_avg"]
    return history, [p.detach().clone() for p in net.parameters()], m


def test_flushing_denormals_leaves_a_dead_relu_history_bitwise_the_same():
    h_flush, w_flush, m_flush = _dead_relu_run(True)
    h_keep, w_keep, m_keep = _dead_relu_run(False)
    tiny = torch.finfo(torch.float32).tiny
    assert ((m_keep != 0) & (m_keep.abs() < tiny)).any()  # denormals did arise without flushing ...
    assert not ((m_flush != 0) & (m_flush.abs() < tiny)).any()  # ... and were flushed with it
    pd.testing.assert_frame_equal(h_flush, h_keep, check_exact=True)
    assert all(torch.equal(a, b) for a, b in zip(w_flush, w_keep))
