"""Calcium: the mineral that starts each muscle contraction.

Document 000 also says intense workouts damage muscle, "causing calcium loss",
which makes muscles sore a day or two later. That describes ordinary
delayed-onset soreness, conflicts with the other documents (none of which
names exercise as a cause of low calcium) and is not encoded as evidence of a
calcium deficiency.
"""

from __future__ import annotations

from sorewhy.rules.base import (
    D001,
    D002,
    D004,
    Lab,
    Person,
    Supports,
    doc,
    has,
    rule,
)
from sorewhy.rules.relations import table_rule


class CalciumRules:
    """Rules about calcium."""

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    calcium_low_dairy = table_rule("calcium.low-dairy")
    calcium_low_greens_fortified = table_rule("calcium.low-greens-fortified")

    @rule(
        "calcium.low-vitamin-d",
        Lab(name="vitamin_d_25oh_ng_ml", status="low"),
        effects=[Supports("calcium", 0.25)],
        sources=[
            doc(D002, "Key Points", "Insufficient vitamin D impairs calcium absorption"),
            doc(D001, "Key Points", "impairing the body's ability to absorb calcium"),
        ],
    )
    def calcium_low_vitamin_d(self):
        """The body needs vitamin D to absorb calcium, so a low vitamin D level
        makes low calcium more likely."""

    calcium_cramps_spasms = table_rule("calcium.cramps-spasms")

    @rule(
        "calcium.tingling",
        Person(symptoms=has("tingling")),
        effects=[Supports("calcium", 0.2)],
        sources=[doc(D004, "Comparing Key Nutrient Deficiencies and Their Impact",
                     "Sudden, intense muscle cramps, spasms, and tingling")],
    )
    def calcium_tingling(self):
        """Tingling, with cramps and spasms, is among the signs of low calcium."""

    calcium_weakness = table_rule("calcium.weakness")
