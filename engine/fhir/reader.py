"""FHIR R4 resources -> one facts profile per ``Patient``.

Every resource is validated with fhir.resources' R4B model of its type; what
cannot be read (a resource that breaks its model, an unknown resource type, a
code sorewhy does not map, a unit it does not know) is listed, one line naming
the resource and the element, and the other resources are still read. A
problem with a resource that belongs to a patient goes in that patient's
report under ``not_read``; a problem with a resource that belongs to no
patient is a warning of the file.

What each resource gives (contract §1 "FHIR R4 input"):

- ``Patient``: ``birthDate`` -> ``age`` at the evaluation date (``as_of``),
  ``gender`` -> ``sex``;
- ``Observation`` (status final, amended or corrected; laboratory): by LOINC
  code -> ``labs.<analyte>`` with the ``valueQuantity`` and its UCUM unit,
  converted as a facts file's unit-free lab keys are; the latest result per
  analyte (by effective time, then issue time; an amended result issued later
  replaces the one it amends);
- ``MedicationStatement`` / ``MedicationRequest`` (active): by RxNorm or dm+d
  code where mapped, else by the text (``medicationCodeableConcept.text``, a
  coding's display, or a referenced ``Medication``) -> ``medications``;
- ``Condition`` (clinically active, not refuted): by SNOMED CT or ICD-10 code
  -> ``conditions``;
- ``QuestionnaireResponse`` to sorewhy's Questionnaire -> the other keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sorewhy.errors import printable

READ_TYPES = ("Patient", "Observation", "MedicationStatement", "MedicationRequest", "Condition",
              "QuestionnaireResponse", "Medication")
"""The resource types read; any other FHIR type is valid input and gives nothing."""

LAB_STATUSES = ("final", "amended", "corrected")
CONDITION_ACTIVE = ("active", "recurrence", "relapse")
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
MAX_PROBLEMS_PER_PATIENT = 200
"""A report lists at most this many things not read (a huge record of unmapped
codes would otherwise swamp it); the last item says how many more there were."""


@dataclass(slots=True)
class Located:
    """One raw resource and where it was found (``Bundle.entry[3]``, ``line 7``)."""

    raw: Any
    where: str
    full_url: str | None = None


@dataclass(slots=True)
class PatientFacts:
    """What the resources of one patient give."""

    pid: str
    label: str
    facts: dict[str, Any] = field(default_factory=dict)
    not_read: list[dict[str, str]] = field(default_factory=list)
    labs: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=dict)
    medications: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    answers: list[tuple[dict[str, Any], str]] = field(default_factory=list)

    def problem(self, resource: str, element: str, reason: str) -> None:
        self.not_read.append({"resource": resource, "element": element, "reason": reason})


@dataclass(slots=True)
class FhirRead:
    """The patients of a FHIR input, in the order their Patient came, and the
    problems that belong to no patient (one line each)."""

    patients: list[PatientFacts]
    warnings: list[str]


# --- the codes ----------------------------------------------------------------------


class _Codes:
    def __init__(self) -> None:
        from sorewhy.engine.profile import enum_values
        from sorewhy.errors import KnowledgeError
        from sorewhy.knowledge import fhir_codes

        codes = fhir_codes()
        conditions = enum_values("conditions")
        for item in codes.conditions:
            if item.condition not in conditions:
                raise KnowledgeError(f"knowledge/fhir_codes.yaml: {item.system} {item.code}: "
                                     f"{item.condition!r} is not a value of 'conditions'")
        self.systems = codes.systems
        self.system_names = {url: name for name, url in codes.systems.items()}
        self.labs = {lab.code: lab for lab in codes.labs}
        self.medicines = {(self.systems[m.system], m.code): m for m in codes.medicines}
        self.conditions_exact = {(self.systems[c.system], c.code): c for c in codes.conditions if not c.prefix}
        self.conditions_prefix = [(self.systems[c.system], c.code, c) for c in codes.conditions if c.prefix]

    def condition(self, system: str | None, code: str | None) -> Any:
        if system is None or code is None:
            return None
        hit = self.conditions_exact.get((system, code))
        if hit is not None:
            return hit
        for sys_url, prefix, item in self.conditions_prefix:
            if system == sys_url and (code == prefix or code.startswith(prefix + ".")
                                      or (len(prefix) == 3 and code.startswith(prefix))):
                return item
        return None

    def name(self, system: str | None) -> str:
        names = {"loinc": "LOINC", "rxnorm": "RxNorm", "dmd": "dm+d", "snomed": "SNOMED CT",
                 "icd10": "ICD-10", "icd10cm": "ICD-10-CM", "ucum": "UCUM"}
        if system is None:
            return "a code with no system"
        return names.get(self.system_names.get(system, ""), printable(system, 60))


def _coding_text(codes: _Codes, codings: list[Any] | None) -> str:
    parts = []
    for c in codings or []:
        text = f"{codes.name(c.system)} {printable(str(c.code), 30)}"
        if c.display:
            text += f" ({printable(c.display, 60)})"
        parts.append(text)
    return ", ".join(parts) if parts else "no coding"


# --- times ----------------------------------------------------------------------------


def _instant(value: Any) -> float | None:
    """A FHIR date, dateTime or instant as a POSIX time (a partial date at
    its start; a time without a zone as UTC), or None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        return moment.timestamp()
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC).timestamp()
    text = str(value)
    try:
        if len(text) == 4:
            return dt.datetime(int(text), 1, 1, tzinfo=dt.UTC).timestamp()
        if len(text) == 7:
            return dt.datetime(int(text[:4]), int(text[5:7]), 1, tzinfo=dt.UTC).timestamp()
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return _instant(moment)


