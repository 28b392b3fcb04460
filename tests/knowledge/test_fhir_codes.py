"""knowledge/fhir_codes.yaml (#24): the codes of clinical records sorewhy
reads are validated when loaded, and each maps to something sorewhy knows."""

from __future__ import annotations

import copy

import pytest
import yaml

from sorewhy.engine.medications import read_medications
from sorewhy.engine.profile import enum_values
from sorewhy.knowledge import FhirCodes, _text, fhir_codes, lab_table


def _data() -> dict:
    return yaml.safe_load(_text("fhir_codes.yaml"))


def test_fhir_codes_every_medicine_text_is_read_by_the_medicine_matcher():
    for item in fhir_codes().medicines:
        reading = read_medications([item.text])
        assert reading.read and not reading.unrecognised, item
        assert reading.read[0].drug_class, item


def test_fhir_codes_every_analyte_condition_and_unit_is_known():
    units = {lab.analyte: lab.units for lab in lab_table()}
    for lab in fhir_codes().labs:
        assert lab.unit in units[lab.analyte]
    assert {c.condition for c in fhir_codes().conditions} <= set(enum_values("conditions"))
    # Every analyte sorewhy reasons about can come from a record.
    assert {lab.analyte for lab in fhir_codes().labs} == set(units)


def test_fhir_codes_every_mapping_cites_its_source():
    codes = fhir_codes()
    for item in [*codes.labs, *codes.medicines, *codes.conditions]:
        assert item.source.startswith("https://")
    for lab in codes.labs:
        assert lab.source == f"https://loinc.org/{lab.code}"


@pytest.mark.parametrize(("change", "says"), [
    (lambda d: d["labs"][0].update(analyte="zinc"), "not an analyte"),
    (lambda d: d["labs"][0].update(unit="furlong/L"), "not a unit"),
    (lambda d: d["labs"].append(dict(d["labs"][0])), "mapped twice"),
    (lambda d: d["medicines"][0].update(source="http://example.org"), "https"),
    (lambda d: d["medicines"][0].update(system="ndc"), "system"),
    (lambda d: d["systems"].pop("loinc"), "systems must name"),
])
def test_fhir_codes_bad_data_is_refused(change, says):
    data = copy.deepcopy(_data())
    change(data)
    with pytest.raises(ValueError, match=says):
        FhirCodes.model_validate(data)


def test_fhir_codes_condition_outside_the_vocabulary_is_refused_when_used(monkeypatch):
    """The facts vocabulary lives a layer above knowledge/, so the FHIR reader checks
    each mapped condition against it when it first uses the codes."""
    from sorewhy import knowledge
    from sorewhy.engine.fhir import reader
    from sorewhy.errors import KnowledgeError

    data = copy.deepcopy(_data())
    data["conditions"][0].update(condition="gout")
    bad = FhirCodes.model_validate(data)
    monkeypatch.setattr(knowledge, "fhir_codes", lambda: bad)
    with pytest.raises(KnowledgeError, match="not a value of 'conditions'"):
        reader._Codes()
