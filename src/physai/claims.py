"""Claims and scorecards: what a paper says, the rule that tests it, our value, the verdict.

Each paper's claims are *declared* in its subpackage (a `Registry` of `ClaimSpec`s: id,
kind, statement, the reference value and its source, the rule, the control), apart from
the notebook and before the run that decides them; the notebook only measures and calls
`card.check(id, ours, control=...)`.  Changing a declared rule is its own commit, so
`git log -p` on the registries is the audit trail (DESIGN.md §4).

Four kinds of claim:

- ``paper``: an empirical claim of the paper, tested by our experiment; verdict
  reproduced / partly / not reproduced / not testable here.  Only these count in the
  reproduction rate.  Each one names a *control* measured in the same run (that the rule
  must reject) or states which outcome would have failed it.
- ``method``: a known answer, identity or limit that holds if the code is right;
  ``ours``: an experiment of our own the paper does not make.  Verdict holds / fails.
- ``speed``: a time or speed-up; saved with the machine that measured it and kept out of
  the nbval-checked summary (it cannot be stable across machines).
"""
from __future__ import annotations

import importlib
import json
import math
import os
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from . import runtime

REPRODUCED = "reproduced"
PARTLY = "partly"
NOT_REPRODUCED = "not reproduced"
NOT_TESTABLE = "not testable here"
HOLDS = "holds"
FAILS = "fails"

KINDS = ("paper", "method", "ours", "speed")
VERDICTS_BY_KIND = {
    "paper": (REPRODUCED, PARTLY, NOT_REPRODUCED, NOT_TESTABLE),
    "method": (HOLDS, FAILS, NOT_TESTABLE),
    "ours": (HOLDS, FAILS, NOT_TESTABLE),
    "speed": (HOLDS, FAILS, NOT_TESTABLE),
}
VERDICTS = (REPRODUCED, PARTLY, NOT_REPRODUCED, NOT_TESTABLE, HOLDS, FAILS)
# Where a reference value comes from.  A number measured on the original code is never
# shown as the paper's; "none": no reference value (our own experiments, qualitative rows).
SOURCES = ("paper", "authors' talk", "original code, measured", "none")

CLAIMS_ENV = "PHYSAI_CLAIMS_DIR"  # where scorecards are saved (tests point it at a temp dir)
REPO_ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- rules

@dataclass(frozen=True)
class Rule:
    """A named test of our value: `text` is what the scorecard shows.

    `test(ours)` returns REPRODUCED, PARTLY or NOT_REPRODUCED.  A rule made with
    `uses_control=True` is called as `test(ours, control)`: it compares against the
    control measured in the same run (e.g. "ours above the shuffled null's 95th percentile").
    """

    text: str
    test: Callable[..., str] = field(repr=False, compare=False)
    uses_control: bool = False

    def verdict(self, ours: Any, control: Any = None) -> str:
        if _missing(ours) or (self.uses_control and _missing(control)):
            return NOT_REPRODUCED
        return self.test(ours, control) if self.uses_control else self.test(ours)


def _missing(value: Any) -> bool:
    """None or a NaN (python or numpy scalar): a value the run did not produce."""
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except (TypeError, ValueError):
        return False


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


def predicate(text: str, fn: Callable[..., bool | str], uses_control: bool = False) -> Rule:
    """A qualitative rule; fn(ours) (or fn(ours, control)) returns a bool or a verdict."""
    def test(*args):
        out = fn(*args)
        return out if isinstance(out, str) else _yes(bool(out))
    return Rule(text, test, uses_control)


# --------------------------------------------------------------------- declarations

@dataclass(frozen=True)
class ClaimSpec:
    """One claim as declared before measuring (the registry entry).

    `paper_value` is the reference our value is compared with, `source` says whose it is
    (the paper, or the original code as measured, with `where`).  A `paper` claim names a
    `control` measured in the same run that the rule must reject, or says in `fails_if`
    which outcome would have failed it.  `caveat` flags a known weakness of the test
    (for example a rule an open audit is replacing); the Scoreboard shows it.
    """

    id: str
    kind: str
    statement: str
    rule: Rule | None  # None only for a claim no profile here can test (the reason says why)
    paper_value: Any = None
    source: str = "none"
    where: str = ""
    control: str = ""
    fails_if: str = ""
    caveat: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"claim {self.id!r}: unknown kind {self.kind!r}; valid: {', '.join(KINDS)}")
        if self.source not in SOURCES:
            raise ValueError(f"claim {self.id!r}: unknown source {self.source!r}; valid: {', '.join(SOURCES)}")
        if self.source == "none" and self.paper_value is not None:
            raise ValueError(f"claim {self.id!r}: a reference value needs a source ({', '.join(SOURCES[:3])})")
        if self.source != "none" and not self.where:
            raise ValueError(f"claim {self.id!r}: say where the {self.source} gives the value (figure, table, file)")
        if self.kind == "paper" and not (self.control or self.fails_if):
            raise ValueError(f"paper claim {self.id!r} needs a control or a fails_if statement")
        if self.rule is not None and self.rule.uses_control and not self.control:
            raise ValueError(f"claim {self.id!r}: its rule compares with a control; name the control")


