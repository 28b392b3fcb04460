"""Potassium: the electrolyte that carries the nerve signals telling muscles
when to contract and relax.

Two documents say outright that low potassium rarely comes from diet alone
(001: "not commonly caused by diet alone"; 002: "rare from diet alone"), so
the rule base has no diet rule for potassium: eating little fruit, vegetables
or legumes is not evidence here. The causes the documents name are losses:
sweat, vomiting, diarrhoea, diuretics, Gitelman syndrome and drinking.
"""

from __future__ import annotations

from sorewhy.rules.base import (
    ALCOHOL_RISK,
    D000,
    D001,
    D002,
    D003,
    D004,
    FLUID_LOSS,
    HEAVY_DRINKING_NOTE,
    LEGS,
    LOSS_ROUTES,
    NOT,
    Against,
    Inferred,
    Lab,
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
    DIURETICS,
    LOOP_NOTE,
    MEDLINEPLUS_FUROSEMIDE,
    TAKES_A_DIURETIC,
    THIAZIDE_SYMPTOMS_CLAIM,
)

DEPLETED_BY_LOSSES = doc(D001, "Potassium: The Electrolyte for Nerve Signals",
                         "vomiting, or diuretics can deplete potassium levels")
SWEAT_DIARRHEA = doc(D002, "Potassium and Electrolyte Imbalance",
                     "it can result from factors like excessive sweating, diarrhea")
NOT_DIET_ALONE = doc(D001, "Potassium: The Electrolyte for Nerve Signals",
                     "a deficiency is not commonly caused by diet alone")
POTASSIUM_SYMPTOMS = ("cramps", "weakness", "fatigue", "constipation")
"""The symptoms the potassium rules count (each also points to other causes)."""
LOSING_MEDICINES = (*DIURETICS, "corticosteroid", "laxative")
"""Medicines through which the body loses potassium."""

CERTAIN_MEDICATIONS = doc(D002, "Potassium and Electrolyte Imbalance", "diarrhea, or certain medications")


