"""`sorewhy questionnaire` (#24): the interview's questions as a FHIR R4
Questionnaire, and its QuestionnaireResponse read back by `sorewhy evaluate`."""

from __future__ import annotations

import json

from click.testing import CliRunner
from extras import need

need("fhir.resources.R4B", "fhir")

from fhir.resources.R4B.questionnaire import Questionnaire  # noqa: E402
from fhir_build import response  # noqa: E402

from sorewhy.cli.main import cli  # noqa: E402
from sorewhy.engine.fhir.questionnaire import CODE_SYSTEM, QUESTIONNAIRE_URL  # noqa: E402
from sorewhy.engine.questions import load_questions  # noqa: E402


def _questionnaire() -> dict:
    result = CliRunner().invoke(cli, ["questionnaire"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_questionnaire_is_a_valid_fhir_r4_questionnaire_of_every_question():
    data = _questionnaire()
    Questionnaire.model_validate(data)
    assert data["url"] == QUESTIONNAIRE_URL
    book = load_questions()
    items = {item["linkId"]: item for item in data["item"]}
    # Every question but the interview's free-text results question: a form asks
    # for each blood result as a number in its unit.
    asked = [q for q in book.questions if q.kind != "results"]
    assert [q.id for q in book.questions if q.kind == "results"] == ["labs"]
    assert list(items) == [q.id for q in asked]
    for question in asked:
        item = items[question.id]
        if question.kind in ("list", "choice"):
            codes = [o["valueCoding"]["code"] for o in item["answerOption"]]
            assert [v for v, _ in question.options()] == codes[: len(question.options())]
            assert {o["valueCoding"]["system"] for o in item["answerOption"]} == {CODE_SYSTEM + question.key}
        if question.is_lab:
            assert item["type"] == "decimal" and "enableWhen" not in item  # each result optional, no gate


def test_questionnaire_response_alone_is_one_person(tmp_path):
    facts = {"symptoms": ["cramps", "chest_pain"], "age": 40, "diet": "vegan", "medications": ["omeprazole"],
             "labs": {"magnesium_mg_dl": 1.4}}
    qr = response("nobody", facts, "answers-1")
    del qr["subject"]
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(qr), encoding="utf-8")
    facts_path = tmp_path / "facts.json"
    facts_path.write_text(json.dumps({"id": "answers-1", **facts}), encoding="utf-8")
    got = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"])
    want = CliRunner().invoke(cli, ["evaluate", str(facts_path), "--format", "json"])
    assert got.exit_code == want.exit_code == 0, got.output
    got_report, want_report = json.loads(got.stdout)[0], json.loads(want.stdout)[0]
    assert got_report["not_read"] == []
    for key in ("source", "not_read"):
        got_report.pop(key, None)
        want_report.pop(key, None)
    assert got_report == want_report
    assert got_report["referral"]["level"] == "urgent"


def test_questionnaire_response_bad_answers_are_named_and_the_rest_read(tmp_path):
    qr = response("p", {"symptoms": ["cramps"], "age": 40}, "answers-2")
    del qr["subject"]
    n = len(qr["item"])
    qr["item"] += [
        {"linkId": "favourite_colour", "answer": [{"valueString": "blue"}]},
        {"linkId": "diet", "answer": [{"valueCoding": {"system": CODE_SYSTEM + "diet", "code": "carnivore"}}]},
        {"linkId": "sex", "answer": [{"valueInteger": 3}]},
        {"linkId": "duration_days", "answer": [{"valueInteger": -4}]},
    ]
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(qr), encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    assert report["reported"]["symptoms"] == ["cramps"] and report["reported"]["age"] == 40
    named = [(n["element"], n["reason"].split(":")[0]) for n in report["not_read"]]
    assert [e for e, _ in named] == [f"item[{n}].linkId", f"item[{n + 1}].answer[0]", f"item[{n + 2}].answer[0]",
                                     f"item[{n + 3}].answer[0]"]
    assert len([ln for ln in result.stderr.splitlines() if "not read" in ln]) == 4
