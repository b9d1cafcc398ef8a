"""One training loop for every paper: steps, optimizer, periodic logging, divergence.

Read it top to bottom: build the optimizer, then for each step draw a batch
(full batch by default), compute the loss, step, and every `log_every` steps write
a row of metrics.  A non-finite loss is recorded as a diverged run (NaN row,
`history.attrs["diverged"] = True`) and the loop stops; it never raises.

Beside the loop, what the papers' own loops share: the optimizer factory (fused AdamW
included), the one minibatch sampler, and the argmax accuracy used as a metric.

A long run can be checkpointed (`checkpoint=` a file, or $PHYSAI_CHECKPOINT_DIR for every
run): every `checkpoint_every` steps the model, the optimizer, the minibatch generator, the
history and any extra `state` (an EMA) are saved, and a run started again with the same
model, data and settings resumes from the last save, bit for bit.
"""
from __future__ import annotations

import copy
import hashlib
import math
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

import pandas as pd
import torch
from tqdm import tqdm

from .runtime import flush_denormals, progress_enabled

OPTIMIZERS = {
    "adamw": torch.optim.AdamW,
    "adam": torch.optim.Adam,
    "sgd": torch.optim.SGD,
}

# Matmul precision of the forward/backward pass.  "bf16": matmuls (and linear layers) in
# bfloat16 under torch.autocast, on the CPU's matrix units (AMX: 6-8x the fp32 rate here);
# weights, optimizer state and whatever the loss function casts up (float64 cross-entropy)
# stay as they are.  Safe for an experiment only when its claims do not move (issue 20).
PRECISIONS = ("fp32", "bf16")


def check_precision(precision: str) -> str:
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; choose one of {list(PRECISIONS)}")
    return precision


def matmul_precision(precision: str, device: torch.device | str = "cpu"):
    """The context the loss is computed in: autocast to bfloat16 for "bf16", nothing for "fp32"."""
    check_precision(precision)
    return torch.autocast(torch.device(device).type, dtype=torch.bfloat16, enabled=precision == "bf16")


@dataclass(frozen=True)
class TrainConfig:
    steps: int = 1000
    lr: float = 1e-3
    weight_decay: float = 0.0  # AdamW's decoupled decay; most papers here use 0 or 1e-2..2
    optimizer: str = "adamw"  # adamw | adam | sgd
    batch_size: int | None = None  # None: full batch, as in the algorithmic-task papers
    log_every: int = 100
    grad_clip: float | None = None
    seed: int = 0  # drives minibatch sampling only; models are seeded by their builders
    fused: bool = False  # torch's fused kernel (one step for all parameters): 2-3x faster on CPU (BIMT, quantization)
    precision: str = "fp32"  # "bf16": matmuls in bfloat16 (see PRECISIONS)
    flush_denormal: bool = True  # denormal floats as zero while training: same histories, no 5x slow-down (runtime.flush_denormals)

    def __post_init__(self):
        # bad settings fail here, by name, instead of deep inside the loop (or as a "diverged" run)
        if self.steps < 0:
            raise ValueError(f"steps must be ≥ 0, got {self.steps}")
        if self.log_every < 1:
            raise ValueError(f"log_every must be ≥ 1 (log every that many steps), got {self.log_every}")
        if self.batch_size is not None and self.batch_size < 1:
            raise ValueError(f"batch_size must be ≥ 1, or None for the full batch; got {self.batch_size}")
        if not self.lr > 0:
            raise ValueError(f"lr must be > 0, got {self.lr}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {self.optimizer!r}; choose one of {sorted(OPTIMIZERS)}")
        check_precision(self.precision)


def check_finite(data: Sequence[torch.Tensor]) -> None:
    """Refuse non-finite training data: a NaN in the inputs or targets is bad data, not a
    diverging run (which the loop records as such)."""
    for i, tensor in enumerate(data):
        if torch.is_tensor(tensor) and tensor.is_floating_point() and not torch.isfinite(tensor).all():
            bad = int((~torch.isfinite(tensor)).sum())
            raise ValueError(f"data[{i}] has {bad} non-finite value(s) (NaN or inf): clean the data before training")


