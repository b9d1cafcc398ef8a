"""How close our trainers run to the machine's limit (issue 20).  `make bench`; printed, never asserted.

For each hot loop of the book: steps/s of our trainer, of a plain-torch loop of the same
model (written here: forward, loss, backward, fused AdamW, nothing else), and the
fraction of the machine's matmul peak that each reaches.  The peak is measured here too
(a large square matmul, fp32 and bf16: AMX on this CPU), and a step's work is counted by
torch's FlopCounterMode, so "fraction of peak" is arithmetic done / arithmetic possible.

The clock/pizza transformer at the paper's settings (p = 59, d = 128, 4 heads, full batch
of 2784 pairs) is also run as the original writes it (einsums over both positions and
all heads), the formulation our trainer used before issue 20: 15.8 steps/s there.

Timings on a shared machine are noisy: each number is the best of `REPEATS` timed runs,
and only numbers from one run of this script should be compared with each other.
"""
from __future__ import annotations

import argparse
import math
import time
from typing import Callable

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from physai.batched import BatchedConfig, train_batched
from physai.bimt.model import BioMLP
from physai.bimt.training import BIMTConfig, train_bimt
from physai.generative import edm
from physai.generative.pipeline import fit_with_ema
from physai.grokking.experiments import train_toy
from physai.grokking.model import ToyModels, task_tensors, template_mse
from physai.grokking.task import AdditionTask
from physai.modular import ModAddTransformer, addition_split, cross_entropy64, train_transformers
from physai.quantization.data import MultitaskSparseParity
from physai.quantization.experiments import train_widths
from physai.quantization.model import MultiWidthMLP, per_width_loss

REPEATS = 3


# ── measuring ───────────────────────────────────────────────────────────────────────────────

def best_seconds(fn: Callable[[], None], repeats: int = REPEATS) -> float:
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def loop_rate(step: Callable[[], None], steps: int) -> float:
    """Steps/s of a step function (after one warm-up step)."""
    step()
    return steps / best_seconds(lambda: [step() for _ in range(steps)])


def trainer_rate(run: Callable[[int], None], steps: int) -> float:
    """Steps/s of a whole trainer call run(n_steps): the time of 2n steps minus that of n,
    so that set-up and the first and last evaluations cancel."""
    return steps / max(best_seconds(lambda: run(2 * steps)) - best_seconds(lambda: run(steps)), 1e-9)


def flops(step: Callable[[], None]) -> int:
    with FlopCounterMode(display=False) as counter:
        step()
    return counter.get_total_flops()


def matmul_peak(dtype: torch.dtype, n: int = 2048) -> float:
    """FLOP/s of an n × n matmul in dtype, on this thread."""
    a, b = torch.randn(n, n).to(dtype), torch.randn(n, n).to(dtype)
    a @ b
    return 2 * n**3 / best_seconds(lambda: a @ b, 5)


def plain_step(model: torch.nn.Module, loss: Callable[[], torch.Tensor], precision: str = "fp32",
               lr: float = 1e-3) -> Callable[[], None]:
    """One step of the plain loop: autocast if bf16, backward, fused AdamW."""
    opt = torch.optim.AdamW(model.parameters(), lr, fused=True)

    def step():
        with torch.autocast("cpu", torch.bfloat16, enabled=precision == "bf16"):
            value = loss()
        opt.zero_grad(set_to_none=True)
        value.backward()
        opt.step()
    return step


# ── the workloads ───────────────────────────────────────────────────────────────────────────

class TextbookTransformer(ModAddTransformer):
    """The same weights, computed as the original writes it (and as our trainer did before
    issue 20): einsums over both positions and all heads, the MLP on both positions."""

    def forward(self, tokens):
        x = self.W_E[tokens] + self.W_pos
        q, k, v = (torch.einsum("hed,bpd->bhpe", W, x) for W in (self.W_Q, self.W_K, self.W_V))
        attn = self.attn_rate * torch.softmax(torch.einsum("bhqe,bhke->bhqk", q, k) / math.sqrt(q.shape[-1]), -1)
        z = torch.einsum("bhqk,bhke->bqhe", attn + (1 - self.attn_rate), v).flatten(2)
        h = x + z @ self.W_O.T
        h = h + torch.relu(h @ self.W_in.T + self.b_in) @ self.W_out.T + self.b_out
        return h[:, -1] @ self.W_U


def clock_pizza(precision: str) -> dict:
    split = addition_split(59, 0.8)
    batch = (split.x_train, split.y_train)
    torch.manual_seed(0)
    model = ModAddTransformer(59, 128, 4, attn_rate=1.0)
    step = plain_step(model, lambda: cross_entropy64(model, batch), precision)
    run = lambda n: train_transformers(split, 128, [1.0], [0], steps=n, log_every=10**9, precision=precision)
    return {"ours": trainer_rate(run, 20), "plain": loop_rate(step, 20), "flops": flops(step)}


def clock_pizza_textbook() -> dict:
    split = addition_split(59, 0.8)
    torch.manual_seed(0)
    model = TextbookTransformer(59, 128, 4, attn_rate=1.0)
    step = plain_step(model, lambda: cross_entropy64(model, (split.x_train, split.y_train)))
    return {"ours": math.nan, "plain": loop_rate(step, 10), "flops": flops(step)}


