"""What a short report shows a person: the few findings worth acting on, the
rest folded into one line, advice for the leading findings only, and for a
red flag the urgent message and the finding behind it before anything else.

Reports (contract §2) keep every finding, for programs; :func:`digest` is for
the formats people read (the table, the interview's result, Markdown). It only
reads a report, so it needs neither the engine nor the rules::

    d = digest(report)
    d.urgent        # None, or the urgent message, its reasons and the findings behind it
    d.leading       # at most LEADING findings of at least WEAK certainty (the urgent ones first)
    d.folded        # the other findings of at least CONSIDER_THRESHOLD: "also considered: ..."
    d.advice        # [(finding label, [advice, ...]), ...] for the leading findings only
    d.not_ruled_out # red flags nobody asked about ("not asked / not known: chest pain, ...")
    d.general       # general advice when no finding leads and care is not needed now, without
                    # what conflict rules withheld

A red flag that was not asked is never the same as one answered "no":
:func:`red_flags_not_ruled_out` says which ones a profile leaves open, for the
interview to pass in when it has not asked every red-flag question.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sorewhy.engine.certainty import WORDS, considered
from sorewhy.knowledge import RED_FLAGS
from sorewhy.knowledge import load as load_knowledge

WEAK: float = next(bound for bound, word in WORDS if word == "weak")
"""The "weak" certainty threshold (0.25): findings below it are folded."""

LEADING: int = 3
"""At most this many findings lead a short report."""

_RED_FLAG_WORDS = dict(RED_FLAGS)


@dataclass(frozen=True)
class Urgent:
    """The urgent part of a red-flag report, shown first."""

    message: str
    reasons: list[Mapping[str, Any]]
    findings: list[Mapping[str, Any]]
    """The findings the red-flag rules support (e.g. a possible clot), if any."""


@dataclass(frozen=True)
class Digest:
    """What a short report shows; see :func:`digest`."""

    level: str
    urgent: Urgent | None
    leading: list[Mapping[str, Any]]
    folded: list[Mapping[str, Any]]
    advice: list[tuple[str, list[str]]]
    supplements: str | None
    """The ask-a-doctor-first text, once, when a leading finding carries it."""
    withheld: list[Mapping[str, Any]] = field(default_factory=list)
    """The report's withheld advice for the leading findings."""
    not_ruled_out: list[str] = field(default_factory=list)
    """Red flags, in words, that were not asked or are not known."""
    general: list[str] = field(default_factory=list)
    """General advice (knowledge/advice.yaml) for a report no finding leads
    and that does not send the person for care now (``urgent``), without what
    the report's conflict rules withheld; empty otherwise."""


def red_flags_not_ruled_out(profile: Mapping[str, Any], asked: Collection[str] | None = None) -> list[str]:
    """The red-flag symptoms (ids, e.g. ``chest_pain``) that `profile` does not
    rule out. Without `asked`: with no ``symptoms`` key nothing is ruled out,
    and a given list is complete, so it rules out every red flag it leaves out.
    With `asked` (the red-flag ids whose question was actually answered) only
    those and the ones present count as known, whether or not the profile has
    a ``symptoms`` key yet. For the interview, which may end before asking
    them all (or before the symptoms question); it must not save the others
    as absent."""
    symptoms = profile.get("symptoms")
    if asked is None:
        return [rid for rid, _ in RED_FLAGS] if symptoms is None else []
    known = set(symptoms or ()) | set(asked)
    return [rid for rid, _ in RED_FLAGS if rid not in known]


def leading_findings(report: Mapping[str, Any], leading: int = LEADING,
                     weak: float = WEAK) -> list[Mapping[str, Any]]:
    """The findings a short report leads with (see :func:`digest`): the
    findings a red flag supports first, then those of at least `weak`
    certainty, at most `leading` in all."""
    referral = report.get("referral") or {}
    findings = list(report.get("findings") or [])
    first: list[Mapping[str, Any]] = []
    if referral.get("level") == "urgent":
        flagged = {r.get("rule") for r in referral.get("reasons", [])}
        first = [f for f in findings if any(e.get("rule") in flagged for e in f.get("evidence", []))]
    rest = [f for f in findings if f not in first]
    return first + [f for f in rest if f["certainty"] >= weak][:max(0, leading - len(first))]


def digest(report: Mapping[str, Any], not_ruled_out: Sequence[str] | None = None,
           leading: int = LEADING, weak: float = WEAK) -> Digest:
    """The short form of one report.

    Leading findings: those of at least `weak` certainty, at most `leading` of
    them, in the report's order; in a red-flag report the findings the red-flag
    rules support come first whatever their certainty. Every other finding is
    folded ("also considered"). Advice is that of the leading findings, each
    text once, with the supplements advice said once at the end. `not_ruled_out`
    lists red-flag ids not asked; by default, every red flag when the report
    says its symptoms are unknown."""
    referral = report.get("referral") or {"level": "self_care", "reasons": [], "advice": ""}
    level = referral.get("level", "self_care")
    findings = list(report.get("findings") or [])
    urgent = None
    first: list[Mapping[str, Any]] = []
    if level == "urgent":
        flagged = {r.get("rule") for r in referral.get("reasons", [])}
        first = [f for f in findings if any(e.get("rule") in flagged for e in f.get("evidence", []))]
        urgent = Urgent(referral.get("advice", ""), list(referral.get("reasons", [])), first)
    lead = leading_findings(report, leading, weak)
    folded = [f for f in findings if f not in lead and considered(f["certainty"])]

    supplements_text = load_knowledge().advice.supplements
    supplements = None
    shown: set[str] = set()
    advice: list[tuple[str, list[str]]] = []
    for finding in lead:
        items = []
        for text in finding.get("advice", []):
            if text == supplements_text:
                supplements = text
            elif text not in shown:
                shown.add(text)
                items.append(text)
        if items:
            advice.append((finding["label"], items))
    lead_ids = {f["id"] for f in lead}
    withheld = [w for w in report.get("withheld_advice") or [] if w.get("finding") in lead_ids]

    if not_ruled_out is None:
        not_ruled_out = [rid for rid, _ in RED_FLAGS] if "symptoms" in (report.get("unknown") or []) else []
    words = [_RED_FLAG_WORDS.get(rid, rid.replace("_", " ")) for rid in not_ruled_out]
    general: list[str] = []
    if not lead and not report.get("error") and level != "urgent":  # an urgent report says what to do now only
        kb_advice = load_knowledge().advice
        tags = withheld_tags(report)
        general = [t for t in kb_advice.general if not tags.intersection(kb_advice.general_tags.get(t, ()))]
    return Digest(level, urgent, lead, folded, advice, supplements, withheld, words, general)


def withheld_tags(report: Mapping[str, Any]) -> set[str]:
    """The advice tags the report's conflict rules withheld (read from `fired`)."""
    from sorewhy.rules import rule_index
    from sorewhy.rules.base import Withholds

    index = rule_index()
    return {e.tag for rid in report.get("fired") or [] if rid in index
            for e in index[rid].effects if isinstance(e, Withholds)}


__all__ = ["LEADING", "RED_FLAGS", "WEAK", "Digest", "Urgent", "digest", "red_flags_not_ruled_out",
           "withheld_tags"]
