"""Scenario tests for the vitamin D rules: how the sun risks combine, how
symptoms rank vitamin D, what a test result does, and that an unanswered
question is never read as "no"."""

from __future__ import annotations

from helpers import LOW_SUN_BONE_PAIN
from helpers import certainty as _certainty
from helpers import evidence_rules as _evidence_rules
from helpers import finding as _finding

from sorewhy.engine.certainty import in_words


def test_vitamin_d_single_risk_factor_is_slight(run):
    report = run({"darker_skin": True})
    assert 0 < _certainty(report, "vitamin_d") < 0.25


def test_vitamin_d_sun_risks_together_stay_weak_without_symptoms(run):
    report = run({"sun_exposure": "low", "darker_skin": True, "high_latitude": True})
    assert report["fired"].count("vitamin_d.low-sun-compounded") == 1
    certainty = _certainty(report, "vitamin_d")
    assert 0.25 <= certainty < 0.5
    assert in_words(certainty) == "weak"


def test_vitamin_d_low_sun_compounds_with_darker_skin(run):
    alone = _certainty(run({"sun_exposure": "low"}), "vitamin_d")
    skin = _certainty(run({"darker_skin": True}), "vitamin_d")
    both = run({"sun_exposure": "low", "darker_skin": True})
    assert "vitamin_d.low-sun-compounded" in both["fired"]
    # more than the two risks combined independently: the compounding rule adds to them
    independent = 1 - (1 - alone) * (1 - skin)
    assert _certainty(both, "vitamin_d") > independent + 0.05


def test_vitamin_d_compounding_needs_low_sun(run):
    report = run({"sun_exposure": "moderate", "darker_skin": True, "high_latitude": True})
    assert "vitamin_d.low-sun-compounded" not in report["fired"]


def test_vitamin_d_ranks_first_with_bone_pain_and_little_sun(run):
    report = run(LOW_SUN_BONE_PAIN)
    top = report["findings"][0]
    assert top["id"] == "vitamin_d"
    assert top["certainty"] >= 0.6
    assert {"vitamin_d.bone-pain", "vitamin_d.leg-aches", "vitamin_d.low-sun"} <= _evidence_rules(report, "vitamin_d")


def test_vitamin_d_high_lab_argues_against_and_refers(run):
    report = run({**LOW_SUN_BONE_PAIN, "labs": {"vitamin_d_25oh_ng_ml": 70}})
    assert "vitamin_d.lab-high" in report["fired"]
    assert "vitamin_d.lab-normal" not in report["fired"]
    assert _finding(report, "vitamin_d") is None
    assert report["referral"]["level"] in ("see_doctor", "urgent")


def test_vitamin_d_unknown_sun_is_not_low_sun(run):
    report = run({"darker_skin": True, "symptoms": ["bone_pain"]})
    assert "vitamin_d.low-sun" not in report["fired"]
    assert "vitamin_d.low-sun-compounded" not in report["fired"]
    assert "sun_exposure" in report["unknown"]


def test_vitamin_d_low_sun_asks_about_skin_and_latitude(run):
    report = run({"sun_exposure": "low"})
    assert {"darker_skin", "high_latitude"} <= set(report["unknown"])


def test_vitamin_d_ample_sun_weakens_but_does_not_erase_symptoms(run):
    without = _certainty(run({"symptoms": ["bone_pain"]}), "vitamin_d")
    with_sun = run({"symptoms": ["bone_pain"], "sun_exposure": "high"})
    assert "vitamin_d.ample-sun" in with_sun["fired"]
    assert 0 < _certainty(with_sun, "vitamin_d") < without


def test_vitamin_d_aches_count_more_in_the_legs(run):
    arms = run({"symptoms": ["aches"], "locations": ["arms"]})
    legs = run({"symptoms": ["aches"], "locations": ["hamstrings"]})
    assert "vitamin_d.leg-aches" not in arms["fired"]
    assert "vitamin_d.leg-aches" in legs["fired"]
    assert _certainty(legs, "vitamin_d") > _certainty(arms, "vitamin_d")


def test_vitamin_d_aches_with_unknown_location_ask_where(run):
    report = run({"symptoms": ["aches"]})
    assert "vitamin_d.leg-aches" not in report["fired"]
    assert "locations" in report["unknown"]


def test_vitamin_d_fatigue_alone_is_slight(run):
    report = run({"symptoms": ["fatigue"]})
    assert 0 < _certainty(report, "vitamin_d") < 0.25
