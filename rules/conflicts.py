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
    Asserts,
    Inferred,
    Lab,
    Person,
    Withholds,
    doc,
    has,
    ref,
    rule,
)
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
