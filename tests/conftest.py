"""Shared test settings: quiet progress bars, one thread, scorecards saved to a temp dir;
one book build shared by the book and browser tests."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("PHYSAI_QUIET", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("PHYSAI_CLAIMS_DIR", str(tmp_path / "claims"))
    monkeypatch.delenv("PHYSAI_PROFILE", raising=False)
    import torch

    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def html(tmp_path_factory) -> Path:
    """The book built from the committed outputs with warnings as errors (nitpicky)."""
    out = tmp_path_factory.mktemp("book")
    jb = Path(sys.executable).with_name("jupyter-book")
    jb = str(jb) if jb.exists() else shutil.which("jupyter-book")
    result = subprocess.run([jb, "build", str(ROOT), "--path-output", str(out), "--warningiserror",
                             "--nitpick", "--keep-going"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"
