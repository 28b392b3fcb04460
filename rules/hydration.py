"""Hydration, sweat and fluid loss.

The first rules here only assert intermediate facts for other topics to build
on: ``sweat_loss`` (the person loses fluid and electrolytes in sweat) and
``long_or_intense_exercise`` (their usual session is intense or lasts an hour
or more). The rest weigh the evidence for the ``dehydration`` finding.
"""

from __future__ import annotations

from sorewhy.rules.base import (
    D000,
    D001,
    D002,
    D003,
    D004,
    Against,
    Asserts,
    Inferred,
    Person,
    Supports,
    at_least,
    doc,
    has,
    has_any,
    one_of,
    ref,
    rule,
)
from sorewhy.rules.relations import table_rule
from sorewhy.rules.sodium import MORE_THAN_THE_LIMIT, WATER_LIMIT, WATER_LIMIT_L_PER_HOUR, WATER_OVERLOAD

PROLONGED_HOURS = 1.0
"""A session this long or longer counts as prolonged exercise."""

HYPONATREMIA_RISK = doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                        "During intense or prolonged exercise, a condition called hyponatremia")
LONG_SESSIONS = doc(D004, "How to Address Nutrient-Related Hamstring Pain",
                    "For longer, intense sessions, consider electrolyte-rich beverages")
LOW_INTAKE = doc(D004, "Key Points", "Low fluid intake, especially during or after exercise, can lead")
DRINK_ENOUGH = doc(D001, "How to Address a Deficiency", "Ensure you are drinking enough water throughout the day")
HEAT = doc(D004, "Dehydration and Electrolyte Imbalance",
           "especially during exercise or in hot weather, depletes electrolytes")
THIRST = doc(D003, "Vitamin Supplements for Leg Cramps and Natural Muscle Recovery",
             "When the body is dehydrated of water and minerals, we get thirsty")


