"""Sphinx directives that build the book's generated tables at build time.

- ``physai-scoreboard``: every claim in data/claims/*.json, with counts per verdict.
- ``physai-execution``: the last execution of each notebook (data/execution/*.json).

Both read committed files only, so `make book` needs no execution.  Two fixes for reading
the book offline: MathJax is served from the book itself (the files of the
`django-static-mathjax` package, MathJax 3) instead of a CDN, and sphinx-thebe's inline
script, which jupyter-book registers twice, is emitted once.
"""
from __future__ import annotations

import json
import shutil
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
    """A table cell from text, a node, or a list of them (one paragraph each)."""
    entry = nodes.entry()
    for part in content if isinstance(content, tuple) else (content,):
        if isinstance(part, nodes.Node):
            entry += nodes.paragraph("", "", part)
        elif part not in ("", None) or len(entry) == 0:
            entry += nodes.paragraph(text=_text(part))
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
        rows = [[_doc_link(card["notebook"], card["notebook"][:2]),
                 (c["statement"], nodes.emphasis(text=c["reason"]) if c.get("reason") else ""),
                 (_text(c["paper_value"]), nodes.emphasis(text=c["where"])), c["ours"], c["rule"], c["verdict"]]
                for card, c in claims]
        headers = ["#", "claim (note)", "paper (where)", "ours", "rule", "verdict"]
        return [summary, _table(headers, rows, ["physai-scoreboard"])]


class ExecutionStats(SphinxDirective):
    """When, where and how each committed notebook was last executed."""

    def run(self):
        records = _read("execution")
        rows = [[_doc_link(r["notebook"], r["notebook"]), r["profile"], r["device"], f"{r['seconds']:.0f} s",
                 r["date"], r["status"], r.get("python", ""), r.get("torch", ""), r.get("cuda", "")]
                for r in records]
        headers = ["notebook", "profile", "device", "time", "date", "status", "python", "torch", "CUDA"]
        return [_table(headers, rows, ["physai-execution"])]


MATHJAX_ENTRY = "mathjax/tex-mml-chtml.js"  # under _static


def _mathjax_source() -> Path | None:
    try:
        import mathjax  # the django-static-mathjax distribution
    except ImportError:
        return None
    root = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    return root if (root / "tex-mml-chtml.js").exists() else None


def _use_local_mathjax(app, config):
    if _mathjax_source() is not None:
        config.mathjax_path = MATHJAX_ENTRY


def _copy_mathjax(app, exception):
    source = _mathjax_source()
    if exception or source is None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "tex-mml-chtml.js", target / "tex-mml-chtml.js")
    fonts = Path("output") / "chtml" / "fonts" / "woff-v2"
    shutil.copytree(source / fonts, target / fonts, dirs_exist_ok=True)


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (str(getattr(script, "filename", script) or ""), str(getattr(script, "attributes", {}).get("body", "")))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.add_directive("physai-scoreboard", Scoreboard)
    app.add_directive("physai-execution", ExecutionStats)
    app.connect("config-inited", _use_local_mathjax)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("build-finished", _copy_mathjax)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
