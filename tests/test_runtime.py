import numpy as np
import pytest
import torch

from physai import runtime


@pytest.mark.parametrize("gpu", [False, True])
def test_auto_device_follows_the_gpu(monkeypatch, gpu):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: gpu)
    assert runtime.choose_device("auto").type == ("cuda" if gpu else "cpu")


def test_unknown_device_lists_valid_values():
    with pytest.raises(ValueError, match="auto, cpu, cuda"):
        runtime.choose_device("tpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_cuda_without_gpu_is_a_clear_error():
    with pytest.raises(ValueError, match="no CUDA GPU"):
        runtime.choose_device("cuda")


def test_seeding_makes_runs_repeatable():
    runtime.seed_everything(3)
    a = (np.random.rand(), torch.rand(1).item())
    runtime.seed_everything(3)
    assert (np.random.rand(), torch.rand(1).item()) == a


def test_describe_names_versions_device_and_threads():
    runtime.set_threads(1)
    line = runtime.describe("cpu")
    assert torch.__version__ in line and "device cpu" in line and "threads 1" in line


def test_setup_returns_profile_and_device(capsys):
    name, dev = runtime.setup("smoke", "cpu", seed=0)
    assert (name, dev.type) == ("smoke", "cpu")
    assert "profile smoke" in capsys.readouterr().out


def test_run_isolated_reports_time_and_memory_of_a_fresh_process():
    result, seconds, peak = runtime.run_isolated(np.ones, 3)
    assert result.tolist() == [1, 1, 1] and seconds >= 0 and peak > 10


def test_numpy_only_setup_skips_torch_but_still_validates(capsys):
    name, dev = runtime.setup("smoke", "auto", seed=0, use_torch=False)
    assert dev == "cpu" and "torch not loaded" in capsys.readouterr().out
    with pytest.raises(ValueError, match="auto, cpu, cuda"):
        runtime.setup("smoke", "gpu", use_torch=False)


def _thread_count() -> int:
    return torch.get_num_threads()


def test_second_process_is_one_single_threaded_worker_in_order():
    """The notebooks' second process (01, 02, 03): one spawned worker with one torch thread."""
    pool = runtime.second_process()
    try:
        assert pool._max_workers == 1
        assert pool.submit(_thread_count).result() == 1
    finally:
        pool.shutdown()
