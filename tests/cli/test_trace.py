"""`sorewhy trace`: the firing sequence (step, rule, matched facts, what was
asserted, sources), the final report, and --rule: where a rule fired or why
it did not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sorewhy import NOTICE
from sorewhy.cli.main import cli
from sorewhy.engine.introspect import shape_of
from sorewhy.rules import rule_index

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "examples" / "vegan-runner.yaml"

NIGHT = {"id": "night", "age": 50, "diet": "omnivore", "symptoms": ["cramps"], "timing": ["night"],
         "heavy_sweating": True}


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["trace", *args], input=input)


@pytest.fixture
def night(tmp_path: Path) -> Path:
    path = tmp_path / "night.json"
    path.write_text(json.dumps(NIGHT), encoding="utf-8")
    return path


def _trace(*args: str, input: str | None = None) -> list[dict]:
    result = invoke(*args, "--format", "json", input=input)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_trace_json_steps_follow_the_firing_order(night, evaluator):
    [item] = _trace(str(night))
    report = evaluator.evaluate(NIGHT, "night")
    assert item["id"] == "night"
    assert [s["step"] for s in item["steps"]] == list(range(1, len(item["steps"]) + 1))
    assert [s["rule"] for s in item["steps"]] == report["fired"]
    assert item["report"] == report


def test_trace_shows_only_the_person_keys_a_rule_tests(night):
    [item] = _trace(str(night))
    for step in item["steps"]:
        tested = {k for k in shape_of(rule_index()[step["rule"]]).keys if not k.startswith("labs.")}
        for fact in step["facts"]:
            if fact["fact"] == "Person":
                assert set(fact["values"]) <= tested, step["rule"]
    step = next(s for s in item["steps"] if s["rule"] == "magnesium.night-cramps")
    assert step["facts"] == [{"fact": "Person", "values": {"symptoms": ["cramps"], "timing": ["night"]}}]
    assert step["asserted"] == ["supports magnesium (+0.30)"]


def test_trace_step_carries_the_rule_sources(night):
    [item] = _trace(str(night))
    for step in item["steps"]:
        expected = [s.as_dict() for s in rule_index()[step["rule"]].sources]
        assert step["sources"] == expected
        assert all(("doc" in s and s["section"] and s["quote"]) or "ref" in s for s in step["sources"])


def test_trace_shows_intermediate_facts_a_rule_matched(night):
    [item] = _trace(str(night))
    step = next(s for s in item["steps"] if s["rule"] == "magnesium.sweat-loss")
    assert {"fact": "Inferred", "values": {"what": "sweat_loss"}} in step["facts"]
    sweat = next(s for s in item["steps"] if s["rule"] == "hydration.heavy-sweating")
    assert sweat["asserted"] == ["asserts sweat_loss"]
    assert sweat["step"] < step["step"]


def test_trace_shows_lab_facts(tmp_path):
    path = tmp_path / "lab.json"
    path.write_text(json.dumps({"symptoms": ["cramps"], "labs": {"magnesium_mg_dl": 1.2}}), encoding="utf-8")
    [item] = _trace(str(path))
    step = next(s for s in item["steps"] if s["rule"] == "magnesium.lab-low")
    assert step["facts"] == [{"fact": "Lab", "values": {
        "name": "magnesium_mg_dl", "value": 1.2, "status": "low", "band": "low",
        "result": "magnesium 1.2 mg/dL: low"}}]


def test_trace_text_lists_steps_then_the_report(night):
    result = invoke(str(night))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(f"Trace of night ({night})")
    assert "step 1  " in out
    assert "matched:  Person(symptoms=[cramps], timing=[night])" in out
    assert "asserted: supports magnesium (+0.30)" in out
    assert 'section "Magnesium for Muscle Relaxation": "painful cramps, particularly at night"' in out
    assert out.index("magnesium.night-cramps") < out.index("\nReport\n")
    assert "Magnesium deficiency" in out.split("\nReport\n", 1)[1]
    assert out.rstrip().endswith(NOTICE)
    assert "\x1b[" not in out


def test_trace_markdown(night):
    result = invoke(str(night), "--format", "markdown")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# sorewhy trace")
    assert "## Trace of night" in out
    assert "### Step 1: `" in out
    assert "- Matched: `Person(symptoms=[cramps], timing=[night])`" in out
    assert "“painful cramps, particularly at night”" in out
    assert "### Report: night" in out
    assert out.count(NOTICE) >= 2


def test_trace_reads_standard_input():
    [item] = _trace("-", input=json.dumps(NIGHT))
    assert item["id"] == "night" and item["steps"]


def test_trace_many_profiles_and_a_bad_one_exit_1(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- {symptoms: [cramps]}\n- {age: -3}\n- {symptoms: [chest_pain]}\n", encoding="utf-8")
    result = invoke(str(path), "--format", "json")
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert [i["id"] for i in items] == ["list:1", "list:2", "list:3"]
    assert "key 'age'" in items[1]["error"]
    assert items[2]["steps"][0]["rule"] == "redflag.chest-pain"
    assert result.stderr.startswith("sorewhy: ") and "key 'age'" in result.stderr


def test_trace_missing_file_is_one_line_exit_2(tmp_path):
    result = invoke(str(tmp_path / "gone.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"sorewhy: {tmp_path / 'gone.yaml'}: no such file\n"


# --- --rule ------------------------------------------------------------------------------------


def test_trace_rule_fired_shows_only_its_steps(night):
    [item] = _trace(str(night), "--rule", "magnesium.night-cramps")
    assert item["rule"] == {"id": "magnesium.night-cramps", "fired": True, "why_not": None}
    assert [s["rule"] for s in item["steps"]] == ["magnesium.night-cramps"]
    assert "report" not in item
    text = invoke(str(night), "--rule", "magnesium.night-cramps").stdout
    assert "magnesium.night-cramps fired at step" in text
    assert "hydration.heavy-sweating" not in text


def test_trace_rule_not_fired_names_the_unknown_key(night):
    [item] = _trace(str(night), "--rule", "magnesium.diuretic")
    assert item["rule"]["fired"] is False
    assert item["steps"] == []
    assert item["rule"]["why_not"]["unknown"] == ["medications"]
    text = invoke(str(night), "--rule", "magnesium.diuretic").stdout
    assert "magnesium.diuretic did not fire:" in text
    assert "unknown: medications was not given" in text


def test_trace_rule_not_fired_names_the_failed_test(tmp_path):
    path = tmp_path / "day.json"
    path.write_text(json.dumps({"symptoms": ["cramps"], "timing": ["after_exercise"]}), encoding="utf-8")
    [item] = _trace(str(path), "--rule", "magnesium.night-cramps")
    why = item["rule"]["why_not"]
    assert why["failed"] == [{"key": "timing", "value": ["after_exercise"], "test": "includes night"}]
    assert why["passed"] == ["symptoms includes cramps"]
    assert why["unknown"] == []
    text = invoke(str(path), "--rule", "magnesium.night-cramps").stdout
    assert "failed: timing is [after_exercise]; the rule tests: timing includes night" in text


def test_trace_rule_not_fired_names_a_missing_intermediate_fact(tmp_path):
    path = tmp_path / "dry.json"
    path.write_text(json.dumps({"heavy_sweating": False}), encoding="utf-8")
    [item] = _trace(str(path), "--rule", "magnesium.sweat-loss")
    [missing] = item["rule"]["why_not"]["missing"]
    assert missing["what"] == "sweat_loss"
    assert "hydration.heavy-sweating" in missing["asserted_by"]


def test_trace_rule_not_fired_names_what_blocked_it(tmp_path):
    path = tmp_path / "chest.json"
    path.write_text(json.dumps({"symptoms": ["chest_pain"]}), encoding="utf-8")
    [item] = _trace(str(path), "--rule", "referral.self-care")
    [blocked] = item["rule"]["why_not"]["blocked"]
    assert "referred" in blocked and "redflag.chest-pain" in blocked


def test_trace_rule_not_fired_for_an_unknown_lab(tmp_path):
    path = tmp_path / "nolab.json"
    path.write_text(json.dumps({"symptoms": ["cramps"]}), encoding="utf-8")
    [item] = _trace(str(path), "--rule", "magnesium.lab-low")
    assert item["rule"]["why_not"]["unknown"] == ["labs.magnesium_mg_dl"]


def test_trace_rule_markdown_not_fired(night):
    out = invoke(str(night), "--rule", "magnesium.diuretic", "--format", "markdown").stdout
    assert "`magnesium.diuretic` did not fire:" in out
    assert "- `unknown: medications was not given`" in out


def test_trace_unknown_rule_id_is_one_line_exit_2(night):
    result = invoke(str(night), "--rule", "magnesium.night-cramp")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "unknown rule id 'magnesium.night-cramp'" in lines[0]
    assert "magnesium.night-cramps" in lines[0]  # the closest id is suggested


def test_trace_unknown_rule_id_fails_before_reading_the_file(tmp_path):
    result = invoke(str(tmp_path / "gone.yaml"), "--rule", "no.such-rule")
    assert result.exit_code == 2
    assert "unknown rule id" in result.stderr


def test_trace_example_file(tmp_path):
    result = invoke(str(RUNNER), "--output", str(tmp_path / "trace.md"), "--format", "markdown")
    assert result.exit_code == 0
    assert (tmp_path / "trace.md").read_text(encoding="utf-8").startswith("# sorewhy trace")


@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_trace_is_byte_identical_across_hash_seeds(fmt):
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    outputs = set()
    for seed in ("0", "3", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-m", "sorewhy", "trace", "examples/clinic-day.yaml", "--format", fmt],
                              capture_output=True, timeout=120, env=env, cwd=root)
        assert proc.returncode in (0, 1), proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1


# --- --explain and --why-not: the interview's explanations, for a file ------------------------

UK = ROOT / "examples" / "uk-blood-results.yaml"
CALF = ROOT / "examples" / "swollen-calf.yaml"


def _facts_of(path: Path) -> tuple[str, dict]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data.pop("id"), data


def test_trace_explain_json_is_the_interview_how_reached(evaluator):
    from sorewhy.cli.explain import explain_how

    pid, facts = _facts_of(RUNNER)
    [item] = _trace(str(RUNNER), "--explain", "vitamin_b12")
    report = evaluator.evaluate(facts, pid)
    assert item["explain"] == explain_how("vitamin_b12", report, facts, evaluator, pid).as_dict()
    assert [s["rule"] for s in item["explain"]["steps"]][0] == "b12.vegan-diet"
    assert item["notice"] == NOTICE
    assert "steps" not in item and "report" not in item and "why_not" not in item


def test_trace_explain_text_prints_the_lines_the_interview_prints(evaluator):
    from sorewhy.cli.explain import explain_how

    pid, facts = _facts_of(RUNNER)
    result = invoke(str(RUNNER), "--explain", "vitamin_b12")
    assert result.exit_code == 0, result.stderr
    lines = explain_how("vitamin_b12", evaluator.evaluate(facts, pid), facts, evaluator, pid).lines()
    assert "\n".join(lines) in result.stdout
    assert "How 'Vitamin B12 deficiency' (vitamin_b12) was reached:" in result.stdout
    assert "\nstep " not in result.stdout  # the explanation replaces the steps
    assert result.stdout.rstrip().endswith(NOTICE)


def test_trace_explain_referral_of_an_urgent_profile_starts_at_the_red_flag():
    [item] = _trace(str(CALF), "--explain", "referral")
    assert item["explain"]["title"] == "How the referral 'urgent' was reached:"
    first = item["explain"]["steps"][0]
    assert first["rule"].startswith("redflag.")
    assert "referral: urgent (urgent_today)" in first["effects"]


def test_trace_explain_uses_the_blood_results_as_given(evaluator):
    [item] = _trace(str(UK), "--explain", "vitamin_d")
    matched = [m for step in item["explain"]["steps"] for m in step["matched"]]
    assert any(m.startswith("blood vitamin_d_25oh") and "(low)" in m for m in matched), matched
    pid, facts = _facts_of(UK)
    assert item["explain"]["closing"].endswith(
        f"({next(f for f in evaluator.evaluate(facts, pid)['findings'] if f['id'] == 'vitamin_d')['certainty']:.2f}).")


def test_trace_reported_profile_gives_the_report_of_the_profile_read(evaluator):
    from sorewhy.cli.trace import reported_profile
    from sorewhy.engine.loaders import read_profiles

    for path in (UK, RUNNER, ROOT / "examples" / "cases.json"):
        for entry in read_profiles(str(path)):
            again = evaluator.evaluate(reported_profile(entry.profile), entry.id)
            assert again == evaluator.run(entry.profile, entry.id).report, entry.id


def test_trace_explain_a_finding_a_profile_lacks_says_so_for_that_profile():
    items = _trace(str(ROOT / "examples" / "cases.json"), "--explain", "medication_effect")
    by_id = {i["id"]: i["explain"] for i in items}
    assert by_id["statin-aches"]["error"] is None and by_id["statin-aches"]["steps"]
    assert by_id["swollen-calf"]["error"].startswith("No finding 'medication_effect' in this result")
    text = invoke(str(ROOT / "examples" / "cases.json"), "--explain", "medication_effect").stdout
    assert "  No finding 'medication_effect' in this result; try one of:" in text


def test_trace_why_not_json_is_the_interview_why_not(evaluator):
    from sorewhy.cli.explain import explain_why_not

    pid, facts = _facts_of(RUNNER)
    [item] = _trace(str(RUNNER), "--why-not", "iron")
    assert item["why_not"] == explain_why_not("iron", evaluator.evaluate(facts, pid), facts, evaluator,
                                              pid).as_dict()
    held = {r["rule"]: r["reasons"] for r in item["why_not"]["rules"] if not r["fired"]}
    assert held["iron.ferritin-low"] == ["not known: labs.ferritin_ng_ml"]


def test_trace_why_not_text_lists_every_rule_held_back():
    [item] = _trace(str(RUNNER), "--why-not", "iron")
    held = [r["rule"] for r in item["why_not"]["rules"] if not r["fired"]]
    assert len(held) > 8  # more than the interview's eight, which trace does not cut
    out = invoke(str(RUNNER), "--why-not", "iron").stdout
    assert all(f"    - {rule}: " in out for rule in held)
    assert "more rules)" not in out


def test_trace_why_not_takes_a_rule_id():
    [item] = _trace(str(RUNNER), "--why-not", "magnesium.diuretic")
    assert item["why_not"]["title"] == "Rule magnesium.diuretic did not fire:"
    assert item["why_not"]["rules"] == [{"rule": "magnesium.diuretic", "fired": False,
                                         "reasons": ["not known: medications"]}]


def test_trace_explain_and_why_not_together_in_markdown():
    out = invoke(str(RUNNER), "--explain", "referral", "--why-not", "iron", "--format", "markdown").stdout
    assert out.startswith("# sorewhy trace")
    assert "```text\nHow the referral 'see_doctor' was reached:" in out
    assert "Iron deficiency (anemia) (iron) is in the result" in out
    assert out.rstrip().endswith(NOTICE)


@pytest.mark.parametrize("args, words", [
    (["--explain", "vitamin_z"], "no finding 'vitamin_z'"),
    (["--why-not", "magnesium.night-cramp"], "unknown rule id 'magnesium.night-cramp'"),
    (["--explain", "iron", "--rule", "iron.fatigue-weakness"], "give one or the other"),
    (["--explain", "iron", "--format", "dot"], "print as text, markdown, json, not dot"),
])
def test_trace_explain_bad_option_is_exit_2_before_reading_the_file(tmp_path, args, words):
    result = invoke(str(tmp_path / "gone.yaml"), *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert result.stdout == ""
