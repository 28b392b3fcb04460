"""sorewhy's FHIR R4 ``Questionnaire`` (the interview's questions,
knowledge/questions.yaml) and the facts a ``QuestionnaireResponse`` to it gives.

Each question is one item whose ``linkId`` is the question's id; choices are
codings in the system ``urn:sorewhy:facts:<key>`` whose code is the facts
vocabulary's value. A list key asked by several questions (the red flags, then
the other symptoms) merges its answers, as the interview does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sorewhy import __version__

QUESTIONNAIRE_URL = "urn:sorewhy:questionnaire:interview"
"""The canonical identifier of sorewhy's Questionnaire; a
QuestionnaireResponse names it in ``questionnaire`` (optionally ``|version``)."""
CODE_SYSTEM = "urn:sorewhy:facts:"
NONE_CODE = "none-of-these"
"""The choice of a several-choice question that says "none of these" (an
empty list: known to be none, which is not the same as unanswered)."""


def _item(question: Any, gate: str | None) -> dict[str, Any]:
    kind = question.kind
    item: dict[str, Any] = {"linkId": question.id, "text": question.text}
    if kind in ("list", "choice"):
        item["type"] = "choice"
        item["repeats"] = kind == "list"
        item["answerOption"] = [{"valueCoding": {"system": CODE_SYSTEM + question.key, "code": value,
                                                 "display": meaning}}
                                for value, meaning in question.options()]
        if kind == "list":
            item["answerOption"].append({"valueCoding": {"system": CODE_SYSTEM + question.key, "code": NONE_CODE,
                                                         "display": "none of these"}})
    elif kind == "yes_no":
        item["type"] = "boolean"
    elif kind == "integer":
        item["type"] = "integer"
    elif kind == "number":
        item["type"] = "decimal"
    elif kind == "text_list":
        item["type"] = "string"
        item["repeats"] = True
    else:
        item["type"] = "string"
    if question.is_lab and gate is not None:
        # Asked only after a yes to "do you have blood results at hand?", as the interview does.
        item["enableWhen"] = [{"question": gate, "operator": "=", "answerBoolean": True}]
    return item


def questionnaire() -> dict[str, Any]:
    """The Questionnaire as JSON (validated with fhir.resources when the
    extra is installed: :func:`validated_questionnaire`)."""
    from sorewhy.engine.questions import load_questions

    book = load_questions()
    # The interview's free-text results question ("potassium 3.1, vitamin D 30
    # nmol/L") is for a person typing; a form asks for each result as a number
    # in its unit instead, each optional, so it is left out here.
    asked = [q for q in book.questions if q.kind != "results"]
    gate = book.lab_gate.id if book.lab_gate is not None and book.lab_gate.kind != "results" else None
    return {
        "resourceType": "Questionnaire",
        "id": "sorewhy-interview",
        "url": QUESTIONNAIRE_URL,
        "version": __version__,
        "name": "SorewhyInterview",
        "title": "Why are my muscles sore? (sorewhy interview)",
        "status": "active",
        "subjectType": ["Patient"],
        "description": " ".join(book.intro.split()) if getattr(book, "intro", None) else
        "The questions of the sorewhy interview.",
        "item": [_item(q, gate) for q in asked],
    }


def validated_questionnaire() -> dict[str, Any]:
    """:func:`questionnaire`, checked by fhir.resources' R4B model."""
    from fhir.resources.R4B.questionnaire import Questionnaire

    data = questionnaire()
    Questionnaire.model_validate(data)
    return data


def answers_facts(response: Any, label: str) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The facts a validated QuestionnaireResponse model gives, and what of
    it could not be read (``{resource, element, reason}``)."""
    from sorewhy.engine.questions import GATE_KEY, AnswerError, lab_entry, load_questions, merge_lists

    book = load_questions()
    by_id = book.by_id
    facts: dict[str, Any] = {}
    labs: dict[str, Any] = {}
    lists: dict[str, list[list[str]]] = {}
    problems: list[dict[str, str]] = []

    def problem(element: str, reason: str) -> None:
        problems.append({"resource": label, "element": element, "reason": reason})

    def walk(items: list[Any] | None, path: str) -> None:
        for n, item in enumerate(items or []):
            where = f"{path}item[{n}]"
            link = item.linkId
            question = by_id.get(link)
            if question is None:
                if item.answer:
                    problem(f"{where}.linkId", f"'{link}' is not a question of sorewhy's Questionnaire")
                walk(item.item, where + ".")
                continue
            values = []
            for k, answer in enumerate(item.answer or []):
                try:
                    values.append(_value(question, answer))
                except (AnswerError, ValueError) as exc:
                    problem(f"{where}.answer[{k}]", f"{link}: {exc}")
                walk(answer.item, f"{where}.answer[{k}].")
            walk(item.item, where + ".")
            if not values or question.key == GATE_KEY:
                continue
            key = question.key
            if question.is_lab:
                name, value = lab_entry(key, values[-1])
                labs[name] = value
            elif question.kind in ("list", "text_list"):
                lists.setdefault(key, []).append(merge_lists(v if isinstance(v, list) else [v] for v in values))
            elif len(values) > 1:
                problem(f"{where}.answer", f"{link}: one answer expected, {len(values)} given")
            else:
                facts[key] = values[0]

    walk(response.item, "")
    for key, parts in lists.items():
        facts[key] = merge_lists(parts)
    if labs:
        facts["labs"] = labs
    return facts, problems


def _value(question: Any, answer: Any) -> Any:
    """One answer's value for `question`, validated as a facts file's would be."""
    from sorewhy.engine.questions import AnswerError

    kind = question.kind
    if answer.valueCoding is not None:
        code = answer.valueCoding.code
        system = answer.valueCoding.system
        if system not in (None, CODE_SYSTEM + question.key):
            raise AnswerError(f"a coding of {system}, expected {CODE_SYSTEM + question.key}")
        if kind == "list" and code == NONE_CODE:
            return []
        if kind not in ("list", "choice") or code not in dict(question.options()):
            raise AnswerError(f"{code!r} is not one of its choices")
        value: Any = [code] if kind == "list" else code
    elif answer.valueBoolean is not None:
        if kind != "yes_no":
            raise AnswerError("a yes/no answer to a question that is not yes/no")
        value = bool(answer.valueBoolean)
    elif answer.valueInteger is not None or answer.valueDecimal is not None:
        number = answer.valueInteger if answer.valueInteger is not None else answer.valueDecimal
        if kind not in ("integer", "number"):
            raise AnswerError("a number answer to a question that does not take a number")
        if isinstance(number, Decimal):
            number = int(number) if kind == "integer" and number == number.to_integral_value() else float(number)
        value = number
    elif answer.valueString is not None:
        return question.parse(answer.valueString)
    else:
        raise AnswerError("an answer of a type this question does not take")
    question.check(value)
    return value


__all__ = ["CODE_SYSTEM", "NONE_CODE", "QUESTIONNAIRE_URL", "answers_facts", "questionnaire", "validated_questionnaire"]
