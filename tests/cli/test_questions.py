"""The interview's answer parsers (engine/questions.py): every answer that cannot
be read is an AnswerError, so the question is asked again and nothing
answered is lost: digit-like characters (``²``, ``①``, Arabic-Indic digits),
numbers thousands of digits long, undecodable bytes, and the same in
``how ...`` after the result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sorewhy.engine.questions import AnswerError, load_questions

ROOT = Path(__file__).resolve().parents[2]
HUGE = "9" * 5000
ODD = ["²", "①", "١٢", "Ⅻ", "½", HUGE, "-" + HUGE, HUGE + ".5", "1e999", "\udce9", "cramps\udcff", "\x00", "٣ days"]


@pytest.fixture(scope="module")
def book():
    return load_questions()


def _questions(book, kind: str):
    found = [q for q in book.by_id.values() if q.kind == kind]
    assert found, kind
    return found


@pytest.mark.parametrize("kind", ["list", "choice", "yes_no", "number", "integer", "text_list"])
@pytest.mark.parametrize("text", ODD)
def test_question_parse_unreadable_answer_is_an_answer_error(book, kind, text):
    for question in _questions(book, kind):
        try:
            question.parse(text)
        except AnswerError as exc:
            assert "\n" not in str(exc)
        # Anything else (a value) must be valid for the key, which parse checks.


@pytest.mark.parametrize("text", ["²", "①", "١", HUGE])
def test_question_choice_number_is_plain_ascii_digits(book, text):
    question = _questions(book, "choice")[0]
    with pytest.raises(AnswerError):
        question.parse(text)
    assert question.parse("1") == question.options()[0][0]


def test_question_number_with_too_many_digits_says_so(book):
    question = _questions(book, "integer")[0]
    with pytest.raises(AnswerError, match="too many digits"):
        question.parse(HUGE)


def test_question_undecodable_byte_is_asked_again(book):
    with pytest.raises(AnswerError, match="could not be read as text"):
        _questions(book, "list")[0].parse("cramps\udce9")


def _interview(answers: bytes, *args: str, strict: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("SOREWHY_DEBUG", None)
    if strict:
        env["PYTHONIOENCODING"] = "utf-8:strict"
    return subprocess.run([sys.executable, "-m", "sorewhy", "interview", *args], input=answers,
                          capture_output=True, timeout=120, env=env, cwd=ROOT)


@pytest.mark.parametrize("answer", ["²".encode(), "①".encode(), HUGE.encode(), b"\xe9", b"how \xc2\xb2"])
def test_interview_unreadable_answer_is_asked_again_and_answers_are_saved(tmp_path, answer):
    saved = tmp_path / "s.yaml"
    proc = _interview(b"none\ncramps\n" + answer + b"\n", "--save", str(saved))
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr
    profile = yaml.safe_load(saved.read_text())
    assert profile["symptoms"] == ["cramps"]
    # The question after `cramps` was asked twice: once, then again after the bad answer.
    out = proc.stdout.decode("utf-8", "replace")
    assert out.count("\n> ") >= 3, out


@pytest.mark.parametrize("target", ["²".encode(), b"\xe9", HUGE.encode(), "①".encode()])
def test_interview_how_with_unreadable_target_says_no_such_finding(target):
    proc = _interview(b"none\ncramps\ndone\nhow " + target + b"\nhow 1\nquit\n")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8", "replace")
    assert "No finding" in out and "Traceback" not in proc.stderr.decode("utf-8", "replace")