def age_at(birth: dt.date, as_of: dt.date) -> int:
    """Completed years from `birth` to `as_of` (born 29 February: a year older on 1 March)."""
    years = as_of.year - birth.year
    if (as_of.month, as_of.day) < (birth.month, birth.day):
        years -= 1
    return years


# --- reading ------------------------------------------------------------------------


def flatten(items: Iterable[Located], problems: list[tuple[Located, str, str]]) -> Iterator[Located]:
    """Every resource, Bundles opened (nested Bundles too); a Bundle or entry
    that is not one is a problem ``(where, element, reason)``."""
    for item in items:
        raw = item.raw
        if not isinstance(raw, dict) or not isinstance(raw.get("resourceType"), str):
            problems.append((item, "resourceType", "not a FHIR resource (expected an object with a resourceType)"))
            continue
        if raw["resourceType"] != "Bundle":
            yield item
            continue
        entries = raw.get("entry", [])
        label = _label(raw, item.where)
        if not isinstance(entries, list):
            problems.append((item, "entry", f"{label}: expected a list of entries"))
            continue
        nested = []
        for n, entry in enumerate(entries):
            where = f"{label}.entry[{n}]"
            if not isinstance(entry, dict):
                problems.append((Located(entry, where), "entry", "expected an object"))
                continue
            if "resource" not in entry:
                if "request" not in entry:  # a transaction entry for a delete has no resource
                    problems.append((Located(entry, where), "resource", "an entry with no resource"))
                continue
            full_url = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
            nested.append(Located(entry["resource"], where, full_url))
        yield from flatten(nested, problems)


def _label(raw: dict[str, Any], where: str) -> str:
    kind = printable(str(raw.get("resourceType")), 40)
    rid = raw.get("id")
    if isinstance(rid, str) and rid:
        return f"{kind}/{printable(rid, 64)}"
    return f"{kind} at {where}"


def _model(kind: str) -> Any:
    from fhir.resources.R4B import get_fhir_model_class

    return get_fhir_model_class(kind)


def _validate(item: Located) -> tuple[Any, str | None, str | None]:
    """(model, None, None), or (None, element, reason) when the resource
    breaks its type's model or its type is unknown."""
    from pydantic import ValidationError

    kind = item.raw["resourceType"]
    try:
        model = _model(kind)
    except (ValueError, KeyError, AttributeError, ImportError):
        return None, "resourceType", f"'{printable(kind, 40)}' is not a FHIR R4 resource type"
    try:
        return model.model_validate(item.raw), None, None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        element = ".".join(str(p) for p in first.get("loc", ())) or "(resource)"
        more = len(exc.errors()) - 1
        reason = printable(str(first.get("msg", "invalid")).removeprefix("Value error, "), 160)
        if more:
            reason += f" (and {more} more problem{'s' if more != 1 else ''})"
        return None, element, reason
    except (TypeError, ValueError, RecursionError) as exc:
        return None, "(resource)", printable(f"cannot be read: {exc}", 160)


