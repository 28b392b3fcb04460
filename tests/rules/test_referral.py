"""Referral: each reason to see a doctor refers on its own, fires once, never
lowers an urgent red flag; self-care is the fallback when nothing referred."""

from __future__ import annotations

import pytest
from helpers import DOMS_LIKE
from helpers import reasons as _reasons

from sorewhy.engine.profile import validate_profile
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import RuleMeta
from sorewhy.rules.referral import OLDER_AGE, PERSISTENT_DAYS, ReferralRules

# One profile change per see_doctor reason, applied on top of DOMS_LIKE.
SEE_DOCTOR = {
    "referral.persistent": {"duration_days": PERSISTENT_DAYS},
    "referral.no-rest-relief": {"improves_with_rest": False},
    "referral.severe": {"severity": "severe"},
    "referral.medication-statin-fibrate": {"medications": ["simvastatin", "fenofibrate"]},
    "referral.medication-statin-macrolide": {"medications": ["simvastatin", "clarithromycin"]},
    "referral.medication-diuretic-weakness": {"medications": ["furosemide"], "symptoms": ["soreness", "weakness"]},
    "referral.medication-diuretic-cramps": {"medications": ["furosemide"], "symptoms": ["soreness", "cramps"]},
    "referral.medication-steroid-weakness": {"medications": ["prednisolone"],
                                             "symptoms": ["soreness", "weakness"]},
    "referral.condition": {"conditions": ["malabsorption"]},
    "referral.abnormal-lab": {"labs": {"calcium_mg_dl": 11.5}},
    "referral.calf-swelling-both-sides": {"symptoms": ["soreness", "calf_swelling"], "one_sided": False},
    "referral.water-overload-symptoms": {"exercise_water_l_per_hour": 1.6, "symptoms": ["soreness", "wobbliness"]},
    "referral.one-sided-pain-older": {"age": OLDER_AGE, "one_sided": True},
    # grown with #20
    "referral.weakness-with-fluid-loss": {"fluid_losses": ["vomiting"], "symptoms": ["soreness", "weakness"]},
    "referral.spreading-weakness": {"symptoms": ["soreness", "spreading_weakness"]},
    "referral.claudication": {"symptoms": ["soreness", "pain_on_walking"]},
    "referral.pmr-features": {"age": 70, "symptoms": ["soreness", "morning_stiffness"], "locations": ["shoulders"]},
    "referral.thyroid-symptoms": {"symptoms": ["soreness", "cold_intolerance", "weight_gain"]},
    "referral.nerve-symptoms-worsening": {"symptoms": ["soreness", "tingling"], "course": "worsening"},
}
# A low result with the symptoms it explains: a reason beside referral.abnormal-lab (both see_doctor).
WITH_LAB = {
    "referral.low-b12-nerves": {"symptoms": ["soreness", "tingling"], "labs": {"vitamin_b12_pg_ml": 150}},
    "referral.low-potassium-symptoms": {"symptoms": ["soreness", "cramps"], "labs": {"potassium_mmol_l": 3.2}},
}
URGENT = {
    "referral.one-sided-pain-clot-risk": {"one_sided": True, "clot_risks": ["long_travel"]},
    "referral.flu-older": {"age": 70, "symptoms": ["soreness", "fever"]},
    "referral.flu-not-improving": {"symptoms": ["soreness", "fever"], "duration_days": 9},
    "referral.flu-at-risk": {"symptoms": ["soreness", "fever"], "conditions": ["pregnancy"]},
    "referral.vomiting-too-long": {"fluid_losses": ["vomiting"], "duration_days": 3,
                                   "symptoms": ["soreness", "thirst"]},
    # The NHS page of each statin: unexplained muscle pain or weakness, a doctor or 111 straight away.
    "referral.medication-statin": {"medications": ["simvastatin"], "timing": ["anytime"]},
    "referral.medication-statin-weakness": {"medications": ["simvastatin"], "symptoms": ["soreness", "weakness"]},
}

# Reasons that count only with one that makes the soreness itself a concern (001's FAQ:
# persistent, not improving with rest, severe), or only where a key is unknown.
ACCOMPANYING = {
    "referral.tingling-numbness": {"symptoms": ["soreness", "numbness"]},
    "referral.fatigue": {"symptoms": ["soreness", "fatigue"]},
}
UNKNOWN_SWELLING = "referral.one-sided-swelling-unknown"


def _combinable() -> dict[str, dict]:
    """The reasons that can hold together (one-sided pain and both calves swollen cannot;
    both calves swollen with severe pain after exercise, and spreading weakness with the
    numbness of referral.tingling-numbness, are red flags; vomiting with weakness for the 14 days of
    referral.persistent is vomiting for more than two days, care today; #20)."""
    return {k: v for k, v in SEE_DOCTOR.items()
            if k not in ("referral.one-sided-pain-older", "referral.calf-swelling-both-sides",
                         "referral.spreading-weakness", "referral.weakness-with-fluid-loss",
                         # a statin with soreness that rest does not ease is unexplained: care today
                         "referral.medication-statin-fibrate", "referral.medication-statin-macrolide")}