class PotassiumRules:
    """Rules about potassium."""

    @rule(
        "potassium.sweat-loss",
        Inferred(what="sweat_loss"),
        effects=[Supports("potassium", 0.2)],
        sources=[
            doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                "You lose potassium through your sweat when you exercise"),
            doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                "the hotter the environment, the more potassium you can lose"),
            FLUID_LOSS,
        ],
    )
    def potassium_sweat_loss(self):
        """Potassium leaves the body in sweat; the harder the training and the
        hotter the weather, the more is lost."""

    @rule(
        "potassium.fluid-loss",
        Person(fluid_losses=has_any("vomiting", "diarrhea")),
        effects=[Supports("potassium", 0.25)],
        sources=[DEPLETED_BY_LOSSES, SWEAT_DIARRHEA, LOSS_ROUTES],
    )
    def potassium_fluid_loss(self):
        """Vomiting or diarrhoea drains potassium with the lost fluid."""

    @rule(
        "potassium.diuretic",
        TAKES_A_DIURETIC,
        effects=[Supports("potassium", 0.3)],
        sources=[
            DEPLETED_BY_LOSSES,
            CERTAIN_MEDICATIONS,
            doc(D003, "When Do We Lose Electrolytes?",
                "Thiazide diuretics can also cause these same muscle symptoms"),
        ],
    )
    def potassium_diuretic(self):
        """Diuretics (water pills), thiazides among them, wash potassium out in
        the urine."""

    @rule(
        "potassium.diuretic-muscle-symptoms",
        DIURETIC_AND_MUSCLE_SYMPTOMS,
        effects=[Supports("potassium", 0.2)],
        sources=[
            THIAZIDE_SYMPTOMS_CLAIM,
            doc(D003, "When Do We Lose Electrolytes?", "low blood potassium, low urinary calcium"),
            MEDLINEPLUS_FUROSEMIDE,
        ],
        note=LOOP_NOTE,
    )
    def potassium_diuretic_muscle_symptoms(self):
        """Muscle pain, tension, cramps or numbness in someone taking a diuretic
        are the symptoms the document ties to these medicines, and they come
        through the potassium the medicine washes out."""

    @rule(
        "potassium.corticosteroid",
        Person(drug_classes=has("corticosteroid")),
        effects=[Supports("potassium", 0.15)],
        sources=[
            CERTAIN_MEDICATIONS,
            ref("BNF (NICE): Corticosteroids, general use (mineralocorticoid side-effects include "
                "potassium loss)",
                "https://bnf.nice.org.uk/treatment-summaries/corticosteroids-general-use/"),
        ],
        note="The documents say only 'certain medications'; the BNF names potassium loss among the "
             "side-effects of corticosteroids taken by mouth (least with dexamethasone, which is left out).",
    )
    def potassium_corticosteroid(self):
        """Corticosteroid medicines taken by mouth, such as prednisolone or
        hydrocortisone, can make the body lose potassium."""

    @rule(
        "potassium.laxative",
        Person(drug_classes=has("laxative")),
        effects=[Supports("potassium", 0.15)],
        sources=[
            SWEAT_DIARRHEA,
            ref("MedlinePlus: Low blood potassium (causes include laxative overuse)",
                "https://medlineplus.gov/ency/article/000479.htm"),
        ],
        note="The documents name diarrhea; MedlinePlus names laxative overuse, which causes diarrhea, "
             "among the causes of low blood potassium. A laxative taken regularly enough to be listed "
             "among one's medicines counts, weakly.",
    )
    def potassium_laxative(self):
        """Taking laxatives regularly can drain potassium with the loose stools
        they cause."""

    @rule(
        "potassium.gitelman",
        Person(conditions=has("gitelman_syndrome")),
        effects=[Supports("potassium", 0.5)],
        sources=[doc(D003, "When Do We Lose Electrolytes?",
                     "a genetic metabolic alkalosis characterized by low blood potassium")],
        note="Stronger than a risk factor: the diagnosis itself is defined by low blood potassium.",
    )
    def potassium_gitelman(self):
        """Gitelman syndrome, a genetic kidney condition, is marked by low blood
        potassium."""

    @rule(
        "potassium.heavy-alcohol",
        Person(alcohol="heavy"),
        effects=[Supports("potassium", 0.15)],
        sources=[ALCOHOL_RISK],
        note=HEAVY_DRINKING_NOTE,
    )
    def potassium_heavy_alcohol(self):
        """Heavy drinking raises the risk of losing electrolytes such as potassium."""

    @rule(
        "potassium.cramps-weakness",
        Person(symptoms=has_any("cramps", "weakness")),
        effects=[Supports("potassium", 0.15)],
        sources=[
            doc(D001, "Potassium: The Electrolyte for Nerve Signals",
                "erratic nerve signals that lead to muscle cramps and weakness"),
            doc(D004, "Potassium for Nerve Signals",
                "leading to painful cramps, muscle weakness, and fatigue"),
        ],
    )
    def potassium_cramps_weakness(self):
        """Low potassium garbles the nerve signals to muscles, which shows as
        cramps and muscle weakness."""

    @rule(
        "potassium.leg-cramps-weakness",
        Person(symptoms=has("cramps"), locations=has_any(*LEGS)),
        effects=[Supports("potassium", 0.2)],
        sources=[
            doc(D002, "Key Points", "muscle cramps and weakness, particularly in the legs"),
            doc(D002, "Potassium and Electrolyte Imbalance",
                "muscle weakness and painful cramps in the legs"),
            doc(D004, "Comparing Key Nutrient Deficiencies and Their Impact",
                "Painful leg cramps, muscle weakness, and fatigue"),
        ],
    )
    def potassium_leg_cramps_weakness(self):
        """Painful cramps in the legs (calves, hamstrings, thighs) point to low
        potassium in particular. Weakness alone is left to the general rule, so
        one vague observation is not counted twice."""

    @rule(
        "potassium.fatigue",
        Person(symptoms=has("fatigue")),
        effects=[Supports("potassium", 0.1)],
        sources=[
            doc(D001, "Frequently Asked Questions",
                "frequent, painful muscle cramps, weakness, and fatigue"),
            doc(D001, "Table: Common Deficiencies and Associated Muscle Symptoms",
                "Muscle weakness, cramps, fatigue"),
        ],
    )
    def potassium_fatigue(self):
        """Fatigue is among the signs of low potassium, though many other causes
        share it, so it counts for little on its own."""

    @rule(
        "potassium.constipation",
        Person(symptoms=has("constipation") & has_any("cramps", "weakness")),
        effects=[Supports("potassium", 0.1)],
        sources=[
            doc(D003, "Signs of Electrolyte Deficiency:", "Constipation"),
            ref("MedlinePlus: Low blood potassium (symptoms include constipation, muscle cramps, weakness)",
                "https://medlineplus.gov/ency/article/000479.htm"),
        ],
        note="Document 003 lists constipation among signs of electrolyte deficiency without naming "
             "a mineral; the outside reference ties it to low potassium. It counts only alongside "
             "cramps or weakness, and only a little.",
    )
    def potassium_constipation(self):
        """Constipation together with cramps or weakness can be a sign of low
        potassium, which slows the gut as well as the muscles."""

    @rule(
        "potassium.no-way-of-losing-it",
        Person(symptoms=has_any(*POTASSIUM_SYMPTOMS)),
        NOT(Person(fluid_losses=has_any("vomiting", "diarrhea"))),
        NOT(Person(drug_classes=has_any(*LOSING_MEDICINES))),
        NOT(Person(heavy_sweating=True)),
        NOT(Inferred(what="sweat_loss")),
        NOT(Person(conditions=has("gitelman_syndrome"))),
        NOT(Person(alcohol="heavy")),
        NOT(Lab(name="potassium_mmol_l", status="low")),
        effects=[Against("potassium", 0.35)],
        sources=[NOT_DIET_ALONE, DEPLETED_BY_LOSSES],
        note="001 says low potassium is not commonly caused by diet alone but by losses; with no "
             "way of losing it known (sweat, vomiting, diarrhoea, a diuretic, a steroid, laxatives, "
             "Gitelman syndrome, heavy drinking), its common symptoms alone argue only weakly for it, "
             "so it does not lead. A low blood result still confirms it.",
    )
    def potassium_no_way_of_losing_it(self):
        """Cramps, weakness or tiredness alone do not make low potassium likely: it
        comes from losing potassium (sweat, vomiting, diarrhoea, some medicines),
        not from diet, and no such loss is known here."""
