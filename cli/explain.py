"""Explanations: why a question is asked, how a finding was reached, why
another was not.

One job: build each explanation as plain data (dataclasses with ``as_dict``),
so that the interview prints it in a few lines and other commands (`trace`)
can print or serialise the same thing; ``lines()`` renders it as text.
"""

from __future__ import annotations

import textwrap
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sorewhy.engine.questions import GATE_KEY, LAB_PREFIX, Question

if TYPE_CHECKING:
    from sorewhy.engine.introspect import Test

WIDTH = 98
_LEVEL_WORDS = {"self_care": "look after yourself", "see_doctor": "see a doctor", "urgent": "seek care now"}


def wrap(text: str, indent: str = "", first: str | None = None, width: int = WIDTH) -> str:
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_on_hyphens=False)


def level_words(level: str) -> str:
    return _LEVEL_WORDS.get(level, level.replace("_", " "))


# --- why a question is asked ----------------------------------------------------------------


@dataclass
class WhyAsked:
    """What one answer could change, in plain words, and the rules it feeds."""

    question: str
    reason: str | None
    referral_to: list[str] = field(default_factory=list)
    """Referral levels an answer could lead to (from the lookahead)."""
    findings: list[str] = field(default_factory=list)
    """Labels of findings an answer could bring into or out of the first three."""
    feeds: list[str] = field(default_factory=list)
    """Rule ids that test this answer and can still fire."""
    ruled_out: list[str] = field(default_factory=list)
    """Rule ids that test it but cannot fire given earlier answers."""
    always: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self, rules: bool = False) -> list[str]:
        out = [""]
        # The question's id (a vocabulary key) is for `why rules`, beside the rule ids.
        head = f"Why we ask [{self.question}]" if rules else "Why we ask this question"
        out.append(wrap(f"{head}: {self.reason}" if self.reason else f"{head}:", "  "))
        parts = []
        if self.referral_to:
            parts.append("the advice (it could become: " + ", ".join(level_words(v) for v in self.referral_to) + ")")
        if self.findings:
            parts.append("which explanations lead (" + ", ".join(self.findings) + ")")
        if parts:
            out.append(wrap("Depending on your answer, it could change " + " and ".join(parts) + ".", "  "))
        elif self.always:
            out.append(wrap("It is always asked: these symptoms need care at once, whatever else is true.", "  "))
        elif self.feeds:
            out.append(wrap(f"It feeds {len(self.feeds)} rule{'s' if len(self.feeds) != 1 else ''}, but on your "
                            "answers so far it would not change the advice or the leading explanations.", "  "))
        else:
            out.append(wrap("No rule uses this answer any more, given your earlier answers.", "  "))
        if rules:
            if self.feeds:
                out.append(wrap("Rules that use it: " + ", ".join(self.feeds) + ".", "    ", "  "))
            if self.ruled_out:
                out.append(wrap("Rules that test it but cannot fire now: " + ", ".join(self.ruled_out) + ".",
                                "    ", "  "))
        elif self.feeds or self.ruled_out:
            out.append("  (Type `why rules` for the rule ids.)")
        return out


def _could_match(question: Question, test: Test) -> bool:
    """Could some answer to this question pass a rule's test on its key? (A
    test written for another shape of value is taken to be passable.)"""
    kind = question.kind
    if kind == "list":
        return test.passes(frozenset(question.choices), on_error=True)
    if kind == "choice":
        return any(test.passes(c, on_error=True) for c in question.choices)
    if kind == "yes_no":
        return any(test.passes(b, on_error=True) for b in (True, False))
    return True