def read_fhir(items: Iterable[Located], source: str, as_of: dt.date) -> FhirRead:
    """Read FHIR resources (Bundles opened) into one :class:`PatientFacts` per Patient."""
    codes = _Codes()
    raw_problems: list[tuple[Located, str, str]] = []
    resources = list(flatten(items, raw_problems))
    warnings = [f"{source}: {printable(str(loc.where), 80)}: {element}: {reason}"
                for loc, element, reason in raw_problems]

    validated: list[tuple[Located, str, Any]] = []
    patients: dict[str, PatientFacts] = {}
    order: list[PatientFacts] = []
    medication_index: dict[str, Any] = {}
    pending: list[tuple[Located, str, str, str, Any]] = []  # (item, label, element, reason, subject ref)
    for item in resources:
        kind = item.raw["resourceType"]
        label = _label(item.raw, item.where)
        if kind not in READ_TYPES:
            try:
                _model(kind)
            except (ValueError, KeyError, AttributeError, ImportError):
                pending.append((item, label, "resourceType",
                                f"'{printable(kind, 40)}' is not a FHIR R4 resource type", _subject_raw(item.raw)))
            continue
        model, element, reason = _validate(item)
        if model is None:
            pending.append((item, label, element or "", reason or "", _subject_raw(item.raw)))
            continue
        if kind == "Patient":
            pid = model.id or f"patient-{len(order) + 1}"
            patient = PatientFacts(pid, label)
            order.append(patient)
            for patient_ref in _patient_refs(model, item):
                patients.setdefault(patient_ref, patient)
            _read_patient(patient, model, label, as_of)
            continue
        if kind == "Medication":
            for ref in _refs_of("Medication", model.id, item.full_url):
                medication_index[ref] = model
            continue
        validated.append((item, label, model))

    def owner(ref: str | None) -> PatientFacts | None:
        if ref is None:
            return order[0] if len(order) == 1 else None
        return patients.get(ref)

    for _item, label, element, reason, pending_ref in pending:
        holder = owner(pending_ref)
        if holder is not None:
            holder.problem(label, element, reason)
        else:
            warnings.append(f"{source}: {label}: {element}: {reason}")

    alone = not order  # no Patient at all: each QuestionnaireResponse is a person of its own
    for _item, label, model in validated:
        subject = getattr(model, "subject", None)
        subject_ref = subject.reference if subject is not None and subject.reference else None
        found: PatientFacts | None = owner(subject_ref) if not alone else None
        if found is None and alone and model.get_resource_type() == "QuestionnaireResponse":
            found = PatientFacts(model.id or f"response-{len(order) + 1}", label)
            order.append(found)
        if found is None:
            why = (f"its subject {printable(subject_ref, 80)} is not a Patient of this input" if subject_ref
                   else "it names no subject and the input holds more than one Patient, or none")
            warnings.append(f"{source}: {label}: subject: not read: {why}")
            continue
        patient = found
        kind = model.get_resource_type()
        if kind == "Observation":
            _read_observation(patient, model, label, codes, len(validated))
        elif kind in ("MedicationStatement", "MedicationRequest"):
            _read_medication(patient, model, label, codes, medication_index)
        elif kind == "Condition":
            _read_condition(patient, model, label, codes)
        elif kind == "QuestionnaireResponse":
            _read_answers(patient, model, label)

    for patient in order:
        _finish(patient)
    return FhirRead(order, warnings)


def _subject_raw(raw: dict[str, Any]) -> str | None:
    subject = raw.get("subject")
    if isinstance(subject, dict) and isinstance(subject.get("reference"), str):
        return subject["reference"]
    return None


def _refs_of(kind: str, rid: str | None, full_url: str | None) -> list[str]:
    refs = []
    if rid:
        refs += [f"{kind}/{rid}", f"#{rid}"]
    if full_url:
        refs.append(full_url)
        if "/" in full_url and not full_url.startswith("urn:"):
            tail = full_url.rstrip("/").split("/")
            if len(tail) >= 2:
                refs.append(f"{tail[-2]}/{tail[-1]}")
    return refs


def _patient_refs(model: Any, item: Located) -> list[str]:
    return _refs_of("Patient", model.id, item.full_url)


def _read_patient(patient: PatientFacts, model: Any, label: str, as_of: dt.date) -> None:
    gender = model.gender
    if gender in ("female", "male", "other"):
        patient.facts["sex"] = gender
    birth = model.birthDate
    if birth is None:
        return
    if not isinstance(birth, dt.date):
        patient.problem(label, "birthDate", f"'{printable(str(birth), 20)}' gives no day of birth; "
                        "the age is not worked out from a partial date")
        return
    if birth > as_of:
        patient.problem(label, "birthDate", f"{birth.isoformat()} is after the evaluation date {as_of.isoformat()}")
        return
    patient.facts["age"] = age_at(birth, as_of)


def _is_lab_category(model: Any) -> bool:
    categories = model.category or []
    if not categories:
        return True  # no category: the LOINC code alone says what was measured
    return any(c.code == "laboratory" for cat in categories for c in (cat.coding or []))


