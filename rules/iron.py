"""Iron: part of hemoglobin and myoglobin, which carry and store the oxygen
muscles work with. Too little leads to iron deficiency anemia: tired, weak,
sore muscles that cramp, with signs such as pale skin and brittle nails."""

from __future__ import annotations

from sorewhy.rules.base import (
    D002,
    D004,
    Person,
    Supports,
    doc,
    has,
    has_all,
    has_any,
    rule,
)
from sorewhy.rules.relations import table_rule

S_IRON = "Iron and Oxygen Transport"  # a heading in both 002 and 004
S002_KEY = "Key Points"
S002_TABLE = "Comparison of Key Nutrient Deficiencies and Symptoms"
S004_KEY = "Key Points"
S004_FAQ = "Frequently Asked Questions"

PALE_SKIN_NAILS = doc(D002, S002_TABLE, "Pale skin, brittle nails")
FATIGUE_WEAKNESS_SPASMS = doc(D002, S002_TABLE, "Fatigue, weakness, muscle spasms")


class IronRules:
    """Rules about iron."""

    # --- who is at risk ------------------------------------------------------

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    iron_anemia = table_rule("iron.anemia")
    iron_low_intake = table_rule("iron.low-intake")
    iron_malabsorption = table_rule("iron.malabsorption")

    # --- signs ---------------------------------------------------------------

    @rule(
        "iron.pale-skin",
        Person(symptoms=has("pale_skin")),
        effects=[Supports("iron", 0.25)],
        sources=[PALE_SKIN_NAILS],
    )
    def iron_pale_skin(self):
        """Pale skin alongside tired, weak muscles is a sign of iron deficiency
        anemia."""

    @rule(
        "iron.brittle-nails",
        Person(symptoms=has("brittle_nails")),
        effects=[Supports("iron", 0.25)],
        sources=[PALE_SKIN_NAILS],
    )
    def iron_brittle_nails(self):
        """Brittle nails alongside muscle symptoms are a sign of iron deficiency."""

    @rule(
        "iron.restless-legs",
        Person(symptoms=has("restless_legs")),
        effects=[Supports("iron", 0.25)],
        sources=[
            doc(D002, S_IRON, "This can also contribute to restless leg syndrome"),
            doc(D002, "Frequently Asked Questions", "as well as restless leg syndrome"),
        ],
    )
    def iron_restless_legs(self):
        """Restless legs, with their uncomfortable leg sensations, can come from low
        iron."""

    @rule(
        "iron.fatigue-weakness",
        Person(symptoms=has_all("fatigue", "weakness")),
        effects=[Supports("iron", 0.2)],
        sources=[
            doc(D002, S002_KEY, "Low iron reduces oxygen transport to muscles, causing weakness, fatigue"),
            FATIGUE_WEAKNESS_SPASMS,
        ],
    )
    def iron_fatigue_weakness(self):
        """Tiredness together with muscle weakness fits low iron: with less oxygen
        delivered, muscles tire and weaken. Either alone says too little."""

    @rule(
        "iron.spasms",
        Person(symptoms=has("spasms")),
        effects=[Supports("iron", 0.1)],
        sources=[
            doc(D002, S002_KEY, "causing weakness, fatigue, and spasms"),
            FATIGUE_WEAKNESS_SPASMS,
        ],
    )
    def iron_spasms(self):
        """Muscle spasms can come from low iron, though they have many more common
        causes."""

    @rule(
        "iron.activity-cramps",
        Person(symptoms=has("cramps"), timing=has_any("during_exercise", "after_exercise")),
        effects=[Supports("iron", 0.15)],
        sources=[
            doc(D004, S004_FAQ, "which can manifest as cramps during or after activity"),
            doc(D004, S_IRON, "with a higher risk of cramping"),
        ],
    )
    def iron_activity_cramps(self):
        """Cramps during or after activity can come from iron deficiency anemia:
        working muscles get too little oxygen."""

    @rule(
        "iron.soreness-during-activity",
        Person(symptoms=has_any("soreness", "aches"), timing=has("during_exercise")),
        effects=[Supports("iron", 0.1)],
        sources=[doc(D004, S004_KEY, "causing pain, fatigue, and soreness, particularly during physical activity")],
    )
    def iron_soreness_during_activity(self):
        """Muscles that ache or feel sore while exercising, rather than a day later,
        fit low iron: they run short of oxygen as they work."""
