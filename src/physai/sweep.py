"""A grid of configs -> a results table, cached on disk so an interrupted sweep resumes.

Each point is a dict of plain values.  Its cache key is a hash of the function's
qualified name and the point, so changing either recomputes, and nothing else does.
Results are written one file per point, atomically, the moment a point finishes:
killing a sweep midway loses at most the points in flight.

Backends, one interface:
- "inprocess" (default): a loop in this process;
- "processes": a local process pool (fn must be a module-level function);
- "ray": the seam for a cluster (a later issue), not implemented here.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import pandas as pd
from tqdm import tqdm

from .runtime import progress_enabled

BACKENDS = ("inprocess", "processes", "ray")


def grid(**axes: Iterable[Any]) -> list[dict[str, Any]]:
    """Cartesian product: grid(lr=[1e-3, 1e-2], wd=[0, 1]) -> 4 points."""
    names = list(axes)
    return [dict(zip(names, values)) for values in itertools.product(*(list(v) for v in axes.values()))]


def config_key(fn: Callable, point: Mapping[str, Any]) -> str:
    """Stable hash of (function, point); 16 hex digits."""
    payload = json.dumps({"fn": f"{fn.__module__}.{fn.__qualname__}", "point": point},
                         sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _write_atomic(path: Path, record: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, default=float))
    os.replace(tmp, path)


def _evaluate(fn: Callable, point: dict) -> dict:
    result = fn(**point)
    if not isinstance(result, Mapping):
        raise TypeError(f"sweep function must return a dict of results, got {type(result).__name__}")
    return dict(result)


def run_sweep(
    fn: Callable[..., Mapping[str, Any]],
    points: Iterable[Mapping[str, Any]],
    cache_dir: str | os.PathLike | None = None,
    *,
    backend: str = "inprocess",
    workers: int = 2,
    desc: str = "sweep",
) -> pd.DataFrame:
    """fn(**point) -> dict of results, for every point; one row per point (config + results).

    With cache_dir set, finished points are read back instead of recomputed.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "ray":
        raise NotImplementedError("the Ray backend is not implemented yet; use 'inprocess' or 'processes'")
    points = [dict(p) for p in points]
    cache = Path(cache_dir) if cache_dir is not None else None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict] = {}
    todo = []
    for i, point in enumerate(points):
        path = cache / f"{config_key(fn, point)}.json" if cache else None
        if path is not None and path.exists():
            results[i] = json.loads(path.read_text())["result"]
        else:
            todo.append((i, point, path))

    def finish(i: int, point: dict, path: Path | None, result: dict) -> None:
        results[i] = result
        if path is not None:
            _write_atomic(path, {"point": point, "result": result})

    bar = tqdm(total=len(todo), desc=desc, disable=not progress_enabled() or not todo)
    if backend == "inprocess":
        for i, point, path in todo:
            finish(i, point, path, _evaluate(fn, point))
            bar.update()
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_evaluate, fn, point): (i, point, path) for i, point, path in todo}
            for future in as_completed(futures):
                finish(*futures[future], future.result())
                bar.update()
    bar.close()
    return pd.DataFrame([{**points[i], **results[i]} for i in range(len(points))])
