"""`sorewhy compare BEFORE AFTER` and engine/compare.py (#25): a rule changed
in a test's own rule base makes its fixture fail under `rules test`, and
`compare` names that rule for every report it changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import evaluator_with_rule_changed

from sorewhy.cli.main import cli
from sorewhy.engine import ruletest
from sorewhy.engine.compact import compact_row
from sorewhy.engine.compare import compare_rows
from sorewhy.rules.base import Person, has

ROOT = Path(__file__).resolve().parents[2]
MUTATED = "redflag.dark-urine"


@pytest.fixture(scope="module")
def cases() -> list[ruletest.Case]:
    return [c for path in ruletest.default_case_files().values() for c in ruletest.load_cases(path)]


@pytest.fixture(scope="module")
def narrowed():
    """Dark urine as a red flag only with a fever: a plausible slip that drops the
    same-day referral of rhabdomyolysis after exercise."""
    return evaluator_with_rule_changed(MUTATED, Person(symptoms=has("dark_urine") & has("fever")))


@pytest.fixture(scope="module")
def reports(tmp_path_factory, cases, narrowed) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("compare")
    before, after = ruletest.engine_evaluate(cases), ruletest.engine_evaluate(cases, narrowed)
    paths = {"before.json": before, "after.json": after}
    for name, data in paths.items():
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
    (folder / "after.jsonl").write_text("".join(json.dumps(r) + "\n" for r in after), encoding="utf-8")
    return {name: folder / name for name in ("before.json", "after.json", "after.jsonl")} | {"dir": folder}


def invoke(*args: str):
    return CliRunner().invoke(cli, ["compare", *args])


def test_compare_mutated_rule_fails_rules_test_and_is_named_for_each_changed_report(narrowed, reports, cases):
    failures = [f.line() for f in ruletest.run([MUTATED], evaluator=narrowed).failures]
    assert any(line.startswith(f"fixture: {MUTATED}: should fire on ") for line in failures), failures
    result = invoke(str(reports["before.json"]), str(reports["after.json"]))
    assert result.exit_code == 1, result.output
    before = {r["id"]: r for r in json.loads(reports["before.json"].read_text())}
    after = {r["id"]: r for r in json.loads(reports["after.json"].read_text())}
    # every report the change altered, found independently of compare
    changed = sorted(pid for pid in before if (before[pid]["referral"], before[pid]["fired"]) !=
                     (after[pid]["referral"], after[pid]["fired"]))
    assert changed
    listed = result.stdout.split("\n\n")[0].splitlines()  # one line per profile, then a blank line
    lines = {line.split(":", 1)[0]: line for line in listed}
    assert sorted(lines) == changed
    for pid in changed:
        assert f"-{MUTATED}" in lines[pid]
    urgent_lost = [pid for pid in changed if before[pid]["referral"]["level"] == "urgent"
                   and after[pid]["referral"]["level"] != "urgent"]
    assert urgent_lost
    for pid in urgent_lost:
        assert "referral level urgent -> see_doctor" in lines[pid] and "disposition urgent_today ->" in lines[pid]
    assert f"{len(changed)} of {len(cases)} profiles differ: {len(urgent_lost)} disposition, " \
           f"{len(urgent_lost)} referral level" in result.stdout
    assert f"rules whose firing changed: {MUTATED} (stopped in {len(changed)})" in result.stdout


def test_compare_same_reports_exit_0(reports, cases):
    result = invoke(str(reports["before.json"]), str(reports["before.json"]))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"0 of {len(cases)} profiles differ")


def test_compare_reads_json_lines_and_json_alike(reports):
    as_json = invoke(str(reports["before.json"]), str(reports["after.json"]), "--format", "json")
    as_lines = invoke(str(reports["before.json"]), str(reports["after.jsonl"]), "--format", "json")
    assert as_json.exit_code == as_lines.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data == json.loads(as_lines.stdout)
    assert data["rules_compared"] == "fired" and MUTATED in data["rules"]
    assert data["rule_base_before"] == data["rule_base_after"]  # the stamp hashes files, not a test's engine


def test_compare_compact_csv_says_the_fired_rules_are_missing(reports, tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps([{"id": "a", "symptoms": ["dark_urine"]}, {"id": "b", "symptoms": ["soreness"]}]),
                     encoding="utf-8")
    csv = tmp_path / "r.csv"
    assert CliRunner().invoke(cli, ["evaluate", str(facts), "--format", "csv", "--output", str(csv)]).exit_code == 0
    result = invoke(str(csv), str(csv))
    assert result.exit_code == 0
    assert "carries no fired rule ids" in result.stdout and "referral's reasons only" in result.stdout


def _row(pid: str, **changes) -> dict:
    report = {"id": pid, "findings": [{"id": "doms", "certainty": 0.5}],
              "referral": {"level": "self_care", "disposition": "self_care",
                           "reasons": [{"rule": "referral.self-care"}]}, "error": None}
    report.update(changes)
    return {**compact_row(report), "fired": report.get("fired", ["exercise.doms", "referral.self-care"])}


def test_compare_rows_counts_each_kind_of_change():
    before = [_row("same"), _row("lead"), _row("gone"), _row("broke"), _row("twice"), _row("twice")]
    after = [_row("same"), _row("new"), _row("broke", error="key 'x': unknown key", findings=[], referral=None),
             _row("lead", findings=[{"id": "muscle_strain", "certainty": 0.6}, {"id": "doms", "certainty": 0.5}],
                  fired=["exercise.doms", "exercise.strain", "referral.self-care"]),
             _row("twice"), _row("twice", fired=["exercise.doms"])]
    result = compare_rows(before, after)
    assert result.counts() == {"disposition": 1, "referral": 1, "leading": 2, "error": 1, "rules": 2,
                               "only_before": 1, "only_after": 1}
    lines = {c.id: c.line() for c in result.changes}
    assert lines["lead"] == "lead: leading doms -> muscle_strain, doms; rules +exercise.strain"
    assert lines["gone"] == "gone: only in BEFORE" and lines["new"] == "new: only in AFTER"
    assert lines["twice#2"] == "twice#2: rules -referral.self-care"
    assert lines["broke"].startswith("broke: error none -> key 'x': unknown key; disposition self_care -> -")
    assert result.differs and result.matched == 5


@pytest.mark.parametrize(("files", "message"), [
    (["missing.json", "missing.json"], "cannot be read"),
    (["a.txt", "b.json"], "unknown report file type"),
])
def test_compare_bad_file_is_one_line_exit_2(tmp_path, files, message):
    done = subprocess.run([sys.executable, "-m", "sorewhy", "compare", *[str(tmp_path / f) for f in files]],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert message in done.stderr and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_compare_facts_file_instead_of_reports_is_one_line_exit_2(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps([{"id": "a", "symptoms": ["soreness"]}]), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sorewhy", "compare", str(path), str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "not a sorewhy report" in done.stderr and done.stderr.count("\n") == 1


@pytest.mark.slow
def test_compare_revisions_script_makes_before_from_a_revision(tmp_path):
    """The one-command script: HEAD unpacked and installed in its own venv,
    the scenario cases evaluated by both, compared."""
    sorewhy = Path(sys.executable).parent / "sorewhy"
    env = {**os.environ, "COMPARE_DIR": str(tmp_path), "SOREWHY": str(sorewhy)}
    done = subprocess.run(["bash", str(ROOT / "benchmarks" / "compare_revisions.sh"), "HEAD"], capture_output=True,
                          text=True, env=env, timeout=900)
    assert done.returncode in (0, 1), done.stderr
    before = json.loads((tmp_path / "before.json").read_text())
    after = json.loads((tmp_path / "after.json").read_text())
    assert [r["id"] for r in before] == [r["id"] for r in after] and len(before) >= 90
    assert " profiles differ: " in done.stdout