def rules_fed(question: Question, person: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(rules that test this question's key and can still fire, rules that test
    it but cannot fire given the rest of `person`), by id."""
    from sorewhy.engine.introspect import fact_key, rule_base

    key = fact_key(question.key)
    lab = question.key[len(LAB_PREFIX):] if question.is_lab else None
    feeds: list[str] = []
    ruled_out: list[str] = []
    for shape in rule_base().shapes:
        if key == GATE_KEY:
            if shape.labs:
                feeds.append(shape.id)
            continue
        if lab is not None:
            if lab in shape.labs:
                feeds.append(shape.id)
            continue
        own = [t for t in shape.person_tests if t.key == key]
        if not own or not all(_could_match(question, t) for t in own):
            continue
        if all(t.passes(person[t.key]) for t in shape.person_tests if t.key != key and t.key in person):
            feeds.append(shape.id)
        else:
            ruled_out.append(shape.id)
    return feeds, ruled_out


def explain_why(question: Question, person: dict[str, Any], consequence: Any | None = None) -> WhyAsked:
    """Why `question` is asked: what its answers could change now (from the
    lookahead's `consequence`, when given) and which rules use it."""
    from sorewhy.engine.introspect import LEVEL_RANK
    from sorewhy.knowledge import load as load_knowledge

    feeds, ruled_out = rules_fed(question, person)
    labels = {f.id: f.label for f in load_knowledge().findings.values()} if hasattr(
        load_knowledge(), "findings") else {}
    referral_to: list[str] = []
    findings: list[str] = []
    if consequence is not None:
        referral_to = [v for v in LEVEL_RANK if v in consequence.levels]  # in rank order
        findings = sorted(labels.get(f, f.replace("_", " ")) for f in consequence.findings)
    return WhyAsked(question.id, question.why, referral_to, findings, feeds, ruled_out, question.always)


# --- how a finding or the referral was reached ----------------------------------------------


@dataclass
class Step:
    rule: str
    matched: list[str]
    effects: list[str]
    claim: str
    sources: list[str]
    note: str | None = None


@dataclass
class HowReached:
    """The rules that led to one finding (or to the referral), in firing order."""

    target: str
    title: str
    steps: list[Step] = field(default_factory=list)
    closing: str = ""
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        if self.error:
            return [f"  {self.error}"]
        out = ["", self.title]
        for n, step in enumerate(self.steps, 1):
            out.append(f"  {n}. {step.rule}")
            out.append(wrap("because " + ("; ".join(step.matched) if step.matched else "nothing else was found")
                            + ".", "       ", "     "))
            out.append(wrap("-> " + "; ".join(step.effects) + ".", "       ", "     "))
            out.append(wrap(step.claim, "       ", "     "))
            out.extend(wrap("source: " + s, "       ", "     ") for s in step.sources)
            if step.note:
                out.append(wrap("note: " + step.note, "       ", "     "))
        if self.closing:
            out.append(wrap(self.closing, "  "))
        return out


def show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (frozenset, set, list, tuple)):
        return ", ".join(sorted(str(v) for v in value)) if value else "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def source_text(source: dict[str, Any]) -> str:
    if "doc" in source:
        return f'{source["doc"]}, under "{source["section"]}": "{source["quote"]}"'
    return f'{source.get("ref", "")} <{source.get("url", "")}>'


def certainty_text(certainty: float) -> str:
    from sorewhy.engine.certainty import in_words

    return f"{in_words(certainty)} ({certainty:.2f})"


def explain_how(target: str, report: dict[str, Any], profile: dict[str, Any], evaluator: Any,
                profile_id: str = "interview") -> HowReached:
    """How one finding (by id) or the referral (``referral``) was reached, rule
    by rule in firing order: the facts each rule matched, what it concluded,
    the certainty so far, and its sources."""
    from sorewhy.engine.certainty import combine
    from sorewhy.engine.introspect import profile_key, shape_of
    from sorewhy.engine.profile import validate_profile
    from sorewhy.rules import rule_index
    from sorewhy.rules.base import Against, Asserts, Inferred, Lab, Person, Refer, Supports

    findings = {f["id"]: f for f in report["findings"]}
    is_referral = target == "referral"
    if not is_referral and target not in findings:
        known = ", ".join([*findings, "referral"])
        return HowReached(target, "", error=f"No finding '{target}' in this result; try one of: {known}.")

    evaluation = evaluator.run(validate_profile(profile, "answers", profile_id), profile_id, trace=True)
    index = rule_index()
    fired = set(evaluation.state.fired)

    def bears(meta: Any) -> bool:
        for effect in meta.effects:
            if is_referral and isinstance(effect, Refer):
                return True
            if not is_referral and isinstance(effect, (Supports, Against)) and effect.finding == target:
                return True
        return False

    wanted = {rid for rid in fired if rid in index and bears(index[rid])}
    asserter: dict[str, str] = {}
    for rid in evaluation.state.fired:
        for effect in index[rid].effects if rid in index else ():
            if isinstance(effect, Asserts):
                asserter.setdefault(effect.what, rid)
    todo = list(wanted)
    while todo:  # the rules that asserted what the wanted rules needed
        for what in shape_of(index[todo.pop()]).needs:
            source = asserter.get(what)
            if source is not None and source not in wanted:
                wanted.add(source)
                todo.append(source)

    if is_referral:
        level = report["referral"]["level"]
        out = HowReached(target, f"How the referral '{level}' was reached:")
    else:
        out = HowReached(target, f"How '{findings[target]['label']}' ({target}) was reached:")
    supporting: list[float] = []
    against: list[float] = []
    seen: set[str] = set()
    concluded = {what: n for n, what in enumerate(evaluation.state.asserted_by)}
    for step in evaluation.state.steps or []:
        if step.rule not in wanted or step.rule in seen:
            continue
        seen.add(step.rule)
        meta = index[step.rule]
        shape = shape_of(meta)
        matched: list[str] = []
        # An activation holds its facts as a set: read them person first, then blood
        # results, then intermediate facts in the order they were concluded, whatever
        # the process's hash seed.
        for fact in sorted(step.facts, key=lambda f: _fact_order(f, concluded)):
            if isinstance(fact, Person):
                for key, _ in shape.checks:
                    if profile_key(key) == "medications":
                        matched.append(f"medications {show_value(profile.get('medications', []))} "
                                       f"(drug classes: {show_value(fact.get(key, ()))})")
                    elif key in fact:
                        matched.append(f"{key} = {show_value(fact[key])}")
            elif isinstance(fact, Lab):
                matched.append(f"blood {fact['name']} = {show_value(fact['value'])} ({fact['status']})")
            elif isinstance(fact, Inferred):
                by = asserter.get(fact["what"])
                matched.append(f"{fact['what']}" + (f" (concluded by {by})" if by else ""))
        effects = []
        for effect in meta.effects:
            if isinstance(effect, Supports) and effect.finding == target:
                supporting.append(effect.cf)
                effects.append(f"supports {target} (+{effect.cf:.2f}); certainty now "
                               f"{combine(supporting, against):.2f}")
            elif isinstance(effect, Against) and effect.finding == target:
                against.append(effect.cf)
                effects.append(f"argues against {target} (-{effect.cf:.2f}); certainty now "
                               f"{combine(supporting, against):.2f}")
            elif isinstance(effect, (Asserts, Refer)) and (is_referral or isinstance(effect, Asserts)):
                effects.append(effect.describe())
        out.steps.append(Step(meta.id, matched, effects, meta.claim,
                              [source_text(s.as_dict()) for s in meta.sources], meta.note))
    out.closing = (report["referral"]["advice"] if is_referral
                   else f"Final certainty: {certainty_text(findings[target]['certainty'])}.")
    return out


# --- why a finding was not reached ------------------------------------------------------------


@dataclass
class WhyNot:
    """Why a finding is not among the leading ones, or a rule did not fire."""

    target: str
    title: str
    rules: list[dict[str, Any]] = field(default_factory=list)
    """Per rule: {"rule", "fired", "reasons": [plain lines]}."""
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self, limit: int = 8) -> list[str]:
        if self.error:
            return [f"  {self.error}"]
        out = ["", wrap(self.title, "  ", "")]
        shown = [r for r in self.rules if not r["fired"]][:limit]
        for r in shown:
            out.append(wrap(f"{r['rule']}: " + "; ".join(r["reasons"][:3]), "      ", "    - "))
        rest = len([r for r in self.rules if not r["fired"]]) - len(shown)
        if rest > 0:
            out.append(f"    (and {rest} more rules)")
        return out


