"""FHIR R4 input (#24): hand-written Bundles give the same reports as the
equivalent facts files; what cannot be read is named (resource and element)
and the rest is still read; a property: any facts profile written as FHIR
resources reads back to the same report."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from extras import need

need("fhir.resources.R4B", "fhir")

from click.testing import CliRunner  # noqa: E402
from fhir_build import (  # noqa: E402
    ACTIVE,
    AS_OF,
    LAB_CATEGORY,
    LOINC,
    UCUM,
    bundle,
    observation,
    resources_of,
    response,
)
from hypothesis import given  # noqa: E402
from safety.strategies import examples, profiles  # noqa: E402

from sorewhy.cli.main import cli as main  # noqa: E402
from sorewhy.engine.batch import BatchStats, evaluate_paths  # noqa: E402
from sorewhy.engine.loaders import read_profiles  # noqa: E402
from sorewhy.engine.report_schema import report_schema, validate_report  # noqa: E402

DMD = "https://dmd.nhs.uk"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
IGNORED = ("source", "not_read")
"""What a FHIR report has that a facts file's does not (the file it came from, what was not read)."""


def _write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _reports(path: str, as_of: dt.date = AS_OF) -> tuple[list[dict[str, Any]], BatchStats]:
    stats = BatchStats()
    reports = list(evaluate_paths([path], stats=stats, as_of=as_of))
    assert not stats.file_errors, stats.file_errors
    return reports, stats


def _same(fhir_reports: list[dict[str, Any]], facts_reports: list[dict[str, Any]]) -> None:
    assert len(fhir_reports) == len(facts_reports)
    for got, want in zip(fhir_reports, facts_reports, strict=True):
        got = {k: v for k, v in got.items() if k not in IGNORED}
        want = {k: v for k, v in want.items() if k not in IGNORED}
        assert got == want


def _facts_reports(tmp_path: Path, profiles_: list[dict[str, Any]]) -> list[dict[str, Any]]:
    reports, _ = _reports(_write(tmp_path / "facts.json", profiles_))
    return reports


def _med(kind: str, rid: str, patient: str, concept: dict[str, Any], status: str = "active") -> dict[str, Any]:
    out = {"resourceType": kind, "id": rid, "status": status, "medicationCodeableConcept": concept,
           "subject": {"reference": f"Patient/{patient}"}}
    if kind == "MedicationRequest":
        out["intent"] = "order"
    return out


def _condition(rid: str, patient: str, system: str, code: str, status: str = "active") -> dict[str, Any]:
    clinical = ACTIVE if status == "active" else {"coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": status}]}
    return {"resourceType": "Condition", "id": rid, "clinicalStatus": clinical,
            "code": {"coding": [{"system": system, "code": code}]}, "subject": {"reference": f"Patient/{patient}"}}


# --- hand-written Bundles ----------------------------------------------------------

UK_FACTS = {
    "id": "uk-1", "age": 67, "sex": "female",
    "medications": ["furosemide", "Omeprazole 20mg gastro-resistant capsules"],
    "conditions": ["chronic_kidney_disease"],
    "symptoms": ["cramps", "weakness"], "locations": ["calves"], "timing": ["night"],
    "labs": {"magnesium": "0.62 mmol/L", "potassium": "3.3 mmol/L", "calcium": "2.05 mmol/L",
             "vitamin_d_25oh": "22 nmol/L", "vitamin_b12": "150 pmol/L", "ferritin": "9 µg/L",
             "hemoglobin": "105 g/L"},
}


def uk_bundle() -> dict[str, Any]:
    p = "uk-1"
    return bundle(
        {"resourceType": "Patient", "id": p, "gender": "female", "birthDate": "1958-03-10"},
        observation("mg", p, "2601-3", 0.62, "mmol/L"),
        observation("k", p, "2823-3", 3.3, "mmol/L"),
        observation("ca", p, "2000-8", 2.05, "mmol/L"),
        observation("vitd", p, "14635-7", 22, "nmol/L"),
        observation("b12", p, "14685-2", 150, "pmol/L"),
        observation("ferritin", p, "2276-4", 9, "ug/L"),
        observation("hb", p, "718-7", 105, "g/L"),
        _med("MedicationRequest", "furosemide", p,
             {"coding": [{"system": DMD, "code": "317972000", "display": "Furosemide 40mg tablets"}]}),
        _med("MedicationStatement", "omeprazole", p,
             {"coding": [{"system": DMD, "code": "11111111000001101"}],
              "text": "Omeprazole 20mg gastro-resistant capsules"}),
        _med("MedicationStatement", "stopped", p, {"text": "simvastatin 40mg"}, status="stopped"),
        _condition("ckd", p, SNOMED, "709044004"),
        _condition("htn", p, SNOMED, "38341003"),
        _condition("thyroid", p, SNOMED, "40930008", status="resolved"),
        response(p, {"symptoms": ["cramps", "weakness"], "locations": ["calves"], "timing": ["night"]}),
    )


