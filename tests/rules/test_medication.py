"""Medicines: statins give a `medication_effect` (outside reference); every
diuretic (thiazide, loop, unnamed) works through the potassium and magnesium
it washes out (document 003), never as a second, double-counted cause; the
classes beyond the documents each lower the nutrient their reference names."""

from __future__ import annotations

import re

import pytest
from helpers import certainty as _certainty

from sorewhy.knowledge import load
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import LEVEL_OF_DISPOSITION

MY_TOPICS = {"redflag", "referral", "exercise", "medication"}
DIURETIC_NAMES = ["hydrochlorothiazide", "HCTZ", "chlorthalidone", "indapamide", "thiazide diuretic",
                  "Thiazide-like diuretic", "furosemide", "Lasix 40 mg", "bumetanide", "torsemide",
                  "water pill", "water tablet"]


@pytest.mark.parametrize("name", ["atorvastatin", "Simvastatin", "rosuvastatin", "statin", "Lipitor",
                                  "Zocor 40mg"])
def test_medication_statin_gives_medication_effect_and_a_doctor_today(run, name):
    report = run({"medications": [name], "symptoms": ["aches"]})
    finding = next(f for f in report["findings"] if f["id"] == "medication_effect")
    assert finding["kind"] == "other"
    assert any("Do not stop" in line for line in finding["advice"])
    # Each statin's NHS page: unexplained muscle pain, a doctor or 111 straight away.
    assert report["referral"]["level"] == "urgent" and report["referral"]["disposition"] == "urgent_today"
    assert "referral.medication-statin" in [r["rule"] for r in report["referral"]["reasons"]]


def test_medication_muscle_symptoms_strengthen_the_finding(run):
    alone = _certainty(run({"medications": ["pravastatin"]}), "medication_effect")
    with_pain = _certainty(run({"medications": ["pravastatin"], "symptoms": ["soreness"]}), "medication_effect")
    assert 0 < alone < with_pain


def test_medication_symptoms_ranked_first_with_a_statin(run):
    report = run({"medications": ["atorvastatin"], "symptoms": ["aches", "weakness"]})
    assert report["findings"][0]["id"] == "medication_effect"


@pytest.mark.parametrize("name", DIURETIC_NAMES)
@pytest.mark.parametrize("symptoms", [[], ["cramps"], ["aches", "tension", "numbness"]])
def test_medication_diuretic_works_through_potassium_and_magnesium(run, name, symptoms):
    """Every kind of diuretic is reasoned about alike: potassium and magnesium
    lead, and the diuretic is not a second cause of its own."""
    report = run({"medications": [name], "symptoms": symptoms})
    assert {"potassium.diuretic", "magnesium.diuretic"} <= set(report["fired"])
    assert "medication_effect" not in [f["id"] for f in report["findings"]]
    assert report["findings"][0]["id"] in ("potassium", "magnesium")
    refers = {"referral.medication-diuretic-cramps", "referral.medication-diuretic-weakness"} & set(report["fired"])
    # A diuretic refers only when the symptoms fit its effect (cramps or weakness).
    assert bool(refers) == ("cramps" in symptoms)


@pytest.mark.parametrize("thiazide,loop", [("hydrochlorothiazide", "furosemide"), ("indapamide", "bumetanide"),
                                           ("Microzide", "Lasix")])
def test_medication_loop_diuretic_reasoned_like_a_thiazide(run, thiazide, loop):
    for symptoms in ([], ["cramps"], ["soreness", "numbness"]):
        a = run({"medications": [thiazide], "symptoms": symptoms})
        b = run({"medications": [loop], "symptoms": symptoms})
        assert a["fired"] == b["fired"]
        assert a["findings"] == b["findings"]


def test_medication_diuretic_with_statin_keeps_the_electrolytes_ahead(run):
    """A statin's own effect is reported; the diuretic adds to potassium and
    magnesium, not to `medication_effect`."""
    statin = _certainty(run({"medications": ["atorvastatin"], "symptoms": ["cramps"]}), "medication_effect")
    both = run({"medications": ["atorvastatin", "Lasix"], "symptoms": ["cramps"]})
    assert _certainty(both, "medication_effect") == statin
    assert _certainty(both, "potassium") > 0 and _certainty(both, "magnesium") > 0


