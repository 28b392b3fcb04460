"""Medications that cause muscle symptoms themselves: the `medication_effect`
finding. (Medicines that deplete a mineral are evidence for that deficiency and
live in the nutrient's module, e.g. `magnesium.diuretic`.)

The knowledge base maps the names a person gives to drug classes
(knowledge/drugs.yaml); rules match the class in `drug_classes`. Whoever takes
such a medicine is also referred to a doctor (`referral.medication`): a
prescribed medicine is never to be stopped on one's own.
"""

from __future__ import annotations

from sorewhy.rules.base import D003, Person, Supports, doc, has, has_any, ref, rule

MEDLINEPLUS_STATINS = ref("MedlinePlus: Statins (muscle pain is a known side effect)",
                          "https://medlineplus.gov/statins.html")
MEDLINEPLUS_ACHES = ref("MedlinePlus: Muscle aches (causes include certain drugs such as statins)",
                        "https://medlineplus.gov/ency/article/003178.htm")
STATIN_NOTE = ("Statins are outside the documents; MedlinePlus names muscle pain as a known side "
               "effect of these cholesterol-lowering medicines.")
THIAZIDE_CLAIM = doc(D003, "When Do We Lose Electrolytes?",
                     "Thiazide diuretics can also cause these same muscle symptoms.")


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

    @rule(
        "medication.thiazide",
        Person(drug_classes=has("thiazide_diuretic")),
        effects=[Supports("medication_effect", 0.3)],
        sources=[THIAZIDE_CLAIM],
    )
    def medication_thiazide(self):
        """Thiazide diuretics (water pills for blood pressure) can themselves cause
        muscle symptoms."""

    @rule(
        "medication.thiazide-muscle-symptoms",
        Person(drug_classes=has("thiazide_diuretic"),
               symptoms=has_any("soreness", "aches", "tension", "cramps", "numbness")),
        effects=[Supports("medication_effect", 0.2)],
        sources=[
            THIAZIDE_CLAIM,
            doc(D003, "When Do We Lose Electrolytes?", "reduce muscle pain and tension"),
        ],
    )
    def medication_thiazide_muscle_symptoms(self):
        """Muscle pain, tension, cramps or numbness in someone taking a thiazide
        diuretic are the muscle symptoms the document ties to these medicines."""
