"""Runs of the toy model: one showcase run, many training sets, the phase diagram."""
from __future__ import annotations

import numpy as np
import pandas as pd
import torch

from ..batched import BatchedConfig, train_batched
from ..fits import first_step
from ..modular import addition_split, train_transformers
from ..runtime import second_process  # noqa: F401  (the notebook calls gx.second_process())
from ..sweep import cache_dir, default_backend, run_chunked, shared_settings
from .model import ToyModels, accuracy_metrics, task_tensors, template_mse
from .representation import RQI_TOL, lambda3, number_parallelograms, predicted_accuracy
from .task import AdditionTask

PHASES = ("comprehension", "grokking", "memorization", "confusion")


def per_group(models: ToyModels, emb_value, dec_value) -> dict:
    """Per-parameter values (learning rate, weight decay): one for the embeddings, one for
    the decoder's weights and biases."""
    return {n: (emb_value if n == "emb" else dec_value) for n in models.params}


def overall_accuracy(train: np.ndarray, train_acc: float, test_acc: float) -> float:
    """Accuracy over all samples from the train and test accuracies (what Â predicts)."""
    n_train, n = int(train.sum()), len(train)
    return (n_train * train_acc + (n - n_train) * test_acc) / n


def train_toy(task: AdditionTask, train_masks: np.ndarray, seeds, *, steps: int, width: int,
              emb_lr=1e-3, dec_lr=1e-4, dec_wd=0.0, emb_sgd_lr: float | None = None, log_every: int = 100,
              snapshot_every: int = 0, device="cpu", desc="toy models"):
    """Train one toy model per (training mask, seed) row, all at once.

    emb_lr, dec_lr and dec_wd may be per-model sequences (the phase diagrams).  AdamW moves
    every parameter, unless emb_sgd_lr is given: then the embeddings take plain gradient
    descent steps E ← E − emb_sgd_lr ∇_E L (the effective theory's dynamics, Sec. 4) while
    AdamW trains the decoder as before.  Returns the history (model, step, loss, train_acc,
    test_acc, rqi) and, if snapshot_every > 0, embeddings {step: (K, p, d) array}.
    """
    models = ToyModels(seeds, p=task.p, width=width, out_dim=task.out_dim, device=device)
    snapshots: dict[int, np.ndarray] = {}
    if snapshot_every:
        snapshots[0] = models.params["emb"].detach().cpu().numpy().copy()
    if emb_sgd_lr is not None:
        emb_lr = 0.0  # AdamW leaves the embeddings alone; the callback moves them

    def after_step(step, m):
        if emb_sgd_lr is not None:
            with torch.no_grad():  # the gradient of this step is still on the tensor
                e = m.params["emb"]
                e.sub_(emb_sgd_lr * torch.nan_to_num(e.grad))
        if snapshot_every and step % snapshot_every == 0:
            snapshots[step] = m.params["emb"].detach().cpu().numpy().copy()

    history = train_batched(models, template_mse, task_tensors(task, train_masks, device),
                            BatchedConfig(steps=steps, log_every=log_every),
                            lr=per_group(models, emb_lr, dec_lr), weight_decay=per_group(models, 0.0, dec_wd),
                            metrics=accuracy_metrics(task, device), callback=after_step, desc=desc)
    return history, snapshots, models


def classify_phases(history: pd.DataFrame, threshold: float = 0.9, grok_delay: int = 1000) -> pd.Series:
    """Phase per model (Sec. 5): comprehension, grokking, memorization or confusion.

    Grokking: test accuracy reaches the threshold at least `grok_delay` steps after
    training accuracy does; comprehension: within that delay; memorization: only train;
    confusion: neither.
    """
    train, test = first_step(history, "train_acc", threshold), first_step(history, "test_acc", threshold)
    phase = pd.Series("confusion", index=train.index)
    phase[train.notna() & test.isna()] = "memorization"
    both = train.notna() & test.notna()
    phase[both & (test - train >= grok_delay)] = "grokking"
    phase[both & (test - train < grok_delay)] = "comprehension"
    return phase