@pytest.mark.parametrize("medicine,finding,rule", [
    ("prednisolone", "potassium", "potassium.corticosteroid"),
    ("Medrol 4mg", "potassium", "potassium.corticosteroid"),
    ("senna", "potassium", "potassium.laxative"),
    ("Dulcolax", "potassium", "potassium.laxative"),
    ("omeprazole 20 mg", "magnesium", "magnesium.proton-pump-inhibitor"),
    ("Nexium", "vitamin_b12", "b12.proton-pump-inhibitor"),
    ("Glucophage", "vitamin_b12", "b12.metformin"),
    ("isoniazid", "vitamin_b6", "b6.isoniazid"),
    ("Dilantin", "vitamin_d", "vitamin_d.antiepileptic"),
    ("carbamazepine 200 mg twice a day", "vitamin_d", "vitamin_d.antiepileptic"),
])
def test_medication_lowering_a_nutrient_is_evidence_for_it_not_a_medication_effect(run, medicine, finding, rule):
    report = run({"medications": [medicine]})
    assert rule in report["fired"]
    assert _certainty(report, finding) > 0
    assert "medication_effect" not in [f["id"] for f in report["findings"]]


@pytest.mark.parametrize("name", ["dexamethasone", "hydrocortisone cream", "levetiracetam", "ranitidine",
                                  "an unheard-of pill"])
def test_medication_names_outside_the_classes_change_nothing(run, name):
    report = run({"medications": [name], "symptoms": ["soreness"]})
    assert report["unrecognised_medications"] == [name]
    assert not [r for r in report["fired"] if r.startswith("referral.medication")]
    assert report["findings"] == run({"symptoms": ["soreness"]})["findings"]


def test_medication_unrecognised_name_is_reported(run):
    report = run({"medications": ["an unheard-of pill", "atorvastatin"]})
    assert report["unrecognised_medications"] == ["an unheard-of pill"]
    assert "medication.statin" in report["fired"]


RECOGNISED_ONLY = {
    "painkiller": "everyday painkillers have no muscle effect of their own: they must neither refer nor "
                  "support a finding",
    "levothyroxine": "says the thyroid is treated; the underactive thyroid itself is reasoned about "
                     "through the conditions",
}


def test_medication_every_class_has_a_rule():
    """No class is recognised and then ignored: each one is tested by a rule, or
    adds a fact rules test (the combined pill: a clot risk), or is recognised
    only, on purpose (RECOGNISED_ONLY), and then no rule tests it."""
    from sorewhy.engine.introspect import rule_base

    tested = " ".join(words for shape in rule_base().shapes for words in shape.drug_class_words)
    for cls in load().drug_classes.values():
        named = re.search(rf"(?<!\w){cls.id}(?!\w)", tested)
        if cls.id in RECOGNISED_ONLY:
            assert not named, f"drug class {cls.id} is recognised only, yet a rule tests it"
        else:
            assert named or cls.facts, f"no rule tests drug class {cls.id}"


@pytest.mark.parametrize("name", ["paracetamol", "ibuprofen 400mg", "co-codamol", "aspirin", "naproxen"])
def test_medication_painkillers_neither_refer_nor_support_a_finding(run, name):
    base = {"symptoms": ["soreness"], "timing": ["after_exercise"], "improves_with_rest": True,
            "duration_days": 2, "exercise_load": "moderate"}
    without = run(base)
    report = run({**base, "medications": [name]})
    assert report["unrecognised_medications"] == []
    assert report["referral"]["level"] == without["referral"]["level"] == "self_care"
    assert [(f["id"], f["certainty"]) for f in report["findings"]] == \
        [(f["id"], f["certainty"]) for f in without["findings"]]


def test_medication_statin_generic_names_end_in_statin():
    """Every generic statin name ends in -statin."""
    generics = [g.name for g in load().drug_classes["statin"].generics]
    assert generics
    assert all(re.fullmatch(r"[a-z]*statin", n) for n in generics), generics


