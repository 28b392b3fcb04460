"""The reasoning of one profile as a graph: ``trace --format dot`` and ``--format html``.

Nodes are the facts given (each key of the person, each blood result), the
intermediate facts rules assert for other rules, the rules that fired
(coloured by what they concluded), the findings with their certainty, and the
referral. Edges say which facts a rule *matched* and what it *concluded*; a
rule that argues against a finding is drawn dashed and red.

:func:`build_graph` makes the graph from a trace (the data ``trace --format
json`` prints); :func:`to_dot` writes it as Graphviz DOT; :func:`to_svg`
draws it with the ``dot`` program when it is installed, else lays it out
itself in columns, one per layer (given facts, rules, intermediate facts,
rules, findings, referral), as inline SVG with no script.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

from sorewhy import NOTICE, __version__
from sorewhy.cli.formatting import LEVEL_WORDS, value_text
from sorewhy.engine.certainty import in_words

DOT_TIMEOUT = 20.0
"""Seconds the ``dot`` program may take for one graph before the built-in layout is used."""

# Fill, border: the palette, named once, so that a colour means one thing
# everywhere: green for evidence and self-care, red against and urgent, amber a
# referral and seeing a doctor, violet what is inferred.
GREY_BLUE = ("#e8eef7", "#6b7f99")
VIOLET = ("#ece6f7", "#7a68a6")
GREEN = ("#dcf1e1", "#2f7d45")
RED = ("#fbe3e1", "#b3261e")
AMBER = ("#fdf0cf", "#9a6700")

# What a node is, and for a rule what it concluded.
COLOURS = {
    "given": GREY_BLUE,
    "intermediate": VIOLET,
    "supports": GREEN,
    "against": RED,
    "refer": AMBER,
    "asserts": VIOLET,
    "finding": ("#ffffff", "#1b1f24"),
    "dropped": ("#f2f3f5", "#8a929c"),
    "self_care": GREEN,
    "see_doctor": AMBER,
    "urgent": RED,
    "error": ("#f2f3f5", "#5b6470"),
}
EDGE_STYLES = {
    "matched": ("#8a929c", "solid"),
    "concluded": ("#1b1f24", "solid"),
    "against": ("#b3261e", "dashed"),
    "read": ("#8a929c", "dotted"),
}


@dataclass
class Node:
    id: str
    kind: str  # given | intermediate | rule | finding | referral | error
    label: str
    detail: str = ""
    colour: str = "given"
    layer: int = 0


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # matched | concluded | against | read


@dataclass
class Graph:
    id: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def add(self, node: Node) -> Node:
        return self.nodes.setdefault(node.id, node)

    def link(self, source: str, target: str, kind: str) -> None:
        edge = Edge(source, target, kind)
        if edge not in self.edges:
            self.edges.append(edge)


# --- building the graph from a trace ----------------------------------------------------


def _rule_kind(effects: list[Any]) -> str:
    """What colours a rule: arguing against first, then a referral, evidence, an assertion."""
    from sorewhy.rules.base import Against, Refer, Supports

    if any(isinstance(e, Against) for e in effects):
        return "against"
    if any(isinstance(e, Refer) for e in effects):
        return "refer"
    if any(isinstance(e, Supports) for e in effects):
        return "supports"
    return "asserts"


def _given(graph: Graph, key: str, value: Any) -> str:
    node = graph.add(Node(f"given:{key}", "given", f"{key} = {value_text(value)}"))
    return node.id


def _lab(graph: Graph, values: Mapping[str, Any]) -> str:
    name = str(values.get("name") or values.get("analyte") or "lab")
    status = values.get("status") or values.get("band")
    text = f"{name} = {value_text(values.get('value'))}" + (f" ({status})" if status else "")
    return graph.add(Node(f"lab:{name}", "given", text, "blood result")).id


def _intermediate(graph: Graph, what: str) -> str:
    return graph.add(Node(f"inferred:{what}", "intermediate", what, "intermediate fact", "intermediate")).id


def build_graph(item: Mapping[str, Any]) -> Graph:
    """The graph of one profile's trace (an item of ``trace --format json``)."""
    from sorewhy.rules import rule_index
    from sorewhy.rules.base import Against, Asserts, Refer, Supports

    graph = Graph(str(item.get("id")))
    if item.get("error"):
        graph.add(Node("error", "error", "could not be evaluated", str(item["error"]), "error"))
        return graph
    report = item.get("report") or {}
    reported = report.get("reported") or {}
    for key, value in reported.items():
        if key != "labs":
            _given(graph, key, value)
    findings = {f["id"]: f for f in report.get("findings") or []}
    referral = report.get("referral") or {"level": "self_care"}
    level = str(referral.get("level", "self_care"))
    index = rule_index()
    for step in item.get("steps") or []:
        meta = index.get(step["rule"])
        if meta is None or not step.get("asserted"):
            continue  # a repeated firing adds nothing
        effects = list(meta.effects)
        rule_id = f"rule:{meta.id}"
        graph.add(Node(rule_id, "rule", meta.id, "; ".join(step["asserted"]), _rule_kind(effects)))
        for fact in step.get("facts") or []:
            values = fact.get("values") or {}
            if fact.get("fact") == "Person":
                for key, value in values.items():
                    source = _given(graph, key, value)
                    if key == "drug_classes" and "given:medications" in graph.nodes:
                        graph.nodes[source].detail = "read from the medications"
                        graph.link("given:medications", source, "read")
                    graph.link(source, rule_id, "matched")
            elif fact.get("fact") == "Lab":
                graph.link(_lab(graph, values), rule_id, "matched")
            elif fact.get("fact") == "Inferred":
                graph.link(_intermediate(graph, str(values.get("what"))), rule_id, "matched")
        for effect in effects:
            if isinstance(effect, (Supports, Against)):
                target = _finding(graph, effect.finding, findings)
                graph.link(rule_id, target, "against" if isinstance(effect, Against) else "concluded")
            elif isinstance(effect, Refer):
                graph.link(rule_id, _referral(graph, level), "concluded")
            elif isinstance(effect, Asserts):
                graph.link(rule_id, _intermediate(graph, effect.what), "concluded")
    _referral(graph, level)
    _layers(graph)
    return graph