def test_fhir_uk_units_and_dmd_codes_give_the_facts_file_report(tmp_path):
    got, stats = _reports(_write(tmp_path / "uk.json", uk_bundle()))
    _same(got, _facts_reports(tmp_path, [UK_FACTS]))
    # The unmapped condition is listed, never guessed; the resolved one and the
    # stopped medicine are simply not current.
    assert got[0]["not_read"] == [{"resource": "Condition/htn", "element": "code",
                                   "reason": "SNOMED CT 38341003: not a condition sorewhy reads"}]
    assert any("Condition/htn: code" in line for line in stats.warnings)
    validate_report(got[0])  # not_read is part of the report's schema (sorewhy schema --report)
    assert "not_read" in report_schema()["properties"]


US_FACTS = {
    "id": "us-1", "age": 64, "sex": "male",
    "medications": ["atorvastatin", "hydrochlorothiazide", "lisinopril 10 MG Oral Tablet"],
    "conditions": ["diabetes"],
    "symptoms": ["soreness", "weakness"], "locations": ["thighs"],
    "labs": {"magnesium": "1.5 mg/dL", "potassium": "3.2 mEq/L", "calcium": "8.1 mg/dL",
             "vitamin_d_25oh": "18 ng/mL", "vitamin_b12": "180 pg/mL", "ferritin": "30 ng/mL"},
}


def us_bundle() -> dict[str, Any]:
    p = "us-1"
    return bundle(
        {"resourceType": "Patient", "id": p, "gender": "male", "birthDate": "1960-07-01"},
        observation("mg", p, "19123-9", 1.5, "mg/dL"),
        observation("k", p, "2823-3", 3.2, "meq/L"),
        observation("ca", p, "17861-6", 8.1, "mg/dL"),
        observation("vitd", p, "62292-8", 18, "ng/mL"),
        observation("b12", p, "2132-9", 180, "pg/mL"),
        observation("ferritin", p, "2276-4", 30, "ng/mL"),
        _med("MedicationRequest", "statin", p,
             {"coding": [{"system": RXNORM, "code": "617310", "display": "atorvastatin 20 MG Oral Tablet"}]}),
        _med("MedicationStatement", "hctz", p, {"coding": [{"system": RXNORM, "code": "5487"}]}),
        _med("MedicationStatement", "acei", p,
             {"coding": [{"system": RXNORM, "code": "314076", "display": "lisinopril 10 MG Oral Tablet"}]}),
        _condition("dm", p, ICD10CM, "E11.9"),
        _condition("htn", p, ICD10CM, "I10"),
        response(p, {"symptoms": ["soreness", "weakness"], "locations": ["thighs"]}),
    )


def test_fhir_us_units_and_rxnorm_codes_give_the_facts_file_report(tmp_path):
    got, _ = _reports(_write(tmp_path / "us.json", us_bundle()))
    _same(got, _facts_reports(tmp_path, [US_FACTS]))
    assert [(n["resource"], n["element"]) for n in got[0]["not_read"]] == [("Condition/htn", "code")]
    read = {m["given"]: m.get("generic") for m in got[0]["medications_read"]}
    assert read["atorvastatin"] == "atorvastatin" and read["hydrochlorothiazide"] == "hydrochlorothiazide"


def test_fhir_latest_final_or_amended_result_is_used(tmp_path):
    p = "k-1"
    later = {"effectiveDateTime": "2025-03-01T08:00:00Z"}
    resources = bundle(
        {"resourceType": "Patient", "id": p},
        observation("old", p, "2823-3", 3.0, "mmol/L", effectiveDateTime="2024-01-01"),
        observation("first", p, "2823-3", 2.3, "mmol/L", issued="2025-03-01T10:00:00Z", **{
            k: v for k, v in later.items() if k != "effectiveDateTime"}) | later,
        observation("amended", p, "2823-3", 4.0, "mmol/L", status="amended", issued="2025-03-02T09:00:00+01:00",
                    **later),
        observation("prelim", p, "2823-3", 2.0, "mmol/L", status="preliminary", effectiveDateTime="2025-04-01"),
        observation("wrong", p, "2823-3", 2.1, "mmol/L", status="entered-in-error", effectiveDateTime="2025-05-01"),
    )
    got, _ = _reports(_write(tmp_path / "k.json", resources))
    _same(got, _facts_reports(tmp_path, [{"id": p, "labs": {"potassium": "4 mmol/L"}}]))
    assert got[0]["referral"]["level"] != "urgent"  # the critical 2.3 was amended away
    assert {(n["resource"], n["element"]) for n in got[0]["not_read"]} == {
        ("Observation/prelim", "status"), ("Observation/wrong", "status")}