def test_medication_no_dose_or_trademark_in_rule_texts():
    dose = re.compile(r"\d\s*(mg|mcg|µg|iu|g|ml)\b", re.IGNORECASE)
    for meta in all_rules():
        if meta.topic not in MY_TOPICS:
            continue
        text = " ".join([meta.claim, meta.note or ""] + [getattr(s, "ref", "") for s in meta.sources])
        assert not dose.search(text), meta.id
        assert "®" not in text and "™" not in text, meta.id


# --- a medicine refers only when the symptoms fit its muscle effect (#20) -------------------

GYM_SORENESS = {"symptoms": ["soreness"], "timing": ["after_exercise"], "improves_with_rest": True,
                "duration_days": 2, "exercise_load": "moderate"}


def _referral(report):
    ref = report["referral"]
    return ref["level"], ref.get("disposition"), sorted(r["rule"] for r in ref["reasons"])


@pytest.mark.parametrize("medicine", ["omeprazole 20 mg", "metformin", "ramipril", "losartan", "warfarin",
                                      "the pill", "levothyroxine", "senna", "paracetamol", "Adcal-D3"])
def test_medication_gym_soreness_easing_with_rest_is_self_care_whatever_the_medicine(run, medicine):
    report = run({**GYM_SORENESS, "medications": [medicine]})
    assert report["referral"]["level"] == "self_care", (medicine, report["referral"])


def test_medication_statin_soreness_explained_by_exercise_does_not_refer_on_its_own(run):
    report = run({**GYM_SORENESS, "medications": ["atorvastatin"]})
    assert report["referral"]["level"] == "self_care"
    new = run({"medications": ["atorvastatin"], "symptoms": ["soreness"], "new_exercise": True})
    assert "referral.medication-statin" not in new["fired"]


@pytest.mark.parametrize("profile,rule,disposition", [
    ({"medications": ["atorvastatin"], "symptoms": ["aches"]}, "referral.medication-statin", "urgent_today"),
    ({**GYM_SORENESS, "medications": ["simvastatin"], "symptoms": ["soreness", "weakness"]},
     "referral.medication-statin-weakness", "urgent_today"),
    ({**GYM_SORENESS, "medications": ["simvastatin", "clarithromycin"]},
     "referral.medication-statin-macrolide", "doctor_soon"),
    ({**GYM_SORENESS, "medications": ["atorvastatin", "fenofibrate"]},
     "referral.medication-statin-fibrate", "doctor_soon"),
    ({"medications": ["furosemide"], "symptoms": ["weakness"]}, "referral.medication-diuretic-weakness",
     "doctor_soon"),
    ({"medications": ["bendroflumethiazide"], "symptoms": ["cramps"], "timing": ["night"]},
     "referral.medication-diuretic-cramps", "doctor_routine"),
    ({"medications": ["prednisolone"], "symptoms": ["weakness"]}, "referral.medication-steroid-weakness",
     "doctor_routine"),
])
def test_medication_refers_with_the_symptoms_of_its_effect_and_a_disposition(run, profile, rule, disposition):
    report = run(profile)
    assert report["referral"]["level"] == LEVEL_OF_DISPOSITION[disposition]
    reasons = {r["rule"] for r in report["referral"]["reasons"]}
    assert rule in reasons
    meta = rule_index()[rule]
    refer = next(e for e in meta.effects if getattr(e, "disposition", None))
    assert refer.disposition == disposition and refer.see == "gp"


@pytest.mark.parametrize("profile", [
    {"medications": ["fenofibrate"], "symptoms": ["soreness"], "new_exercise": True},
    {"medications": ["clarithromycin"], "symptoms": ["soreness"], "new_exercise": True},
    {"medications": ["furosemide"], "symptoms": ["soreness"], "new_exercise": True},
    {"medications": ["prednisolone"], "symptoms": ["aches"], "new_exercise": True},
])
def test_medication_without_its_symptoms_does_not_refer(run, profile):
    report = run(profile)
    assert not [r for r in report["fired"] if r.startswith("referral.medication")]
