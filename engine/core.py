"""The inference engine: one Experta KnowledgeEngine holding the whole rule
base, built once per process and reset for each profile, and the report of
contract §2 assembled from what fired.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sorewhy import NOTICE
from sorewhy.engine.certainty import combine
from sorewhy.engine.experta_internals import ExpertaEngine, make_fact
from sorewhy.engine.profile import FACT_KEYS, LAB_KEYS, LIST_KEYS, Profile
from sorewhy.engine.provenance import rule_base_stamp
from sorewhy.knowledge import load as load_knowledge
from sorewhy.rules import MIXINS, rule_index
from sorewhy.rules.base import REFERRAL_LEVELS, Against, Asserts, Inferred, Lab, Person, Refer, RuleMeta, Supports

_LEVEL_RANK = {level: rank for rank, level in enumerate(REFERRAL_LEVELS)}
_LIST_KEYS = frozenset(LIST_KEYS)


# --- what a run records ------------------------------------------------------


@dataclass(slots=True)
class Step:
    """One rule firing, for traces."""

    step: int
    rule: str
    facts: tuple[Any, ...]
    asserted: tuple[str, ...]


@dataclass(slots=True)
class RunState:
    """Everything one profile's run produced, before it becomes a report."""

    fired: list[str] = field(default_factory=list)
    support: dict[str, list[tuple[RuleMeta, float]]] = field(default_factory=dict)
    against: dict[str, list[tuple[RuleMeta, float]]] = field(default_factory=dict)
    referral: dict[str, list[RuleMeta]] = field(default_factory=dict)
    inferred: set[str] = field(default_factory=set)
    steps: list[Step] | None = None


class SorewhyEngine(*MIXINS, ExpertaEngine):
    """The rule base as one Experta engine. Build it once (the Rete network
    costs tens of milliseconds); `infer` resets it for every profile.

    It matches with :class:`~sorewhy.engine.experta_internals.FastReteMatcher`,
    Experta's own network with lean nodes; ``SorewhyEngine(fast=False)`` uses
    Experta's matcher and strategy unchanged (the tests compare the two). With
    ``fast=None`` (the default) the environment variable
    ``SOREWHY_MATCHER=experta`` selects Experta's, so that the whole test suite
    can be run against either."""

    def __init__(self, fast: bool | None = None) -> None:
        super().__init__(fast)
        self._state: RunState | None = None

    def infer(self, facts: Iterable[Any], trace: bool = False) -> RunState:
        """Run the rule base over `facts` (a Person and its Lab facts)."""
        state = RunState(steps=[] if trace else None)
        self._state = state
        try:
            self.run_facts(facts)
        finally:
            self._state = None
        return state

    def fired(self, rule: Any, facts: Any) -> None:
        """Record the firing and apply the rule's declared effects."""
        if self._state is not None:
            self._apply(self._state, rule.meta, facts)

    def _apply(self, state: RunState, meta: RuleMeta, facts: Any) -> None:
        first = meta.id not in state.fired
        if first:
            state.fired.append(meta.id)
        if state.steps is not None:
            state.steps.append(Step(len(state.steps) + 1, meta.id, tuple(facts),
                                    tuple(e.describe() for e in meta.effects) if first else ()))
        if not first:
            return  # one rule counts once, however many times it matched
        for effect in meta.effects:
            if isinstance(effect, Supports):
                state.support.setdefault(effect.finding, []).append((meta, effect.cf))
            elif isinstance(effect, Against):
                state.against.setdefault(effect.finding, []).append((meta, effect.cf))
            elif isinstance(effect, Refer):
                state.referral.setdefault(effect.level, []).append(meta)
                if effect.level != "self_care" and "referred" not in state.inferred:
                    state.inferred.add("referred")
                    self.declare(Inferred(what="referred"))
            elif isinstance(effect, Asserts):
                if effect.what not in state.inferred:
                    state.inferred.add(effect.what)
                    self.declare(Inferred(what=effect.what))


# --- facts from a profile -------------------------------------------------------


_fact = make_fact


def unrecognised_medications(profile: Profile) -> list[str]:
    """The medication names the knowledge base does not recognise, in the
    order the profile gives them, each once."""
    if profile.medications is None:
        return []
    kb = load_knowledge()
    unrecognised: list[str] = []
    for name in profile.medications:
        if kb.drug_class_of(name) is None and name not in unrecognised:
            unrecognised.append(name)
    return unrecognised


