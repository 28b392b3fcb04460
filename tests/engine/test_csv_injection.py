"""Spreadsheet-safe CSV (#26): a cell a spreadsheet would run as a formula is
written with a single quote in front (OWASP's CSV-injection guidance), read
back as given by `summarize`; Parquet keeps the value as given."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.engine.compact import from_spreadsheet_text, read_compact_csv, spreadsheet_text

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tx", "\rx",
           "'=x", "''+y"]


@pytest.mark.parametrize("text", HOSTILE)
def test_spreadsheet_text_starts_with_a_quote_and_reads_back(text):
    written = spreadsheet_text(text)
    assert written.startswith("'")
    assert from_spreadsheet_text(written) == text


@pytest.mark.parametrize("text", ["plain", "a=b", "'quoted", "", "1.5"])
def test_spreadsheet_text_leaves_harmless_text_alone(text):
    assert spreadsheet_text(text) == text
    assert from_spreadsheet_text(text) == text


def _facts(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_text("".join(json.dumps({"id": i, "symptoms": ["cramps"]}) + "\n" for i in HOSTILE[:4]))
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_evaluate_csv_writes_no_formula(tmp_path, jobs):
    result = CliRunner().invoke(cli, ["evaluate", str(_facts(tmp_path)), "--format", "csv", "--jobs", jobs])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert [r[0] for r in rows] == ["'" + t for t in HOSTILE[:4]]
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_summarize_reads_the_ids_as_given(tmp_path):
    out = tmp_path / "r.csv"
    CliRunner().invoke(cli, ["evaluate", str(_facts(tmp_path)), "--format", "csv", "--output", str(out)])
    with out.open() as stream:
        assert [r["id"] for r in read_compact_csv(stream, str(out))] == HOSTILE[:4]


def test_parquet_keeps_the_value_as_given(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "r.parquet"
    result = CliRunner().invoke(cli, ["evaluate", str(_facts(tmp_path)), "--format", "parquet", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).column("id").to_pylist() == HOSTILE[:4]
