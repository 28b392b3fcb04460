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
  the nutrient's id, since they cite only outside references).

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

MEDLINEPLUS_ACHES = ref("MedlinePlus: Muscle aches (causes include certain drugs such as statins)",
                        "https://medlineplus.gov/ency/article/003178.htm")
STATIN_NOTE = ("Statins are outside the documents; MedlinePlus names muscle pain as a known side "
               "effect of these cholesterol-lowering medicines.")
ODS_B12_PPI = ref("NIH Office of Dietary Supplements: Vitamin B12 fact sheet for health professionals "
                  "(interactions with medications: proton pump inhibitors)",
                  "https://ods.od.nih.gov/factsheets/VitaminB12-HealthProfessional/")
MEDLINEPLUS_ISONIAZID = ref("MedlinePlus: Isoniazid (drug information; vitamin B6 is given with it "
                            "to prevent nerve damage)",
                            "https://medlineplus.gov/druginfo/meds/a682401.html")
ODS_B6 = ref("NIH Office of Dietary Supplements: Vitamin B6 fact sheet for health professionals",
             "https://ods.od.nih.gov/factsheets/VitaminB6-HealthProfessional/")
NICE_VITAMIN_D = ref("NICE Clinical Knowledge Summaries: Vitamin D deficiency in adults, risk factors "
                     "(drugs such as carbamazepine, phenobarbital, phenytoin and primidone)",
                     "https://cks.nice.org.uk/topics/vitamin-d-deficiency-in-adults/background-"
                     "information/risk-factors/")


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

    @rule(
        "b12.proton-pump-inhibitor",
        Person(drug_classes=has("proton_pump_inhibitor")),
        effects=[Supports("vitamin_b12", 0.2)],
        sources=[ODS_B12_PPI],
        note="The documents name no medicine that lowers B12; the NIH fact sheet reports that long-term "
             "use of proton pump inhibitors can reduce vitamin B12 absorption.",
    )
    def b12_proton_pump_inhibitor(self):
        """Taking an acid-reducing proton pump inhibitor for a long time can lower
        vitamin B12 absorption."""

    @rule(
        "b6.isoniazid",
        Person(drug_classes=has("isoniazid")),
        effects=[Supports("vitamin_b6", 0.25)],
        sources=[MEDLINEPLUS_ISONIAZID, ODS_B6],
        note="The documents name no medicine that lowers vitamin B6; isoniazid, a tuberculosis medicine, "
             "works against vitamin B6, which is why it is often prescribed together with B6.",
    )
    def b6_isoniazid(self):
        """Isoniazid, a medicine for tuberculosis, works against vitamin B6 and
        can leave too little of it."""

    @rule(
        "vitamin_d.antiepileptic",
        Person(drug_classes=has("enzyme_inducing_antiepileptic")),
        effects=[Supports("vitamin_d", 0.2)],
        sources=[NICE_VITAMIN_D],
        note="The documents name no medicine that lowers vitamin D; NICE lists antiepileptics that speed "
             "up its breakdown (carbamazepine, phenobarbital, phenytoin, primidone) as risk factors.",
    )
    def vitamin_d_antiepileptic(self):
        """Some epilepsy medicines (carbamazepine, phenobarbital, phenytoin,
        primidone) speed up the breakdown of vitamin D and make a deficiency more
        likely."""
