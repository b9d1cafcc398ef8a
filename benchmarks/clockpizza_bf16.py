"""Notebook 05's p = 59 models in fp32 and in bf16 matmuls, side by side (issue 20, once).

bf16 is safe for an experiment only when its claims do not move.  This trains the same
models both ways, Model A (α = 1, the clock) and Model B (α = 0, the pizza) at the paper's
p = 59, d = 128 with the standard profile's code (AdamW lr 1e-3, weight decay 2, β =
(0.9, 0.98), 10-step warm-up, full batch, float64 cross-entropy), and prints what 05's
scorecard reads from each run: accuracies, test loss, GS (pizza when > 0.98), DI,
circularity and Q_clock / Q_pizza of the first three circles.  Not in the notebook: a
run at this size is minutes, and this is a check of the engine, not a claim.

    PHYSAI_QUIET=1 python benchmarks/clockpizza_bf16.py --steps 2000    # ~4 min on 2 cores
"""
from __future__ import annotations

import argparse
import time

import pandas as pd

from physai.clockpizza import experiments as cp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--seeds", default="0", help="comma-separated seeds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--csv", default="", help="also write the table here")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    stack = dict(train_fraction=0.8, split_seed=0, n_heads=4, lr=1e-3, log_every=100, n_circles=3)
    points = [pt for precision in ("fp32", "bf16")
              for pt in cp.run_points(59, 128, [1.0, 0.0], seeds, detail=True, alone=True, steps=args.steps,
                                      precision=precision, **stack)]
    start = time.perf_counter()
    runs = cp.train_runs(points, backend="processes", workers=args.workers)
    seconds = time.perf_counter() - start
    rows = []
    for point, run in zip(points, runs.to_dict("records")):
        row = {"precision": point["precision"], "model": "A (clock)" if point["attn_rate"] == 1.0 else "B (pizza)",
               "seed": point["seed"], **{k: run[k] for k in ("train_acc", "test_acc", "test_loss", "gs", "di",
                                                             "circularity", "norm")},
               "pizza (GS > 0.98)": run["gs"] > 0.98}
        for circle in run["templates"]:
            row[f"Q_clock {circle['circle']}"] = circle["q_clock"]
            row[f"Q_pizza {circle['circle']}"] = circle["q_pizza"]
        rows.append(row)
    table = pd.DataFrame(rows).sort_values(["model", "seed", "precision"])
    print(f"p = 59, d = 128, {args.steps} steps, {len(points)} runs in {seconds:.0f} s ({args.workers} processes)")
    print(table.to_markdown(index=False, floatfmt=".4g"))
    if args.csv:
        table.to_csv(args.csv, index=False)


if __name__ == "__main__":
    main()
