"""Compact rows: the columns every compact output shares, read back from CSV
and Parquet, and partitions of rows evaluated as the command line would."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest

from sorewhy import NOTICE
from sorewhy.engine.batch import evaluate_paths
from sorewhy.engine.certainty import CONSIDER_THRESHOLD
from sorewhy.engine.compact import (
    CERTAINTY_COLUMNS,
    COLUMNS,
    TOP_COLUMNS,
    CompactFileError,
    CsvRowWriter,
    compact_row,
    evaluate_partition,
    read_compact_csv,
    record_to_profile,
)
from sorewhy.engine.loaders import read_profiles

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
# Written out from the contract, not imported, so that a column silently dropped fails here.
CONTRACT_FINDINGS = (
    "magnesium", "potassium", "sodium", "calcium", "vitamin_d", "vitamin_b12", "vitamin_b6", "vitamin_b1",
    "iron", "dehydration", "doms", "muscle_strain", "medication_effect", "possible_dvt",
    # grown (#20)
    "peripheral_arterial_disease", "sciatica", "polymyalgia_rheumatica", "hypothyroidism", "viral_illness",
    "compartment_syndrome", "rhabdomyolysis", "progressive_weakness", "pregnancy_cramps", "nocturnal_leg_cramps",
)


@pytest.fixture(scope="module")
def reports() -> list[dict]:
    paths = [str(EXAMPLES / "cases.json"), str(EXAMPLES / "survey.csv"), str(EXAMPLES / "runners.jsonl")]
    return list(evaluate_paths(paths))


def test_columns_are_id_referral_disposition_every_contract_finding_top_three_reasons_error_notice():
    assert COLUMNS == ("id", "referral", "disposition", *(f"certainty_{f}" for f in CONTRACT_FINDINGS),
                       "top_1", "top_2", "top_3", "referral_reasons", "red_flags", "error", "notice")


def test_compact_row_holds_the_disposition_reasons_and_red_flags(reports):
    urgent = 0
    for report in reports:
        row = compact_row(report)
        referral = report["referral"]
        assert row["disposition"] == referral["disposition"]
        assert row["referral_reasons"].split(";") == [r["rule"] for r in referral["reasons"]]
        if referral["level"] == "urgent":
            urgent += 1
            assert row["red_flags"] == row["referral_reasons"]
            assert all(rid in report["fired"] for rid in row["red_flags"].split(";"))
        else:
            assert row["red_flags"] is None
    assert urgent  # the examples have red flags


def test_csv_file_says_the_notice_once_and_reads_it_back_on_every_row(reports):
    stream = io.StringIO()
    writer = CsvRowWriter(stream)
    for report in reports:
        writer.write(compact_row(report))
    text = stream.getvalue()
    assert text.count(NOTICE) == 1
    assert len(NOTICE) < len(text) / 2  # it travels with the file without being most of its bytes
    stream.seek(0)
    assert all(row["notice"] == NOTICE for row in read_compact_csv(stream, "r.csv"))


def test_compact_row_holds_each_findings_certainty_and_blanks_the_rest(reports):
    for report in reports:
        row = compact_row(report)
        assert list(row) == list(COLUMNS)
        given = {f["id"]: f["certainty"] for f in report["findings"]}
        for fid in CONTRACT_FINDINGS:
            assert row[f"certainty_{fid}"] == given.get(fid), (report["id"], fid)
        assert row["id"] == report["id"] and row["referral"] == report["referral"]["level"]
        assert row["error"] is None and row["notice"] == NOTICE


def test_compact_row_top_three_follow_report_order(reports):
    many = next(r for r in reports if len([f for f in r["findings"] if f["certainty"] >= CONSIDER_THRESHOLD]) > 3)
    row = compact_row(many)
    assert [row[c] for c in TOP_COLUMNS] == [f["id"] for f in many["findings"][:3]]


def test_compact_row_top_three_leave_out_findings_under_the_consider_threshold():
    """#20: a finding under 0.2 (MYCIN's threshold) is not counted as leading; its certainty stays."""
    report = {"id": "x", "referral": {"level": "self_care"}, "error": None,
              "findings": [{"id": "iron", "certainty": 0.4}, {"id": "vitamin_d", "certainty": CONSIDER_THRESHOLD},
                           {"id": "calcium", "certainty": 0.19}]}
    row = compact_row(report)
    assert (row["top_1"], row["top_2"], row["top_3"]) == ("iron", "vitamin_d", None)
    assert row["certainty_calcium"] == 0.19
    few = {"id": "x", "findings": [{"id": "iron", "certainty": 0.4}], "referral": {"level": "self_care"},
           "error": None}
    row = compact_row(few)
    assert (row["top_1"], row["top_2"], row["top_3"]) == ("iron", None, None)