def profile_facts(profile: Profile) -> tuple[list[Any], list[str]]:
    """The Experta facts for one profile, and the medication names the
    knowledge base does not recognise."""
    kb = load_knowledge()
    values: dict[str, Any] = {}
    unrecognised: list[str] = []
    for key in FACT_KEYS:
        value = getattr(profile, key)
        if value is None:
            continue
        if key in _LIST_KEYS:
            value = frozenset(value)
        values[key] = value
    if profile.medications is not None:
        classes = set()
        for name in profile.medications:
            cls = kb.drug_class_of(name)
            if cls is None:
                if name not in unrecognised:
                    unrecognised.append(name)
            else:
                classes.add(cls)
        values["drug_classes"] = frozenset(classes)
    facts: list[Any] = [_fact(Person, values)]
    if profile.labs is not None:
        labs = kb.labs
        for key in LAB_KEYS:
            value = getattr(profile.labs, key)
            if value is None:
                continue
            status = labs[key].status(value, profile.sex)
            facts.append(_fact(Lab, {"name": key, "value": value, "status": status}))
    return facts, unrecognised


def person_values(facts: list[Any]) -> Mapping[str, Any]:
    return facts[0]


# --- the report ---------------------------------------------------------------------


_EVIDENCE: dict[str, dict[str, Any]] = {}
_ADVICE: dict[str, list[str]] = {}


def _evidence_item(meta: RuleMeta) -> dict[str, Any]:
    """One rule as evidence. Built once per rule and shared by every report
    that cites it (reports are read-only), which also lets a chunk of reports
    sent between processes pickle each rule's text once."""
    item = _EVIDENCE.get(meta.id)
    if item is None:
        item = _EVIDENCE[meta.id] = {
            "rule": meta.id,
            "says": meta.claim,
            "sources": [s.as_dict() for s in meta.sources],
        }
    return item


def _advice(finding_id: str) -> list[str]:
    """A finding's advice, built once and shared (read-only)."""
    advice = _ADVICE.get(finding_id)
    if advice is None:
        kb = load_knowledge()
        info = kb.findings[finding_id]
        advice = list(info.advice)
        if info.kind == "deficiency":
            advice.append(f"To confirm it: {info.confirm}.")
            advice.append(kb.advice.supplements)
        _ADVICE[finding_id] = advice
    return advice


def build_report(profile_id: str, state: RunState, unknown: list[str],
                 unrecognised: list[str]) -> dict[str, Any]:
    """Contract §2 report from one run."""
    kb = load_knowledge()
    findings = []
    for finding_id, supporting in state.support.items():
        against = state.against.get(finding_id, [])
        certainty = combine((cf for _, cf in supporting), (cf for _, cf in against))
        if certainty <= 0:
            continue
        info = kb.findings[finding_id]
        findings.append({
            "id": finding_id,
            "kind": info.kind,
            "label": info.label,
            "certainty": round(certainty, 2),
            "evidence": [_evidence_item(m) for m, _ in supporting],
            "against": [_evidence_item(m) for m, _ in against],
            "advice": _advice(finding_id),
        })
    findings.sort(key=lambda f: (-f["certainty"], f["id"]))

    level = max(state.referral, key=_LEVEL_RANK.__getitem__) if state.referral else "self_care"
    reasons = [_evidence_item(m) for m in state.referral.get(level, [])]
    report: dict[str, Any] = {
        "id": profile_id,
        "findings": findings,
        "referral": {"level": level, "reasons": reasons, "advice": kb.advice.referral[level]},
        "unknown": unknown,
        "fired": list(state.fired),
        "error": None,
        "unrecognised_medications": unrecognised,
        "notice": NOTICE,
        "rule_base": rule_base_stamp(),
    }
    return report


def error_report(profile_id: str, message: str) -> dict[str, Any]:
    """The report of a profile that could not be evaluated."""
    return {
        "id": profile_id,
        "findings": [],
        "referral": None,
        "unknown": [],
        "fired": [],
        "error": message,
        "unrecognised_medications": [],
        "notice": NOTICE,
        "rule_base": rule_base_stamp(),
    }


__all__ = [
    "RunState",
    "SorewhyEngine",
    "Step",
    "build_report",
    "error_report",
    "profile_facts",
    "unrecognised_medications",
    "rule_index",
]
