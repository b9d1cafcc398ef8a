"""BIMT training (Sec. 2): the task loss plus λ × the connection cost, with neuron swaps
every `swap_every` steps — on physai.train's one training loop (several networks at once:
`physai.bimt.stacked`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import pandas as pd
import torch

from ..train import TrainConfig, make_optimizer, train
from .model import BioMLP, connection_cost
from .swap import relocate_


@dataclass(frozen=True)
class BIMTConfig:
    steps: int = 20_000
    lr: float = 2e-3
    lam: float = 1e-3                      # λ at the start
    lam_changes: tuple = ((0.25, 10.0), (0.75, 0.1))  # (fraction of training, factor): the original's schedule
    weight_factor: float = 1.0             # 0: plain L1, no locality
    l0: float = 0.1
    swap_every: int = 200                  # 0: never swap
    top_k: int = 5
    bias_from: float = 0.75                # biases are charged from this fraction of training on
    local_last: bool = True
    reduce: str = "sum"
    batch_size: int | None = None          # None: full batch
    log_every: int = 500
    permute_optimizer: bool = True         # the original leaves Adam's state where it was
    swap_inputs: bool = True               # False: the input places never move (the original's images)
    seed: int = 0                          # drives minibatch sampling only


def lam_at(cfg: BIMTConfig, step: int) -> float:
    """λ at (0-based) step: the start value times every factor whose time has come."""
    lam = cfg.lam
    for fraction, factor in cfg.lam_changes:
        if step >= int(fraction * cfg.steps):
            lam *= factor
    return lam


def train_bimt(model: BioMLP, task_loss: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
               data: Sequence[torch.Tensor], cfg: BIMTConfig = BIMTConfig(), *,
               metrics: Mapping[str, Callable[[torch.nn.Module], float]] | None = None,
               desc: str = "BIMT") -> pd.DataFrame:
    """Train with loss = task_loss(model(x), y) + λ(step) ℓ_cc; swap every cfg.swap_every
    steps.  The history has the total loss, `metrics` and the connection cost."""
    tcfg = TrainConfig(steps=cfg.steps, lr=cfg.lr, weight_decay=0.0, batch_size=cfg.batch_size,
                       log_every=cfg.log_every, seed=cfg.seed, fused=True)  # fused AdamW: ~2x faster here
    optimizer = make_optimizer(model.parameters(), tcfg)  # built here: swaps permute its state
    done = {"steps": 0}

    def cost(m, biases=True):
        return connection_cost(m, cfg.weight_factor, cfg.l0, biases=biases, local_last=cfg.local_last,
                               reduce=cfg.reduce)

    def loss_fn(m, batch):
        x, y = batch
        step = done["steps"]
        return task_loss(m(x), y) + lam_at(cfg, step) * cost(m, biases=step >= int(cfg.bias_from * cfg.steps))

    def after_step(step, m):
        done["steps"] = step
        if cfg.swap_every and step % cfg.swap_every == 0:
            relocate_(m, cfg.top_k, optimizer if cfg.permute_optimizer else None, reduce=cfg.reduce,
                      swap_inputs=cfg.swap_inputs)

    metrics = {**(metrics or {}), "connection_cost": lambda m: float(cost(m))}
    return train(model, loss_fn, data, tcfg, metrics=metrics, optimizer=optimizer, callback=after_step, desc=desc)
