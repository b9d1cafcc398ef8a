"""physai.execute on throwaway notebooks: the record states the device actually used, a
failing cell reports the notebook's own exception, and the caller's environment is untouched."""
import os
import textwrap

import pytest

from physai import execute

NOTEBOOK = textwrap.dedent('''\
    # ---
    # jupyter:
    #   kernelspec:
    #     display_name: Python 3
    #     language: python
    #     name: python3
    # ---

    # %% tags=["parameters"]
    profile = "standard"
    device = "auto"
    seed = 0

    # %%
    from physai import runtime
    profile, device = runtime.setup(profile, device, seed, use_torch={use_torch})
    ''')


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """A notebooks/ folder holding one notebook; execute's outputs go under tmp_path."""
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setattr(execute, "ROOT", tmp_path)
    monkeypatch.setattr(execute, "NOTEBOOK_DIR", tmp_path / "notebooks")

    def write(use_torch: bool) -> str:
        (tmp_path / "notebooks" / "99_tiny.py").write_text(NOTEBOOK.format(use_torch=use_torch))
        return "99_tiny"
    return write


def test_the_record_names_the_device_used_and_the_notebooks_own_error(tiny, monkeypatch):
    monkeypatch.setenv("PHYSAI_PROFILE", "paper")  # the caller's: execute must restore it
    monkeypatch.delenv("PHYSAI_CLAIMS_DIR", raising=False)
    numpy_only = execute.execute(tiny(False), "smoke", "cuda")
    assert numpy_only["status"] == "ok" and numpy_only["device"] == "cpu (numpy only)"
    assert numpy_only["numpy"] and numpy_only["scipy"]  # versions a verdict can depend on
    on_cpu = execute.execute(tiny(True), "smoke", "cpu")
    assert on_cpu["status"] == "ok" and on_cpu["device"] == "cpu"
    import torch
    if not torch.cuda.is_available():
        failed = execute.execute(tiny(True), "smoke", "cuda")
        assert failed["status"] == "failed"
        assert failed["error"].startswith("ValueError: device='cuda' requested but no CUDA GPU is visible")
        assert failed["device"].startswith("none")
    assert os.environ["PHYSAI_PROFILE"] == "paper" and execute.RUN_RECORD_ENV not in os.environ


def test_only_a_committing_standard_run_points_scorecards_at_data_claims(tiny, tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr("papermill.execute_notebook", lambda *a, **k: seen.update(dir=os.environ["PHYSAI_CLAIMS_DIR"]))
    execute.execute(tiny(False), "smoke", "cpu")
    assert seen["dir"] == str(tmp_path / "_build" / "claims" / "smoke")  # what gpu.yml uploads for paper
    execute.execute(tiny(False), "standard", "cpu", commit=False)
    assert seen["dir"] == str(tmp_path / "_build" / "executed" / "check" / "claims")
    monkeypatch.setattr(execute, "_clean", lambda nb: None)
    monkeypatch.setattr("nbformat.read", lambda *a, **k: None)
    monkeypatch.setattr("nbformat.write", lambda *a, **k: None)
    execute.execute(tiny(False), "standard", "cpu")
    assert seen["dir"] == str(tmp_path / "data" / "claims")


def test_error_text_prefers_the_notebook_exception():
    class CellError(Exception):
        ename, evalue = "KeyError", "'n_points'"
    assert execute._error_text(CellError("\n  long papermill text")) == "KeyError: 'n_points'"
    assert execute._error_text(RuntimeError("boom\nmore")) == "RuntimeError: boom"


def test_environment_is_restored(monkeypatch):
    monkeypatch.delenv("PHYSAI_X", raising=False)
    monkeypatch.setenv("PHYSAI_Y", "kept")
    with execute.environment({"PHYSAI_X": "1", "PHYSAI_Y": "2"}):
        assert os.environ["PHYSAI_X"] == "1" and os.environ["PHYSAI_Y"] == "2"
    assert "PHYSAI_X" not in os.environ and os.environ["PHYSAI_Y"] == "kept"
