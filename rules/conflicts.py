"""Conflicts: advice that a stronger finding, or the person's own diet,
contradicts, withheld from the report by explicit rules.

Advice lives in knowledge/findings.yaml, each item tagged with what it
recommends (``massage``, ``stretching``, ``drink_more``,
``potassium_rich_foods``, or a food group: ``meat``, ``fish``, ``eggs``,
``dairy``) and, where the documents allow, worded without it. Each rule here
withholds one or more tags; the report then shows the variant without them,
or drops the item, and lists it under ``withheld_advice`` with the rules that
withheld it (engine/advice.py). The rules fire in their own band, after the
evidence and before referral, and appear in the trace like any other.

Two intermediate facts are hooks other rules assert: ``clot_suspected`` (a red
flag for a clot, or one-sided leg pain a clot has not been ruled out for) and
``high_potassium`` (a blood potassium above its range).
"""

from __future__ import annotations

from sorewhy.rules.base import (
    B12_ANIMAL,
    D000,
    D002,
    D004,
    NOT,
    Asserts,
    Inferred,
    Lab,
    Person,
    Withholds,
    doc,
    has,
    has_any,
    ref,
    rule,
)
from sorewhy.rules.hydration import LONG_SESSIONS
from sorewhy.rules.redflags import NHS_DVT
from sorewhy.rules.sodium import MORE_THAN_THE_LIMIT, WATER_OVERLOAD

ANIMAL_FOODS = ("meat", "fish", "eggs", "dairy")
"""The food-group tags a vegan diet excludes."""

MEDLINEPLUS_HIGH_POTASSIUM = ref(
    "MedlinePlus: High potassium level (kidney failure is a common cause; a low-potassium diet may be needed)",
    "https://medlineplus.gov/ency/article/001179.htm")
ODS_POTASSIUM = ref("NIH Office of Dietary Supplements: Potassium fact sheet (people with chronic kidney "
                    "disease may need to limit potassium)",
                    "https://ods.od.nih.gov/factsheets/Potassium-Consumer/")
NHS_WARFARIN = ref("NHS: Warfarin (vitamin K in food, mostly green leafy vegetables, changes how warfarin works: "
                   "keep your diet stable)", "https://www.nhs.uk/medicines/warfarin/")
NHS_RAMIPRIL = ref("NHS: Ramipril (it can raise the potassium in your blood: no potassium supplements or salt "
                   "substitutes unless a doctor says so)", "https://www.nhs.uk/medicines/ramipril/")
NHS_LOSARTAN = ref("NHS: Losartan (it can raise the potassium in your blood)", "https://www.nhs.uk/medicines/losartan/")
NHS_SPIRONOLACTONE_K = ref("NHS: Spironolactone (it can raise the potassium in your blood; avoid foods and "
                           "supplements high in potassium unless a doctor says so)",
                           "https://www.nhs.uk/medicines/spironolactone/")
NHS_CKD_TREATMENT = ref("NHS: Chronic kidney disease, treatment (you may be advised to limit potassium, phosphate "
                        "and salt in your diet)", "https://www.nhs.uk/conditions/kidney-disease/treatment/")
CORRECT_DOSAGE = doc(D004, "How to Address Nutrient-Related Hamstring Pain",
                     "ensure correct dosage and avoid potential interactions")
WARM_UP = doc(D004, "How to Address Nutrient-Related Hamstring Pain",
              "Ensure you warm up adequately, stretch, and allow for proper rest")
TAKEN_NOTE = ("The documents say to consult a professional before any supplement, to get the dose right. "
              "Someone who already takes it is not told to get more of it from food or another "
              "supplement: they are asked to check with a doctor or pharmacist that the dose is right.")

B12_DIETS = doc(D002, "Vitamin B12 and Nerve Function",
                "vegetarians and vegans are particularly at risk and should consider fortified foods")


