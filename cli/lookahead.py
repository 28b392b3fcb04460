"""Which question to ask next: the one whose answers could change the result most.

One job: a one-step lookahead over the engine itself. For every question not
yet asked, the profile is evaluated with each of a handful of possible answers
(each choice; for a list, none and each item alone; for a number, values on
both sides of the thresholds that matter; for a blood result, a low, a normal
and a high value). A question is worth asking only if some answer changes the
*outcome*: the referral level, the leading finding or the set of the first
three. The person first: age and sex are asked before the others whenever
some answer changes anything of the outcome (the referral's urgency
included): they change lab bands, clot risk and referral rules, and a doctor
reading the report needs them. Blood results come last, after every other
question that matters. Otherwise one that could change the referral comes
before one that could change the leading finding before the rest, ties in the
clinical order of the book (what, where, when and how long, then the person's
context: age, sex, medicines, diet, exercise, sun, conditions).

Questions that only matter together (the ``group`` of the book: heat,
sweating, session length, water per hour) are also tried jointly, every
combination of their possible answers, so that a group none of whose
questions matters alone is still asked when together they would.

Blood results sit behind one question ("which results do you have?", free
text), asked whenever some result could change the outcome. A result the
person did not name is asked about afterwards only when a value outside the
critical bands could change the referral, or several could change the leading
finding (a critical
value is what makes the results question worth asking, not a reason to ask
about every result in turn). The interview stops when no remaining answer
could change the referral or the first three.

Every evaluation is cached by its profile, so trying answers costs each
profile once per interview.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sorewhy.cli.answers import UNKNOWN, Answers
from sorewhy.engine.digest import LEADING, WEAK
from sorewhy.engine.questions import GATE_KEY, Question, QuestionBook
from sorewhy.knowledge import load as load_knowledge

WEIGHTS = {"referral": 4, "top1": 2, "top3": 1, "disposition": 1}
"""How much a changed part of the outcome counts when questions are compared."""
LEADING_MIN = WEAK
"""Findings below this certainty are not leading ones (the result only names them;
engine/digest.py decides, this is its threshold)."""
MIN_SHARE = 0.34
"""For a choice or yes/no question that cannot change the referral: at least this share of
its answers must change the leading findings for it to be asked."""
MIN_TOP3_WEIGHT = 0.5
"""A question that can change only which findings make the first three must
change them for about half of its answers (a mean weight of 0.5)."""
ANY_CHANGE_KEYS = frozenset({"age", "sex"})
"""Questions asked whenever some answer changes any part of the outcome,
the referral's disposition included, without the share thresholds below."""
FOLLOW_UP_TOP1 = 2
"""A blood result the person did not name, after listing theirs, is asked about
when some value outside the critical bands changes the referral, or at least
this many of the values tried change the leading finding."""
GROUP_LIMIT = 400
"""At most this many joint answers are tried for one group."""

_NUMBER_PROBES: dict[str, tuple[float, ...]] = {
    "age": (16, 30, 45, 60, 70, 80),
    "duration_days": (1, 3, 7, 14, 21, 30, 60, 120),
    "exercise_hours": (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0),
    "exercise_water_l_per_hour": (0.2, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0),
}
"""Values tried for number questions (spanning the thresholds the rules use)."""


@dataclass(frozen=True)
class Outcome:
    """What the interview must get right: the referral and the leading findings."""

    level: str
    top1: str | None
    top3: frozenset[str]
    leading: frozenset[str] = frozenset()
    """The first three among findings of at least weak certainty (what the result shows)."""
    disposition: str | None = None
    """How urgently, within the level (``doctor_soon``, ``doctor_routine`` ...)."""

    @classmethod
    def of(cls, report: dict[str, Any]) -> Outcome:
        ids = [f["id"] for f in report["findings"]]
        strong = [f["id"] for f in report["findings"] if f["certainty"] >= LEADING_MIN]
        return cls(report["referral"]["level"], ids[0] if ids else None, frozenset(ids[:3]),
                   frozenset(strong[:LEADING]), report["referral"].get("disposition"))

    def changes(self, other: Outcome, shown_only: bool = False) -> list[str]:
        """Which parts differ: ``referral``, ``top1``, ``top3``. With
        `shown_only`, the first three count only among the findings shown."""
        out = []
        if self.level != other.level:
            out.append("referral")
        if self.top1 != other.top1:
            out.append("top1")
        if (self.leading != other.leading) if shown_only else (self.top3 != other.top3):
            out.append("top3")
        return out


