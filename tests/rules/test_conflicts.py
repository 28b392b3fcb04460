"""Conflicts: advice a stronger finding or the person's diet contradicts is
withheld by explicit rules, replaced by its variant or dropped, and the report
says which advice was withheld, what was said instead and which rule did it."""

from __future__ import annotations

import re

import pytest

from sorewhy.knowledge import ADVICE_TAGS, load
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import Withholds

CLOT_WITH_CRAMPS = {"symptoms": ["calf_swelling", "soreness", "cramps"], "one_sided": True,
                    "locations": ["calves"], "timing": ["night"]}
CLOT_NOT_RULED_OUT = {"age": 66, "symptoms": ["soreness", "cramps"], "one_sided": True, "locations": ["calves"],
                      "timing": ["night"]}
"""One-sided calf pain at 66 without swelling: a clot is suspected (see a doctor), not urgent, so the
report still gives advice, without massage or stretching."""
OVERDRINKING_RUNNER = {"exercise_load": "intense", "exercise_hours": 4, "exercise_water_l_per_hour": 1.6,
                       "heavy_sweating": True, "hot_environment": True, "electrolyte_drinks": False,
                       "symptoms": ["wobbliness", "cramps"], "timing": ["during_exercise", "after_exercise"]}
ANIMAL = re.compile(r"\b(meats?|seafood|fish|eggs?|egg yolks|dairy|milk|poultry)\b", re.I)


def _advice(report: dict) -> str:
    return " ".join(a for f in report["findings"] for a in f["advice"])


def _withheld_by(report: dict, rule_id: str) -> list[dict]:
    return [w for w in report["withheld_advice"] if rule_id in [b["rule"] for b in w["because"]]]


def test_conflicts_every_withheld_tag_is_an_advice_tag():
    """Every tag is withheld by some rule, or kept apart from its opposite
    (knowledge/advice.yaml ``opposed``) when findings' advice is put together."""
    tags = {e.tag for m in all_rules() for e in m.effects if isinstance(e, Withholds)}
    opposed = {t for pair in load().advice.opposed for t in pair}
    assert tags <= set(ADVICE_TAGS)
    assert tags | opposed == set(ADVICE_TAGS)


def test_conflicts_every_advice_tag_is_carried_by_some_advice():
    carried = {tag for info in load().findings.values() for item in info.advice for tag in item.tags}
    assert carried == set(ADVICE_TAGS)


def test_conflicts_rules_fire_after_evidence_and_before_referral():
    for meta in all_rules():
        if all(isinstance(e, Withholds) for e in meta.effects):
            assert meta.band == "conflict", meta.id
            assert meta.topic == "conflict", meta.id


def test_conflicts_clot_withholds_massage_and_stretching(run):
    """Issue case: a swollen painful calf with cramps was told "do not massage the leg" under the
    clot and "gentle stretching and massage" under magnesium."""
    report = run(CLOT_WITH_CRAMPS)
    assert report["referral"]["level"] == "urgent"
    assert report["findings"][0]["id"] == "possible_dvt"
    assert "magnesium" in [f["id"] for f in report["findings"]]
    advice = _advice(report).lower()
    assert "do not massage or stretch the leg" in advice  # the clot's own warning stays
    for finding in report["findings"]:
        if finding["id"] != "possible_dvt":
            text = " ".join(finding["advice"]).lower()
            assert "massage" not in text and "stretch" not in text, finding["id"]
    # An urgent report gives no advice to follow at home (engine/core.py), so withholds none.
    assert report["withheld_advice"] == [] and "conflict.clot-no-massage" in report["fired"]
    report = run(CLOT_NOT_RULED_OUT)
    assert report["referral"]["level"] == "see_doctor"
    # The possible clot's own advice ("do not massage or stretch the leg", #20) is the only word of it.
    others = " ".join(a for f in report["findings"] if f["id"] != "possible_dvt" for a in f["advice"]).lower()
    assert "massage" not in others and "stretch" not in others
    withheld = _withheld_by(report, "conflict.clot-no-massage")
    # Ordinary night cramps at 66 (#20) lead, and their stretching advice is withheld too.
    assert [w["finding"] for w in withheld] == ["nocturnal_leg_cramps", "magnesium"]
    by_finding = {w["finding"]: w for w in withheld}
    assert by_finding["magnesium"]["advice"] == "Gentle stretching and massage can ease immediate soreness."
    assert by_finding["magnesium"]["instead"] is None
    assert "stretch" in by_finding["nocturnal_leg_cramps"]["advice"].lower()
    assert "conflict.clot-no-massage" in report["fired"]