def accuracy_vs_prediction(task: AdditionTask, train_masks: np.ndarray, embeddings: np.ndarray,
                           history: pd.DataFrame, step: int) -> pd.DataFrame:
    """Measured accuracy (all samples) vs Â from each model's embeddings at `step` (Fig. 3c)."""
    at = history[history.step == step].set_index("model")
    rows = []
    for k, train in enumerate(train_masks):
        _, a_hat = predicted_accuracy(task, embeddings[k], train)
        rows.append({"model": k, "n_train": int(train.sum()), "train_fraction": train.mean(),
                     "accuracy": overall_accuracy(train, at.train_acc[k], at.test_acc[k]), "predicted": a_hat})
    return pd.DataFrame(rows)


def representation_time(task: AdditionTask, train_masks: np.ndarray, history: pd.DataFrame,
                        threshold: float = 0.95) -> pd.DataFrame:
    """Steps to RQI ≥ threshold vs the effective theory's λ₃ per training set (Fig. 4)."""
    steps = first_step(history, "rqi", threshold)
    return pd.DataFrame({"model": steps.index, "n_train": train_masks.sum(1),
                         "lambda3": [lambda3(task, m) for m in train_masks], "steps": steps.values})


def effective_descent_time(task: AdditionTask, train: np.ndarray, lr: float = 1e-2, seed: int = 0,
                           threshold: float = 0.95, max_steps: int = 200_000) -> float:
    """Steps of plain gradient descent on ℓ_eff (1-D embeddings) until RQI ≥ threshold.

    The theory's own dynamics: E ← E − lr ∇ℓ_eff with ℓ_eff = |A E|² / |E − Ē|², from
    U(−1/2, 1/2) embeddings.  RQI is checked after every step (formation takes 10–300
    steps here, so a coarser check would round the short times up and bias the slope).
    NaN if not reached.
    """
    rows = task.constraint_matrix[task.training_parallelograms(train)]
    H = rows.T @ rows
    quads = number_parallelograms(task.p)
    e = np.random.default_rng(seed).uniform(-0.5, 0.5, task.p)
    for step in range(1, max_steps + 1):
        c = e - e.mean()
        z = c @ c
        loss = c @ H @ c / z
        e = e - lr * (2 * H @ c / z - 2 * loss * c / z)
        s = (e - e.mean()) / e.std(ddof=1)  # representation.rqi for one dimension, inlined for speed
        gaps = s[quads[:, 0]] + s[quads[:, 1]] - s[quads[:, 2]] - s[quads[:, 3]]
        if np.mean(gaps**2 < RQI_TOL) >= threshold:
            return float(step)
    return float("nan")