def test_compact_row_of_an_error_report_has_no_referral_and_the_error():
    row = compact_row({"id": "bad", "findings": [], "referral": None, "error": "f.json: profile 'bad': age: ...",
                       "notice": NOTICE})
    assert row["referral"] is None and row["error"].startswith("f.json")
    assert all(row[c] is None for c in CERTAINTY_COLUMNS + TOP_COLUMNS)


def test_compact_row_ignores_a_finding_outside_the_contract_but_ranks_it():
    row = compact_row({"id": "x", "findings": [{"id": "new_cause", "certainty": 0.9}],
                       "referral": {"level": "see_doctor"}, "error": None})
    assert row["top_1"] == "new_cause" and "certainty_new_cause" not in row


def test_csv_rows_read_back_equal(reports):
    stream = io.StringIO()
    writer = CsvRowWriter(stream)
    rows = [compact_row(r) for r in reports]
    rows.append(compact_row({"id": 'quote "and", comma', "findings": [], "referral": None,
                             "error": "line one, with a comma", "notice": NOTICE}))
    for row in rows:
        writer.write(row)
    stream.seek(0)
    assert list(read_compact_csv(stream, "r.csv")) == rows


def test_read_compact_csv_rejects_a_facts_file_naming_it():
    with open(EXAMPLES / "survey.csv", encoding="utf-8") as handle, pytest.raises(CompactFileError, match="survey"):
        list(read_compact_csv(handle, "survey.csv"))


def test_read_compact_csv_rejects_a_bad_number_naming_line_and_column():
    text = ",".join(COLUMNS) + "\n" + "a,self_care,self_care,lots" + "," * (len(COLUMNS) - 4) + "\n"
    with pytest.raises(CompactFileError, match=r"line 2: column 'certainty_magnesium': expected a number"):
        list(read_compact_csv(io.StringIO(text), "r.csv"))


def test_parquet_rows_read_back_equal_and_typed(reports, tmp_path):
    pa = pytest.importorskip("pyarrow", reason="the [parquet] extra (pyarrow) is not installed")
    from sorewhy.engine.compact import ParquetRowWriter, read_compact_parquet

    rows = [compact_row(r) for r in reports]
    path = tmp_path / "r.parquet"
    with open(path, "wb") as handle:
        writer = ParquetRowWriter(handle, batch_size=4)  # several row groups
        for row in rows:
            writer.write(row)
        writer.close()
    assert list(read_compact_parquet(str(path))) == rows
    schema = pa.parquet.read_schema(path)
    assert schema.names == list(COLUMNS)
    assert all(schema.field(c).type == pa.float64() for c in CERTAINTY_COLUMNS)
    assert schema.field("referral").type == pa.string()
    assert pa.parquet.ParquetFile(path).num_row_groups == math.ceil(len(rows) / 4)


# --- partitions -----------------------------------------------------------------------


def _csv_records(path: Path) -> list[dict[str, str]]:
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_record_to_profile_reads_text_cells_as_the_csv_loader_does():
    entries = list(read_profiles(str(EXAMPLES / "survey.csv")))
    for record, entry in zip(_csv_records(EXAMPLES / "survey.csv"), entries, strict=True):
        assert entry.profile is not None
        assert record_to_profile(record) == entry.profile.model_dump(exclude_none=True), record["id"]


def test_record_to_profile_takes_typed_cells_and_drops_missing_ones():
    nan = float("nan")
    record = {"id": "p", "age": 41.0, "duration_days": nan, "symptoms": ("cramps", "fatigue"), "heavy_sweating": True,
              "labs.vitamin_d_25oh_ng_ml": 12.5, "labs.ferritin_ng_ml": None, "diet": "  ", "timing": "night;at_rest"}
    assert record_to_profile(record) == {"id": "p", "age": 41, "symptoms": ["cramps", "fatigue"],
                                         "heavy_sweating": True, "labs": {"vitamin_d_25oh_ng_ml": 12.5},
                                         "timing": ["night", "at_rest"]}


