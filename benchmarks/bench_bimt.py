"""Micro-benchmark for BIMT: one round of swaps, vectorised vs the original's loop, and K
networks trained stacked vs one after another.

Prints the times; not a test (timings on shared machines are noisy: compare the numbers of
one run, not runs with each other; the unit tests check only that both swaps give the same
weights).  Run it as `python benchmarks/bench_bimt.py`.
"""
import copy
import time

import torch

from physai.bimt import BIMTConfig, BioMLP, train_bimt, train_bimt_stacked
from physai.bimt import experiments as bx

K, STEPS = 5, 1000


def swaps() -> None:
    for name, model, top_k in (("[4, 20, 20, 2], top 5", BioMLP([4, 20, 20, 2]), 5),
                               ("embedding 32, [64, 50, 50, 31], top 30",
                                BioMLP([64, 50, 50, 31], in_fold=2, n_tokens=31), 30)):
        report = bx.swap_speedup(model, top_k, repeats=3)
        print(f"swaps, {name}: vectorised {report['vectorised_s'] * 1e3:.1f} ms | loop {report['loop_s'] * 1e3:.0f} ms"
              f" | speed-up {report['speedup']:.1f}x | identical {report['identical']}")


def stacked() -> None:
    x, y, _, _ = bx.symbolic_data("independence", 100)
    cfg = BIMTConfig(steps=STEPS, log_every=STEPS)
    nets = []
    for k in range(K):
        torch.manual_seed(k)
        nets.append(BioMLP([4, 20, 20, 2]))
    train_bimt_stacked(nets, bx.mse, (x, y), BIMTConfig(steps=2))  # first use of AdamW imports torch._dynamo (~2 s)
    start = time.perf_counter()
    train_bimt_stacked(nets, bx.mse, (x, y), cfg)
    together = time.perf_counter() - start
    start = time.perf_counter()
    for net in nets:
        train_bimt(copy.deepcopy(net), bx.mse, (x, y), cfg)
    alone = time.perf_counter() - start
    print(f"K={K} independence networks, {STEPS} BIMT steps: stacked {together:.2f} s | one by one {alone:.2f} s"
          f" | speed-up {alone / together:.1f}x")


if __name__ == "__main__":
    torch.set_num_threads(1)
    swaps()
    stacked()
