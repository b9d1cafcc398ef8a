"""Device choice, seeding, threads, and the one-line environment description."""
from __future__ import annotations

import multiprocessing
import os
import platform
import random
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

import numpy as np

if TYPE_CHECKING:  # torch is imported lazily: numpy-only notebooks never load it
    import torch

DEVICE_NAMES = ("auto", "cpu", "cuda")
# When set (by physai.execute), setup() writes the profile and the device actually used to
# this JSON file, so the execution record states what ran, not what was asked for.
RUN_RECORD_ENV = "PHYSAI_RUN_RECORD"


def choose_device(device: str = "auto") -> "torch.device":
    """'auto' → cuda if available, else cpu; 'cuda' without a GPU is an error."""
    import torch

    if device not in DEVICE_NAMES:
        raise ValueError(f"unknown device {device!r}; valid devices: {', '.join(DEVICE_NAMES)}")
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device='cuda' requested but no CUDA GPU is visible; use 'auto' or 'cpu'")
    return torch.device(device)


def seed_everything(seed: int, use_torch: bool = True) -> None:
    """Seed python, numpy and (unless use_torch=False) torch on all devices."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    if use_torch:
        import torch

        torch.manual_seed(seed)


def set_threads(n: int | None = None) -> int:
    """Set torch's intra-op threads; default $PHYSAI_THREADS or 1.

    One thread per process is the default: on 2 shared cores two threads were
    measured 3–50× slower whenever the machine was busy.
    """
    import torch

    n = int(n or os.environ.get("PHYSAI_THREADS", 1))
    torch.set_num_threads(n)
    return n


def describe(device: "torch.device | str" = "cpu", use_torch: bool = True) -> str:
    """One line: python, numpy, torch versions, device and threads."""
    line = f"python {platform.python_version()} | numpy {np.__version__}"
    if not use_torch:
        return line + f" | device {device} (numpy only; torch not loaded)"
    import torch

    return line + f" | torch {torch.__version__} | device {device_label(device)} | threads {torch.get_num_threads()}"


def setup(profile: str | None, device: str = "auto", seed: int = 0, threads: int | None = None,
          use_torch: bool = True):
    """What every notebook's second cell does: resolve profile and device, seed, threads.

    Returns (profile name, device) and prints the environment line.  A notebook that
    never touches torch passes use_torch=False: the device name is still validated, the
    computation runs on the CPU with numpy, and torch's import (~3 s) is skipped.
    """
    from .profiles import resolve_profile

    name = resolve_profile(profile)
    if use_torch:
        dev = choose_device(device)
        set_threads(threads)
    elif device not in DEVICE_NAMES:
        raise ValueError(f"unknown device {device!r}; valid devices: {', '.join(DEVICE_NAMES)}")
    else:
        dev = "cpu"
    seed_everything(seed, use_torch)
    print(f"profile {name} | {describe(dev, use_torch)}")
    _write_run_record(name, dev, use_torch)
    return name, dev


def device_label(device: "torch.device | str", use_torch: bool = True) -> str:
    """The device as an execution record names it: 'cpu', 'cuda (<GPU name>)', or
    'cpu (numpy only)' for a notebook that never loads torch."""
    if not use_torch:
        return "cpu (numpy only)"
    name = str(device)
    if name.startswith("cuda"):
        import torch

        name = f"cuda ({torch.cuda.get_device_name(0)})"
    return name


def machine() -> str:
    """The CPU model, core count, torch's threads and the GPU if any: where a time was measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import torch

    gpu = f", {torch.cuda.get_device_name(0)}" if torch.cuda.is_available() else ""
    return f"{cpu}, {os.cpu_count()} cores, {torch.get_num_threads()} torch thread(s){gpu}"


def _write_run_record(profile: str, device, use_torch: bool) -> None:
    path = os.environ.get(RUN_RECORD_ENV)
    if path:
        import json

        with open(path, "w") as f:
            json.dump({"profile": profile, "device": device_label(device, use_torch)}, f)


def progress_enabled() -> bool:
    """Progress bars for people, silence for CI and papermill ($CI or $PHYSAI_QUIET)."""
    return not (os.environ.get("CI") or os.environ.get("PHYSAI_QUIET"))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 2**20


def _timed_call(fn, args, kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start, peak_rss_mb()


def run_isolated(fn, *args, **kwargs):
    """Run fn(*args, **kwargs) in a fresh process: (result, seconds, peak MiB of that process).

    A fresh process makes the memory figure the run's own rather than the notebook's
    high-water mark.  fn and its arguments must be picklable (module-level functions).
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(_timed_call, fn, args, kwargs).result()


def second_process() -> ProcessPoolExecutor:
    """One spawned worker with one torch thread (`set_threads`, as every process here).

    Work submitted to it runs there one call after another while this process trains
    something else: on two cores a notebook's two halves run side by side.  Every run seeds
    itself, so the numbers are those of an in-process run (tested in each paper that uses
    it).  Submitted functions must be module-level (picklable); shut it down when done.
    """
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=set_threads)


@contextmanager
def timer() -> Iterator[dict]:
    """`with timer() as t: ...` then t['seconds']."""
    out: dict = {}
    start = time.perf_counter()
    try:
        yield out
    finally:
        out["seconds"] = time.perf_counter() - start


def flushing_denormals() -> bool:
    """Whether torch now treats denormal floats (|x| < 1.2e-38) as zero on this thread (torch
    has a setter only, so this asks the arithmetic: 1e-39 × 1 is 0 exactly when it does)."""
    import torch

    return float(torch.tensor([1e-39]) * 1.0) == 0.0


@contextmanager
def flush_denormals(enabled: bool = True) -> Iterator[None]:
    """Treat denormal floats as zero inside the block, then restore the previous setting.

    Adam's moments of a weight whose gradient is exactly zero (into a dead ReLU unit) decay
    into the denormal range within ~800 steps, and arithmetic on denormals is ~5× slower on
    this project's CPUs (notebook 02's digits family: 25 against 5 ms a step, issue 21).
    Such a moment moves its weight by less than lr·1e-38/√v, far below a float's resolution,
    so histories stay bitwise the same (checked on every notebook's smoke configuration,
    issue 20).  The trainers (physai.train.train, physai.batched.train_batched) wrap their
    loop in it; `enabled=False` leaves the setting alone."""
    import torch

    if not enabled:
        yield
        return
    before = flushing_denormals()
    torch.set_flush_denormal(True)
    try:
        yield
    finally:
        torch.set_flush_denormal(before)
