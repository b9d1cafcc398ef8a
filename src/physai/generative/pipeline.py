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
                  features: metrics.ClassifierFeatures, out_of_range_tol: float = 0.0) -> tuple[pd.DataFrame, dict]:
    """Run each (method, sampler, run) once and score it against the held-out images.

    `method` labels the model (a name, or a parameter such as GenPhys's mass m); `run()`
    returns (samples, NFE).
    Returns the table (one row per run: NFE, FD on classifier features, sliced W1, the
    fraction of out-of-range pixels FD cannot see, beyond `out_of_range_tol`, seconds)
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
                     "out_of_range": metrics.out_of_range(x, tol=out_of_range_tol) if ok else math.nan,
                     "seconds": seconds})
    return pd.DataFrame(rows), samples


def quality_over_seeds(runs: list[tuple[Hashable, Callable[[int], tuple[torch.Tensor, int]]]], d: ImageData,
                       features: metrics.ClassifierFeatures, seeds: list[int]) -> tuple[pd.DataFrame, dict]:
    """Each (label, run) sampled once per sampling seed (`run(seed)` returns (samples, NFE)) and
    scored with `quality_table` against d.test.

    Returns one row per label: NFE, the median FD with its [min, max] over seeds, the median
    sliced W1, out-of-range fraction and smallest class share (the classifier's labels), and
    the samples of the first seed keyed by label.  A verdict that turns on an FD difference
    smaller than the floor's spread should read the spread, not one seed.
    """
    rows, samples = [], {}
    for label, run in runs:
        table, xs = quality_table([(label, str(s), lambda s=s, run=run: run(s)) for s in seeds], d, features)
        shares = [float(metrics.class_shares(features.predict(x)).min()) if bool(torch.isfinite(x).all())
                  else math.nan for x in xs.values()]
        samples[label] = next(iter(xs.values()))
        rows.append({"label": label, "nfe": int(table.nfe.iloc[0]), "fd": float(table.fd.median()),
                     "fd min": float(table.fd.min()), "fd max": float(table.fd.max()),
                     "sw": float(table.sw.median()), "out_of_range": float(table.out_of_range.median()),
                     "smallest class": float(pd.Series(shares).median()), "seeds": len(seeds)})
    return pd.DataFrame(rows), samples
