"""The engine's public API: evaluate one profile into a contract §2 report."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NotRequired

# typing_extensions' TypedDict (pydantic's dependency): pydantic reads it on
# Python 3.11 too, so that these types are the report's JSON Schema
# (engine/report_schema.py).
from typing_extensions import TypedDict

from sorewhy.engine.core import (
    Matcher,
    RunState,
    SorewhyEngine,
    build_report,
    profile_facts,
    read_profile,
)
from sorewhy.engine.derived import DerivedRuleBase, derived_rule_base
from sorewhy.engine.loaders import Entry, read_profiles
from sorewhy.engine.profile import Profile, enum_values, validate_profile
from sorewhy.engine.salvage import salvaged_error_report
from sorewhy.errors import ProfileError

MATCHERS = ("derived", "experta")
"""What ``SOREWHY_MATCHER`` (or ``Evaluator(matcher=...)``) selects:
``derived`` (the default) evaluates and traces with the matcher derived from
the rules (engine/derived.py); ``experta`` uses Experta's own matcher and
strategy for everything (the oracle: the whole suite can be run against it)."""


def matcher_mode(matcher: str | None = None) -> str:
    """The matcher `matcher` or ``SOREWHY_MATCHER`` selects; anything but
    ``experta`` is ``derived``."""
    mode = matcher if matcher is not None else os.environ.get("SOREWHY_MATCHER", "derived")
    return mode if mode in MATCHERS else "derived"


SourceKindId = Literal["health_service", "lab_reference", "regulator", "formulary", "health_reference", "article",
                       "other"]
"""The kinds of knowledge/source_kinds.yaml (tests/engine/test_report_schema.py holds them equal)."""


class SourceRef(TypedDict, total=False):
    doc: str
    section: str
    quote: str
    ref: str
    url: str
    kind: SourceKindId
    """What kind of source it is (knowledge/source_kinds.py): ``article`` for the
    five documents, else read from the URL."""


class EvidenceItem(TypedDict):
    rule: str
    says: str
    sources: list[SourceRef]


class FindingReport(TypedDict):
    id: str
    kind: Literal["deficiency", "other"]
    label: str
    certainty: float
    evidence: list[EvidenceItem]
    against: list[EvidenceItem]
    advice: list[str]


Disposition = Literal["self_care", "doctor_routine", "doctor_soon", "urgent_today", "emergency_now"]
"""rules.base.DISPOSITIONS (tests/engine/test_report_schema.py holds them equal)."""
See = Literal["emergency_department", "gp", "pharmacist"]
"""rules.base.SEE."""


class Reason(EvidenceItem):
    triggered_by: dict[str, Any]
    """What of this person triggered the rule: answers by key, ``labs.<name>``: value."""
    disposition: Disposition
    """How soon this reason alone would send the person (rules.base.DISPOSITIONS)."""
    see: See | None
    """Whom this reason says to see (rules.base.SEE), or None."""


class Referral(TypedDict):
    level: Literal["self_care", "see_doctor", "urgent"]
    disposition: Disposition
    """The most urgent reason's disposition; ``level`` is the level it belongs to."""
    timeframe: str
    """The disposition in words (knowledge/triage.yaml)."""
    see: See | None
    reasons: list[Reason]
    advice: str
    """The disposition's headline and why: the claim of the reason that set it."""


class SafetyNetItem(TypedDict):
    when: str
    do: str
    rule: str
    """The safety-net rule that chose the item (rules/safety_net.py)."""
    sources: list[SourceRef]


class WithheldAdvice(TypedDict):
    finding: str
    advice: str
    instead: str | None
    because: list[EvidenceItem]


class RestsOn(TypedDict):
    findings: list[str]
    """The leading findings: the first three at a certainty that counts."""
    kinds: dict[str, int]
    """Source kind -> how many distinct sources of it their evidence cites."""
    says: str
    """That in one sentence ("The leading findings rest on 2 ... and 1 ...")."""


class ReadAs(TypedDict):
    key: str
    given: str
    read_as: str


class RuleBaseStamp(TypedDict):
    version: str
    sha256: str


