"""The interview's answers: the profile, what answers imply, red flags not answered."""

from __future__ import annotations

import pytest

from sorewhy.cli.answers import UNKNOWN, Answers
from sorewhy.engine.questions import QuestionBook, load_questions


@pytest.fixture(scope="module")
def book() -> QuestionBook:
    return load_questions()


def test_answers_a_vegan_diet_fills_the_food_groups_it_leaves_out(book):
    answers = Answers(book)
    answers.record(book.by_id["diet"], "vegan")
    low = book.by_id["low_intake"]
    assert set(answers.implied(low)) == {"meat", "fatty_fish", "eggs", "dairy"}
    put = answers.narrowed(low)
    assert put is not None and not {"meat", "fatty_fish", "eggs", "dairy"} & set(put.choices)
    assert "leafy_greens" in put.choices


def test_answers_an_omnivore_is_asked_every_food_group(book):
    answers = Answers(book)
    answers.record(book.by_id["diet"], "omnivore")
    assert answers.narrowed(book.by_id["low_intake"]) == book.by_id["low_intake"]


def test_answers_an_answer_that_makes_a_question_moot_removes_it(book):
    answers = Answers(book)
    answers.record(book.by_id["exercise_load"], "none")
    assert answers.moot(book.by_id["exercise_water_l_per_hour"])
    assert not answers.moot(book.by_id["heavy_sweating"])


def test_answers_red_flags_not_answered_are_named_not_taken_as_absent(book):
    answers = Answers(book)
    answers.record(book.by_id["red_flags"], UNKNOWN)
    answers.record(book.by_id["symptoms"], ["cramps"])
    assert "chest_pain" in answers.red_flags_not_known()
    assert answers.profile()["symptoms"] == ["cramps"]
    answered = Answers(book)
    answered.record(book.by_id["red_flags"], [])
    assert answered.red_flags_not_known() == []


def test_answers_with_answer_leaves_the_original_alone(book):
    answers = Answers(book)
    trial = answers.with_answer(book.by_id["diet"], "vegan")
    assert trial.profile() == {"diet": "vegan"} and answers.profile() == {}
