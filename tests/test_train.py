import math

import pytest
import torch

from physai.train import TrainConfig, train


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
