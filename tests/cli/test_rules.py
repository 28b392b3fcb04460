"""`sorewhy rules`: the table, the contract §3 JSON the citation checker
reads, `rules show ID` and `rules --doc FILE`."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.engine.provenance import rule_base_stamp
from sorewhy.knowledge import SEED_DOCS
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import DocSource

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT.parent / "shared" / "tools" / "check_citations.py"


def invoke(*args: str):
    return CliRunner().invoke(cli, ["rules", *args])


def test_rules_table_lists_every_rule():
    result = invoke()
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0].split() == ["id", "concludes", "sources"]
    for meta in all_rules():
        assert meta.id in out
    assert f"{len(all_rules())} rules." in out


def test_rules_json_is_the_contract_rules_with_the_rule_base():
    result = invoke("--format", "json")
    assert result.exit_code == 0
    listing = json.loads(result.stdout)
    assert set(listing) == {"rule_base", "rules"}
    assert listing["rule_base"] == rule_base_stamp()
    data = listing["rules"]
    assert [r["id"] for r in data] == [m.id for m in all_rules()]
    for item, meta in zip(data, all_rules(), strict=True):
        sources = item.pop("sources")  # each with its kind (#25, tests/knowledge/test_source_kinds.py)
        assert [{k: v for k, v in s.items() if k != "kind"} for s in sources] == meta.as_dict()["sources"]
        assert item == {k: v for k, v in meta.as_dict().items() if k != "sources"}
        assert {"id", "topic", "claim", "concludes", "effects", "band"} <= set(item)


@pytest.mark.skipif(not CHECKER.exists(), reason="the shared citation checker is not beside the project")
def test_rules_json_is_read_by_the_citation_checker():
    listing = invoke("--format", "json").stdout
    proc = subprocess.run([sys.executable, str(CHECKER)], input=listing, capture_output=True, text=True,
                          timeout=60)
    # Whether every quote holds is the rule authors' test; here: the checker reads every rule.
    assert f"{len(all_rules())} rules" in proc.stdout


def test_rules_doc_lists_only_the_rules_citing_it():
    doc = "001_33e4f4bd1924b37e.txt"
    data = json.loads(invoke("--doc", doc, "--format", "json").stdout)["rules"]
    citing = [m.id for m in all_rules() if any(isinstance(s, DocSource) and s.doc == doc for s in m.sources)]
    assert citing and [r["id"] for r in data] == citing
    table = invoke("--doc", doc).stdout
    others = [m.id for m in all_rules() if m.id not in citing]
    assert all(rid in table for rid in citing)
    assert not any(f"\n{rid} " in table for rid in others)


@pytest.mark.parametrize("name", ["001", "001_33e4f4bd1924b37e", "../shared/seeds/001_33e4f4bd1924b37e.txt"])
def test_rules_doc_accepts_a_number_stem_or_path(name):
    by_name = invoke("--doc", "001_33e4f4bd1924b37e.txt", "--format", "json").stdout
    assert invoke("--doc", name, "--format", "json").stdout == by_name


def test_rules_unknown_doc_is_one_line_exit_2():
    result = invoke("--doc", "999_nothing.txt")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sorewhy: --doc 999_nothing.txt: not one of")
    assert all(d in lines[0] for d in SEED_DOCS)


def _fixture_cases(rule_id: str) -> tuple[str, dict]:
    folder = resources.files("sorewhy.rules").joinpath("fixtures")
    for item in folder.iterdir():
        if item.name.endswith(".yaml"):
            data = yaml.safe_load(item.read_text(encoding="utf-8")) or {}
            if rule_id in data:
                return item.name, data[rule_id]
    raise AssertionError(f"no fixtures for {rule_id}")


def test_rules_show_prints_the_rule_in_plain_words():
    meta = rule_index()["magnesium.night-cramps"]
    result = invoke("show", meta.id)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(meta.id + "\n")
    assert meta.claim in out
    assert "When:      person: symptoms includes cramps; timing includes night" in out
    assert "Concludes: " + "; ".join(meta.concludes) in out
    for source in meta.sources:
        assert f'{source.doc}, section "{source.section}": "{source.quote}"' in out
    name, cases = _fixture_cases(meta.id)
    assert f"Fixtures (rules/fixtures/{name}):" in out
    assert len([line for line in out.splitlines() if line.startswith("    - ")]) == \
        len(cases["fires"]) + len(cases["not_fires"])


def test_rules_show_names_negated_patterns_and_references():
    out = invoke("show", "referral.self-care").stdout
    assert "unless intermediate fact referred" in out
    meta = next(m for m in all_rules() if m.note and any(not isinstance(s, DocSource) for s in m.sources))
    out = invoke("show", meta.id).stdout
    ref = next(s for s in meta.sources if not isinstance(s, DocSource))
    assert f"{ref.ref} <{ref.url}>" in out
    assert f"Note:      {meta.note}" in out


def test_rules_show_json_adds_conditions_and_fixtures():
    result = invoke("show", "magnesium.night-cramps", "--format", "json")
    data = json.loads(result.stdout)
    meta = rule_index()["magnesium.night-cramps"]
    assert {k: data[k] for k in meta.as_dict() if k != "sources"} == \
        {k: v for k, v in meta.as_dict().items() if k != "sources"}
    assert [{k: v for k, v in s.items() if k != "kind"} for s in data["sources"]] == meta.as_dict()["sources"]
    assert data["when"] == ["person: symptoms includes cramps; timing includes night"]
    name, cases = _fixture_cases(meta.id)
    assert data["fixtures"] == {"file": name, "fires": cases["fires"], "not_fires": cases["not_fires"]}


def test_rules_show_unknown_id_is_one_line_exit_2():
    result = invoke("show", "magnesium.cramp")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "unknown rule id 'magnesium.cramp'" in lines[0]
    assert "Traceback" not in result.output


def test_rules_show_needs_an_id():
    result = invoke("show")
    assert result.exit_code == 2


def test_rules_every_rule_can_be_shown():
    runner = CliRunner()
    for meta in all_rules():
        result = runner.invoke(cli, ["rules", "show", meta.id])
        assert result.exit_code == 0, (meta.id, result.output)
        assert "When:" in result.stdout and "Sources:" in result.stdout


def test_rules_check_passes_on_the_shipped_rule_base():
    result = invoke("check")
    assert result.exit_code == 0, result.output
    assert all(line.startswith("pending: ") for line in result.stdout.splitlines())
    assert "0 problems" in result.stderr


def test_rules_check_one_line_per_problem_exit_1(monkeypatch):
    from sorewhy.engine import verify
    from sorewhy.engine.verify import Problem, Result

    problems = (Problem("subsumed", "a.rule", "is subsumed by b.rule"), Problem("claims", "c.x", "names gone"))
    monkeypatch.setattr(verify, "verify_shipped", lambda: Result(problems, (), ()))
    result = invoke("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["subsumed: a.rule: is subsumed by b.rule", "claims: c.x: names gone"]
    data = json.loads(invoke("check", "--format", "json").stdout)
    assert data["problems"] == [p.as_dict() for p in problems]
    assert data["rule_base"] == rule_base_stamp()


def test_rules_check_json_lists_every_check():
    from sorewhy.engine.verify import CHECKS

    result = invoke("check", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["checks"] == list(CHECKS) and data["problems"] == []
    assert {"pending", "allowed"} <= set(data)
