"""Exercise the paper profile's code paths on a CPU in minutes: `make test-paper-path`.

No paper-profile run fits this machine, so without this check the first person to meet a
shape, loader, key or device error in the paper's configuration would be the one renting
the GPU.  Here every notebook is executed under papermill at the **paper** profile's
configuration with three kinds of change, and nothing else:

- every iteration count is capped (keys named `steps` or `*_steps` → `STEPS`, `*_iters` →
  `ITERS`, `*_log_every` → 1, `speed_repeats` → 1) and caches are switched off;
- sample sizes that would exhaust memory or time are capped, per notebook, in `CAPS`
  (the Reproducing page lists them);
- every data source is a small generated stand-in file in the real format (`stand_ins`):
  MNIST's four IDX files, CIFAR-10's python batches, a Pythia per-token-loss .npz.

The numbers such a run prints mean nothing; it passes when every notebook runs to its end.
Its outputs and scorecards go to _build/executed/paper-path/; nothing committed is touched.
`profiles.load` applies the caps when $PHYSAI_PAPER_PATH is set and the profile is paper.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Mapping

import numpy as np

ENV_VAR = "PHYSAI_PAPER_PATH"
STEPS = 2       # training steps per run
ITERS = 5       # classifier iterations (the FD features)
N_SAMPLES = 64  # images generated per sampler

# Per notebook: the sample sizes and grids capped so that the whole check stays within
# minutes on 2 CPU cores.  Grids keep at least two values of every axis, so the code that
# sweeps them, stacks them and plots them still runs; seeds stay at three or more, which
# the medians over seeds require.
CAPS: dict[str, dict[str, Any]] = {
    "01_grokking_effective_theory": {"rc_sets": 200, "sizes": [5, 30, 54],
                                     "phase_lrs": [1e-4, 1e-3], "phase_wds": [0.0, 5.0],
                                     "transformer_lrs": [1e-4, 1e-3], "transformer_wds": [0.0, 1.0]},
    "02_omnigrok": {"n_train_images": 100, "n_train_images_more": 200, "ts_landscape_alphas": [0.5, 1.0, 2.0]},
    "03_quantization_model": {"batch": 2000, "data_sizes": [2000, 4000, 8000]},
    "04_bimt": {"digits_train": 200, "n_symbolic": 20},
    "05_clock_pizza": {"widths": [32, 128], "attn_rates": [0.0, 1.0], "seeds": [0, 1, 2]},
    # SID has no iterations: the paper's largest case (20,000 states, cubic 3-D fluid) runs once
    "06_sid": {"cases": [("toy", 3, 100), ("fluid3d", 3, 20000)], "original_cases": [("fluid3d", 3, 4000)]},
    "07_pfgm": {"n_samples": N_SAMPLES, "rk45_samples": 16, "rk45_max_nfe": 400, "cosine_points": 256,
                "cosine_batch_sizes": [1, 16, 256], "field_line_charges": 16, "lines_per_charge": 32,
                "bench_samples": N_SAMPLES, "collapse_points": 200},
    "08_pfgmpp": {"n_samples": N_SAMPLES, "kernel_draws": 2000},
    "09_genphys": {"n_samples": N_SAMPLES, "toy_points": 500, "posterior_data": 200, "posterior_samples": 200},
}


def active() -> bool:
    return bool(os.environ.get(ENV_VAR))


def _capped_value(key: str, value: Any) -> Any:
    if key.endswith("cache"):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if key == "steps" or key.endswith("_steps"):
        return min(value, STEPS)
    if key.endswith("_iters"):
        return min(value, ITERS)
    if key.endswith("log_every") or key == "speed_repeats":
        return 1
    return value


def cap(notebook: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The paper profile's values with iteration counts, caches and `CAPS[notebook]` capped.

    A key of `CAPS` the profile does not have is an error: the check must follow the
    configuration, not silently stop capping a renamed parameter.
    """
    out = {key: _capped_value(key, value) for key, value in values.items()}
    caps = CAPS.get(notebook, {})
    unknown = set(caps) - set(out)
    if unknown:
        raise KeyError(f"paperpath.CAPS[{notebook!r}] names {sorted(unknown)}, which the paper profile lacks; "
                       f"its keys: {sorted(out)}")
    out.update(caps)
    return out


# --- stand-in data in the real formats ---------------------------------------------------

def write_pythia_like(path: str | Path, n_models: int = 5, n_tokens: int = 2000, seed: int = 0) -> Path:
    """A per-token-loss .npz (`parameters`, `losses`) falling with model size, as Pythia's do."""
    rng = np.random.default_rng(seed)
    parameters = np.logspace(7, 10, n_models)
    losses = rng.gamma(2.0, 1.0, (1, n_tokens)) * (parameters[:, None] / 1e7) ** -0.08
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, parameters=parameters, losses=losses)
    return path


def stand_ins(root: str | Path) -> dict[str, str]:
    """Write every stand-in under root; returns the environment that points the configs at them."""
    from .datasets import write_cifar10_like, write_mnist_like

    root = Path(root)
    return {"PHYSAI_MNIST": str(write_mnist_like(root / "mnist")),
            "PHYSAI_CIFAR10": str(write_cifar10_like(root / "cifar-10-batches-py", n_per_batch=128)),
            "PHYSAI_PYTHIA_LOSSES": str(write_pythia_like(root / "pythia" / "token_losses.npz"))}


def main(argv: list[str] | None = None) -> int:
    from . import execute
    from .profiles import resolve_notebook
    from .runtime import DEVICE_NAMES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nb", default="", help="notebook number(s), comma-separated; default: all landed")
    parser.add_argument("--device", default="auto", choices=DEVICE_NAMES)
    args = parser.parse_args(argv)
    try:
        stems = [resolve_notebook(n.strip()) for n in args.nb.split(",") if n.strip()] or execute.landed()
    except ValueError as exc:
        parser.error(str(exc))
    failed, start = [], time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="physai-paper-path-") as tmp:
        env = {**stand_ins(tmp), ENV_VAR: "1"}
        with execute.environment(env):
            for stem in stems:
                record = execute.execute(stem, "paper", args.device, aside="paper-path")
                print(f"{stem}: {record['status']} in {record['seconds']} s (paper profile, capped, "
                      f"{record['device']})" + (f" — {record['error']}" if record["error"] else ""), flush=True)
                if record["status"] != "ok":
                    failed.append(stem)
    print(f"paper path: {len(stems) - len(failed)} of {len(stems)} notebooks ran in "
          f"{time.perf_counter() - start:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
