"""Scenario tests for the potassium rules."""

from __future__ import annotations

import pytest
from helpers import DIURETIC_LEG_CRAMPS
from helpers import certainty as _certainty
from helpers import evidence_rules as _evidence_rules
from helpers import finding as _finding

from sorewhy.rules import rule_index


def test_diuretic_with_leg_cramps_supports_potassium(run):
    report = run(DIURETIC_LEG_CRAMPS)
    found = _finding(report, "potassium")
    assert found is not None
    assert 0.45 <= found["certainty"] <= 0.7
    assert {"potassium.diuretic", "potassium.cramps-weakness", "potassium.leg-cramps-weakness"} \
        <= _evidence_rules(report, "potassium")


def test_high_potassium_lab_is_neither_low_nor_normal(run):
    report = run({"labs": {"potassium_mmol_l": 6.0}})
    assert "potassium.lab-low" not in report["fired"]
    assert "potassium.lab-normal" not in report["fired"]
    assert _finding(report, "potassium") is None


def test_diet_alone_is_not_evidence_of_low_potassium(run):
    report = run({"low_intake": ["fruit_vegetables", "legumes"], "diet": "vegan"})
    assert not [r for r in report["fired"] if r.startswith("potassium.")]
    assert _finding(report, "potassium") is None


def test_leg_location_strengthens_cramps(run):
    lost = {"fluid_losses": ["diarrhea"]}  # a way of losing potassium (#20: without one it does not count)
    anywhere = _certainty(run({**lost, "symptoms": ["cramps"]}), "potassium")
    in_legs = _certainty(run({**lost, "symptoms": ["cramps"], "locations": ["hamstrings"]}), "potassium")
    in_arms = _certainty(run({**lost, "symptoms": ["cramps"], "locations": ["arms"]}), "potassium")
    assert 0 < anywhere == in_arms < in_legs


def test_potassium_symptoms_without_a_way_of_losing_it_do_not_count(run):
    """#20: 001 says low potassium is not commonly caused by diet alone; cramps and weakness with no
    loss known leave it under the consider threshold, and a loss or a low result brings it back."""
    alone = run({"symptoms": ["cramps", "weakness"], "locations": ["calves"]})
    assert "potassium.no-way-of-losing-it" in alone["fired"]
    assert _certainty(alone, "potassium") < 0.2
    vomiting = run({"symptoms": ["cramps", "weakness"], "locations": ["calves"], "fluid_losses": ["vomiting"]})
    assert "potassium.no-way-of-losing-it" not in vomiting["fired"]
    assert _certainty(vomiting, "potassium") > 0.2
    low = run({"symptoms": ["cramps", "weakness"], "labs": {"potassium_mmol_l": 3.0}})
    assert "potassium.no-way-of-losing-it" not in low["fired"] and _certainty(low, "potassium") > 0.75


def test_cramps_with_unknown_location_asks_where(run):
    report = run({"symptoms": ["cramps"], "medications": ["furosemide"]})
    assert "potassium.leg-cramps-weakness" not in report["fired"]
    assert "locations" in report["unknown"]


def test_fluid_and_sweat_losses_add_up(run):
    sweat = _certainty(run({"heavy_sweating": True}), "potassium")
    both = _certainty(run({"heavy_sweating": True, "fluid_losses": ["diarrhea"]}), "potassium")
    assert 0 < sweat < both


@pytest.mark.parametrize("medication", ["hydrochlorothiazide", "chlorthalidone", "furosemide", "water pill"])
def test_every_diuretic_class_counts(run, medication):
    assert "potassium.diuretic" in run({"medications": [medication]})["fired"]


def test_gitelman_syndrome_is_a_strong_risk(run):
    gitelman = _certainty(run({"conditions": ["gitelman_syndrome"]}), "potassium")
    alcohol = _certainty(run({"alcohol": "heavy"}), "potassium")
    assert gitelman > alcohol > 0


def test_potassium_rules_cite_only_for_potassium():
    for meta in rule_index().values():
        if meta.topic == "potassium":
            assert {getattr(e, "finding", None) for e in meta.effects} == {"potassium"}, meta.id