def make_optimizer(params, cfg: TrainConfig) -> torch.optim.Optimizer:
    """Optimizer by name; a list of param-group dicts may carry per-group lrs.  cfg.fused
    asks for torch's fused implementation (the same update, one kernel)."""
    if cfg.optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {cfg.optimizer!r}; choose one of {sorted(OPTIMIZERS)}")
    fused = {"fused": True} if cfg.fused else {}
    return OPTIMIZERS[cfg.optimizer](params, lr=cfg.lr, weight_decay=cfg.weight_decay, **fused)


def minibatches(data: Sequence[torch.Tensor], batch_size: int | None,
                generator: torch.Generator) -> Iterator[tuple[torch.Tensor, ...]]:
    """The one minibatch sampler: endless batches of batch_size rows drawn uniformly with
    replacement, the same rows of every tensor in `data`; the indices come from `generator`
    on the CPU, so a seed gives the same batches on every device.  batch_size None (or ≥ the
    number of rows): the full data every time.  For physai.batched, pass
    `lambda step: next(batches)`."""
    n = len(data[0])
    while True:
        if batch_size is None or batch_size >= n:
            yield tuple(data)
        else:
            idx = torch.randint(n, (batch_size,), generator=generator, device="cpu").to(data[0].device)
            yield tuple(t[idx] for t in data)


