"""Scenario tests for the hydration rules and the dehydration finding."""

from __future__ import annotations

from helpers import certainty as _certainty
from helpers import finding as _finding

from sorewhy.engine.profile import validate_profile
from sorewhy.rules import rule_index
from sorewhy.rules.base import Asserts


def test_existing_sweat_loss_rules_keep_their_ids_and_effect():
    index = rule_index()
    for rid in ("hydration.heavy-sweating", "hydration.training-in-heat"):
        assert index[rid].effects == (Asserts("sweat_loss"),)


def test_thirst_with_low_fluid_intake_supports_dehydration(run):
    found = _finding(run({"daily_fluid_intake": "low", "symptoms": ["thirst"]}), "dehydration")
    assert found is not None
    assert 0.45 <= found["certainty"] <= 0.7


def test_adequate_fluid_intake_gives_no_dehydration(run):
    assert _finding(run({"daily_fluid_intake": "adequate"}), "dehydration") is None


def test_sweat_alone_does_not_mean_dehydration(run):
    report = run({"heavy_sweating": True})
    assert _finding(report, "dehydration") is None
    assert "electrolyte_drinks" in report["unknown"]


def test_sweat_without_electrolyte_drinks_supports_dehydration(run):
    report = run({"heavy_sweating": True, "electrolyte_drinks": False})
    assert "hydration.sweat-without-electrolytes" in report["fired"]
    replaced = run({"heavy_sweating": True, "electrolyte_drinks": True})
    assert _certainty(report, "dehydration") > _certainty(replaced, "dehydration") == 0.0


def test_sweaty_athlete_with_exercise_cramps_builds_up_dehydration(run):
    athlete = {"hot_environment": True, "exercise_load": "intense", "electrolyte_drinks": False}
    without = _certainty(run(athlete), "dehydration")
    with_cramps = _certainty(run({**athlete, "symptoms": ["cramps"], "timing": ["during_exercise"]}),
                             "dehydration")
    assert 0 < without < with_cramps


def test_night_cramps_are_not_exercise_cramps(run):
    report = run({"heavy_sweating": True, "symptoms": ["cramps"], "timing": ["night"]})
    assert "hydration.exercise-cramps" not in report["fired"]


def test_vomiting_supports_dehydration_and_the_electrolytes_lost_with_it(run):
    report = run({"fluid_losses": ["vomiting"]})
    for finding in ("dehydration", "potassium", "sodium", "magnesium"):
        assert _finding(report, finding) is not None, finding


def test_two_signs_of_sweat_loss_feed_each_mineral_rule_once(evaluator):
    profile = validate_profile({"heavy_sweating": True, "hot_environment": True,
                                "exercise_load": "intense"}, "<test>", "profile 'test'")
    steps = [s.rule for s in evaluator.run(profile, "test", trace=True).state.steps]
    assert {"hydration.heavy-sweating", "hydration.training-in-heat"} <= set(steps)
    for rid in ("magnesium.sweat-loss", "potassium.sweat-loss", "sodium.sweat-loss"):
        assert steps.count(rid) == 1, rid


# --- evidence that adds up (#10) ----------------------------------------------------------------

HEAT_RUN = {"heavy_sweating": True, "hot_environment": True, "exercise_load": "intense", "exercise_hours": 3,
            "symptoms": ["soreness"], "timing": ["after_exercise"]}




def test_hydration_dark_urine_after_heavy_sweating_in_heat_supports_dehydration(run):
    """Issue case: dark urine after three hours of heavy sweating in heat was urgent (right) but no
    dehydration was among the explanations."""
    report = run({**HEAT_RUN, "symptoms": ["soreness", "dark_urine"]})
    assert report["referral"]["level"] == "urgent"
    assert _certainty(report, "dehydration") >= 0.25
    assert "hydration.heat-sweat-dark-urine" in report["fired"]


def test_hydration_thirst_in_heat_adds_to_thirst_alone(run):
    thirsty_in_heat = run({**HEAT_RUN, "symptoms": ["soreness", "thirst"]})
    thirsty = run({"symptoms": ["soreness", "thirst"]})
    assert _certainty(thirsty_in_heat, "dehydration") > _certainty(thirsty, "dehydration")
    assert "hydration.heat-sweat-thirst" in thirsty_in_heat["fired"]


def test_hydration_drinking_above_the_limit_argues_against_dehydration(run):
    sweaty = {**HEAT_RUN, "electrolyte_drinks": False, "symptoms": ["soreness", "cramps"],
              "timing": ["during_exercise"]}
    within = run({**sweaty, "exercise_water_l_per_hour": 0.8})
    above = run({**sweaty, "exercise_water_l_per_hour": 1.6})
    assert _certainty(above, "dehydration") < _certainty(within, "dehydration")
    dehydration = next((f for f in above["findings"] if f["id"] == "dehydration"), None)
    if dehydration is not None:
        assert "hydration.overdrinking" in [e["rule"] for e in dehydration["against"]]