def _all_reasons() -> dict:
    """One profile with every reason that can hold together, and every
    accompanying one (their symptoms joined)."""
    profile = dict(DOMS_LIKE)
    symptoms = set(profile["symptoms"])
    medications: set[str] = set()
    for change in [*_combinable().values(), *ACCOMPANYING.values()]:
        for key, value in change.items():
            if key == "symptoms":
                symptoms |= set(value)
            elif key == "medications":
                medications |= set(value)
            else:
                profile[key] = value
    profile["symptoms"] = sorted(symptoms)
    profile["medications"] = sorted(medications)
    return profile


def _refers(meta: RuleMeta) -> bool:
    """Does the rule refer above self-care?"""
    return any(getattr(e, "level", "self_care") != "self_care" for e in meta.effects)


def test_referral_every_see_doctor_rule_has_a_case():
    ids = {m.id for m in all_rules() if m.topic == "referral" and m.id != "referral.self-care" and _refers(m)}
    assert ids == set(SEE_DOCTOR) | set(ACCOMPANYING) | {UNKNOWN_SWELLING} | set(URGENT) | set(WITH_LAB)


@pytest.mark.parametrize(("rule_id", "change"), sorted(WITH_LAB.items()))
def test_referral_low_result_with_its_symptoms_is_a_doctor_within_days(run, rule_id, change):
    report = run({**DOMS_LIKE, **change})
    assert report["referral"]["level"] == "see_doctor"
    assert sorted(_reasons(report)) == sorted(["referral.abnormal-lab", rule_id])
    without = run({**DOMS_LIKE, **change, "symptoms": ["soreness"]})
    assert rule_id not in without["fired"]


@pytest.mark.parametrize(("rule_id", "change"), sorted(URGENT.items()))
def test_referral_urgent_reason_alone_gives_urgent(run, rule_id, change):
    report = run({**DOMS_LIKE, **change})
    assert report["referral"]["level"] == "urgent"
    assert _reasons(report) == [rule_id]


@pytest.mark.parametrize(("rule_id", "change"), sorted(ACCOMPANYING.items()))
def test_referral_fatigue_or_tingling_with_improving_short_soreness_is_self_care(run, rule_id, change):
    """001's FAQ: two days of workout soreness that eases with rest, with tiredness or tingling,
    is not by itself a reason to see a doctor."""
    report = run({**DOMS_LIKE, **change})
    assert rule_id not in report["fired"]
    assert report["referral"]["level"] == "self_care"


@pytest.mark.parametrize("concern", ["referral.persistent", "referral.no-rest-relief", "referral.severe"])
@pytest.mark.parametrize(("rule_id", "change"), sorted(ACCOMPANYING.items()))
def test_referral_fatigue_or_tingling_with_concerning_soreness_is_a_reason(run, rule_id, change, concern):
    report = run({**DOMS_LIKE, **change, **SEE_DOCTOR[concern]})
    assert report["referral"]["level"] == "see_doctor"
    assert sorted(_reasons(report)) == sorted([concern, rule_id])
    reason = next(r for r in report["referral"]["reasons"] if r["rule"] == rule_id)
    assert set(reason["triggered_by"]["symptoms"]) == set(change["symptoms"]) - {"soreness"}
    concern_keys = set(SEE_DOCTOR[concern])
    assert concern_keys <= set(reason["triggered_by"]), reason["triggered_by"]


def test_referral_one_sided_pain_swelling_unknown_is_see_doctor(run):
    report = run({"one_sided": True, "locations": ["calves"], "duration_days": 2})
    assert report["referral"]["level"] == "see_doctor"
    assert _reasons(report) == [UNKNOWN_SWELLING]
    # Saying which symptoms there are (no swelling among them) answers the question.
    answered = run({"one_sided": True, "locations": ["calves"], "duration_days": 2, "symptoms": ["soreness"]})
    assert answered["referral"]["level"] == "self_care"


@pytest.mark.parametrize(("age", "level"),
                         [(OLDER_AGE - 1, "self_care"), (OLDER_AGE, "see_doctor"), (66, "see_doctor")])
def test_referral_one_sided_pain_age_threshold(run, age, level):
    report = run({"age": age, "one_sided": True, "symptoms": ["soreness"], "locations": ["calves"]})
    assert report["referral"]["level"] == level


def test_referral_one_sided_calf_pain_at_66_withholds_massage(run):
    report = run({"age": 66, "one_sided": True, "symptoms": ["soreness", "cramps"], "locations": ["calves"],
                  "timing": ["night"]})
    # the clot's own advice says not to massage or stretch; nothing else may recommend it
    advice = " ".join(a for f in report["findings"] if f["id"] != "possible_dvt" for a in f["advice"]).lower()
    assert "massage" not in advice and "stretch" not in advice
    assert "possible_dvt" in [f["id"] for f in report["findings"]]  # #20: a reason naming a clot names the finding
    assert any(w["because"][0]["rule"] == "conflict.clot-no-massage" for w in report["withheld_advice"])


def test_referral_every_reason_names_what_triggered_it(run):
    for reason in run(_all_reasons())["referral"]["reasons"]:
        assert reason["triggered_by"], f"{reason['rule']} names no trigger"