def _read_observation(patient: PatientFacts, model: Any, label: str, codes: _Codes, _n: int) -> None:
    from sorewhy.engine.units import LabValueError, canonical_unit, read_lab

    loinc = codes.systems["loinc"]
    mapped = [c for c in (model.code.coding or []) if c.system == loinc and c.code in codes.labs]
    if not mapped:
        patient.problem(label, "code", f"{_coding_text(codes, model.code.coding)}: not a result sorewhy reads")
        return
    lab = codes.labs[mapped[0].code]
    if model.status not in LAB_STATUSES:
        patient.problem(label, "status", f"'{model.status}': only final, amended or corrected results are read")
        return
    if not _is_lab_category(model):
        patient.problem(label, "category", "not a laboratory result")
        return
    quantity = model.valueQuantity
    if quantity is None or quantity.value is None:
        element = "value[x]" if quantity is None else "valueQuantity.value"
        patient.problem(label, element, f"no numeric result for LOINC {lab.code}")
        return
    if quantity.comparator is not None:
        patient.problem(label, "valueQuantity.comparator",
                        f"a result given as '{quantity.comparator} {quantity.value}' is not an exact value")
        return
    ucum = codes.systems["ucum"]
    spelled = quantity.code if quantity.code and quantity.system in (ucum, None) else quantity.unit
    unit = canonical_unit(spelled) if spelled else None
    if unit is None:
        patient.problem(label, "valueQuantity.code" if quantity.code else "valueQuantity.unit",
                        f"unit '{printable(str(spelled), 30)}' is not a UCUM unit sorewhy reads")
        return
    value = float(quantity.value)
    value_out: float | int = int(value) if value.is_integer() and abs(value) < 1e15 else value
    try:
        read_lab(lab.analyte, {"value": value_out, "unit": unit})
    except LabValueError as exc:
        patient.problem(label, "valueQuantity", printable(str(exc), 200))
        return
    when = _instant(model.effectiveDateTime) or _instant(model.effectiveInstant) or (
        _instant(model.effectivePeriod.start) if model.effectivePeriod is not None else None)
    issued = _instant(model.issued)
    rank = (when if when is not None else float("-inf"), issued if issued is not None else float("-inf"),
            model.status != "final")
    current = patient.labs.get(lab.analyte)
    if current is None or rank >= current[0]:
        patient.labs[lab.analyte] = (rank, {"value": value_out, "unit": unit})


def _concept_text(codes: _Codes, concept: Any) -> tuple[str | None, bool]:
    """(medicine text, whether it came from a mapped code)."""
    if concept is None:
        return None, False
    for c in concept.coding or []:
        hit = codes.medicines.get((c.system, c.code))
        if hit is not None:
            return hit.text, True
    if concept.text:
        return concept.text, False
    for c in concept.coding or []:
        if c.display:
            return c.display, False
    return None, False


def _read_medication(patient: PatientFacts, model: Any, label: str, codes: _Codes,
                     index: dict[str, Any]) -> None:
    if model.status != "active":
        return  # stopped, completed, on hold, entered in error...: not taken now
    text, element, problem = _medicine(model, codes, index)
    if problem is not None:
        patient.problem(label, element, problem)
        return
    if text is not None and text not in patient.medications:
        patient.medications.append(text)


def medicine_names(resources: Iterable[Any]) -> list[str]:
    """The medicines of MedicationRequest resources as raw JSON (draft orders
    of a CDS Hooks order-select, whatever their status): by mapped code,
    else by text. A resource that breaks its model or names no medicine
    gives none."""
    codes = _Codes()
    names = []
    for raw in resources:
        if not isinstance(raw, dict) or raw.get("resourceType") not in ("MedicationRequest", "MedicationStatement"):
            continue
        model, _, _ = _validate(Located(raw, "draftOrders"))
        if model is None:
            continue
        text, _, problem = _medicine(model, codes, {})
        if text is not None and problem is None and text not in names:
            names.append(text)
    return names


def _medicine(model: Any, codes: _Codes, index: dict[str, Any]) -> tuple[str | None, str, str | None]:
    """(text, element, problem) of a MedicationStatement or MedicationRequest."""
    concept = model.medicationCodeableConcept
    element = "medicationCodeableConcept"
    text, _ = _concept_text(codes, concept)
    if concept is None and model.medicationReference is not None:
        element = "medicationReference"
        ref = model.medicationReference.reference
        medication = index.get(ref) if ref else None
        if medication is None:
            for contained in getattr(model, "contained", None) or []:
                if ref == f"#{contained.id}" and contained.get_resource_type() == "Medication":
                    medication = contained
        if medication is not None:
            text, _ = _concept_text(codes, medication.code)
        if text is None and model.medicationReference.display:
            text = model.medicationReference.display
    if text is None:
        return None, element, (f"{_coding_text(codes, concept.coding if concept else None)}: "
                               "neither a code sorewhy maps nor any text")
    problem = _medication_problem(text)
    if problem is not None:
        return None, f"{element}.text" if element == "medicationCodeableConcept" else element, problem
    return text, element, None