class NotRead(TypedDict):
    resource: str
    """The resource, ``Observation/abc`` (or its place in the input, ``Observation at Bundle.entry[3]``)."""
    element: str
    """The element that could not be read, ``code``, ``valueQuantity.code``..."""
    reason: str


class Report(TypedDict):
    id: str
    source: NotRequired[str]
    """The file the profile came from, as given (``sorewhy evaluate``)."""
    findings: list[FindingReport]
    referral: Referral | None
    safety_net: list[SafetyNetItem]
    """Never empty: what should bring the person back at once, and when to
    see a doctor if it is not better."""
    unknown: list[str]
    fired: list[str]
    error: str | None
    errors: NotRequired[list[str]]
    """In the report of a profile that could not be evaluated: every problem
    found in it, one line each naming the file, the profile and the key (the
    first is the one `error` names)."""
    unrecognised_medications: list[str]
    labs_read: list[dict[str, Any]]
    withheld_advice: list[WithheldAdvice]
    labs_summary: str | None
    """When every blood result given is normal: that they suggest no deficiency,
    and the other causes still worth discussing (else None)."""
    rests_on: RestsOn
    """What the leading findings rest on, by kind of source (#25)."""
    medications_read: list[dict[str, Any]]
    """How each recognised medicine was read: given, generic, class, class_label
    (a supplement: class ``supplement`` and the ``supplements`` it gives)."""
    medication_suggestions: list[dict[str, str]]
    """Near misses, never taken: given, did_you_mean."""
    reported: NotRequired[dict[str, Any]]
    """What the person reported (absent from the report of a profile that could not be read)."""
    read_as: NotRequired[list[ReadAs]]
    """Values of the facts file written otherwise than the vocabulary spells
    them and read as one of its values (``sex: Male`` as ``male``); absent
    when there were none."""
    notice: str
    rule_base: RuleBaseStamp
    not_read: NotRequired[list[NotRead]]
    """FHIR input only: what of the patient's record was not used, one item
    per resource and element (a code sorewhy does not map, a unit it does
    not know, a resource that breaks its FHIR model...), never guessed."""


@dataclass(frozen=True)
class Evaluation:
    """A report together with what produced it (for traces)."""

    profile: Profile
    facts: tuple[Any, ...]
    state: RunState
    report: Report


class Evaluator:
    """Evaluates profiles one at a time, with the rule base built once.

    :attr:`matcher` decides which rules fire (a :class:`Matcher`): the
    derived matcher (engine/derived.py) by default, or Experta's own matcher
    and strategy with ``matcher="experta"`` (default: ``SOREWHY_MATCHER``, see
    :data:`MATCHERS`). Traces and the interview run on the same matcher as
    evaluation. The report's ``unknown`` is the derived analysis in either
    case (it reads what fired, not how). Setting :attr:`engine` makes that
    Experta engine evaluate everything.

    Not thread-safe: use one Evaluator per thread or process."""

    def __init__(self, matcher: str | None = None) -> None:
        self.mode = matcher_mode(matcher)
        self.derived: DerivedRuleBase = derived_rule_base()
        self.matcher: Matcher = self.derived if self.mode == "derived" else SorewhyEngine()

    @property
    def engine(self) -> Matcher:
        """The matcher that evaluates (kept under its old name for callers
        that set an Experta engine of their own)."""
        return self.matcher

    @engine.setter
    def engine(self, engine: Matcher) -> None:
        self.matcher = engine

    def infer(self, profile: Profile) -> RunState:
        """Only the inference of one validated profile: what fired and what it
        concluded, without the unknowns analysis or the report (for outputs
        that need the findings and the referral only, such as compact rows:
        :func:`~sorewhy.engine.core.ranked_findings`,
        :func:`~sorewhy.engine.core.referral_level`)."""
        return self.matcher.infer(profile_facts(profile)[0])

    def run(self, profile: Profile, profile_id: str | None = None, trace: bool = False) -> Evaluation:
        facts, unrecognised, labs = read_profile(profile)
        labs_given = {fact["name"] for fact in facts[1:]}
        state = self.matcher.infer(facts, trace=trace)
        unknown = self.derived.unknown(facts[0], state, labs_given)
        pid = profile_id or profile.id or "profile"
        report = build_report(pid, state, unknown, unrecognised, labs, profile.medications)
        report["reported"] = reported_facts(profile)
        if profile.read_as:
            report["read_as"] = [dict(entry) for entry in profile.read_as]
        return Evaluation(profile, tuple(facts), state, report)  # type: ignore[arg-type]

    def evaluate(self, profile: Profile | Mapping[str, Any], profile_id: str | None = None) -> Report:
        """Evaluate one profile. A mapping is validated first and raises
        :class:`ProfileError` if it breaks the facts vocabulary."""
        if not isinstance(profile, Profile):
            profile = validate_profile(dict(profile), "<api>", f"profile '{profile_id or profile.get('id', '?')}'")
        return self.run(profile, profile_id).report

    def evaluate_entry(self, entry: Entry) -> Report:
        """The report of one entry read from a file: evaluated, or carrying
        its error; with the file it came from (see :func:`with_source`)."""
        if entry.error is not None or entry.profile is None:
            errors = entry.error.messages() if entry.error is not None else None
            report = salvaged_error_report(entry.id, str(entry.error), entry.salvaged, errors)
            return with_source(report, entry.source)  # type: ignore[arg-type]
        return with_source(self.run(entry.profile, entry.id).report, entry.source)


