"""A grid of configs -> a results table, cached on disk so an interrupted sweep resumes.

Each point is a dict of plain values.  Its cache key is a hash of the function's
qualified name and the point, so changing either recomputes, and nothing else does.
Results are written one file per point, atomically, the moment a point finishes:
killing a sweep midway loses at most the points in flight.

Backends, one interface, identical results:
- "inprocess" (default): a loop in this process;
- "processes": a local process pool (fn must be a module-level function);
- "ray": Ray tasks, on a local Ray instance or a cluster (`ray_address`, or $RAY_ADDRESS);
  install the `[cluster]` extra.  Ray schedules; the cache stays on this machine, so an
  interrupted sweep resumes on any backend.
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
    ray_address: str | None = None,
    desc: str = "sweep",
) -> pd.DataFrame:
    """fn(**point) -> dict of results, for every point; one row per point (config + results).

    With cache_dir set, finished points are read back instead of recomputed.
    workers: processes for "processes", CPUs for a local Ray instance.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
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
    elif backend == "processes":
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_evaluate, fn, point): (i, point, path) for i, point, path in todo}
            for future in as_completed(futures):
                finish(*futures[future], future.result())
                bar.update()
    elif todo:
        for (i, point, path), result in _run_on_ray(fn, todo, workers, ray_address):
            finish(i, point, path, result)
            bar.update()
    bar.close()
    return pd.DataFrame([{**points[i], **results[i]} for i in range(len(points))])


def _run_on_ray(fn: Callable, todo: list, workers: int, address: str | None):
    """Yield ((i, point, path), result) as Ray tasks finish, in completion order."""
    try:
        import ray
    except ModuleNotFoundError:
        raise ModuleNotFoundError("backend='ray' needs Ray: pip install -e '.[cluster]'") from None
    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS")
        local = {} if address else {"num_cpus": workers, "include_dashboard": False}
        ray.init(address=address, log_to_driver=False, **local)
    task = ray.remote(_evaluate)
    pending = {task.remote(fn, point): (i, point, path) for i, point, path in todo}
    while pending:
        (ref,), _ = ray.wait(list(pending), num_returns=1)
        yield pending.pop(ref), ray.get(ref)
