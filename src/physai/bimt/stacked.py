"""Several BioMLPs of one shape trained at once: seeds, and the original's ablations.

The original's symbolic notebook names five training types — 1 no L1, 2 L1, 3 L1 + local,
4 L1 + swap, 5 L1 + local + swap (BIMT) — that differ only in the weight factor of the
connection cost and in whether neurons swap.  `train_bimt_stacked` trains such networks,
over seeds, as one: the K networks' weights are stacked along a leading axis and every
layer is one batched matmul, so K small networks cost little more than one.  Each network
keeps its own weight factor, swap period and handling of Adam's state (PER_NETWORK); every
other setting is shared.  The updates are `train_bimt`'s, network by network (tested: the
same weights to float tolerance).  The optimizer is torch's fused AdamW on the stacked
tensors: its update is elementwise, so network k's slice gets exactly the update it would get
alone (all networks share the learning rate).
"""
from __future__ import annotations

import copy
from dataclasses import fields
from typing import Callable, Mapping, Sequence

import pandas as pd
import torch
from torch.nn import functional as F
from tqdm import tqdm

from ..runtime import progress_enabled
from ..train import check_finite, minibatches
from .model import BioMLP, connection_cost
from .swap import relocate_
from .training import BIMTConfig, lam_at

# What may differ between the networks of one stacked run (the original's training types).
PER_NETWORK = ("weight_factor", "swap_every", "permute_optimizer")


class StackedBioMLP:
    """K BioMLPs of one shape and geometry with stacked parameters and places (leading axis K)."""

    def __init__(self, models: Sequence[BioMLP]):
        if not models:
            raise ValueError("need at least one network")
        first = models[0]
        for m in models[1:]:
            if (m.shape, m.in_fold, m.embedding is None) != (first.shape, first.in_fold, first.embedding is None):
                raise ValueError("stacked networks need one shape, fold and embedding; got "
                                 f"{m.shape} vs {first.shape}")
        self.template = copy.deepcopy(first)
        self.params = {name: torch.stack([dict(m.named_parameters())[name].detach() for m in models])
                       .clone().requires_grad_(True) for name, _ in first.named_parameters()}
        self.buffers = {name: torch.stack([dict(m.named_buffers())[name] for m in models]).clone()
                        for name, _ in first.named_buffers()}
        self.K = len(models)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """(K, batch, n_out) outputs: BioMLP.forward, network by network."""
        t, K = self.template, self.K
        if t.embedding is not None:
            x = self.params["embedding"][:, x]  # (K, batch, in_fold, places)
        else:
            x = x.reshape(1, x.shape[0], t.in_fold, t.places).expand(K, -1, -1, -1)
        index = self.buffers["in_perm"][:, None, None, :].expand(K, x.shape[1], t.in_fold, t.places)
        x = torch.gather(x, 3, index).reshape(K, x.shape[1], -1)  # place q reads feature in_perm[q]
        for i in range(t.n_weight_layers):
            w, b = self.params[f"layers.{i}.weight"], self.params[f"layers.{i}.bias"]
            x = torch.baddbmm(b[:, None, :], x, w.transpose(1, 2))  # (K, batch, n_{i+1})
            if i < t.n_weight_layers - 1:
                x = F.silu(x)
        order = torch.argsort(self.buffers["out_perm"], dim=1)  # feature f sits where out_perm == f
        return torch.gather(x, 2, order[:, None, :].expand_as(x))

    def connection_cost(self, weight_factor: torch.Tensor, l0: float, biases: bool = True,
                        local_last: bool = True, reduce: str = "sum") -> torch.Tensor:
        """(K,) ℓ_cc of every network (model.connection_cost), weight_factor one per network."""
        agg = torch.sum if reduce == "sum" else torch.mean
        last = self.template.n_weight_layers - 1
        cost = torch.zeros(self.K)
        for i in range(last + 1):
            w, b = self.params[f"layers.{i}.weight"], self.params[f"layers.{i}.bias"]
            wf = weight_factor if (local_last or i < last) else torch.zeros_like(weight_factor)
            cost = cost + agg(w.abs() * (wf[:, None, None] * self.buffers[f"distance_{i}"] + l0), dim=(1, 2))
            if biases:
                cost = cost + agg(b.abs() * l0, dim=1)
        if "embedding" in self.params:
            cost = cost + agg(self.params["embedding"].abs() * l0, dim=(1, 2))
        return cost

    @torch.no_grad()
    def unstack(self, k: int) -> BioMLP:
        """Network k as an ordinary BioMLP (a copy)."""
        net = copy.deepcopy(self.template)
        for name, p in net.named_parameters():
            p.copy_(self.params[name][k])
        for name, b in net.named_buffers():
            b.copy_(self.buffers[name][k])
        return net

    @torch.no_grad()
    def write_back(self, k: int, net: BioMLP) -> None:
        """Network k's weights and places from `net` (after its swaps)."""
        for name, p in net.named_parameters():
            self.params[name][k].copy_(p)
        for name, b in net.named_buffers():
            self.buffers[name][k].copy_(b)


