"""The interview takes what people type (#22): singulars and plurals, any case,
everyday words and misspellings (knowledge/words.yaml), lengths of time in
words, finding names in words at the result; every refusal names the nearest
answer it would take."""

from __future__ import annotations

import re

import pytest

from sorewhy.cli.answers import finding_named, read_as, result_command
from sorewhy.engine.questions import AnswerError, QuestionBook, load_questions, read_amount
from sorewhy.engine.words import nearest, read_value
from sorewhy.knowledge import Words, load, words
from tests.cli.test_interview import Script, run_script


@pytest.fixture(scope="module")
def book() -> QuestionBook:
    return load_questions()


@pytest.mark.parametrize(("qid", "typed", "value"), [
    ("locations", "calf", ["calves"]),
    ("locations", "calfs", ["calves"]),
    ("locations", "CALVES", ["calves"]),
    ("locations", "Calf, thigh", ["calves", "thighs"]),
    ("locations", "lower back", ["back"]),
    ("symptoms", "Cramps", ["cramps"]),
    ("symptoms", "cramp, pins and needles", ["cramps", "tingling"]),
    ("symptoms", "tired", ["fatigue"]),
    ("timing", "at night", ["night"]),
    ("sex", "Male", "male"),
    ("sex", "F", "female"),
    ("diet", "veggie", "vegetarian"),
    ("severity", "Moderate", "moderate"),
])
def test_answers_choices_take_plurals_case_and_synonyms(book, qid, typed, value):
    assert book.by_id[qid].parse(typed) == value


def test_answers_a_word_read_as_another_is_said_back(book):
    q = book.by_id["locations"]
    assert read_as(q, "calf, 2, thighs", q.parse("calf, 2, thighs")) == ["'calf' as calves"]


@pytest.mark.parametrize(("qid", "typed", "suggestion"), [
    ("locations", "calfz", "calves"),
    ("symptoms", "cramsp", "cramps"),
    ("sex", "mael", "male"),
])
def test_answers_refusal_suggests_the_nearest_choice(book, qid, typed, suggestion):
    with pytest.raises(AnswerError, match=f"did you mean '{suggestion}'"):
        book.by_id[qid].parse(typed)


@pytest.mark.parametrize(("typed", "days"), [
    ("a few months", 90),
    ("a couple of weeks", 14),
    ("two days", 2),
    ("about 3 weeks ago", 21),
    ("a week and a half", 10),
    ("A Week", 7),
    ("3 weeks", 21),
    ("10", 10),
])
def test_answers_duration_in_words_is_read_in_days(book, typed, days):
    assert book.by_id["duration_days"].parse(typed) == days


def test_answers_duration_as_a_date_is_refused_with_an_example(book):
    with pytest.raises(AnswerError, match=r"'since Christmas' is a date.*e\.g\. '3 weeks'"):
        book.by_id["duration_days"].parse("since Christmas")


def test_answers_duration_unit_misspelt_suggests_the_unit(book):
    with pytest.raises(AnswerError, match="did you mean '3 weeks'"):
        book.by_id["duration_days"].parse("3 weks")


def test_answers_words_that_are_no_amount_are_not_read():
    assert read_amount("months", {"months": 30}) is None
    assert read_amount("a few", {"months": 30}) is None
    assert read_amount("half an hour", {"hour": 1}) == 0.5


def test_answers_session_length_in_words(book):
    assert book.by_id["exercise_hours"].parse("an hour and a half") == 1.5
    assert book.by_id["exercise_hours"].parse("half an hour") == 0.5


def test_words_every_listed_word_reads_as_its_value():
    for key, table in words().values.items():
        for word, value in table.items():
            assert read_value(key, word) == value, (key, word)


def test_words_a_word_naming_nothing_reads_as_nothing():
    assert read_value("sex", "banana") is None
    assert nearest("sex", "banana") is None


@pytest.mark.parametrize(("data", "message"), [
    ({"values": {"sex": {"bloke": "man"}}}, "'man' is not a value of 'sex'"),
    ({"values": {"age": {"old": "70"}}}, "'age' is not an enumerated key"),
    ({"values": {"sex": {"male": "female"}}}, "is itself a value"),
    ({"values": {"sex": {"Bloke": "male"}}}, "should be written 'bloke'"),
])
def test_words_loader_refuses_entries_outside_the_vocabulary(data, message, monkeypatch):
    """The spelling is checked by the knowledge loader; the vocabulary, which lives a
    layer up, by sorewhy.engine.words when the table is first used."""
    from sorewhy import knowledge
    from sorewhy.engine import words as engine_words
    from sorewhy.errors import KnowledgeError

    good = words().model_dump()
    try:
        table = Words.model_validate({**good, **data})
    except ValueError as exc:
        assert re.search(message, str(exc))
        return
    monkeypatch.setattr(engine_words, "words", lambda: table)
    engine_words.vocabulary_words.cache_clear()
    try:
        with pytest.raises(KnowledgeError, match=message):
            engine_words.vocabulary_words()
    finally:
        engine_words.vocabulary_words.cache_clear()
    assert knowledge.words() is not table


def test_result_command_reads_a_near_command():
    assert result_command("hwo magnesium") == ("how", "magnesium", "hwo")
    assert result_command("whynot 2") == ("why-not", "2", None)
    assert result_command("magnesium")[0] == ""


def test_finding_named_takes_ids_labels_and_near_spellings():
    names = {fid: f.label for fid, f in load().findings.items()}
    assert finding_named("vitamin d", names) == "vitamin_d"
    assert finding_named("Vitamin D deficiency", names) == "vitamin_d"
    assert finding_named("blood clot", names) == "possible_dvt"
    assert finding_named("magnesum", names) == "magnesium"
    assert finding_named("vitamin", names) is None  # several vitamins: not a guess


def test_interview_result_how_and_why_not_take_names_and_typos(book):
    script = Script({"red_flags": "none", "symptoms": "tingling", "diet": "vegan"},
                    how=["how vitamin b12", "hwo 1", "why-not vitamin d"])
    _, _, report = run_script(book, script)
    out = script.output
    assert report["findings"][0]["id"] == "vitamin_b12"
    assert "(read 'vitamin b12' as vitamin_b12: Vitamin B12 deficiency)" in out
    assert out.count("How 'Vitamin B12 deficiency' (vitamin_b12) was reached:") == 2
    assert "(read 'hwo' as `how`)" in out
    assert "(read 'vitamin d' as vitamin_d" in out
    assert "No finding" not in out


def test_interview_result_prompt_says_what_can_be_typed(book):
    script = Script({"red_flags": "none", "symptoms": "tingling", "diet": "vegan"}, how=["more", "quit"])
    run_script(book, script)
    lines = script.output.splitlines()
    prompts = [i for i, line in enumerate(lines) if line.startswith("how> ")]
    assert len(prompts) == 2
    for i in prompts:  # the result's last lines, then a short form above each later prompt
        above = " ".join(lines[i - 3:i])
        assert "how N" in above and "why-not N" in above and "quit" in above, above


def test_interview_back_at_a_question_offering_back_is_the_choice(book):
    import sorewhy.cli.session as iv

    replies = iter(["back", "previous"])
    lines: list[str] = []
    session = iv.Interview(book, read=lambda prompt: next(replies), echo=lines.append)
    assert session.ask(book.by_id["locations"]) == ["back"]
    assert any("type `previous`" in line for line in lines)
    with pytest.raises(iv._Back):  # `previous` goes back at any question
        session.ask(book.by_id["locations"])
