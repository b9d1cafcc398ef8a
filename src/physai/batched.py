"""Train K small models of one architecture at once: the engine behind phase diagrams.

The K models' parameters are stacked along a new leading axis and evaluated with
torch.func.functional_call under vmap, so one forward/backward pass trains them all.
Each model may have its own learning rate, weight decay, initialisation scale and
seed.  The optimizers are written out here, vectorised over K, because torch's own
take one learning rate per tensor; `tests/test_batched.py` checks they match
torch.optim to float tolerance.  A model whose loss turns non-finite is recorded as
diverged (NaN from then on) and frozen; the others go on.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import pandas as pd
import torch
from torch.func import functional_call, vmap
from torch.utils._pytree import tree_map
from tqdm import tqdm

from .runtime import flush_denormals, progress_enabled
from .train import check_precision, matmul_precision


class BatchedModels:
    """K copies of one architecture with stacked parameters (leading axis K)."""

    def __init__(self, models: Sequence[torch.nn.Module]):
        if not models:
            raise ValueError("need at least one model")
        self.base = copy.deepcopy(models[0]).to("meta")  # the architecture, no storage
        self.params = {
            name: torch.stack([dict(m.named_parameters())[name].detach() for m in models]).clone()
            for name, _ in models[0].named_parameters()
        }
        self.buffers = {
            name: torch.stack([dict(m.named_buffers())[name] for m in models]).clone()
            for name, _ in models[0].named_buffers()
        }
        for p in self.params.values():
            p.requires_grad_(True)

    @classmethod
    def build(cls, make_model: Callable[[], torch.nn.Module], seeds: Sequence[int],
              init_scale: float | Sequence[float] = 1.0, device: torch.device | str = "cpu"):
        """K models from one builder, model k seeded with seeds[k], weights × init_scale[k]."""
        models = []
        for k, seed in enumerate(seeds):
            torch.manual_seed(int(seed))
            model = make_model().to(device)
            scale = init_scale if isinstance(init_scale, (int, float)) else init_scale[k]
            with torch.no_grad():
                for p in model.parameters():
                    p.mul_(scale)
            models.append(model)
        return cls(models)

    @property
    def K(self) -> int:
        return next(iter(self.params.values())).shape[0]

    def _single(self, params: dict, buffers: dict) -> Callable[[torch.Tensor], torch.Tensor]:
        return lambda *inputs: functional_call(self.base, (params, buffers), inputs)

    def map(self, fn: Callable, *args, per_model_args: bool = False) -> torch.Tensor:
        """vmap fn(model, *args) over the K models; args shared unless per_model_args."""
        def one(params, buffers, *a):
            return fn(self._single(params, buffers), *a)

        if self.K == 1:  # no vmap: the same numbers without its per-op overhead (~1.5x, issue 20)
            first = lambda tree: {name: t[0] for name, t in tree.items()}
            a = [x[0] for x in args] if per_model_args else args
            return tree_map(lambda out: out.unsqueeze(0), one(first(self.params), first(self.buffers), *a))
        in_dims = (0, 0) + ((0 if per_model_args else None),) * len(args)
        return vmap(one, in_dims=in_dims, randomness="different")(self.params, self.buffers, *args)

    def __call__(self, *inputs: torch.Tensor) -> torch.Tensor:
        """Outputs of all K models on the same inputs, shape (K, ...)."""
        return self.map(lambda model, *x: model(*x), *inputs)

    def losses(self, loss_fn: Callable, data: Sequence[torch.Tensor], per_model_data: bool = False):
        """(K,) losses: loss_fn(model, batch) for each model, vmapped."""
        return self.map(lambda m, *batch: loss_fn(m, batch), *data, per_model_args=per_model_data)

    def evaluate(self, fn: Callable, data: Sequence[torch.Tensor], per_model_data: bool = False):
        """(K,) metric values: fn(model, *data) for each model, vmapped."""
        return self.map(fn, *data, per_model_args=per_model_data)

    def unstack(self, k: int) -> torch.nn.Module:
        """Model k as an ordinary nn.Module (a copy)."""
        model = copy.deepcopy(self.base).to_empty(device=next(iter(self.params.values())).device)
        with torch.no_grad():
            for name, p in model.named_parameters():
                p.copy_(self.params[name][k])
            for name, b in model.named_buffers():
                b.copy_(self.buffers[name][k])
        return model


def _per_model(value, K: int, device) -> torch.Tensor:
    t = torch.as_tensor(value, dtype=torch.float32, device=device)
    if t.ndim == 0:
        return t.expand(K).clone()
    if t.shape != (K,):
        raise ValueError(f"expected one value or {K} values (one per model), got shape {tuple(t.shape)}")
    return t


def _per_parameter(value, params: dict) -> dict[str, torch.Tensor]:
    """A (K,) tensor per parameter from one value, a length-K sequence, or a dict by name."""
    first = next(iter(params.values()))
    if isinstance(value, dict):
        missing = set(params) - set(value)
        if missing:
            raise ValueError(f"no value for parameter(s) {sorted(missing)}; parameters: {sorted(params)}")
        return {n: _per_model(value[n], first.shape[0], first.device) for n in params}
    shared = _per_model(value, first.shape[0], first.device)
    return {n: shared for n in params}


# How many numbers of one parameter BatchedOptimizer.step updates at a time (a slice of the
# K models): small enough that a slice's parameters, gradients and Adam state stay in cache.
SLICE = 1 << 16


def _bcast(v: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    return v.view(-1, *([1] * (like.ndim - 1)))


class BatchedOptimizer:
    """AdamW / Adam / SGD over stacked parameters with per-model lr and weight decay.

    lr and weight_decay: one value, a length-K sequence, or a dict from parameter name to
    either (parameter groups, e.g. a faster learning rate for embeddings).

    The update equations are torch.optim's (AdamW: Loshchilov & Hutter 2019, decoupled
    decay p ← p − lr·wd·p before the Adam step; Adam and SGD: coupled, g ← g + wd·p).
    """

    KINDS = ("adamw", "adam", "sgd")

    def __init__(self, params: dict, kind: str, lr, weight_decay=0.0,
                 betas=(0.9, 0.999), eps: float = 1e-8, fused: bool = False):
        if kind not in self.KINDS:
            raise ValueError(f"unknown optimizer {kind!r}; choose one of {list(self.KINDS)}")
        if fused and kind == "sgd":
            raise ValueError("fused=True is for adamw and adam (torch has no fused SGD kernel here)")
        self.params, self.kind, self.betas, self.eps, self.fused = params, kind, betas, eps, fused
        self.lr = _per_parameter(lr, params)
        self.weight_decay = _per_parameter(weight_decay, params)
        self.state = {n: (torch.zeros_like(p), torch.zeros_like(p)) for n, p in params.items()}
        self.t = 0

    @torch.no_grad()
    def step(self, active: torch.Tensor) -> None:
        """One update; models with active[k] == 0 are left untouched.

        Each parameter is updated a slice of models at a time (`SLICE` numbers): Adam's ten
        elementwise passes then run on memory that stays in the core's cache, 1.6× faster
        at notebook 01's width 200 (issue 20).  Every number goes through the same
        operations as in one pass over the whole stack, so nothing changes by a bit
        (tests/test_batched.py keeps the one-pass loop and compares)."""
        self.t += 1
        if self.fused:
            return self._fused_step(active)
        b1, b2 = self.betas
        all_active = bool(active.all())
        bias1, bias2 = 1 - b1**self.t, math.sqrt(1 - b2**self.t)
        for name, p in self.params.items():
            if p.grad is None:
                continue
            lr = self.lr[name] if all_active else self.lr[name] * active
            wd = self.weight_decay[name]
            decays = bool(wd.any())
            m, v = self.state[name]
            per = max(1, SLICE // max(1, p[0].numel()))
            for s in range(0, p.shape[0], per):
                k = slice(s, s + per)
                g = p.grad[k] if all_active else torch.nan_to_num(p.grad[k]) * _bcast(active[k], p)
                self._update(p[k], g, m[k], v[k], _bcast(lr[k], p), _bcast(wd[k], p), decays, bias1, bias2)

    def _fused_step(self, active: torch.Tensor) -> None:
        """fused=True: torch's fused Adam(W) kernel, one pass over each tensor (5× faster than
        the ten passes of `_update` at notebook 01's width 200).  The kernel takes one learning
        rate and decay per call, so the tensors (whole, or one model's slice when the models
        differ) are grouped by their (lr, weight decay).  Not bit-identical to the default
        (another order of operations, the rates in float64); frozen models are skipped."""
        b1, b2 = self.betas
        keep = active.bool().tolist()
        step = torch.tensor(float(self.t))
        groups: dict[tuple[float, float], list[tuple[torch.Tensor, ...]]] = {}
        for name, p in self.params.items():
            if p.grad is None:
                continue
            (m, v), lrs, wds = self.state[name], self.lr[name].tolist(), self.weight_decay[name].tolist()
            if all(keep) and len(set(lrs)) == 1 and len(set(wds)) == 1:
                groups.setdefault((lrs[0], wds[0]), []).append((p, p.grad, m, v))
                continue
            for k in range(len(keep)):
                if keep[k]:
                    groups.setdefault((lrs[k], wds[k]), []).append((p[k], p.grad[k], m[k], v[k]))
        kernel = torch._fused_adamw_ if self.kind == "adamw" else torch._fused_adam_
        for (lr, wd), tensors in groups.items():
            ps, gs, ms, vs = (list(t) for t in zip(*tensors))
            kernel(ps, gs, ms, vs, [], [step] * len(ps), lr=lr, beta1=b1, beta2=b2, weight_decay=wd,
                   eps=self.eps, amsgrad=False, maximize=False)

    def _update(self, p, g, m, v, lr_k, wd_k, decays: bool, bias1: float, bias2: float) -> None:
        b1, b2 = self.betas
        if self.kind == "sgd":
            p.sub_(lr_k * (g + wd_k * p) if decays else lr_k * g)
            return
        if self.kind == "adamw" and decays:
            p.mul_(1 - lr_k * wd_k)
        elif decays:
            g = g + wd_k * p
        m.mul_(b1).add_(g, alpha=1 - b1)
        v.mul_(b2).addcmul_(g, g, value=1 - b2)
        denom = v.sqrt().div_(bias2).add_(self.eps)
        p.addcdiv_(m * (lr_k / bias1), denom, value=-1.0)

    def zero_grad(self) -> None:
        for p in self.params.values():
            p.grad = None


@dataclass(frozen=True)
class BatchedConfig:
    steps: int = 1000
    optimizer: str = "adamw"
    log_every: int = 100
    precision: str = "fp32"  # "bf16": matmuls in bfloat16 (physai.train.PRECISIONS); metrics stay fp32
    flush_denormal: bool = True  # denormal floats as zero while training (physai.runtime.flush_denormals)
    fused: bool = False  # torch's fused Adam(W) kernel: ~5x faster update, not bit-identical (BatchedOptimizer)

    def __post_init__(self):
        check_precision(self.precision)


def train_batched(
    models,
    loss_fn: Callable[[Callable, tuple], torch.Tensor],
    data: Sequence[torch.Tensor] | Callable[[int], Sequence[torch.Tensor]],
    cfg: BatchedConfig = BatchedConfig(),
    *,
    lr=1e-3,
    weight_decay=0.0,
    metrics: Mapping[str, Callable[[Callable], torch.Tensor]] | None = None,
    per_model_data: bool = False,
    callback: Callable[[int, object], None] | None = None,
    betas: tuple[float, float] = (0.9, 0.999),
    lr_schedule: Callable[[int], float] | None = None,
    desc: str = "batched",
) -> pd.DataFrame:
    """Full-batch training of all K models; long-format history (model, step, loss, ...).

    models: a BatchedModels (any nn.Module architecture, vmapped) or a natively stacked
        model with the same interface (`params`, `K`, `losses`, `evaluate`), written with
        batched matmuls when speed matters (physai.grokking's toy model).
    loss_fn(model, batch) -> scalar, written for one model exactly as for `train`.
    data: tensors used at every step (full batch), or a function step -> tensors that
        draws a fresh batch (minibatches, or the noise of a diffusion loss) each step.
    lr and weight_decay: a float for all models or a length-K sequence.
    metrics: name -> fn(model) returning a scalar tensor (no .item(): it runs under vmap).
    per_model_data: data tensors carry a leading K axis (model k sees data[...][k]).
    callback(step, models) runs after every update (e.g. to record embeddings).
    betas: Adam's (β1, β2).  lr_schedule(step) multiplies every learning rate (a warm-up).
    """
    metrics = dict(metrics or {})
    opt = BatchedOptimizer(models.params, cfg.optimizer, lr, weight_decay, betas=betas, fused=cfg.fused)
    base_lr = dict(opt.lr)
    K = models.K
    active = torch.ones(K, dtype=torch.bool, device=next(iter(models.params.values())).device)
    diverged_at = torch.full((K,), -1, device="cpu")  # bookkeeping, wherever the models are
    rows: list[pd.DataFrame] = []

    batch_at = data if callable(data) else (lambda step: data)

    def log(step: int, losses: torch.Tensor, batch) -> None:
        with torch.no_grad():
            cols = {"model": range(K), "step": step, "loss": losses.detach().cpu().numpy()}
            for name, fn in metrics.items():
                cols[name] = models.evaluate(fn, batch, per_model_data).detach().cpu().numpy()
        frame = pd.DataFrame(cols)
        frame.loc[~active.cpu().numpy(), [c for c in frame.columns if c not in ("model", "step")]] = math.nan
        rows.append(frame)

    bar = tqdm(range(1, cfg.steps + 1), desc=desc, disable=not progress_enabled(), mininterval=1.0)
    device = next(iter(models.params.values())).device
    with flush_denormals(cfg.flush_denormal):
        for step in bar:
            batch = batch_at(step)
            with matmul_precision(cfg.precision, device):
                losses = models.losses(loss_fn, batch, per_model_data)
            finite = torch.isfinite(losses)
            newly = active & ~finite
            diverged_at[newly.cpu()] = step
            active &= finite
            if step == 1:
                log(0, losses, batch)
            if not active.any():
                break
            if lr_schedule is not None:
                opt.lr = {name: value * lr_schedule(step) for name, value in base_lr.items()}
            opt.zero_grad()
            torch.where(active, losses, torch.zeros_like(losses)).sum().backward()
            opt.step(active.float())
            if callback is not None:
                callback(step, models)
            if step % cfg.log_every == 0 or step == cfg.steps:
                log(step, losses, batch)
    bar.close()
    history = pd.concat(rows, ignore_index=True)
    history.attrs["diverged_at"] = diverged_at.tolist()  # -1: did not diverge
    return history
