"""The direction of imports is the architecture (DESIGN.md §2): core <- papers, and
generative/ <- pfgm, pfgmpp, genphys.  Nothing sideways.

Every import in src/physai — at the top of a module or inside a function — and in every
notebook is read with `ast`, and an import that crosses the wrong way fails:

- a core module (src/physai/*.py) importing a paper or generative/;
- a paper (grokking, omnigrok, quantization, bimt, clockpizza, sid, generative.pfgm,
  generative.pfgmpp, generative.genphys) importing another paper;
- generative/'s shared modules importing one of its papers, or a toy paper importing
  generative/;
- a notebook importing any paper but its own.

Finding a paper's module *by name* (`profiles.NOTEBOOKS`, `claims.REGISTRY_MODULES`,
with importlib) is allowed: that is a lookup table, not a dependency.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAPERS = ("grokking", "omnigrok", "quantization", "bimt", "clockpizza", "sid",
          "generative.pfgm", "generative.pfgmpp", "generative.genphys")
NOTEBOOK_PAPER = {"01": "grokking", "02": "omnigrok", "03": "quantization", "04": "bimt", "05": "clockpizza",
                  "06": "sid", "07": "generative.pfgm", "08": "generative.pfgmpp", "09": "generative.genphys"}


def owner(module: str) -> str:
    """'core', 'generative' (the shared part) or the paper a dotted physai module belongs to."""
    name = module.removeprefix("physai").lstrip(".")
    for paper in sorted(PAPERS, key=len, reverse=True):
        if name == paper or name.startswith(paper + "."):
            return paper
    return "generative" if name.split(".")[0] == "generative" else "core"


def imports(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, absolute module) of every physai import in a file, nested ones included."""
    tree = ast.parse(path.read_text())
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "physai"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "physai":
                continue
            # `from physai.generative import pfgm` names a subpackage: count it as imported
            found += [(node.lineno, f"{target}.{a.name}") if owner(f"{target}.{a.name}") != owner(target)
                      else (node.lineno, target) for a in node.names]
    return found


def allowed(source: str, target: str) -> bool:
    if source == target or target == "core":
        return True
    if source == "core":
        return False
    if target == "generative":  # the shared generative code serves its own papers only
        return source.startswith("generative.")
    return False  # one paper importing another, or generative/ importing a paper


def violations(src: Path) -> list[str]:
    """Every import in the package at `src` (…/physai) that crosses the architecture."""
    bad = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src.parent).with_suffix("")
        module = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        for line, target in imports(path, module):
            if not allowed(owner(module), owner(target)):
                bad.append(f"{path.relative_to(src.parent)}:{line} ({owner(module)}) imports {target}")
    return bad


def test_the_library_imports_in_one_direction():
    assert violations(ROOT / "src" / "physai") == []


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py")), ids=lambda p: p.stem)
def test_a_notebook_imports_the_core_and_its_own_paper(path):
    mine = NOTEBOOK_PAPER[path.stem[:2]]
    bad = [f"line {line}: {target}" for line, target in imports(path, "notebook")
           if owner(target) not in ("core", mine) and not (owner(target) == "generative" and mine.startswith("generative."))]
    assert bad == []


def test_the_guard_catches_sideways_imports(tmp_path):
    """Plant each kind of wrong import in a throwaway package: each must be reported."""
    pkg = tmp_path / "physai"
    files = {
        "__init__.py": "",
        "train.py": "def helper():\n    from .grokking import model\n",            # core -> paper, nested
        "grokking/__init__.py": "",
        "grokking/model.py": "from ..train import helper\n",                         # fine
        "omnigrok/__init__.py": "",
        "omnigrok/fit.py": "from physai.grokking.model import x\n",                  # paper -> paper
        "generative/__init__.py": "",
        "generative/field.py": "from .pfgm import method\n",                         # shared -> its paper
        "generative/pfgm/__init__.py": "",
        "generative/pfgm/method.py": "from ..field import f\nfrom ...train import helper\n",  # fine
        "generative/pfgmpp/__init__.py": "",
        "generative/pfgmpp/method.py": "from ..pfgm.method import g\n",               # paper -> paper
        "sid/__init__.py": "",
        "sid/core.py": "import physai.generative.field\n",                          # toy paper -> generative
    }
    for name, text in files.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(text)
    found = "\n".join(violations(pkg))
    for where in ("physai/train.py:2", "physai/omnigrok/fit.py:1", "physai/generative/field.py:1",
                  "physai/generative/pfgmpp/method.py:1", "physai/sid/core.py:1"):
        assert where in found, where
    assert len(violations(pkg)) == 5
