"""One reader for every entry point (#26): evaluate_partition refuses what
the command line refuses — a column named twice, blood results in a ``labs``
mapping beside ``labs.*`` columns — as row errors with the same messages,
and still reads the red flags of such a row from its other columns."""

from __future__ import annotations

import math

import pytest
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.engine.compact import evaluate_partition

pd = pytest.importorskip("pandas")


def _cli_error(tmp_path, text: str) -> str:
    path = tmp_path / "f.csv"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "csv"])
    assert result.exit_code != 0
    return result.stderr


def _tail(message: str) -> str:
    """A message without the place it names (file and row differ by entry point)."""
    for marker in ("key '", "header names"):
        if marker in message:
            return message[message.index(marker):]
    return message.split(": ", 2)[-1]


def test_repeated_column_is_refused_by_both(tmp_path):
    cli_message = _cli_error(tmp_path, "id,symptoms,symptoms\np1,chest_pain,\n")
    frame = pd.concat([pd.DataFrame({"id": ["p1"], "symptoms": ["chest_pain"]}),
                       pd.DataFrame({"symptoms": [math.nan]})], axis=1)
    rows = evaluate_partition(frame)
    error = rows.loc[0, "error"]
    assert isinstance(error, str) and "header names a column twice: symptoms" in error
    assert "header names a column twice: symptoms" in cli_message
    assert _tail(error) == _tail(cli_message.strip().splitlines()[0].removeprefix("sorewhy: "))


def test_repeated_column_keeps_the_red_flag_of_any_copy():
    frame = pd.concat([pd.DataFrame({"id": ["p1"], "symptoms": ["chest_pain"]}),
                       pd.DataFrame({"symptoms": [math.nan]})], axis=1)
    row = evaluate_partition(frame).iloc[0]
    assert row["referral"] == "urgent" and isinstance(row["error"], str)


def test_labs_mapping_beside_labs_columns_is_refused_by_both(tmp_path):
    cli_message = _cli_error(tmp_path, 'id,labs,labs.potassium_mmol_l\np1,"{}",2.0\n')
    records = [{"id": "p1", "labs": {"potassium_mmol_l": 4.0}, "labs.potassium_mmol_l": 2.0}]
    (row,) = evaluate_partition(records)
    assert row["error"] is not None
    cli_line = next(line for line in cli_message.splitlines() if "labs" in line).removeprefix("sorewhy: ")
    assert _tail(row["error"]) == _tail(cli_line)
    assert "given both in a 'labs' column and in 'labs.*' columns" in row["error"]


def test_labs_mapping_beside_labs_columns_keeps_other_red_flags():
    records = [{"id": "p1", "symptoms": "seizures", "labs": {"potassium_mmol_l": 4.0},
                "labs.potassium_mmol_l": 2.0}]
    (row,) = evaluate_partition(records)
    assert row["error"] is not None and row["referral"] == "urgent"


def test_hostile_inputs_give_the_same_errors_through_cli_and_partition(tmp_path):
    # The same rows, read by the command line from a CSV and by the partition
    # function from the text cells: the same error (but for where it is).
    header = ["id", "age", "symptoms", "one_sided"]
    rows = [["a", "300", "chest_pain;headache", "yes"], ["b", "40", "calf_swelling", "maybe"],
            ["c", "x", "cramps", ""], ["d", "20", "cramps", "no"]]
    path = tmp_path / "h.csv"
    path.write_text(",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows))
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "csv"])
    import csv
    import io

    cli_rows = list(csv.DictReader(io.StringIO(result.stdout)))
    frame = pd.DataFrame(rows, columns=header)
    part = evaluate_partition(frame, source=str(path))
    for n, cli_row in enumerate(cli_rows):
        mine = part.iloc[n]
        assert (cli_row["referral"] or None) == (None if pd.isna(mine["referral"]) else mine["referral"])
        cli_error = cli_row["error"] or None
        part_error = None if pd.isna(mine["error"]) else mine["error"]
        assert (cli_error is None) == (part_error is None)
        if cli_error:
            assert _tail(cli_error) == _tail(part_error)
