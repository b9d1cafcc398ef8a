"""The notebooks as files: pairs in sync, parameters cell, scorecard cell, toc, claims."""
import json
import re
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml

from physai.execute import landed
from physai.profiles import NOTEBOOKS

ROOT = Path(__file__).resolve().parents[1]
STEMS = landed()


def _cells(path):
    return [(c.cell_type, c.source.strip()) for c in jupytext.read(path).cells]


def test_at_least_one_notebook_has_landed():
    assert STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_pair_is_in_sync(stem):
    py, ipynb = ROOT / "notebooks" / f"{stem}.py", ROOT / "notebooks" / f"{stem}.ipynb"
    assert ipynb.exists(), f"{stem}.ipynb missing: run `make execute NB={stem[:2]}`"
    assert _cells(py) == _cells(ipynb), f"{stem}: .py and .ipynb differ; run `make execute NB={stem[:2]}`"


@pytest.mark.parametrize("stem", STEMS)
def test_no_markdown_hidden_in_code_cells(stem):
    """A heading written as a comment in a code cell renders as code: it needs `# %% [markdown]`."""
    for cell in jupytext.read(ROOT / "notebooks" / f"{stem}.py").cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                assert not re.match(r"#\s+#{1,6}\s", line), line


@pytest.mark.parametrize("stem", STEMS)
def test_parameters_cell_comes_first(stem):
    code = [c for c in jupytext.read(ROOT / "notebooks" / f"{stem}.py").cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    for name in ("profile = ", "device = ", "seed = "):
        assert name in code[0].source


@pytest.mark.parametrize("stem", STEMS)
def test_exactly_one_checked_scorecard_cell(stem):
    cells = jupytext.read(ROOT / "notebooks" / f"{stem}.py").cells
    assert sum("NBVAL_CHECK_OUTPUT" in c.source for c in cells) == 1


@pytest.mark.parametrize("stem", STEMS)
def test_committed_outputs_are_clean_standard_runs(stem):
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "profile standard" in text
    assert "papermill" not in nb.metadata
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


@pytest.mark.parametrize("stem", STEMS)
def test_a_named_figure_cell_shows_one_figure_and_nothing_else(stem):
    """MyST-NB gives a named figure's label to each rich output of its cell: a second one (a returned Axes, a
    table) is a duplicate target and fails the book build. End the plotting line with ';'."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    for c in nb.cells:
        name = c.metadata.get("mystnb", {}).get("figure", {}).get("name")
        if c.cell_type != "code" or not name:
            continue
        rich = [o for o in c.outputs if o.output_type in ("display_data", "execute_result")]
        assert len(rich) == 1, f"{stem}, figure {name!r}: {len(rich)} rich outputs ({[o.output_type for o in rich]})"


@pytest.mark.parametrize("stem", STEMS)
def test_committed_claims_match_the_committed_notebook(stem):
    card = json.loads((ROOT / "data" / "claims" / f"{stem}.json").read_text())
    assert card["profile"] == "standard"
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    (cell,) = [c for c in nb.cells if "NBVAL_CHECK_OUTPUT" in c.source]
    printed = "".join(o.get("text", "") for o in cell.outputs).splitlines()
    # exact lines, both ways: a claim id that is a suffix of another (qdg, pythia-qdg) cannot
    # pass for it; speed rows depend on the machine's load and are never in the checked text
    expected = [f"{c['id']}: {c['verdict']}" for c in card["claims"] if c.get("kind") != "speed"]
    assert printed[:-1] == expected, "the checked summary and the saved scorecard disagree"


@pytest.mark.parametrize("stem", STEMS)
def test_execution_record_exists(stem):
    record = json.loads((ROOT / "data" / "execution" / f"{stem}.json").read_text())
    assert record["status"] == "ok" and record["profile"] == "standard"


def _toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def test_toc_points_at_existing_files_in_design_order():
    files = _toc_files()
    for f in files:
        assert any((ROOT / f).with_suffix(s).exists() for s in (".md", ".ipynb")), f
    notebooks = [Path(f).name for f in files if f.startswith("notebooks/")]
    assert notebooks == [s for s in NOTEBOOKS if s in notebooks], "papers out of DESIGN.md order"
    assert sorted(notebooks) == sorted(STEMS), "every landed notebook, and only those, in the toc"
    assert files[-1] == "book/execution", "execution statistics come last"
