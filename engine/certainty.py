"""Certainty factors, MYCIN style, combined per finding.

Each rule that bears on a finding carries a certainty factor (CF): a positive
CF in (0, 1) is evidence for the finding, a negative one evidence against.
Evidence of one sign is combined as independent confirmations::

    MB = 1 - prod(1 - cf)   over the supporting rules
    MD = 1 - prod(1 - |cf|) over the rules against

and the finding's certainty is ``CF = (MB - MD) / (1 - min(MB, MD))``.

Combining each sign separately first makes the result independent of the
order rules fired in (the pairwise MYCIN formula is not associative when signs
mix). The calibration the rule base follows:

* a risk factor alone is weak (0.10-0.30);
* a symptom the documents tie to the nutrient adds 0.15-0.40, more for a
  specific pattern (night cramps for magnesium, tingling for B12);
* so a risk factor plus matching symptoms lands near 0.4-0.7;
* a low lab value is the strongest evidence (0.80-0.90);
* a normal lab value argues against (-0.50 to -0.80), enough to drop a
  finding that rested on risk factors and symptoms alone.

A finding is reported when it has supporting evidence and its certainty is
above zero.
"""

from __future__ import annotations

from collections.abc import Iterable

WORDS = ((0.75, "strong"), (0.5, "moderate"), (0.25, "weak"), (0.0, "slight"))


def combine(supporting: Iterable[float], against: Iterable[float]) -> float:
    """Combined certainty of one finding from its supporting CFs (each in
    (0, 1)) and the magnitudes of the CFs against it (each in (0, 1))."""
    mb = 1.0
    for cf in supporting:
        mb *= 1.0 - cf
    mb = 1.0 - mb
    md = 1.0
    for cf in against:
        md *= 1.0 - cf
    md = 1.0 - md
    if mb == md:
        return 0.0
    return (mb - md) / (1.0 - min(mb, md))


def in_words(certainty: float) -> str:
    """"strong", "moderate", "weak" or "slight"."""
    for bound, word in WORDS:
        if certainty >= bound:
            return word
    return "none"


CONSIDER_THRESHOLD: float = 0.2
"""A finding under this certainty is not considered (MYCIN's threshold for
taking a hypothesis into account): it stays in the report's list, but is not
counted among the leading findings (``top_1``-``top_3``), in a summary's
"appears", or as "also considered"."""


def considered(certainty: float) -> bool:
    """Whether a finding of this certainty counts (:data:`CONSIDER_THRESHOLD`)."""
    return certainty >= CONSIDER_THRESHOLD


# --- ties: the strength of the evidence ------------------------------------------

EVIDENCE_STRENGTH = {"lab": 3, "symptom": 2, "risk_factor": 1}
"""How strong a kind of evidence is: a blood result above what the person
feels or has noticed, which is above a risk factor (diet, medicines, sun,
training, conditions, or an intermediate fact built from them)."""

SYMPTOM_KEYS = frozenset({
    "symptoms", "locations", "timing", "duration_days", "improves_with_rest", "severity",
    "recent_injury", "one_sided", "onset", "course",
})
"""Person keys that describe the complaint itself: a rule testing one of them is
symptom evidence."""


def evidence_kind(meta: object) -> str:
    """``lab``, ``symptom`` or ``risk_factor``: the kind of evidence a rule is,
    read from what it tests. A rule matching a blood result is a lab; one
    testing a key of `SYMPTOM_KEYS` is a symptom; anything else is a risk
    factor. Conditions inside NOT count too (a rule about the complaint is
    symptom evidence however it tests it)."""
    from sorewhy.engine.introspect import shape_of

    shape = shape_of(meta)  # type: ignore[arg-type]
    if shape.tests_lab:
        return "lab"
    if any(k in SYMPTOM_KEYS for k in shape.person_keys(negated=True)):
        return "symptom"
    return "risk_factor"


_KINDS: dict[str, str] = {}


def strength(metas: Iterable[object]) -> int:
    """The strength of a finding's evidence: that of its strongest supporting
    rule (0 with none). Breaks ties in certainty, before the finding's id."""
    best = 0
    for meta in metas:
        rid = getattr(meta, "id", None)
        kind = _KINDS.get(rid) if rid is not None else None
        if kind is None:
            kind = evidence_kind(meta)
            if rid is not None:
                _KINDS[rid] = kind
        best = max(best, EVIDENCE_STRENGTH[kind])
    return best