class HydrationRules:
    """Rules about hydration, sweat and fluid loss."""

    @rule(
        "hydration.heavy-sweating",
        Person(heavy_sweating=True),
        effects=[Asserts("sweat_loss")],
        sources=[doc(D003, "Vitamin Supplements for Leg Cramps and Natural Muscle Recovery",
                     "When you sweat, you lose not only water but key electrolytes")],
    )
    def heavy_sweating(self):
        """Someone who sweats heavily loses electrolytes, not only water."""

    @rule(
        "hydration.training-in-heat",
        Person(hot_environment=True, exercise_load=one_of("moderate", "intense")),
        effects=[Asserts("sweat_loss")],
        sources=[HEAT],
    )
    def training_in_heat(self):
        """Training hard in the heat means losing fluid and electrolytes through sweat."""

    @rule(
        "hydration.intense-exercise",
        Person(exercise_load="intense"),
        effects=[Asserts("long_or_intense_exercise")],
        sources=[HYPONATREMIA_RISK, LONG_SESSIONS],
    )
    def hydration_intense_exercise(self):
        """Intense training is the kind of exercise in which the balance of water
        and electrolytes is most at risk."""

    @rule(
        "hydration.prolonged-exercise",
        Person(exercise_hours=at_least(PROLONGED_HOURS)),
        effects=[Asserts("long_or_intense_exercise")],
        sources=[HYPONATREMIA_RISK, LONG_SESSIONS],
        note="The documents give no length for 'prolonged'; sorewhy counts a session of an "
             "hour or more, the span document 000's per-hour drinking limit is stated in.",
    )
    def hydration_prolonged_exercise(self):
        """A session of an hour or more is prolonged exercise, in which the
        balance of water and electrolytes is at risk."""

    @rule(
        "hydration.low-fluid-intake",
        Person(daily_fluid_intake="low"),
        effects=[Supports("dehydration", 0.3)],
        sources=[LOW_INTAKE, DRINK_ENOUGH],
    )
    def hydration_low_fluid_intake(self):
        """Drinking little through the day leads to dehydration and the
        electrolyte imbalance that comes with it."""

    @rule(
        "hydration.ample-fluid-intake",
        Person(daily_fluid_intake="high"),
        effects=[Against("dehydration", 0.3)],
        sources=[LOW_INTAKE, DRINK_ENOUGH],
        note="The documents name low intake as the risk; that a high intake argues against "
             "dehydration is the project's reading. Electrolytes lost in sweat are weighed by the "
             "mineral rules, so this argues only moderately.",
    )
    def hydration_ample_fluid_intake(self):
        """Someone who drinks plenty through the day is less likely to be
        dehydrated, though sweat can still cost them electrolytes."""

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    hydration_sweat_without_electrolytes = table_rule("hydration.sweat-without-electrolytes")
    hydration_fluid_loss = table_rule("hydration.fluid-loss")

    @rule(
        "hydration.thirst",
        Person(symptoms=has("thirst")),
        effects=[Supports("dehydration", 0.35)],
        sources=[THIRST],
    )
    def hydration_thirst(self):
        """Thirst is the body's sign that it is short of water and minerals."""

    @rule(
        "hydration.exercise-cramps",
        Inferred(what="sweat_loss"),
        Person(symptoms=has("cramps"), timing=has_any("during_exercise", "after_exercise")),
        effects=[Supports("dehydration", 0.25)],
        sources=[
            doc(D001, "Key Points", "significantly worsen muscle cramps, particularly after exercise"),
            doc(D004, "Dehydration and Electrolyte Imbalance",
                "triggering involuntary muscle contractions in large muscle groups"),
            doc(D002, "How to Address Deficiencies and Alleviate Sore Calves",
                "Dehydration can worsen muscle cramps and soreness"),
        ],
    )
    def hydration_exercise_cramps(self):
        """Cramps during or after exercise in someone who sweats heavily point to
        fluid and electrolyte loss."""

    @rule(
        "hydration.heat-sweat-thirst",
        Person(heavy_sweating=True, hot_environment=True, symptoms=has("thirst")),
        effects=[Supports("dehydration", 0.25)],
        sources=[HEAT, THIRST],
    )
    def hydration_heat_sweat_thirst(self):
        """Thirst in someone who sweats heavily in the heat is the loss adding up:
        the sweat is the cause and the thirst its sign, together stronger evidence of
        dehydration than either alone."""

    @rule(
        "hydration.heat-sweat-dark-urine",
        Person(heavy_sweating=True, hot_environment=True, symptoms=has("dark_urine")),
        effects=[Supports("dehydration", 0.4)],
        sources=[
            HEAT,
            ref("MedlinePlus: Dehydration (symptoms include dark yellow urine and thirst)",
                "https://medlineplus.gov/ency/article/000982.htm"),
        ],
        note="That dark urine is a sign of dehydration is outside the documents (MedlinePlus). Dark "
             "urine stays a red flag (it can be muscle breakdown); this rule only adds dehydration "
             "to the explanations when heavy sweating in heat makes it likely.",
    )
    def hydration_heat_sweat_dark_urine(self):
        """Dark urine after sweating heavily in the heat is a sign of dehydration (and,
        with sore muscles, still needs care now in case of muscle breakdown)."""

    @rule(
        "hydration.overdrinking",
        Person(exercise_water_l_per_hour=MORE_THAN_THE_LIMIT),
        effects=[Against("dehydration", 0.4)],
        sources=[WATER_LIMIT, WATER_OVERLOAD],
        note=f"Document 000's limit is about {WATER_LIMIT_L_PER_HOUR:g} litre of water an hour of "
             "exercise. Drinking more than that is the opposite of a water shortage; electrolytes "
             "lost in sweat are weighed by the sodium and mineral rules.",
    )
    def hydration_overdrinking(self):
        """Someone who drinks more plain water than about a litre an hour of exercise
        is not short of water: it argues against dehydration (and for a diluted
        blood sodium)."""

    hydration_heavy_alcohol = table_rule("hydration.heavy-alcohol")
