"""Vitamin D: the vitamin that lets the body absorb the calcium muscles need.

The skin makes most of it from sunlight, so the documents' risk factors are
about sun: little time in daylight, darker skin and living far from the
equator. Each is weak alone; low sun together with darker skin or a high
latitude is stronger (the skin makes less from the little sun it gets). The
darker-skin and high-latitude rules assert ``vitamin_d_less_synthesis`` so that
the compounding rule fires once however many of the two apply.
"""

from __future__ import annotations

from sorewhy.rules.base import (
    D001,
    D002,
    D004,
    LEGS,
    Against,
    Asserts,
    Inferred,
    Person,
    Supports,
    doc,
    has,
    has_any,
    ref,
    rule,
)
from sorewhy.rules.relations import table_rule

S001_VITD = "Vitamin D: The Sunshine Vitamin's Role in Muscle Function"
S001_TABLE = "Table: Common Deficiencies and Associated Muscle Symptoms"
S002_VITD = "The Role of Vitamin D in Muscle Health"
S002_TABLE = "Comparison of Key Nutrient Deficiencies and Symptoms"
S004_VITD = "Vitamin D and Muscle Weakness"
S004_TABLE = "Comparing Key Nutrient Deficiencies and Their Impact"

SUN_SOURCE = doc(D002, S002_VITD, "Sun exposure is a primary source of vitamin D")
WEAKNESS_ACHES_BONE_PAIN = doc(D001, S001_TABLE, "Muscle weakness, aches, bone pain")
FATIGUE_MOOD = doc(D002, S002_TABLE, "Fatigue, mood changes")

ODS_VITAMIN_D = ref(
    "NIH Office of Dietary Supplements: Vitamin D fact sheet for health professionals",
    "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
)

LESS_SYNTHESIS = "vitamin_d_less_synthesis"
"""Asserted when the skin makes less vitamin D from a given amount of sun."""


class VitaminDRules:
    """Rules about vitamin D."""

    # --- sun -----------------------------------------------------------------

    @rule(
        "vitamin_d.low-sun",
        Person(sun_exposure="low"),
        effects=[Supports("vitamin_d", 0.2)],
        sources=[
            doc(D001, S001_VITD, "especially in individuals with limited sun exposure"),
            SUN_SOURCE,
        ],
    )
    def vitamin_d_low_sun(self):
        """Little time in daylight with skin exposed makes low vitamin D more
        likely: sunlight is its main source."""

    @rule(
        "vitamin_d.darker-skin",
        Person(darker_skin=True),
        effects=[Supports("vitamin_d", 0.1), Asserts(LESS_SYNTHESIS)],
        sources=[doc(D001, S001_VITD, "limited sun exposure, darker skin, or who live in higher latitudes")],
    )
    def vitamin_d_darker_skin(self):
        """People with darker skin are more often low in vitamin D, because their
        skin makes less of it from the same sunlight."""

    @rule(
        "vitamin_d.high-latitude",
        Person(high_latitude=True),
        effects=[Supports("vitamin_d", 0.1), Asserts(LESS_SYNTHESIS)],
        sources=[doc(D001, S001_VITD, "or who live in higher latitudes")],
    )
    def vitamin_d_high_latitude(self):
        """Living far from the equator, with long winters of weak sunlight, makes
        low vitamin D more likely."""

    @rule(
        "vitamin_d.low-sun-compounded",
        Person(sun_exposure="low"),
        Inferred(what=LESS_SYNTHESIS),
        effects=[Supports("vitamin_d", 0.15)],
        sources=[doc(D001, S001_VITD,
                     "A deficiency is extremely common, especially in individuals with limited sun exposure")],
    )
    def vitamin_d_low_sun_compounded(self):
        """Little sun matters more when the skin already makes less vitamin D from
        it (darker skin, or a high latitude): the risks add up."""

    @rule(
        "vitamin_d.ample-sun",
        Person(sun_exposure="high"),
        effects=[Against("vitamin_d", 0.2)],
        sources=[
            doc(D001, S001_VITD, "Getting adequate sun exposure"),
            SUN_SOURCE,
        ],
        note="Argues against only weakly: darker skin, latitude and season still limit what the skin makes.",
    )
    def vitamin_d_ample_sun(self):
        """Plenty of time in daylight with skin exposed helps keep vitamin D up, so
        it argues somewhat against a deficiency."""

    # --- food ----------------------------------------------------------------

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    vitamin_d_low_intake = table_rule("vitamin_d.low-intake")

    # --- conditions --------------------------------------------------------

    vitamin_d_malabsorption = table_rule("vitamin_d.malabsorption")
    vitamin_d_kidney_disease = table_rule("vitamin_d.kidney-disease")
    vitamin_d_autoimmune = table_rule("vitamin_d.autoimmune")

    # --- symptoms ----------------------------------------------------------

    @rule(
        "vitamin_d.weakness-aches",
        Person(symptoms=has_any("weakness", "aches")),
        effects=[Supports("vitamin_d", 0.15)],
        sources=[
            WEAKNESS_ACHES_BONE_PAIN,
            doc(D004, S004_TABLE, "General muscle weakness, aches, and soreness."),
        ],
    )
    def vitamin_d_weakness_aches(self):
        """Muscle weakness and general aches are common signs of low vitamin D,
        which muscles need to absorb calcium for contraction."""

    @rule(
        "vitamin_d.bone-pain",
        Person(symptoms=has("bone_pain")),
        effects=[Supports("vitamin_d", 0.3)],
        sources=[
            WEAKNESS_ACHES_BONE_PAIN,
            doc(D002, S002_TABLE, "Muscle aches, weakness, bone pain"),
        ],
    )
    def vitamin_d_bone_pain(self):
        """Bone pain alongside muscle symptoms points to vitamin D in particular:
        of the nutrients discussed, only vitamin D lists it."""

    vitamin_d_fatigue = table_rule("vitamin_d.fatigue")

    @rule(
        "vitamin_d.mood-changes",
        Person(symptoms=has("mood_changes")),
        effects=[Supports("vitamin_d", 0.15)],
        sources=[FATIGUE_MOOD],
    )
    def vitamin_d_mood_changes(self):
        """Changes in mood alongside sore muscles are listed among the signs of low
        vitamin D."""

    # The leg rules test every part of the leg (LEGS): the documents name "the
    # legs and thighs" (hamstrings are the back of the thigh) and the calf
    # article lists vitamin D's aches.

    @rule(
        "vitamin_d.leg-aches",
        Person(symptoms=has("aches"), locations=has_any(*LEGS)),
        effects=[Supports("vitamin_d", 0.15)],
        sources=[
            doc(D004, S004_VITD, "aches, and cramps, particularly in the legs and thighs"),
            doc(D002, S002_VITD, "chronic musculoskeletal pain, including soreness in the legs"),
        ],
        allow={"subsumed": "Aches in the legs count on top of aches anywhere (vitamin_d.weakness-aches): "
                           "the documents name the legs and thighs in particular, as the leg-cramp rules "
                           "of the other nutrients do."},
    )
    def vitamin_d_leg_aches(self):
        """Aching muscles in the legs and thighs are the typical place low vitamin D
        shows."""

    vitamin_d_leg_cramps = table_rule("vitamin_d.leg-cramps")
