"""Magnesium: the mineral that lets muscles relax after contracting."""

from __future__ import annotations

from sorewhy.rules.base import (
    D001,
    D004,
    Person,
    Supports,
    doc,
    has_any,
    rule,
)
from sorewhy.rules.relations import table_rule


class MagnesiumRules:
    """Rules about magnesium."""

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    low_intake = table_rule("magnesium.low-intake")
    sweat_loss = table_rule("magnesium.sweat-loss")
    diuretic = table_rule("magnesium.diuretic")
    diuretic_muscle_symptoms = table_rule("magnesium.diuretic-muscle-symptoms")
    proton_pump_inhibitor = table_rule("magnesium.proton-pump-inhibitor")
    gitelman = table_rule("magnesium.gitelman")
    heavy_alcohol = table_rule("magnesium.heavy-alcohol")
    fluid_loss = table_rule("magnesium.fluid-loss")
    cramps_spasms = table_rule("magnesium.cramps-spasms")
    night_cramps = table_rule("magnesium.night-cramps")

    @rule(
        "magnesium.twitching-tension",
        Person(symptoms=has_any("twitching", "tension")),
        effects=[Supports("magnesium", 0.2)],
        sources=[
            doc(D004, "Comparing Key Nutrient Deficiencies and Their Impact", "involuntary twitching"),
            doc(D001, "Key Points", "A lack of magnesium can lead to persistent muscle tension"),
        ],
    )
    def twitching_tension(self):
        """Involuntary twitching and muscle tension that will not let go are signs of
        low magnesium (muscles that cannot relax)."""
