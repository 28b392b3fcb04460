"""Medications that cause muscle symptoms: statins (outside reference) and
thiazide diuretics (document 003), with the drug names the knowledge base maps."""

from __future__ import annotations

import re

import pytest
from helpers import certainty as _certainty

from sorewhy.knowledge import load
from sorewhy.rules import all_rules

MY_TOPICS = {"redflag", "referral", "exercise", "medication"}


@pytest.mark.parametrize("name", ["atorvastatin", "Simvastatin", "rosuvastatin", "statin"])
def test_medication_statin_gives_medication_effect_and_sees_a_doctor(run, name):
    report = run({"medications": [name], "symptoms": ["aches"]})
    finding = next(f for f in report["findings"] if f["id"] == "medication_effect")
    assert finding["kind"] == "other"
    assert any("Do not stop" in line for line in finding["advice"])
    assert report["referral"]["level"] == "see_doctor"
    assert "referral.medication" in [r["rule"] for r in report["referral"]["reasons"]]


@pytest.mark.parametrize("name", ["hydrochlorothiazide", "HCTZ", "chlorthalidone", "indapamide",
                                  "thiazide diuretic", "Thiazide-like diuretic"])
def test_medication_thiazide_gives_medication_effect(run, name):
    report = run({"medications": [name]})
    assert "medication.thiazide" in report["fired"]
    assert _certainty(report, "medication_effect") > 0


def test_medication_muscle_symptoms_strengthen_the_finding(run):
    alone = _certainty(run({"medications": ["pravastatin"]}), "medication_effect")
    with_pain = _certainty(run({"medications": ["pravastatin"], "symptoms": ["soreness"]}), "medication_effect")
    assert 0 < alone < with_pain


def test_medication_symptoms_ranked_first_with_a_statin(run):
    report = run({"medications": ["atorvastatin"], "symptoms": ["aches", "weakness"]})
    assert report["findings"][0]["id"] == "medication_effect"


@pytest.mark.parametrize("name", ["furosemide", "omeprazole", "metformin", "an unheard-of pill"])
def test_medication_other_drugs_are_not_a_medication_effect(run, name):
    report = run({"medications": [name], "symptoms": ["soreness"]})
    assert "medication_effect" not in [f["id"] for f in report["findings"]]


def test_medication_unrecognised_name_is_reported(run):
    report = run({"medications": ["an unheard-of pill", "atorvastatin"]})
    assert report["unrecognised_medications"] == ["an unheard-of pill"]
    assert "medication.statin" in report["fired"]


def test_medication_statin_names_are_generic():
    """Every generic statin name ends in -statin; a brand name would not."""
    names = load().drug_classes["statin"].names
    assert names
    assert all(re.fullmatch(r"[a-z]*statins?", n) for n in names), names


def test_medication_drug_names_are_plain_lowercase_words():
    for cls in load().drug_classes.values():
        for name in cls.names:
            assert re.fullmatch(r"[a-z][a-z -]*", name), f"{cls.id}: {name!r}"


def test_medication_no_dose_or_trademark_in_rule_texts():
    dose = re.compile(r"\d\s*(mg|mcg|µg|iu|g|ml)\b", re.IGNORECASE)
    for meta in all_rules():
        if meta.topic not in MY_TOPICS:
            continue
        text = " ".join([meta.claim, meta.note or ""] + [getattr(s, "ref", "") for s in meta.sources])
        assert not dose.search(text), meta.id
        assert "®" not in text and "™" not in text, meta.id
