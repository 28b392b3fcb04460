"""engine/ruletest.py and `sorewhy rules test`: the rules' fixtures and the
scenario cases run without pytest (#25), on the shipped rule base and on one
with a rule changed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers import evaluator_with_rule_changed

from sorewhy.cli.main import cli
from sorewhy.engine import ruletest
from sorewhy.rules import all_rules
from sorewhy.rules.base import Person, has

MUTATED = "redflag.calf-swelling-one-sided"


@pytest.fixture(scope="module")
def narrowed():
    """The one-sided calf swelling red flag narrowed by mistake to severe swelling only."""
    return evaluator_with_rule_changed(MUTATED, Person(symptoms=has("calf_swelling"), one_sided=True,
                                                       severity="severe"))


def test_ruletest_shipped_rule_base_passes_every_fixture_and_case(evaluator):
    outcome = ruletest.run(evaluator=evaluator)
    assert outcome.ok, "\n".join(f.line() for f in outcome.failures)
    assert outcome.rules == len(all_rules())
    assert outcome.fixtures >= 2 * len(all_rules())
    assert outcome.cases == sum(len(ruletest.load_cases(p)) for p in ruletest.default_case_files().values())
    assert set(outcome.scores) == {"cases", "held_out"}


def test_ruletest_changed_rule_fails_its_own_fixture(narrowed):
    outcome = ruletest.run([MUTATED], evaluator=narrowed)
    lines = [f.line() for f in outcome.failures]
    assert lines and all(line.startswith(f"fixture: {MUTATED}: should fire on ") for line in lines), lines
    assert "rules/fixtures/redflags.yaml" in lines[0]
    assert outcome.count_line().endswith(f"{len(lines)} failure{'s' if len(lines) != 1 else ''}")


def test_ruletest_rule_that_fires_on_its_counter_fixture_fails():
    broad = evaluator_with_rule_changed("iron.anemia", Person(conditions=has("anemia") | has("diabetes")))
    count, failures = ruletest.fixture_failures(broad, ["iron.anemia"])
    assert count >= 2
    assert [f.message.split(" (")[0] for f in failures] == ["must not fire on {conditions: [diabetes]}"]


def test_ruletest_rule_without_fixtures_fails():
    count, failures = ruletest.fixture_failures(None, ["made.up-rule"], fixtures={})  # type: ignore[arg-type]
    assert count == 0 and [f.line() for f in failures] == ["fixture: made.up-rule: no fixtures in rules/fixtures/"]


def test_ruletest_case_failures_name_under_triage_errors_and_misses():
    case = ruletest.Case("c", {}, ("possible_dvt",), "urgent_today")
    under = ruletest.score_case(case, {"findings": [{"id": "doms", "certainty": 0.5}],
                                       "referral": {"level": "self_care", "disposition": "self_care"}})
    rejected = ruletest.score_case(case, {"error": "key 'x': unknown key", "findings": [], "referral": None})
    lines = [f.line() for f in ruletest.case_failures("cases", [under, rejected], gate_findings=True)]
    assert lines == ["case: cases/c: under-triaged: expected urgent_today, got self_care",
                     "case: cases/c: leading findings doms; expected one of possible_dvt",
                     "case: cases/c: not evaluated: key 'x': unknown key"]
    # the held-out set is gated on safety only
    assert [f.message for f in ruletest.case_failures("held_out", [under], gate_findings=False)] == \
        ["under-triaged: expected urgent_today, got self_care"]


def test_ruletest_selection_by_topic_case_file_and_case_id():
    rule_ids = ["iron.anemia", "iron.pale-skin", "redflag.chest-pain"]
    cases = {"cases": [ruletest.Case("a", {}, ("iron",), "self_care")],
             "held_out": [ruletest.Case("b", {}, ("iron",), "self_care")]}
    assert ruletest.select([], rule_ids, cases) == (rule_ids, None, False)
    assert ruletest.select(["iron"], rule_ids, cases) == (["iron.anemia", "iron.pale-skin"], None, True)
    assert ruletest.select(["held_out"], rule_ids, cases) == ([], {"held_out": {"b"}}, False)
    assert ruletest.select(["cases/a", "redflag.chest-pain"], rule_ids, cases) == \
        (["redflag.chest-pain"], {"cases": {"a"}}, False)
    with pytest.raises(ruletest.SelectionError, match="did you mean iron.anemia"):
        ruletest.select(["iron.anemai"], rule_ids, cases)


def test_ruletest_rule_selection_runs_the_cases_it_takes_part_in(evaluator):
    outcome = ruletest.run([MUTATED], evaluator=evaluator)
    assert outcome.ok and outcome.rules == 1
    assert 0 < outcome.cases < 96


def invoke(*args: str):
    return CliRunner().invoke(cli, ["rules", "test", *args])


def test_rules_test_cli_passes_with_a_count_line():
    result = invoke("--no-cases", "iron")
    assert result.exit_code == 0, result.output
    iron = [m.id for m in all_rules() if m.topic == "iron"]
    profiles = sum(len(c["fires"]) + len(c["not_fires"]) for rid, (_, c) in ruletest.load_fixtures().items()
                   if rid in iron)
    assert result.stdout == f"{profiles} fixture profiles of {len(iron)} rules, 0 scenario cases: 0 failures\n"


def test_rules_test_cli_json_lists_the_failures_and_scores():
    result = invoke("--format", "json", "cases")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["failures"] == [] and data["scores"]["cases"]["under_triage"] == 0


def test_rules_test_cli_exits_1_with_one_line_per_failing_case(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("- {id: dvt, facts: {symptoms: [calf_swelling], one_sided: true}, "
                    "expect: {findings: [possible_dvt], disposition: emergency_now}}\n"
                    "- {id: fine, facts: {symptoms: [soreness], timing: [after_exercise], improves_with_rest: true, "
                    "duration_days: 2, exercise_load: intense}, expect: {findings: [doms], disposition: self_care}}\n",
                    encoding="utf-8")
    result = invoke("--cases", str(path), "mine")
    assert result.exit_code == 1, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("case: mine/dvt: under-triaged: expected emergency_now, got urgent_today")
    assert lines[-1] == "0 fixture profiles of 0 rules, 2 scenario cases: 1 failure"
    assert len(lines) == 2


@pytest.mark.parametrize(("args", "message"), [
    (["nope.rule"], "'nope.rule' is not a rule id"),
    (["--cases", "/no/such/cases.yaml"], "cannot be read"),
])
def test_rules_test_cli_bad_argument_is_one_line_exit_2(args, message):
    done = subprocess.run([sys.executable, "-m", "sorewhy", "rules", "test", *args], capture_output=True, text=True)
    assert done.returncode == 2
    assert message in done.stderr and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