def test_evaluate_partition_of_mappings_equals_the_batch(reports):
    records = _csv_records(EXAMPLES / "survey.csv")
    expected = [compact_row(r) for r in evaluate_paths([str(EXAMPLES / "survey.csv")])]
    assert evaluate_partition(records) == expected


def test_evaluate_partition_keeps_going_after_a_bad_row():
    rows = evaluate_partition([{"id": "old", "age": "400"}, {"symptoms": "chest_pain"}, {"id": "ok"}], source="s")
    assert [r["id"] for r in rows] == ["old", "s:2", "ok"]
    assert "age" in rows[0]["error"] and "row 1" in rows[0]["error"] and rows[0]["referral"] is None
    assert rows[1]["referral"] == "urgent" and rows[1]["error"] is None
    assert rows[2]["referral"] == "self_care"


def test_evaluate_partition_reuses_identical_profiles_with_their_own_ids():
    rows = evaluate_partition([{"id": "a", "symptoms": "cramps;fatigue"}, {"id": "b", "symptoms": "fatigue;cramps"}])
    assert rows[0]["error"] is None and rows[0] | {"id": "b"} == rows[1]


def test_partition_evaluator_runs_the_engine_once_for_identical_profiles(monkeypatch):
    from sorewhy.engine.compact import PartitionEvaluator

    evaluator = PartitionEvaluator()
    runs = []
    real = evaluator.evaluator.infer
    monkeypatch.setattr(evaluator.evaluator, "infer", lambda *a, **k: runs.append(a) or real(*a, **k))
    monkeypatch.setattr(evaluator.evaluator, "run", lambda *a, **k: pytest.fail("a compact row needs no report"))
    rows = [evaluator.row({"id": pid, "symptoms": "cramps;fatigue"}, n) for n, pid in enumerate("abc", start=1)]
    assert len(runs) == 1
    assert [row["id"] for row in rows] == ["a", "b", "c"] and rows[0] | {"id": "c"} == rows[2]


def test_evaluate_partition_of_a_dataframe_gives_the_csv_columns():
    pd = pytest.importorskip("pandas", reason="the [dask] extra (pandas) is not installed")
    frame = pd.DataFrame(_csv_records(EXAMPLES / "survey.csv"))
    out = evaluate_partition(frame)
    assert list(out.columns) == list(COLUMNS) and len(out) == len(frame)
    assert all(str(out[c].dtype) == "float64" for c in CERTAINTY_COLUMNS)
    expected = [compact_row(r) for r in evaluate_paths([str(EXAMPLES / "survey.csv")])]
    from sorewhy.engine.compact import frame_to_rows

    assert list(frame_to_rows(out)) == expected


def test_evaluate_partition_of_an_empty_dataframe_is_empty_with_the_columns():
    pd = pytest.importorskip("pandas", reason="the [dask] extra (pandas) is not installed")
    out = evaluate_partition(pd.DataFrame({"id": pd.Series([], dtype=object)}))
    assert list(out.columns) == list(COLUMNS) and len(out) == 0


def test_evaluate_partition_json_reports_are_not_needed():
    # The compact rows carry no report text: a row is small whatever the report.
    row = evaluate_partition([{"id": "p", "symptoms": "cramps;fatigue", "diet": "vegan"}])[0]
    assert len(json.dumps(row)) < 1500  # one certainty column per finding (24 since #20), three triage columns (#21)


def test_record_to_profile_turns_numpy_and_pandas_cells_into_plain_values():
    np = pytest.importorskip("numpy", reason="the [dask] extra (numpy, pandas) is not installed")
    pd = pytest.importorskip("pandas", reason="the [dask] extra (pandas) is not installed")
    record = {"id": "x", "age": np.float32("nan"), "exercise_hours": np.float32(1.5), "darker_skin": np.bool_(True),
              "symptoms": np.array(["cramps", "fatigue"]), "sex": pd.NA, "duration_days": np.int64(3),
              "labs": {"ferritin_ng_ml": np.float64(8.0), "hemoglobin_g_dl": None}}
    data = record_to_profile(record)
    assert data == {"id": "x", "exercise_hours": 1.5, "darker_skin": True, "symptoms": ["cramps", "fatigue"],
                    "duration_days": 3, "labs": {"ferritin_ng_ml": 8.0}}
    assert type(data["duration_days"]) is int and type(data["darker_skin"]) is bool
    assert evaluate_partition([record])[0]["error"] is None


