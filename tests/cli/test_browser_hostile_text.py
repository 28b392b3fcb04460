"""Text from a facts file that looks like markup, script, entities, links or
Graphviz syntax, through the HTML report, the HTML trace (drawn by Graphviz
and by sorewhy's own layout) and the DOT trace. Each page is opened in
headless Chromium: no script may run (the payloads would set the title or
write into the DOM, spelling their mark so that it appears nowhere in the
input), no element may carry an event handler or a ``javascript:`` link, and
every hostile text must be found in the page's text exactly as typed. The DOT
is drawn by Graphviz's ``dot``: exactly the graph's nodes, edges and clusters,
no injected statement, every label as typed."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import headless
import pytest
from click.testing import CliRunner

from sorewhy.cli import trace_graph as tg
from sorewhy.cli.main import cli

MARK = "PW" + "NED"  # what a script that ran would write; the input spells it 'PW'+'NED'
SCRIPT_ID = ("<script>document.title='PW'+'NED'</script><img src=x onerror=\"document.title='PW'+'NED'\">"
             " &amp; &lt;b&gt; \"q\" javascript:alert(1) \\N \\G ] ; x [label=\"y\" -->")
HOSTILE_MEDICINES = [
    "<script>document.body.dataset.x='PW'+'NED'</script>",
    "<img src=x onerror=\"document.title='PW'+'NED'\">",
    "&lt;script&gt; &amp; &#60; &copy;",
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "\"] ; evil [label=\"x",
    "a\\\" -> b \\N \\L \\l \\G",
    "}} digraph g { x",
    "<b>bold</b> <a href=\"javascript:alert(1)\">link</a>",
    "--> ]]> <!--",
]
BROKEN_ID = "bad <svg onload=\"document.title='PW'+'NED'\">"
HOSTILE = [
    {"id": SCRIPT_ID, "symptoms": ["cramps"], "timing": ["night"], "medications": [*HOSTILE_MEDICINES, "furosemide"]},
    {"id": BROKEN_ID, "labs": {"potassium": "4 mmol/L<script>document.title='PW'+'NED'</script>"}},
]


class _Page(HTMLParser):
    """What the browser built: its text nodes, elements and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._in_title = tag == "title" and not self.title

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._in_title:
            self.title += data


def _page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def _flat(text: str) -> str:
    return " ".join(text.split())


def _facts(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(HOSTILE), encoding="utf-8")
    return path


def _run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 1, result.output  # the broken profile is reported, the other evaluated


def _check_inert(dom: str) -> _Page:
    page = _page(dom)
    assert MARK not in dom, "a script from the input ran"
    assert "script" not in page.tags
    handlers = [a for a in page.attributes if a[1].lower().startswith("on")]
    assert handlers == []
    links = [a for a in page.attributes if a[1].lower() in ("href", "src", "xlink:href", "action", "formaction")]
    assert all(not value.strip().lower().startswith("javascript:") for _, _, value in links), links
    assert "data-x" not in [name for _, name, _ in page.attributes]
    return page


def _shown(page: _Page, text: str) -> bool:
    return any(_flat(text) in _flat(node) for node in page.texts)


@pytest.fixture(scope="module")
def browser():
    return headless.chromium()


def test_browser_html_report_runs_no_script_from_the_input_and_shows_it_as_typed(browser, tmp_path):
    html = tmp_path / "report.html"
    _run("evaluate", str(_facts(tmp_path)), "--format", "html", "--output", str(html))
    page = _check_inert(headless.dump_dom(html))
    assert page.title == "sorewhy report"
    for text in [SCRIPT_ID, *HOSTILE_MEDICINES, BROKEN_ID]:
        assert _shown(page, text), f"not shown as typed: {text!r}"


@pytest.mark.parametrize("use_graphviz", [True, False], ids=["graphviz", "columns"])
def test_browser_html_trace_runs_no_script_from_the_input_and_shows_it_as_typed(
        browser, tmp_path, monkeypatch, use_graphviz):
    if use_graphviz and tg.dot_program() is None:
        pytest.skip("Graphviz's dot is not installed: the trace page uses its own layout (tested too)")
    monkeypatch.setattr(tg.HtmlTrace, "__init__",
                        lambda self, stream, style=None: tg.GraphTrace.__init__(self, stream, style, use_graphviz))
    html = tmp_path / "trace.html"
    _run("trace", str(_facts(tmp_path)), "--format", "html", "--output", str(html))
    dom = headless.dump_dom(html)
    assert ("drawn by Graphviz" if use_graphviz else "drawn by sorewhy") in dom
    page = _check_inert(dom)
    assert page.title == "sorewhy trace"
    # Each profile's id heads its section, and the medicines are a node of the
    # graph: in one drawn line (Graphviz) or the node's title (columns).
    assert _shown(page, f"Trace of {SCRIPT_ID}") and _shown(page, BROKEN_ID)
    for text in HOSTILE_MEDICINES:
        assert _shown(page, text), f"not shown as typed: {text!r}"


def test_dot_trace_of_hostile_text_is_drawn_by_graphviz_as_the_graph_and_nothing_else(tmp_path):
    program = shutil.which("dot")
    if program is None:
        pytest.skip("Graphviz's dot is not installed (apt-get install graphviz; .ci/run installs it)")
    facts = _facts(tmp_path)
    out = tmp_path / "trace.dot"
    _run("trace", str(facts), "--format", "dot", "--output", str(out))
    result = CliRunner().invoke(cli, ["trace", str(facts), "--format", "json"])
    graphs = [tg.build_graph(item) for item in json.loads(result.stdout)]
    svg = subprocess.run([program, "-Tsvg", str(out)], capture_output=True, text=True, timeout=60, check=True).stdout
    page = _page(svg)
    classes = [value.split()[0] for tag, name, value in page.attributes if tag == "g" and name == "class"]
    assert classes.count("node") == sum(len(g.nodes) for g in graphs)
    assert classes.count("edge") == sum(len(g.edges) for g in graphs)
    assert classes.count("cluster") == len(graphs)
    assert "script" not in page.tags and not [a for a in page.attributes if a[1].lower().startswith("on")]
    texts = [_flat(t) for t in page.texts]
    assert _flat(SCRIPT_ID) in texts and _flat(BROKEN_ID) in texts  # the clusters' labels, whole
    medicines = next(t for t in texts if t.startswith("medications = "))
    for text in HOSTILE_MEDICINES:
        assert _flat(text) in medicines, f"not drawn as typed: {text!r}"
