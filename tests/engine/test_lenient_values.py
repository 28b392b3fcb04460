"""Facts files take enumerated values as people write them (#22): `sex: Male`,
`F`, `Cramps`, `CALVES` are read as the vocabulary's values where that is
unambiguous, and the report says what was read as what."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.engine.api import Evaluator
from sorewhy.engine.profile import read_leniently, validate_profile
from sorewhy.engine.report_schema import validate_report
from sorewhy.errors import ProfileError


def test_profile_enum_values_are_read_leniently_and_said():
    profile = validate_profile({"sex": "Male", "symptoms": ["Cramps", "cramps"], "locations": ["CALVES", "calf"]},
                               "f.yaml", "the profile")
    assert profile.sex == "male"
    assert profile.symptoms == ["cramps", "cramps"]
    assert profile.locations == ["calves", "calves"]
    assert {(r["key"], r["given"], r["read_as"]) for r in profile.read_as} == {
        ("sex", "Male", "male"), ("symptoms", "Cramps", "cramps"),
        ("locations", "CALVES", "calves"), ("locations", "calf", "calves")}


def test_profile_values_in_the_vocabulary_are_left_as_they_are():
    data = {"sex": "female", "symptoms": ["cramps"]}
    assert read_leniently(data) == (data, ())
    assert validate_profile(data, "f", "p").read_as == ()


@pytest.mark.parametrize(("data", "key"), [
    ({"symptoms": ["calf"]}, "symptoms[0]"),  # a place, not a symptom: never guessed as calf_swelling
    ({"sex": "banana"}, "sex"),
    ({"diet": "Vegetarian-ish"}, "diet"),
])
def test_profile_values_naming_no_value_are_still_refused(data, key):
    with pytest.raises(ProfileError) as info:
        validate_profile(data, "f.yaml", "the profile")
    assert info.value.key == key


def test_evaluate_report_says_what_was_read_as(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("id,sex,symptoms,locations\na,F,Cramps,calves\nb,female,cramps,calves\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"])
    assert done.exit_code == 0, done.output
    reports = {r["id"]: r for r in json.loads(done.stdout)}
    assert reports["a"]["read_as"] == [{"key": "sex", "given": "F", "read_as": "female"},
                                       {"key": "symptoms", "given": "Cramps", "read_as": "cramps"}]
    assert "read_as" not in reports["b"]
    assert reports["a"]["findings"] == reports["b"]["findings"]
    for report in reports.values():
        validate_report(report)
    table = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert "Values read: sex 'F' read as 'female'; symptoms 'Cramps' read as 'cramps'" in table.stdout


def test_evaluate_batch_reuse_keeps_each_profiles_own_reading(tmp_path):
    # Three profiles alike once read: the batch reuses one report, never its readings.
    path = tmp_path / "people.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in [
        {"id": "a", "sex": "Male", "symptoms": ["cramps"]},
        {"id": "b", "sex": "male", "symptoms": ["cramps"]},
        {"id": "c", "sex": "M", "symptoms": ["cramps"]},
    ]) + "\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"])
    reports = {r["id"]: r for r in json.loads(done.stdout)}
    assert [r["given"] for r in reports["a"]["read_as"]] == ["Male"]
    assert "read_as" not in reports["b"]
    assert [r["given"] for r in reports["c"]["read_as"]] == ["M"]


def test_evaluator_read_as_in_the_api_report():
    report = Evaluator().evaluate({"sex": "F", "timing": ["Night"]})
    assert report["read_as"] == [{"key": "sex", "given": "F", "read_as": "female"},
                                 {"key": "timing", "given": "Night", "read_as": "night"}]
