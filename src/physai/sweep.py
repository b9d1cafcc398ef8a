"""A grid of configs -> a results table, cached on disk so an interrupted sweep resumes.

Each point is a dict of plain values.  Its cache key is a hash of the function's
qualified name, its source (and the sources of the functions it declares it depends on),
and the point: changing any of them recomputes; a change anywhere else does not, so a
caller names what decides its results (`depends_on`).
Results are written one file per point, atomically, the moment a point finishes:
killing a sweep midway loses at most the points in flight.

`run_chunked` is how a paper profile's large grid runs: the grid is cut into chunks, each
chunk is trained as *one stacked model* (physai.batched) by a function that takes a list of
points and returns one result row per point; chunks are the sweep's points, so they are
cached by hash and dispatched to any backend, and an interrupted grid resumes chunk by
chunk.  At the standard profile the same call runs in-process as a single chunk.

Backends, one interface, identical results:
- "inprocess" (default): a loop in this process;
- "processes": a local process pool, started with "spawn" so a parent that has touched CUDA
  can still use it (fn must be a module-level function);
- "ray": Ray tasks, on a local Ray instance or a cluster (`ray_address`, or $RAY_ADDRESS);
  install the `[cluster]` extra; `gpus_per_task` > 0 asks Ray for GPUs (otherwise Ray
  hides them from the task).  Ray schedules; the cache stays on this machine, so an
  interrupted sweep resumes on any backend.
"""
from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import pandas as pd
from tqdm import tqdm

from .runtime import progress_enabled, set_threads

BACKENDS = ("inprocess", "processes", "ray")
BACKEND_ENV = "PHYSAI_SWEEP_BACKEND"
REPO_ROOT = Path(__file__).resolve().parents[2]


def default_backend(fallback: str = "inprocess") -> str:
    """$PHYSAI_SWEEP_BACKEND if set, else "ray" when $RAY_ADDRESS points at a cluster, else
    `fallback` (a profile's choice: in-process, or local processes to use both cores)."""
    backend = os.environ.get(BACKEND_ENV) or ("ray" if os.environ.get("RAY_ADDRESS") else fallback)
    if backend not in BACKENDS:
        raise ValueError(f"${BACKEND_ENV}={backend!r} is not a backend; choose one of {', '.join(BACKENDS)}")
    return backend


def cache_dir(name: str) -> Path:
    """data/cache/<name> in the repository (git-ignored): where a grid's finished chunks live."""
    return REPO_ROOT / "data" / "cache" / name


def grid(**axes: Iterable[Any]) -> list[dict[str, Any]]:
    """Cartesian product: grid(lr=[1e-3, 1e-2], wd=[0, 1]) -> 4 points."""
    names = list(axes)
    return [dict(zip(names, values)) for values in itertools.product(*(list(v) for v in axes.values()))]


def config_key(fn: Callable, point: Mapping[str, Any], depends_on: Iterable[Callable] = ()) -> str:
    """Stable hash of (function name, the source of fn and of `depends_on`, point); 16 hex digits.

    The source is part of the key so that fixing a bug in the function (or in a function
    it names as deciding its results) recomputes its points instead of reading stale ones.
    """
    payload = json.dumps({"fn": f"{fn.__module__}.{fn.__qualname__}",
                          "source": [_source(f) for f in (fn, *depends_on)], "point": point},
                         sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _source(fn: Callable) -> str:
    """fn's source (inspect follows `__wrapped__`); its name when there is no source file."""
    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):  # defined interactively, or a builtin: the name must do
        return getattr(fn, "__qualname__", repr(fn))