def test_conflicts_clot_with_doms_keeps_the_rest_of_its_advice(run):
    report = run({"age": 66, "symptoms": ["soreness"], "one_sided": True, "locations": ["calves"],
                  "timing": ["after_exercise"], "improves_with_rest": True, "exercise_load": "intense"})
    doms = next(f for f in report["findings"] if f["id"] == "doms")
    assert "Rest; build up training gradually and warm up." in doms["advice"]
    assert not any("massage" in a for a in doms["advice"])


def test_conflicts_massage_advised_without_a_clot(run):
    report = run({"symptoms": ["cramps"], "timing": ["night"]})
    assert "Gentle stretching and massage can ease immediate soreness." in _advice(report)
    assert report["withheld_advice"] == []


def test_conflicts_overdrinking_never_says_drink_more(run):
    """Issue case: a runner drinking 1.6 L of plain water an hour for four hours, wobbly with
    cramps, was told to drink water under dehydration."""
    report = run(OVERDRINKING_RUNNER)
    ids = [f["id"] for f in report["findings"]]
    assert ids[0] == "sodium"
    assert "Drink water regularly" not in _advice(report)
    dehydration = next((f for f in report["findings"] if f["id"] == "dehydration"), None)
    if dehydration is not None:
        assert dehydration["certainty"] < 0.25
        # Its "pace your drinking" is the same line sodium already gives: said once.
        assert any(a.startswith("Pace your drinking") for f in report["findings"] for a in f["advice"])
        assert _withheld_by(report, "conflict.overdrinking-pace-drinking")
    assert "hydration.overdrinking" in report["fired"]


def test_conflicts_drinking_within_the_limit_keeps_drink_water(run):
    report = run({**OVERDRINKING_RUNNER, "exercise_water_l_per_hour": 0.6, "symptoms": ["thirst", "cramps"]})
    assert "Drink water regularly through the day, especially before, during and after exercise." in \
        _advice(report)


@pytest.mark.parametrize("profile", [
    {"conditions": ["chronic_kidney_disease"], "symptoms": ["cramps", "weakness"], "timing": ["night"]},
    {"labs": {"potassium_mmol_l": 6.1}, "symptoms": ["cramps", "weakness"], "fluid_losses": ["diarrhea"]},
], ids=["kidney-disease", "high-potassium-lab"])
def test_conflicts_no_potassium_rich_foods_with_kidney_disease_or_high_potassium(run, profile):
    """Issue case: a person with chronic kidney disease was told to eat bananas."""
    report = run(profile)
    advice = _advice(report)
    assert "Eat potassium-rich foods" not in advice
    potassium = next((f for f in report["findings"] if f["id"] == "potassium"), None)
    if potassium is not None:
        assert any(a.startswith("Do not add potassium-rich foods") for a in potassium["advice"])
        (item,) = [w for w in report["withheld_advice"] if w["finding"] == "potassium"
                   and w["advice"].startswith("Eat potassium-rich foods")]
        assert item["instead"].startswith("Do not add potassium-rich foods")
        assert {b["rule"] for b in item["because"]} & {"conflict.kidney-disease-potassium-foods",
                                                       "conflict.high-potassium-foods"}


def test_conflicts_potassium_foods_advised_without_kidney_disease(run):
    report = run({"symptoms": ["cramps", "weakness"], "fluid_losses": ["diarrhea"], "conditions": ["diabetes"]})
    assert "Eat potassium-rich foods such as bananas" in _advice(report)


def test_conflicts_vegan_is_told_only_foods_a_vegan_eats(run):
    """Issue case: a vegan was told to eat meat, seafood, fatty fish, eggs and dairy."""
    report = run({"diet": "vegan", "symptoms": ["cramps", "fatigue", "aches", "bone_pain", "pale_skin",
                                                "soreness"], "timing": ["after_exercise"],
                  "sun_exposure": "low", "low_intake": ["legumes"]})
    ids = {f["id"] for f in report["findings"]}
    assert {"vitamin_b12", "vitamin_d", "calcium", "iron"} <= ids, ids
    advice = _advice(report)
    assert not ANIMAL.search(advice), ANIMAL.search(advice)
    assert "fortified foods" in advice
    assert {w["finding"] for w in _withheld_by(report, "conflict.vegan-diet")} >= {"vitamin_d", "calcium",
                                                                                      "iron"}


def test_conflicts_vegetarian_keeps_eggs_and_dairy_but_not_meat_or_fish(run):
    report = run({"diet": "vegetarian", "symptoms": ["cramps", "aches", "bone_pain", "pale_skin"],
                  "sun_exposure": "low"})
    advice = _advice(report)
    assert not re.search(r"\b(meats?|seafood|fatty fish)\b", advice, re.I), advice
    assert "egg yolks" in advice or "dairy" in advice