@torch.no_grad()
def accuracy(model: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Share of argmax predictions of model(x) equal to y (class ids, or the argmax of one-hot
    rows), a 0-d tensor (`float()` it); under physai.batched's vmap, one value per model."""
    labels = y.argmax(-1) if y.ndim == 2 else y
    return (model(x).argmax(-1) == labels).float().mean()


def accuracy_metric(x: torch.Tensor, y: torch.Tensor) -> Callable[..., torch.Tensor]:
    """`accuracy` on fixed (x, y) as a metric for `train` or `train_batched` (extra arguments,
    the batch that train_batched passes, are ignored)."""
    return lambda model, *_: accuracy(model, x, y)


CHECKPOINT_ENV = "PHYSAI_CHECKPOINT_DIR"


def checkpoint_path(model: torch.nn.Module, data: Sequence[torch.Tensor], cfg: TrainConfig, desc: str,
                    folder: str | Path) -> Path:
    """Where a run keeps its checkpoint: a name from `desc` and a hash of what defines the run
    (the settings, the initial weights, the data), so a changed run never resumes a stale one."""
    h = hashlib.sha256(repr(sorted(asdict(cfg).items())).encode())
    for tensor in [*model.state_dict().values(), *(t for t in data if torch.is_tensor(t))]:
        h.update(str((tuple(tensor.shape), tensor.dtype)).encode())
        h.update(tensor.detach().cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in desc)
    return Path(folder) / f"{safe}-{h.hexdigest()[:16]}.pt"


def _save(path: Path, step: int, model, optimizer, generator, rows, state: Mapping[str, Any]) -> None:
    blob = {"step": step, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
            "generator": generator.get_state(), "rows": rows,
            "state": {name: obj.state_dict() for name, obj in state.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save(blob, tmp)
    tmp.replace(path)  # atomic: an interruption while saving leaves the previous checkpoint


def _resume(path: Path, model, optimizer, generator, state: Mapping[str, Any]) -> tuple[int, list[dict]]:
    blob = torch.load(path, map_location=next(model.parameters()).device, weights_only=False)
    model.load_state_dict(blob["model"])
    optimizer.load_state_dict(blob["optimizer"])
    generator.set_state(blob["generator"].cpu())
    for name, obj in state.items():
        obj.load_state_dict(blob["state"][name])
    return blob["step"], blob["rows"]


def train(
    model: torch.nn.Module,
    loss_fn: Callable[[torch.nn.Module, tuple], torch.Tensor],
    data: Sequence[torch.Tensor],
    cfg: TrainConfig = TrainConfig(),
    *,
    metrics: Mapping[str, Callable[[torch.nn.Module], float]] | None = None,
    optimizer: torch.optim.Optimizer | None = None,
    callback: Callable[[int, torch.nn.Module], None] | None = None,
    desc: str = "train",
    checkpoint: str | Path | None = None,
    checkpoint_every: int = 1000,
    state: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Train `model` for cfg.steps; return the history as a DataFrame.

    loss_fn(model, batch) -> scalar loss; `data` is a tuple of tensors sliced together
    into batches.  `metrics` are evaluated (under no_grad) at step 0, every
    cfg.log_every steps and at the end; each becomes a column beside `step` and `loss`.
    `callback(step, model)` runs after every optimizer step (BIMT's swaps, say).
    `checkpoint`: a file saved every `checkpoint_every` steps and resumed from when it exists
    (default: a file under $PHYSAI_CHECKPOINT_DIR when that is set, see `checkpoint_path`);
    `state`: more objects with state_dict/load_state_dict saved with it (the callback's EMA).
    The file is removed when the run completes.
    """
    metrics = dict(metrics or {})
    state = dict(state or {})
    optimizer = optimizer or make_optimizer(model.parameters(), cfg)
    check_finite(data)
    if checkpoint_every < 1:
        raise ValueError(f"checkpoint_every must be ≥ 1, got {checkpoint_every}")
    if checkpoint is None and os.environ.get(CHECKPOINT_ENV):
        checkpoint = checkpoint_path(model, data, cfg, desc, os.environ[CHECKPOINT_ENV])
    generator = torch.Generator().manual_seed(cfg.seed)
    rows: list[dict] = []
    start = 1
    if checkpoint is not None and Path(checkpoint).exists():
        done, rows = _resume(Path(checkpoint), model, optimizer, generator, state)
        start = done + 1
    batches = minibatches(data, cfg.batch_size, generator)

    def log(step: int, loss: float) -> None:
        model.eval()
        with torch.no_grad():
            rows.append({"step": step, "loss": loss, **{k: float(f(model)) for k, f in metrics.items()}})
        model.train()

    diverged_at = None
    device = next(model.parameters()).device
    bar = tqdm(range(start, cfg.steps + 1), desc=desc, disable=not progress_enabled(), mininterval=1.0,
               initial=start - 1, total=cfg.steps)
    with flush_denormals(cfg.flush_denormal):
        for step in bar:
            batch = next(batches)
            with matmul_precision(cfg.precision, device):
                loss = loss_fn(model, batch)
            if not torch.isfinite(loss):
                diverged_at = step
                rows.append({"step": step, "loss": math.nan, **{k: math.nan for k in metrics}})
                break
            if step == 1:
                log(0, loss.item())
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if cfg.grad_clip is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            optimizer.step()
            if callback is not None:
                callback(step, model)
            if step % cfg.log_every == 0 or step == cfg.steps:
                log(step, loss.item())
                bar.set_postfix(loss=f"{loss.item():.3g}", refresh=False)
            if checkpoint is not None and step % checkpoint_every == 0 and step < cfg.steps:
                _save(Path(checkpoint), step, model, optimizer, generator, rows, state)
    bar.close()
    if checkpoint is not None:
        Path(checkpoint).unlink(missing_ok=True)
    history = pd.DataFrame(rows)
    history.attrs["diverged"] = diverged_at is not None
    history.attrs["diverged_at"] = diverged_at
    return history


def _weights(model) -> list[torch.Tensor]:
    """The tensors an EMA averages: an nn.Module's parameters, or a stacked model's `params`
    (physai.batched.BatchedModels: K models' weights stacked along a leading axis)."""
    return list(model.parameters()) if isinstance(model, torch.nn.Module) else list(model.params.values())


class EMA:
    """Exponential moving average of a model's weights (the samplers use the average).

    `model` is an nn.Module or a stacked model (physai.batched); `self.model` is a copy of
    it holding the averages, updated in place by avg ← avg + (1 − decay)(p − avg).
    """

    def __init__(self, model, decay: float = 0.999):
        self.decay, self.model = decay, copy.deepcopy(model)
        if isinstance(self.model, torch.nn.Module):
            self.model.eval()
        for p in _weights(self.model):
            p.requires_grad_(False)

    def state_dict(self) -> dict:
        return {"decay": self.decay, "weights": [w.detach().clone() for w in _weights(self.model)]}

    @torch.no_grad()
    def load_state_dict(self, saved: dict) -> None:
        self.decay = saved["decay"]
        for w, v in zip(_weights(self.model), saved["weights"]):
            w.copy_(v)

    @torch.no_grad()
    def update(self, model) -> None:
        # one fused call for all tensors (the per-tensor loop was a third of a small MLP's step)
        torch._foreach_lerp_(_weights(self.model), _weights(model), 1 - self.decay)
