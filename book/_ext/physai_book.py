"""Sphinx directives that build the book's generated tables at build time.

- ``physai-scoreboard``: every claim in data/claims/*.json, with counts per verdict.
- ``physai-execution``: the last execution of each notebook (data/execution/*.json).

Both read committed files only, so `make book` needs no execution.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]
VERDICT_ORDER = ("reproduced", "partly", "not reproduced", "not testable here")


def _read(folder: str) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((ROOT / "data" / folder).glob("*.json"))]


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _cell(content) -> nodes.entry:
    entry = nodes.entry()
    if isinstance(content, nodes.Node):
        entry += nodes.paragraph("", "", content)
    else:
        entry += nodes.paragraph(text=_text(content))
    return entry


def _table(headers: list[str], rows: list[list], classes: list[str]) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    head = nodes.thead()
    head += nodes.row("", *[_cell(h) for h in headers])
    body = nodes.tbody()
    body.extend(nodes.row("", *[_cell(c) for c in row]) for row in rows)
    group += head
    group += body
    return table


def _doc_link(stem: str, text: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/notebooks/{stem}",
                                refexplicit=True, refwarn=True)
    ref += nodes.inline(text=text)
    return ref


class Scoreboard(SphinxDirective):
    """All claims of all landed notebooks in one table."""

    def run(self):
        cards = _read("claims")
        for card in cards:
            self.env.note_dependency(str(ROOT / "data" / "claims" / f"{card['notebook']}.json"))
        claims = [(card, c) for card in cards for c in card["claims"]]
        counts = Counter(c["verdict"] for _, c in claims)
        summary = nodes.paragraph(text=f"{len(claims)} claims from {len(cards)} notebook(s): " + ", ".join(
            f"{counts[v]} {v}" for v in VERDICT_ORDER if counts[v]) + ".")
        rows = [[_doc_link(card["notebook"], card["notebook"][:2]), c["statement"], c["where"],
                 c["paper_value"], c["ours"], c["rule"], c["verdict"], c.get("reason", "")]
                for card, c in claims]
        headers = ["#", "claim", "in the paper", "paper", "ours", "rule", "verdict", "note"]
        return [summary, _table(headers, rows, ["physai-scoreboard"])]


class ExecutionStats(SphinxDirective):
    """When, where and how each committed notebook was last executed."""

    def run(self):
        records = _read("execution")
        rows = [[_doc_link(r["notebook"], r["notebook"]), r["profile"], r["device"], f"{r['seconds']:.0f} s",
                 r["date"], r["status"], r.get("python", "")] for r in records]
        headers = ["notebook", "profile", "device", "time", "date", "status", "python"]
        return [_table(headers, rows, ["physai-execution"])]


def setup(app):
    app.add_directive("physai-scoreboard", Scoreboard)
    app.add_directive("physai-execution", ExecutionStats)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
