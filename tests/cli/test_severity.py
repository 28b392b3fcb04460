"""Severity in the person's words (#22): how bad it is is asked apart from when
it happens, so cramps that wake someone at night are not "severe" for that."""

from __future__ import annotations

import re

import pytest

import sorewhy.cli.session as iv
from sorewhy.engine.api import Evaluator
from sorewhy.engine.questions import AnswerError, QuestionBook, load_questions


@pytest.fixture(scope="module")
def book() -> QuestionBook:
    return load_questions()


def test_severity_question_asks_how_bad_and_leaves_when_to_timing(book):
    severity, timing = book.by_id["severity"], book.by_id["timing"]
    for meaning in severity.choices.values():
        assert not re.search(r"night|sleep|wak", meaning), meaning
    assert "asked separately" in severity.text
    assert re.search(r"wak", timing.choices["night"])  # waking at night is a time, answered there


@pytest.mark.parametrize("typed", ["at night", "wakes me at night", "Night"])
def test_severity_a_time_typed_for_how_bad_points_to_the_timing_question(book, typed):
    with pytest.raises(AnswerError, match=r"answers another question \(timing: night\), asked separately.*mild"):
        book.by_id["severity"].parse(typed)


def test_severity_interview_night_answer_is_asked_again_then_taken(book):
    replies = iter(["wakes me at night", "1"])
    lines: list[str] = []
    session = iv.Interview(book, read=lambda prompt: next(replies), echo=lines.append)
    assert session.ask(book.by_id["severity"]) == "mild"
    assert any("timing: night" in line for line in lines)


@pytest.mark.parametrize(("severity", "level"), [("mild", "self_care"), ("severe", "see_doctor")])
def test_severity_night_cramps_referral_follows_how_bad_not_when(severity, level):
    # Why the wording matters: "severe" refers night cramps to a doctor (referral.severe),
    # "mild" keeps them the common harmless kind.
    report = Evaluator().evaluate({"symptoms": ["cramps"], "timing": ["night"], "severity": severity,
                                   "duration_days": 30})
    assert report["referral"]["level"] == level
