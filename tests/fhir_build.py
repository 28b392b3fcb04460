"""Facts profiles written as FHIR R4 resources, for the tests of FHIR input:
the record's part (Patient, Observations, MedicationStatements, Conditions)
and the rest as a QuestionnaireResponse to sorewhy's Questionnaire."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sorewhy.engine.fhir.questionnaire import CODE_SYSTEM, NONE_CODE, QUESTIONNAIRE_URL
from sorewhy.engine.questions import load_questions
from sorewhy.engine.units import lab_by_key
from sorewhy.knowledge import fhir_codes

AS_OF = dt.date(2025, 6, 30)
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
LAB_CATEGORY = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                             "code": "laboratory"}]}]
ACTIVE = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]}
RECORD_KEYS = ("age", "sex", "medications", "conditions", "labs")


def birth_date(age: int, as_of: dt.date = AS_OF) -> str:
    """A birth date that makes `age` at `as_of` (born on 1 January)."""
    return dt.date(as_of.year - age, 1, 1).isoformat()


def loinc_for(analyte: str, unit: str) -> str:
    """A LOINC code sorewhy maps to `analyte`, the one reported in `unit` if any."""
    labs = [lab for lab in fhir_codes().labs if lab.analyte == analyte]
    same = [lab for lab in labs if lab.unit == unit]
    return (same or labs)[0].code


def condition_coding(condition: str) -> dict[str, str] | None:
    codes = fhir_codes()
    for item in codes.conditions:
        if item.condition == condition:
            return {"system": codes.systems[item.system], "code": item.code, "display": item.display}
    return None


def observation(oid: str, patient: str, code: str, value: float, unit: str, **extra: Any) -> dict[str, Any]:
    return {"resourceType": "Observation", "id": oid, "status": "final", "category": LAB_CATEGORY,
            "code": {"coding": [{"system": LOINC, "code": code}]}, "subject": {"reference": f"Patient/{patient}"},
            "effectiveDateTime": "2025-05-01", "valueQuantity": {"value": value, "unit": unit, "system": UCUM,
                                                                 "code": unit}, **extra}


def answers_item(question: Any, values: list[Any]) -> dict[str, Any]:
    answers = []
    for value in values:
        kind = question.kind
        if kind in ("list", "choice"):
            answers.append({"valueCoding": {"system": CODE_SYSTEM + question.key, "code": value}})
        elif kind == "yes_no":
            answers.append({"valueBoolean": value})
        elif kind == "integer":
            answers.append({"valueInteger": value})
        elif kind == "number":
            answers.append({"valueDecimal": value})
        else:
            answers.append({"valueString": value})
    return {"linkId": question.id, "answer": answers}


def response(patient: str, facts: dict[str, Any], rid: str = "qr") -> dict[str, Any] | None:
    """A QuestionnaireResponse holding `facts` (no record keys but labs given
    as numbers), or None when there is nothing to answer."""
    book = load_questions()
    items = []
    for key, value in facts.items():
        if key == "labs":  # blood results as numbers in each key's unit, after a yes to the gate question
            if book.lab_gate is not None and book.lab_gate.kind != "results":  # the form has no free-text question
                items.append(answers_item(book.lab_gate, [True]))
            items += [answers_item(book.for_key(f"labs.{name}")[0], [number]) for name, number in value.items()]
            continue
        questions = book.for_key(key)
        assert questions, key
        if value == []:  # known to be none: "none of these", or "none" typed
            first = questions[0]
            items.append(answers_item(first, ["none"]) if first.kind == "text_list" else
                         {"linkId": first.id, "answer": [{"valueCoding": {"system": CODE_SYSTEM + key,
                                                                          "code": NONE_CODE}}]})
        elif isinstance(value, list):
            rest = list(value)
            for question in questions:
                mine = [v for v in rest if v in dict(question.options())] if question.kind == "list" else rest
                if mine:
                    items.append(answers_item(question, mine))
                    rest = [v for v in rest if v not in mine]
            assert not rest, (key, rest)
        else:
            items.append(answers_item(questions[0], [value]))
    if not items:
        return None
    return {"resourceType": "QuestionnaireResponse", "id": rid, "status": "completed",
            "questionnaire": QUESTIONNAIRE_URL, "subject": {"reference": f"Patient/{patient}"}, "item": items}


_ids = itertools.count(1)


def resources_of(facts: dict[str, Any], pid: str, as_of: dt.date = AS_OF) -> list[dict[str, Any]]:
    """A profile as FHIR resources: the record's keys as the record's
    resources (labs in the unit of each key, medicines by their text,
    conditions by a mapped code), the rest as answers."""
    patient: dict[str, Any] = {"resourceType": "Patient", "id": pid}
    if "sex" in facts:
        patient["gender"] = facts["sex"]
    if "age" in facts:
        patient["birthDate"] = birth_date(facts["age"], as_of)
    out = [patient]
    for key, value in (facts.get("labs") or {}).items():
        lab = lab_by_key(key)
        out.append(observation(f"o{next(_ids)}", pid, loinc_for(lab.analyte, lab.unit), value, lab.unit))
    for name in facts.get("medications") or []:  # an empty list goes with the answers
        out.append({"resourceType": "MedicationStatement", "id": f"m{next(_ids)}", "status": "active",
                    "medicationCodeableConcept": {"text": name}, "subject": {"reference": f"Patient/{pid}"}})
    uncoded = []
    for condition in facts.get("conditions") or []:
        coding = condition_coding(condition)
        if coding is None:
            uncoded.append(condition)
            continue
        out.append({"resourceType": "Condition", "id": f"c{next(_ids)}", "clinicalStatus": ACTIVE,
                    "code": {"coding": [coding]}, "subject": {"reference": f"Patient/{pid}"}})
    rest = {k: v for k, v in facts.items() if (k not in RECORD_KEYS or v == []) and k != "id"}
    if uncoded:
        rest["conditions"] = uncoded
    qr = response(pid, rest, f"qr{next(_ids)}")
    if qr is not None:
        out.append(qr)
    return out


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": f"urn:uuid:{r['resourceType']}-{r.get('id', n)}", "resource": r}
                      for n, r in enumerate(resources)]}
