"""Shared test settings: quiet progress bars, one thread, scorecards saved to a temp dir."""
import os

import pytest

os.environ.setdefault("PHYSAI_QUIET", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture(autouse=True)
def _isolated_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("PHYSAI_CLAIMS_DIR", str(tmp_path / "claims"))
    monkeypatch.delenv("PHYSAI_PROFILE", raising=False)
    import torch

    torch.set_num_threads(1)
