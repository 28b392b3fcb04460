"""Scenario tests for the B-vitamin rules (B12, B6, B1): ranking, what a test
result does, and that an unanswered question is never read as "no"."""

from __future__ import annotations

from helpers import VEGAN_TINGLING_FEET
from helpers import certainty as _certainty
from helpers import evidence_rules as _evidence_rules
from helpers import finding as _finding

# --- B12 ---------------------------------------------------------------------


def test_b12_vegan_with_tingling_feet_and_fatigue_ranks_clearly_first(run):
    report = run(VEGAN_TINGLING_FEET)
    first, *rest = report["findings"]
    assert first["id"] == "vitamin_b12"
    assert first["certainty"] >= 0.55
    assert rest, "fatigue alone should leave other, weaker findings"
    assert first["certainty"] - rest[0]["certainty"] >= 0.2
    assert {"b12.vegan-diet", "b12.tingling-numbness", "b12.hands-feet", "b12.fatigue"} \
        <= _evidence_rules(report, "vitamin_b12")


def test_b12_fatigue_alone_stays_weak_everywhere(run):
    report = run({"symptoms": ["fatigue"]})
    assert 0 < _certainty(report, "vitamin_b12") <= 0.15
    assert all(f["certainty"] < 0.25 for f in report["findings"])


def test_b12_unknown_diet_is_not_vegan(run):
    report = run({"symptoms": ["tingling"], "locations": ["hands"]})
    assert not {"b12.vegan-diet", "b12.vegetarian-diet"} & set(report["fired"])
    assert "diet" in report["unknown"]


def test_b12_tingling_with_unknown_location_asks_where(run):
    report = run({"diet": "vegan", "symptoms": ["tingling"]})
    assert "b12.hands-feet" not in report["fired"]
    assert "locations" in report["unknown"]


def test_b12_tingling_in_the_calves_is_not_hands_and_feet(run):
    calves = run({"symptoms": ["tingling"], "locations": ["calves"]})
    feet = run({"symptoms": ["tingling"], "locations": ["feet"]})
    assert "b12.hands-feet" not in calves["fired"]
    assert _certainty(feet, "vitamin_b12") > _certainty(calves, "vitamin_b12")


def test_b12_vegan_counts_more_than_vegetarian(run):
    vegan = _certainty(run({"diet": "vegan"}), "vitamin_b12")
    vegetarian = _certainty(run({"diet": "vegetarian"}), "vitamin_b12")
    assert 0 < vegetarian < vegan <= 0.3


def test_b12_animal_foods_are_not_counted_twice_for_vegans(run):
    plain = run({"diet": "vegan"})
    listed = run({"diet": "vegan", "low_intake": ["meat", "eggs", "dairy", "fatty_fish"]})
    assert "b12.low-animal-foods" not in listed["fired"]
    assert _certainty(listed, "vitamin_b12") == _certainty(plain, "vitamin_b12")


def test_b12_few_animal_foods_count_without_a_diet_label(run):
    report = run({"low_intake": ["meat", "dairy"]})
    assert "b12.low-animal-foods" in report["fired"]
    assert 0 < _certainty(report, "vitamin_b12") < 0.25


def test_b12_metformin_is_a_risk_factor(run):
    report = run({"medications": ["metformin"]})
    assert "b12.metformin" in report["fired"]
    assert 0 < _certainty(report, "vitamin_b12") <= 0.3


def test_b12_balance_problems_with_numb_hands_is_moderate(run):
    report = run({"symptoms": ["numbness", "balance_problems"], "locations": ["hands"]})
    assert report["findings"][0]["id"] == "vitamin_b12"
    assert 0.4 <= _certainty(report, "vitamin_b12") < 0.75


# --- B6 ----------------------------------------------------------------------


def test_b6_is_concluded_only_slightly_from_diet_and_malabsorption(run):
    report = run({
        "low_intake": ["meat", "dairy", "eggs", "fatty_fish", "leafy_greens", "whole_grains"],
        "conditions": ["malabsorption"],
    })
    assert {"b6.low-intake", "b6.malabsorption"} <= set(report["fired"])
    assert 0 < _certainty(report, "vitamin_b6") < 0.25


def test_b6_two_missing_food_groups_are_not_enough(run):
    report = run({"low_intake": ["meat", "dairy"]})
    assert _finding(report, "vitamin_b6") is None


# --- B1 ----------------------------------------------------------------------


def test_b1_heavy_drinker_with_aching_calves(run):
    report = run({"alcohol": "heavy", "symptoms": ["aches"], "locations": ["calves"]})
    assert {"b1.heavy-alcohol", "b1.lower-leg-aches"} <= set(report["fired"])
    assert 0.3 < _certainty(report, "vitamin_b1") < 0.6


def test_b1_thigh_cramps_are_not_lower_leg_cramps(run):
    report = run({"symptoms": ["cramps"], "locations": ["thighs", "hamstrings"]})
    assert "b1.lower-leg-aches" not in report["fired"]
    assert _finding(report, "vitamin_b1") is None


def test_b1_cramps_with_unknown_location_ask_where(run):
    report = run({"symptoms": ["cramps"]})
    assert "b1.lower-leg-aches" not in report["fired"]
    assert "locations" in report["unknown"]


def test_b1_unknown_alcohol_is_not_heavy(run):
    report = run({"symptoms": ["aches"], "locations": ["calves"]})
    assert "b1.heavy-alcohol" not in report["fired"]
    assert "alcohol" in report["unknown"]


def test_b1_calf_cramps_alone_do_not_outrank_magnesium(run):
    report = run({"symptoms": ["cramps"], "locations": ["calves"], "timing": ["night"]})
    assert _certainty(report, "vitamin_b1") < _certainty(report, "magnesium")
