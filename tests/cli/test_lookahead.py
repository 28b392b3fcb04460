"""The interview's question choice: a one-step lookahead over the engine."""

from __future__ import annotations

import pytest

from sorewhy.cli.answers import UNKNOWN, Answers
from sorewhy.cli.lookahead import Lookahead, Outcome
from sorewhy.engine.api import Evaluator
from sorewhy.engine.questions import QuestionBook, load_questions


@pytest.fixture(scope="module")
def book() -> QuestionBook:
    return load_questions()


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator()


def _lookahead(book, evaluator) -> Lookahead:
    return Lookahead(book, lambda profile: evaluator.evaluate(profile, "t"))


def _answers(book, **given) -> Answers:
    answers = Answers(book)
    for qid, value in given.items():
        answers.record(book.by_id[qid], value)
    return answers


def test_lookahead_outcome_changes_name_the_parts_that_differ():
    a = Outcome("self_care", "doms", frozenset({"doms"}), frozenset({"doms"}))
    b = Outcome("see_doctor", "iron", frozenset({"iron", "doms"}), frozenset({"iron"}))
    assert a.changes(b) == ["referral", "top1", "top3"]
    assert a.changes(a) == []


def test_lookahead_after_red_flags_asks_what_hurts_first(book, evaluator):
    """What the person feels opens the consultation (`always` in the question
    book), whatever the lookahead would rank first; the lookahead never
    re-ranks such a question."""
    from sorewhy.cli.session import Interview

    session = Interview(book, read=lambda prompt: "", echo=lambda text: None)
    session.engine._evaluator = evaluator
    session.answers.record(book.by_id["red_flags"], [])
    assert session.next_question().id == "symptoms"
    ranked = {c.question.id for c in _lookahead(book, evaluator).ranked(_answers(book, red_flags=[]))}
    assert "symptoms" not in ranked


def test_lookahead_skips_a_question_no_answer_of_which_changes_anything(book, evaluator):
    la = _lookahead(book, evaluator)
    answers = _answers(book, red_flags=[], symptoms=["tingling"])
    ranked = {c.question.id for c in la.ranked(answers)}
    now = la.outcome(answers.profile())
    for q in la.candidates(answers):
        if q.id not in ranked and not q.group:
            c = la.consequence(q, answers, now)
            assert not c.matters, q.id


def test_lookahead_stops_when_nothing_left_could_change_the_result(book, evaluator):
    la = _lookahead(book, evaluator)
    answers = _answers(book, red_flags=[], symptoms=["tingling"])
    while (choice := la.choose(answers)) is not None:
        answers.record(choice.question, UNKNOWN)
    assert la.open_questions(answers) == []
    assert len(answers.given) < len(book.questions)


def test_lookahead_asks_the_blood_test_gate_only_when_a_result_could_matter(book, evaluator):
    la = _lookahead(book, evaluator)
    answers = _answers(book, red_flags=[], symptoms=["cramps"])
    gate = la.consequence(book.lab_gate, answers, la.outcome(answers.profile()))
    assert gate.matters  # a low magnesium, say, would change the leading findings
    assert not any(q.is_lab for q in la.candidates(answers))
    answers.record(book.lab_gate, True)
    assert any(q.is_lab for q in la.candidates(answers)) and book.lab_gate not in la.candidates(answers)
    closed = _answers(book, red_flags=[], symptoms=["cramps"], labs=False)
    assert not any(q.is_lab for q in la.candidates(closed))


def test_lookahead_probes_heat_and_sweating_questions_together(book, evaluator):
    la = _lookahead(book, evaluator)
    members = [q for q in book.questions if q.group == "sweat_and_heat"]
    assert {q.id for q in members} >= {"hot_environment", "heavy_sweating", "exercise_hours",
                                       "exercise_water_l_per_hour"}
    answers = _answers(book, red_flags=[], symptoms=["cramps", "wobbliness"], exercise_load="intense")
    joint = la.group_consequence(members, answers, la.outcome(answers.profile()))
    assert joint.joint == tuple(members) and joint.matters


def test_lookahead_caches_each_profile_once(book, evaluator):
    la = _lookahead(book, evaluator)
    answers = _answers(book, red_flags=[], symptoms=["cramps"])
    la.ranked(answers)
    first = la.evaluations
    la.ranked(answers)
    assert la.evaluations == first


def test_lookahead_question_book_follows_a_clinical_history(book):
    """What, where, when and how long; then the person (age and sex first); results last."""
    order = [q.id for q in book.questions]
    clinical = ["symptoms", "locations", "timing", "duration_days", "improves_with_rest", "severity",
                "age", "sex", "medications", "diet", "low_intake", "exercise_load", "sun_exposure", "conditions",
                "labs"]
    assert [order.index(q) for q in clinical] == sorted(order.index(q) for q in clinical)
    assert all(q.is_lab for q in book.questions[order.index("labs") + 1:])
