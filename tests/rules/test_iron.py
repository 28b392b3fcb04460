"""Scenario tests for the iron rules: ranking, what the ferritin and
hemoglobin tests do, and that an unanswered question is never read as "no"."""

from __future__ import annotations

from helpers import ANEMIA_PALE_NAILS
from helpers import certainty as _certainty
from helpers import evidence_rules as _evidence_rules
from helpers import finding as _finding


def test_iron_anemia_with_pale_skin_and_brittle_nails_ranks_first(run):
    report = run(ANEMIA_PALE_NAILS)
    top = report["findings"][0]
    assert top["id"] == "iron"
    assert 0.5 <= top["certainty"] < 0.85
    assert {"iron.anemia", "iron.pale-skin", "iron.brittle-nails"} <= _evidence_rules(report, "iron")


def test_iron_low_hemoglobin_counts_less_than_low_ferritin(run):
    hemoglobin = _certainty(run({"labs": {"hemoglobin_g_dl": 10.0}}), "iron")
    ferritin = _certainty(run({"labs": {"ferritin_ng_ml": 8}}), "iron")
    assert 0.5 <= hemoglobin < ferritin


def test_iron_hemoglobin_threshold_depends_on_sex(run):
    male = run({"sex": "male", "labs": {"hemoglobin_g_dl": 12.5}})
    female = run({"sex": "female", "labs": {"hemoglobin_g_dl": 12.5}})
    assert "iron.hemoglobin-low" in male["fired"]
    assert "iron.hemoglobin-low" not in female["fired"]


def test_iron_fatigue_alone_is_not_evidence(run):
    report = run({"symptoms": ["fatigue"]})
    assert not [r for r in report["fired"] if r.startswith("iron.")]
    assert _finding(report, "iron") is None


def test_iron_fatigue_with_weakness_is_weak_evidence(run):
    report = run({"symptoms": ["fatigue", "weakness"]})
    assert "iron.fatigue-weakness" in report["fired"]
    assert 0 < _certainty(report, "iron") < 0.25


def test_iron_cramps_with_unknown_timing_ask_when(run):
    report = run({"symptoms": ["cramps"], "conditions": ["anemia"]})
    assert "iron.activity-cramps" not in report["fired"]
    assert "timing" in report["unknown"]


def test_iron_night_cramps_are_not_activity_cramps(run):
    night = run({"symptoms": ["cramps"], "timing": ["night"]})
    during = run({"symptoms": ["cramps"], "timing": ["during_exercise"]})
    assert "iron.activity-cramps" not in night["fired"]
    assert "iron.activity-cramps" in during["fired"]


def test_iron_unknown_diet_is_not_low_intake(run):
    report = run({"symptoms": ["pale_skin"]})
    assert "iron.low-intake" not in report["fired"]
    assert "low_intake" in report["unknown"]


def test_iron_restless_legs_with_low_meat_and_legumes(run):
    report = run({"symptoms": ["restless_legs"], "low_intake": ["meat", "legumes"]})
    assert {"iron.restless-legs", "iron.low-intake"} <= set(report["fired"])
    assert report["findings"][0]["id"] == "iron"