def test_fhir_two_patients_in_one_file_give_two_reports_in_order(tmp_path):
    a = {"id": "a", "age": 30, "sex": "female", "diet": "vegan", "symptoms": ["tingling", "fatigue"],
         "labs": {"vitamin_b12_pg_ml": 150.0}}
    b = {"id": "b", "age": 55, "sex": "male", "symptoms": ["chest_pain"], "medications": ["atorvastatin"]}
    resources = bundle(*resources_of(a, "a"), *resources_of(b, "b"))
    got, _ = _reports(_write(tmp_path / "two.json", resources))
    assert [r["id"] for r in got] == ["a", "b"]
    _same(got, _facts_reports(tmp_path, [a, b]))
    assert got[1]["referral"]["level"] == "urgent"


HOSTILE = ["<script>alert(1)</script> tablets", "omeprazole\u202e 20mg", "line one\nline two",
           "x" * 300, "'; DROP TABLE patients; --"]


def test_fhir_hostile_text_gives_the_facts_file_report(tmp_path):
    p = "h-1"
    resources = bundle(
        {"resourceType": "Patient", "id": p, "gender": "other"},
        *[_med("MedicationStatement", f"m{n}", p, {"text": text}) for n, text in enumerate(HOSTILE)],
        observation("odd", p, "9999-9", 1, "mmol/L") | {
            "code": {"coding": [{"system": LOINC, "code": "9999-9", "display": "evil\n\u202e<b>x</b>"}]}},
    )
    path = _write(tmp_path / "hostile.json", resources)
    got, stats = _reports(path)
    # What a facts file would refuse (invisible characters, a line break, an
    # over-long name) is not read, named by its resource; the rest is read.
    kept = [HOSTILE[0], HOSTILE[4]]
    _same(got, _facts_reports(tmp_path, [{"id": p, "sex": "other", "medications": kept}]))
    assert {(n["resource"], n["element"]) for n in got[0]["not_read"]} == {
        ("MedicationStatement/m1", "medicationCodeableConcept.text"),
        ("MedicationStatement/m2", "medicationCodeableConcept.text"),
        ("MedicationStatement/m3", "medicationCodeableConcept.text"), ("Observation/odd", "code")}
    assert all("\n" not in line and "\u202e" not in line for line in stats.warnings)
    result = CliRunner().invoke(main, ["evaluate", path, "--as-of", "2025-06-30", "--format", "json"])
    assert "\u202e" not in result.stderr and "Traceback" not in result.stderr
    assert len([ln for ln in result.stderr.splitlines() if "not read" in ln]) == 4


