"""Red flags: every one gives `urgent`, whatever else the profile says, fires
before any other rule, and, while unknown, is what the interview asks first."""

from __future__ import annotations

import pytest
from helpers import DOMS_LIKE
from helpers import reasons as _reasons

from sorewhy.engine.profile import enum_values
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import Refer, Supports

RED_FLAGS = {
    "chest_pain": "redflag.chest-pain",
    "seizures": "redflag.seizures",
    "confusion": "redflag.confusion",
    "paralysis": "redflag.paralysis",
    "irregular_heartbeat": "redflag.irregular-heartbeat",
    "palpitations": "redflag.palpitations",
    "dark_urine": "redflag.dark-urine",
    "tense_swelling": "redflag.tense-swelling",  # grown with #20
}


def _with_symptom(profile: dict, symptom: str) -> dict:
    return {**profile, "symptoms": [*profile.get("symptoms", []), symptom]}


def test_red_flag_benign_profile_is_self_care(run):
    report = run(DOMS_LIKE)
    assert report["referral"]["level"] == "self_care"


@pytest.mark.parametrize(("symptom", "rule_id"), sorted(RED_FLAGS.items()))
def test_red_flag_gives_urgent_even_with_benign_facts(run, symptom, rule_id):
    report = run(_with_symptom(DOMS_LIKE, symptom))
    assert report["referral"]["level"] == "urgent"
    assert rule_id in _reasons(report)
    assert report["fired"][0] == rule_id
    assert "referral.self-care" not in report["fired"]


@pytest.mark.parametrize(("symptom", "rule_id"), sorted(RED_FLAGS.items()))
def test_red_flag_gives_urgent_on_its_own(run, symptom, rule_id):
    report = run({"symptoms": [symptom]})
    assert report["referral"]["level"] == "urgent"
    assert _reasons(report) == [rule_id]


@pytest.mark.parametrize(("symptom", "rule_id"), sorted(RED_FLAGS.items()))
def test_red_flag_wins_over_every_see_doctor_reason(run, symptom, rule_id):
    profile = {
        "symptoms": ["soreness", "fatigue", "tingling", "cramps", symptom],
        "duration_days": 30,
        "improves_with_rest": False,
        "severity": "severe",
        "medications": ["furosemide"],  # a statin's unexplained pain is itself care today (#20)
        "conditions": ["chronic_kidney_disease"],
        "labs": {"potassium_mmol_l": 3.0},
    }
    report = run(profile)
    assert report["referral"]["level"] == "urgent"
    assert rule_id in _reasons(report)
    assert all(r.startswith("redflag.") for r in _reasons(report))


def test_red_flag_symptoms_are_in_the_vocabulary():
    symptoms = set(enum_values("symptoms"))
    assert set(RED_FLAGS) | {"calf_swelling"} <= symptoms


def test_red_flag_several_at_once_are_all_reasons(run):
    report = run({"symptoms": ["confusion", "dark_urine", "seizures"]})
    assert report["referral"]["level"] == "urgent"
    assert set(_reasons(report)) == {"redflag.confusion", "redflag.dark-urine", "redflag.seizures"}


def test_red_flag_rules_refer_urgently_and_say_how_soon_as_their_disposition_does():
    red = [m for m in all_rules() if m.topic == "redflag"]
    assert len(red) >= len(RED_FLAGS) + 2
    for meta in red:
        refer = next(e for e in meta.effects if isinstance(e, Refer))
        assert refer.level == "urgent", meta.id
        assert meta.band == "red_flag", meta.id
        # The claim says what the disposition says (#21): now for an emergency, today for the same day.
        words = ("now",) if refer.disposition == "emergency_now" else ("today", "same day")
        assert any(w in meta.claim for w in words), f"{meta.id}: the claim must say {words} ({refer.disposition})"


def test_red_flag_rules_come_first_in_the_rule_base():
    topics = [m.topic for m in all_rules()]
    last_red = max(i for i, t in enumerate(topics) if t == "redflag")
    assert set(topics[: last_red + 1]) == {"redflag"}


# --- calf swelling --------------------------------------------------------------


def test_calf_swelling_one_sided_is_urgent_and_a_possible_clot(run):
    report = run({**DOMS_LIKE, "symptoms": ["soreness", "calf_swelling"], "locations": ["calves"],
                  "one_sided": True})
    assert report["referral"]["level"] == "urgent"
    assert _reasons(report) == ["redflag.calf-swelling-one-sided"]
    assert report["findings"][0]["id"] == "possible_dvt"
    assert "redflag.calf-swelling-side-unknown" not in report["fired"]


def test_calf_swelling_side_unknown_is_still_urgent(run):
    report = run({**DOMS_LIKE, "symptoms": ["soreness", "calf_swelling"], "locations": ["calves"]})
    assert report["referral"]["level"] == "urgent"
    assert _reasons(report) == ["redflag.calf-swelling-side-unknown"]
    assert "possible_dvt" in [f["id"] for f in report["findings"]]
    # knowing the side would change the finding: the interview should ask it
    assert "one_sided" in report["unknown"]


def test_calf_swelling_side_unknown_is_weaker_evidence_of_a_clot_than_one_sided():
    known = rule_index()["redflag.calf-swelling-one-sided"].effects
    unknown = rule_index()["redflag.calf-swelling-side-unknown"].effects
    cf = {m: next(e.cf for e in eff if isinstance(e, Supports) and e.finding == "possible_dvt")
          for m, eff in (("known", known), ("unknown", unknown))}
    assert 0 < cf["unknown"] < cf["known"]


def test_calf_swelling_both_sides_is_see_doctor_not_urgent(run):
    report = run({**DOMS_LIKE, "symptoms": ["soreness", "calf_swelling"], "locations": ["calves"],
                  "one_sided": False})
    assert report["referral"]["level"] == "see_doctor"
    assert _reasons(report) == ["referral.calf-swelling-both-sides"]
    assert not any(r.startswith("redflag.") for r in report["fired"])
    assert "possible_dvt" not in [f["id"] for f in report["findings"]]


def test_calf_swelling_one_sided_after_an_injury_is_still_urgent(run):
    report = run({"symptoms": ["soreness", "calf_swelling"], "locations": ["calves"],
                  "one_sided": True, "recent_injury": True})
    assert report["referral"]["level"] == "urgent"
    assert {"possible_dvt", "muscle_strain"} <= {f["id"] for f in report["findings"]}


# --- unknown red-flag keys are asked first ------------------------------------------


def test_unknown_symptoms_ranked_first_in_empty_profile(run):
    assert run({})["unknown"][0] == "symptoms"


def test_unknown_symptoms_ranked_first_when_everything_else_is_given(run):
    profile = {k: v for k, v in DOMS_LIKE.items() if k != "symptoms"}
    profile.update({"age": 40, "sex": "male", "diet": "omnivore", "medications": [],
                    "conditions": [], "alcohol": "none", "one_sided": False})
    report = run(profile)
    assert report["referral"]["level"] == "self_care"
    assert report["unknown"][0] == "symptoms"


def test_unknown_symptoms_not_asked_once_given(run):
    assert "symptoms" not in run(DOMS_LIKE)["unknown"]
