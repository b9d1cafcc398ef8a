"""The book builds from the committed outputs with warnings as errors."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_pages_exist(html):
    for page in ["book/intro", "book/scoreboard", "book/reproducing", "book/references", "book/execution",
                 "notebooks/01_grokking_effective_theory", "notebooks/02_omnigrok", "notebooks/03_quantization_model", "notebooks/04_bimt", "notebooks/05_clock_pizza", "notebooks/06_sid", "notebooks/07_pfgm",
                 "notebooks/08_pfgmpp", "notebooks/09_genphys"]:
        assert (html / f"{page}.html").exists(), page


def test_scoreboard_lists_every_claim_with_a_link(html):
    import html as htmllib
    import json
    raw = (html / "book" / "scoreboard.html").read_text()
    # Sphinx's smart quotes: batch's -> batch’s, 'yes' -> ‘yes’, "x" -> “x”
    text = htmllib.unescape(raw)
    for curly, straight in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    for path in sorted((ROOT / "data" / "claims").glob("*.json")):
        for claim in json.loads(path.read_text())["claims"]:
            assert claim["statement"] in text, claim["statement"]
    from physai.execute import landed
    for stem in landed():  # every chapter linked, not only one
        assert f"../notebooks/{stem}.html" in raw, stem


def test_execution_page_has_a_row_per_notebook(html):
    page = (html / "book" / "execution.html").read_text()
    assert "06_sid" in page and "standard" in page


@pytest.mark.parametrize("stem, figure", [("06_sid", "sid-spectra"), ("01_grokking_effective_theory", "grok-phases"),
                                          ("07_pfgm", "pfgm-nfe"), ("08_pfgmpp", "pfgmpp-robustness"),
                                          ("09_genphys", "genphys-strips"),
                                          ("05_clock_pizza", "clockpizza-phase"),
                                          ("02_omnigrok", "omnigrok-images"),
                                          ("03_quantization_model", "quanta-emergence"),
                                          ("04_bimt", "bimt-independence")])
def test_notebook_page_shows_figures_and_scorecard(html, stem, figure):
    page = (html / "notebooks" / f"{stem}.html").read_text()
    assert page.count("<img") >= 3
    assert figure in page and any(v in page for v in ("reproduced", "holds", "fails"))  # a scorecard


def test_headline_and_per_paper_sections_come_from_the_scorecards(html):
    from physai.claims import headline
    from physai.execute import landed
    for page in ("book/intro", "book/scoreboard"):
        assert headline() in (html / f"{page}.html").read_text().replace("\u2019", "'"), page
    board = (html / "book" / "scoreboard.html").read_text()
    for stem in landed():
        assert f'id="score-{stem.replace("_", "-")}"' in board, stem
    assert board.count('class="physai-verdict') >= sum(1 for _ in landed())
