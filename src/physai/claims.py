"""Claims and scorecards: the paper's value, ours, the rule, the verdict.

A rule is written down from the paper *before* measuring; `Scorecard.check` then
applies it to our number and records the verdict.  The saved JSON feeds the book's
Scoreboard page; `Scorecard.summary()` prints only stable text (claim and verdict)
for nbval to compare.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

REPRODUCED = "reproduced"
PARTLY = "partly"
NOT_REPRODUCED = "not reproduced"
NOT_TESTABLE = "not testable here"
VERDICTS = (REPRODUCED, PARTLY, NOT_REPRODUCED, NOT_TESTABLE)

CLAIMS_ENV = "PHYSAI_CLAIMS_DIR"  # where scorecards are saved (tests point it at a temp dir)
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Rule:
    """A named test of our value: `text` is what the scorecard shows."""

    text: str
    test: Callable[[Any], str] = field(repr=False, compare=False)

    def verdict(self, ours: Any) -> str:
        if ours is None or (isinstance(ours, float) and math.isnan(ours)):
            return NOT_REPRODUCED
        return self.test(ours)


def _yes(ok: bool) -> str:
    return REPRODUCED if ok else NOT_REPRODUCED


def exact(expected: Any) -> Rule:
    """Equality; for sequences of equal length, 'partly' when some entries match."""
    def test(ours):
        if isinstance(expected, (list, tuple)) and isinstance(ours, (list, tuple)) and len(ours) == len(expected):
            hits = sum(a == b for a, b in zip(ours, expected))
            return REPRODUCED if hits == len(expected) else PARTLY if hits else NOT_REPRODUCED
        return _yes(ours == expected)
    return Rule(f"= {expected}", test)


def rel_tol(expected: float, tol: float) -> Rule:
    return Rule(f"within ±{tol:.0%} of {expected:g}", lambda o: _yes(abs(o - expected) <= tol * abs(expected)))


def abs_tol(expected: float, tol: float) -> Rule:
    return Rule(f"within ±{tol:g} of {expected:g}", lambda o: _yes(abs(o - expected) <= tol))


def at_most(bound: float, unit: str = "") -> Rule:
    return Rule(f"≤ {bound:g}{unit}", lambda o: _yes(o <= bound))


def at_least(bound: float, unit: str = "") -> Rule:
    return Rule(f"≥ {bound:g}{unit}", lambda o: _yes(o >= bound))


def between(lo: float, hi: float) -> Rule:
    return Rule(f"in [{lo:g}, {hi:g}]", lambda o: _yes(lo <= o <= hi))


def predicate(text: str, fn: Callable[[Any], bool | str]) -> Rule:
    """A qualitative rule; fn may return a bool or one of VERDICTS."""
    def test(ours):
        out = fn(ours)
        return out if isinstance(out, str) else _yes(bool(out))
    return Rule(text, test)


@dataclass
class Claim:
    id: str
    statement: str
    paper_value: Any
    where: str  # figure / table / section of the paper
    ours: Any
    rule: str
    verdict: str
    reason: str = ""  # why not reproduced / not testable, or what to note

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}; valid: {VERDICTS}")


def _plain(value: Any) -> Any:
    """JSON-friendly numbers: numpy scalars to python, floats to 4 significant digits."""
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()
    if isinstance(value, float):
        return float(f"{value:.4g}") if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class Scorecard:
    """The claims one notebook tests, in the order it tests them."""

    def __init__(self, notebook: str, title: str, profile: str = "standard"):
        self.notebook, self.title, self.profile = notebook, title, profile
        self.claims: list[Claim] = []

    def check(self, id: str, statement: str, paper_value: Any, where: str, ours: Any,
              rule: Rule, reason: str = "") -> Claim:
        """Apply a rule decided beforehand to our value and record the verdict."""
        return self._add(Claim(id, statement, _plain(paper_value), where, _plain(ours), rule.text,
                               rule.verdict(ours), reason))

    def not_testable(self, id: str, statement: str, paper_value: Any, where: str, reason: str) -> Claim:
        """A claim this profile cannot test; the reason says why."""
        return self._add(Claim(id, statement, _plain(paper_value), where, None, "—", NOT_TESTABLE, reason))

    def _add(self, claim: Claim) -> Claim:
        if any(c.id == claim.id for c in self.claims):
            raise ValueError(f"duplicate claim id {claim.id!r}")
        self.claims.append(claim)
        return claim

    def table(self) -> pd.DataFrame:
        frame = pd.DataFrame([asdict(c) for c in self.claims])
        return frame.rename(columns={"paper_value": "paper", "where": "in the paper"})

    def counts(self) -> dict[str, int]:
        return {v: sum(c.verdict == v for c in self.claims) for v in VERDICTS}

    def summary(self) -> str:
        """Stable text for nbval: one line per claim (id, verdict), then the counts."""
        lines = [f"{c.id}: {c.verdict}" for c in self.claims]
        lines.append(", ".join(f"{n} {v}" for v, n in self.counts().items() if n))
        return "\n".join(lines)

    def path(self) -> Path:
        """data/claims/NN_stem.json at the standard profile; elsewhere never the committed file."""
        base = os.environ.get(CLAIMS_ENV)
        if base:
            root = Path(base)
        elif self.profile == "standard":
            root = REPO_ROOT / "data" / "claims"
        else:
            root = REPO_ROOT / "_build" / "claims" / self.profile
        return root / f"{self.notebook}.json"

    def save(self) -> Path:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"notebook": self.notebook, "title": self.title, "profile": self.profile,
                   "claims": [asdict(c) for c in self.claims]}
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return path


def load_all(directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every saved claim, one row each, with its notebook (for the Scoreboard page)."""
    directory = Path(directory) if directory else REPO_ROOT / "data" / "claims"
    rows = []
    for path in sorted(directory.glob("*.json")):
        card = json.loads(path.read_text())
        for claim in card["claims"]:
            rows.append({"notebook": card["notebook"], "title": card["title"], **claim})
    return pd.DataFrame(rows)


def compare(committed: str | os.PathLike, fresh: str | os.PathLike) -> pd.DataFrame:
    """Claim by claim, committed vs freshly executed scorecards (only notebooks in both).

    What CI guards is the verdict: `verdict_changed` is what fails `make check-claims`
    (and nbval, which compares the printed verdicts).  A value that moves while its
    verdict stands is reported in `value_changed` and fails nothing.
    """
    old, new = load_all(committed), load_all(fresh)
    if old.empty or new.empty:
        return pd.DataFrame(columns=["notebook", "id", "verdict", "fresh_verdict", "ours", "fresh_ours",
                                     "verdict_changed", "value_changed"])
    merged = old.merge(new, on=["notebook", "id"], suffixes=("", "_fresh"))
    return pd.DataFrame({
        "notebook": merged.notebook, "id": merged.id,
        "verdict": merged.verdict, "fresh_verdict": merged.verdict_fresh,
        "ours": merged.ours, "fresh_ours": merged.ours_fresh,
        "verdict_changed": merged.verdict != merged.verdict_fresh,
        "value_changed": [json.dumps(a) != json.dumps(b) for a, b in zip(merged.ours, merged.ours_fresh)],
    })
