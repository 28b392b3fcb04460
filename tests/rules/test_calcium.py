"""Scenario tests for the calcium rules."""

from __future__ import annotations

from helpers import LOW_DAIRY_CRAMPS
from helpers import certainty as _certainty
from helpers import evidence_rules as _evidence_rules
from helpers import finding as _finding

from sorewhy.engine.introspect import rule_base
from sorewhy.rules import rule_index


def test_low_dairy_with_cramps_and_tingling_supports_calcium(run):
    found = _finding(run(LOW_DAIRY_CRAMPS), "calcium")
    assert found is not None
    assert 0.35 <= found["certainty"] <= 0.6
    assert {e["rule"] for e in found["evidence"]} == {
        "calcium.low-dairy", "calcium.cramps-spasms", "calcium.tingling"}


def test_every_food_source_missing_is_more_evidence_than_one(run):
    dairy = _certainty(run({"low_intake": ["dairy"]}), "calcium")
    all_sources = _certainty(run({"low_intake": ["dairy", "leafy_greens", "fortified_foods"]}), "calcium")
    assert 0 < dairy < all_sources


def test_low_vitamin_d_lab_supports_calcium(run):
    low = run({"labs": {"vitamin_d_25oh_ng_ml": 12}})
    assert "calcium.low-vitamin-d" in _evidence_rules(low, "calcium")
    normal = run({"labs": {"vitamin_d_25oh_ng_ml": 35}})
    assert _finding(normal, "calcium") is None


def test_post_workout_soreness_is_not_calcium_deficiency(run):
    # Document 000's "intense workouts damage muscle, causing calcium loss" is
    # ordinary delayed soreness and is deliberately not encoded.
    report = run({"exercise_load": "intense", "symptoms": ["soreness"],
                  "timing": ["after_exercise"], "duration_days": 2, "improves_with_rest": True})
    assert not [r for r in report["fired"] if r.startswith("calcium.")]
    assert _finding(report, "calcium") is None


def test_no_calcium_rule_reads_exercise():
    exercise_keys = {"exercise_load", "exercise_hours", "hot_environment", "heavy_sweating"}
    for meta in rule_index().values():
        if meta.topic == "calcium":
            assert exercise_keys.isdisjoint(rule_base()[meta.id].person_keys()), meta.id
