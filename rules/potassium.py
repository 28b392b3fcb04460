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
    D001,
    D003,
    D004,
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
from sorewhy.rules.drug_classes import DIURETICS
from sorewhy.rules.relations import table_rule

DEPLETED_BY_LOSSES = doc(D001, "Potassium: The Electrolyte for Nerve Signals",
                         "vomiting, or diuretics can deplete potassium levels")
NOT_DIET_ALONE = doc(D001, "Potassium: The Electrolyte for Nerve Signals",
                     "a deficiency is not commonly caused by diet alone")
POTASSIUM_SYMPTOMS = ("cramps", "weakness", "fatigue", "constipation")
"""The symptoms the potassium rules count (each also points to other causes)."""
LOSING_MEDICINES = (*DIURETICS, "corticosteroid", "laxative")
"""Medicines through which the body loses potassium."""


class PotassiumRules:
    """Rules about potassium."""

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    potassium_sweat_loss = table_rule("potassium.sweat-loss")
    potassium_fluid_loss = table_rule("potassium.fluid-loss")
    potassium_diuretic = table_rule("potassium.diuretic")
    potassium_diuretic_muscle_symptoms = table_rule("potassium.diuretic-muscle-symptoms")
    potassium_corticosteroid = table_rule("potassium.corticosteroid")
    potassium_laxative = table_rule("potassium.laxative")
    potassium_gitelman = table_rule("potassium.gitelman")
    potassium_heavy_alcohol = table_rule("potassium.heavy-alcohol")

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

    potassium_leg_cramps_weakness = table_rule("potassium.leg-cramps-weakness")
    potassium_fatigue = table_rule("potassium.fatigue")

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
