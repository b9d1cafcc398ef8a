"""Notebook 03's scaling run (standard profile) on more training seeds, outside the notebook
(its budget holds one): the spread of the order slope, α_S and the plateau test over seeds.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/03_scaling_seeds.py 1 2

The task (subtask bits, frequencies) is seed 0's, as in the notebook; each seed changes the
initialisation, the test set and the batch stream.  Prints one line per seed and writes
benchmarks/results/03_scaling_seeds.json.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from physai import profiles
from physai.quantization import experiments as qx
from physai.quantization import scaling, theory
from physai.quantization.data import MultitaskSparseParity
from physai.runtime import set_threads


def one_seed(cfg, data: MultitaskSparseParity, seed: int) -> dict:
    """The notebook's scaling-run statistics for one training seed."""
    per_task = np.where(np.arange(cfg.n_tasks) < cfg.n_frequent, cfg.eval_frequent, cfg.eval_rare)
    t0 = time.time()
    run = qx.train_widths(data, cfg.widths, steps=cfg.steps, batch=cfg.batch, lr=cfg.lr, n_evals=cfg.n_evals,
                          per_task=per_task, seed=seed)
    learned = np.array([qx.learned_steps(run.steps, run.losses[:, j].T) for j in range(len(run.widths))])
    rho, slope, n = qx.order_of_learning(learned[-1], data.frequencies)
    lo, hi = qx.slope_interval(learned[-1], data.frequencies)
    alpha_s, _, _ = qx.fit_step_scaling(run.steps, run.mean[:, -1], learned[-1])
    counts = np.isfinite(learned).sum(1)
    finite_s = theory.finite_size_exponents(data.frequencies, cfg.alpha, 3, int(counts[-1]))["alpha_S"]
    return {"seed": seed, "seconds": round(time.time() - t0, 1), "learned per width": counts.tolist(),
            "final mean": run.mean[-1].round(4).tolist(), "spearman": round(rho, 3), "slope": round(slope, 3),
            "slope 90%": [round(lo, 3), round(hi, 3)], "alpha_S": round(float(alpha_s), 3),
            "alpha_S finite-size": round(finite_s, 3),
            "last-quarter fall": [round(float(d), 4) for d in scaling.quarter_drop(run.steps, run.mean)]}


def main(seeds: list[int]) -> None:
    set_threads(1)
    cfg = profiles.load("03_quantization_model", "standard")
    data = MultitaskSparseParity(cfg.n_tasks, cfg.n_bits, cfg.k, cfg.alpha, seed=0)
    rows = []
    for seed in seeds:
        rows.append(one_seed(cfg, data, seed))
        print(json.dumps(rows[-1]), flush=True)
    out = Path(__file__).parent / "results" / "03_scaling_seeds.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [1, 2])
