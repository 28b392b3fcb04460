"""`sorewhy schema`: the JSON Schema of a facts file, from the validating model."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.engine.profile import LAB_ANALYTES, LAB_KEYS, Profile, enum_values, json_schema


def test_schema_prints_the_json_schema_of_the_model():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == json_schema()
    assert data["$schema"].startswith("https://json-schema.org/")


def test_schema_lists_every_profile_key_and_lab():
    data = json.loads(CliRunner().invoke(cli, ["schema"]).stdout)
    profile = data["$defs"]["Profile"]
    assert set(profile["properties"]) == set(Profile.model_fields)
    assert profile.get("additionalProperties") is False
    labs = next(d for name, d in data["$defs"].items() if name == "Labs")
    assert set(labs["properties"]) == set(LAB_KEYS) | set(LAB_ANALYTES)
    assert "chest_pain" in json.dumps(profile["properties"]["symptoms"])
    assert set(enum_values("diet")) == {"omnivore", "pescatarian", "vegetarian", "vegan"}


def test_schema_accepts_one_profile_a_list_or_a_profiles_mapping():
    data = json.loads(CliRunner().invoke(cli, ["schema"]).stdout)
    kinds = data["oneOf"]
    assert kinds[0] == {"$ref": "#/$defs/Profile"}
    assert kinds[1]["type"] == "array"
    assert kinds[2]["required"] == ["profiles"]


def test_schema_output_file(tmp_path):
    out = tmp_path / "facts.schema.json"
    result = CliRunner().invoke(cli, ["schema", "--output", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()


# --- the report ---------------------------------------------------------------------------


def test_schema_report_prints_the_json_schema_of_a_report():
    from sorewhy.engine.report_schema import report_schema

    result = CliRunner().invoke(cli, ["schema", "--report"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == report_schema() and data["$schema"].startswith("https://json-schema.org/")
    referral = data["$defs"]["Referral"]
    assert {"level", "disposition", "timeframe", "see", "reasons", "advice"} <= set(referral["required"])
    assert "safety_net" in data["required"] and data["$defs"]["SafetyNetItem"]["required"] == [
        "when", "do", "rule", "sources"]


def test_schema_report_names_every_disposition_and_whom_to_see():
    from sorewhy.engine.report_schema import report_schema
    from sorewhy.rules.base import DISPOSITIONS, REFERRAL_LEVELS, SEE

    referral = report_schema()["$defs"]["Referral"]["properties"]
    assert referral["disposition"]["enum"] == list(DISPOSITIONS)
    assert referral["level"]["enum"] == list(REFERRAL_LEVELS)
    assert referral["see"]["anyOf"][0]["enum"] == list(SEE)


def test_every_example_report_validates_against_the_report_schema():
    from pathlib import Path

    from sorewhy.engine.batch import evaluate_paths
    from sorewhy.engine.report_schema import validate_report

    examples = Path(__file__).resolve().parents[2] / "examples"
    paths = sorted(str(p) for p in examples.iterdir() if p.suffix in (".json", ".jsonl", ".yaml", ".csv", ".toml"))
    reports = list(evaluate_paths(paths))
    assert len(reports) > 20
    for report in reports:
        validate_report(report)


def test_report_schema_refuses_an_unknown_disposition_and_a_missing_safety_net():
    import pytest

    from sorewhy.engine.api import evaluate
    from sorewhy.engine.report_schema import validate_report

    report = evaluate({"symptoms": ["cramps"]}, "p")
    validate_report(report)
    with pytest.raises(ValueError, match="disposition"):
        validate_report({**report, "referral": {**report["referral"], "disposition": "later"}})
    with pytest.raises(ValueError, match="safety_net"):
        validate_report({k: v for k, v in report.items() if k != "safety_net"})


def test_report_schema_lists_every_problem_of_an_error_report(tmp_path):
    from sorewhy.engine.batch import evaluate_paths
    from sorewhy.engine.report_schema import report_schema, validate_report

    props = report_schema()["properties"]
    assert props["errors"] == {"items": {"type": "string"}, "title": "Errors", "type": "array"}
    assert "errors" not in report_schema()["required"]
    path = tmp_path / "bad.csv"
    path.write_text("id,sex,age\na,Mael,300\n", encoding="utf-8")
    (report,) = evaluate_paths([str(path)])
    validate_report(report)
    assert len(report["errors"]) == 2
    with pytest.raises(ValueError):
        validate_report({**report, "errors": "one string"})
