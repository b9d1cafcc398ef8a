"""Execute notebooks headless with papermill: `python -m physai.execute --nb 06`.

- standard profile: the executed outputs go back into the committed
  notebooks/NN_*.ipynb, cleaned of papermill's traces so the jupytext pair stays in
  sync, and data/execution/NN_*.json records time, profile, device, date and status.
- any other profile: outputs and statistics go to _build/executed/<profile>/ and the
  committed notebooks are never touched.
The .py file (jupytext percent) is the source of truth; the .ipynb is rebuilt from it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .profiles import NOTEBOOKS, PROFILE_NAMES, resolve_notebook
from .runtime import DEVICE_NAMES, RUN_RECORD_ENV
from .train import CHECKPOINT_ENV

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"


def landed() -> list[str]:
    """Notebook stems whose .py exists, in book order."""
    return [stem for stem in NOTEBOOKS if (NOTEBOOK_DIR / f"{stem}.py").exists()]


def _clean(nb) -> None:
    """Drop papermill's injected cell and metadata; keep outputs and the pair's cells."""
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:  # papermill adds empty tag lists the .py does not have
            cell.metadata.pop("tags")


def execute(stem: str, profile: str = "standard", device: str = "auto", timeout: int = 3600,
            commit: bool = True, aside: str | None = None) -> dict:
    """Run one notebook; returns (and writes) its execution record.

    commit=False runs the standard profile aside: outputs, record and scorecard go to
    _build/executed/check/ and nothing committed is touched (`make check-claims`); `aside`
    names another such folder (the paper-path check: "paper-path").
    """
    if not commit and aside is None:
        aside = "check"
    commit = commit and aside is None
    import jupytext
    import nbformat
    import papermill

    out_dir = ROOT / "_build" / "executed" / (profile if commit else aside)
    out_dir.mkdir(parents=True, exist_ok=True)
    source = out_dir / f"{stem}.source.ipynb"
    output = out_dir / f"{stem}.ipynb"
    nbformat.write(jupytext.read(NOTEBOOK_DIR / f"{stem}.py"), source)
    run_record = out_dir / f"{stem}.run.json"
    run_record.unlink(missing_ok=True)
    env = {"PHYSAI_QUIET": "1", "PHYSAI_PROFILE": profile, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           RUN_RECORD_ENV: str(run_record)}
    # the committed scorecards are written only here: the standard profile, committing
    # (other profiles: _build/claims/<profile>/, which the GPU workflow uploads; the check: aside)
    claims_dir = (ROOT / "data" / "claims" if profile == "standard" and commit
                  else ROOT / "_build" / "claims" / profile if commit else out_dir / "claims")
    env["PHYSAI_CLAIMS_DIR"] = str(claims_dir)
    if profile == "paper" and commit and not os.environ.get(CHECKPOINT_ENV):
        # long paper runs checkpoint, so an interrupted `make execute PROFILE=paper` resumes
        env[CHECKPOINT_ENV] = str(ROOT / "data" / "cache" / "checkpoints")
    start, status, error = time.perf_counter(), "ok", ""
    with environment(env):  # the kernel inherits them; the caller's environment is restored
        try:
            papermill.execute_notebook(str(source), str(output), parameters={"profile": profile, "device": device},
                                       kernel_name="python3", progress_bar=False, execution_timeout=timeout,
                                       cwd=str(NOTEBOOK_DIR))
        except Exception as exc:
            status, error = "failed", _error_text(exc)
    seconds = time.perf_counter() - start
    source.unlink(missing_ok=True)
    record = {
        "notebook": stem, "profile": profile, "device": _device_used(run_record), "status": status,
        "seconds": round(seconds, 1), "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        **_versions(), "error": error,
    }
    if profile == "standard" and status == "ok" and commit:
        nb = nbformat.read(output, as_version=4)
        _clean(nb)
        nbformat.write(nb, NOTEBOOK_DIR / f"{stem}.ipynb")
        stats = ROOT / "data" / "execution" / f"{stem}.json"
    else:
        stats = out_dir / f"{stem}.execution.json"
    stats.parent.mkdir(parents=True, exist_ok=True)
    stats.write_text(json.dumps(record, indent=2) + "\n")
    return record


def _versions() -> dict:
    """Versions of this environment (the kernel's: same venv): python, torch, CUDA and the
    numerical libraries a verdict can depend on."""
    from importlib.metadata import PackageNotFoundError, version

    import torch

    out = {"python": platform.python_version(), "torch": torch.__version__, "cuda": torch.version.cuda or "none"}
    for package in ("numpy", "scipy", "scikit-learn", "sympy", "pandas"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "none"
    return out


def _device_used(run_record: Path) -> str:
    """The device the notebook's runtime.setup chose, as it wrote it; not the one requested."""
    try:
        return json.loads(run_record.read_text())["device"]
    except (OSError, ValueError, KeyError):
        return "none (stopped before runtime.setup)"


def _error_text(exc: Exception) -> str:
    """The notebook's own exception (name and message) when a cell failed; else papermill's."""
    name, value = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if name:
        return f"{name}: {value}" if value else name
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}"


