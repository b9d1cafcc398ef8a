"""Sphinx directives that build the book's generated tables at build time.

- ``physai-headline``: the book's one-line result (paper claims reproduced, method checks held).
- ``physai-summary``: a row per paper, its claims counted by kind and verdict.
- ``physai-claims NN_stem``: one paper's claims, verdict first, a sub-table per kind.
- ``physai-execution``: the last execution of each notebook (data/execution/*.json).

They read committed files only, so `make book` needs no execution.  Two fixes for reading
the book offline: MathJax is served from the book itself (the files of the
`django-static-mathjax` package, MathJax 3) instead of a CDN, and sphinx-thebe's inline
script, which jupyter-book registers twice, is emitted once.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]


def _read(folder: str) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((ROOT / "data" / folder).glob("*.json"))]


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
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


def _verdict(verdict: str, text: str = "") -> nodes.inline:
    """The verdict as a coloured badge that also reads as text (not colour alone)."""
    return nodes.inline(text=text or verdict, classes=["physai-verdict", "physai-" + verdict.replace(" ", "-")])


def _ours(c: dict):
    spread = c.get("spread")
    if isinstance(spread, (list, tuple)) and len(spread) == 2:
        return f"{_text(c['ours'])} (median of {c['seeds']} seeds; {_text(spread[0])} to {_text(spread[1])})"
    if spread:  # any other shape (per-seed values, say): shown as it is rather than breaking the page
        return f"{_text(c['ours'])} (seeds: {_text(spread)})"
    return c["ours"]


def _reference(c: dict):
    if c.get("source", "none") == "none":
        return ("—", nodes.emphasis(text=f"claimed in: {c['where']}")) if c.get("where") else "—"
    label = "paper" if c["source"] == "paper" else c["source"]
    return (_text(c["paper_value"]), nodes.emphasis(text=f"{label}: {c['where']}"))


def _notes(c: dict):
    parts = [c["statement"]]
    if c.get("reason"):
        parts.append(nodes.emphasis(text=c["reason"]))
    if c.get("caveat"):
        parts.append(nodes.strong(text="Caveat: " + c["caveat"]))
    return tuple(parts)


def _power(c: dict):
    """What could have failed the rule: the control and how it fared, or the stated outcome."""
    if c.get("control"):
        fared = f" ({c['control_verdict']} the rule)" if c.get("control_verdict") else ""
        return f"{c['control']}: {_text(c.get('control_value'))}{fared}"
    return ("fails if " + c["fails_if"]) if c.get("fails_if") else "—"


def _paper_rows(claims: list[dict]) -> list[list]:
    return [[_verdict(c["verdict"]), _notes(c), _reference(c), _ours(c), _power(c), c["rule"]] for c in claims]


def _check_rows(claims: list[dict]) -> list[list]:
    return [[_verdict(c["verdict"]), _notes(c), _reference(c), _ours(c), c["rule"]] for c in claims]


def _speed_rows(claims: list[dict]) -> list[list]:
    return [[c["verdict"], _notes(c), _reference(c), c["ours"], c["rule"], c.get("machine", "")] for c in claims]


def _of_kind(card: dict, kind: str) -> list[dict]:
    return [c for c in card["claims"] if c["kind"] == kind]


def _anchor(stem: str) -> str:
    return f"score-{stem}"


class ScoreSummary(SphinxDirective):
    """One row per paper: paper claims by verdict, method checks and our experiments held."""

    def run(self):
        from physai.claims import count_verdicts, held

        rows = []
        for card in _read("claims"):
            self.env.note_dependency(str(ROOT / "data" / "claims" / f"{card['notebook']}.json"))
            ref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=_anchor(card["notebook"]),
                                        refexplicit=True, refwarn=True)
            ref += nodes.inline(text=card["title"])
            counts = count_verdicts(card["claims"])
            tally = nodes.inline()
            for verdict, n in counts["paper"].items():
                if n:
                    tally += [_verdict(verdict, f"{n} {verdict}"), nodes.Text(" ")]
            rows.append([card["notebook"][:2], ref, tally if len(tally) else "—",
                         held(counts, "method"), held(counts, "ours")])
        headers = ["#", "paper", "paper claims", "method checks hold", "our experiments hold"]
        return [_table(headers, rows, ["physai-summary"])]


class Headline(SphinxDirective):
    """The book's one-line result, computed from the scorecards."""

    def run(self):
        from physai.claims import headline

        for path in sorted((ROOT / "data" / "claims").glob("*.json")):
            self.env.note_dependency(str(path))
        return [nodes.paragraph("", "", nodes.strong(text=headline(ROOT / "data" / "claims") + "."))]


class PaperClaims(SphinxDirective):
    """One paper's scorecard: paper claims (verdict first), then method checks, ours, speed."""

    required_arguments = 1

    def run(self):
        stem = self.arguments[0]
        path = ROOT / "data" / "claims" / f"{stem}.json"
        self.env.note_dependency(str(path))
        card = json.loads(path.read_text())
        out = [nodes.paragraph("", "", nodes.Text("Notebook: "), _doc_link(stem, card["title"]))]
        sections = [
            ("paper", "Paper claims", ["verdict", "claim", "reference (source)", "ours", "could fail by", "rule"],
             _paper_rows),
            ("method", "Method checks (hold if the code is right)",
             ["verdict", "check", "reference (source)", "ours", "rule"], _check_rows),
            ("ours", "Our own experiments", ["verdict", "experiment", "reference (source)", "ours", "rule"], _check_rows),
            ("speed", "Speed (machine-dependent; not a reproduction verdict)",
             ["verdict", "measurement", "reference (source)", "ours", "rule", "machine"], _speed_rows),
        ]
        for kind, caption, headers, make_rows in sections:
            claims = _of_kind(card, kind)
            if claims:
                out.append(nodes.rubric(text=caption))
                out.append(_table(headers, make_rows(claims), ["physai-claims", f"physai-{kind}"]))
        return out


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
    app.add_directive("physai-summary", ScoreSummary)
    app.add_directive("physai-headline", Headline)
    app.add_directive("physai-claims", PaperClaims)
    app.add_directive("physai-execution", ExecutionStats)
    app.connect("config-inited", _use_local_mathjax)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("build-finished", _copy_mathjax)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