# --- rows from the inference alone (issue 14) ----------------------------------------------------


def _same_row_both_ways(profile, pid: str) -> None:
    from sorewhy.engine.api import default_evaluator
    from sorewhy.engine.compact import evaluated_row

    ev = default_evaluator()
    assert evaluated_row(ev, profile, pid) == compact_row(ev.run(profile, pid).report), pid


def test_evaluated_row_is_the_reports_row_on_every_fixture_and_example():
    from helpers import fixture_profiles

    from sorewhy.engine.profile import validate_profile

    fixtures = fixture_profiles()
    assert len(fixtures) > 50
    for n, data in enumerate(fixtures):
        _same_row_both_ways(validate_profile(data, "fixture", "profile"), f"fixture:{n}")
    seen = 0
    for path in sorted(EXAMPLES.iterdir()):
        for entry in read_profiles(str(path)):
            if entry.profile is not None:
                _same_row_both_ways(entry.profile, entry.id)
                seen += 1
    assert seen > 10


def test_evaluated_row_is_the_reports_row_on_random_profiles():
    from helpers import profile_generator

    from sorewhy.engine.profile import validate_profile

    for seed, p_key in ((5, 0.15), (6, 0.45), (7, 0.9)):  # sparse to full
        gen = profile_generator().ProfileGenerator(seed=seed, p_key=p_key, p_labs=0.5)
        for n in range(1000):
            _same_row_both_ways(validate_profile(gen.profile(n), "random", f"line {n}"), f"r{seed}:{n}")


def test_evaluated_row_of_a_failing_profile_is_its_internal_error(monkeypatch):
    from sorewhy.engine.api import Evaluator
    from sorewhy.engine.compact import evaluated_row
    from sorewhy.engine.profile import validate_profile

    ev = Evaluator()
    monkeypatch.setattr(ev, "infer", lambda profile: (_ for _ in ()).throw(TypeError("simulated bug")))
    row = evaluated_row(ev, validate_profile({"symptoms": ["cramps"]}, "x", "y"), "p")
    assert row["id"] == "p" and row["referral"] is None and row["notice"] == NOTICE
    assert row["error"].startswith("internal error while evaluating this profile: TypeError: simulated bug")


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_rows_equal_the_rows_of_the_full_reports(tmp_path, jobs):
    """Errors, duplicates (reused, with their own ids) and unreadable files
    included: the batch's compact rows are those of its reports."""
    from helpers import profile_generator

    gen = profile_generator().ProfileGenerator(seed=12)
    profiles = [gen.profile(n) for n in range(150)]
    profiles += [dict(p, id=f"again-{n}") for n, p in enumerate(profiles[:40])]  # identical but for the id
    lines = [json.dumps(p) for p in profiles] + ["{broken", json.dumps({"id": "old", "age": 300})]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths = [str(path), str(tmp_path / "missing.csv"), str(EXAMPLES / "survey.csv"), str(EXAMPLES / "cases.json")]
    expected = [compact_row(r) for r in evaluate_paths(paths, cache_size=0)]
    blocks = list(evaluate_paths(paths, jobs=jobs, produce="rows", summary=True, chunk_size=16))
    rows = [row for block in blocks for row in block.items]
    assert rows == expected
    assert [row for block in blocks for row in block.rows] == expected
    assert sum(1 for r in rows if r["error"]) == 2
    from sorewhy.engine.compact import with_notice

    texts = [block.text for block in evaluate_paths(paths, jobs=jobs, produce="csv", chunk_size=16)]
    assert NOTICE not in "".join(texts)  # a block cannot know it is the first of the file
    first = next(n for n, block in enumerate(evaluate_paths(paths, jobs=jobs, produce="csv", chunk_size=16))
                 if block.notice_at is not None)
    assert first == 0
    block0 = next(iter(evaluate_paths(paths, jobs=jobs, produce="csv", chunk_size=16)))
    texts[0] = with_notice(block0.data, block0.notice_at)
    texts[0] = texts[0].decode("utf-8") if isinstance(texts[0], bytes) else texts[0]
    text = "".join(texts)
    buffer = io.StringIO()
    writer = CsvRowWriter(buffer)
    for row in expected:
        writer.write(row)
    assert buffer.getvalue().split("\n", 1)[1] == text
