"""A profile with an error keeps its red flags (contract §1, last paragraph;
issue #26): the red flags named in its valid parts still give the urgent
referral, beside the error, in every input format and every output."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from strategies import RED_FLAGS, examples, profiles

from sorewhy.cli.main import cli
from sorewhy.engine.api import Evaluator
from sorewhy.engine.compact import evaluate_partition
from sorewhy.engine.introspect import rule_base
from sorewhy.engine.loaders import read_profiles
from sorewhy.engine.salvage import red_flag_keys, salvage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
from messy_files import BREAKAGES, FORMATS, ONLY_IN, Record, write  # noqa: E402

BROKEN = [
    ("unknown symptom beside a red flag", {"symptoms": ["chest_pain", "headache"]}, "redflag.chest-pain"),
    ("bad age", {"age": 300, "symptoms": ["chest_pain"]}, "redflag.chest-pain"),
    ("one-sided calf swelling, bad diet", {"diet": "carnivore", "symptoms": ["calf_swelling"], "one_sided": True},
     "redflag.calf-swelling-one-sided"),
    ("critical potassium, bad sex", {"sex": "x", "labs": {"potassium_mmol_l": 2.0}},
     "labs.potassium-critically-low"),
    ("unknown key", {"zz": 1, "symptoms": ["seizures"]}, "redflag.seizures"),
]


def _report(data: dict) -> dict:
    path_entries = list(read_profiles("-", stdin=io.BytesIO(json.dumps(data).encode())))
    assert len(path_entries) == 1
    return Evaluator().evaluate_entry(path_entries[0])


def test_red_flag_keys_are_read_from_the_red_flag_rules():
    keys = red_flag_keys()
    assert {"symptoms", "one_sided"} <= set(keys.person)
    assert {"potassium_mmol_l", "potassium"} <= keys.labs
    from sorewhy.engine.introspect import profile_key

    # A key the rules read from another (drug_classes, from the medicines) is kept as that one.
    tested = {profile_key(k) for s in rule_base().shapes if s.band == "red_flag" for k in s.person_keys()}
    assert tested <= set(keys.person)
    # Age does count since #20 (flu from 65 goes today); diet never sets an urgent referral.
    assert "diet" not in keys.person and "low_intake" not in keys.person


@pytest.mark.parametrize(("name", "data", "rule"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_profile_keeps_its_red_flag(name, data, rule):
    report = _report(data)
    assert report["error"], name
    assert report["findings"] == []
    assert report["referral"]["level"] == "urgent"
    assert rule in [r["rule"] for r in report["referral"]["reasons"]]
    assert rule in report["fired"]


def test_broken_profile_without_red_flag_has_no_referral():
    report = _report({"age": 300, "symptoms": ["cramps", "headache"]})
    assert report["error"] and report["referral"] is None and report["fired"] == []


def test_salvage_keeps_known_items_only():
    profile = salvage({"symptoms": ["headache", "chest_pain", "cramps", 3], "age": -1, "one_sided": "maybe"})
    assert profile is not None
    assert profile.symptoms == ["chest_pain", "cramps"]
    assert profile.one_sided is None and profile.age is None


def test_salvage_finds_red_flag_after_many_items():
    profile = salvage({"symptoms": ["cramps"] * 3000 + ["paralysis"]})
    assert profile is not None and "paralysis" in profile.symptoms


def test_salvage_of_nothing_relevant_is_none():
    assert salvage({"age": 300, "sex": "female"}) is None
    assert salvage(["chest_pain"]) is None


OUTPUTS = ["json", "jsonl", "csv", "table", "markdown", "html"]


@pytest.mark.parametrize("fmt", OUTPUTS)
def test_every_output_shows_error_and_urgent_referral(tmp_path, fmt):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"id": "p1", "age": 300, "symptoms": ["chest_pain", "headache"]}))
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", fmt])
    assert result.exit_code == 1
    out = result.stdout
    assert "age" in out  # the error
    if fmt in ("json", "jsonl"):
        report = json.loads(out) if fmt == "jsonl" else json.loads(out)[0]
        assert report["error"] and report["referral"]["level"] == "urgent"
    elif fmt == "csv":
        row = out.splitlines()[1]
        assert row.startswith("p1,urgent,")
    else:
        assert "Chest pain can be a heart problem" in out
        assert "Call an ambulance now" in out  # the headline of its disposition, emergency_now
        assert "Get help at once if" in out  # and the safety net


def test_parquet_output_keeps_urgent_of_broken_profile(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"id": "p1", "age": 300, "symptoms": ["chest_pain"]}))
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "parquet", "--output", str(out)])
    assert result.exit_code == 1
    table = pq.read_table(out).to_pylist()
    assert table[0]["referral"] == "urgent" and table[0]["error"]


def test_summary_counts_broken_urgent_profiles(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps([{"id": "p1", "age": 300, "symptoms": ["chest_pain"]}, {"id": "p2", "age": 1000}]))
    summary = tmp_path / "summary.json"
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json", "--summary", str(summary)])
    assert result.exit_code == 1
    assert "1 of them urgent" in result.stderr
    data = json.loads(summary.read_text())
    assert data["errors"] == 2 and data["errors_urgent"] == 1


# --- the property, over every input format and the partition function -------------------


def _with_flag(data: dict, flag: dict) -> dict:
    out = dict(data)
    for key, value in flag.items():
        old = out.get(key)
        out[key] = ([*old, *value] if isinstance(old, list) else list(value)) if isinstance(value, list) else value
    return out


@st.composite
def _broken_with_flag(draw: st.DrawFn, fmt: str) -> dict:
    profile = {"id": "p", **draw(profiles())}
    if fmt == "csv":
        profile = {k: v for k, v in profile.items() if v != [] and v != {}}
    allowed = [n for n in BREAKAGES if fmt in ONLY_IN.get(n, FORMATS)]
    broken, _ = BREAKAGES[draw(st.sampled_from(allowed))](draw, profile)
    return _with_flag(broken, draw(st.sampled_from(RED_FLAGS))[1])


@pytest.mark.parametrize("fmt", FORMATS)
def test_profile_naming_red_flag_is_urgent_whatever_else_is_invalid(tmp_path_factory, fmt):
    folder = tmp_path_factory.mktemp(fmt)
    evaluator = Evaluator()

    @examples(60)
    @given(data=_broken_with_flag(fmt))
    def check(data):
        path = folder / f"facts.{fmt}"
        path.write_bytes(write(fmt, [Record(data)]))
        entries = list(read_profiles(str(path)))
        assert len(entries) == 1
        report = evaluator.evaluate_entry(entries[0])
        assert report["referral"] is not None and report["referral"]["level"] == "urgent", (data, report["error"])
        if report["error"]:
            assert report["findings"] == []

    check()


@examples(80)
@given(data=_broken_with_flag("json"))
def test_partition_row_naming_red_flag_is_urgent_whatever_else_is_invalid(data):
    rows = evaluate_partition([data])
    assert rows[0]["referral"] == "urgent", (data, rows[0]["error"])
    if rows[0]["error"]:
        assert rows[0]["top_1"] is None


@pytest.mark.parametrize(("name", "text"), [
    ("twice.json", '{"symptoms": ["chest_pain"], "symptoms": ["cramps"]}'),
    ("twice.yaml", "symptoms: [chest_pain]\nsymptoms: [cramps]\n"),
    ("merged.yaml", "<<: {symptoms: [chest_pain]}\nsymptoms: [cramps]\n"),
])
def test_key_given_twice_keeps_the_red_flag_of_any_copy(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    (entry,) = read_profiles(str(path))
    report = Evaluator().evaluate_entry(entry)
    assert "given more than once" in report["error"]
    assert report["referral"]["level"] == "urgent"


def test_key_given_twice_with_different_values_gives_neither():
    assert salvage_of_text('{"symptoms": ["calf_swelling"], "one_sided": true, "one_sided": false, "age": -1}') \
        .one_sided is None


def salvage_of_text(text: str):
    from sorewhy.engine.loaders import _json_loads

    return salvage(_json_loads(text))


def test_summarize_table_and_chart_count_broken_urgent_profiles(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps([{"id": "p1", "age": 300, "symptoms": ["chest_pain"]}, {"id": "p2", "age": 1000}]))
    reports = tmp_path / "r.jsonl"
    CliRunner().invoke(cli, ["evaluate", str(path), "--format", "jsonl", "--output", str(reports)])
    chart = tmp_path / "s.svg"
    result = CliRunner().invoke(cli, ["summarize", str(reports), "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    assert "2 errors, 1 of them urgent" in result.stdout
    assert "1 of them urgent" in chart.read_text()


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_trace_of_a_broken_profile_names_its_red_flag_rules(tmp_path, fmt):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"id": "p1", "age": 300, "symptoms": ["chest_pain"]}))
    result = CliRunner().invoke(cli, ["trace", str(path), "--format", fmt])
    assert result.exit_code == 1
    assert "redflag.chest-pain" in result.stdout and "age" in result.stdout


@pytest.mark.parametrize("symptoms", ["chest_pain", "cramps; chest_pain", ["Chest pain", "cramps"], ["chest-pain"]])
def test_red_flag_named_in_a_mistyped_list_still_counts(symptoms):
    report = _report({"symptoms": symptoms, "age": 300})
    assert report["error"] and report["referral"]["level"] == "urgent"
