"""`sorewhy interview`: only the questions that matter, red flags first and
acted on at once, `why`, `?`, `back`, don't-know answers, bad answers re-asked,
the result with `how ID`, `--save` round trips, and leaving cleanly on end of
input or Ctrl-C. Also the question book: complete, validated when loaded, and
the parsing of typed answers.

Most tests pipe answers through click's CliRunner. Where the questions asked
depend on the rule base, the tests drive the `Interview` class with a reader
that answers by question id, so they hold however the rules rank the keys.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import sorewhy.cli.session as iv
from sorewhy import NOTICE
from sorewhy.cli.answers import UNKNOWN
from sorewhy.cli.main import cli
from sorewhy.cli.saving import save_profile
from sorewhy.engine.certainty import in_words
from sorewhy.engine.digest import RED_FLAGS, digest
from sorewhy.engine.introspect import shape_of
from sorewhy.engine.loaders import read_profiles
from sorewhy.engine.profile import FACT_KEYS, LAB_KEYS, LIST_KEYS, enum_values, validate_profile
from sorewhy.engine.questions import AnswerError, QuestionBook, load_questions, parse_book
from sorewhy.errors import KnowledgeError
from sorewhy.rules import all_rules

QUESTION = re.compile(r"^Q(\d+) \[([a-z0-9_.]+)\]", re.M)


@pytest.fixture(scope="module")
def book() -> QuestionBook:
    return load_questions()


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["interview", *args], input=input)


def asked(output: str) -> list[str]:
    """Question ids in the order they were put."""
    return [m.group(2) for m in QUESTION.finditer(output)]


def number_of(book: QuestionBook, qid: str, value: str) -> int:
    return [v for v, _ in book.by_id[qid].options()].index(value) + 1


def printed_findings(output: str) -> list[tuple[str, float]]:
    """(id, certainty) rows of the findings table the interview printed: the number, the
    finding's id (its handle for `how ID`), its label and its certainty in words and number."""
    table = output.split("Findings (most certain first):", 1)[1]
    return [(m.group(1), float(m.group(2)))
            for m in re.finditer(r"^\s+\d+\s+([a-z][a-z0-9_]*)\s+.*?\S+ certainty, (\d\.\d\d)\)", table, re.M)]


def printed_level(output: str) -> str:
    """The referral level the interview printed: it closes the referral line, ``(urgent)``."""
    return re.search(r"^Referral: .*\(([a-z_]+)\)\s*$", output, re.M).group(1)


class Script:
    """Answers by question id, so a test holds whatever order the rules ask in.

    `answers[qid]` is one reply or a list of successive replies (commands such
    as `why` first); any other question gets `default`. At the `how>` prompt
    the `how` replies are typed, then the input ends."""

    def __init__(self, answers: dict[str, str | list[str]], default: str = "",
                 how: Iterable[str] = ()) -> None:
        self.answers = {k: [v] if isinstance(v, str) else list(v) for k, v in answers.items()}
        self.default = default
        self.how = list(how)
        self.lines: list[str] = []
        self.asked: list[str] = []
        self._seen = 0

    def echo(self, text: str) -> None:
        self.lines.append(text)

    def read(self, prompt: str) -> str:
        if prompt.startswith("how"):
            if not self.how:
                raise EOFError
            self.lines.append(prompt + self.how[0])
            return self.how.pop(0)
        put = asked(self.output)
        qid = put[-1]
        if len(put) > self._seen:  # a question newly put (not the same one asked again)
            self._seen = len(put)
            self.asked.append(qid)
        queue = self.answers.get(qid)
        reply = queue.pop(0) if queue else self.default
        self.lines.append(prompt + reply)  # a transcript, as a terminal shows it
        return reply

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


def run_script(book: QuestionBook, script: Script) -> tuple[iv.Interview, str, dict[str, Any]]:
    session = iv.Interview(book, read=script.read, echo=script.echo)
    stopped = session.ask_all()
    report = session.evaluate()
    session.show_report(report, stopped)
    session.how_loop(report)
    return session, stopped, report


# --- the first question, red flags ----------------------------------------------------------


def test_interview_first_question_is_red_flags_mapped_to_symptoms(book):
    result = invoke(input="")
    assert result.exit_code == 0, result.output
    assert asked(result.stdout)[0] == "red_flags"
    q = book.by_id["red_flags"]
    assert q.key == "symptoms" and q.always
    for flag in ("chest_pain", "seizures", "confusion", "paralysis", "irregular_heartbeat",
                 "palpitations", "dark_urine", "calf_swelling"):
        assert flag in q.choices


