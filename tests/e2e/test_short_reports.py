"""End to end, issues 10–12: every format a person reads shows what engine/digest.py
decides, and none of them tells a leg that may hold a clot to be massaged or
stretched: the table, the Markdown and HTML reports, and the interview's result."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner

from sorewhy.cli import session as iv
from sorewhy.cli.answers import CALF_QUESTION, UNKNOWN
from sorewhy.cli.main import cli
from sorewhy.cli.result import render_result
from sorewhy.engine.digest import digest
from sorewhy.engine.questions import load_questions

CLOT = {"id": "clot", "age": 52, "symptoms": ["calf_swelling", "soreness", "cramps"], "one_sided": True,
        "locations": ["calves"], "timing": ["night"], "duration_days": 2}
"""A swollen calf on one side: urgent, a possible clot leads, magnesium's massage advice is withheld."""
OLDER = {"id": "older", "age": 66, "symptoms": ["soreness", "cramps"], "one_sided": True, "locations": ["calves"],
         "timing": ["night"], "duration_days": 4}
"""One-sided calf pain at 66, no swelling: a clot is not ruled out."""
SWELLING_NOT_ASKED = {"id": "not-asked", "age": 66, "one_sided": True, "locations": ["calves"]}
"""One side hurts, symptoms (so calf swelling) unknown: no finding leads, general advice is shown."""
PERSON_FORMATS = ("table", "markdown", "html")

_RULE_ID = re.compile(r"\b[a-z0-9_]+\.[a-z0-9][a-z0-9_.-]*")
_MASSAGE = re.compile(r"\b(massag\w*|stretch\w*)\b", re.I)
_FORBIDS = re.compile(r"\bnot\b|\bwithheld\b|could loosen", re.I)


def advised_massage(text: str) -> list[str]:
    """The sentences of `text` that mention massage or stretching without forbidding
    or withholding it (rule ids and an HTML or Markdown appendix of sources aside)."""
    for cut in ('class="appendix"', "Appendix: rules and sources"):
        if cut in text:
            text = text[:text.index(cut)]
    text = _RULE_ID.sub(" ", re.sub(r"<[^>]+>", " ", text))
    # One sentence may be wrapped over several lines of a table report: read it whole.
    text = " ".join(text.split())
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return [s for s in sentences if _MASSAGE.search(s) and not _FORBIDS.search(s)]


def evaluate_as(tmp_path, profile: dict[str, Any], fmt: str) -> str:
    path = tmp_path / f"{profile['id']}.json"
    path.write_text(json.dumps(profile))
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


