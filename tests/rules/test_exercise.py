"""Ordinary post-exercise soreness (DOMS) and muscle strain: the profiles that
fit them rank them first, and what argues against them lowers them."""

from __future__ import annotations

import pytest
from helpers import DOMS_LIKE as DOMS
from helpers import certainty as _certainty

STRAIN = {
    "symptoms": ["soreness"],
    "recent_injury": True,
    "one_sided": True,
    "locations": ["hamstrings"],
    "severity": "moderate",
}


def test_doms_profile_ranks_doms_first_and_stays_self_care(run):
    report = run(DOMS)
    assert report["findings"][0]["id"] == "doms"
    assert report["findings"][0]["kind"] == "other"
    assert report["referral"]["level"] == "self_care"


def test_doms_profile_with_sweaty_training_still_ranks_doms_first(run):
    report = run({**DOMS, "heavy_sweating": True, "hot_environment": True, "age": 30,
                  "diet": "omnivore", "sun_exposure": "moderate"})
    assert report["findings"][0]["id"] == "doms"
    assert report["referral"]["level"] == "self_care"


def test_doms_needs_soreness_after_exercise(run):
    report = run({**DOMS, "timing": ["night"]})
    assert "doms" not in [f["id"] for f in report["findings"]]


@pytest.mark.parametrize("change", [
    {"duration_days": 20},
    {"improves_with_rest": False},
])
def test_doms_long_or_unrelieved_soreness_is_not_doms(run, change):
    report = run({**DOMS, **change})
    assert _certainty(report, "doms") < _certainty(run(DOMS), "doms") / 2
    assert report["referral"]["level"] == "see_doctor"


def test_doms_a_week_and_more_argues_against(run):
    assert "exercise.doms-lasts-too-long" in run({**DOMS, "duration_days": 8})["fired"]
    assert _certainty(run({**DOMS, "duration_days": 10}), "doms") < _certainty(run(DOMS), "doms")


def test_doms_fatigue_or_weakness_lowers_it(run):
    report = run({**DOMS, "symptoms": ["soreness", "weakness"]})
    assert 0 < _certainty(report, "doms") < _certainty(run(DOMS), "doms")


def test_doms_short_duration_adds_to_it(run):
    unknown_length = {k: v for k, v in DOMS.items() if k != "duration_days"}
    assert _certainty(run(DOMS), "doms") > _certainty(run(unknown_length), "doms")


def test_strain_profile_ranks_muscle_strain_first(run):
    report = run(STRAIN)
    assert report["findings"][0]["id"] == "muscle_strain"
    assert report["referral"]["level"] == "self_care"


def test_strain_after_exercise_outranks_doms(run):
    report = run({**STRAIN, "timing": ["after_exercise"], "exercise_load": "intense",
                  "improves_with_rest": True, "duration_days": 2})
    assert report["findings"][0]["id"] == "muscle_strain"
    assert _certainty(report, "doms") < _certainty(report, "muscle_strain")


def test_strain_one_sided_strengthens_it(run):
    both = run({**STRAIN, "one_sided": False})
    assert _certainty(run(STRAIN), "muscle_strain") > _certainty(both, "muscle_strain") > 0


def test_strain_whole_body_soreness_weakens_it(run):
    report = run({**STRAIN, "one_sided": False, "locations": ["whole_body"]})
    assert _certainty(report, "muscle_strain") < _certainty(run({**STRAIN, "one_sided": False}), "muscle_strain")


def test_strain_needs_an_injury(run):
    report = run({**STRAIN, "recent_injury": False})
    assert "muscle_strain" not in [f["id"] for f in report["findings"]]


def test_strain_severe_injury_sees_a_doctor(run):
    report = run({**STRAIN, "severity": "severe"})
    assert report["findings"][0]["id"] == "muscle_strain"
    assert report["referral"]["level"] == "see_doctor"


def test_doms_not_offered_when_urine_is_dark(run):
    report = run({**DOMS, "symptoms": ["soreness", "dark_urine"]})
    assert "doms" not in [f["id"] for f in report["findings"]]
    assert report["referral"]["level"] == "urgent"
