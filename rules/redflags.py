"""Red flags: symptoms that need medical care now, whatever else is known.

These rules sit in their own band and fire before every other rule. Most
red flags come from outside the five documents (which are about nutrition),
so they cite an authoritative public reference and say why.
"""

from __future__ import annotations

from sorewhy.rules.base import Person, Refer, has, ref, rule


class RedFlagRules:
    """Rules about red flags: symptoms that need care now."""

    @rule(
        "redflag.chest-pain",
        Person(symptoms=has("chest_pain")),
        effects=[Refer("urgent")],
        sources=[ref("MedlinePlus: Chest pain (when to contact a medical professional)",
                     "https://medlineplus.gov/ency/article/003079.htm")],
        note="Chest pain is outside the documents; any chest pain with muscle symptoms needs "
             "care at once to rule out a heart problem.",
    )
    def chest_pain(self):
        """Chest pain can be a heart problem: seek medical care now, do not wait to
        see whether it is a muscle."""