def weight(changes: list[str]) -> int:
    return sum(WEIGHTS[c] for c in changes)


@dataclass
class Consequence:
    """What the possible answers of one question (or group) could change."""

    question: Question
    tried: int = 0
    weight: float = 0.0
    """The mean weight of the change over the answers tried."""
    changes: dict[str, list[Any]] = field(default_factory=dict)
    """Part of the outcome (referral, top1, top3) -> the answers that change it."""
    levels: set[str] = field(default_factory=set)
    """Referral levels some answer would give, other than the current one."""
    findings: set[str] = field(default_factory=set)
    """Findings some answer would bring into, or take out of, the first three."""
    joint: tuple[Question, ...] = ()
    """For a group: the questions tried together."""
    follow_up: bool = False
    """A blood result not named in the answer to the results question."""

    @property
    def matters(self) -> bool:
        """Some answer changes the referral, or enough of the answers tried
        change the leading findings (a change that only one unusual answer of
        many could make is not worth a question). Age and sex: any change.
        A result not named when the person listed theirs: only a change of
        the referral or the leading finding."""
        if self.question.key in ANY_CHANGE_KEYS and not self.joint:
            return bool(self.changes)
        if self.follow_up:
            return "referral" in self.changes or len(self.changes.get("top1", ())) >= FOLLOW_UP_TOP1

        if self.changes and self.tier == 0 and self.weight < MIN_TOP3_WEIGHT:
            return False
        if "referral" in self.changes or not _share_counts(self.question) or self.joint:
            return bool(self.changes)
        changing = {repr(v) for values in self.changes.values() for v in values}
        return bool(changing) and len(changing) >= MIN_SHARE * max(self.tried, 1)

    @property
    def tier(self) -> int:
        """2 when some answer changes the referral, 1 the leading finding, 0 only the first three."""
        return 2 if "referral" in self.changes else 1 if "top1" in self.changes else 0