class Registry:
    """The claims one notebook tests, declared in the paper's subpackage."""

    def __init__(self, notebook: str, title: str, claims: Iterable[ClaimSpec]):
        self.notebook, self.title = notebook, title
        self.claims: dict[str, ClaimSpec] = {}
        for spec in claims:
            if spec.id in self.claims:
                raise ValueError(f"{notebook}: claim id {spec.id!r} declared twice")
            self.claims[spec.id] = spec

    @property
    def ids(self) -> list[str]:
        return list(self.claims)

    def __getitem__(self, id: str) -> ClaimSpec:
        try:
            return self.claims[id]
        except KeyError:
            raise KeyError(f"{self.notebook}: claim {id!r} is not declared; declared: {', '.join(self.claims)}") from None

    def scorecard(self, profile: str = "standard") -> "Scorecard":
        return Scorecard(self, profile)


# Where each notebook's claims are declared (imported by name: the core never imports a paper).
REGISTRY_MODULES = {
    "01_grokking_effective_theory": "physai.grokking.claims",
    "02_omnigrok": "physai.omnigrok.claims",
    "03_quantization_model": "physai.quantization.claims",
    "04_bimt": "physai.bimt.claims",
    "05_clock_pizza": "physai.clockpizza.claims",
    "06_sid": "physai.sid.claims",
    "07_pfgm": "physai.generative.pfgm.claims",
    "08_pfgmpp": "physai.generative.pfgmpp.claims",
    "09_genphys": "physai.generative.genphys.claims",
}


def registry(notebook: str) -> Registry:
    """The declared claims of one notebook (its stem, e.g. "06_sid")."""
    if notebook not in REGISTRY_MODULES:
        raise ValueError(f"no claims registry for {notebook!r}; known: {', '.join(REGISTRY_MODULES)}")
    return importlib.import_module(REGISTRY_MODULES[notebook]).CLAIMS


# -------------------------------------------------------------------------- results

@dataclass
class Claim:
    """One claim as measured: the declaration's text plus our value and the verdict."""

    id: str
    kind: str
    statement: str
    paper_value: Any
    source: str
    where: str
    ours: Any
    rule: str
    verdict: str
    reason: str = ""  # why not reproduced / not testable, or what to note
    control: str = ""  # what the control is
    control_value: Any = None
    control_verdict: str = ""  # the control against the rule: passes / partly / fails / no value; "" if n/a
    fails_if: str = ""
    caveat: str = ""
    spread: Any = None  # [min, max] over seeds when ours is a median
    seeds: int | None = None
    machine: str = ""  # speed claims: where the time was measured

    def __post_init__(self):
        valid = VERDICTS_BY_KIND.get(self.kind, ())
        if self.verdict not in valid:
            raise ValueError(f"unknown verdict {self.verdict!r} for a {self.kind} claim; valid: {valid}")


def count_verdicts(claims: Iterable) -> dict[str, dict[str, int]]:
    """Per kind, the number of claims with each verdict, zeros kept (Claims or saved dicts).

    The one tally behind a scorecard's summary, the headline, the README block and the
    Scoreboard page.
    """
    out = {kind: dict.fromkeys(VERDICTS_BY_KIND[kind], 0) for kind in KINDS}
    for c in claims:
        kind, verdict = (c.kind, c.verdict) if isinstance(c, Claim) else (c["kind"], c["verdict"])
        out[kind][verdict] += 1
    return out


def held(counts: dict[str, dict[str, int]], kind: str) -> str:
    """'3 of 4' method checks / own experiments that hold; '—' when there are none."""
    total = sum(counts[kind].values())
    return f"{counts[kind][HOLDS]} of {total}" if total else "—"