def test_referral_benign_profile_is_self_care(run):
    report = run(DOMS_LIKE)
    assert report["referral"]["level"] == "self_care"
    assert _reasons(report) == ["referral.self-care"]


@pytest.mark.parametrize(("rule_id", "change"), sorted(SEE_DOCTOR.items()))
def test_referral_reason_alone_gives_see_doctor(run, rule_id, change):
    report = run({**DOMS_LIKE, **change})
    assert report["referral"]["level"] == "see_doctor"
    assert _reasons(report) == [rule_id]
    assert "referral.self-care" not in report["fired"]


@pytest.mark.parametrize(("rule_id", "change"), sorted(SEE_DOCTOR.items()))
def test_referral_reason_never_lowers_urgent(run, rule_id, change):
    profile = {**DOMS_LIKE, **change}
    profile["symptoms"] = [*profile["symptoms"], "dark_urine"]
    report = run(profile)
    assert rule_id in report["fired"]
    assert report["referral"]["level"] == "urgent"
    assert _reasons(report) == ["redflag.dark-urine"]


def test_referral_all_reasons_together_are_listed_once_each(run):
    report = run(_all_reasons())
    assert report["referral"]["level"] == "see_doctor"
    assert sorted(_reasons(report)) == sorted([*_combinable(), *ACCOMPANYING])
    assert len(report["fired"]) == len(set(report["fired"]))


PROFILES = [
    {},
    DOMS_LIKE,
    {"symptoms": ["cramps"], "timing": ["night"]},
    {"recent_injury": True, "one_sided": True},
    {"symptoms": ["chest_pain"]},
    {"symptoms": ["calf_swelling"]},
    {"labs": {"magnesium_mg_dl": 2.0}},
    {"labs": {"magnesium_mg_dl": 1.2}},
    {"medications": ["an unheard-of pill"]},
    *({**DOMS_LIKE, **change} for change in SEE_DOCTOR.values()),
]


@pytest.mark.parametrize("profile", PROFILES)
def test_referral_self_care_only_when_nothing_else_referred(run, profile):
    report = run(profile)
    index = rule_index()
    others = [r for r in report["fired"] if _refers(index[r])]
    assert ("referral.self-care" in report["fired"]) == (not others)
    assert (report["referral"]["level"] == "self_care") == (not others)


def test_referral_self_care_is_the_last_rule_of_module_and_base():
    defined = [v.meta.id for v in vars(ReferralRules).values() if isinstance(getattr(v, "meta", None), RuleMeta)]
    assert defined[-1] == "referral.self-care"
    ordered = all_rules()
    assert ordered[-1].id == "referral.self-care"
    assert ordered[-1].salience < min(m.salience for m in ordered[:-1])


@pytest.mark.parametrize(("days", "level"), [(PERSISTENT_DAYS - 1, "self_care"), (PERSISTENT_DAYS, "see_doctor")])
def test_referral_persistent_threshold(run, days, level):
    assert run({**DOMS_LIKE, "duration_days": days})["referral"]["level"] == level


def test_referral_persistent_says_the_threshold_is_sorewhys_reading():
    meta = rule_index()["referral.persistent"]
    assert str(PERSISTENT_DAYS) in meta.note
    assert "reading" in meta.claim and "reading" in meta.note


@pytest.mark.parametrize("labs", [{"vitamin_d_25oh_ng_ml": 80}, {"sodium_mmol_l": 150}, {"ferritin_ng_ml": 5}])
def test_referral_abnormal_lab_high_or_low(run, labs):
    report = run({"labs": labs})
    assert report["referral"]["level"] == "see_doctor"
    assert "referral.abnormal-lab" in _reasons(report)


def test_referral_normal_labs_do_not_refer(run):
    report = run({"labs": {"magnesium_mg_dl": 2.0, "potassium_mmol_l": 4.2, "calcium_mg_dl": 9.5}})
    assert report["referral"]["level"] == "self_care"


def test_referral_abnormal_lab_counts_once_with_many_abnormal_labs(evaluator):
    labs = {"potassium_mmol_l": 3.0, "sodium_mmol_l": 130, "calcium_mg_dl": 11.0}
    evaluation = evaluator.run(validate_profile({"labs": labs}, "test", "test"), "test", trace=True)
    report = evaluation.report
    assert report["fired"].count("referral.abnormal-lab") == 1
    assert _reasons(report) == ["referral.abnormal-lab"]
    steps = [s for s in evaluation.state.steps if s.rule == "referral.abnormal-lab"]
    # the trace shows each abnormal lab it matched; only the first match concludes anything
    assert {f["name"] for s in steps for f in s.facts} == set(labs)
    assert steps[0].asserted == ("referral: see_doctor (doctor_routine)",)
    assert all(s.asserted == () for s in steps[1:])


def test_referral_unrecognised_medication_does_not_refer(run):
    report = run({**DOMS_LIKE, "medications": ["an unheard-of pill"]})
    assert report["referral"]["level"] == "self_care"
    assert report["unrecognised_medications"] == ["an unheard-of pill"]
