"""`sorewhy schema`: the JSON Schema of a facts file, from the validating model."""

from __future__ import annotations

import json

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
