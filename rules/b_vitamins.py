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
    MALABSORPTION_RISK,
    NOT,
    Person,
    Supports,
    at_least_n_of,
    doc,
    has,
    has_any,
    one_of,
    ref,
    rule,
)

S001_KEY = "Key Points"
S001_B = "B Vitamins: The Nervous System's Support Crew"
S001_TABLE = "Table: Common Deficiencies and Associated Muscle Symptoms"
S002_KEY = "Key Points"
S002_B12 = "Vitamin B12 and Nerve Function"
S002_TABLE = "Comparison of Key Nutrient Deficiencies and Symptoms"
S004_B = "B Vitamins for Nerve Function"
S004_TABLE = "Comparing Key Nutrient Deficiencies and Their Impact"
S004_FAQ = "Frequently Asked Questions"

ANIMAL_FOODS = ("meat", "fatty_fish", "eggs", "dairy")
"""The `low_intake` groups that are animal foods, B12's only natural source."""

B_VITAMIN_FOODS = ("meat", "fatty_fish", "dairy", "eggs", "leafy_greens", "whole_grains")
"""The `low_intake` groups the documents name as sources of B vitamins."""

ODS_B12 = ref(
    "NIH Office of Dietary Supplements: Vitamin B12 fact sheet for health professionals "
    "(interactions with medications: metformin)",
    "https://ods.od.nih.gov/factsheets/VitaminB12-HealthProfessional/",
)
ODS_THIAMIN = ref(
    "NIH Office of Dietary Supplements: Thiamin fact sheet for health professionals "
    "(groups at risk: people with alcohol dependence; food sources: whole grains)",
    "https://ods.od.nih.gov/factsheets/Thiamin-HealthProfessional/",
)

AT_RISK_DIETS = doc(D002, S002_B12, "vegetarians and vegans are particularly at risk")
NERVE_SIGNS = doc(D001, S001_TABLE, "Tingling, numbness, muscle weakness")
FATIGUE_BALANCE = doc(D002, S002_TABLE, "Fatigue, balance problems")
B_VITAMIN_SOURCES = doc(D004, S004_B, "Foods rich in B vitamins include lean meats, eggs, dairy, whole grains")


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

    @rule(
        "b12.malabsorption",
        Person(conditions=has("malabsorption")),
        effects=[Supports("vitamin_b12", 0.25)],
        sources=[MALABSORPTION_RISK],
    )
    def b12_malabsorption(self):
        """An intestinal malabsorption condition raises the risk of low vitamin
        B12 even when the diet contains enough."""

    @rule(
        "b12.metformin",
        Person(drug_classes=has("metformin")),
        effects=[Supports("vitamin_b12", 0.25)],
        sources=[ODS_B12],
        note="The documents name no medicine that lowers B12; the NIH fact sheet reports that "
             "long-term metformin use can reduce vitamin B12 absorption.",
    )
    def b12_metformin(self):
        """Taking metformin, a diabetes medicine, for a long time can lower
        vitamin B12 absorption."""

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

    @rule(
        "b12.weakness",
        Person(symptoms=has("weakness")),
        effects=[Supports("vitamin_b12", 0.1)],
        sources=[
            doc(D002, S002_B12, "manifests as muscle weakness, cramps, and tingling or numbness"),
            NERVE_SIGNS,
        ],
    )
    def b12_weakness(self):
        """Muscle weakness can come from the disrupted nerve signalling of low
        vitamin B12, though it has many other causes."""

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

    @rule(
        "b12.fatigue",
        Person(symptoms=has("fatigue")),
        effects=[Supports("vitamin_b12", 0.1)],
        sources=[
            doc(D004, S004_TABLE, "Muscle cramps, weakness, tingling, and fatigue."),
            FATIGUE_BALANCE,
        ],
    )
    def b12_fatigue(self):
        """Fatigue is listed among the signs of low vitamin B12, though alone it
        says little."""

    # --- B12: labs -----------------------------------------------------------

    # --- B6 --------------------------------------------------------------------
    # The documents give B6's role (it helps carry glucose to cells) and the food
    # sources of B vitamins as a group, but no sign or risk specific to B6. Only
    # slight evidence is encoded.

    @rule(
        "b6.low-intake",
        Person(low_intake=at_least_n_of(3, *B_VITAMIN_FOODS)),
        effects=[Supports("vitamin_b6", 0.15)],
        sources=[
            doc(D001, S001_B, "Meat, fish, dairy, eggs, and leafy greens are excellent sources"),
            B_VITAMIN_SOURCES,
            doc(D001, S001_B, "Vitamin B6 helps transport glucose to cells"),
        ],
        note="The documents' support for B6 is thin: they name only food sources shared by all "
             "B vitamins. It counts when at least three of those food groups are rarely eaten.",
    )
    def b6_low_intake(self):
        """A diet that rarely includes several of the B vitamins' food sources
        (meat, fish, dairy, eggs, leafy greens, whole grains) makes a low B6
        intake somewhat more likely."""

    @rule(
        "b6.malabsorption",
        Person(conditions=has("malabsorption")),
        effects=[Supports("vitamin_b6", 0.1)],
        sources=[MALABSORPTION_RISK],
        note="The documents tie malabsorption to nutrient deficiencies in general, not to B6; "
             "slight evidence only.",
    )
    def b6_malabsorption(self):
        """An intestinal malabsorption condition raises the risk of nutrient
        deficiencies in general, B6 among them."""

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

    @rule(
        "b1.low-whole-grains",
        Person(low_intake=has("whole_grains")),
        effects=[Supports("vitamin_b1", 0.15)],
        sources=[B_VITAMIN_SOURCES, ODS_THIAMIN],
        note="The documents name whole grains as a source of B vitamins in general; the NIH "
             "fact sheet names them as a main source of thiamin in particular.",
    )
    def b1_low_whole_grains(self):
        """Rarely eating whole grains, a main source of thiamine, makes a low B1
        intake more likely."""

    @rule(
        "b1.heavy-alcohol",
        Person(alcohol="heavy"),
        effects=[Supports("vitamin_b1", 0.3)],
        sources=[ODS_THIAMIN],
        note="The documents do not link alcohol to B1; the NIH fact sheet names people with "
             "alcohol dependence as the group most at risk of thiamin deficiency (poor intake "
             "and absorption).",
    )
    def b1_heavy_alcohol(self):
        """Heavy drinking is the commonest cause of thiamine (B1) deficiency: it cuts
        both intake and absorption."""

    @rule(
        "b1.malabsorption",
        Person(conditions=has("malabsorption")),
        effects=[Supports("vitamin_b1", 0.1)],
        sources=[MALABSORPTION_RISK],
        note="The documents tie malabsorption to nutrient deficiencies in general, not to B1; "
             "slight evidence only.",
    )
    def b1_malabsorption(self):
        """An intestinal malabsorption condition raises the risk of nutrient
        deficiencies in general, thiamine among them."""