def test_conflicts_pescatarian_keeps_fish(run):
    report = run({"diet": "pescatarian", "symptoms": ["pale_skin", "brittle_nails", "fatigue"]})
    iron = next(f for f in report["findings"] if f["id"] == "iron")
    assert "Eat iron-rich foods such as seafood, beans and spinach." in iron["advice"]


def test_conflicts_omnivore_advice_unchanged(run):
    report = run({"diet": "omnivore", "symptoms": ["pale_skin", "brittle_nails", "fatigue"]})
    iron = next(f for f in report["findings"] if f["id"] == "iron")
    assert "Eat iron-rich foods such as lean meats, seafood, beans and spinach." in iron["advice"]
    assert report["withheld_advice"] == []


def test_conflicts_withheld_advice_names_fired_rules_and_reported_findings(run):
    report = run({**CLOT_NOT_RULED_OUT, "diet": "vegan", "conditions": ["chronic_kidney_disease"]})
    ids = [f["id"] for f in report["findings"]]
    index = rule_index()
    assert report["withheld_advice"]
    for item in report["withheld_advice"]:
        assert item["finding"] in ids
        finding = report["findings"][ids.index(item["finding"])]
        assert item["advice"] not in finding["advice"]
        if item["instead"] is not None:
            assert item["instead"] in finding["advice"]
        for because in item["because"]:
            assert because["rule"] in report["fired"]
            assert because["says"] == index[because["rule"]].claim and because["sources"]


def test_conflicts_trace_shows_what_was_withheld(evaluator):
    from sorewhy.engine.profile import validate_profile

    evaluation = evaluator.run(validate_profile(CLOT_WITH_CRAMPS, "test", "test"), "test", trace=True)
    steps = [s for s in evaluation.state.steps if s.rule == "conflict.clot-no-massage"]
    assert steps and steps[0].asserted == ("withholds advice: massage", "withholds advice: stretching")


def test_conflicts_json_schema_of_advice_knowledge_rejects_unknown_tags():
    from pydantic import ValidationError

    from sorewhy.knowledge import AdviceItem

    with pytest.raises(ValidationError):
        AdviceItem.model_validate({"text": "Eat more cake.", "tags": ["cake"]})
    with pytest.raises(ValidationError):  # a variant that avoids none of the item's tags
        AdviceItem.model_validate({"text": "Eat meat.", "tags": ["meat"],
                                   "variants": [{"without": ["dairy"], "text": "Eat beans."}]})


# --- advice that fits the person (#20, #21) --------------------------------------------------


def _all_advice(report: dict) -> list[str]:
    return [a for f in report["findings"] for a in f["advice"]]


def test_conflicts_warfarin_no_change_of_green_vegetables(run):
    """Issue case: warfarin was not recognised and the report advised leafy greens."""
    profile = {"medications": ["warfarin 3 mg"], "symptoms": ["cramps", "spasms", "fatigue", "pale_skin"],
               "timing": ["night"], "low_intake": ["leafy_greens", "nuts_seeds", "dairy"]}
    report = run(profile)
    assert report["unrecognised_medications"] == []
    advice = " ".join(_all_advice(report))
    assert not re.search(r"leafy greens|spinach", advice, re.I), advice
    assert "conflict.anticoagulant-green-vegetables" in report["fired"]
    assert _withheld_by(report, "conflict.anticoagulant-green-vegetables")
    without = " ".join(_all_advice(run({**profile, "medications": []})))
    assert re.search(r"leafy greens", without)


@pytest.mark.parametrize("medicine", ["ramipril", "Zestril 10mg", "losartan", "candesartan", "spironolactone",
                                      "losartan/hydrochlorothiazide"])
def test_conflicts_potassium_foods_guarded_on_medicines_that_keep_potassium(run, medicine):
    """Issue case: ramipril and losartan were not recognised, so potassium food advice went out unguarded."""
    report = run({"medications": [medicine], "symptoms": ["cramps", "weakness"], "fluid_losses": ["diarrhea"]})
    advice = _all_advice(report)
    assert not any(a.startswith("Eat potassium-rich foods") for a in advice), advice
    assert any(a.startswith("Do not add potassium-rich foods") for a in advice)
    assert _withheld_by(report, "conflict.potassium-keeping-medicine")