def _finding(graph: Graph, finding_id: str, findings: Mapping[str, Any]) -> str:
    finding = findings.get(finding_id)
    if finding is None:  # argued down to nothing: not in the report
        node = Node(f"finding:{finding_id}", "finding", finding_id, "not reported (certainty 0)", "dropped")
    else:
        certainty = float(finding["certainty"])
        node = Node(f"finding:{finding_id}", "finding", str(finding.get("label", finding_id)),
                    f"{in_words(certainty)} ({certainty:.2f})", "finding")
    return graph.add(node).id


def _referral(graph: Graph, level: str) -> str:
    return graph.add(Node("referral", "referral", f"referral: {LEVEL_WORDS.get(level, level)}", level,
                          level if level in COLOURS else "see_doctor")).id


def _layers(graph: Graph) -> None:
    """Columns: given facts 0; a rule one after its latest input; an
    intermediate fact one after the rule asserting it; the findings after
    every rule, the referral last. Steps come in firing order, and a rule
    fires only after what it matched exists, so one pass in edge order suffices."""
    nodes = graph.nodes
    inputs: dict[str, list[str]] = {}
    for edge in graph.edges:
        inputs.setdefault(edge.target, []).append(edge.source)
    changed = True
    while changed:  # a handful of passes at most: the graph is acyclic
        changed = False
        for node in nodes.values():
            if node.kind not in ("rule", "intermediate"):
                continue
            layer = 1 + max((nodes[s].layer for s in inputs.get(node.id, ())), default=0)
            if node.kind == "rule" and layer % 2 == 0:
                layer += 1  # rules in odd columns, facts in even ones
            if layer != node.layer:
                node.layer, changed = layer, True
    last = max((n.layer for n in nodes.values() if n.kind == "rule"), default=0)
    for node in nodes.values():
        if node.kind == "finding":
            node.layer = last + 1
        elif node.kind == "referral":
            node.layer = last + 2
        elif node.kind == "error":
            node.layer = 0


# --- Graphviz DOT ---------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, newlines as ``\\n``."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def dot_label(text: str) -> str:
    """A DOT quoted string for a ``label``: as :func:`dot_string`, and ``&``
    written ``&amp;``, because Graphviz reads HTML entities in labels (typed
    ``&lt;`` would be drawn as ``<``, ``&copy;`` as ``©``)."""
    return dot_string(str(text).replace("&", "&amp;"))


def _node_text(node: Node) -> str:
    return node.label + (f"\n{node.detail}" if node.detail else "")


