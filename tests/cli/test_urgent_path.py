"""The interview's urgent path does what it says (#22): one banner, at most the
number of questions it announces, and question numbers that never repeat."""

from __future__ import annotations

import re

import pytest

import sorewhy.cli.session as iv
from sorewhy.engine.digest import RED_FLAGS
from sorewhy.engine.questions import QuestionBook, load_questions
from tests.cli.test_interview import QUESTION, Script, run_script

ANNOUNCED = re.compile(r"Up to (\d+) quick questions more")


@pytest.fixture(scope="module")
def book() -> QuestionBook:
    return load_questions()


def _after_banner(output: str) -> tuple[int, list[str]]:
    """The number of questions announced and the question ids put after the banner."""
    at = output.index("SEEK MEDICAL CARE NOW")
    announced = ANNOUNCED.search(output, at)
    assert announced, output[at:at + 800]
    return int(announced.group(1)), [m.group(2) for m in QUESTION.finditer(output, at)]


def _numbers(output: str) -> list[int]:
    return [int(m.group(1)) for m in QUESTION.finditer(output)]


@pytest.mark.parametrize("flag", [rid for rid, _ in RED_FLAGS])
def test_urgent_path_asks_at_most_what_it_announces_with_one_banner(book, flag):
    script = Script({"red_flags": flag})  # every other question: don't know
    run_script(book, script)
    out = script.output
    announced, after = _after_banner(out)
    assert announced == iv.URGENT_EXTRA
    assert len(after) <= announced, after
    assert out.count("SEEK MEDICAL CARE NOW") == 1


def test_urgent_path_counts_every_question_put_after_the_banner(book):
    # A swollen calf: the side is asked (it could change the referral), then the
    # `always` symptom question, then the lookahead's; all within the number announced.
    script = Script({"red_flags": "calf_swelling", "one_sided": "yes", "symptoms": "soreness",
                     "clot_risks": "long_travel"}, default="")
    _, stopped, report = run_script(book, script)
    announced, after = _after_banner(script.output)
    assert after[:2] == ["one_sided", "symptoms"]
    assert len(after) == announced == iv.URGENT_EXTRA
    assert stopped == "urgent" and report["referral"]["level"] == "urgent"
    assert script.output.count("SEEK MEDICAL CARE NOW") == 1
    assert "The interview stops here" in script.output


def test_urgent_path_a_red_flag_asked_again_gets_a_new_number(book):
    # Red flags not answered, then a symptom: the red-flag question is put again, as a new number.
    script = Script({"red_flags": ["", "chest_pain"], "symptoms": "cramps"})
    run_script(book, script)
    numbers = _numbers(script.output)
    assert [m.group(2) for m in QUESTION.finditer(script.output)][:3] == ["red_flags", "symptoms", "red_flags"]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    announced, after = _after_banner(script.output)
    assert len(after) <= announced
    assert script.output.count("SEEK MEDICAL CARE NOW") == 1


def test_interview_question_numbers_never_repeat_after_back(book):
    replies = iter(["none", "cramps", "back", "cramps", "done"])
    lines: list[str] = []
    session = iv.Interview(book, read=lambda prompt: next(replies), echo=lines.append)
    assert session.ask_all() == "done"
    out = "\n".join(lines)
    ids = [m.group(2) for m in QUESTION.finditer(out)]
    assert ids[:2] == ["red_flags", "symptoms"] and ids.count("symptoms") == 2, ids  # put again after `back`
    assert "Back to [symptoms]" in out
    numbers = _numbers(out)
    assert numbers == list(range(1, len(numbers) + 1)), numbers
