"""`sorewhy evaluate` shows how each medicine was read: in JSON (the
`medications_read` and `medication_suggestions` keys), and one line in the
table and markdown reports."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sorewhy.cli.main import cli

PROFILE = json.dumps({"id": "meds", "medications": ["Lasix 40 mg", "water tablet", "furosemid", "mystery tonic"]})


def _evaluate(fmt: str) -> str:
    result = CliRunner().invoke(cli, ["evaluate", "-", "--format", fmt], input=PROFILE)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_evaluate_medications_json_keys_beside_unrecognised():
    [report] = json.loads(_evaluate("json"))
    keys = list(report)
    assert keys.index("medications_read") == keys.index("unrecognised_medications") + 1
    assert report["medications_read"][0] == {"given": "Lasix 40 mg", "generic": "furosemide",
                                             "class": "loop_diuretic", "class_label": "loop diuretic"}
    assert report["medication_suggestions"] == [{"given": "furosemid", "did_you_mean": "furosemide"}]
    assert report["unrecognised_medications"] == ["furosemid", "mystery tonic"]


def test_evaluate_medications_table_one_line():
    out = _evaluate("table")
    block = out.split("Medications read as: ", 1)[1].split("\n  Medications not recognised", 1)[0]
    said = " ".join(block.split())
    assert said == ("Lasix 40 mg → furosemide, loop diuretic; water tablet → diuretic (type not given). "
                    "Not taken: furosemid (did you mean furosemide?).")
    assert out.count("Medications read as:") == 1


def test_evaluate_medications_markdown_one_line():
    out = _evaluate("markdown")
    # The report to hand over shows medicines in its one line of what was reported.
    lines = [line for line in out.splitlines() if line.startswith("**What was reported:**")]
    assert len(lines) == 1 and "Medicines: " in lines[0]
    medicines = lines[0].split("Medicines: ", 1)[1].split(" · ", 1)[0]
    assert "furosemide, loop diuretic" in medicines and "did you mean furosemide?" in medicines


def test_evaluate_medications_nothing_read_no_line():
    result = CliRunner().invoke(cli, ["evaluate", "-"], input=json.dumps({"symptoms": ["cramps"]}))
    assert "Medications read as" not in result.stdout