class SweepError(RuntimeError):
    """Some points of a sweep raised; every other point finished and is cached."""


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
    gpus_per_task: float = 0,
    depends_on: Iterable[Callable] = (),
    desc: str = "sweep",
) -> pd.DataFrame:
    """fn(**point) -> dict of results, for every point; one row per point (config + results).

    With cache_dir set, finished points are read back instead of recomputed; `depends_on`
    names the functions besides fn whose code decides the results (they join the key).
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
        path = cache / f"{config_key(fn, point, depends_on)}.json" if cache else None
        if path is not None and path.exists():
            results[i] = json.loads(path.read_text())["result"]
        else:
            todo.append((i, point, path))

    def finish(i: int, point: dict, path: Path | None, result: dict) -> None:
        results[i] = result
        if path is not None:
            _write_atomic(path, {"point": point, "result": result})

    bar = tqdm(total=len(todo), desc=desc, disable=not progress_enabled() or not todo)
    failed: list[tuple[dict, BaseException]] = []
    if backend == "inprocess":
        for i, point, path in todo:
            try:
                finish(i, point, path, _evaluate(fn, point))
            except Exception as exc:  # keep going: the other points still finish and are cached
                failed.append((point, exc))
            bar.update()
    elif backend == "processes":
        # each worker one torch thread, as every process here (runtime.set_threads): a spawned
        # worker would otherwise take all cores, and two such workers ran ~50x slower
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=set_threads) as pool:
            futures = {pool.submit(_evaluate, fn, point): (i, point, path) for i, point, path in todo}
            for future in as_completed(futures):
                i, point, path = futures[future]
                try:
                    finish(i, point, path, future.result())
                except Exception as exc:
                    failed.append((point, exc))
                bar.update()
    elif todo:
        for (i, point, path), result in _run_on_ray(fn, todo, workers, ray_address, gpus_per_task):
            if isinstance(result, BaseException):
                failed.append((point, result))
            else:
                finish(i, point, path, result)
            bar.update()
    bar.close()
    if failed:
        point, first = failed[0]
        raise SweepError(f"{len(failed)} of {len(points)} sweep point(s) failed; the first, {point}, raised "
                         f"{type(first).__name__}: {first} (the {len(results)} finished point(s) are "
                         f"{'cached' if cache else 'not cached: no cache_dir'})") from first
    return pd.DataFrame([{**points[i], **results[i]} for i in range(len(points))])


def _run_on_ray(fn: Callable, todo: list, workers: int, address: str | None, gpus_per_task: float = 0):
    """Yield ((i, point, path), result) as Ray tasks finish, in completion order."""
    try:
        import ray
    except ModuleNotFoundError:
        raise ModuleNotFoundError("backend='ray' needs Ray: pip install -e '.[cluster]'") from None
    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS")
        local = {} if address else {"num_cpus": workers, "include_dashboard": False}
        ray.init(address=address, log_to_driver=False, **local)
    task = ray.remote(num_gpus=gpus_per_task)(_evaluate) if gpus_per_task else ray.remote(_evaluate)
    pending = {task.remote(fn, point): (i, point, path) for i, point, path in todo}
    while pending:
        (ref,), _ = ray.wait(list(pending), num_returns=1)
        try:
            result = ray.get(ref)
        except Exception as exc:  # a failed task: report it, keep collecting the others
            result = getattr(exc, "cause", None) or exc
        yield pending.pop(ref), result


def shared_settings(points: list[dict], keys: Sequence[str]) -> dict:
    """The settings every point of a chunk shares (one stacked model needs one of each)."""
    run = {k: points[0][k] for k in keys}
    if any({k: p[k] for k in keys} != run for p in points):
        raise ValueError(f"the points of one chunk must share {', '.join(keys)}")
    return run


def chunks(points: list[dict], size: int | None, group_by: str | Sequence[str] = ()) -> list[list[dict]]:
    """Consecutive chunks of at most `size` points (one chunk when size is None or ≥ len).

    group_by: keys whose values a chunk's points share (models of one shape stack; a new
    value starts a new chunk), e.g. the width of a grid trained one width at a time.
    """
    if size is not None and size < 1:
        raise ValueError(f"chunk size must be a positive integer or None, got {size!r}")
    keys = [group_by] if isinstance(group_by, str) else list(group_by)
    groups: list[list[dict]] = []
    for point in points:
        missing = [k for k in keys if k not in point]
        if missing:
            raise ValueError(f"group_by key(s) {missing} not in point {point}")
        if not groups or any(point[k] != groups[-1][0][k] for k in keys):
            groups.append([])
        groups[-1].append(point)
    out = []
    for group in groups:
        step = size or len(group)
        out += [group[i:i + step] for i in range(0, len(group), step)]
    return out


def run_chunked(
    train_chunk: Callable[[list[dict]], list[Mapping[str, Any]]],
    points: Iterable[Mapping[str, Any]],
    cache_dir: str | os.PathLike | None = None,
    *,
    chunk_size: int | None = None,
    group_by: str | Sequence[str] = (),
    backend: str = "inprocess",
    workers: int = 2,
    ray_address: str | None = None,
    gpus_per_task: float = 0,
    depends_on: Iterable[Callable] = (),
    desc: str = "chunks",
) -> pd.DataFrame:
    """A grid trained chunk by chunk, each chunk one stacked model: one row per point.

    `train_chunk(points)` trains every point of its list at once and returns one dict of
    results per point, in order.  Chunks are cached by (function, chunk) hash, so a
    re-run with the same chunking reads finished chunks back; the backends are run_sweep's.
    group_by: keys whose values every point of a chunk shares (see `chunks`).
    `depends_on`: the functions besides train_chunk whose code decides the results (their
    source joins the cache key, so editing them recomputes instead of reading stale rows).
    """
    points = [dict(p) for p in points]
    if not points:
        return pd.DataFrame()
    table = run_sweep(_ChunkRunner(train_chunk), [{"chunk": c} for c in chunks(points, chunk_size, group_by)], cache_dir,
                      backend=backend, workers=workers, ray_address=ray_address, gpus_per_task=gpus_per_task,
                      depends_on=depends_on, desc=desc)
    rows = [{**point, **result} for chunk, results in zip(table.chunk, table.rows)
            for point, result in zip(chunk, results)]
    return pd.DataFrame(rows)


class _ChunkRunner:
    """A picklable fn(chunk=[...]) -> {"rows": [...]} around a train_chunk function.

    Its cache key is the wrapped function's name, so two grids' chunks never collide.
    """

    def __init__(self, train_chunk: Callable):
        self.train_chunk = self.__wrapped__ = train_chunk  # __wrapped__: the key hashes its source
        self.__module__ = train_chunk.__module__
        self.__qualname__ = f"chunked:{train_chunk.__qualname__}"

    def __call__(self, chunk: list[dict]) -> dict:
        rows = [dict(r) for r in self.train_chunk(chunk)]
        if len(rows) != len(chunk):
            raise ValueError(f"{self.train_chunk.__qualname__} returned {len(rows)} rows for {len(chunk)} points")
        return {"rows": rows}