def test_interview_red_flag_yes_says_seek_care_at_once_and_refers_urgently(tmp_path):
    saved = tmp_path / "chest.yaml"
    result = invoke("--save", str(saved), input="chest pain\ndone\nquit\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "SEEK MEDICAL CARE NOW" in out
    # Said at once: before any other question and before the summary; `done` skips the rest.
    assert asked(out)[0] == "red_flags" and len(asked(out)) == 2
    assert out.index("SEEK MEDICAL CARE NOW") < out.index("Q2 [") < out.index("Result")
    assert "Still open" not in out
    assert printed_level(out) == "urgent"
    assert NOTICE.split(";")[0] in " ".join(out.split())
    report = next(iter(_evaluate_file(saved)))
    assert report["referral"]["level"] == "urgent"


def test_interview_every_red_flag_alone_gives_urgent(book):
    for flag in book.by_id["red_flags"].choices:
        script = Script({"red_flags": flag, "one_sided": "yes"})
        session, stopped, report = run_script(book, script)
        assert report["referral"]["level"] == "urgent", flag
        assert stopped == "urgent", flag
        assert "SEEK MEDICAL CARE NOW" in script.output, flag


def test_interview_swollen_calf_asks_the_side_before_stopping(book):
    # A swollen calf is urgent while the side is unknown; the one question that
    # could lift it is asked at once, and "both sides" lets the interview go on.
    script = Script({"red_flags": "calf_swelling", "one_sided": "no", "symptoms": "soreness"}, default="done")
    _, stopped, report = run_script(book, script)
    out = script.output
    assert asked(out)[:2] == ["red_flags", "one_sided"]
    assert out.index("SEEK MEDICAL CARE NOW") < out.index("[one_sided]")
    assert "needs care at once; the questions go on" in out
    assert stopped == "done"
    assert report["referral"]["level"] != "urgent"


# --- why, ?, back, don't know, bad answers ---------------------------------------------------


def _why_block(output: str) -> str:
    """The first plain `why` answer (which names no key: `why rules` does)."""
    start = output.index("Why we ask this question")
    return output[start:output.index("\n> ", start)]


def test_interview_why_names_the_rules_that_test_the_key(book):
    result = invoke(input="none\nwhy\nwhy rules\n")
    plain = _why_block(result.stdout)
    assert "[symptoms]" not in plain
    assert len(plain.splitlines()) <= 8 and not re.search(r"[a-z0-9]\.[a-z]+-[a-z]", plain), plain
    block = result.stdout.split("Why we ask [symptoms]")[1].split("\n> ")[0]
    named = set(re.findall(r"[a-z0-9_]+\.[a-z0-9-]+", " ".join(block.split()).split("Rules that use it:")[1]
                           .split("Rules that test")[0].replace("- ", "-")))
    testing = {m.id for m in all_rules() if "symptoms" in shape_of(m).keys}
    assert named, block
    assert named <= testing
    # The red flags of one symptom belong to the red-flags question, not this one (#20: a red flag
    # that combines symptoms of this question, such as spasms with a low calcium, is fed by it too).
    red_choices = set(book.by_id["red_flags"].choices)
    red = {m.id for m in all_rules() if m.id.startswith("redflag.")
           and {t.key for t in shape_of(m).person_tests} == {"symptoms"}
           and all(t.passes(frozenset(red_choices)) for t in shape_of(m).person_tests)}
    assert red_choices and not named & red
    assert "could change" in block
    assert book.by_id["symptoms"].why in " ".join(block.split())


def test_interview_why_for_red_flags_says_referral_could_become_urgent():
    result = invoke(input="why\nwhy rules\n")
    block = _why_block(result.stdout)
    assert "it could become: seek care now" in " ".join(block.split())
    assert "redflag.chest-pain" in result.stdout.split("Why we ask [red_flags]")[1]


def test_interview_question_mark_lists_every_choice_with_its_meaning(book):
    result = invoke(input="?\n")
    out = " ".join(result.stdout.split())
    for value, meaning in book.by_id["red_flags"].options():
        assert f"{value} {' '.join(meaning.split())}" in out


def test_interview_back_returns_to_the_previous_question():
    result = invoke(input="none\nback\n1\ndone\nquit\n")
    out = result.stdout
    assert asked(out)[:3] == ["red_flags", "symptoms", "red_flags"]
    assert "Back to [red_flags] (you answered: none)" in out
    assert printed_level(out) == "urgent"  # the new answer, chest pain, counts


def test_interview_back_at_the_first_question_stays_there():
    result = invoke(input="back\n")
    assert "This is the first question." in result.stdout
    assert asked(result.stdout) == ["red_flags", "red_flags"]


def test_interview_blank_and_unknown_are_recorded_as_unknown_not_no(tmp_path, book):
    saved = tmp_path / "u.yaml"
    # red flags: don't know; symptoms: cramps; diet: `unknown`; then stop.
    script = Script({"red_flags": "", "symptoms": "cramps", "diet": "unknown"}, default="done")
    session, _, report = run_script(book, script)
    assert session.answers.given["red_flags"] is UNKNOWN
    profile = session.answers.profile()
    assert "diet" not in profile
    assert profile["symptoms"] == ["cramps"]
    # Through the command line: an unknown answer leaves the key out of the file.
    result = invoke("--save", str(saved), input="\nunknown\ndone\nquit\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Noted as unknown.") == 2
    data = yaml.safe_load(saved.read_text())
    assert data == {}


def test_interview_bad_answer_is_asked_again_with_a_one_line_hint():
    result = invoke(input="xyz\n99\nnone\n")
    out = result.stdout
    assert "'xyz' is not one of the choices" in out
    assert "99 is not a choice number: type 1 to 9" in out  # nine red flags since #20 (tense swelling)
    # Asked again (same question, no new number), then the interview moves on.
    assert asked(out) == ["red_flags", "symptoms"]
    assert out.count("\n> ") >= 4
    assert "Traceback" not in result.output


def test_interview_bad_number_is_asked_again_with_the_range(book):
    everything_unknown = {qid: "" for qid in book.by_id}
    script = Script({**everything_unknown, "red_flags": "none", "symptoms": "soreness",
                     "duration_days": ["-3", "two", "1.5", "2 weeks"]})
    session, _, _ = run_script(book, script)
    assert script.asked.count("duration_days") == 1
    assert re.search(r"expected .*\b0\b.*, got -3", script.output)
    assert "type a number, e.g. 10" in script.output
    assert "type a whole number, e.g. 10" in script.output
    assert session.answers.profile()["duration_days"] == 14


def test_interview_list_answers_take_numbers_and_names(tmp_path, book):
    saved = tmp_path / "n.json"
    cramps = number_of(book, "symptoms", "cramps")
    tingling = number_of(book, "symptoms", "tingling")
    result = invoke("--save", str(saved), input=f"none\n{cramps}, {tingling}, fatigue\ndone\nquit\n")
    assert result.exit_code == 0, result.output
    assert json.loads(saved.read_text())["symptoms"] == ["cramps", "tingling", "fatigue"]


def test_interview_done_shows_the_result_from_the_answers_so_far():
    result = invoke(input="none\ncramps, tingling, fatigue\ndone\nquit\n")
    out = result.stdout
    assert "Result from the answers so far:" in out
    assert printed_findings(out), out
    assert "Still open" in out
    assert out.rstrip().endswith("how> quit")


# --- asking only what matters -------------------------------------------------------------------


def test_interview_asks_about_water_only_for_someone_who_trains(book):
    everything_unknown = {qid: "" for qid in book.by_id}
    still = Script({**everything_unknown, "red_flags": "none", "symptoms": "cramps, wobbliness",
                    "exercise_load": "none"})
    session, _, _ = run_script(book, still)
    assert "exercise_water_l_per_hour" not in still.asked
    answers = session.answers.copy()
    answers.record(book.by_id["exercise_load"], "none")
    assert answers.moot(book.by_id["exercise_water_l_per_hour"]) and answers.moot(book.by_id["exercise_hours"])

    trains = Script({**everything_unknown, "red_flags": "none", "symptoms": "cramps, wobbliness",
                     "exercise_load": "intense", "exercise_hours": "4"})
    run_script(book, trains)
    assert "exercise_water_l_per_hour" in trains.asked


def test_interview_asks_each_question_once_and_stops_when_nothing_could_change(book):
    script = Script({"red_flags": "none", "symptoms": "tingling", "diet": "vegan"})
    session, stopped, report = run_script(book, script)
    assert stopped == "finished"
    assert len(script.asked) == len(set(script.asked))
    # Nothing left unasked could change the referral or the leading findings.
    assert session.lookahead.open_questions(session.answers) == []
    assert report["findings"][0]["id"] == "vitamin_b12"


def test_interview_asks_about_one_blood_result_only_after_results_were_given(book):
    no_labs = Script({"red_flags": "none", "symptoms": "cramps", "labs": "none"})
    run_script(book, no_labs)
    assert "labs" in no_labs.asked
    assert not [q for q in no_labs.asked if q.startswith("labs.")]
    assert "Noted: no blood results." in no_labs.output

    labs = Script({"red_flags": "none", "symptoms": "cramps", "labs": ["why", "why rules", "yes", "magnesium 1.2"]})
    session, _, report = run_script(book, labs)
    assert "which ones? type each result's name and number" in labs.output  # `yes` is not a result
    assert "Read: magnesium 1.2 mg/dL: low (reference range 1.7-2.2 mg/dL); if your result is in" in labs.output
    assert session.answers.profile()["labs"] == {"magnesium_mg_dl": 1.2}
    assert "magnesium.lab-low" in report["fired"]
    lab_rules = {m.id for m in all_rules() if shape_of(m).labs}
    gate_why = re.findall(r"[a-z0-9_]+\.[a-z0-9-]+[a-z]", " ".join(
        labs.output.split("Why we ask [labs]")[1].split("\n> ")[0].split()).split("Rules that use it:")[1])
    assert gate_why and set(gate_why) <= lab_rules


def test_interview_results_question_takes_several_results_and_the_unit_when_ambiguous(book):
    script = Script({"red_flags": "none", "symptoms": "cramps, aches", "labs": [
        "potasium 3.1", "potassium 3,1, vitamin D 30, ferritin 22", "mg", "nmol/L"]})
    session, _, report = run_script(book, script)
    out = script.output
    assert "'potasium' (did you mean potassium?) is not a blood result" in out
    assert "Read: potassium 3,1 read as 3.1 mmol/L: low (reference range 3.7-5.2 mmol/L)." in out
    assert "vitamin D 30: which unit is it in? in ng/mL it is normal; in nmol/L (12.0 ng/mL) it is low." in out
    assert "'mg' is not a unit of vitamin D" in out
    assert "Read: vitamin D 30 nmol/L (12.0 ng/mL): low" in out
    assert session.answers.profile()["labs"] == {"potassium_mmol_l": 3.1, "vitamin_d_25oh": "30 nmol/L",
                                                 "ferritin_ng_ml": 22.0}
    assert {"potassium.lab-low", "vitamin_d.lab-low"} <= set(report["fired"])
    # one question, whatever it filled: the next question's number follows on
    numbers = [int(n) for n in re.findall(r"^Q(\d+) ", out, re.M)]
    assert numbers == list(range(1, len(numbers) + 1))


def test_interview_a_named_result_typed_at_another_lab_question_is_taken(book):
    session = iv.Interview(book, read=lambda _: "", echo=lambda _: None)
    session.answers.record(book.by_id["red_flags"], [])
    session.answers.record(book.lab_gate, True)
    lines: list[str] = []
    session.echo = lines.append
    sodium = book.by_id["labs.sodium_mmol_l"]
    value = session.record_results(sodium, session.parse_answer(sodium, "potassium 3.1"))
    assert value is UNKNOWN
    assert session.answers.profile()["labs"] == {"potassium_mmol_l": 3.1}
    assert lines[0].strip() == "Read: potassium 3.1 mmol/L: low (reference range 3.7-5.2 mmol/L)."
    assert "sodium: not given, noted as unknown." in lines[1]
    # back undoes the whole answer
    assert session.go_back(None) and session.pending.id == "labs.sodium_mmol_l"
    assert "labs" not in session.answers.profile()


def test_interview_back_from_an_urgent_follow_up_drops_it(book):
    script = Script({"red_flags": ["calf_swelling", "none"], "one_sided": "back", "symptoms": "cramps"},
                    default="done")
    _, stopped, report = run_script(book, script)
    assert script.asked[:3] == ["red_flags", "one_sided", "red_flags"]
    assert script.asked[3] == "symptoms"  # the follow-up is not asked again
    assert stopped == "done" and report["referral"]["level"] != "urgent"


# --- the result and `how` -----------------------------------------------------------------------


def test_interview_result_has_table_referral_advice_and_notice(book):
    script = Script({"red_flags": "none", "symptoms": "tingling", "diet": "vegan"})
    _, _, report = run_script(book, script)
    out = script.output
    rows = printed_findings(out)
    assert rows == [(f["id"], f["certainty"]) for f in digest(report).leading]
    top = report["findings"][0]
    assert re.search(rf"{re.escape(top['label'])} \((strong|moderate|weak|slight) certainty, {top['certainty']:.2f}\)",
                     out)
    assert printed_level(out) == report["referral"]["level"]
    assert " ".join(report["referral"]["advice"].split()) in " ".join(out.split())
    assert "What you can do:" in out
    assert " ".join(NOTICE.split()) in " ".join(out.split())


def test_interview_how_explains_a_finding_step_by_step(book):
    script = Script({"red_flags": "none", "symptoms": "tingling", "diet": "vegan"},
                    how=["how vitamin_b12", "how 1", "how nothing", "how referral"])
    _, _, report = run_script(book, script)
    out = script.output
    explained = out.split("How 'Vitamin B12 deficiency' (vitamin_b12) was reached:", 1)[1]
    first = explained.split("How ", 1)[0]
    for item in report["findings"][0]["evidence"]:
        assert item["rule"] in first
        for source in item["sources"]:
            if "doc" in source:
                assert source["doc"] in first
    assert "because symptoms = tingling" in first
    assert "certainty now" in first
    certainty = report["findings"][0]["certainty"]
    assert f"Final certainty: {in_words(certainty)} ({certainty:.2f})" in " ".join(first.split())
    assert out.count("(vitamin_b12) was reached:") == 2  # by id and by rank
    assert "No finding 'nothing' in this result" in out
    assert f"How the referral '{report['referral']['level']}' was reached:" in out


# --- saving ---------------------------------------------------------------------------------------


def _evaluate_file(path: Path) -> list[dict[str, Any]]:
    from sorewhy.engine.api import Evaluator

    ev = Evaluator()
    return [ev.evaluate_entry(entry) for entry in read_profiles(str(path))]


@pytest.mark.parametrize("name", ["me.yaml", "me.yml", "me.json"])
def test_interview_save_round_trip_gives_the_same_report(tmp_path, name):
    saved = tmp_path / name
    answers = "none\ntingling, fatigue, cramps\ndone\nquit\n"
    result = invoke("--save", str(saved), input=answers)
    assert result.exit_code == 0, result.output
    assert f"Answers saved to {saved}" in result.stdout
    validate_profile(yaml.safe_load(saved.read_text()), str(saved), "saved")
    report = _evaluate_file(saved)[0]
    assert [(f["id"], f["certainty"]) for f in digest(report).leading] == printed_findings(result.stdout)
    assert report["referral"]["level"] == printed_level(result.stdout)
    # And through `sorewhy evaluate`, as a user would.
    evaluated = CliRunner().invoke(cli, ["evaluate", str(saved), "--format", "json"])
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(evaluated.stdout)[0]["findings"] == report["findings"]
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file was left behind"


def test_interview_save_full_scenario_round_trip(tmp_path, book):
    saved = tmp_path / "full.yaml"
    script = Script({"red_flags": "none", "symptoms": "cramps, twitching", "timing": "night",
                     "diet": "vegetarian", "low_intake": "leafy greens, nuts_seeds",
                     "medications": "hydrochlorothiazide", "exercise_load": "intense",
                     "exercise_hours": "90 min", "heavy_sweating": "yes", "duration_days": "3 weeks"})
    session, _, report = run_script(book, script)
    save_profile(str(saved), session.answers.profile())
    data = yaml.safe_load(saved.read_text())
    assert data.get("medications") == ["hydrochlorothiazide"]
    again = _evaluate_file(saved)[0]
    assert again["findings"] == report["findings"]
    assert again["referral"] == report["referral"]


def test_interview_save_rejects_an_unknown_extension_before_asking():
    result = invoke("--save", "answers.txt", input="none\n")
    assert result.exit_code == 2
    assert "expected .json, .yaml or .yml" in result.output
    assert "Q1" not in result.stdout


def test_interview_save_rejects_a_missing_directory(tmp_path):
    result = invoke("--save", str(tmp_path / "nope" / "a.yaml"), input="")
    assert result.exit_code == 2
    assert "does not exist" in result.output


# --- leaving -------------------------------------------------------------------------------------


def test_interview_end_of_input_mid_interview_leaves_cleanly_and_saves(tmp_path):
    saved = tmp_path / "partial.yaml"
    result = invoke("--save", str(saved), input="none\ncramps, tingling\n")
    assert result.exit_code == 0
    assert "End of input: leaving the interview." in result.stdout
    assert "Traceback" not in result.output
    assert yaml.safe_load(saved.read_text()) == {"symptoms": ["cramps", "tingling"]}


def test_interview_end_of_input_at_once_saves_nothing(tmp_path):
    saved = tmp_path / "nothing.yaml"
    result = invoke("--save", str(saved), input="")
    assert result.exit_code == 0
    assert not saved.exists()
    assert "nothing saved" in result.output


def test_interview_quit_at_a_question_leaves_without_a_result():
    result = invoke(input="none\nquit\n")
    assert result.exit_code == 0
    assert "Leaving the interview." in result.stdout
    assert "Result" not in result.stdout


def test_interview_ctrl_c_leaves_cleanly_and_saves_what_was_answered(tmp_path, monkeypatch):
    saved = tmp_path / "int.json"
    replies = iter(["none", "cramps"])

    def read(prompt: str) -> str:
        try:
            return next(replies)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(iv, "read_line", read)
    result = invoke("--save", str(saved))
    assert result.exit_code == 130
    assert "Interrupted: leaving the interview." in result.stdout
    assert "Traceback" not in result.output
    assert json.loads(saved.read_text()) == {"symptoms": ["cramps"]}


def test_interview_ctrl_c_at_the_end_keeps_the_saved_file(tmp_path, monkeypatch):
    saved = tmp_path / "end.yaml"
    replies = iter(["chest_pain", "done"])

    def read(prompt: str) -> str:
        if prompt.startswith("how"):
            raise KeyboardInterrupt
        return next(replies)

    monkeypatch.setattr(iv, "read_line", read)
    result = invoke("--save", str(saved))
    assert result.exit_code == 130
    assert yaml.safe_load(saved.read_text()) == {"symptoms": ["chest_pain"]}


# --- the question book ----------------------------------------------------------------------------


def test_questions_cover_every_key_and_value_of_the_vocabulary(book):
    assert book.missing() == []
    keys = {q.key for q in book.questions}
    assert set(FACT_KEYS) <= keys
    assert {f"labs.{k}" for k in LAB_KEYS} <= keys


def test_questions_kind_follows_the_facts_model(book):
    for q in book.questions:
        if q.key in LIST_KEYS:
            assert q.kind in ("list", "text_list"), q.id
        elif q.key in FACT_KEYS and enum_values(q.key):
            assert q.kind == "choice", q.id
    assert book.by_id["darker_skin"].kind == "yes_no"
    assert book.by_id["age"].kind == "integer"
    assert book.by_id["labs.ferritin_ng_ml"].kind == "number"


def _data(**question: Any) -> dict[str, Any]:
    base = {"id": "q", "key": "diet", "text": "Diet?", "choices": {"vegan": "no animal food"}}
    base.update(question)
    return {"intro": "hi", "questions": [base]}


@pytest.mark.parametrize("question, message", [
    ({"key": "favourite_colour"}, "not a key of the facts vocabulary"),
    ({"choices": {"carnivore": "meat only"}}, "are not values of 'diet'"),
    ({"choices": {}}, "takes choices"),
    ({"key": "age", "choices": {"old": "old"}}, "takes a integer, not choices"),
    ({"key": "labs.cholesterol", "choices": {}}, "is not a lab key"),
    ({"units": {"kg": 1}}, "only number questions take units"),
    ({"skip_if": {"exercise_load": ["sometimes"]}}, "skip_if"),
    ({"shout": True}, "Extra inputs are not permitted"),
])
def test_questions_invalid_data_is_refused_when_loaded(question, message):
    with pytest.raises(KnowledgeError) as exc:
        parse_book(_data(**question))
    assert message in str(exc.value)
    assert "questions.yaml" in str(exc.value)


def test_questions_only_a_list_key_may_be_split():
    data = _data()
    data["questions"].append({"id": "q2", "key": "diet", "text": "Again?", "choices": {"vegan": "x"}})
    with pytest.raises(KnowledgeError, match="only a list key may be split"):
        parse_book(data)


def test_questions_a_key_without_a_question_gets_a_plain_one():
    small = parse_book(_data())
    (q,) = small.for_key("sun_exposure")
    assert q.kind == "choice" and set(q.choices) == set(enum_values("sun_exposure"))
    assert q.parse("2") == enum_values("sun_exposure")[1]


@pytest.mark.parametrize("qid, typed, value", [
    ("red_flags", "1, 3", ["chest_pain", "confusion"]),
    ("red_flags", "Chest pain", ["chest_pain"]),
    ("red_flags", "none", []),
    ("red_flags", "no", []),
    ("symptoms", "tingl; fatig", ["tingling", "fatigue"]),
    ("symptoms", "cramps cramps 2", ["cramps"]),
    ("diet", "4", "vegan"),
    ("diet", "VEGAN", "vegan"),
    ("darker_skin", "y", True),
    ("darker_skin", "No", False),
    ("duration_days", "3 weeks", 21),
    ("duration_days", "10", 10),
    ("exercise_hours", "90 minutes", 1.5),
    ("exercise_hours", "1,5", 1.5),
    ("exercise_water_l_per_hour", "750 ml", 0.75),
    ("medications", "Hydrochlorothiazide,  omeprazole", ["Hydrochlorothiazide", "omeprazole"]),
    ("medications", "none", []),
    ("labs.vitamin_b12_pg_ml", "180", 180.0),
])
def test_questions_parse_typed_answers(book, qid, typed, value):
    assert book.by_id[qid].parse(typed) == value


@pytest.mark.parametrize("qid, typed, hint", [
    ("diet", "carnivore", "is not one of the choices"),
    ("diet", "9", "type 1 to 4"),
    ("darker_skin", "maybe", "answer yes or no"),
    ("age", "200", "120, got 200"),
    ("age", "4.5", "whole number"),
    ("exercise_hours", "30", "24, got 30"),
    ("exercise_hours", "2 fortnights", "type just the number"),
    ("labs.sodium_mmol_l", "-3", "-3 is not possible in mmol/L"),
    ("symptoms", "cramps, hiccups", "'hiccups' is not one of the choices"),
])
def test_questions_refuse_bad_answers_with_a_hint(book, qid, typed, hint):
    with pytest.raises(AnswerError) as exc:
        book.by_id[qid].parse(typed)
    assert hint in str(exc.value)
    assert "\n" not in str(exc.value)


def test_questions_split_list_key_is_merged_and_partial_lists_wait(book):
    answers = iv.Answers(book)
    answers.record(book.by_id["red_flags"], [])
    # "No red flags" alone is not "no symptoms": the key stays unknown.
    assert "symptoms" not in answers.profile()
    answers.record(book.by_id["symptoms"], ["cramps"])
    assert answers.profile()["symptoms"] == ["cramps"]
    answers.record(book.by_id["symptoms"], [])
    assert answers.profile()["symptoms"] == []
    answers.record(book.by_id["red_flags"], ["dark_urine"])
    assert answers.profile()["symptoms"] == ["dark_urine"]
    # While asking, a key with unasked parts is left out so its rest still counts.
    partial = iv.Answers(book)
    partial.record(book.by_id["red_flags"], ["calf_swelling"])
    assert partial.profile()["symptoms"] == ["calf_swelling"]
    assert "symptoms" not in partial.profile(asking=True)


def test_interview_asks_blood_results_when_only_a_lab_could_tell(book):
    """Restless legs alone: ferritin is the telling fact, so the gate and the
    ferritin question are asked although no finding is present yet."""
    script = Script({"red_flags": "none", "symptoms": "restless legs", "labs": "ferritin 22 ug/L"})
    session, _, report = run_script(book, script)
    assert "labs" in script.asked
    assert session.answers.profile()["labs"] == {"ferritin": "22 µg/L"}
    iron = next(f for f in report["findings"] if f["id"] == "iron")
    assert "iron.ferritin-borderline" in {e["rule"] for e in iron["evidence"]}
    assert report["labs_read"][0]["given"] == "22 µg/L"


def test_interview_lab_answer_in_another_unit_is_saved_as_typed(book):
    script = Script({"red_flags": "none", "symptoms": "bone pain", "labs": ["vitamin D 75 mg", "vitamin D 75 nmol/L"]})
    session, _, report = run_script(book, script)
    assert "is not a unit of vitamin D" in script.output
    assert session.answers.profile()["labs"]["vitamin_d_25oh"] == "75 nmol/L"
    assert "vitamin_d.lab-normal" in report["fired"]
    saved = validate_profile(session.answers.profile(), "answers", "p")
    assert saved.labs.readings()[0].canonical == pytest.approx(30.0, abs=0.05)


def test_interview_lab_question_names_its_unit_and_offers_the_others(book):
    hint = book.by_id["labs.vitamin_d_25oh_ng_ml"].hint()
    assert "in ng/mL" in hint and "nmol/L" in hint and "µg/L" in hint
    assert book.for_key("labs.vitamin_d_25oh") == book.for_key("labs.vitamin_d_25oh_ng_ml")


# --- red flags not answered, calf swelling first, what answers imply ---------------------------------


def test_interview_one_side_hurting_asks_calf_swelling_first(book):
    script = Script({"red_flags": "", "symptoms": "soreness", "one_sided": "yes", "calf_swelling": "calf_swelling"},
                    default="done")
    everything = {q.id: "" for q in book.questions}
    script.answers = {**{k: [v] for k, v in everything.items()}, **script.answers}
    session = iv.Interview(book, read=script.read, echo=script.echo)
    session.answers.record(book.by_id["red_flags"], UNKNOWN)
    session.answers.record(book.by_id["symptoms"], ["soreness"])
    session.answers.record(book.by_id["one_sided"], True)
    assert session.next_question().id == "calf_swelling"


def test_interview_red_flags_not_answered_are_asked_again_and_named_in_the_result(book):
    script = Script({"red_flags": ["", ""], "symptoms": "cramps"}, default="done")
    session, _, report = run_script(book, script)
    assert script.asked[:3] == ["red_flags", "symptoms", "red_flags"]
    out = " ".join(script.output.split())
    assert "Not asked / not known: chest pain, seizures, confusion" in out
    assert session.not_ruled_out() == [rid for rid, _ in RED_FLAGS]
    assert session.not_known()[0] == "pain, pressure or tightness in the chest"  # the saved file's words


def test_interview_vegan_diet_counts_the_food_groups_and_asks_only_the_rest(book):
    everything = {q.id: "" for q in book.questions}
    script = Script({**everything, "red_flags": "none", "symptoms": "cramps, fatigue", "diet": "vegan",
                     "low_intake": "?"}, default="")
    session = iv.Interview(book, read=script.read, echo=script.echo)
    session.answers.record(book.by_id["red_flags"], [])
    session.answers.record(book.by_id["diet"], "vegan")
    put = session.answers.narrowed(book.by_id["low_intake"])
    assert "meat" not in put.choices and "leafy_greens" in put.choices
    session.answers.record(put, [*session.answers.implied(put), "leafy_greens"])
    assert set(session.answers.profile()["low_intake"]) == {"meat", "fatty_fish", "eggs", "dairy", "leafy_greens"}


def test_interview_result_commands_more_why_not_and_back(book):
    script = Script({"red_flags": "none", "symptoms": "tingling, fatigue"}, default="done",
                    how=["more", "why-not iron", "back"])
    session, stopped, report = run_script(book, script)
    out = script.output
    assert "Every finding (most certain first):" in out
    assert "iron is not in the result" in out or "Iron deficiency" in out


def test_interview_internal_error_still_saves_the_answers(tmp_path, monkeypatch):
    saved = tmp_path / "crash.json"

    def boom(self, q, text):
        if q.id not in ("red_flags", "symptoms"):
            raise RuntimeError("boom")
        return q.parse(text)

    monkeypatch.setattr(iv.Interview, "parse_answer", boom)
    result = invoke("--save", str(saved), input="none\ncramps\n5\n")
    assert result.exit_code == 3
    assert "internal error" in result.output and "Traceback" not in result.output
    assert json.loads(saved.read_text()) == {"symptoms": ["cramps"]}


def test_interview_saved_yaml_names_red_flags_not_answered(tmp_path):
    saved = tmp_path / "rf.yaml"
    result = invoke("--save", str(saved), input="\ncramps\n\ndone\nquit\n")
    assert result.exit_code == 0, result.output
    text = saved.read_text()
    assert "Not asked / not known (NOT ruled out):" in text and "chest" in text
    # A saved symptoms list counts as complete (it would rule out every red
    # flag it leaves out), so the symptoms said are kept in the note (#26).
    assert yaml.safe_load(text) == {}
    assert "Said but not saved as `symptoms`" in text and "cramps" in text


def test_interview_saved_file_keeps_red_flags_not_asked_for_evaluate(tmp_path):
    # Red flags "don't know", then symptoms named, then save: evaluating the
    # saved file still says the red flags were not asked (#26).
    for name in ("rf.yaml", "rf.json"):
        saved = tmp_path / name
        assert invoke("--save", str(saved), input="\ncramps\n\ndone\nquit\n").exit_code == 0
        result = CliRunner().invoke(cli, ["evaluate", str(saved)])
        assert "Not asked / not known" in result.stdout, (name, result.stdout)


def test_interview_saved_list_naming_a_red_flag_is_kept(tmp_path):
    saved = tmp_path / "rf.yaml"
    invoke("--save", str(saved), input="\n\ndone\nquit\n")
    assert yaml.safe_load(saved.read_text()) in ({}, None)
    saved2 = tmp_path / "rf2.yaml"
    invoke("--save", str(saved2), input="chest_pain\ndone\nquit\n")
    assert "chest_pain" in yaml.safe_load(saved2.read_text())["symptoms"]


def test_interview_done_at_first_question_saves_the_not_asked_note(tmp_path):
    saved = tmp_path / "first.yaml"
    result = invoke("--save", str(saved), input="done\n")
    assert result.exit_code == 0, result.output
    text = saved.read_text()
    assert "Not asked / not known (NOT ruled out):" in text and "chest" in text
