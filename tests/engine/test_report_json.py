"""The report encoder gives exactly the bytes of json.dumps: on random
profiles' reports, reused reports, error reports, non-ASCII and hostile
text, and any other data (it is only faster where parts are shared)."""

from __future__ import annotations

import json
import math

import pytest
from helpers import profile_generator as _generator

from sorewhy.engine.api import default_evaluator, with_source
from sorewhy.engine.batch import internal_error_report, reuse_report
from sorewhy.engine.core import error_report
from sorewhy.engine.profile import validate_profile
from sorewhy.engine.report_json import CACHE_LIMIT, ReportEncoder

HOSTILE = ["café ☃ 日本語", 'quote " back \\ slash', "</script><b>&amp;", "tab\tnew\nline", "\u00e9\u0301",
           "emoji 🧪", "nul-free \x7f", "{\"json\": [1, 2]}"]


def _today_line(report) -> str:
    return json.dumps(report, ensure_ascii=False)


def _today_indented(report) -> str:
    """What `--format json` wrote for one report at 35c35bb."""
    return "\n".join("  " + line for line in json.dumps(report, indent=2, ensure_ascii=False).splitlines())


def _reports(count: int = 400) -> list[dict]:
    ev = default_evaluator()
    gen = _generator().ProfileGenerator(seed=31)
    out = []
    for n in range(count):
        data = gen.profile(n)
        profile = validate_profile(data, "r.jsonl", f"line {n}")
        out.append(with_source(ev.run(profile, data.get("id") or f"r:{n}").report, "r.jsonl"))
    return out


@pytest.fixture(scope="module")
def reports():
    return _reports()


def test_report_json_line_is_json_dumps_on_random_reports(reports):
    encoder = ReportEncoder()
    for _ in range(2):  # the second time from the cache
        assert [encoder.line(r) for r in reports] == [_today_line(r) for r in reports]


def test_report_json_indented_is_todays_json_array_element(reports):
    encoder = ReportEncoder()
    for _ in range(2):
        assert ["  " + encoder.indented(r) for r in reports] == [_today_indented(r) for r in reports]


def test_report_json_hostile_text_in_ids_sources_and_medicines():
    ev = default_evaluator()
    encoder = ReportEncoder()
    for n, text in enumerate(HOSTILE):
        plain = "".join(c for c in text if c.isprintable())  # what validation lets into a profile
        data = {"id": f"id {n} {plain}", "symptoms": ["cramps"], "medications": [f"zz {plain}", "furosemide"]}
        profile = validate_profile(data, "x", "y")
        report = with_source(ev.run(profile, data["id"]).report, f"dir/{text}.jsonl")
        reused = with_source(reuse_report(report, text, profile), text)
        broken = with_source(error_report(text, f"{text}: key 'age': expected a number, got \"{text}\""), text)
        bug = internal_error_report(text, ValueError(text))
        for item in (report, reused, broken, bug):
            assert encoder.line(item) == _today_line(item)
            assert "  " + encoder.indented(item) == _today_indented(item)


@pytest.mark.parametrize("value", [
    {}, [], None, "text", 3, 2.5, math.nan, math.inf, -math.inf, True, {"a": {}}, {"findings": []},
    {1: "int key"}, {"findings": "not a list"}, {"evidence": [1, "two", None, {"sources": [{"x": 1.0}]}]},
    {"referral": None}, {"referral": {"reasons": [{"sources": [], "triggered_by": {"labs.x": 1.25}}]}},
    {"advice": ["a", "b"], "sources": {"doc": "d"}}, [{"id": 1}, [2, [3]]],
    {"id": "f", "certainty": math.nan}, {"id": "f", "certainty": -math.inf}, {"certainty": 0.1 + 0.2},
    {"a": 1, 2: "b"}, {"against": [], "unknown": [], "findings": [], "labs_read": {}},
    {"rule_base": {"version": "1", "sha256": "ab"}}, {"rule_base": ["not", "a", "dict"]}, {"rule_base": None},
])
def test_report_json_any_data_is_encoded_as_json_dumps(value):
    encoder = ReportEncoder()
    for _ in range(2):
        assert encoder.line(value) == json.dumps(value, ensure_ascii=False)
        expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        assert encoder.indented(value) == expected


def test_report_json_reuses_text_only_for_the_same_object():
    encoder = ReportEncoder()
    shared = {"rule": "r", "says": "one", "sources": []}
    first = {"findings": [{"id": "f", "evidence": [shared]}]}
    assert encoder.line(first) == json.dumps(first, ensure_ascii=False)
    equal_but_other = {"rule": "r", "says": "two", "sources": []}
    second = {"findings": [{"id": "f", "evidence": [equal_but_other]}]}
    assert '"two"' in encoder.line(second)


def test_report_json_cache_stays_bounded(reports):
    encoder = ReportEncoder()
    for n in range(CACHE_LIMIT + 50):
        item = {"evidence": [{"rule": str(n), "sources": [str(n)]}]}
        assert encoder.line(item) == json.dumps(item)
    assert len(encoder._line_cache) <= CACHE_LIMIT


def test_report_json_dicts_of_one_shape_with_other_values():
    """A shape's keys are encoded once; each dict's own values still are its own."""
    encoder = ReportEncoder()
    values = ("text", 0.25, math.nan, 3, None, [], ["x"], {}, {"k": [1.5]}, True)
    for value in values:
        for item in ({"id": value, "certainty": value, "against": value, "rule_base": value},
                     {"findings": [{"id": "f", "certainty": value, "against": value}]}):
            assert encoder.line(item) == json.dumps(item, ensure_ascii=False)
    stamp = {"version": "1", "sha256": "ab"}
    assert "\"2\"" in encoder.line({"rule_base": {"version": "2"}})
    assert encoder.line({"rule_base": stamp}) == json.dumps({"rule_base": stamp})


def test_report_json_shapes_stay_bounded():
    encoder = ReportEncoder()
    for n in range(CACHE_LIMIT + 50):
        item = {f"key {n}": n}
        assert encoder.line(item) == json.dumps(item)
    assert len(encoder._layouts) <= CACHE_LIMIT
