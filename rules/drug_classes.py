"""What the drug rules of several topics share: which classes are diuretics,
the muscle symptoms the documents tie to them, the conditions that test them,
and their sources. (Not a topic module: it defines no rules.)"""

from __future__ import annotations

from sorewhy.rules.base import D003, Person, doc, has_any, ref

DIURETICS = ("thiazide_diuretic", "loop_diuretic", "diuretic")
"""The drug classes that wash potassium and magnesium out in the urine: every
diuretic is reasoned about the same way, through those electrolytes (none of
them is a `medication_effect` of its own, which would count it twice)."""

DIURETIC_SYMPTOMS = ("soreness", "aches", "tension", "cramps", "numbness")
"""The muscle symptoms document 003 ties to thiazides ("these same muscle
symptoms": pain, tension, cramping, numbness)."""

TAKES_A_DIURETIC = Person(drug_classes=has_any(*DIURETICS))
"""The person takes a diuretic of any kind (magnesium.diuretic, potassium.diuretic)."""

DIURETIC_AND_MUSCLE_SYMPTOMS = Person(drug_classes=has_any(*DIURETICS), symptoms=has_any(*DIURETIC_SYMPTOMS))
"""The person takes a diuretic and has the muscle symptoms document 003 ties to it
(magnesium.diuretic-muscle-symptoms, potassium.diuretic-muscle-symptoms)."""

THIAZIDE_SYMPTOMS_CLAIM = doc(D003, "When Do We Lose Electrolytes?",
                              "Thiazide diuretics can also cause these same muscle symptoms.")
MEDLINEPLUS_FUROSEMIDE = ref("MedlinePlus: Furosemide (drug information)",
                             "https://medlineplus.gov/druginfo/meds/a682858.html")
LOOP_NOTE = ("The document names thiazides; loop diuretics such as furosemide wash out potassium and "
             "magnesium the same way (MedlinePlus), so every diuretic is reasoned about alike.")
MEDLINEPLUS_STATINS = ref("MedlinePlus: Statins (muscle pain is a known side effect)",
                          "https://medlineplus.gov/statins.html")
"""Statins' muscle side effect (medication.statin and the statin referral rules)."""
