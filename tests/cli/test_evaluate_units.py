"""Hostile blood results in one CSV batch (#15): each broken row is one line on
stderr naming the file, the profile and the key, and every other row is still
reported, the red flag after them included."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sorewhy.cli.main import cli

ROWS = [
    ("good", "30 nmol/L", "", ""),
    ("nonsense", "30 furlongs/fortnight", "", ""),
    ("nan", "NaN nmol/L", "", ""),
    ("huge", "1e9999 nmol/L", "", ""),
    ("unit-on-key", "", "4.1 mmol/L", ""),
    ("both-spellings", "", "4.1", "4.1 mmol/L"),
    ("escape", "30 n\x1b[2Jmol/L", "", ""),
    ("other-digits", "৩০ nmol/L", "", ""),
]


def test_evaluate_units_each_hostile_lab_cell_is_one_line_naming_file_profile_and_key(tmp_path):
    path = tmp_path / "labs.csv"
    lines = ["id,symptoms,labs.vitamin_d_25oh,labs.potassium_mmol_l,labs.potassium"]
    lines += [f"{pid},cramps,{vd},{k},{kk}" for pid, vd, k, kk in ROWS]
    lines.append("last,chest_pain,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "jsonl"])
    assert result.exit_code == 1
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in reports] == [r[0] for r in ROWS] + ["last"]
    assert reports[0]["error"] is None and reports[-1]["referral"]["level"] == "urgent"
    keys = {"nonsense": "labs.vitamin_d_25oh", "nan": "labs.vitamin_d_25oh", "huge": "labs.vitamin_d_25oh",
            "unit-on-key": "labs.potassium_mmol_l", "both-spellings": "labs.potassium",
            "escape": "labs.vitamin_d_25oh", "other-digits": "labs.vitamin_d_25oh"}
    errors = [line for line in result.stderr.splitlines() if "(row " in line]
    assert len(errors) == len(keys)
    for pid, key in keys.items():
        (line,) = [e for e in errors if f"profile '{pid}'" in e]
        assert line.startswith(f"sorewhy: {path}: profile '{pid}' (row ") and f"key '{key}'" in line
    assert "\x1b" not in result.stderr
    assert "goes under potassium" in next(e for e in errors if "unit-on-key" in e)
    assert "finite" in next(e for e in errors if "'nan'" in e)