@contextmanager
def environment(values: dict[str, str]):
    """Set environment variables for a block, then restore the caller's values."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def report_claims(committed: Path, fresh: Path) -> int:
    """Print what moved between committed and fresh scorecards; return the number of failures.

    A failure is a changed verdict (speed rows excepted), a changed rule, or a claim added
    or removed; a value that moved inside its rule is reported and fails nothing.
    """
    from .claims import compare, failures

    diff = compare(committed, fresh)
    moved = diff[diff.change != ""] if len(diff) else diff
    cols = ["notebook", "id", "kind", "change", "verdict", "fresh_verdict", "ours", "fresh_ours"]
    print(moved[cols].to_string(index=False) if len(moved) else "no claim changed")
    for row in moved[moved.change == "rule"].itertuples() if len(moved) else []:
        print(f"rule of {row.notebook}:{row.id}: {row.rule!r} -> {row.fresh_rule!r}")
    n = failures(diff)
    counts = {k: int(diff[k].sum()) if len(diff) else 0 for k in ("verdict_changed", "rule_changed",
              "declaration_changed", "added", "removed", "text_changed", "value_changed")}
    print(f"{counts['verdict_changed']} verdict(s) changed, {counts['rule_changed']} rule(s) changed, "
          f"{counts['declaration_changed']} declaration(s) changed (kind, reference, source, control), "
          f"{counts['added']} claim(s) added, {counts['removed']} removed; {counts['text_changed']} wording(s) "
          f"and {counts['value_changed']} value(s) moved -> {n} failure(s)")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nb", default="", help="notebook number(s), comma-separated; default: all landed")
    parser.add_argument("--profile", default="standard", choices=PROFILE_NAMES)
    parser.add_argument("--device", default="auto", choices=DEVICE_NAMES)
    parser.add_argument("--check-claims", action="store_true",
                        help="run at the standard profile aside and diff the claims with the committed ones")
    args = parser.parse_args(argv)
    try:
        stems = [resolve_notebook(n.strip()) for n in args.nb.split(",") if n.strip()] or landed()
    except ValueError as exc:
        parser.error(str(exc))
    missing = [s for s in stems if s not in landed()]
    if missing:
        parser.error(f"notebook(s) not landed yet: {', '.join(missing)}; landed: {', '.join(landed())}")
    failed = 0
    profile = "standard" if args.check_claims else args.profile
    if args.check_claims:  # never compare against a scorecard left by an earlier check
        for stale in (ROOT / "_build" / "executed" / "check" / "claims").glob("*.json"):
            stale.unlink()
    for stem in stems:
        record = execute(stem, profile, args.device, commit=not args.check_claims)
        print(f"{stem}: {record['status']} in {record['seconds']} s ({profile}, {record['device']})"
              + (f" — {record['error']}" if record["error"] else ""), flush=True)
        failed += record["status"] != "ok"
    if args.check_claims:
        failed += report_claims(ROOT / "data" / "claims", ROOT / "_build" / "executed" / "check" / "claims")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
