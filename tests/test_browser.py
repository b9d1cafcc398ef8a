"""The built book in a real browser: headless Debian Chromium driven by playwright.

Every page in the toc loads without console errors, every internal link resolves, every
notebook page shows its figures and scorecard, the Scoreboard lists every landed paper,
and search finds things.  Screenshots land in _build/screenshots/.  Skipped, with the
reason, when chromium or playwright is missing (`make test` installs both where it can).
"""
import functools
import json
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
import yaml

from physai.execute import landed

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BENIGN = ("Got invalid theme mode",)  # the theme logs this on a first visit (DESIGN.md §6)

# Code blocks that scroll sideways: a reader would not see the end of their lines.
WIDE_CODE = """() => Array.from(document.querySelectorAll('pre'))
  .filter(p => p.scrollWidth > p.clientWidth + 1)
  .map(p => p.innerText.split('\\n')[0].slice(0, 80))"""

# Verdict cells (and summary rows) the reader cannot see at this window size: beyond the
# viewport's right edge, or beyond any ancestor that clips (a scrolling table wrapper
# reports on-page boxes while showing nothing).
HIDDEN_VERDICTS = """() => {
  const hidden = [];
  const cells = document.querySelectorAll(
    'table.physai-claims tbody tr > td:first-child, table.physai-summary tbody tr > td:last-child');
  for (const cell of cells) {
    const r = cell.getBoundingClientRect();
    let clipped = r.right > window.innerWidth + 0.5;
    for (let el = cell.parentElement; el && el !== document.body && !clipped; el = el.parentElement) {
      if (getComputedStyle(el).overflowX !== 'visible') {
        const box = el.getBoundingClientRect();
        clipped = r.right > box.right + 0.5 || r.left < box.left - 0.5;
      }
    }
    if (clipped) hidden.push(cell.innerText.trim());
  }
  return {cells: cells.length, hidden: hidden};
}"""

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium; `make browser` tries)",
                allow_module_level=True)


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


@pytest.fixture(scope="module")
def site(html):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield chrome
        chrome.close()


@pytest.fixture(scope="module")
def visits(site, browser):
    """Load every toc page once: console errors, failed requests, links, images, text."""
    results = {}
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for name in toc_pages():
        errors, failed = [], []
        page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on("requestfailed", lambda r, failed=failed: failed.append(r.url))
        page.on("response", lambda r, failed=failed: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        page.goto(site + name + ".html", wait_until="load")
        page.wait_for_timeout(300)
        results[name] = {
            "errors": [e for e in errors if not e.startswith(BENIGN)],
            "failed": failed,
            "links": page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"),
            "images": page.eval_on_selector_all("main img", "is => is.map(i => [i.naturalWidth, i.naturalHeight])"),
            "text": page.inner_text("main"),
            "url": page.url,
            "wide_code": page.evaluate(WIDE_CODE),
            "verdicts": page.evaluate(HIDDEN_VERDICTS),
        }
        page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # fresh listeners per page
    page.close()
    return results


def test_every_page_loads_without_console_errors(visits):
    bad = {name: v["errors"] + v["failed"] for name, v in visits.items() if v["errors"] or v["failed"]}
    assert not bad


def test_every_internal_link_resolves(visits, site, browser):
    targets = {urldefrag(link)[0] for v in visits.values() for link in v["links"] if link.startswith(site)}
    page = browser.new_page()
    broken = [t for t in sorted(targets) if page.request.get(t).status >= 400]
    page.close()
    assert targets and not broken


def test_notebook_pages_show_figures_and_scorecards(visits):
    for stem in landed():
        v = visits[f"notebooks/{stem}"]
        sized = [wh for wh in v["images"] if wh[0] > 0 and wh[1] > 0]
        assert len(sized) >= 3 and len(sized) == len(v["images"]), stem
        assert "verdict" in v["text"] and any(w in v["text"] for w in ("reproduced", "holds", "fails")), stem


def test_scoreboard_lists_every_landed_paper(visits, site):
    v = visits["book/scoreboard"]
    linked = {urlparse(link).path for link in v["links"]}
    for stem in landed():
        assert f"/notebooks/{stem}.html" in linked, stem


def test_search_finds_a_notebook(site, browser):
    page = browser.new_page()
    page.goto(site + "search.html?q=parallelogram", wait_until="load")
    page.wait_for_selector("#search-results ul li", timeout=15_000)
    assert page.locator("#search-results ul li").count() > 0
    page.close()


def test_screenshots(site, browser):
    out = ROOT / "_build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for name, path in [("intro", "book/intro"), ("scoreboard", "book/scoreboard"), ("06_sid", "notebooks/06_sid")]:
        page.goto(site + path + ".html", wait_until="load")
        page.screenshot(path=str(out / f"{name}.png"), full_page=False)
        assert (out / f"{name}.png").stat().st_size > 10_000
    page.close()


def test_every_verdict_is_visible_at_1280_by_900(visits):
    """The Scoreboard's verdicts, first in each row, are on screen without scrolling sideways."""
    verdicts = visits["book/scoreboard"]["verdicts"]
    n_claims = sum(len(json.loads(p.read_text())["claims"]) for p in (ROOT / "data" / "claims").glob("*.json"))
    assert verdicts["cells"] >= n_claims and not verdicts["hidden"]


def test_no_code_block_scrolls_sideways(visits):
    wide = {name: v["wide_code"] for name, v in visits.items() if v["wide_code"]}
    assert not wide
