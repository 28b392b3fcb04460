"""Scenario tests for the sodium (hyponatremia) rules."""

from __future__ import annotations

from helpers import MARATHON_IN_HEAT
from helpers import certainty as _certainty
from helpers import finding as _finding
from hypothesis import given, settings
from hypothesis import strategies as st

from sorewhy.engine.profile import validate_profile


def test_marathon_runner_overdrinking_in_heat_ranks_sodium_first(run):
    report = run({**MARATHON_IN_HEAT, "symptoms": ["wobbliness", "cramps"]})
    assert report["findings"][0]["id"] == "sodium"
    assert report["findings"][0]["certainty"] >= 0.5
    assert "sodium.water-overload" in report["fired"]


def test_marathon_runner_overdrinking_without_symptoms_still_ranks_sodium_first(run):
    report = run(MARATHON_IN_HEAT)
    assert report["findings"][0]["id"] == "sodium"


def test_pacing_the_water_removes_the_overload_evidence(run):
    paced = run({**MARATHON_IN_HEAT, "exercise_water_l_per_hour": 0.8})
    assert "sodium.water-overload" not in paced["fired"]
    assert _certainty(paced, "sodium") < _certainty(run(MARATHON_IN_HEAT), "sodium")


def test_unknown_electrolyte_drinks_is_not_no(run):
    report = run({"heavy_sweating": True})
    assert "sodium.no-electrolyte-replacement" not in report["fired"]
    assert "electrolyte_drinks" in report["unknown"]
    said_no = run({"heavy_sweating": True, "electrolyte_drinks": False})
    assert "sodium.no-electrolyte-replacement" in said_no["fired"]
    assert _certainty(said_no, "sodium") > _certainty(report, "sodium")


def test_water_overload_asks_how_hard_or_long_when_unknown(run):
    report = run({"exercise_water_l_per_hour": 2.0})
    assert "sodium.water-overload" not in report["fired"]
    assert {"exercise_load", "exercise_hours"} <= set(report["unknown"])


def test_long_and_intense_session_counts_the_overload_once(evaluator):
    profile = validate_profile({**MARATHON_IN_HEAT}, "<test>", "profile 'test'")
    evaluation = evaluator.run(profile, "test", trace=True)
    steps = [s.rule for s in evaluation.state.steps]
    assert steps.count("sodium.water-overload") == 1
    sodium = _finding(evaluation.report, "sodium")
    assert [e["rule"] for e in sodium["evidence"]].count("sodium.water-overload") == 1


@settings(max_examples=40, deadline=None)
@given(litres=st.floats(min_value=0, max_value=5, allow_nan=False),
       hours=st.floats(min_value=0, max_value=6, allow_nan=False),
       load=st.sampled_from(["none", "light", "moderate", "intense"]))
def test_water_overload_fires_exactly_above_a_litre_in_long_or_intense_sessions(evaluator, litres, hours, load):
    report = evaluator.evaluate({"exercise_water_l_per_hour": litres, "exercise_hours": hours,
                                 "exercise_load": load}, "prop")
    expected = litres > 1.0 and (load == "intense" or hours >= 1.0)
    assert ("sodium.water-overload" in report["fired"]) == expected