def grokking_toy(precision: str, K: int = 8) -> dict:
    """Notebook 01's toy models at the paper's width 200, K of them stacked."""
    task = AdditionTask()
    masks = np.random.default_rng(0).random((K, len(task.pairs))) < 0.6
    data = task_tensors(task, masks)
    models = ToyModels(range(K), p=task.p, width=200, out_dim=task.out_dim)
    opt = torch.optim.AdamW(models.params.values(), 1e-3, fused=True)

    def step():
        with torch.autocast("cpu", torch.bfloat16, enabled=precision == "bf16"):
            loss = template_mse(models, data).sum()  # (K,) losses: their sum trains each model on its own
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    if precision == "fused":  # the engine's fused=True update (not bit-identical), through train_batched
        fresh = lambda: ToyModels(range(K), p=task.p, width=200, out_dim=task.out_dim)
        run = lambda n: train_batched(fresh(), template_mse, data, BatchedConfig(n, log_every=10**9, fused=True),
                                      lr=1e-3)
        return {"ours": trainer_rate(run, 200), "plain": math.nan, "flops": flops(step)}
    if precision != "fp32":  # train_toy has no precision setting: its matmuls are tiny
        return {"ours": math.nan, "plain": loop_rate(step, 200), "flops": flops(step)}
    run = lambda n: train_toy(task, masks, range(K), steps=n, width=200, log_every=10**9)
    return {"ours": trainer_rate(run, 200), "plain": loop_rate(step, 200), "flops": flops(step)}


def quantization(precision: str) -> dict:
    """Notebook 03's multi-width network at the standard profile (n = 16 bits, batch 1000)."""
    data = MultitaskSparseParity(500, 16, 3, 0.5)
    widths = [8, 16, 32, 64, 128, 256]
    model = MultiWidthMLP(data.n_tasks, data.n_bits, widths)
    stream = torch.Generator().manual_seed(0)
    tasks, bits, labels = data.sample(1000, stream)
    step = plain_step(model, lambda: per_width_loss(model(tasks, bits), labels).sum(), precision, 3e-3)
    if precision != "fp32":
        return {"ours": math.nan, "plain": loop_rate(step, 50), "flops": flops(step)}
    run = lambda n: train_widths(data, widths, steps=n, batch=1000, lr=3e-3, n_evals=2)
    return {"ours": trainer_rate(run, 50), "plain": loop_rate(step, 50), "flops": flops(step)}


def bimt(precision: str) -> dict:
    """Notebook 04's digits network (64-100-100-10), full batch of 1437 images, with swaps."""
    x, y = torch.randn(1437, 64), torch.randint(0, 10, (1437,))
    model = BioMLP([64, 100, 100, 10])
    step = plain_step(model, lambda: F.cross_entropy(model(x), y), precision)
    if precision != "fp32":
        return {"ours": math.nan, "plain": loop_rate(step, 100), "flops": flops(step)}
    run = lambda n: train_bimt(BioMLP([64, 100, 100, 10]), F.cross_entropy, (x, y),
                               BIMTConfig(steps=n, log_every=10**9, swap_every=200))
    return {"ours": trainer_rate(run, 100), "plain": loop_rate(step, 100), "flops": flops(step)}


def generative_mlp(precision: str) -> dict:
    """Notebooks 07-09's denoiser: an MLP of width 256, depth 4, on 64-pixel digits, batch 256."""
    y = torch.randn(1797, 64)
    net = edm.Denoiser(64, 256, 4)
    batch = y[:256]
    step = plain_step(net, lambda: edm.loss(net, batch), precision)
    if precision != "fp32":
        return {"ours": math.nan, "plain": loop_rate(step, 50), "flops": flops(step)}
    cfg = lambda n: argparse.Namespace(steps=n, lr=1e-3, batch_size=256, ema=0.999)
    run = lambda n: fit_with_ema(edm.Denoiser(64, 256, 4), lambda m, b: edm.loss(m, b[0]), y, cfg(n), "bench")
    return {"ours": trainer_rate(run, 50), "plain": loop_rate(step, 50), "flops": flops(step)}


WORKLOADS = {
    "clock/pizza p=59 d=128 (original's formulation)": lambda precision: clock_pizza_textbook(),
    "clock/pizza p=59 d=128": clock_pizza,
    "grokking toy, width 200, 8 stacked": grokking_toy,
    "quantization multi-width (6 widths)": quantization,
    "BIMT digits 64-100-100-10": bimt,
    "generative denoiser MLP 256×4": generative_mlp,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only the workloads whose name contains this text")
    only = parser.parse_args().only
    torch.set_num_threads(1)
    peaks = {"fp32": matmul_peak(torch.float32), "bf16": matmul_peak(torch.bfloat16)}
    print(f"matmul peak, one thread: fp32 {peaks['fp32'] / 1e9:.0f} GFLOP/s, bf16 {peaks['bf16'] / 1e9:.0f} GFLOP/s")
    rows = []
    for name, workload in WORKLOADS.items():
        if only not in name:
            continue
        for precision in ("fp32", "bf16", "fused"):
            if ("original" in name and precision == "bf16") or (precision == "fused" and "toy" not in name):
                continue
            r = workload(precision)
            peak = peaks["bf16" if precision == "bf16" else "fp32"]
            label = "fp32, fused=True" if precision == "fused" else precision
            rows.append({"workload": name, "precision": label, "ours steps/s": r["ours"],
                         "plain torch steps/s": r["plain"], "GFLOP/step": r["flops"] / 1e9,
                         "ours % of peak": 100 * r["ours"] * r["flops"] / peak,
                         "plain % of peak": 100 * r["plain"] * r["flops"] / peak})
            print(pd.DataFrame(rows[-1:]).to_string(index=False, header=len(rows) == 1, float_format="%.3g"),
                  flush=True)
    print()
    print(pd.DataFrame(rows).to_markdown(index=False, floatfmt=".3g"))


if __name__ == "__main__":
    main()
