"""Magnesium: the mineral that lets muscles relax after contracting."""

from __future__ import annotations

from sorewhy.rules.base import (
    ALCOHOL_RISK,
    D000,
    D001,
    D002,
    D003,
    D004,
    HEAVY_DRINKING_NOTE,
    LOSS_ROUTES,
    Inferred,
    Person,
    Supports,
    doc,
    has,
    has_any,
    ref,
    rule,
)
from sorewhy.rules.drug_classes import (
    DIURETIC_AND_MUSCLE_SYMPTOMS,
    LOOP_NOTE,
    MEDLINEPLUS_FUROSEMIDE,
    TAKES_A_DIURETIC,
    THIAZIDE_SYMPTOMS_CLAIM,
)


class MagnesiumRules:
    """Rules about magnesium."""

    @rule(
        "magnesium.low-intake",
        Person(low_intake=has_any("leafy_greens", "nuts_seeds", "whole_grains")),
        effects=[Supports("magnesium", 0.2)],
        sources=[
            doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                "lacking in whole grains, nuts and leafy greens"),
            doc(D001, "Magnesium: The Muscle Relaxant",
                "Good dietary sources include dark leafy greens, nuts, seeds, and whole grains"),
        ],
    )
    def low_intake(self):
        """Rarely eating leafy greens, nuts, seeds or whole grains, the main food
        sources of magnesium, makes a low magnesium intake more likely."""

    @rule(
        "magnesium.sweat-loss",
        Inferred(what="sweat_loss"),
        effects=[Supports("magnesium", 0.15)],
        sources=[
            doc(D001, "Magnesium: The Muscle Relaxant",
                "poor dietary intake, excessive sweating, and certain medications"),
            LOSS_ROUTES,
        ],
    )
    def sweat_loss(self):
        """Heavy sweating loses magnesium along with water."""

    @rule(
        "magnesium.diuretic",
        TAKES_A_DIURETIC,
        effects=[Supports("magnesium", 0.25)],
        sources=[
            doc(D003, "Signs of Electrolyte Deficiency:", "take a diuretic"),
            doc(D003, "When Do We Lose Electrolytes?", "low blood magnesium3, as well as people"),
        ],
    )
    def diuretic(self):
        """Diuretics (water pills), thiazides among them, wash electrolytes such as
        magnesium out in the urine."""

    @rule(
        "magnesium.diuretic-muscle-symptoms",
        DIURETIC_AND_MUSCLE_SYMPTOMS,
        effects=[Supports("magnesium", 0.2)],
        sources=[
            THIAZIDE_SYMPTOMS_CLAIM,
            doc(D003, "When Do We Lose Electrolytes?", "reduce muscle pain and tension"),
            MEDLINEPLUS_FUROSEMIDE,
        ],
        note=LOOP_NOTE,
    )
    def diuretic_muscle_symptoms(self):
        """Muscle pain, tension, cramps or numbness in someone taking a diuretic
        are the symptoms the document ties to these medicines, and they come
        through the magnesium the medicine washes out."""

    @rule(
        "magnesium.proton-pump-inhibitor",
        Person(drug_classes=has("proton_pump_inhibitor")),
        effects=[Supports("magnesium", 0.2)],
        sources=[
            doc(D001, "Magnesium: The Muscle Relaxant", "certain medications"),
            ref("U.S. FDA Drug Safety Communication: Low magnesium levels can be associated "
                "with long-term use of Proton Pump Inhibitor drugs (PPIs)",
                "https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-"
                "communication-low-magnesium-levels-can-be-associated-long-term-use-proton-pump"),
        ],
        note="The documents say only 'certain medications'; the FDA names proton pump inhibitors.",
    )
    def proton_pump_inhibitor(self):
        """Long-term use of acid-reducing proton pump inhibitors can lower
        magnesium."""

    @rule(
        "magnesium.gitelman",
        Person(conditions=has("gitelman_syndrome")),
        effects=[Supports("magnesium", 0.5)],
        sources=[doc(D003, "When Do We Lose Electrolytes?",
                     "low urinary calcium and low blood magnesium")],
    )
    def gitelman(self):
        """Gitelman syndrome, a genetic kidney condition, lowers blood magnesium."""

    @rule(
        "magnesium.heavy-alcohol",
        Person(alcohol="heavy"),
        effects=[Supports("magnesium", 0.15)],
        sources=[ALCOHOL_RISK],
        note=HEAVY_DRINKING_NOTE,
    )
    def heavy_alcohol(self):
        """Heavy drinking raises the risk of losing electrolytes such as magnesium."""

    @rule(
        "magnesium.fluid-loss",
        Person(fluid_losses=has_any("vomiting", "diarrhea")),
        effects=[Supports("magnesium", 0.15)],
        sources=[doc(D003, "Signs of Electrolyte Deficiency:", "regularly vomit or have diarrhea")],
    )
    def fluid_loss(self):
        """Vomiting or diarrhoea loses electrolytes, magnesium among them."""

    @rule(
        "magnesium.cramps-spasms",
        Person(symptoms=has_any("cramps", "spasms")),
        effects=[Supports("magnesium", 0.2)],
        sources=[
            doc(D001, "Table: Common Deficiencies and Associated Muscle Symptoms",
                "Muscle cramps, spasms, soreness"),
            doc(D002, "Magnesium Deficiency and Muscle Cramps",
                "A magnesium deficiency can cause muscles to stay contracted"),
        ],
    )
    def cramps_spasms(self):
        """Without enough magnesium muscles stay contracted: cramps and spasms are
        its commonest signs."""

    @rule(
        "magnesium.night-cramps",
        Person(symptoms=has("cramps"), timing=has("night")),
        effects=[Supports("magnesium", 0.3)],
        sources=[
            doc(D004, "Magnesium for Muscle Relaxation", "painful cramps, particularly at night"),
            doc(D004, "Comparing Key Nutrient Deficiencies and Their Impact",
                "Muscle cramps (especially nocturnal), spasms, and involuntary twitching"),
        ],
    )
    def night_cramps(self):
        """Cramps at night point to magnesium in particular."""

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
