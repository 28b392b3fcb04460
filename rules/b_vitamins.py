"""The B vitamins: B12, B6 and B1 (thiamine), which keep the nerves that drive
muscles working.

The documents say most about B12 (who is at risk and its nerve signs), very
little about B6 (its role and the food sources all B vitamins share) and one
thing about B1 (aching and cramping in the lower legs). The rules follow that:
B6's evidence is deliberately slight.
"""

from __future__ import annotations

from sorewhy.rules.base import (
    B12_ANIMAL,
    D001,
    D002,
    D004,
    NOT,
    Person,
    Supports,
    at_least_n_of,
    doc,
    has,
    has_any,
    one_of,
    rule,
)
from sorewhy.rules.relations import table_rule

S001_KEY = "Key Points"
S001_TABLE = "Table: Common Deficiencies and Associated Muscle Symptoms"
S002_KEY = "Key Points"
S002_B12 = "Vitamin B12 and Nerve Function"
S002_TABLE = "Comparison of Key Nutrient Deficiencies and Symptoms"
S004_B = "B Vitamins for Nerve Function"
S004_TABLE = "Comparing Key Nutrient Deficiencies and Their Impact"
S004_FAQ = "Frequently Asked Questions"

ANIMAL_FOODS = ("meat", "fatty_fish", "eggs", "dairy")
"""The `low_intake` groups that are animal foods, B12's only natural source."""

AT_RISK_DIETS = doc(D002, S002_B12, "vegetarians and vegans are particularly at risk")
NERVE_SIGNS = doc(D001, S001_TABLE, "Tingling, numbness, muscle weakness")
FATIGUE_BALANCE = doc(D002, S002_TABLE, "Fatigue, balance problems")


class BVitaminRules:
    """Rules about vitamin B12, B6 and B1 (thiamine)."""

    # --- B12: who is at risk -----------------------------------------------

    @rule(
        "b12.vegan-diet",
        Person(diet="vegan"),
        effects=[Supports("vitamin_b12", 0.3)],
        sources=[AT_RISK_DIETS, B12_ANIMAL],
    )
    def b12_vegan_diet(self):
        """A vegan diet leaves out every animal food, and animal foods are where
        vitamin B12 is found: vegans are particularly at risk."""

    @rule(
        "b12.vegetarian-diet",
        Person(diet="vegetarian"),
        effects=[Supports("vitamin_b12", 0.2)],
        sources=[AT_RISK_DIETS, B12_ANIMAL],
    )
    def b12_vegetarian_diet(self):
        """A vegetarian diet leaves out meat and fish, main sources of vitamin B12,
        so vegetarians are at risk too (less than vegans, who eat no eggs or
        dairy either)."""

    @rule(
        "b12.low-animal-foods",
        Person(low_intake=at_least_n_of(2, *ANIMAL_FOODS)),
        NOT(Person(diet=one_of("vegan", "vegetarian"))),
        effects=[Supports("vitamin_b12", 0.15)],
        sources=[B12_ANIMAL, doc(D001, S001_TABLE, "Meat, fish, eggs, dairy")],
        note="Counts when at least two of the four animal food groups are rarely eaten; for "
             "vegans and vegetarians the diet rules already say this, so it does not count twice.",
    )
    def b12_low_animal_foods(self):
        """Rarely eating several kinds of animal food (meat, fish, eggs, dairy)
        makes a low vitamin B12 intake more likely, whatever the diet is called."""

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    b12_malabsorption = table_rule("b12.malabsorption")
    b12_metformin = table_rule("b12.metformin")

    # --- B12: signs ----------------------------------------------------------

    @rule(
        "b12.tingling-numbness",
        Person(symptoms=has_any("tingling", "numbness")),
        effects=[Supports("vitamin_b12", 0.25)],
        sources=[
            doc(D001, S001_KEY, "can cause neurological symptoms such as tingling, numbness"),
            NERVE_SIGNS,
        ],
    )
    def b12_tingling_numbness(self):
        """Tingling or numbness alongside muscle symptoms is a nerve sign that
        points to low vitamin B12, which keeps the nerves' myelin sheath
        healthy."""

    @rule(
        "b12.hands-feet",
        Person(symptoms=has_any("tingling", "numbness"), locations=has_any("hands", "feet")),
        effects=[Supports("vitamin_b12", 0.2)],
        sources=[doc(D002, S002_B12, "tingling or numbness in the hands and feet")],
    )
    def b12_hands_feet(self):
        """Tingling or numbness in the hands and feet is the typical pattern of the
        nerve damage low vitamin B12 causes."""

    @rule(
        "b12.balance-problems",
        Person(symptoms=has("balance_problems")),
        effects=[Supports("vitamin_b12", 0.25)],
        sources=[FATIGUE_BALANCE],
    )
    def b12_balance_problems(self):
        """Problems with balance alongside muscle symptoms are listed among the
        signs of low vitamin B12."""

    b12_weakness = table_rule("b12.weakness")

    @rule(
        "b12.cramps",
        Person(symptoms=has("cramps")),
        effects=[Supports("vitamin_b12", 0.1)],
        sources=[
            doc(D004, S004_B, "leading to muscle cramps, tingling, and weakness"),
            doc(D001, "Frequently Asked Questions", "which may lead to sudden muscle cramps"),
        ],
    )
    def b12_cramps(self):
        """Sudden muscle cramps can come from the disrupted nerve signalling of low
        vitamin B12, though cramps have many other causes."""

    b12_fatigue = table_rule("b12.fatigue")

    # --- B12: labs -----------------------------------------------------------

    # --- B6 --------------------------------------------------------------------
    # The documents give B6's role (it helps carry glucose to cells) and the food
    # sources of B vitamins as a group, but no sign or risk specific to B6. Only
    # slight evidence is encoded.

    b6_low_intake = table_rule("b6.low-intake")
    b6_malabsorption = table_rule("b6.malabsorption")

    # --- B1 (thiamine) ---------------------------------------------------------

    @rule(
        "b1.lower-leg-aches",
        Person(symptoms=has_any("aches", "cramps"), locations=has_any("calves", "legs")),
        effects=[Supports("vitamin_b1", 0.15)],
        sources=[
            doc(D004, S004_B, "linked to aching and cramping in the lower legs"),
            doc(D004, S004_FAQ, "has also been linked to aching and cramping in the lower legs"),
        ],
    )
    def b1_lower_leg_aches(self):
        """Aching or cramping in the lower legs (the calves) is linked to low
        vitamin B1 (thiamine)."""

    b1_low_whole_grains = table_rule("b1.low-whole-grains")
    b1_heavy_alcohol = table_rule("b1.heavy-alcohol")
    b1_malabsorption = table_rule("b1.malabsorption")