def dot_body(graph: Graph, prefix: str = "", indent: str = "  ") -> list[str]:
    """The statements of one graph (node ids prefixed, to keep profiles apart)."""
    lines = []
    for node in sorted(graph.nodes.values(), key=lambda n: (n.layer, n.id)):
        fill, border = COLOURS.get(node.colour, COLOURS["given"])
        style = "rounded,filled" + (",dashed" if node.colour in ("against", "dropped") else "")
        bold = ", penwidth=2" if node.kind in ("finding", "referral") else ""
        lines.append(f"{indent}{dot_string(prefix + node.id)} [label={dot_label(_node_text(node))}, "
                     f"class={dot_string(node.kind)}, fillcolor={dot_string(fill)}, color={dot_string(border)}, "
                     f"style={dot_string(style)}{bold}];")
    for edge in graph.edges:
        colour, style = EDGE_STYLES[edge.kind]
        lines.append(f"{indent}{dot_string(prefix + edge.source)} -> {dot_string(prefix + edge.target)} "
                     f"[class={dot_string(edge.kind)}, tooltip={dot_string(edge.kind)}, "
                     f"color={dot_string(colour)}, style={style}];")
    return lines


def _dot_header(name: str, note: str) -> list[str]:
    return [
        f"digraph {dot_string(name)} {{",
        f"  graph [rankdir=LR, fontname=\"DejaVu Sans\", fontsize=10, labelloc=b, label={dot_label(note)}];",
        "  node [shape=box, fontname=\"DejaVu Sans\", fontsize=10];",
        "  edge [arrowsize=0.6];",
    ]


def legend_text() -> str:
    return ("Edges: grey = matched (a fact the rule tested), black = concluded, red dashed = argues against. "
            "Rules: green = evidence for a finding, red = against, amber = referral, violet = an intermediate fact.")


def to_dot(graphs: list[Graph], notice: str) -> str:
    """One DOT digraph; each profile a cluster of its own."""
    lines = [f"// {line}" for line in (notice, legend_text())]
    lines += _dot_header("sorewhy trace", notice)
    for n, graph in enumerate(graphs, start=1):
        lines.append(f"  subgraph {dot_string(f'cluster_{n}')} {{")
        lines.append(f"    label={dot_label(graph.id)}; labelloc=t; fontsize=12;")
        lines += dot_body(graph, prefix=f"{n}:", indent="    ")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- SVG: Graphviz when installed, else columns ------------------------------------------------


@functools.cache
def dot_program() -> str | None:
    return shutil.which("dot")


_SVG_START = re.compile(r"<svg\b", re.IGNORECASE)
_SIZE = re.compile(r'\s(width|height)="[^"]*"')