def _plain(value: Any) -> Any:
    """JSON-friendly numbers: numpy scalars to python, floats to 4 significant digits."""
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()
    if isinstance(value, float):
        return float(f"{value:.4g}") if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_CONTROL_WORD = {REPRODUCED: "passes", PARTLY: "partly", NOT_REPRODUCED: "fails"}


def _capped(verdict: str, control_verdict: str) -> str:
    """A paper claim's verdict given how its control fared against the same rule."""
    if control_verdict in ("passes", "no value"):
        return NOT_REPRODUCED
    if control_verdict == "partly" and verdict == REPRODUCED:
        return PARTLY
    return verdict


class Scorecard:
    """The claims one notebook tests, in the order it tests them, against its registry."""

    def __init__(self, registry: Registry, profile: str = "standard"):
        self.registry, self.profile = registry, profile
        self.notebook, self.title = registry.notebook, registry.title
        self.claims: list[Claim] = []

    def check(self, id: str, ours: Any, control: Any = None, reason: str = "",
              spread: Any = None, seeds: int | None = None) -> Claim:
        """Apply the declared rule to our value and record the verdict.

        The control, when the claim declares one, is what the rule must reject:
        - an absolute rule (a threshold, a window) is applied to the control as if it were
          ours; a paper claim is then at best what the control is not: *not reproduced* if
          the control passes too, at most *partly* if the control partly passes;
        - a rule that compares ours with the control (`uses_control`) already reads it;
        - a control that produced no value (None, NaN: a crashed or diverged run) cannot
          show the rule's power, so the paper claim is not reproduced.
        """
        spec = self.registry[id]
        if spec.rule is None:
            raise ValueError(f"claim {id!r} has no declared rule; declare one before checking it")
        if spec.control and control is None:
            raise ValueError(f"claim {id!r} declares a control ({spec.control}) but none was given")
        raw = spec.rule.verdict(ours, control)
        control_verdict, notes = "", [reason]
        if spec.control:
            if _missing(control):
                control_verdict = "no value"
                notes.append("the control produced no value, so this run cannot show the rule could fail")
            elif not spec.rule.uses_control:
                control_verdict = _CONTROL_WORD[spec.rule.verdict(control)]
                if control_verdict == "passes":
                    notes.append("the control passes the rule too, so this run cannot tell")
            if spec.kind == "paper":
                raw = _capped(raw, control_verdict)
        verdict = raw if spec.kind == "paper" else HOLDS if raw == REPRODUCED else FAILS
        reason = "; ".join(n for n in notes if n)
        return self._add(spec, ours, verdict, reason, control, control_verdict, spread, seeds)

    def check_seeds(self, id: str, values: Iterable[float], control: Any = None, reason: str = "") -> Claim:
        """The rule applied to the median over seeds; the spread [min, max] is saved and shown.

        A seed that diverged (NaN) makes the median NaN: the claim is not reproduced.
        """
        values = [float(v) for v in values]
        if len(values) < 3:
            raise ValueError(f"claim {id!r}: a median over seeds needs at least 3 seeds, got {len(values)}")
        finite = [v for v in values if math.isfinite(v)]
        if len(finite) < len(values):
            return self.check(id, math.nan, control, reason, spread=[math.nan, math.nan], seeds=len(values))
        return self.check(id, statistics.median(finite), control, reason, spread=[min(finite), max(finite)],
                          seeds=len(values))

    def not_testable(self, id: str, reason: str) -> Claim:
        """A claim this profile cannot test; the reason says why."""
        return self._add(self.registry[id], None, NOT_TESTABLE, reason, None, "", None, None)

    def _add(self, spec: ClaimSpec, ours, verdict, reason, control, control_verdict, spread, seeds) -> Claim:
        if any(c.id == spec.id for c in self.claims):
            raise ValueError(f"duplicate claim id {spec.id!r}")
        claim = Claim(spec.id, spec.kind, spec.statement, _plain(spec.paper_value), spec.source, spec.where,
                      _plain(ours), spec.rule.text if spec.rule else "—", verdict, reason,
                      spec.control, _plain(control), control_verdict, spec.fails_if, spec.caveat,
                      _plain(spread), seeds, runtime.machine() if spec.kind == "speed" else "")
        self.claims.append(claim)
        return claim

    def missing(self) -> list[str]:
        """Declared claims this scorecard has not recorded yet."""
        done = {c.id for c in self.claims}
        return [i for i in self.registry.ids if i not in done]

    def table(self) -> pd.DataFrame:
        """The scorecard as the notebook shows it: verdict first."""
        frame = pd.DataFrame([asdict(c) for c in self.claims])
        cols = ["verdict", "kind", "id", "statement", "paper_value", "source", "ours", "control_value", "rule",
                "reason", "caveat"]
        return frame[cols].rename(columns={"paper_value": "reference", "control_value": "control"})

    def counts(self) -> dict[str, dict[str, int]]:
        """Per kind present, the number of claims with each verdict that occurs."""
        return {kind: {v: n for v, n in by.items() if n}
                for kind, by in count_verdicts(self.claims).items() if sum(by.values())}

    def summary(self) -> str:
        """Stable text for nbval: a line per claim (id, verdict), then the counts; no speed claims."""
        stable = [c for c in self.claims if c.kind != "speed"]
        lines = [f"{c.id}: {c.verdict}" for c in stable]
        counts = {k: v for k, v in self.counts().items() if k != "speed"}
        lines.append("; ".join(f"{kind}: " + ", ".join(f"{n} {v}" for v, n in by.items())
                               for kind, by in counts.items()))
        return "\n".join(lines)

    def speed(self) -> str:
        """The speed claims with the machine that measured them (not for nbval)."""
        return "\n".join(f"{c.id}: {c.ours} ({c.rule}: {c.verdict}) on {c.machine}"
                         for c in self.claims if c.kind == "speed")

    def path(self) -> Path:
        """Where save() writes: $PHYSAI_CLAIMS_DIR when set, else _build/claims/<profile>/.

        Only `make execute` at the standard profile points $PHYSAI_CLAIMS_DIR at the committed
        data/claims/; a notebook run by hand (or a stray test) never overwrites it.
        """
        base = os.environ.get(CLAIMS_ENV)
        root = Path(base) if base else REPO_ROOT / "_build" / "claims" / self.profile
        return root / f"{self.notebook}.json"

    def save(self) -> Path:
        """Write the scorecard; every declared claim must have been checked or marked not testable."""
        if missing := self.missing():
            raise ValueError(f"{self.notebook}: declared claims never checked: {', '.join(missing)} "
                             "(check them, or mark them not testable with the reason)")
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"notebook": self.notebook, "title": self.title, "profile": self.profile,
                   "claims": [asdict(c) for c in self.claims]}
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return path


