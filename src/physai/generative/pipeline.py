"""Train → sample → score: the loop notebooks 07 (PFGM and its diffusion baseline) and 09
(GenPhys's Yukawa models) share.

`fit_with_ema` trains any model with Adam on minibatches through the core loop
(physai.train) and keeps an EMA of its weights for sampling; `quality_table` runs a list of
samplers once each and scores their samples against held-out images.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable, Hashable

import pandas as pd
import torch
from tqdm import tqdm

from ..runtime import progress_enabled
from ..train import TrainConfig, train
from . import metrics
from .data import ImageData
from ..train import EMA


@dataclass
class Trained:
    model: torch.nn.Module   # the EMA weights, used for sampling
    history: pd.DataFrame
    seconds: float


def fit_with_ema(net: torch.nn.Module, loss_fn: Callable, y: torch.Tensor, cfg, desc: str) -> Trained:
    """Adam with minibatches of y for cfg.steps, keeping an EMA of the weights (cfg.ema).

    The net is moved to y's device (in place), so the model, its EMA copy and every batch
    are where the data are.
    """
    net.to(y.device)
    ema = EMA(net, cfg.ema)
    start = time.perf_counter()
    history = train(net, loss_fn, (y,), TrainConfig(steps=cfg.steps, lr=cfg.lr, optimizer="adam",
                                                      batch_size=cfg.batch_size, log_every=max(cfg.steps // 40, 1),
                                                      seed=0),
                    callback=lambda step, model: ema.update(model), desc=desc, state={"ema": ema})
    return Trained(ema.model, history, time.perf_counter() - start)


def quality_table(runs: list[tuple[Hashable, str, Callable[[], tuple[torch.Tensor, int]]]], d: ImageData,
                  features: metrics.ClassifierFeatures) -> tuple[pd.DataFrame, dict]:
    """Run each (method, sampler, run) once and score it against the held-out images.

    `method` labels the model (a name, or a parameter such as GenPhys's mass m); `run()`
    returns (samples, NFE).
    Returns the table (one row per run: NFE, FD on classifier features, sliced W1, the
    fraction of out-of-range pixels FD cannot see, seconds)
    and the samples keyed by (method, sampler, NFE).
    """
    rows, samples = [], {}
    for method, sampler, run in tqdm(runs, desc="samplers", disable=not progress_enabled()):
        start = time.perf_counter()
        x, nfe = run()
        seconds = time.perf_counter() - start
        samples[method, sampler, nfe] = x
        ok = bool(torch.isfinite(x).all())  # a diverged solve scores NaN, it does not stop the table
        rows.append({"method": method, "sampler": sampler, "nfe": nfe,
                     "fd": features.frechet(x, d.test) if ok else math.nan,
                     "sw": metrics.sliced_wasserstein(x, d.test) if ok else math.nan,
                     "out_of_range": metrics.out_of_range(x) if ok else math.nan, "seconds": seconds})
    return pd.DataFrame(rows), samples
