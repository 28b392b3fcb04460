"""The batch summary's counts, and JSON reports decoded one at a time."""

from __future__ import annotations

import io
import json

import pytest

import sorewhy.engine.summary as summary_module
from sorewhy.engine.compact import CompactFileError, compact_row
from sorewhy.engine.summary import Summary, iter_json_values


def _report(rid, level, findings, error=None):
    return {"id": rid, "referral": None if error else {"level": level}, "error": error,
            "findings": [{"id": f, "certainty": c} for f, c in findings]}


def test_summary_counts_leads_appearances_levels_and_errors():
    s = Summary()
    for report in [_report("a", "see_doctor", [("iron", 0.6), ("calcium", 0.2)]),
                   _report("b", "self_care", [("calcium", 0.4)]),
                   _report("c", "urgent", []),
                   _report("d", None, [], error="bad")]:
        s.add(compact_row(report))
    data = s.as_dict()
    assert (data["profiles"], data["evaluated"], data["errors"]) == (4, 3, 1)
    assert {k: v["count"] for k, v in data["referral"].items()} == {"urgent": 1, "see_doctor": 1, "self_care": 1}
    by_id = {f["id"]: f for f in data["findings"]}
    assert (by_id["calcium"]["leads"], by_id["calcium"]["appears"], by_id["calcium"]["mean_certainty"]) == (1, 2, 0.3)
    assert (by_id["iron"]["leads"], by_id["iron"]["appears"]) == (1, 1)
    assert by_id["vitamin_b6"]["appears"] == 0 and by_id["vitamin_b6"]["mean_certainty"] is None
    assert data["no_finding"]["count"] == 1
    assert [f["id"] for f in data["findings"][:2]] == ["calcium", "iron"]  # leads, then appears, then id


def test_summary_of_nothing_has_no_shares():
    data = Summary().as_dict()
    assert data["profiles"] == 0 and data["referral"]["urgent"]["share"] is None


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_json_array_decoded_one_value_at_a_time(monkeypatch, chunk):
    values = [{"id": f"p{n}", "text": "x\n" * n, "nested": [1, {"a": "]"}]} for n in range(30)]
    text = json.dumps(values, indent=2)
    monkeypatch.setattr(summary_module, "_CHUNK", chunk)
    got = [v for _, v in iter_json_values(io.StringIO(text), "r.json")]
    assert got == values


def test_json_lines_and_single_value_decoded():
    lines = "".join(json.dumps({"n": n}) + "\n" for n in range(5))
    assert [v["n"] for _, v in iter_json_values(io.StringIO(lines), "r.jsonl")] == list(range(5))
    assert [line for line, _ in iter_json_values(io.StringIO(lines), "r.jsonl")] == [1, 2, 3, 4, 5]
    assert [v for _, v in iter_json_values(io.StringIO('{"a": 1}'), "r.json")] == [{"a": 1}]


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty file"),
    ("[{\"a\": 1}", "not closed"),
    ("[{\"a\": 1} {\"b\": 2}]", "expected ','"),
    ("[{\"a\": 1}] x", "text after the array"),
    ("{\"a\": 1}\n{\"a\": \n", "line 2: invalid JSON"),
])
def test_broken_json_reports_named_with_line(text, message):
    with pytest.raises(CompactFileError, match=message):
        list(iter_json_values(io.StringIO(text), "r.json"))