# ---------------------------------------------------------------- reading and diffing

def load_all(directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every saved claim, one row each, with its notebook (for the Scoreboard page)."""
    directory = Path(directory) if directory else REPO_ROOT / "data" / "claims"
    rows = []
    for path in sorted(directory.glob("*.json")):
        card = json.loads(path.read_text())
        for claim in card["claims"]:
            rows.append({"notebook": card["notebook"], "title": card["title"], **claim})
    return pd.DataFrame(rows)


DIFF_COLUMNS = ["notebook", "id", "kind", "change", "verdict", "fresh_verdict", "ours", "fresh_ours", "rule",
                "fresh_rule", "verdict_changed", "rule_changed", "declaration_changed", "text_changed",
                "value_changed", "added", "removed"]
# What a claim is tested against: changing any of these re-decides the claim (fails check-claims).
DECLARATION = ("kind", "paper_value", "source", "control")
# Wording: reported, fails nothing.
WORDING = ("statement", "where", "fails_if", "caveat")


def _differs(m: pd.DataFrame, column: str) -> "pd.Series":
    """Row by row, whether the committed and fresh values of `column` differ (as JSON)."""
    return pd.Series([json.dumps(a, default=str) != json.dumps(b, default=str)
                      for a, b in zip(m[column], m[f"{column}_fresh"])])


def compare(committed: str | os.PathLike, fresh: str | os.PathLike) -> pd.DataFrame:
    """Claim by claim, committed vs freshly executed scorecards (only notebooks in both).

    Flags per claim: `verdict_changed` (speed claims excepted: a time is a benchmark
    matter), `rule_changed` (the rule's text), `declaration_changed` (kind, reference
    value, source or control), `added` / `removed` (a claim in one but not the other) —
    these fail `make check-claims` (`failures(diff)`); `text_changed` (statement, where,
    fails_if, caveat) and `value_changed` (our number moved) are reported only.
    """
    old, new = load_all(committed), load_all(fresh)
    if old.empty or new.empty:
        return pd.DataFrame(columns=DIFF_COLUMNS)
    old = old[old.notebook.isin(set(new.notebook))]
    new = new[new.notebook.isin(set(old.notebook))]
    m = old.merge(new, on=["notebook", "id"], how="outer", suffixes=("", "_fresh"), indicator=True)
    m = m.reset_index(drop=True)
    added, removed = (m._merge == "right_only").to_numpy(), (m._merge == "left_only").to_numpy()
    both = ~(added | removed)
    kind = m.kind.where(m.kind.notna(), m.kind_fresh)
    speed = ((m.kind == "speed") & (m.kind_fresh == "speed")).to_numpy()
    rule_changed = both & (m.rule != m.rule_fresh).to_numpy()
    verdict_changed = both & (m.verdict != m.verdict_fresh).to_numpy() & ~speed
    declaration_changed = both & pd.concat([_differs(m, c) for c in DECLARATION], axis=1).any(axis=1).to_numpy()
    text_changed = both & pd.concat([_differs(m, c) for c in WORDING], axis=1).any(axis=1).to_numpy()
    value_changed = both & _differs(m, "ours").to_numpy()
    flags = zip(added, removed, verdict_changed, rule_changed, declaration_changed, text_changed, value_changed)
    names = ("added", "removed", "verdict", "rule", "declaration", "text", "value")
    change = [next((n for n, f in zip(names, row) if f), "") for row in flags]
    return pd.DataFrame({
        "notebook": m.notebook, "id": m.id, "kind": kind, "change": change,
        "verdict": m.verdict, "fresh_verdict": m.verdict_fresh, "ours": m.ours, "fresh_ours": m.ours_fresh,
        "rule": m.rule, "fresh_rule": m.rule_fresh,
        "verdict_changed": verdict_changed, "rule_changed": rule_changed,
        "declaration_changed": declaration_changed, "text_changed": text_changed, "value_changed": value_changed,
        "added": added, "removed": removed,
    })


def failures(diff: pd.DataFrame) -> int:
    """Claims whose verdict, rule or declaration changed, or that appeared or disappeared."""
    if diff.empty:
        return 0
    return int((diff.verdict_changed | diff.rule_changed | diff.declaration_changed | diff.added
                | diff.removed).sum())


# -------------------------------------------------------------------------- headline

def headline(directory: str | os.PathLike | None = None) -> str:
    """The book's one-line result, computed from the scorecards (never typed by hand).

    Reproduced claims whose test carries a caveat (a known weakness an audit is fixing)
    are counted out loud, so the rate is not read as stronger than its tests.
    """
    claims = load_all(directory).to_dict("records")
    t = count_verdicts(claims)
    paper = t["paper"]
    caveated = sum(c["kind"] == "paper" and c["verdict"] == REPRODUCED and bool(c.get("caveat")) for c in claims)
    return (f"{paper[REPRODUCED]} of {sum(paper.values())} paper claims reproduced ({caveated} of them with a "
            f"caveat on the test; {paper[PARTLY]} partly, {paper[NOT_REPRODUCED]} not reproduced, "
            f"{paper[NOT_TESTABLE]} not testable here); {t['method'][HOLDS]} of {sum(t['method'].values())} "
            "method checks hold")


README_START = "<!-- scoreboard: generated by `python -m physai.claims --readme` from data/claims; a test keeps it current -->"
README_END = "<!-- /scoreboard -->"


def readme_block(directory: str | os.PathLike | None = None) -> str:
    """The README's scoreboard: the headline and a row per notebook, from the scorecards."""
    table = load_all(directory)
    lines = [README_START, f"**{headline(directory)}.**", "",
             "| # | chapter | paper claims | method checks hold | our experiments hold |", "|---|---|---|---|---|"]
    for notebook, rows in table.groupby("notebook", sort=True):
        counts = count_verdicts(rows.to_dict("records"))
        tally = ", ".join(f"{n} {v}" for v, n in counts["paper"].items() if n)
        lines.append(f"| {notebook[:2]} | {rows.title.iloc[0]} | {tally or '—'} | {held(counts, 'method')} | "
                     f"{held(counts, 'ours')} |")
    return "\n".join(lines + [README_END])


def update_readme(path: str | os.PathLike = REPO_ROOT / "README.md") -> bool:
    """Rewrite the README's generated scoreboard block; True if it changed."""
    path = Path(path)
    text = path.read_text()
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    new = text[:start] + readme_block() + text[end:]
    path.write_text(new)
    return new != text


if __name__ == "__main__":
    import sys

    if "--readme" in sys.argv[1:]:
        print("README.md updated" if update_readme() else "README.md already current")
    else:
        print(headline())
