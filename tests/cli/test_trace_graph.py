"""`trace --format dot` and `--format html`: the reasoning drawn as a graph."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from sorewhy import NOTICE
from sorewhy.cli import trace_graph as tg
from sorewhy.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file())
VEGAN = ROOT / "examples" / "vegan-runner.yaml"
THIAZIDE = ROOT / "examples" / "thiazide-night-cramps.yaml"
EVIL = {"id": 'a "quoted" \\ <script>alert(1)</script>', "symptoms": ["cramps"], "timing": ["night"]}


def trace(*args: str):
    return CliRunner().invoke(cli, ["trace", *args])


def graph_of(path: Path, n: int = 0) -> tg.Graph:
    return tg.build_graph(json.loads(trace(str(path), "--format", "json").stdout)[n])


def test_graph_has_facts_given_intermediate_facts_rules_findings_and_the_referral():
    graph = graph_of(VEGAN)
    kinds = {n.kind for n in graph.nodes.values()}
    assert kinds == {"given", "intermediate", "rule", "finding", "referral"}
    assert graph.nodes["given:diet"].label == "diet = vegan"
    assert graph.nodes["inferred:sweat_loss"].kind == "intermediate"
    assert "moderate (0.66)" in graph.nodes["finding:vitamin_b12"].detail
    assert graph.nodes["referral"].detail == "see_doctor"
    assert tg.Edge("given:diet", "rule:b12.vegan-diet", "matched") in graph.edges
    assert tg.Edge("rule:b12.vegan-diet", "finding:vitamin_b12", "concluded") in graph.edges
    assert tg.Edge("rule:hydration.heavy-sweating", "inferred:sweat_loss", "concluded") in graph.edges
    assert tg.Edge("inferred:sweat_loss", "rule:magnesium.sweat-loss", "matched") in graph.edges
    assert tg.Edge("rule:referral.persistent", "referral", "concluded") in graph.edges


def test_graph_draws_a_rule_that_argues_against_as_such():
    graph = graph_of(VEGAN)
    rule = graph.nodes["rule:exercise.doms-lasts-too-long"]
    assert rule.colour == "against"
    assert tg.Edge("rule:exercise.doms-lasts-too-long", "finding:doms", "against") in graph.edges
    dot = tg.to_dot([graph], NOTICE)
    line = next(ln for ln in dot.splitlines() if '"1:rule:exercise.doms-lasts-too-long" -> ' in ln)
    assert "style=dashed" in line and tg.EDGE_STYLES["against"][0] in line


def test_graph_colours_rules_by_what_they_concluded():
    graph = graph_of(VEGAN)
    assert graph.nodes["rule:b12.vegan-diet"].colour == "supports"
    assert graph.nodes["rule:referral.persistent"].colour == "refer"
    assert graph.nodes["rule:hydration.heavy-sweating"].colour == "asserts"


def test_graph_reads_medications_into_drug_classes():
    graph = graph_of(THIAZIDE)
    assert tg.Edge("given:medications", "given:drug_classes", "read") in graph.edges
    assert tg.Edge("given:drug_classes", "rule:magnesium.diuretic", "matched") in graph.edges


def test_graph_layers_run_from_facts_through_rules_to_findings_and_the_referral():
    graph = graph_of(VEGAN)
    layer = {nid: n.layer for nid, n in graph.nodes.items()}
    for edge in graph.edges:
        if edge.kind != "read":
            assert layer[edge.source] < layer[edge.target], edge
    assert layer["referral"] == max(layer.values())


def test_dot_escapes_ids_and_labels(tmp_path):
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(EVIL), encoding="utf-8")
    dot = trace(str(path), "--format", "dot").stdout
    assert 'label="a \\"quoted\\" \\\\ <script>alert(1)</script>"' in dot
    assert tg.dot_string('x"y\\z\nw') == '"x\\"y\\\\z\\nw"'


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed: cannot check the DOT parses")
@pytest.mark.parametrize("path", [VEGAN, ROOT / "examples" / "clinic-day.yaml"], ids=["one", "many"])
def test_dot_is_read_by_graphviz(path, tmp_path):
    dot = trace(str(path), "--format", "dot").stdout
    proc = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no warning about the syntax either
    assert "<svg" in proc.stdout and proc.stdout.rstrip().endswith("</svg>")


def test_dot_carries_the_notice_and_a_cluster_per_profile():
    dot = trace(str(ROOT / "examples" / "cases.json"), "--format", "dot").stdout
    reports = json.loads(CliRunner().invoke(cli, ["evaluate", str(ROOT / "examples" / "cases.json"),
                                                  "--format", "json"]).stdout)
    assert dot.startswith(f"// {NOTICE}")
    assert dot.count("subgraph \"cluster_") == len(reports)


def test_columns_layout_is_an_svg_without_script_and_escapes_text(tmp_path):
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(EVIL), encoding="utf-8")
    graph = tg.build_graph(json.loads(trace(str(path), "--format", "json").stdout)[0])
    svg = tg.svg_by_columns(graph)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert len(root.findall(".//{http://www.w3.org/2000/svg}rect")) == len(graph.nodes)
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) == len(graph.edges)


@pytest.mark.parametrize("use_graphviz", [True, False], ids=["graphviz", "columns"])
def test_html_trace_draws_the_graph_in_a_self_contained_page(use_graphviz, monkeypatch):
    if use_graphviz and tg.dot_program() is None:
        pytest.skip("Graphviz's dot is not installed: the page uses its own layout")
    monkeypatch.setattr(tg.HtmlTrace, "__init__",
                        lambda self, stream, style=None: tg.GraphTrace.__init__(self, stream, style, use_graphviz))
    out = trace(str(VEGAN), "--format", "html").stdout
    assert out.startswith("<!DOCTYPE html>") and NOTICE in out
    assert "<script" not in out and "<link" not in out and " src=" not in out
    assert out.count("<svg") == 1
    assert ("drawn by Graphviz" if use_graphviz else "drawn by sorewhy") in out
    assert "b12.vegan-diet" in out and "Vitamin B12 deficiency" in out


def test_html_trace_escapes_text_from_the_facts_file(tmp_path):
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(EVIL), encoding="utf-8")
    out = trace(str(path), "--format", "html").stdout
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_graph_formats_carry_a_broken_profile_and_the_notice(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"age": 300}, {"id": "ok", "symptoms": ["cramps"]}]', encoding="utf-8")
    for fmt in ("dot", "html"):
        result = trace(str(path), "--format", fmt)
        assert result.exit_code == 1
        assert "could not be evaluated" in result.stdout.lower() and NOTICE in result.stdout


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_gives_a_dot_and_an_html_trace(path):
    n = len(json.loads(CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"]).stdout))
    dot = trace(str(path), "--format", "dot")
    html = trace(str(path), "--format", "html")
    assert dot.exit_code == html.exit_code == 0
    assert dot.stdout.count("subgraph \"cluster_") == n
    assert html.stdout.count('<section class="profile"') == n and html.stdout.count("<svg") == n
