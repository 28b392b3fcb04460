"""Medicines: every drug class of knowledge/drugs.yaml is reasoned about
through the one effect its reference names.

- Statins cause muscle symptoms themselves: the `medication_effect` finding
  (here).
- Medicines that lower a nutrient are evidence for that deficiency, never a
  `medication_effect` of their own (that would count one cause twice):
  diuretics of every kind (thiazide, loop, unnamed) lower potassium and
  magnesium (`potassium.diuretic`, `magnesium.diuretic` and their
  `-muscle-symptoms` rules); corticosteroids and laxatives lower potassium
  (`potassium.corticosteroid`, `potassium.laxative`); proton pump inhibitors
  lower magnesium (`magnesium.proton-pump-inhibitor`) and, with metformin,
  vitamin B12 (`b12.metformin`, and `b12.proton-pump-inhibitor` here);
  isoniazid lowers vitamin B6 and some antiepileptics vitamin D (here, under
  the nutrient's id, since they cite only outside references). Each of those
  relations is written once in knowledge/relations.yaml, with an entry per
  nutrient, and made into rules by rules/relations.py.

engine/medications.py reads the names a person gives (brands, doses,
combinations, everyday words) as these classes; rules match the class in
`drug_classes`. A medicine refers only when the symptoms fit its muscle effect
(`referral.medication-*` in referral.py); other classes change only the advice
(rules/conflicts.py), and everyday painkillers are recognised and do nothing.
A prescribed medicine is never to be stopped on one's own.
"""

from __future__ import annotations

from sorewhy.rules.base import Person, Supports, has, has_any, ref, rule
from sorewhy.rules.drug_classes import MEDLINEPLUS_STATINS
from sorewhy.rules.relations import table_rule

MEDLINEPLUS_ACHES = ref("MedlinePlus: Muscle aches (causes include certain drugs such as statins)",
                        "https://medlineplus.gov/ency/article/003178.htm")
STATIN_NOTE = ("Statins are outside the documents; MedlinePlus names muscle pain as a known side "
               "effect of these cholesterol-lowering medicines.")


class MedicationRules:
    """Rules about: medications that cause muscle symptoms."""

    @rule(
        "medication.statin",
        Person(drug_classes=has("statin")),
        effects=[Supports("medication_effect", 0.3)],
        sources=[MEDLINEPLUS_STATINS, MEDLINEPLUS_ACHES],
        note=STATIN_NOTE,
    )
    def medication_statin(self):
        """Statins, medicines that lower cholesterol, can cause muscle pain as a side
        effect."""

    @rule(
        "medication.statin-muscle-symptoms",
        Person(drug_classes=has("statin"), symptoms=has_any("soreness", "aches", "weakness", "cramps")),
        effects=[Supports("medication_effect", 0.25)],
        sources=[MEDLINEPLUS_STATINS, MEDLINEPLUS_ACHES],
        note=STATIN_NOTE,
    )
    def medication_statin_muscle_symptoms(self):
        """Muscle pain, aches, weakness or cramps in someone taking a statin are the
        side effect statins are known for."""

    # --- medicines that lower a nutrient (outside references only) ---------------

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    b12_proton_pump_inhibitor = table_rule("b12.proton-pump-inhibitor")
    b6_isoniazid = table_rule("b6.isoniazid")
    vitamin_d_antiepileptic = table_rule("vitamin_d.antiepileptic")
