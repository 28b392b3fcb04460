"""Hydration, sweat and fluid loss."""

from __future__ import annotations

from sorewhy.rules.base import Asserts, Person, doc, one_of, rule

D003 = "003_52f20dec735cc842.txt"
D004 = "004_1a984ec21dd9c5b1.txt"


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
        sources=[doc(D004, "Dehydration and Electrolyte Imbalance",
                     "especially during exercise or in hot weather, depletes electrolytes")],
    )
    def training_in_heat(self):
        """Training hard in the heat means losing fluid and electrolytes through sweat."""
