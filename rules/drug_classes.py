"""What the drug rules of several topics share: which classes are diuretics,
and the sources they cite. The rules that a diuretic lowers potassium and
magnesium are made from knowledge/relations.yaml (rules/relations.py). (Not a
topic module: it defines no rules.)"""

from __future__ import annotations

from sorewhy.rules.base import D003, doc, ref

DIURETICS = ("thiazide_diuretic", "loop_diuretic", "diuretic")
"""The drug classes that wash potassium and magnesium out in the urine: every
diuretic is reasoned about the same way, through those electrolytes (none of
them is a `medication_effect` of its own, which would count it twice)."""

THIAZIDE_SYMPTOMS_CLAIM = doc(D003, "When Do We Lose Electrolytes?",
                              "Thiazide diuretics can also cause these same muscle symptoms.")
MEDLINEPLUS_FUROSEMIDE = ref("MedlinePlus: Furosemide (drug information)",
                             "https://medlineplus.gov/druginfo/meds/a682858.html")
MEDLINEPLUS_STATINS = ref("MedlinePlus: Statins (muscle pain is a known side effect)",
                          "https://medlineplus.gov/statins.html")
"""Statins' muscle side effect (medication.statin and the statin referral rules)."""
