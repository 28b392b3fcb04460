"""The interview confirms how the medications answer was read before it moves
on: each medicine as read (generic and class), near misses as a question,
names not recognised, and how to answer again (`back`)."""

from __future__ import annotations

import re

import pytest
from helpers import Console

import sorewhy.cli.interview as iv
from sorewhy.engine.questions import load_questions
from sorewhy.knowledge import load

QUESTION = re.compile(r"^Q(\d+) \[([a-z0-9_.]+)\]", re.M)


class _Reader(Console):
    """Answers the medications question with `replies` (in turn), every other
    question with Enter (don't know), and ends at the `how>` prompt."""

    def __init__(self, replies: list[str], back_once: bool = False) -> None:
        super().__init__()
        self.replies = list(replies)
        self.back_once = back_once

    def reply(self, prompt: str) -> str:
        put = QUESTION.findall("\n".join(self.lines))
        at_medications = bool(put) and put[-1][1] == "medications"
        if at_medications:
            reply = self.replies.pop(0) if self.replies else ""
        elif self.back_once and "[medications]" in "\n".join(self.lines):
            reply, self.back_once = "back", False  # at the question after it
        else:
            reply = ""
        self.lines.append(prompt + reply)
        return reply


def _interview(replies: list[str], back_once: bool = False) -> tuple[iv.Interview, str]:
    reader = _Reader(replies, back_once)
    session = iv.Interview(load_questions(), read=reader.read, echo=reader.echo)
    session.ask_all()
    return session, reader.output


def _after_medications(output: str) -> str:
    """What was said between the medications answer and the next question."""
    tail = output.split("[medications]", 1)[1]
    tail = tail.split("\n> ", 1)[1] if "\n> " in tail else tail
    nxt = QUESTION.search(tail)
    return tail[: nxt.start()] if nxt else tail


def test_interview_medications_reading_is_confirmed_before_moving_on():
    session, output = _interview(["Lasix 40 mg, atorvastatin 20mg, water tablet"])
    said = " ".join(_after_medications(output).split())
    assert "Read as: Lasix 40 mg → furosemide, loop diuretic." in said
    assert "Read as: atorvastatin 20mg → atorvastatin, statin." in said
    assert "Read as: water tablet → diuretic (type not given)." in said
    assert "type back" in said
    assert session.answers.profile()["medications"] == ["Lasix 40 mg", "atorvastatin 20mg", "water tablet"]


def test_interview_medications_near_miss_is_asked_about_never_taken():
    session, output = _interview(["furosemid"])
    said = " ".join(_after_medications(output).split())
    assert "did you mean furosemide?" in said
    assert "Nothing was assumed" in said
    report = session.evaluate()
    assert "potassium.diuretic" not in report["fired"]
    assert report["unrecognised_medications"] == ["furosemid"]


def test_interview_medications_back_answers_again_with_the_suggestion():
    session, output = _interview(["furosemid", "furosemide"], back_once=True)
    assert "did you mean furosemide?" in output
    assert session.answers.profile()["medications"] == ["furosemide"]
    assert "potassium.diuretic" in session.evaluate()["fired"]


def test_interview_medications_confirmation_names_no_brand_it_was_not_given():
    _, output = _interview(["omeprazole, Glucophage"])
    said = _after_medications(output)
    assert "omeprazole → omeprazole, proton pump inhibitor" in " ".join(said.split())
    typed = {"glucophage"}
    for brand in (b.lower() for c in load().drug_classes.values() for b in c.brands):
        if brand not in typed:
            assert not re.search(rf"(?<![\w-]){re.escape(brand)}(?![\w-])", said, re.I), brand


@pytest.mark.parametrize("reply", ["none", ""])
def test_interview_medications_nothing_to_confirm_without_medicines(reply):
    _, output = _interview([reply])
    assert "Read as:" not in output and "type back" not in output