def svg_by_graphviz(graph: Graph, program: str) -> str | None:
    """The graph drawn by Graphviz, as an inline ``<svg>``; None if it fails."""
    text = "\n".join(_dot_header(graph.id, "") + dot_body(graph) + ["}"]) + "\n"
    try:
        proc = subprocess.run([program, "-Tsvg"], input=text.encode("utf-8"), capture_output=True,
                              timeout=DOT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    svg = proc.stdout.decode("utf-8", "replace")
    match = _SVG_START.search(svg)
    if proc.returncode != 0 or match is None or "</svg>" not in svg:
        return None
    svg = svg[match.start():svg.rindex("</svg>") + len("</svg>")]
    head_end = svg.index(">")
    head = _SIZE.sub("", svg[:head_end])  # the page sizes it (viewBox kept)
    return head + ' class="graph" role="img"' + svg[head_end:]


_BOX_W, _BOX_H, _COL_GAP, _ROW_GAP, _PAD = 210, 50, 60, 10, 40


def _lines(text: str, width: int, most: int) -> list[str]:
    import textwrap

    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    return lines[:most - 1] + [lines[most - 1] + (" …" if len(lines) > most else "")] if len(lines) >= most else lines


def _box_lines(node: Node) -> list[tuple[str, bool]]:
    """Up to three lines: the label (two at most), then the detail, dimmer."""
    label = _lines(node.label, 32, 2 if node.detail else 3)
    detail = _lines(node.detail, 36, 3 - len(label)) if node.detail else []
    return [(t, False) for t in label] + [(t, True) for t in detail]


def svg_by_columns(graph: Graph) -> str:
    """A layout of its own: one column per layer, boxes top to bottom, edges as curves."""
    columns: dict[int, list[Node]] = {}
    for node in sorted(graph.nodes.values(), key=lambda n: (n.layer, n.id)):
        columns.setdefault(node.layer, []).append(node)
    order = sorted(columns)
    where: dict[str, tuple[float, float]] = {}
    for col, layer in enumerate(order):
        for row, node in enumerate(columns[layer]):
            where[node.id] = (_PAD + col * (_BOX_W + _COL_GAP), _PAD + row * (_BOX_H + _ROW_GAP))
    width = _PAD * 2 + len(order) * _BOX_W + max(len(order) - 1, 0) * _COL_GAP
    height = _PAD * 2 + max((len(c) for c in columns.values()), default=1) * (_BOX_H + _ROW_GAP)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" role="img" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">']
    out.append(f"<title>{escape(graph.id)}</title>")
    for edge in graph.edges:
        (x1, y1), (x2, y2) = where[edge.source], where[edge.target]
        y1, y2 = y1 + _BOX_H / 2, y2 + _BOX_H / 2
        if x1 == x2:  # within one column: a loop along its left side
            bend = x1 - _PAD + 6
            curve = f"M{x1:.0f},{y1:.0f} C{bend:.0f},{y1:.0f} {bend:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
        else:
            x1 += _BOX_W
            mid = (x1 + x2) / 2
            curve = f"M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
        colour, style = EDGE_STYLES[edge.kind]
        dash = {"dashed": ' stroke-dasharray="5 3"', "dotted": ' stroke-dasharray="2 2"'}.get(style, "")
        out.append(f'<path class="edge {edge.kind}" d="{curve}" fill="none" stroke="{colour}"{dash}>'
                   f'<title>{edge.kind}</title></path>')
    for node in graph.nodes.values():
        x, y = where[node.id]
        fill, border = COLOURS.get(node.colour, COLOURS["given"])
        dash = ' stroke-dasharray="4 2"' if node.colour in ("against", "dropped") else ""
        weight = 2 if node.kind in ("finding", "referral") else 1
        out.append(f'<g class="node {node.kind}"><title>{escape(_node_text(node))}</title>'
                   f'<rect x="{x:.0f}" y="{y:.0f}" width="{_BOX_W}" height="{_BOX_H}" rx="6" fill="{fill}" '
                   f'stroke="{border}" stroke-width="{weight}"{dash}/>')
        lines = _box_lines(node)
        top = y + (_BOX_H - 14 * len(lines)) / 2 + 11
        for n, (text, dim) in enumerate(lines):
            size = ' font-size="10" fill="#444"' if dim else ""
            out.append(f'<text x="{x + 8:.0f}" y="{top + n * 14:.0f}"{size}>{escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def to_svg(graph: Graph, use_graphviz: bool = True) -> tuple[str, str]:
    """The graph as inline SVG and what drew it (``graphviz`` or ``columns``)."""
    program = dot_program() if use_graphviz else None
    if program is not None:
        svg = svg_by_graphviz(graph, program)
        if svg is not None:
            return svg, "graphviz"
    return svg_by_columns(graph), "columns"


# --- writers for `sorewhy trace` ---------------------------------------------------------------


class GraphTrace:
    """Collects each profile's trace, then writes them all (a trace is one file's few profiles)."""

    def __init__(self, stream: Any, style: Any = None, use_graphviz: bool = True) -> None:
        self.stream = stream
        self.items: list[Mapping[str, Any]] = []
        self.use_graphviz = use_graphviz

    def begin(self) -> None:
        pass

    def write(self, item: Mapping[str, Any]) -> None:
        self.items.append(item)

    def end(self) -> None:
        raise NotImplementedError


class DotTrace(GraphTrace):
    """``trace --format dot``: one Graphviz digraph, a cluster per profile."""

    def end(self) -> None:
        self.stream.write(to_dot([build_graph(item) for item in self.items], NOTICE))


class HtmlTrace(GraphTrace):
    """``trace --format html``: each profile's graph drawn in one self-contained page."""

    def end(self) -> None:
        from markupsafe import Markup

        from sorewhy.cli.document import environment
        from sorewhy.cli.report_view import LEVEL_HEADLINES
        from sorewhy.cli.trace import facts_text

        items = []
        for item in self.items:
            if item.get("error"):
                items.append({"id": item.get("id"), "error": item["error"]})
                continue
            svg, drawn_by = to_svg(build_graph(item), self.use_graphviz)
            referral = (item.get("report") or {}).get("referral")
            steps = [{"step": st["step"], "rule": st["rule"], "matched": facts_text(st["facts"]),
                      "concluded": "; ".join(st["asserted"]) or "nothing new (it had already fired)"}
                     for st in item.get("steps") or []]
            items.append({"id": item.get("id"), "where": item.get("where", ""), "error": None,
                          "svg": Markup(svg), "drawn_by": "Graphviz" if drawn_by == "graphviz" else "sorewhy",
                          "referral": referral, "steps": steps,
                          "headline": LEVEL_HEADLINES.get(str((referral or {}).get("level")), "")})
        template = environment("html").get_template("trace.html.j2")
        self.stream.write(template.render(items=items, notice=NOTICE, version=__version__, legend=legend_text()))