def _medication_problem(text: str) -> str | None:
    """Why `text` cannot be a medicine of a facts file (as validation says it), else None."""
    from sorewhy.engine.profile import validate_profile
    from sorewhy.errors import ProfileError

    try:
        validate_profile({"medications": [text]}, "", "")
    except ProfileError as exc:
        return printable(exc.expected, 200)
    return None


def _read_condition(patient: PatientFacts, model: Any, label: str, codes: _Codes) -> None:
    verification = [c.code for c in (model.verificationStatus.coding or [])] if model.verificationStatus else []
    if any(v in ("refuted", "entered-in-error") for v in verification):
        return
    clinical = [c.code for c in (model.clinicalStatus.coding or [])] if model.clinicalStatus else []
    if not any(c in CONDITION_ACTIVE for c in clinical):
        if not clinical:
            patient.problem(label, "clinicalStatus", "no clinical status: not known to be active")
        return
    codings = model.code.coding if model.code is not None else None
    for c in codings or []:
        hit = codes.condition(c.system, c.code)
        if hit is not None:
            if hit.condition not in patient.conditions:
                patient.conditions.append(hit.condition)
            return
    patient.problem(label, "code", f"{_coding_text(codes, codings)}: not a condition sorewhy reads")


def _read_answers(patient: PatientFacts, model: Any, label: str) -> None:
    from sorewhy.engine.fhir.questionnaire import QUESTIONNAIRE_URL, answers_facts

    canonical = (model.questionnaire or "").split("|", 1)[0]
    if canonical != QUESTIONNAIRE_URL:
        patient.problem(label, "questionnaire", f"answers to '{printable(canonical, 80)}', not to sorewhy's "
                        f"Questionnaire ({QUESTIONNAIRE_URL})")
        return
    if model.status not in ("completed", "amended", "in-progress"):
        patient.problem(label, "status", f"'{model.status}': only completed, amended or in-progress answers are read")
        return
    facts, problems = answers_facts(model, label)
    patient.not_read.extend(problems)
    patient.answers.append((facts, label))


def _finish(patient: PatientFacts) -> None:
    """The patient's facts: the record's, then the questionnaire's for what
    the record does not give (list keys merged)."""
    from sorewhy.engine.profile import FACT_KEYS, LAB_ANALYTES
    from sorewhy.engine.questions import merge_lists

    facts = patient.facts
    if patient.medications:
        facts["medications"] = list(patient.medications)
    if patient.conditions:
        facts["conditions"] = list(patient.conditions)
    labs = {analyte: reading for analyte, (_, reading) in patient.labs.items()}
    for answers, label in patient.answers:
        for key, value in answers.items():
            if key == "labs":
                for name, reading in value.items():
                    analyte = name if name in LAB_ANALYTES else _analyte_of_key(name)
                    if analyte in labs:
                        patient.problem(label, f"item[{name}]", "the record's own result is used")
                    else:
                        labs[name] = reading
            elif key not in facts:
                facts[key] = value
            elif isinstance(value, list) and isinstance(facts[key], list):
                facts[key] = merge_lists([facts[key], value])
            elif facts[key] != value:
                patient.problem(label, f"item[{key}]", "the record's own value is used")
    if labs:
        order = {analyte: n for n, analyte in enumerate(LAB_ANALYTES)}
        facts["labs"] = dict(sorted(labs.items(), key=lambda kv: order.get(kv[0], len(order))))
    ordered: dict[str, Any] = {"id": patient.pid}
    for key in (*FACT_KEYS, "labs"):
        if key in facts:
            ordered[key] = facts[key]
    patient.facts = ordered
    if len(patient.not_read) > MAX_PROBLEMS_PER_PATIENT:
        more = len(patient.not_read) - MAX_PROBLEMS_PER_PATIENT
        patient.not_read = patient.not_read[:MAX_PROBLEMS_PER_PATIENT]
        patient.problem(patient.label, "(resources)", f"{more} more not read")


def _analyte_of_key(key: str) -> str:
    from sorewhy.engine.units import lab_by_key

    try:
        return lab_by_key(key).analyte
    except (KeyError, ValueError):
        return key


__all__ = ["FhirRead", "Located", "PatientFacts", "age_at", "medicine_names", "read_fhir"]