def effective_trajectory(task: AdditionTask, train: np.ndarray, e0: np.ndarray, lr: float = 1e-2,
                         steps: int = 2000, every: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Gradient descent on ℓ_eff (the training parallelograms, 1-D embeddings) from the
    embeddings e0 (Fig. 4c): (steps, (T, p) standardised embeddings), every `every` steps."""
    rows = task.constraint_matrix[task.training_parallelograms(train)]
    H = rows.T @ rows
    e = np.asarray(e0, float).ravel().copy()
    kept, path = [], []
    for step in range(steps + 1):
        if step % every == 0:
            kept.append(step)
            path.append((e - e.mean()) / e.std(ddof=1))
        c = e - e.mean()
        z = c @ c
        e = e - lr * (2 * H @ c / z - 2 * (c @ H @ c / z) * c / z)
    return np.array(kept), np.stack(path)


def forced_sets(task: AdditionTask, sizes, n_sets: int, seed: int = 0, max_draws: int = 100_000) -> np.ndarray:
    """(n_sets, S) random training sets that force the linear structure (λ₃ > 0): sizes
    taken in turn from `sizes`, sets drawn (task.split with seeds seed, seed + 1, ...) until
    n_sets of them are forced."""
    found = []
    for k in range(max_draws):
        if len(found) == n_sets:
            break
        mask = task.split(int(sizes[k % len(sizes)]), seed + k)
        if lambda3(task, mask) > 0:
            found.append(mask)
    if len(found) < n_sets:
        raise ValueError(f"only {len(found)} forced sets in {max_draws} draws from sizes {list(sizes)}")
    return np.stack(found)


def ceiling_sets(task: AdditionTask, sizes, quotas, threshold: float = 0.9, seed: int = 1000,
                 max_draws: int = 100_000) -> tuple[np.ndarray, np.ndarray]:
    """(forced, unforced): two (sum(quotas), S) stacks of random training sets whose ceiling
    (the share of test samples whose sum occurs in training, task.ideal_test_accuracy) is ≥
    threshold, split by whether they force the linear structure (λ₃ > 0), with the same size
    mix in both: quotas[i] sets of sizes[i] samples in each stack.  Sizes taken in turn, sets
    drawn with split seeds seed, seed + 1, ...; a size whose quota is full in both stacks is
    skipped (Sec. 4: a test of "generalisation only on forced sets" needs unforced sets that
    *could* generalise, and a control of the same sizes)."""
    sizes, quotas = [int(n) for n in sizes], [int(q) for q in quotas]
    if len(sizes) != len(quotas):
        raise ValueError("one quota per size")
    found = {(kind, n): [] for kind in (True, False) for n in sizes}
    full = lambda n, q: len(found[True, n]) >= q and len(found[False, n]) >= q
    for k in range(max_draws):
        if all(full(n, q) for n, q in zip(sizes, quotas)):
            break
        n, q = sizes[k % len(sizes)], quotas[k % len(sizes)]
        if full(n, q):
            continue
        mask = task.split(n, seed + k)
        if task.ideal_test_accuracy(mask) >= threshold - ACC_TOL:
            kind = lambda3(task, mask) > 0
            if len(found[kind, n]) < q:
                found[kind, n].append(mask)
    if not all(full(n, q) for n, q in zip(sizes, quotas)):
        raise ValueError(f"quotas {dict(zip(sizes, quotas))} of forced and unforced sets with ceiling ≥ "
                         f"{threshold} not filled in {max_draws} draws")
    return tuple(np.stack([m for n in sizes for m in found[kind, n]]) for kind in (True, False))


def prediction_along_training(task: AdditionTask, train: np.ndarray, snapshots: dict, history: pd.DataFrame,
                              model: int = 0) -> pd.DataFrame:
    """Measured accuracy on all samples vs Â at every snapshot of one model (Fig. 3, in time)."""
    at = history[history.model == model].set_index("step")
    rows = []
    for step, emb in sorted(snapshots.items()):
        if step not in at.index:
            continue
        test_hat, all_hat = predicted_accuracy(task, emb[model], train)
        rows.append({"step": step, "accuracy": overall_accuracy(train, at.train_acc[step], at.test_acc[step]),
                     "predicted": all_hat, "train_acc": at.train_acc[step], "test_acc": at.test_acc[step],
                     "predicted_test": test_hat})
    return pd.DataFrame(rows)


def lead_steps(along: pd.DataFrame, threshold: float = 0.9) -> float:
    """Steps by which Â on the test samples reaches `threshold` before the test accuracy does
    (positive: the representation leads); NaN if either never does.  `along` is a
    prediction_along_training table."""
    def first(col):
        hit = along.step[along[col] >= threshold]
        return float(hit.iloc[0]) if len(hit) else float("nan")
    return first("test_acc") - first("predicted_test")


def distance_to_phase(phases: np.ndarray, phase: str) -> np.ndarray:
    """Per cell, the grid distance (Chebyshev: the 8 neighbours are 1 step away) to the
    nearest cell of `phase`; NaN everywhere if the grid has none."""
    targets = np.argwhere(phases == phase)
    if len(targets) == 0:
        return np.full(phases.shape, np.nan)
    cells = np.indices(phases.shape).reshape(2, -1).T  # (cells, 2)
    d = np.abs(cells[:, None, :] - targets[None, :, :]).max(-1).min(-1)  # (cells,)
    return d.reshape(phases.shape).astype(float)


def sandwich_distance(phases: np.ndarray) -> float:
    """Grokking between comprehension and memorization (Fig. 6b–d): the mean over grokking
    cells of max(distance to the nearest comprehension cell, to the nearest memorization
    cell).  1 means every grokking cell touches both; NaN without grokking cells (or
    without either neighbour phase)."""
    grok = phases == "grokking"
    if not grok.any():
        return float("nan")
    both = np.maximum(distance_to_phase(phases, "comprehension"), distance_to_phase(phases, "memorization"))
    return float(both[grok].mean())


def _runs(line) -> list:
    """The labels of a line with repeats collapsed: C C G M M -> C G M."""
    out = []
    for x in line:
        if not out or out[-1] != x:
            out.append(x)
    return out


def transition_counts(phases: np.ndarray) -> tuple[int, int]:
    """(through grokking, direct): over every row and column, equal neighbours collapsed into
    runs, the comprehension ↔ memorization transitions through one grokking run (C|G|M) and
    those touching directly (C|M)."""
    through = direct = 0
    for line in list(phases) + list(phases.T):
        r = _runs(line)
        direct += sum({a, b} == {"comprehension", "memorization"} for a, b in zip(r, r[1:]))
        through += sum(b == "grokking" and {a, c} == {"comprehension", "memorization"}
                       for a, b, c in zip(r, r[1:], r[2:]))
    return through, direct


def transition_share(phases: np.ndarray) -> float:
    """Grokking between comprehension and memorization (Fig. 6b–d), along grid lines: the
    share of comprehension ↔ memorization transitions (transition_counts) that pass through
    grokking.  1: the two phases never meet without grokking between them; 0 also when they
    never meet at all."""
    through, direct = transition_counts(phases)
    return through / (through + direct) if through + direct else 0.0


def phases_from_steps(train_steps, test_steps, never: int, grok_delay: int = 1000) -> np.ndarray:
    """Phases (as classify_phases) from stored first steps to 0.9 train / test accuracy; a
    step ≥ `never` (the original stores the last step, 9999 or 99999) means not reached."""
    train, test = np.asarray(train_steps, float), np.asarray(test_steps, float)
    tr, te = train < never, test < never
    phases = np.full(train.shape, "confusion", dtype=object)
    phases[tr & ~te] = "memorization"
    phases[tr & te & (test - train >= grok_delay)] = "grokking"
    phases[tr & te & (test - train < grok_delay)] = "comprehension"
    return phases.astype(str)


def on_lattice(grid: np.ndarray, rows, cols, sub_rows, sub_cols) -> np.ndarray:
    """The cells of `grid` (axes `rows` × `cols`) at the values sub_rows × sub_cols (each
    must be on the grid, to 1e-6 relative)."""
    def index(axis, values):
        axis = np.asarray(axis, float)
        idx = [int(np.argmin(np.abs(axis - v))) for v in values]
        if not np.allclose(axis[idx], values, rtol=1e-6, atol=0):
            raise ValueError(f"{list(values)} not all on the grid {axis.tolist()}")
        return idx
    return grid[np.ix_(index(rows, sub_rows), index(cols, sub_cols))]


def shuffled_null(phases: np.ndarray, statistic, n: int = 1000, seed: int = 0) -> np.ndarray:
    """`statistic` on n random permutations of the grid's phase labels (same counts): the
    distribution a statistic takes when the labels carry no arrangement."""
    rng = np.random.default_rng(seed)
    flat = phases.ravel()
    return np.array([statistic(rng.permutation(flat).reshape(phases.shape)) for _ in range(n)])


def grokking_distances(phases: np.ndarray) -> list[float]:
    """[mean distance from grokking cells to the nearest memorization cell, to the nearest
    comprehension cell] (the abstract: on transformers grokking lies nearer memorization);
    NaN entries when a phase is missing."""
    grok = phases == "grokking"
    if not grok.any():
        return [float("nan"), float("nan")]
    return [float(distance_to_phase(phases, p)[grok].mean()) for p in ("memorization", "comprehension")]


def nearness_difference(phases: np.ndarray) -> float:
    """Mean grid distance from grokking cells to the nearest memorization cell minus that to
    the nearest comprehension cell (grokking_distances); negative: nearer memorization.  NaN
    without grokking, memorization or comprehension cells."""
    to_memorization, to_comprehension = grokking_distances(phases)
    return to_memorization - to_comprehension


def ratio_medians(phases: np.ndarray, emb_lrs, dec_lrs) -> list[float]:
    """[median log₁₀(decoder lr / embedding lr) over comprehension cells, over memorization
    cells] of an embedding-lr × decoder-lr grid (phases[i, j]: emb_lrs[i], dec_lrs[j])."""
    ratio = np.log10(np.asarray(dec_lrs, float))[None, :] - np.log10(np.asarray(emb_lrs, float))[:, None]
    return [float(np.median(ratio[phases == p])) if (phases == p).any() else float("nan")
            for p in ("comprehension", "memorization")]


ACC_TOL = 1e-6  # accuracies are fractions of at most 55 samples: far coarser than this


def reaches(acc, threshold: float = 0.9) -> np.ndarray:
    """acc ≥ threshold, for accuracies stored in any float precision: 9 of 10 test samples
    is 0.9 in float32, i.e. 0.89999998 in float64, and must count as reaching 0.9."""
    return np.asarray(acc, float) >= threshold - ACC_TOL


def ceiling_counts(test_acc, forced, ceiling, fraction, r_c: float, threshold: float = 0.9) -> list[int]:
    """[forced training sets above r_c whose ceiling (the share of test samples whose sum occurs in
    training) is ≥ threshold, those of them whose final test accuracy reaches it]: the sets that
    can generalise, and how many do."""
    can = (np.asarray(forced, bool) & (np.asarray(fraction, float) > r_c)
           & reaches(ceiling, threshold))
    return [int(can.sum()), int((can & reaches(test_acc, threshold)).sum())]


def generalisation_shares(test_acc, fraction, r_c: float, threshold: float = 0.9) -> list[float]:
    """[share of runs below r_c, share above r_c] whose final test accuracy ≥ threshold
    (compared with `reaches`, so a float32 accuracy of exactly the threshold counts)."""
    fraction = np.asarray(fraction, float)
    ok = reaches(test_acc, threshold)
    return [float(ok[fraction < r_c].mean()) if (fraction < r_c).any() else float("nan"),
            float(ok[fraction > r_c].mean()) if (fraction > r_c).any() else float("nan")]


def original_fig3_runs() -> pd.DataFrame:
    """The original's stored Fig. 3 runs (original.FIG3_CORRECT) with, per run, whether its
    training set forces the linear structure (the original's own split for that size and
    seed: AdditionTask.original) and its test accuracy if the training set was fitted,
    (correct − n) / (55 − n): exact then, a lower bound otherwise (the original stores only
    the accuracy over all samples), and its ceiling, the share of test samples whose sum occurs
    in training."""
    from . import original
    rows = []
    for n, per_seed in original.FIG3_CORRECT.items():
        for seed, correct in enumerate(per_seed):
            task, train = AdditionTask.original(seed=seed, n_train=n)
            rows.append({"n_train": n, "seed": seed, "fraction": n / original.FIG3_SAMPLES,
                         "accuracy": correct / original.FIG3_SAMPLES, "forced": lambda3(task, train) > 0,
                         "test_if_fitted": (correct - n) / (original.FIG3_SAMPLES - n),
                         "ceiling": task.ideal_test_accuracy(train)})
    return pd.DataFrame(rows)


def formed_first(history: pd.DataFrame, rqi: float = 0.95, test: float = 0.9) -> list[int]:
    """[runs in which RQI ≥ rqi comes at an earlier logged step than test accuracy ≥ test,
    runs whose test accuracy reaches `test` at all] (rqi-before-test over many runs)."""
    rqi_step, test_step = first_step(history, "rqi", rqi), first_step(history, "test_acc", test)
    reached = test_step.notna()
    return [int((reached & rqi_step.notna() & (rqi_step < test_step)).sum()), int(reached.sum())]


# --- the phase diagrams as chunked sweeps ------------------------------------------------
# Each grid cell is one point (its learning rate and weight decay plus every setting of the
# run); a chunk of points trains as one stacked model.  The cache key hashes the points and
# the code that decides a phase (the chunk trainer, the trainers it calls, the phase rule),
# so editing any of them recomputes the grid.  physai.sweep.run_chunked caches chunks and runs them
# in-process, on local processes or on Ray: the paper profile's large grids resume after an
# interruption and a cluster can share them; the standard profile runs one in-process chunk.

TOY_RUN = ("seed", "steps", "width", "log_every", "device")
TRANSFORMER_RUN = ("p", "train_fraction", "width", "seed", "steps", "log_every")


def _phase_rows(history: pd.DataFrame) -> list[dict]:
    """Per model: its phase and the first steps train / test accuracy reach 0.9 (NaN: never)."""
    phase = classify_phases(history)
    train, test = first_step(history, "train_acc", 0.9), first_step(history, "test_acc", 0.9)
    return [{"phase": phase.iloc[k], "train_step": float(train.iloc[k]), "test_step": float(test.iloc[k])}
            for k in range(len(phase))]


def toy_phase_cells(points: list[dict]) -> list[dict]:
    """One chunk of a toy phase diagram (Fig. 6a, 6b), trained as one batched model: every
    point carries its decoder `dec_lr` and `dec_wd` (and `emb_lr`, default 10⁻³, the
    original's) and the shared TOY_RUN settings; all runs use the seed's task, training set
    and initialisation."""
    run = shared_settings(points, TOY_RUN)
    task, train = AdditionTask.original(seed=run["seed"])
    history, _, _ = train_toy(task, np.repeat(train[None], len(points), 0), [run["seed"]] * len(points),
                              steps=run["steps"], width=run["width"],
                              emb_lr=np.array([p.get("emb_lr", 1e-3) for p in points]),
                              dec_lr=np.array([p["dec_lr"] for p in points]),
                              dec_wd=np.array([p["dec_wd"] for p in points]),
                              log_every=run["log_every"], device=run["device"], desc="phase diagram")
    return _phase_rows(history)


def transformer_phase_cells(points: list[dict]) -> list[dict]:
    """One chunk of the transformer phase diagram (the paper's transformer experiments): one
    run per point's `lr` and `wd` on a + b mod p, physai.modular's one-layer transformer
    (standard attention, the clock-and-pizza code's AdamW settings), all as one stacked model;
    `precision` "bf16" runs its matmuls in bfloat16."""
    run = shared_settings(points, TRANSFORMER_RUN + (("precision",) if "precision" in points[0] else ()))
    split = addition_split(run["p"], run["train_fraction"], run["seed"])
    _, history = train_transformers(split, run["width"], [1.0] * len(points), [run["seed"]] * len(points),
                                    steps=run["steps"], lr=[p["lr"] for p in points],
                                    weight_decay=[p["wd"] for p in points], log_every=run["log_every"],
                                    precision=run.get("precision", "fp32"), desc="transformer phase diagram")
    return _phase_rows(history)


def phase_diagram(cells, lrs, wds, *, lr_name: str = "dec_lr", wd_name: str = "dec_wd",
                  chunk_size: int | None = None, cache: str | None = None, **run) -> pd.DataFrame:
    """The grid lrs × wds (learning rate outer, weight decay inner) through `cells`
    (toy_phase_cells or transformer_phase_cells) with physai.sweep.run_chunked: one row per
    cell with its phase.  `cache` names a folder under data/cache/ (None: no cache);
    the backend is physai.sweep.default_backend() ($PHYSAI_SWEEP_BACKEND, or Ray when
    $RAY_ADDRESS is set)."""
    points = [{lr_name: float(lr), wd_name: float(wd), **run} for lr in lrs for wd in wds]
    gpus = 1 if str(run.get("device", "cpu")).startswith("cuda") else 0  # Ray hides GPUs unless asked
    return run_chunked(cells, points, cache_dir(cache) if cache else None, chunk_size=chunk_size,
                       backend=default_backend(), gpus_per_task=gpus, desc="phase-diagram chunks",
                       depends_on=(shared_settings, _phase_rows, classify_phases, first_step, train_toy, train_transformers))


def phases_grid(table: pd.DataFrame, lrs, wds) -> np.ndarray:
    """The (len(lrs), len(wds)) array of phases of a phase_diagram table."""
    return table.phase.to_numpy().reshape(len(lrs), len(wds))
