"""Reports are standard JSON encoded by orjson (engine/report_json.py): a
line is json.dumps with compact separators, an indented report is what
--format json has always written (json.dumps with indent=2), on random
profiles' reports, reused reports, error reports, non-ASCII and hostile text;
what orjson refuses (lone surrogates, keys that are not text) is encoded the
same way by the standard library."""

from __future__ import annotations

import json

import pytest
from helpers import profile_generator as _generator

from sorewhy.engine.api import default_evaluator, with_source
from sorewhy.engine.batch import internal_error_report, reuse_report
from sorewhy.engine.core import error_report
from sorewhy.engine.profile import validate_profile
from sorewhy.engine.report_json import array_elements, lines, report_indented, report_line

HOSTILE = ["café ☃ 日本語", 'quote " back \\ slash', "</script><b>&amp;", "tab\tnew\nline", "\u00e9\u0301",
           "emoji 🧪", "nul-free \x7f", "{\"json\": [1, 2]}"]


def _today_line(report) -> str:
    return json.dumps(report, ensure_ascii=False, separators=(",", ":"))


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


def test_report_json_line_is_compact_json_dumps_on_random_reports(reports):
    assert [report_line(r) for r in reports] == [_today_line(r) for r in reports]
    assert lines(reports) == "".join(_today_line(r) + "\n" for r in reports).encode("utf-8")


def test_report_json_indented_is_todays_json_array_element(reports):
    assert ["  " + report_indented(r) for r in reports] == [_today_indented(r) for r in reports]
    assert array_elements(reports) == ",\n".join(_today_indented(r) for r in reports).encode("utf-8")


def test_report_json_hostile_text_in_ids_sources_and_medicines():
    ev = default_evaluator()
    for n, text in enumerate(HOSTILE):
        plain = "".join(c for c in text if c.isprintable())  # what validation lets into a profile
        data = {"id": f"id {n} {plain}", "symptoms": ["cramps"], "medications": [f"zz {plain}", "furosemide"]}
        profile = validate_profile(data, "x", "y")
        report = with_source(ev.run(profile, data["id"]).report, f"dir/{text}.jsonl")
        reused = with_source(reuse_report(report, text, profile), text)
        broken = with_source(error_report(text, f"{text}: key 'age': expected a number, got \"{text}\""), text)
        bug = internal_error_report(text, ValueError(text))
        for item in (report, reused, broken, bug):
            assert report_line(item) == _today_line(item)
            assert "  " + report_indented(item) == _today_indented(item)


@pytest.mark.parametrize("value", [
    {}, [], None, "text", 3, 2.5, True, {"a": {}}, {"findings": []}, {"certainty": 0.1 + 0.2},
    {"evidence": [1, "two", None, {"sources": [{"x": 1.0}]}]}, [{"id": 1}, [2, [3]]],
    {"referral": {"reasons": [{"sources": [], "triggered_by": {"labs.x": 1.25}}]}},
    {"against": [], "unknown": [], "findings": [], "labs_read": {}}, {"id": "caf\u00e9 \u2603 \U0001f9ea"},
    {"a": 1, 2: "b"}, {1: "int key"}, {"id": "lone \udc80 surrogate"}, {"n": 2**70},
])
def test_report_json_any_json_data_is_encoded_as_json_dumps(value):
    assert report_line(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    assert report_indented(value) == expected


def test_report_json_not_utf8_stays_text():
    """A lone surrogate cannot be UTF-8: the batch keeps such a block as text
    for the stream to decide on, as before (engine/batch.py)."""
    reports = [{"id": "a"}, {"id": "bad \udc80"}]
    assert lines(reports) == '{"id":"a"}\n{"id":"bad \udc80"}\n'
    assert array_elements(reports) == '  {\n    "id": "a"\n  },\n  {\n    "id": "bad \udc80"\n  }'
    assert lines(reports[:1]) == b'{"id":"a"}\n'


def test_report_json_refuses_what_json_refuses():
    with pytest.raises(TypeError):
        report_line({"id": object()})