class ConflictRules:
    """Rules about conflicts between advice and stronger findings."""

    @rule(
        "conflict.clot-no-massage",
        Inferred(what="clot_suspected"),
        effects=[Withholds("massage"), Withholds("stretching")],
        sources=[NHS_DVT,
                 ref("MedlinePlus: Deep venous thrombosis (the clot can break loose and travel to the lungs)",
                     "https://medlineplus.gov/ency/article/000156.htm")],
        note="Blood clots are outside the documents, whose advice to stretch and massage sore muscles "
             "assumes there is none. A clot in a deep vein can break loose and travel to the lungs "
             "(MedlinePlus), so no massage or stretching of the leg is advised until a doctor has ruled "
             "one out.",
    )
    def conflict_clot_no_massage(self):
        """When a blood clot in the leg is possible, massaging or stretching the leg
        could loosen it: that advice is withheld until a doctor has seen the leg."""

    @rule(
        "conflict.overdrinking-pace-drinking",
        Person(exercise_water_l_per_hour=MORE_THAN_THE_LIMIT),
        effects=[Withholds("drink_more")],
        sources=[
            doc(D000, "The Deficiency Causing Sore Muscles After Workouts", "Pace your drinking while exercising"),
            WATER_OVERLOAD,
        ],
    )
    def conflict_overdrinking_pace_drinking(self):
        """Someone who already drinks more plain water than about a litre an hour of
        exercise must not be told to drink more: they are told to pace their
        drinking instead, since too much water dilutes blood sodium."""

    @rule(
        "conflict.kidney-disease-potassium-foods",
        Person(conditions=has("chronic_kidney_disease")),
        effects=[Withholds("potassium_rich_foods")],
        sources=[MEDLINEPLUS_HIGH_POTASSIUM, ODS_POTASSIUM],
        note="The documents recommend potassium-rich foods to everyone. With chronic kidney disease the "
             "kidneys may not clear potassium, and MedlinePlus and the NIH Office of Dietary Supplements "
             "say such people may need to limit it: that advice waits for their doctor.",
    )
    def conflict_kidney_disease_potassium_foods(self):
        """With chronic kidney disease potassium can build up in the blood, so eating
        more potassium-rich foods is not advised until the doctor who manages the
        kidneys says so."""

    @rule(
        "conflict.potassium-high-lab",
        Lab(name="potassium_mmol_l", status="high"),
        effects=[Asserts("high_potassium")],
        sources=[MEDLINEPLUS_HIGH_POTASSIUM],
        note="Outside the documents: a blood potassium above its reference range is high potassium "
             "(hyperkalemia), which MedlinePlus says can upset the heart rhythm.",
        maintainer="The hook for other blood-result rules: any rule that finds a high potassium should "
                   "assert high_potassium, which conflict.high-potassium-foods builds on.",
    )
    def conflict_potassium_high_lab(self):
        """A blood potassium above its reference range means the body already holds
        too much potassium."""

    @rule(
        "conflict.high-potassium-foods",
        Inferred(what="high_potassium"),
        effects=[Withholds("potassium_rich_foods")],
        sources=[MEDLINEPLUS_HIGH_POTASSIUM],
        note="Outside the documents: MedlinePlus says a high potassium may call for a low-potassium "
             "diet, the opposite of the documents' general advice to eat potassium-rich foods.",
    )
    def conflict_high_potassium_foods(self):
        """With a high blood potassium, advice to eat potassium-rich foods would make
        it worse: it is withheld until a doctor has seen the result."""

    @rule(
        "conflict.vegan-diet",
        Person(diet="vegan"),
        effects=[Withholds(tag) for tag in ANIMAL_FOODS],
        sources=[B12_ANIMAL, B12_DIETS],
    )
    def conflict_vegan_diet(self):
        """A vegan eats no meat, fish, eggs or dairy: food advice names the plant and
        fortified foods that give the same nutrients instead."""

    @rule(
        "conflict.vegetarian-diet",
        Person(diet="vegetarian"),
        effects=[Withholds("meat"), Withholds("fish")],
        sources=[B12_DIETS],
    )
    def conflict_vegetarian_diet(self):
        """A vegetarian eats no meat or fish: food advice names the other foods that
        give the same nutrients instead."""

    @rule(
        "conflict.pescatarian-diet",
        Person(diet="pescatarian"),
        effects=[Withholds("meat")],
        sources=[B12_ANIMAL],
    )
    def conflict_pescatarian_diet(self):
        """A pescatarian eats fish but no meat: food advice names fish and other foods
        instead of meat."""

    # --- advice that fits the person (#20, #21) ----------------------------------------

    @rule(
        "conflict.anticoagulant-green-vegetables",
        Person(drug_classes=has("anticoagulant")),
        effects=[Withholds("green_vegetables")],
        sources=[NHS_WARFARIN],
        note="Outside the documents, whose food advice names leafy greens: the NHS says the vitamin K in "
             "green leafy vegetables changes how warfarin works, so the amount eaten should stay steady. "
             "Any blood thinner is treated alike, as a person may not say which one.",
    )
    def conflict_anticoagulant_green_vegetables(self):
        """Someone taking a blood thinner such as warfarin should keep the amount of
        green vegetables they eat steady: no advice to eat more of them is given."""

    @rule(
        "conflict.potassium-keeping-medicine",
        Person(drug_classes=has_any("ace_inhibitor", "sartan", "potassium_sparing_diuretic")),
        effects=[Withholds("potassium_rich_foods")],
        sources=[NHS_RAMIPRIL, NHS_LOSARTAN, NHS_SPIRONOLACTONE_K],
        note="Outside the documents, which recommend potassium-rich foods to everyone: ACE inhibitors, "
             "sartans and potassium-sparing diuretics keep potassium in the blood, and the NHS asks people "
             "taking them not to add potassium unless a doctor says so, as in kidney disease.",
    )
    def conflict_potassium_keeping_medicine(self):
        """Some blood pressure and heart medicines (ACE inhibitors such as ramipril,
        sartans such as losartan, and spironolactone) keep potassium in the blood:
        no advice to eat more potassium until a doctor has checked it."""

    @rule(
        "conflict.kidney-disease-mineral-foods",
        Person(conditions=has("chronic_kidney_disease")),
        effects=[Withholds("mineral_foods")],
        sources=[NHS_CKD_TREATMENT, MEDLINEPLUS_HIGH_POTASSIUM],
        note="Outside the documents: with chronic kidney disease the kidneys may not clear minerals, and "
             "the NHS says people may be advised to limit potassium, phosphate and salt. No food or drink "
             "advice for any mineral is given until the kidney team says so.",
    )
    def conflict_kidney_disease_mineral_foods(self):
        """With chronic kidney disease no advice to take in more of any mineral from
        food or drink is given until the kidney doctor or team says so."""

    @rule(
        "conflict.no-exercise-no-training-advice",
        Person(exercise_load="none"),
        NOT(Person(new_exercise=True)),
        NOT(Person(timing=has_any("after_exercise", "during_exercise"))),
        effects=[Withholds("exercise")],
        sources=[LONG_SESSIONS, WARM_UP],
        maintainer="Unknown exercise is not 'none': only a person who says they do not exercise, and "
                   "whose soreness is not tied to exercise, loses the exercise advice.",
    )
    def conflict_no_exercise_no_training_advice(self):
        """Advice about exercise sessions (replacing what is lost in sweat, warming
        up, building up training) is for people who exercise: someone who does
        not, and whose soreness is not tied to exercise, is not given it."""

    @rule(
        "conflict.takes-magnesium",
        Person(supplements=has("magnesium")),
        effects=[Withholds("more_magnesium")],
        sources=[CORRECT_DOSAGE],
        note=TAKEN_NOTE,
    )
    def conflict_takes_magnesium(self):
        """Someone who already takes magnesium is not told to get more of it, but to
        ask a doctor or pharmacist whether the dose is right."""

    @rule(
        "conflict.takes-potassium",
        Person(supplements=has("potassium")),
        effects=[Withholds("more_potassium")],
        sources=[CORRECT_DOSAGE],
        note=TAKEN_NOTE,
    )
    def conflict_takes_potassium(self):
        """Someone who already takes potassium is not told to get more of it, but to
        ask a doctor or pharmacist whether the dose is right."""

    @rule(
        "conflict.takes-calcium",
        Person(supplements=has("calcium")),
        effects=[Withholds("more_calcium")],
        sources=[CORRECT_DOSAGE],
        note=TAKEN_NOTE,
    )
    def conflict_takes_calcium(self):
        """Someone who already takes calcium is not told to get more of it, but to ask
        a doctor or pharmacist whether the dose is right."""

    @rule(
        "conflict.takes-vitamin-d",
        Person(supplements=has("vitamin_d")),
        effects=[Withholds("more_vitamin_d")],
        sources=[CORRECT_DOSAGE],
        note=TAKEN_NOTE,
    )
    def conflict_takes_vitamin_d(self):
        """Someone who already takes vitamin D is not told to get more of it, but to
        ask a doctor or pharmacist whether the dose is right."""

    @rule(
        "conflict.takes-vitamin-b12",
        Person(supplements=has_any("vitamin_b12", "b_complex")),
        effects=[Withholds("more_vitamin_b12")],
        sources=[CORRECT_DOSAGE],
        note=TAKEN_NOTE + " A vitamin B complex holds vitamin B12.",
    )
    def conflict_takes_vitamin_b12(self):
        """Someone who already takes vitamin B12 (alone or in a B complex) is not told
        to get more of it, but to ask a doctor or pharmacist whether the dose and
        the form are right."""

    @rule(
        "conflict.takes-b-vitamins",
        Person(supplements=has_any("b_complex", "multivitamin")),
        effects=[Withholds("more_vitamin_b6"), Withholds("more_vitamin_b1")],
        sources=[CORRECT_DOSAGE],
        note=TAKEN_NOTE + " A vitamin B complex or a multivitamin holds vitamins B6 and B1.",
    )
    def conflict_takes_b_vitamins(self):
        """Someone who already takes B vitamins (a B complex or a multivitamin) is not
        told to get more vitamin B6 or B1, but to ask a doctor or pharmacist whether
        the dose is right."""

    @rule(
        "conflict.takes-iron",
        Person(supplements=has("iron")),
        effects=[Withholds("more_iron")],
        sources=[CORRECT_DOSAGE],
        note=TAKEN_NOTE,
    )
    def conflict_takes_iron(self):
        """Someone who already takes iron is not told to get more of it, but to ask a
        doctor or pharmacist whether the dose is right."""

    @rule(
        "conflict.takes-electrolytes",
        Person(supplements=has("electrolytes")),
        effects=[Withholds("more_electrolytes")],
        sources=[CORRECT_DOSAGE],
        note=TAKEN_NOTE,
    )
    def conflict_takes_electrolytes(self):
        """Someone who already takes electrolytes is not told again to replace the
        salts lost in sweat."""

    @rule(
        "conflict.already-replaces-electrolytes",
        Person(electrolyte_drinks=True),
        effects=[Withholds("more_electrolytes")],
        sources=[LONG_SESSIONS],
        note="The document advises electrolyte drinks for long, intense sessions; someone who already "
             "replaces electrolytes when training is not told to do what they already do.",
    )
    def conflict_already_replaces_electrolytes(self):
        """Someone who already replaces electrolytes when training is not told again
        to replace the salts lost in sweat."""
