"""`sorewhy evaluate --format csv|parquet`: one compact row per profile, the
same columns either way, parquet only to a file, and a clear line when its
extra is missing."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sorewhy import NOTICE
from sorewhy.cli.main import cli
from sorewhy.engine.compact import COLUMNS, compact_row, read_compact_csv

GOOD = {"id": "night", "symptoms": ["cramps"], "timing": ["night"], "low_intake": ["nuts_seeds"]}
URGENT = {"id": "chest", "symptoms": ["chest_pain", "soreness"]}
BAD = {"id": "too-old", "age": 400}


def invoke(*args: str):
    return CliRunner().invoke(cli, ["evaluate", *args])


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([GOOD, BAD, URGENT]), encoding="utf-8")
    return path


def test_evaluate_csv_is_one_compact_row_per_profile_in_input_order(mixed):
    result = invoke(str(mixed), "--format", "csv")
    assert result.exit_code == 1  # one profile had an error; the others are still there
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == list(COLUMNS)
    assert [row[0] for row in table[1:]] == ["night", "too-old", "chest"]
    by_id = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in table[1:]}
    assert by_id["chest"]["referral"] == "urgent" and by_id["night"]["top_1"] == "magnesium"
    assert by_id["too-old"]["referral"] == "" and "age" in by_id["too-old"]["error"]
    # The file says the notice once, in its first row (engine/compact.py).
    assert [row["notice"] for row in by_id.values()] == [NOTICE, "", ""]
    assert by_id["chest"]["disposition"] in ("urgent_today", "emergency_now")
    assert by_id["chest"]["red_flags"] == "redflag.chest-pain"
    assert by_id["too-old"]["disposition"] == "" and by_id["too-old"]["red_flags"] == ""


def test_evaluate_csv_rows_equal_the_json_reports_compacted(mixed):
    reports = json.loads(invoke(str(mixed), "--format", "json").stdout)
    rows = list(read_compact_csv(io.StringIO(invoke(str(mixed), "--format", "csv").stdout), "out.csv"))
    assert rows == [compact_row(r) for r in reports]


def test_evaluate_csv_with_jobs_is_byte_identical(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps(dict(GOOD, id=f"p{n}", age=20 + n % 50)) + "\n" for n in range(80)),
                    encoding="utf-8")
    one = invoke(str(path), "--format", "csv")
    two = invoke(str(path), "--format", "csv", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0 and one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 81
    assert two.stdout.count(NOTICE) == 1  # once per file, however many blocks wrote it
    assert all(row["notice"] == NOTICE for row in read_compact_csv(io.StringIO(two.stdout), "two.csv"))


def test_evaluate_csv_to_output_file(mixed, tmp_path):
    out = tmp_path / "rows.csv"
    result = invoke(str(mixed), "--format", "csv", "--output", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)


def test_evaluate_parquet_needs_output_one_line_exit_2(mixed):
    result = invoke(str(mixed), "--format", "parquet")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "--output" in result.stderr
    assert "Traceback" not in result.output


def test_evaluate_parquet_without_pyarrow_one_line_exit_2(mixed, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "rows.parquet"
    result = invoke(str(mixed), "--format", "parquet", "--output", str(out))
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and "pyarrow" in line and "sorewhy[parquet]" in line
    assert not out.exists() and list(tmp_path.iterdir()) == [mixed]


def test_evaluate_parquet_has_the_csv_rows_typed(mixed, tmp_path):
    pa = pytest.importorskip("pyarrow", reason="the [parquet] extra (pyarrow) is not installed")
    from sorewhy.engine.compact import read_compact_parquet

    out = tmp_path / "rows.parquet"
    result = invoke(str(mixed), "--format", "parquet", "--output", str(out))
    assert result.exit_code == 1, result.stderr
    csv_rows = list(read_compact_csv(io.StringIO(invoke(str(mixed), "--format", "csv").stdout), "out.csv"))
    assert list(read_compact_parquet(str(out))) == csv_rows
    table = pa.parquet.read_table(out)
    assert table.schema.field("certainty_magnesium").type == pa.float64()
    assert table.schema.metadata[b"sorewhy.notice"].decode() == NOTICE