def test_fhir_bad_input_names_resource_and_element_and_reads_the_rest(tmp_path):
    p = "bad-1"
    resources = bundle(
        {"resourceType": "Patient", "id": p, "birthDate": "1980"},
        observation("k", p, "2823-3", 3.1, "mmol/L"),
        observation("furlong", p, "2951-2", 140, "furlong/L"),
        observation("unmapped", p, "1234-5", 3, "mmol/L"),
        {"resourceType": "Observation", "id": "nostatus", "code": {"coding": [{"system": LOINC, "code": "2823-3"}]},
         "subject": {"reference": f"Patient/{p}"}, "valueQuantity": {"value": 2.0, "system": UCUM, "code": "mmol/L"}},
        {"resourceType": "Observation", "id": "impossible", "status": "final", "category": LAB_CATEGORY,
         "code": {"coding": [{"system": LOINC, "code": "17861-6"}]}, "subject": {"reference": f"Patient/{p}"},
         "valueQuantity": {"value": 2.3, "system": UCUM, "code": "mg/dL"}},
        {"resourceType": "Spaceship", "id": "s1", "subject": {"reference": f"Patient/{p}"}},
        {"resourceType": "QuestionnaireResponse", "id": "other-form", "status": "completed",
         "questionnaire": "http://example.org/Questionnaire/phq9", "subject": {"reference": f"Patient/{p}"}},
    )
    resources["entry"].append(42)
    path = _write(tmp_path / "bad.json", resources)
    result = CliRunner().invoke(main, ["evaluate", path, "--as-of", "2025-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    assert report["labs_read"] and [lab["analyte"] for lab in report["labs_read"]] == ["potassium"]
    named = {(n["resource"], n["element"]) for n in report["not_read"]}
    assert named == {("Patient/bad-1", "birthDate"), ("Observation/furlong", "valueQuantity.code"),
                     ("Observation/unmapped", "code"), ("Observation/nostatus", "status"),
                     ("Observation/impossible", "valueQuantity"), ("Spaceship/s1", "resourceType"),
                     ("QuestionnaireResponse/other-form", "questionnaire")}
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("sorewhy: not read:")]
    assert len(lines) == len(named) + 1  # and the entry that is not an object, which has no patient
    assert any("Bundle" in ln and "entry[" in ln for ln in lines)
    assert all("Traceback" not in ln for ln in result.stderr.splitlines())


def test_fhir_file_without_patient_is_one_line(tmp_path):
    path = _write(tmp_path / "nopatient.json", bundle(observation("k", "x", "2823-3", 3.1, "mmol/L")))
    result = CliRunner().invoke(main, ["evaluate", path])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 2  # the file's line and the summary
    assert "no Patient resource" in result.stderr


def test_fhir_ndjson_and_folder_read_as_the_bundle(tmp_path):
    resources = [e["resource"] for e in uk_bundle()["entry"]] + [e["resource"] for e in us_bundle()["entry"]]
    nd = tmp_path / "export.ndjson"
    nd.write_text("\n".join(json.dumps(r) for r in resources) + "\n", encoding="utf-8")
    folder = tmp_path / "resources"
    folder.mkdir()
    for n, resource in enumerate(resources):
        _write(folder / f"{n:02d}-{resource['resourceType']}.json", resource)
    want = _facts_reports(tmp_path, [UK_FACTS, US_FACTS])
    for path in (str(nd), str(folder)):
        got, _ = _reports(path)
        _same(got, want)


def test_fhir_as_of_fixes_the_age(tmp_path):
    path = _write(tmp_path / "age.json", bundle({"resourceType": "Patient", "id": "p", "birthDate": "2000-07-01"}))
    ages = []
    for day in ("2025-06-30", "2025-07-01"):
        result = CliRunner().invoke(main, ["evaluate", path, "--as-of", day, "--format", "json"])
        assert result.exit_code == 0, result.output
        ages.append(json.loads(result.stdout)[0]["reported"]["age"])
    assert ages == [24, 25]
    assert CliRunner().invoke(main, ["evaluate", path, "--as-of", "30/06/2025"]).exit_code == 2


def test_fhir_without_the_extra_says_to_install_it(tmp_path):
    path = _write(tmp_path / "uk.json", uk_bundle())
    code = ("import sys; sys.modules['fhir'] = None; sys.modules['fhir.resources'] = None; "
            "sys.modules['fhir.resources.R4B'] = None; from sorewhy.cli.main import main; "
            f"sys.argv = ['sorewhy', 'evaluate', {path!r}]; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    first = result.stderr.strip().splitlines()[0]
    assert "sorewhy[fhir]" in first and "Traceback" not in result.stderr


def test_fhir_facts_files_are_still_read_as_before(tmp_path):
    nd = tmp_path / "profiles.ndjson"
    nd.write_text(json.dumps({"id": "x", "symptoms": ["cramps"]}) + "\n", encoding="utf-8")
    assert [e.id for e in read_profiles(str(nd))] == ["x"]


# --- the property ------------------------------------------------------------------


@pytest.mark.slow
@examples(60)
@given(profiles(red_flags=True))
def test_fhir_random_facts_written_as_fhir_read_back_to_the_same_report(facts):
    from sorewhy.engine.api import default_evaluator
    from sorewhy.engine.profile import validate_profile

    facts = {"id": "p1", **facts}
    evaluator = default_evaluator()
    want = evaluator.run(validate_profile(facts, "facts", "p1"), "p1").report
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "b.json", bundle(*resources_of(facts, "p1")))
        entries = list(read_profiles(path, as_of=AS_OF))
    assert len(entries) == 1 and entries[0].error is None, entries[0].error
    assert entries[0].extra == {"not_read": []}
    got = evaluator.run(entries[0].profile, entries[0].id).report
    assert got == want


def test_fhir_table_report_names_what_was_not_read(tmp_path):
    path = _write(tmp_path / "uk.json", uk_bundle())
    result = CliRunner().invoke(main, ["evaluate", path, "--as-of", "2025-06-30"])
    assert result.exit_code == 0, result.output
    assert "Not read from the record: Condition/htn (code)" in result.stdout