def explain_why_not(target: str, report: dict[str, Any], profile: dict[str, Any], evaluator: Any,
                    profile_id: str = "interview") -> WhyNot:
    """Why finding `target` (or rule `target`) is not in the result, or not higher:
    for each rule that would support it and did not fire, what held it back."""
    from sorewhy.cli.ruletext import diagnose
    from sorewhy.engine.profile import validate_profile
    from sorewhy.rules import all_rules, rule_index
    from sorewhy.rules.base import Asserts, Refer, Supports

    index = rule_index()
    metas = [m for m in all_rules() if any(isinstance(e, Supports) and e.finding == target for e in m.effects)]
    if target in index:
        metas = [index[target]]
    if not metas:
        return WhyNot(target, "", error=f"No finding or rule '{target}'; type `more` to see the finding ids.")
    evaluation = evaluator.run(validate_profile(profile, "answers", profile_id), profile_id)
    fired = set(evaluation.state.fired)
    asserters: dict[str, list[str]] = {}
    for meta in all_rules():
        for effect in meta.effects:
            if isinstance(effect, Asserts) and not isinstance(effect, Refer):
                asserters.setdefault(effect.what, []).append(meta.id)
    found = {f["id"]: f for f in report["findings"]}
    if target in found:
        title = (f"{found[target]['label']} ({target}) is in the result at "
                 f"{certainty_text(found[target]['certainty'])}; these rules for it did not fire:")
    elif target in index:
        title = f"Rule {target} " + ("fired." if target in fired else "did not fire:")
    else:
        title = f"{target} is not in the result; the rules that would support it did not fire:"
    out = WhyNot(target, title)
    for meta in metas:
        if meta.id in fired:
            out.rules.append({"rule": meta.id, "fired": True, "reasons": []})
            continue
        d = diagnose(meta, evaluation.facts, evaluation.state.inferred, asserters, fired)
        reasons = [f"not known: {k}" for k in d.unknown]
        reasons += [f"{item['key']} is {show_value(item['value'])}" for item in d.failed]
        reasons += [f"needs {item['what']}" for item in d.missing]
        reasons += list(d.blocked)
        out.rules.append({"rule": meta.id, "fired": False, "reasons": reasons or ["its conditions did not hold"]})
    return out



def _fact_order(fact: object, concluded: dict[str, int]) -> tuple[int, int, str]:
    """The person, then blood results by name, then intermediate facts in the
    order they were concluded."""
    from sorewhy.rules.base import Inferred, Lab, Person

    if isinstance(fact, Person):
        return (0, 0, "")
    if isinstance(fact, Lab):
        return (1, 0, str(fact.get("name")))
    if isinstance(fact, Inferred):
        return (2, concluded.get(fact.get("what"), len(concluded)), str(fact.get("what")))
    return (3, 0, "")
