"""Spreadsheet exports (#22): CSV files whose columns semicolons or tabs
separate are read as such, and said so once; list cells follow the file's
separator."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.engine.batch import BatchStats, evaluate_paths
from sorewhy.engine.loaders import Entry, list_separator, read_profiles


def _read(tmp_path: Path, name: str, content: str) -> list[Entry]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return list(read_profiles(str(path)))


@pytest.mark.parametrize(("name", "content"), [
    ("comma.csv", "id,age,sex,symptoms,locations\na,30,male,cramps;weakness,calves;thighs\n"),
    ("semi.csv", "id;age;sex;symptoms;locations\na;30;male;cramps, weakness;calves,thighs\n"),
    ("tab.csv", "id\tage\tsex\tsymptoms\tlocations\na\t30\tmale\tcramps;weakness\tcalves;thighs\n"),
    ("tab.tsv", "id\tage\tsex\tsymptoms\tlocations\na\t30\tmale\tcramps; weakness\tcalves;thighs\n"),
])
def test_csv_separator_detected_from_header(tmp_path, name, content):
    (entry,) = _read(tmp_path, name, content)
    assert entry.error is None, entry.error
    profile = entry.profile
    assert profile.id == "a" and profile.age == 30 and profile.sex == "male"
    assert set(profile.symptoms) == {"cramps", "weakness"}
    assert set(profile.locations) == {"calves", "thighs"}


def test_csv_semicolon_file_keeps_quoted_semicolons_and_labs(tmp_path):
    entries = _read(tmp_path, "semi.csv",
                    'id;age;symptoms;labs.vitamin_d_25oh_ng_ml\n"x;y";41;cramps;12.5\nb;;aches;\n')
    assert [e.error for e in entries] == [None, None]
    assert entries[0].profile.id == "x;y"
    assert entries[0].profile.labs.vitamin_d_25oh_ng_ml == 12.5
    assert entries[1].profile.age is None


def test_csv_semicolon_file_row_with_too_many_cells_is_named(tmp_path):
    (entry,) = _read(tmp_path, "semi.csv", "id;age\na;30;extra\n")
    assert "has 3 cells but the header names 2 columns" in str(entry.error)


def test_csv_comma_file_is_still_read_with_commas(tmp_path):
    # A comma header with one semicolon in a quoted name splits into more
    # columns by commas: commas win.
    (entry,) = _read(tmp_path, "c.csv", 'id,age,symptoms\na,30,"cramps;aches"\n')
    assert entry.error is None
    assert set(entry.profile.symptoms) == {"cramps", "aches"}


def test_list_separator_is_comma_only_for_semicolon_columns():
    assert list_separator(";") == ","
    assert list_separator(",") == ";"
    assert list_separator("\t") == ";"


def test_evaluate_says_separator_once_per_file(tmp_path):
    semi = tmp_path / "semi.csv"
    semi.write_text("id;symptoms\na;cramps\nb;aches\n", encoding="utf-8")
    tab = tmp_path / "tab.tsv"
    tab.write_text("id\tsymptoms\nc\tcramps\n", encoding="utf-8")
    comma = tmp_path / "comma.csv"
    comma.write_text("id,symptoms\nd,cramps\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(semi), str(tab), str(comma), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "columns separated by" in line]
    assert notes == [f"sorewhy: {semi}: columns separated by semicolons; list values in a cell separated by ','",
                     f"sorewhy: {tab}: columns separated by tabs; list values in a cell separated by ';'"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_records_separator_note_whatever_the_jobs(tmp_path, jobs):
    semi = tmp_path / "semi.csv"
    semi.write_text("id;symptoms\n" + "".join(f"p{n};cramps, aches\n" for n in range(30)), encoding="utf-8")
    stats = BatchStats()
    reports = list(evaluate_paths([str(semi)], jobs=jobs, stats=stats, chunk_size=7))
    assert len(reports) == 30 and not any(r["error"] for r in reports)
    assert len(stats.file_notes) == 1 and "semicolons" in stats.file_notes[0]


# --- every problem of a profile, and the hint for list cells ------------------------------

_THREE_PROBLEMS = 'id,sex,symptoms,locations\na,Mael,"cramps, weakness",clves\n'


def test_csv_list_cell_with_commas_is_told_to_use_semicolons(tmp_path):
    (entry,) = _read(tmp_path, "c.csv", 'id,symptoms\na,"cramps, weakness"\n')
    assert entry.error is not None
    assert entry.error.key == "symptoms[0]"
    assert entry.error.expected.endswith('got "cramps, weakness"; separate list values with `;`')
    assert "did you mean" not in entry.error.expected


def test_csv_semicolon_file_list_cell_with_semicolon_inside_quotes_is_told_to_use_commas(tmp_path):
    (entry,) = _read(tmp_path, "s.csv", 'id;symptoms\na;"cramps; weakness"\n')
    assert entry.error is not None
    assert entry.error.expected.endswith("separate list values with `,`")


def test_yaml_list_item_with_commas_keeps_its_spelling_hint(tmp_path):
    # Only CSV cells are split on a separator: in YAML the hint stays the spelling.
    (entry,) = _read(tmp_path, "p.yaml", 'symptoms: ["cramps, weakness"]\n')
    assert "separate list values" not in entry.error.expected
    assert "did you mean 'weakness'?" in entry.error.expected


def test_profile_error_lists_every_problem(tmp_path):
    (entry,) = _read(tmp_path, "c.csv", _THREE_PROBLEMS)
    err = entry.error
    assert err.expected.endswith("(and 2 more problems)")
    assert [key for key, _ in err.problems] == ["locations[0]", "sex", "symptoms[0]"]
    messages = err.messages()
    assert len(messages) == 3
    assert all(m.startswith(f"{tmp_path / 'c.csv'}: profile 'a' (row 2): key '") for m in messages)
    assert "did you mean 'calves'?" in messages[0]
    assert "did you mean 'male'?" in messages[1]
    assert "separate list values with `;`" in messages[2]
    # the first is the one the error names, without the count of the others
    assert str(err) == messages[0] + " (and 2 more problems)"


def test_profile_error_with_one_problem_lists_it_alone():
    from sorewhy.errors import ProfileError

    err = ProfileError("f.csv", "row 2", "age", "expected a whole number")
    assert err.messages() == [str(err)]


def test_profile_error_keeps_its_problems_between_processes():
    import pickle

    from sorewhy.errors import ProfileError

    err = ProfileError("f", "row 2", "sex", "x (and 1 more problem)", (("sex", "x"), ("age", "y")))
    back = pickle.loads(pickle.dumps(err))
    assert back.messages() == err.messages() and str(back) == str(err)


@pytest.mark.parametrize("jobs", [1, 2])
def test_json_report_lists_every_problem_and_keeps_error(tmp_path, jobs):
    import json

    path = tmp_path / "c.csv"
    path.write_text(_THREE_PROBLEMS + "b,male,cramps,calves\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json", "--jobs", str(jobs)])
    assert result.exit_code == 1
    bad, good = json.loads(result.stdout)
    assert bad["error"].endswith("(and 2 more problems)")
    assert len(bad["errors"]) == 3 and bad["errors"][0] in bad["error"]
    assert "errors" not in good and good["error"] is None


def test_table_lists_every_problem(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(_THREE_PROBLEMS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert "could not be evaluated: 3 problems:" in result.stdout
    flat = " ".join(result.stdout.split())
    for key in ("locations[0]", "sex", "symptoms[0]"):
        assert f"key '{key}'" in flat
    assert "Traceback" not in result.stdout + result.stderr


def test_partition_reads_list_cells_with_the_separator_given():
    from sorewhy.engine.compact import evaluate_partition

    ok, bad = evaluate_partition([{"id": "a", "symptoms": "cramps, weakness", "locations": "calves"},
                                  {"id": "b", "symptoms": "cramps; weakness"}], list_separator=",")
    assert ok["error"] is None and ok["id"] == "a"
    assert "separate list values with `,`" in bad["error"]
    (default,) = evaluate_partition([{"id": "c", "symptoms": "cramps, weakness"}])
    assert "separate list values with `;`" in default["error"]


def test_semicolon_file_unclosed_quote_costs_only_its_own_row(tmp_path):
    # The reader finds its footing again on the next line that is a row of
    # the header's width, counted in the file's own separator.
    entries = _read(tmp_path, "q.csv", 'age;sex\n1;male\n2;"male\n3;female\n4;male\n')
    assert [e.position for e in entries] == [2, 3, 4, 5]
    assert [e.error is None for e in entries] == [True, False, True, True]
    assert "is not closed before line 4" in str(entries[1].error)
    assert [e.profile.age for e in entries if e.profile] == [1, 3, 4]
