"""Sodium: low blood sodium (hyponatremia), from sweat lost without
replacement and from drinking too much plain water during long or hard
exercise."""

from __future__ import annotations

from sorewhy.rules.base import (
    D000,
    Inferred,
    Person,
    Supports,
    doc,
    has,
    more_than,
    rule,
)
from sorewhy.rules.relations import table_rule

WATER_LIMIT_L_PER_HOUR = 1.0
"""Document 000's limit, 34 ounces of water per hour of exercise, in litres."""

MORE_THAN_THE_LIMIT = more_than(WATER_LIMIT_L_PER_HOUR)

WATER_LIMIT = doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                  "limit yourself to no more than 34 ounces of water per hour")
"""The passage the limit comes from."""
WATER_OVERLOAD = doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                     "When you drink large amounts of water during intensive exercise")
"""Drinking too much water during exercise (hyponatremia; no dehydration; pace drinking)."""


class SodiumRules:
    """Rules about sodium."""

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    sodium_sweat_loss = table_rule("sodium.sweat-loss")
    sodium_no_electrolyte_replacement = table_rule("sodium.no-electrolyte-replacement")

    @rule(
        "sodium.water-overload",
        Person(exercise_water_l_per_hour=MORE_THAN_THE_LIMIT),
        Inferred(what="long_or_intense_exercise"),
        effects=[Supports("sodium", 0.3)],
        sources=[WATER_OVERLOAD, WATER_LIMIT],
        note="34 ounces is about 1.0 litre; the rule fires above 1.0 L of plain water per hour "
             "in intense sessions or sessions of an hour or more.",
    )
    def sodium_water_overload(self):
        """Drinking more than about a litre of plain water an hour during intense
        or prolonged exercise dilutes the blood's sodium faster than sweat
        removes water (hyponatremia)."""

    @rule(
        "sodium.wobbliness",
        Person(symptoms=has("wobbliness")),
        effects=[Supports("sodium", 0.35)],
        sources=[doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                     "This can cause you to feel wobbly and sore")],
    )
    def sodium_wobbliness(self):
        """Feeling wobbly, alongside soreness, is the sign the documents give for
        sodium lost in sweat."""

    sodium_fluid_loss = table_rule("sodium.fluid-loss")
