"""Electrolytes together: signs and risks the documents give for electrolyte
imbalance in general rather than for one mineral.

Each rule here lends weak support to every mineral the documents name for the
claim, so none of them is singled out by a sign that does not single it out.
Document 003's other "signs of electrolyte deficiency" are not encoded here:
heart palpitations and seizures are red flags (their own rules), and
constipation, kidney stones, irritable bowel and fibromyalgia are not muscle
signs any other document ties to electrolytes.
"""

from __future__ import annotations

from sorewhy.rules.base import D003, D004, LEGS, Person, Supports, at_least, doc, has, has_any, rule

OLDER_AGE = 65
"""Document 004's "people over 65". Ages are whole years, so a 65-year-old is
already past their 65th birthday and counts."""


class ElectrolyteRules:
    """Rules about electrolytes in general."""

    @rule(
        "electrolytes.age-over-65-cramps",
        Person(age=at_least(OLDER_AGE), symptoms=has("cramps"), locations=has_any(*LEGS)),
        effects=[Supports("magnesium", 0.1), Supports("potassium", 0.1), Supports("calcium", 0.1)],
        sources=[
            doc(D004, "Understanding How Nutrient Deficiency Causes Hamstring Pain",
                "Over 50% of people over 65 experience leg cramps"),
            doc(D004, "Understanding How Nutrient Deficiency Causes Hamstring Pain",
                "often due to underlying issues like nutrient imbalances"),
            doc(D004, "Key Points", "Deficiencies in minerals like magnesium, potassium, and calcium"),
        ],
    )
    def electrolytes_age_over_65_cramps(self):
        """Leg cramps are common after 65 and are often due to an imbalance of
        the electrolytes magnesium, potassium and calcium."""

    @rule(
        "electrolytes.slow-recovery",
        Person(symptoms=has("slow_recovery")),
        effects=[Supports("magnesium", 0.1), Supports("potassium", 0.1), Supports("calcium", 0.1)],
        sources=[
            doc(D003, "Signs of Electrolyte Deficiency:", "Slow workout recovery"),
            doc(D004, "Quick Summary", "impacting muscle performance and recovery"),
        ],
    )
    def electrolytes_slow_recovery(self):
        """Slow recovery from workouts can be a sign that magnesium, potassium or
        calcium is running low."""