def interview_result(answers: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The report and the result screen of an interview given these answers (by question id)."""
    book = load_questions()
    lines: list[str] = []
    session = iv.Interview(book, read=lambda prompt: "", echo=lines.append)
    for qid, value in answers.items():
        session.answers.record(iv.calf_question(book) if qid == CALF_QUESTION else book.by_id[qid], value)
    report = session.evaluate()
    session.show_report(report, "done")
    return report, "\n".join(lines)


def test_advised_massage_finds_advice_and_spares_warnings():
    """The checker itself: positive advice is caught, a warning or a withheld note is not."""
    assert advised_massage("Gentle stretching and massage can ease immediate soreness.")
    assert advised_massage("  - Magnesium: Eat greens.\n  - Stretch your calves gently.")
    assert not advised_massage("Seek medical care now; do not massage or stretch the leg.")
    assert not advised_massage("Massaging or stretching the leg could loosen it: that advice is withheld.")
    assert not advised_massage("Because of: conflict.clot-no-massage")
    assert not advised_massage('<div class="appendix">gentle stretching and massage can help</div>')


@pytest.mark.parametrize("fmt", PERSON_FORMATS)
@pytest.mark.parametrize("profile", [CLOT, OLDER, SWELLING_NOT_ASKED], ids=lambda p: p["id"])
def test_short_reports_never_advise_massage_for_a_possible_clot(tmp_path, profile, fmt):
    text = evaluate_as(tmp_path, profile, fmt)
    assert advised_massage(text) == [], fmt


def test_short_reports_without_a_possible_clot_still_advise_massage(tmp_path):
    """The other side of the conflict rule: sore calves after exercise, both sides, keep the advice."""
    plain = {"id": "plain", "age": 30, "symptoms": ["soreness"], "one_sided": False, "locations": ["calves"]}
    for fmt in PERSON_FORMATS:
        assert advised_massage(evaluate_as(tmp_path, plain, fmt)), fmt
    _, screen = interview_result({"red_flags": [], "symptoms": ["soreness"], "one_sided": False, "age": 30})
    assert advised_massage(screen)


def test_interview_result_of_a_swollen_calf_never_advises_massage():
    report, screen = interview_result({"red_flags": ["calf_swelling"], "symptoms": ["soreness", "cramps"],
                                       "one_sided": True, "locations": ["calves"], "age": 52})
    assert report["referral"]["level"] == "urgent"
    label = digest(report).urgent.findings[0]["label"]
    assert f"what this may be 1 possible_dvt {label}" in " ".join(screen.split())  # the finding behind it, first
    assert advised_massage(screen) == []


def test_interview_result_one_side_swelling_unknown_shows_general_advice_without_massage():
    report, screen = interview_result({"red_flags": UNKNOWN, "symptoms": ["soreness"], "one_sided": True,
                                       CALF_QUESTION: UNKNOWN, "age": 66})
    short = digest(report)
    assert short.leading == [] and short.general
    flat = " ".join(screen.split())
    assert "What you can do:" in screen and all(" ".join(t.split()) in flat for t in short.general)
    assert advised_massage(screen) == []
    assert "Not asked / not known: chest pain" in flat and "a swollen calf" in flat


def test_interview_result_names_only_the_red_flags_not_asked():
    """Red flags answered "none", symptoms not yet asked: nothing is left open. Red flags
    unknown: every one of them is, though symptoms were named."""
    _, answered = interview_result({"red_flags": [], "age": 40})
    assert "Not asked / not known" not in answered
    _, unknown = interview_result({"red_flags": UNKNOWN, "symptoms": ["cramps"]})
    assert "Not asked / not known: chest pain" in " ".join(unknown.split())


def test_interview_result_and_markdown_report_lead_with_the_same_findings(tmp_path):
    """One rule: the interview's numbered findings are the digest's, and so are the Markdown
    report's of the same answers saved as a profile."""
    book = load_questions()
    session = iv.Interview(book, read=lambda prompt: "", echo=lambda text: None)
    for qid, value in {"red_flags": [], "symptoms": ["cramps", "tingling", "fatigue"], "diet": "vegan",
                       "sun_exposure": "low", "duration_days": 30}.items():
        session.answers.record(book.by_id[qid], value)
    report = session.evaluate()
    leading = digest(report).leading
    assert leading
    screen = "\n".join(render_result(report, not_ruled_out=session.not_ruled_out()))
    assert re.findall(r"^\s+\d+\s+[a-z0-9_]+\s+(.+?) \(\S+ certainty, ", screen, re.M) == [f["label"] for f in leading]
    markdown = evaluate_as(tmp_path, {"id": "same", **session.answers.profile()}, "markdown")
    section = markdown.split("Leading findings")[1].split("Also considered")[0]
    assert re.findall(r"^\d+\. \*\*(.+?)\*\*", section, re.M) == [f["label"] for f in leading]


def test_short_reports_never_tell_an_over_drinker_to_drink_more(tmp_path):
    """No finding leads sore muscles with 1.6 L of water an hour: the general advice is shown,
    without "drink water", which the over-drinking conflict rule withholds."""
    drink = "Drink water regularly"
    profile = {"id": "over-drinker", "exercise_water_l_per_hour": 1.6, "symptoms": ["soreness"]}
    for fmt in PERSON_FORMATS:
        text = evaluate_as(tmp_path, profile, fmt)
        assert drink not in text, fmt
    report, screen = interview_result({"red_flags": [], "symptoms": ["soreness"], "exercise_water_l_per_hour": 1.6})
    assert digest(report).leading == [] and "What you can do:" in screen
    assert "balanced, varied diet" in " ".join(screen.split())
    assert drink not in screen