class _MemberState:
    """Network k's slice of the stacked Adam moments, keyed by its unstacked parameters — what
    `swap_neurons_` permutes; the slices are views, so the stacked state moves with them."""

    def __init__(self, net: BioMLP, stack: StackedBioMLP, opt: torch.optim.Optimizer, k: int):
        self.state = {p: {key: opt.state[stack.params[name]][key][k] for key in ("exp_avg", "exp_avg_sq")}
                      for name, p in net.named_parameters()}


def _shared(cfgs: Sequence[BIMTConfig]) -> BIMTConfig:
    """The settings every network of a stacked run shares (all but PER_NETWORK)."""
    for f in fields(BIMTConfig):
        values = {repr(getattr(c, f.name)) for c in cfgs}
        if f.name not in PER_NETWORK and len(values) > 1:
            raise ValueError(f"stacked networks may differ only in {', '.join(PER_NETWORK)}; "
                             f"{f.name} differs: {', '.join(sorted(values))}")
    return cfgs[0]


def train_bimt_stacked(models: Sequence[BioMLP], task_loss: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                       data: Sequence[torch.Tensor], cfgs: BIMTConfig | Sequence[BIMTConfig], *,
                       metrics: Mapping[str, Callable[[BioMLP], float]] | None = None,
                       desc: str = "BIMT (stacked)") -> tuple[list[BioMLP], pd.DataFrame]:
    """`train_bimt` (Sec. 2: task loss + λ ℓ_cc, swaps every swap_every steps) for K networks
    at once, network k with cfgs[k] (they may differ only in PER_NETWORK).

    metrics: name -> fn(network) as for train_bimt, evaluated on each network at the logged
    steps.  Returns (the trained networks, history: model, step, loss, metrics, connection_cost).
    """
    cfgs = [cfgs] * len(models) if isinstance(cfgs, BIMTConfig) else list(cfgs)
    if len(cfgs) != len(models):
        raise ValueError(f"need one config per network, got {len(cfgs)} for {len(models)}")
    cfg = _shared(cfgs)
    check_finite(data)
    stack = StackedBioMLP(models)
    weight_factor = torch.tensor([float(c.weight_factor) for c in cfgs])
    opt = torch.optim.AdamW(list(stack.params.values()), lr=cfg.lr, weight_decay=0.0, fused=True)
    batches = minibatches(data, cfg.batch_size, torch.Generator().manual_seed(cfg.seed))
    active = torch.ones(stack.K, dtype=torch.bool)
    metrics = dict(metrics or {})
    rows: list[dict] = []

    @torch.no_grad()
    def log(step: int, losses: torch.Tensor) -> None:
        for k in range(stack.K):
            net = stack.unstack(k)
            values = {name: float(fn(net)) for name, fn in metrics.items()}
            values["connection_cost"] = float(connection_cost(net, cfgs[k].weight_factor, cfg.l0, True,
                                                              cfg.local_last, cfg.reduce))
            values = values if active[k] else dict.fromkeys(values, float("nan"))
            rows.append({"model": k, "step": step, "loss": float(losses[k]) if active[k] else float("nan"), **values})

    for step in tqdm(range(1, cfg.steps + 1), desc=desc, disable=not progress_enabled(), mininterval=1.0):
        x, y = next(batches)
        done = step - 1  # as train_bimt: λ and the bias charge of the 0-based step
        out = stack(x)
        losses = torch.stack([task_loss(out[k], y) for k in range(stack.K)])
        losses = losses + lam_at(cfg, done) * stack.connection_cost(
            weight_factor, cfg.l0, done >= int(cfg.bias_from * cfg.steps), cfg.local_last, cfg.reduce)
        active &= torch.isfinite(losses.detach())  # a diverged network is logged as NaN from then on
        if step == 1:
            log(0, losses.detach())
        if not active.any():
            break
        opt.zero_grad(set_to_none=True)
        torch.where(active, losses, torch.zeros_like(losses)).sum().backward()
        opt.step()
        for k, c in enumerate(cfgs):
            if c.swap_every and step % c.swap_every == 0 and active[k]:
                net = stack.unstack(k)
                relocate_(net, cfg.top_k, _MemberState(net, stack, opt, k) if c.permute_optimizer else None,
                          reduce=cfg.reduce, swap_inputs=cfg.swap_inputs)
                stack.write_back(k, net)
        if step % cfg.log_every == 0 or step == cfg.steps:
            log(step, losses.detach())
    return [stack.unstack(k) for k in range(stack.K)], pd.DataFrame(rows)