def with_source(report: Report, source: str) -> Report:
    """The report with ``source``, the file its profile came from (as given on
    the command line; ``<stdin>`` for standard input), just after its ``id``:
    ids may repeat across files, the pair does not. A new top-level dict."""
    out: dict[str, Any] = {"id": report["id"], "source": source}
    out.update(report)
    return out  # type: ignore[return-value]


def reported_facts(profile: Profile) -> dict[str, Any]:
    """What the person reported: every key the profile gives but ``id`` and
    ``labs`` (``labs_read`` says how each blood result was read), as plain
    data. List values come once each, in the vocabulary's order (free
    text sorted), as the engine reads them: profiles that differ only in the
    order or repetition of a list report alike, as the batch's reuse of
    identical profiles' reports requires."""
    out: dict[str, Any] = {}
    for key, order in _reported_keys():
        value = getattr(profile, key)
        if value is None:
            continue
        if order is not None:
            try:  # every value in the vocabulary: its place decides (places are distinct)
                value = sorted(set(value), key=order.__getitem__)
            except KeyError:  # free text too: after the vocabulary, by itself
                value = sorted(set(value), key=lambda v: (order.get(v, len(order)), v))
        out[key] = value
    return out


@functools.cache
def _reported_keys() -> tuple[tuple[str, dict[str, int] | None], ...]:
    """Each profile key but ``id`` and ``labs``, with the vocabulary's order of its values when it is a list."""

    keys = []
    for key, info in Profile.model_fields.items():
        if key in ("id", "labs"):
            continue
        is_list = "list[" in str(info.annotation)
        keys.append((key, {v: n for n, v in enumerate(enum_values(key))} if is_list else None))
    return tuple(keys)


_local = threading.local()


def default_evaluator() -> Evaluator:
    """A per-thread Evaluator, built on first use."""
    ev = getattr(_local, "evaluator", None)
    if ev is None:
        ev = _local.evaluator = Evaluator()
    return ev


def evaluate(profile: Profile | Mapping[str, Any], profile_id: str | None = None) -> Report:
    """Evaluate one profile with the default evaluator."""
    return default_evaluator().evaluate(profile, profile_id)


def load_profiles(path: str) -> list[Entry]:
    """Every profile of a facts file, validated (errors are kept per entry).
    Raises :class:`InputError` if the file cannot be read at all."""
    return list(read_profiles(path))


def evaluate_file(path: str) -> Iterator[Report]:
    """Reports for every profile of one file, in file order."""
    ev = default_evaluator()
    for entry in read_profiles(path):
        yield ev.evaluate_entry(entry)


def evaluate_many(entries: Iterable[Entry]) -> Iterator[Report]:
    ev = default_evaluator()
    for entry in entries:
        yield ev.evaluate_entry(entry)


__all__ = [
    "Evaluation",
    "Evaluator",
    "MATCHERS",
    "Matcher",
    "ProfileError",
    "Report",
    "default_evaluator",
    "evaluate",
    "evaluate_file",
    "evaluate_many",
    "load_profiles",
    "reported_facts",
]
