"""The inference engine and the report of contract §2 assembled from what
fired.

Which rules fire is computed by one fast path, the matcher derived from the
rules (:mod:`sorewhy.engine.derived`), for evaluation, traces and the
interview. Experta stays the language the rules are written in and the oracle
that path is proven against: :class:`SorewhyEngine` is one Experta
KnowledgeEngine holding the whole rule base with Experta's own matcher and
strategy (``SOREWHY_MATCHER=experta`` evaluates everything with it). Both are
a :class:`Matcher`, and both record each firing through :func:`apply_firing`,
the one place a rule's effects are applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast, runtime_checkable

from sorewhy import NOTICE
from sorewhy.engine.advice import across_findings, fitted_advice
from sorewhy.engine.certainty import combine, strength
from sorewhy.engine.experta_internals import ExpertaEngine, make_fact
from sorewhy.engine.medications import read_medications, report_keys
from sorewhy.engine.profile import FACT_KEYS, LIST_KEYS, Profile
from sorewhy.engine.provenance import rule_base_stamp
from sorewhy.engine.triggers import triggered_by
from sorewhy.knowledge import BAND_LABELS, STATUS_OF_BAND
from sorewhy.knowledge import load as load_knowledge
from sorewhy.knowledge.source_kinds import count_kinds, rests_on_words, with_kind
from sorewhy.rules import MIXINS, rule_index
from sorewhy.rules.base import (
    DISPOSITIONS,
    REFERRAL_LEVELS,
    Against,
    Asserts,
    Inferred,
    Lab,
    Person,
    Refer,
    RuleMeta,
    Supports,
    Warns,
    Withholds,
)

_LEVEL_RANK = {level: rank for rank, level in enumerate(REFERRAL_LEVELS)}
_DISPOSITION_RANK = {disposition: rank for rank, disposition in enumerate(DISPOSITIONS)}
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
    """Referral level -> the rules that referred at that level, in firing order."""
    disposition: dict[str, list[RuleMeta]] = field(default_factory=dict)
    """Disposition (how soon) -> the rules that referred with it, in firing order."""
    warned: dict[str, list[RuleMeta]] = field(default_factory=dict)
    """Safety-net item -> the rules that chose it, in firing order."""
    inferred: set[str] = field(default_factory=set)
    results: dict[str, list[str]] = field(default_factory=dict)
    """Rule id -> the blood results it matched, named ("potassium 2.3 mmol/L: critically low")."""
    withheld: dict[str, list[RuleMeta]] = field(default_factory=dict)
    """Advice tag -> the conflict rules that withheld it."""
    matched: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """Rule id -> the facts of its first match (what triggered it)."""
    asserted_by: dict[str, str] = field(default_factory=dict)
    """Intermediate fact -> the rule that first asserted it."""
    steps: list[Step] | None = None


@runtime_checkable
class Matcher(Protocol):
    """What decides which rules fire, and in what order, for one profile's
    facts: the derived matcher (:class:`~sorewhy.engine.derived.DerivedRuleBase`,
    the one path sorewhy runs on) or Experta's own (:class:`SorewhyEngine`,
    the oracle). `name` says which (``SOREWHY_MATCHER``'s values)."""

    name: str

    def infer(self, facts: Sequence[Any], trace: bool = False) -> RunState:
        """Run the rule base over `facts` (a Person and its Lab facts); with
        `trace`, record every firing in :attr:`RunState.steps`."""
        ...


class SorewhyEngine(*MIXINS, ExpertaEngine):  # type: ignore[misc]  # the topic mixins, built at import
    """The rule base as one Experta engine with Experta's own matcher and
    strategy: the oracle the derived matcher is proven against. Build it once
    (the Rete network costs tens of milliseconds); `infer` resets it for every
    profile."""

    name = "experta"

    def __init__(self) -> None:
        super().__init__()
        self._state: RunState | None = None

    def infer(self, facts: Sequence[Any], trace: bool = False) -> RunState:
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
        for what in apply_firing(state, meta, facts):
            self.declare(Inferred(what=what))


def apply_firing(state: RunState, meta: RuleMeta, facts: Iterable[Any]) -> list[str]:
    """Record one firing of the rule `meta` on `facts` in `state` and apply
    its effects; return the intermediate facts it asserts for the first time
    (the caller declares them, in this order). Both matchers (Experta's, in
    :class:`SorewhyEngine`, and the derived one, engine/derived.py) apply
    firings through this one function. A rule's effects are read as
    :func:`_plan` (once per rule); this runs about twenty times a profile."""
    facts = tuple(facts)
    rule_id = meta.id
    for fact in facts:
        if isinstance(fact, Lab):
            named = state.results.setdefault(rule_id, [])
            if fact["result"] not in named:
                named.append(fact["result"])
                if len(named) > 1:  # in the order of knowledge/labs.yaml, not of firing
                    named.sort(key=_result_order)
    first = rule_id not in state.matched  # matched is filled exactly when a rule first fires
    if first:
        state.fired.append(rule_id)
    if state.steps is not None:
        state.steps.append(Step(len(state.steps) + 1, rule_id, facts,
                                tuple(e.describe() for e in meta.effects) if first else ()))
    if not first:
        return []  # one rule counts once, however many times it matched
    state.matched[rule_id] = facts
    plan = _PLANS.get(rule_id)
    if plan is None or plan[0] is not meta:
        plan = _plan(meta)
    declared: list[str] = []
    for op, key, item in plan[1]:
        if op is _SUPPORT:
            state.support.setdefault(key, []).append(item)
        elif op is _AGAINST:
            state.against.setdefault(key, []).append(item)
        elif op is _REFER:
            state.referral.setdefault(key, []).append(meta)
            state.disposition.setdefault(item, []).append(meta)
            if key != "self_care" and "referred" not in state.inferred:
                state.inferred.add("referred")
                state.asserted_by["referred"] = rule_id
                declared.append("referred")
        elif op is _WITHHOLD:
            state.withheld.setdefault(key, []).append(meta)
        elif op is _WARN:
            state.warned.setdefault(key, []).append(meta)
        elif key not in state.inferred:  # asserts
            state.inferred.add(key)
            state.asserted_by[key] = rule_id
            declared.append(key)
    return declared


_SUPPORT, _AGAINST, _REFER, _WITHHOLD, _WARN, _ASSERT = (
    "supports", "against", "refer", "withholds", "warns", "asserts")
_PLANS: dict[str, tuple[RuleMeta, tuple[tuple[str, str, Any], ...]]] = {}


def _plan(meta: RuleMeta) -> tuple[RuleMeta, tuple[tuple[str, str, Any], ...]]:
    """A rule's effects, in their order, as (what, its key, what is recorded):
    evidence records the pair (rule, certainty factor), built once and shared
    by every run, as the lists of a RunState are read-only once made; a
    referral its level and disposition."""
    ops: list[tuple[str, str, Any]] = []
    for effect in meta.effects:
        if isinstance(effect, Supports):
            ops.append((_SUPPORT, effect.finding, (meta, effect.cf)))
        elif isinstance(effect, Against):
            ops.append((_AGAINST, effect.finding, (meta, effect.cf)))
        elif isinstance(effect, Refer):
            ops.append((_REFER, effect.level, effect.disposition))
        elif isinstance(effect, Withholds):
            ops.append((_WITHHOLD, effect.tag, None))
        elif isinstance(effect, Warns):
            ops.append((_WARN, effect.item, None))
        elif isinstance(effect, Asserts):
            ops.append((_ASSERT, effect.what, None))
    plan = _PLANS[meta.id] = (meta, tuple(ops))
    return plan


# --- facts from a profile -------------------------------------------------------


def _result_order(text: str) -> int:
    """Where a named result ("potassium 2.3 mmol/L: low") sits in the order of
    knowledge/labs.yaml."""
    names = _lab_names()
    return next((n for n, name in enumerate(names) if text.startswith(name + " ")), len(names))


_LAB_NAMES: list[Any] = [None, ()]


def _lab_names() -> tuple[str, ...]:
    """The labs' names in knowledge/labs.yaml order, read once per knowledge base."""
    kb = load_knowledge()
    if _LAB_NAMES[0] is not kb:
        _LAB_NAMES[:] = [kb, tuple(lab.name for lab in kb.labs.values())]
    return _LAB_NAMES[1]


_fact = make_fact


def unrecognised_medications(profile: Profile) -> list[str]:
    """The medication names the knowledge base does not recognise, in the
    order the profile gives them, each once."""
    return list(read_medications(profile.medications).unrecognised)


def profile_facts(profile: Profile) -> tuple[list[Any], list[str]]:
    """The Experta facts for one profile, and the medication names the
    knowledge base does not recognise."""
    facts, unrecognised, _ = read_profile(profile, labs_read=False)
    return facts, unrecognised


def labs_read(profile: Profile) -> list[dict[str, Any]]:
    """How each blood result was read (report key ``labs_read``), in the order
    of ``knowledge/labs.yaml``."""
    if profile.labs is None:
        return []
    return read_profile(profile, facts=False)[2]


_FACT_KEYS = tuple((key, key in _LIST_KEYS) for key in FACT_KEYS)


def read_profile(profile: Profile, facts: bool = True,
                 labs_read: bool = True) -> tuple[list[Any], list[str], list[dict[str, Any]]]:
    """:func:`profile_facts` and :func:`labs_read` in one pass over the blood
    results (each read and banded once): (facts, unrecognised medication
    names, how each blood result was read); with `facts` or `labs_read` False
    that part is left empty."""
    kb = load_knowledge()
    out: list[Any] = []
    unrecognised: list[str] = []
    read: list[dict[str, Any]] = []
    if facts:
        values: dict[str, Any] = {}
        for key, is_list in _FACT_KEYS:
            value = getattr(profile, key)
            if value is None:
                continue
            values[key] = frozenset(value) if is_list else value
        if profile.medications is not None:
            # Medicines as people write them (engine/medications.py): the classes
            # the rules match on, the supplements among them, and what a class
            # says of the person (the combined pill: a clot risk).
            reading = read_medications(profile.medications)
            unrecognised = list(reading.unrecognised)
            classes = values["drug_classes"] = reading.classes
            if reading.supplements:
                values["supplements"] = values.get("supplements", frozenset()) | reading.supplements
            for key, items in _class_facts(classes):
                values[key] = values.get(key, frozenset()) | items
        out.append(_fact(Person, values))
    if profile.labs is not None:
        labs = kb.labs
        for reading in profile.labs.readings():
            lab = labs[reading.key]
            band = lab.band(reading.canonical, profile.sex)
            if facts:
                out.append(_fact(Lab, {
                    "name": reading.key, "value": reading.canonical, "status": STATUS_OF_BAND[band], "band": band,
                    "result": f"{lab.name} {reading.shown}: {BAND_LABELS[band]}",
                }))
            if labs_read:
                read.append({"analyte": reading.analyte, "label": lab.label, "given": reading.given,
                             "value": reading.value, "unit": reading.unit, "band": band,
                             "band_label": BAND_LABELS[band]})
    return out, unrecognised, read


def _class_facts(classes: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
    """The list facts the drug `classes` add (knowledge/drugs.yaml ``facts``),
    for keys the vocabulary has."""
    if not classes:
        return []
    kb = load_knowledge()
    out: dict[str, frozenset[str]] = {}
    for cid in classes:
        for key, items in kb.drug_classes[cid].facts.items():
            if key in _LIST_KEYS:
                out[key] = out.get(key, frozenset()) | frozenset(items)
    return sorted(out.items())


def person_values(facts: list[Any]) -> Mapping[str, Any]:
    return facts[0]


# --- the report ---------------------------------------------------------------------


_EVIDENCE: dict[str, tuple[RuleMeta, dict[str, Any]]] = {}
_ADVICE: dict[tuple[str, frozenset[str]], list[str]] = {}


def _evidence_item(meta: RuleMeta) -> dict[str, Any]:
    """One rule as evidence. Built once per rule and shared by every report
    that cites it (reports are read-only), which also lets a chunk of reports
    sent between processes pickle each rule's text once. Kept by id for that
    very rule object, as the effect plans are (another rule base may reuse an id)."""
    cached = _EVIDENCE.get(meta.id)
    if cached is not None and cached[0] is meta:
        return cached[1]
    item = {"rule": meta.id, "says": meta.claim, "sources": [with_kind(s.as_dict()) for s in meta.sources]}
    _EVIDENCE[meta.id] = (meta, item)
    return item


def _named_item(meta: RuleMeta, state: RunState) -> dict[str, Any]:
    """A rule as evidence; a rule that matched blood results names them first
    (``potassium 2.3 mmol/L: critically low. <claim>``)."""
    item = _evidence_item(meta)
    results = state.results.get(meta.id)
    if not results:
        return item
    return {**item, "says": f"{'; '.join(results)}. {meta.claim}"}


def _lab_fitted_advice(finding_id: str, advice: list[str], labs: list[dict[str, Any]]) -> list[str]:
    """`advice` without what would raise a result that is already high
    (knowledge/labs.yaml ``high_withholds``), and with why instead."""
    kb = load_knowledge()
    for reading in labs:
        lab = kb.labs_by_analyte[reading["analyte"]]
        if lab.finding != finding_id or reading["band"] not in ("high", "critically_high"):
            continue
        if lab.high_withholds or lab.high_advice:
            # An item withheld is withheld in every wording (its diet variants too).
            drop = {text for item in kb.findings[finding_id].advice if item.text in lab.high_withholds
                    for text in item.texts()}
            advice = [a for a in advice if a not in drop]
            if lab.high_advice and lab.high_advice not in advice:
                advice.insert(0, lab.high_advice)
    return advice


def _advice(finding_id: str, withheld: frozenset[str] = frozenset()) -> list[str]:
    """A finding's advice without the `withheld` tags (engine/advice.py),
    built once and shared (read-only)."""
    key = (finding_id, withheld)
    advice = _ADVICE.get(key)
    if advice is None:
        advice = _ADVICE[key] = list(fitted_advice(finding_id, withheld)[0])
    return advice


def _withheld_advice(finding_id: str, state: RunState, withheld: frozenset[str]) -> list[dict[str, Any]]:
    """What of a finding's advice the conflict rules withheld, and why."""
    out = []
    for change in fitted_advice(finding_id, withheld)[1]:
        rules: list[RuleMeta] = []
        for tag in sorted(change.tags):
            rules += [m for m in state.withheld[tag] if m not in rules]
        out.append({"finding": finding_id, "advice": change.advice, "instead": change.instead,
                    "because": [_evidence_item(m) for m in rules]})
    return out


def ranked_findings(state: RunState) -> list[tuple[str, float]]:
    """The findings of a run as the report lists them: (id, certainty rounded
    to two places), certainty above zero only. Certainty first; a tie goes to
    the stronger kind of evidence (a blood result, then a symptom, then a risk
    factor: engine/certainty.py), then to the id."""
    ranked = []
    against_of = state.against
    for finding_id, supporting in state.support.items():
        against = against_of.get(finding_id)
        certainty = combine([cf for _, cf in supporting], [cf for _, cf in against] if against else ())
        if certainty <= 0:
            continue
        ranked.append((round(certainty, 2), finding_id, supporting))
    if len(ranked) < 2:
        return [(finding_id, certainty) for certainty, finding_id, _ in ranked]
    # The strength of the evidence only breaks ties: computed for the findings that tie.
    ties: dict[float, int] = {}
    for certainty, _, _ in ranked:
        ties[certainty] = ties.get(certainty, 0) + 1
    keyed = [(-certainty, -strength(m for m, _ in supporting) if ties[certainty] > 1 else 0, finding_id)
             for certainty, finding_id, supporting in ranked]
    keyed.sort()
    return [(finding_id, -certainty) for certainty, _, finding_id in keyed]


def labs_summary(state: RunState, labs: list[dict[str, Any]], findings: list[dict[str, Any]]) -> str | None:
    """Report key ``labs_summary``: when rule ``labs.all-normal`` found every
    blood result given in its normal range, a line saying the results do not
    suggest a deficiency of what was measured and naming the other causes
    still worth discussing (the report's findings of kind ``other``, else the
    knowledge's general list); None otherwise."""
    if "labs_all_normal" not in state.inferred or not labs:
        return None
    texts = load_knowledge().advice.labs_summary
    results = ", ".join(r["label"][:1].lower() + r["label"][1:] for r in labs)
    others = [f["label"][:1].lower() + f["label"][1:] for f in findings if f["kind"] == "other"]
    tail = (texts["other_causes"].format(causes=", ".join(others)) if others else texts["no_other"])
    return f"{texts['all_normal'].format(results=results)} {tail}"


def referral_level(state: RunState) -> str:
    """The highest referral level a run reached (``self_care`` when none)."""
    return max(state.referral, key=_LEVEL_RANK.__getitem__) if state.referral else "self_care"


def referral_disposition(state: RunState) -> str:
    """The most urgent disposition any referral of a run gave
    (``self_care`` when none). Its level (rules.base.LEVEL_OF_DISPOSITION) is
    :func:`referral_level`: a disposition belongs to one level, and the
    dispositions rise with the levels."""
    return max(state.disposition, key=_DISPOSITION_RANK.__getitem__) if state.disposition else "self_care"


def red_flag_rules(state: RunState) -> list[str]:
    """The rules of a run that referred urgently (its red flags), in firing order."""
    return [m.id for m in state.referral.get("urgent", ())]


def referral_reasons(state: RunState) -> list[RuleMeta]:
    """The rules a report lists as the reasons of its referral: those that
    referred at the run's level, in firing order."""
    return state.referral.get(referral_level(state), [])


_REFERS: dict[tuple[str, str], tuple[RuleMeta, tuple[str, str | None]]] = {}


def _refer_of(meta: RuleMeta, level: str) -> tuple[str, str | None]:
    """(disposition, whom to see) of the rule's most urgent referral at
    `level`; whom to see from the first of its referrals with that disposition
    that names one."""
    cached = _REFERS.get((meta.id, level))
    if cached is not None and cached[0] is meta:
        return cached[1]
    refers = [e for e in meta.effects if isinstance(e, Refer) and e.level == level]
    # Refer fills in its level's default disposition: none is None here
    disposition: str = max((e.disposition for e in refers if e.disposition is not None),
                           key=_DISPOSITION_RANK.__getitem__)
    see = next((e.see for e in refers if e.disposition == disposition and e.see), None)
    _REFERS[(meta.id, level)] = (meta, (disposition, see))
    return disposition, see


def build_referral(state: RunState) -> dict[str, Any]:
    """The report's ``referral``: its level and disposition (the most urgent
    reason's), the time frame in words and whom to see (knowledge/triage.yaml;
    whom from the first reason with that disposition that names one), the
    reasons (each with its own disposition and whom to see), and the advice:
    the disposition's headline followed by the claim of the first rule that
    set the disposition, so that it says why (a self-care report: the headline
    only)."""
    kb = load_knowledge()
    level = referral_level(state)
    disposition = referral_disposition(state)
    reasons = []
    see = None
    setter: RuleMeta | None = None
    for meta in state.referral.get(level, []):
        own, own_see = _refer_of(meta, level)
        if own == disposition:
            setter = setter or meta
            see = see or own_see
        reasons.append({**_named_item(meta, state),
                        "triggered_by": triggered_by(meta, state.matched, state.asserted_by),
                        "disposition": own, "see": own_see})
    words = kb.triage.dispositions[disposition]
    advice = words.headline if disposition == "self_care" or setter is None else f"{words.headline} {setter.claim}"
    return {"level": level, "disposition": disposition, "timeframe": words.timeframe, "see": see,
            "reasons": reasons, "advice": advice}


_NET: dict[tuple[str, str], tuple[RuleMeta, dict[str, Any]]] = {}


def _net_item(item_id: str, meta: RuleMeta) -> dict[str, Any]:
    """One safety-net item as a report lists it, chosen by the rule `meta`:
    built once per item and rule and shared by every report (read-only)."""
    cached = _NET.get((item_id, meta.id))
    if cached is not None and cached[0] is meta:
        return cached[1]
    info = load_knowledge().safety_net[item_id]
    item = {"when": info.when, "do": info.do, "rule": meta.id,
            "sources": [with_kind({"ref": s.ref, "url": s.url}) for s in info.sources]}
    _NET[(item_id, meta.id)] = (meta, item)
    return item


def build_safety_net(state: RunState, level: str) -> list[dict[str, Any]]:
    """The report's ``safety_net``: the items the safety-net rules chose,
    shown at `level` (knowledge/safety_net.yaml ``levels``), in the order of
    that file, each with the first rule that chose it."""
    table = load_knowledge().safety_net
    return [_net_item(item_id, state.warned[item_id][0]) for item_id, info in table.items()
            if item_id in state.warned and level in info.levels]


def general_safety_net() -> list[dict[str, Any]]:
    """The safety net of a profile that could not be evaluated: what
    ``safety_net.general`` gives a person with no warning sign known, the
    items a report of any referral level shows (its referral is not known)."""

    meta = rule_index().get("safety_net.general")
    if meta is None:
        return []
    table = load_knowledge().safety_net
    return [_net_item(e.item, meta) for e in meta.effects if isinstance(e, Warns)
            and set(REFERRAL_LEVELS) <= set(table[e.item].levels)]


def _urgent_advice(finding_id: str) -> list[str]:
    """A finding's advice on a report that sends the person for care now: none
    for a deficiency (diet, drink and supplements can wait), and for another
    finding only its items that recommend nothing to do at home (no tag:
    knowledge.ADVICE_TAGS), such as "do not massage the leg"."""
    advice = _URGENT_ADVICE.get(finding_id)
    if advice is None:
        info = load_knowledge().findings[finding_id]
        advice = [] if info.kind == "deficiency" else [item.text for item in info.advice if not item.tags]
        _URGENT_ADVICE[finding_id] = advice  # shared by every urgent report (read-only)
    return advice


_URGENT_ADVICE: dict[str, list[str]] = {}


def build_report(profile_id: str, state: RunState, unknown: list[str],
                 unrecognised: list[str], labs: list[dict[str, Any]] | None = None,
                 medications: list[str] | None = None) -> dict[str, Any]:
    """Contract §2 report from one run; `labs` is :func:`labs_read` of the
    profile; `medications` (the profile's list as typed) fills
    ``medications_read`` and ``medication_suggestions``. A report that sends
    the person for care now (level ``urgent``) says what to do now: its
    findings carry no advice to follow at home (:func:`_urgent_advice`) and
    it withholds nothing it would otherwise say."""
    labs = labs or []
    kb = load_knowledge()
    referral = build_referral(state)
    urgent = referral["level"] == "urgent"
    findings = []
    withheld = frozenset(state.withheld)
    withheld_advice: list[dict[str, Any]] = []
    for finding_id, certainty in ranked_findings(state):
        supporting = state.support[finding_id]
        against = state.against.get(finding_id)
        info = kb.findings[finding_id]
        if urgent:
            advice = _urgent_advice(finding_id)
        elif labs:
            advice = _lab_fitted_advice(finding_id, _advice(finding_id, withheld), labs)
        else:
            advice = _advice(finding_id, withheld)
        findings.append({
            "id": finding_id,
            "kind": info.kind,
            "label": info.label,
            "certainty": certainty,
            "evidence": [_named_item(m, state) for m, _ in supporting],
            "against": [_named_item(m, state) for m, _ in against] if against else [],
            "advice": advice,
        })
        if withheld and not urgent:
            withheld_advice += _withheld_advice(finding_id, state, withheld)
    if len(findings) > 1:  # no line twice, none pulling against a higher finding's (engine/advice.py)
        shown = across_findings([cast(list[str], f["advice"]) for f in findings])
        for finding, advice in zip(findings, shown, strict=True):
            finding["advice"] = advice

    report: dict[str, Any] = {
        "id": profile_id,
        "findings": findings,
        "referral": referral,
        "safety_net": build_safety_net(state, referral["level"]),
        "unknown": unknown,
        "fired": list(state.fired),
        "error": None,
        "unrecognised_medications": unrecognised,
        "medications_read": [],
        "medication_suggestions": [],
        "labs_read": labs,
        "withheld_advice": withheld_advice,
        "labs_summary": labs_summary(state, labs, findings),
        "rests_on": None,  # below: it reads the referral and the findings
        "notice": NOTICE,
        "rule_base": rule_base_stamp(),
    }
    report["rests_on"] = rests_on(report)
    if medications is not None:
        report.update(report_keys(medications))
    return report


def rests_on(report: Mapping[str, Any]) -> dict[str, Any]:
    """What the report's leading findings (those it leads with:
    engine/digest.py ``leading_findings``) rest on: how many distinct sources
    of each kind their evidence cites (knowledge/source_kinds.py), and that in one
    sentence."""
    from sorewhy.engine.digest import leading_findings

    leading = leading_findings(report)
    counts = count_kinds(s for f in leading for e in f["evidence"] for s in e["sources"])
    if not leading:
        says = "No finding leads this report."
    else:
        subject = "The leading finding rests" if len(leading) == 1 else "The leading findings rest"
        says = f"{subject} on {rests_on_words(counts)}."
    return {"findings": [f["id"] for f in leading], "kinds": counts, "says": says}


def error_report(profile_id: str, message: str, referral: dict[str, Any] | None = None,
                 fired: Iterable[str] = (), errors: list[str] | None = None) -> dict[str, Any]:
    """The report of a profile that could not be evaluated. `referral` and
    `fired` are those of the red flags still read from its valid parts
    (engine/salvage.py), when it named any: the error stays, the findings
    stay empty. Its safety net is the general one (:func:`general_safety_net`):
    whatever went wrong with the file, the person is still told what needs
    help at once. `errors` are every problem of the profile, one line each
    (by default `message` alone), so that all can be fixed in one go."""
    return {
        "id": profile_id,
        "findings": [],
        "referral": referral,
        "safety_net": general_safety_net(),
        "unknown": [],
        "fired": list(fired),
        "error": message,
        "errors": list(errors) if errors else [message],
        "unrecognised_medications": [],
        "medications_read": [],
        "medication_suggestions": [],
        "labs_read": [],
        "withheld_advice": [],
        "labs_summary": None,
        "rests_on": rests_on({}),
        "notice": NOTICE,
        "rule_base": rule_base_stamp(),
    }


__all__ = [
    "Matcher",
    "RunState",
    "SorewhyEngine",
    "Step",
    "build_referral",
    "build_report",
    "build_safety_net",
    "error_report",
    "general_safety_net",
    "labs_read",
    "labs_summary",
    "profile_facts",
    "read_profile",
    "ranked_findings",
    "red_flag_rules",
    "referral_disposition",
    "referral_level",
    "referral_reasons",
    "unrecognised_medications",
    "rule_index",
]
