"""Every notebook's committed scorecard matches the claims declared in its subpackage.

The registry (physai/<paper>/claims.py) is where a claim and its rule are written down
before the run that decides it; the saved scorecard must hold exactly those claims, in
that order, with the same kind, statement, reference, source and rule text.  A rule edited
without re-executing the notebook, a claim added or dropped on one side only, fails here.
"""
import json
from pathlib import Path

import pytest

from physai import claims as C
from physai.execute import landed

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("kind", "statement", "paper_value", "source", "where", "control", "fails_if", "caveat")


@pytest.mark.parametrize("stem", landed())
def test_committed_scorecard_matches_the_registry(stem):
    registry = C.registry(stem)
    saved = json.loads((ROOT / "data" / "claims" / f"{stem}.json").read_text())
    assert [c["id"] for c in saved["claims"]] == registry.ids, "claims added, dropped or reordered"
    for claim in saved["claims"]:
        spec = registry[claim["id"]]
        for name in FIELDS:
            assert claim[name] == C._plain(getattr(spec, name)), (claim["id"], name)
        assert claim["rule"] == (spec.rule.text if spec.rule else "—"), claim["id"]


@pytest.mark.parametrize("stem", landed())
def test_every_paper_claim_can_fail(stem):
    """A paper claim names a control measured in the same run, or the outcome that fails it."""
    for spec in C.registry(stem).claims.values():
        if spec.kind == "paper":
            assert spec.control or len(spec.fails_if.split()) >= 4, spec.id


@pytest.mark.parametrize("stem", landed())
def test_notebook_takes_its_claims_from_the_registry(stem):
    """The notebook checks ids only: no rule, statement or paper value written in it."""
    text = (ROOT / "notebooks" / f"{stem}.py").read_text()
    assert "claims.Scorecard(" not in text and "CLAIMS.scorecard(profile)" in text
    for rule in ("exact(", "abs_tol(", "rel_tol(", "at_most(", "at_least(", "between(", "predicate("):
        assert f"claims.{rule}" not in text, rule


def test_readme_scoreboard_is_generated_from_the_scorecards():
    """The README's counts are computed, never typed: `python -m physai.claims --readme`."""
    assert C.readme_block() in (ROOT / "README.md").read_text()
