"""Calcium: the mineral that starts each muscle contraction.

Document 000 also says intense workouts damage muscle, "causing calcium loss",
which makes muscles sore a day or two later. That describes ordinary
delayed-onset soreness, conflicts with the other documents (none of which
names exercise as a cause of low calcium) and is not encoded as evidence of a
calcium deficiency.
"""

from __future__ import annotations

from sorewhy.rules.base import (
    D000,
    D001,
    D002,
    D004,
    Lab,
    Person,
    Supports,
    doc,
    has,
    has_any,
    rule,
)

GOOD_SOURCES = doc(D004, "Calcium and Muscle Contraction",
                   "Dairy products, fortified foods, and dark leafy greens are good sources")


class CalciumRules:
    """Rules about calcium."""

    @rule(
        "calcium.low-dairy",
        Person(low_intake=has("dairy")),
        effects=[Supports("calcium", 0.2)],
        sources=[
            doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                "Dairy products and green, leafy veggies are calcium-rich"),
            GOOD_SOURCES,
        ],
    )
    def calcium_low_dairy(self):
        """Rarely eating dairy products, the richest food source of calcium,
        makes a low calcium intake more likely."""

    @rule(
        "calcium.low-greens-fortified",
        Person(low_intake=has_any("leafy_greens", "fortified_foods")),
        effects=[Supports("calcium", 0.15)],
        sources=[
            doc(D001, "Table: Common Deficiencies and Associated Muscle Symptoms",
                "Dairy products, leafy greens, fortified foods"),
            GOOD_SOURCES,
        ],
    )
    def calcium_low_greens_fortified(self):
        """Rarely eating leafy greens or fortified foods, the other food sources
        of calcium besides dairy, makes a low calcium intake more likely."""

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

    @rule(
        "calcium.cramps-spasms",
        Person(symptoms=has_any("cramps", "spasms")),
        effects=[Supports("calcium", 0.15)],
        sources=[
            doc(D004, "Calcium and Muscle Contraction", "causing sudden cramps or spasms"),
            doc(D001, "Frequently Asked Questions",
                "low calcium levels can cause painful muscle cramps and spasms"),
        ],
        maintainer="Weighed below magnesium.cramps-spasms (0.20) on purpose: the documents make "
                   "cramps magnesium's leading sign (002 heads a section 'Magnesium Deficiency and "
                   "Muscle Cramps'), while for calcium they are one sign among several, so cramps "
                   "alone put magnesium first.",
    )
    def calcium_cramps_spasms(self):
        """Calcium starts each muscle contraction; too little upsets the electrical
        balance of muscle cells and causes sudden cramps or spasms."""

    @rule(
        "calcium.tingling",
        Person(symptoms=has("tingling")),
        effects=[Supports("calcium", 0.2)],
        sources=[doc(D004, "Comparing Key Nutrient Deficiencies and Their Impact",
                     "Sudden, intense muscle cramps, spasms, and tingling")],
    )
    def calcium_tingling(self):
        """Tingling, with cramps and spasms, is among the signs of low calcium."""

    @rule(
        "calcium.weakness",
        Person(symptoms=has("weakness")),
        effects=[Supports("calcium", 0.1)],
        sources=[doc(D001, "Table: Common Deficiencies and Associated Muscle Symptoms",
                     "Muscle cramps, spasms, weakness")],
    )
    def calcium_weakness(self):
        """Muscle weakness is listed among the signs of low calcium, though many
        other causes share it, so it counts for little on its own."""
