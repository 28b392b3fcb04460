"""Referral: self-care, see a doctor, or seek care now. Red flags, which always
give `urgent`, are kept apart in `redflags.py` and fire first."""

from __future__ import annotations

from sorewhy.rules.base import NOT, Inferred, Person, Refer, doc, rule

D001 = "001_33e4f4bd1924b37e.txt"
D002 = "002_60935b2c0666c71e.txt"


class ReferralRules:
    """Rules about referral."""

    @rule(
        "referral.self-care",
        Person(),
        NOT(Inferred(what="referred")),
        effects=[Refer("self_care")],
        sources=[doc(D002, "Conclusion: Listening to Your Body's Signals",
                     "Sore calf muscles can be a simple sign of overexertion")],
    )
    def self_care(self):
        """With no sign that needs a doctor, sore muscles can first be looked after
        at home: diet, fluids, rest and stretching. (Fires only when no other
        referral rule has fired; it must stay the last rule of the base.)"""
