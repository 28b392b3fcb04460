"""Every output format names the rule base; `rules --format json` the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.engine.provenance import rule_base_stamp

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vegan-runner.yaml"
LINE = "Rule base: sorewhy {version}, sha256 {sha256}"


def _evaluate(*args: str) -> str:
    result = CliRunner().invoke(cli, ["evaluate", str(EXAMPLE), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_provenance_every_json_report_carries_the_stamp(fmt):
    out = _evaluate("--format", fmt)
    reports = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
    assert reports and all(r["rule_base"] == rule_base_stamp() for r in reports)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_provenance_table_and_markdown_show_one_line(fmt):
    out = _evaluate("--format", fmt)
    assert out.count(LINE.format(**rule_base_stamp())) == 1


def test_provenance_rules_json_and_trace_carry_the_same_stamp():
    listing = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).stdout)
    assert listing["rule_base"] == rule_base_stamp()
    trace = json.loads(CliRunner().invoke(cli, ["trace", str(EXAMPLE), "--format", "json"]).stdout)
    assert trace[0]["report"]["rule_base"] == rule_base_stamp()
