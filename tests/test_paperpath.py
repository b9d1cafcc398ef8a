"""The paper-path check's caps and stand-in data (the check itself: `make test-paper-path`)."""
import numpy as np
import pytest

from physai import datasets, paperpath, profiles
from physai.quantization import pythia


def test_caps_apply_only_to_the_paper_profile_under_the_environment(monkeypatch):
    monkeypatch.delenv(profiles.ENV_VAR, raising=False)
    monkeypatch.delenv(paperpath.ENV_VAR, raising=False)
    assert profiles.load("03", "paper").steps == 100_000
    monkeypatch.setenv(paperpath.ENV_VAR, "1")
    capped = profiles.load("03", "paper")
    assert capped.steps == paperpath.STEPS and capped.batch == 2000
    assert capped.n_bits == 100 and capped.widths[-1] == 500  # the paper's shapes are kept
    assert profiles.load("03", "standard").steps == 15_000     # other profiles untouched


def test_every_iteration_count_and_cache_is_capped(monkeypatch):
    monkeypatch.delenv(profiles.ENV_VAR, raising=False)
    monkeypatch.setenv(paperpath.ENV_VAR, "1")
    for stem in profiles.NOTEBOOKS:
        cfg = profiles.load(stem, "paper")
        for key, value in cfg.items():
            if key == "steps" or key.endswith("_steps") and isinstance(value, int):
                assert value <= paperpath.STEPS, (stem, key)
            if key.endswith("cache"):
                assert value is None, (stem, key)
            if key.endswith("_iters"):
                assert value <= paperpath.ITERS, (stem, key)


def test_a_cap_on_a_parameter_the_profile_lacks_is_an_error(monkeypatch):
    monkeypatch.setitem(paperpath.CAPS, "03_quantization_model", {"no_such_key": 1})
    with pytest.raises(KeyError, match="no_such_key"):
        paperpath.cap("03_quantization_model", profiles.table("03")["paper"])


def test_stand_ins_are_read_by_the_real_loaders(tmp_path):
    env = paperpath.stand_ins(tmp_path)
    task = datasets.mnist(env["PHYSAI_MNIST"], n_train=50)
    assert task.x_train.shape == (50, 784) and task.x_test.shape == (100, 784)
    assert 0 <= float(task.x_train.min()) and float(task.x_train.max()) <= 1
    x_train, y_train, x_test, _ = datasets.cifar10_arrays(env["PHYSAI_CIFAR10"])
    assert x_train.shape == (640, 3072) and x_test.shape == (128, 3072) and set(np.unique(y_train)) <= set(range(10))
    parameters, losses = pythia.load_token_losses(env["PHYSAI_PYTHIA_LOSSES"])
    assert losses.shape == (5, 2000) and np.all(np.diff(losses.mean(1)) < 0)
    assert pythia.token_scaling(parameters, losses)["alpha_N"] == pytest.approx(0.08, abs=0.01)