def test_conflicts_kidney_disease_no_food_advice_for_any_mineral(run):
    """Issue case: in kidney disease, dairy, nuts and greens were still advised."""
    report = run({"conditions": ["chronic_kidney_disease"], "symptoms": ["cramps", "weakness", "spasms",
                                                                        "fatigue", "pale_skin", "tingling"],
                  "exercise_load": "moderate", "heavy_sweating": True, "fluid_losses": ["vomiting"],
                  "low_intake": ["leafy_greens", "dairy", "nuts_seeds", "meat"]})
    ids = {f["id"] for f in report["findings"]}
    assert {"magnesium", "potassium", "calcium"} <= ids
    advice = " ".join(_all_advice(report))
    for food in ("Eat more magnesium-rich", "Eat potassium-rich", "Include dairy", "Eat iron-rich",
                 "replace the salts and minerals", "oral rehydration solution"):
        assert food not in advice, food
    assert "kidney doctor or team" in advice


def test_conflicts_no_exercise_advice_for_someone_who_does_not_exercise(run):
    """Issue case: an 81-year-old who does not exercise was told to replace minerals after intense exercise."""
    profile = {"age": 81, "exercise_load": "none", "symptoms": ["cramps", "weakness", "thirst"],
               "timing": ["night"], "fluid_losses": ["diarrhea"], "heavy_sweating": True}
    advice = " ".join(_all_advice(run(profile)))
    assert not re.search(r"exercise|training|warm up", advice, re.I), advice
    exerciser = " ".join(_all_advice(run({**profile, "exercise_load": "moderate"})))
    assert "After long or intense exercise" in exerciser


@pytest.mark.parametrize("profile,finding,taken", [
    ({"supplements": ["magnesium"], "symptoms": ["cramps", "spasms", "twitching"]}, "magnesium", "magnesium"),
    ({"medications": ["magnesium glycinate"], "symptoms": ["cramps", "spasms", "twitching"]}, "magnesium",
     "magnesium"),
    ({"medications": ["Adcal-D3"], "symptoms": ["aches", "weakness", "bone_pain"], "sun_exposure": "low"},
     "vitamin_d", "vitamin D"),
    ({"medications": ["vitamin D 1000 IU"], "symptoms": ["aches", "weakness", "bone_pain"],
      "sun_exposure": "low"}, "vitamin_d", "vitamin D"),
    ({"medications": ["ferrous sulfate"], "symptoms": ["fatigue", "pale_skin", "brittle_nails"]}, "iron", "iron"),
    ({"supplements": ["b_complex"], "symptoms": ["tingling", "numbness", "fatigue"], "diet": "vegan"},
     "vitamin_b12", "vitamin B12"),
])
def test_conflicts_nothing_advised_for_a_supplement_already_taken(run, profile, finding, taken):
    """Issue case: someone already taking magnesium or vitamin D was told to eat for it."""
    report = run(profile)
    assert report["unrecognised_medications"] == []
    info = next(f for f in report["findings"] if f["id"] == finding)
    text = " ".join(info["advice"])
    (line,) = [a for a in info["advice"] if a.startswith(f"You already take {taken}")]
    assert "dose is right" in line
    assert "Do not start a supplement" not in text
    assert not re.search(r"\d+\s*(?:mg|mcg|micrograms?|iu|units?|tablets?)", line, re.I)  # never a dose


def test_conflicts_a_supplement_taken_changes_only_its_own_nutrient(run):
    report = run({"supplements": ["iron"], "symptoms": ["cramps", "spasms", "fatigue", "pale_skin"]})
    magnesium = next(f for f in report["findings"] if f["id"] == "magnesium")
    assert any(a.startswith("Eat more magnesium-rich foods") for a in magnesium["advice"])


def test_conflicts_vomiting_gets_oral_rehydration_advice(run):
    report = run({"fluid_losses": ["vomiting", "diarrhea"], "symptoms": ["cramps", "thirst"], "duration_days": 2})
    advice = " ".join(_all_advice(report))
    assert "oral rehydration solution" in advice
    assert not re.search(r"dioralyte|rehydrat\b", advice, re.I)


def test_conflicts_statin_muscle_symptoms_point_to_a_creatine_kinase_test(run):
    report = run({"medications": ["atorvastatin"], "symptoms": ["aches", "weakness"]})
    effect = next(f for f in report["findings"] if f["id"] == "medication_effect")
    assert any("creatine kinase (CK)" in a for a in effect["advice"])
    assert "creatine kinase" in load().findings["medication_effect"].confirm


def test_conflicts_one_wording_for_replacing_salts_after_long_exercise(run):
    """Sodium, potassium and dehydration said the same thing three ways; now one line, said once."""
    report = run({"exercise_load": "intense", "exercise_hours": 3, "heavy_sweating": True,
                  "hot_environment": True, "symptoms": ["cramps", "thirst", "wobbliness", "weakness"],
                  "timing": ["after_exercise"]})
    advice = _all_advice(report)
    lines = [a for a in advice if re.search(r"replace (?:the )?(?:salts|electrolytes|minerals)", a)]
    assert len(lines) == 1, lines