class Lookahead:
    """Chooses questions for one interview. `evaluate` maps a facts profile
    (a plain mapping) to a report."""

    def __init__(self, book: QuestionBook, evaluate: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.book = book
        self._evaluate = evaluate
        self._cache: dict[str, Outcome] = {}
        self.evaluations = 0
        """How many profiles were actually evaluated (the rest came from the cache)."""
        self.order = {q.id: n for n, q in enumerate(book.questions)}

    # --- evaluating -------------------------------------------------------------------

    def outcome(self, profile: dict[str, Any]) -> Outcome:
        key = json.dumps(profile, sort_keys=True, default=str)
        found = self._cache.get(key)
        if found is None:
            self.evaluations += 1
            found = self._cache[key] = Outcome.of(self._evaluate(profile))
        return found

    # --- possible answers ---------------------------------------------------------------

    def probes(self, question: Question, answers: Answers, critical: bool = True) -> list[Any]:
        """The answers tried for `question` (as values the person could give);
        for a blood result, values in its critical bands only when `critical`."""
        kind = question.kind
        if question.key == GATE_KEY:
            return [True]
        if kind == "yes_no":
            return [True, False]
        if kind == "choice":
            return list(question.choices)
        if kind == "list":
            asked = answers.narrowed(question) or question
            implied = answers.implied(question)
            return [implied] + [[*implied, c] for c in asked.choices]
        if kind == "text_list":
            return [[], *([name] for name in _medicine_probes())]
        if question.is_lab:
            return _lab_probes(question, critical)
        if kind in ("number", "integer"):
            values = _NUMBER_PROBES.get(question.key)
            if values is None:
                return []
            return [int(v) if kind == "integer" else v for v in values]
        return []

    # --- consequences -------------------------------------------------------------------

    def candidates(self, answers: Answers) -> list[Question]:
        """The questions that may still be asked (not asked, not moot; blood
        results only after the gate was answered yes)."""
        gate = self.book.lab_gate
        gate_open = gate is not None and answers.value(gate.id) is True
        out = []
        for q in self.book.questions:
            if answers.asked(q) or q.always or answers.moot(q):
                continue
            if q.is_lab and gate is not None and not gate_open:
                continue
            if q.key == GATE_KEY and gate_open:
                continue
            out.append(q)
        return out

    def consequence(self, question: Question, answers: Answers, now: Outcome,
                    for_gate: bool = False) -> Consequence:
        """What the possible answers to `question` could change, from `now`
        (`for_gate`: a blood result tried for the results question)."""
        if question.key == GATE_KEY:
            return self._gate(question, answers, now)
        gate = self.book.lab_gate
        follow_up = question.is_lab and not for_gate and gate is not None and answers.value(gate.id) is True
        result = Consequence(question, follow_up=follow_up)
        any_change = question.key in ANY_CHANGE_KEYS
        total = 0
        for value in self.probes(question, answers, critical=not follow_up):
            after = self.outcome(answers.with_answer(question, value).profile())
            self._note(result, value, now, after, shown_only=False if any_change else None)
            if any_change and after.disposition != now.disposition and after.level == now.level:
                result.changes.setdefault("disposition", []).append(value)
            total += weight(now.changes(after, _shown_only(question) and not any_change))
            result.tried += 1

        result.weight = total / result.tried if result.tried else 0.0
        return result

    def _note(self, result: Consequence, value: Any, now: Outcome, after: Outcome,
              shown_only: bool | None = None) -> None:
        if shown_only is None:
            shown_only = not result.joint and _shown_only(result.question)
        for part in now.changes(after, shown_only):
            result.changes.setdefault(part, []).append(value)
        if after.level != now.level:
            result.levels.add(after.level)
        result.findings |= after.top3 ^ now.top3

    def _gate(self, gate: Question, answers: Answers, now: Outcome) -> Consequence:
        """The gate matters when some single blood result could change the outcome."""
        opened = answers.with_answer(gate, True)
        result = Consequence(gate)
        best = 0.0
        for q in self.book.questions:
            if not q.is_lab or answers.asked(q):
                continue
            c = self.consequence(q, opened, now, for_gate=True)
            if c.matters:
                for part, values in c.changes.items():
                    result.changes.setdefault(part, []).append((q.id, values))
                result.levels |= c.levels
                result.findings |= c.findings
                best = max(best, c.weight)
        result.tried = 1
        result.weight = best
        return result

    def group_consequence(self, members: list[Question], answers: Answers, now: Outcome) -> Consequence:
        """Every combination of possible answers of the group's unasked questions."""
        lists = [self.probes(q, answers) for q in members]
        if not members or not all(lists):
            return Consequence(members[0] if members else self.book.questions[0])
        result = Consequence(members[0], joint=tuple(members))
        total = 0
        for combo in itertools.islice(itertools.product(*lists), GROUP_LIMIT):
            trial = answers
            for q, value in zip(members, combo, strict=True):
                trial = trial.with_answer(q, value)
            after = self.outcome(trial.profile())
            self._note(result, combo, now, after)
            total += weight(now.changes(after))
            result.tried += 1
        result.weight = total / result.tried if result.tried else 0.0
        return result

    # --- choosing ---------------------------------------------------------------------

    def ranked(self, answers: Answers) -> list[Consequence]:
        """Every question still worth asking, the one to ask first first."""
        now = self.outcome(answers.profile())
        found: dict[str, Consequence] = {}
        groups: dict[str, list[Question]] = {}
        for q in self.candidates(answers):
            c = self.consequence(q, answers, now)
            if c.matters:
                found[q.id] = c
            if q.group:
                groups.setdefault(q.group, []).append(q)
        for members in groups.values():
            if len(members) < 2 or any(q.id in found for q in members):
                continue
            c = self.group_consequence(members, answers, now)
            if c.matters:
                found[members[0].id] = c
        # A group already begun goes on while its questions matter.
        last = self._last_group(answers)
        return sorted(found.values(), key=lambda c: (
            not (last is not None and c.question.group == last),
            self.is_result(c.question),
            c.question.key not in ANY_CHANGE_KEYS,  # the person first: age and sex
            -c.tier,
            self.order.get(c.question.id, len(self.order))))

    def is_result(self, question: Question) -> bool:
        """Whether `question` is about blood results (the results question and
        those after it in the book): they come after every other question."""
        return self.order.get(question.id, len(self.order)) >= self._results_at

    @functools.cached_property
    def _results_at(self) -> int:
        gate = self.book.lab_gate
        firsts = [n for n, q in enumerate(self.book.questions) if q.is_lab or q is gate]
        return min(firsts, default=len(self.order))

    def _last_group(self, answers: Answers) -> str | None:
        if not answers.given:
            return None
        qid = next(reversed(answers.given))
        q = answers.questions[qid]
        return q.group if answers.given[qid] is not UNKNOWN else None

    def choose(self, answers: Answers) -> Consequence | None:
        """The next question to ask, with what it could change; None to stop."""
        ranked = self.ranked(answers)
        return ranked[0] if ranked else None

    def open_questions(self, answers: Answers) -> list[Question]:
        """The unasked questions whose answer could still change the outcome."""
        return [c.question for c in self.ranked(answers)]


def _shown_only(question: Question) -> bool:
    """A choice or yes/no question counts a change of the first three only
    among the findings the result shows (at least weak certainty)."""
    return question.kind in ("choice", "yes_no") and question.key != GATE_KEY


def _share_counts(question: Question) -> bool:
    """Whether a question that cannot change the referral must change the
    leading findings for a share of its answers (MIN_SHARE): a choice, a
    yes/no or a number other than a blood result (a blood result is asked
    whenever one value could change the outcome)."""
    return _shown_only(question) or (question.kind == "number" and not question.key.startswith("labs."))


def _lab_probes(question: Question, critical: bool = True) -> list[float]:
    """A low, a borderline-low, a normal and a high value for one blood result
    (without `critical`, none in a critical band: just inside it instead)."""
    from sorewhy.knowledge import load as load_knowledge

    name = question.key.split(".", 1)[1]
    lab = load_knowledge().labs.get(name)
    low, high = getattr(lab, "low", None), getattr(lab, "high", None)
    if low is None or high is None:
        try:
            typical = float(question.example or "")
        except ValueError:
            return []
        return [round(typical * f, 3) for f in (0.5, 0.8, 1.0, 1.5)]
    values = [round(low * 0.7, 3), round(low * 0.95, 3), round((low + high) / 2, 3), round(high * 1.2, 3)]
    if not critical and lab is not None:
        bands = lab.bands
        if "critically_low" in bands:
            values = [max(v, round(bands["critically_low"].edge() * 1.01, 3)) for v in values]
        if "critically_high" in bands:
            values = [min(v, round(bands["critically_high"].edge() * 0.99, 3)) for v in values]
    return values


def _medicine_probes() -> list[str]:
    """One name for each drug class the knowledge base knows."""

    out = []
    for cls in load_knowledge().drug_classes.values():
        names = list(getattr(cls, "names", []) or [])
        if names:
            out.append(names[0])
    return out


