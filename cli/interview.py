"""`sorewhy interview`: ask questions in the terminal, then explain.

The interview asks only what matters. After each answer it evaluates the
answers so far and asks the first key of the report's ``unknown`` list (the
keys that could still change a finding or the referral, most informative
first) that has not been asked yet; it stops when none is left. Red-flag
questions come first, whatever the rules say, and a red flag answered yes
stops the interview at once with the advice to seek care now.

It reads plain lines from standard input, so it works in a terminal and with
answers piped in. Ctrl-C or the end of input leave cleanly at any point,
saving what was answered when ``--save`` was given.

The engine is built in the background while the first question waits for its
answer, so the first question appears at once.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sorewhy.cli.output import OutputError, check_output_path, write_file
from sorewhy.cli.questions import (
    GATE_KEY,
    LAB_PREFIX,
    AnswerError,
    Question,
    QuestionBook,
    lab_entry,
    load_questions,
    merge_lists,
)
from sorewhy.engine.errors import KnowledgeError, ProfileError

PROFILE_ID = "interview"
SAVE_FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}
UNKNOWN_WORDS = frozenset({"", "unknown", "dont know", "don't know", "do not know", "not sure",
                           "idk", "dk", "skip"})
COMMANDS_HELP = """\
At any question:
  Enter or `unknown`  you don't know (recorded as unknown, never as no)
  `?`                 the choices and what each means
  `why`               which rules your answer feeds and what it could change
  `back`              go back to the previous question
  `done`              stop asking and show the result now
  `quit`              leave without a result (Ctrl-C and Ctrl-D leave too)"""
WIDTH = 78


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
"""An answer of "don't know": the question was asked, the key stays absent."""


class Leave(Exception):
    """The person asked to leave (`quit`)."""


class _Back(Exception):
    pass


class _Done(Exception):
    pass


# --- the engine, built in the background ---------------------------------------


class LazyEvaluator:
    """Builds one :class:`sorewhy.engine.api.Evaluator` on a background thread,
    started once the first question is on screen; `get()` waits for it."""

    def __init__(self) -> None:
        self._evaluator: Any = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None and self._evaluator is None:
            self._thread = threading.Thread(target=self._build, name="sorewhy-engine", daemon=True)
            self._thread.start()

    def _build(self) -> None:
        try:
            from sorewhy.engine.api import Evaluator

            self._evaluator = Evaluator()
        except BaseException as exc:  # handed to the thread that needs it
            self._error = exc

    def get(self) -> Any:
        if self._evaluator is None and self._error is None:
            if self._thread is None:
                self._build()
            else:
                self._thread.join()
        if self._error is not None:
            raise self._error
        return self._evaluator


# --- answers -----------------------------------------------------------------------


class Answers:
    """Answers by question id, in the order given; builds the facts profile."""

    def __init__(self, book: QuestionBook) -> None:
        self.book = book
        self.given: dict[str, Any] = {}
        self.questions: dict[str, Question] = {}

    def record(self, question: Question, value: Any) -> None:
        self.given.pop(question.id, None)
        self.given[question.id] = value
        self.questions[question.id] = question

    def pop_last(self) -> tuple[Question, Any] | None:
        if not self.given:
            return None
        qid = next(reversed(self.given))
        value = self.given.pop(qid)
        return self.questions.pop(qid), value

    def asked(self, question: Question) -> bool:
        return question.id in self.given

    def profile(self, asking: bool = False) -> dict[str, Any]:
        """The facts profile the answers give (keys in vocabulary order, then labs).

        A list key split over several questions holds the items of every
        answer. While some of its questions are unasked it is left out when
        `asking` (so the engine still reports whether the rest matters), and
        otherwise given only if an item was named (an empty answer to part of
        a list is not yet "none of them")."""
        from sorewhy.engine.profile import FACT_KEYS

        by_key: dict[str, list[Question]] = {}
        for q in self.questions.values():
            by_key.setdefault(q.key, []).append(q)
        out: dict[str, Any] = {}
        labs: dict[str, Any] = {}
        for key in [*FACT_KEYS, *sorted(k for k in by_key if k not in FACT_KEYS)]:
            qs = by_key.get(key)
            if not qs or key == GATE_KEY:
                continue
            values = [self.given[q.id] for q in qs if self.given[q.id] is not UNKNOWN]
            if not values:
                continue
            if key.startswith(LAB_PREFIX):
                name, value = lab_entry(key, values[0])
                labs[name] = value
                continue
            if qs[0].kind != "list":
                out[key] = values[0]
                continue
            every = self.book.for_key(key)
            complete = all(self.asked(q) for q in every)
            items = merge_lists(values)
            if complete and len(values) == len(every):
                out[key] = items
            elif items and not asking:
                out[key] = items
        if labs:
            from sorewhy.engine.profile import LAB_INPUT_KEYS

            out["labs"] = {k: labs[k] for k in LAB_INPUT_KEYS if k in labs}
        return out


# --- input and output --------------------------------------------------------------


def _read_line(prompt: str) -> str:
    """One line from standard input; EOFError at its end. Uses line editing in a
    terminal, plain reads otherwise (answers piped in)."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty() and sys.stdout.isatty():
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:  # pragma: no cover - platform without readline
            pass
        return input(prompt)
    click.echo(prompt, nl=False)
    line = stdin.readline() if stdin is not None else ""
    if not line:
        raise EOFError
    line = line.rstrip("\r\n")
    click.echo(line)  # piped answers are not echoed by a terminal: keep the transcript readable
    return line


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(" ".join(text.split()), width=WIDTH, initial_indent=indent if first is None else first,
                         subsequent_indent=indent)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for end in (". ", "? ", "! "):
        cut = text.find(end)
        if cut != -1:
            return text[:cut + 1]
    return text


# --- the session ------------------------------------------------------------------------


class Interview:
    """One interview: asks, evaluates, reports. I/O goes through `read` and `echo`."""

    def __init__(self, book: QuestionBook, read: Callable[[str], str] | None = None,
                 echo: Callable[[str], None] | None = None, evaluator: LazyEvaluator | None = None) -> None:
        self.book = book
        self.read = read or _read_line
        self.echo = echo or click.echo
        self.engine = evaluator or LazyEvaluator()
        self.answers = Answers(book)
        self.pending: Question | None = None
        self.followups: list[Question] = []
        self.urgent = False
        """Whether the answers so far give an urgent referral (said at once)."""

    # -- evaluation

    def evaluate(self, asking: bool = False) -> dict[str, Any]:
        return self.engine.get().evaluate(self.answers.profile(asking), PROFILE_ID)

    def next_question(self) -> Question | None:
        if self.pending is not None:
            q, self.pending = self.pending, None
            return q
        for q in self.followups:
            if not self.answers.asked(q):
                return q
        for q in self.book.questions:
            if q.always and not self.answers.asked(q):
                return q
        unknown = self.evaluate(asking=True)["unknown"]
        # Blood results last: most people have none, and the gate question
        # before them ("any recent blood test?") saves asking for each.
        ordered = [k for k in unknown if not k.startswith(LAB_PREFIX)] + [
            k for k in unknown if k.startswith(LAB_PREFIX)]
        gate = self.book.lab_gate
        known = self.answers.profile()
        for key in ordered:
            for q in self.book.for_key(key):
                if self.answers.asked(q) or q.skipped(known):
                    continue
                if q.is_lab and gate is not None:
                    if not self.answers.asked(gate):
                        return gate
                    if self.answers.given[gate.id] is not True:
                        continue
                return q
        return None

    # -- asking

    def ask_all(self) -> str:
        """Ask until nothing left could change the result. Returns why it
        stopped: ``finished``, ``done`` or ``urgent``. Raises :class:`Leave`
        on `quit`, EOFError at the end of input."""
        self.echo(_wrap(self.book.intro))
        self.echo("")
        self.echo(COMMANDS_HELP)
        while True:
            q = self.next_question()
            if q is None:
                return "finished"
            try:
                value = self.ask(q)
            except _Back:
                last = self.answers.pop_last()
                if last is None:
                    self.echo("  This is the first question.")
                    self.pending = q
                else:
                    self.pending = last[0]
                    self.echo(f"  Back to [{last[0].id}] (you answered: {self._shown(last[0], last[1])}).")
                continue
            except _Done:
                return "done"
            self.answers.record(q, value)
            if value is UNKNOWN:
                self.echo("  Noted as unknown.")
                continue
            report = self.evaluate()
            if q.key == "medications":  # confirm how the answer was read
                from sorewhy.engine.medications import confirmation_lines

                for line in confirmation_lines(report):
                    self.echo(_wrap(line, "  "))
            if report["referral"]["level"] == "urgent":
                if not self.urgent:
                    self._urgent_now(report)
                else:
                    self.echo(_wrap("!! That does not change it: seek medical care now.", "   ", ""))
                self.urgent = True
                self.followups = self._urgent_followups(report)
                if self.followups:
                    self.echo(_wrap("One question could still change this:", "   "))
                    continue
                self.echo(_wrap("The interview stops here so that nothing delays you; the summary follows.", "   "))
                return "urgent"
            self.followups = []
            if self.urgent:
                self.urgent = False
                self.echo(_wrap("With that answer nothing you said needs care at once; the questions go on.", "  "))

    def _shown(self, q: Question, value: Any) -> str:
        return "don't know" if value is UNKNOWN else q.describe(value)

    def ask(self, q: Question) -> Any:
        """Ask one question until it gets an answer; returns the value or UNKNOWN."""
        number = len(self.answers.given) + 1
        self.echo("")
        self.echo(_wrap(q.text, "    ", f"Q{number} [{q.id}] "))
        self._show_options(q)
        self.echo(_wrap(f"({q.hint()}; Enter = don't know)", "     ", "    "))
        self.engine.start()
        while True:
            text = self.read("> ").strip()
            word = " ".join(text.lower().split())
            if word in ("?", "help", "choices"):
                self.show_choices(q)
            elif word in ("why", "why?"):
                self.why(q)
            elif word == "back":
                raise _Back
            elif word == "done":
                raise _Done
            elif word in ("quit", "exit"):
                raise Leave
            elif word in UNKNOWN_WORDS:
                return UNKNOWN
            else:
                try:
                    return q.parse(text)
                except AnswerError as exc:
                    self.echo(f"  {exc}")

    def _show_options(self, q: Question) -> None:
        options = q.options()
        if not options or q.kind == "yes_no":
            return
        if len(options) <= 10:
            width = max(len(v) for v, _ in options)
            for n, (value, meaning) in enumerate(options, 1):
                self.echo(_wrap(meaning, " " * (width + 10), f"  {n:>2} {value:<{width}}   "))
            return
        cells = [f"{n:>2} {value}" for n, (value, _) in enumerate(options, 1)]
        width = max(len(c) for c in cells) + 2
        per_line = max(1, (WIDTH - 2) // width)
        for i in range(0, len(cells), per_line):
            self.echo("  " + "".join(c.ljust(width) for c in cells[i:i + per_line]).rstrip())

    def show_choices(self, q: Question) -> None:
        options = q.options()
        if not options:
            self.echo(_wrap(f"Answer with {q.hint()}.", "  "))
        else:
            many = " (several allowed: numbers or names separated by commas, or `none`)" if q.kind == "list" else ""
            self.echo(f"  Choices{many}:")
            width = max(len(v) for v, _ in options)
            for n, (value, meaning) in enumerate(options, 1):
                self.echo(_wrap(meaning, " " * (width + 10), f"  {n:>2} {value:<{width}}   "))
        self.echo("  Enter or `unknown` = don't know.")

    def why(self, q: Question) -> None:
        for line in explain_why(q, self._person()):
            self.echo(line)

    def _person(self) -> dict[str, Any]:
        """The engine's view of the answers so far (list keys as frozensets,
        medicines mapped to drug classes), for testing rules by hand."""
        from sorewhy.engine.core import profile_facts
        from sorewhy.engine.profile import validate_profile

        self.engine.get()
        try:
            profile = validate_profile(self.answers.profile(asking=True), "answers", PROFILE_ID)
        except ProfileError:  # pragma: no cover - every answer was validated
            return {}
        person = profile_facts(profile)[0][0]
        return {k: v for k, v in person.items() if isinstance(k, str) and not k.startswith("__")}

    def _urgent_now(self, report: dict[str, Any]) -> None:
        self.echo("")
        self.echo("!! SEEK MEDICAL CARE NOW.")
        for reason in report["referral"]["reasons"]:
            self.echo(_wrap(reason["says"], "     ", "   - "))
        self.echo(_wrap(report["referral"]["advice"], "   "))

    def _urgent_followups(self, report: dict[str, Any]) -> list[Question]:
        """Unasked questions whose answer could lift the urgent referral: the
        keys the urgent rules test that are not known yet (e.g. whether a
        swollen calf is on one side only)."""
        from sorewhy.rules import rule_index

        index = rule_index()
        known = self.answers.profile()
        out: list[Question] = []
        for reason in report["referral"]["reasons"]:
            meta = index.get(reason["rule"])
            for key in person_keys(meta.patterns) if meta else ():
                key = "medications" if key == "drug_classes" else key
                if key in known:
                    continue
                for q in self.book.for_key(key):
                    if not self.answers.asked(q) and q not in out:
                        out.append(q)
        return out

    # -- the result

    def show_report(self, report: dict[str, Any], stopped: str) -> None:
        for line in render_report(report, self.answers, stopped):
            self.echo(line)

    def how_loop(self, report: dict[str, Any]) -> None:
        """`how ID` explains a finding step by step; `quit` (or end of input) leaves."""
        first = report["findings"][0]["id"] if report["findings"] else "referral"
        self.echo("")
        self.echo(_wrap(f"Type `how ID` to see how a finding was reached, step by step (e.g. `how {first}`, "
                        "`how 1`, `how referral`), or `quit` to leave."))
        while True:
            try:
                text = self.read("how> ").strip()
            except EOFError:
                self.echo("")
                return
            word = " ".join(text.lower().split())
            if word in ("quit", "q", "exit", "done"):
                return
            if not word:
                continue
            if word in ("?", "help"):
                self.echo("  `how ID` explains a finding (ID, its rank, or `referral`); `quit` leaves.")
                continue
            target = word[4:].strip() if word.startswith("how ") else word
            if word == "how":
                self.echo("  Which one? Type `how` and a finding id, its rank, or `referral`.")
                continue
            for line in explain_how(target, report, self.answers.profile(), self.engine.get()):
                self.echo(line)


# --- explanations -----------------------------------------------------------------------


def person_keys(patterns: Any) -> list[str]:
    """Every Person key a rule's patterns test, negated ones included."""
    from sorewhy.engine.compat import NOT
    from sorewhy.rules.base import Person

    out: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, Person):
            out.extend(k for k in pattern if isinstance(k, str) and not k.startswith("__") and k not in out)
        elif isinstance(pattern, (NOT, tuple)):
            out.extend(k for k in person_keys(pattern) if k not in out)
    return out


def _rule_key(question: Question) -> str:
    return "drug_classes" if question.key == "medications" else question.key


def _could_match(question: Question, check: Any) -> bool:
    """Could some answer to this question pass a rule's test on its key?"""
    kind = question.kind
    try:
        if kind == "list":
            return bool(check(frozenset(question.choices), is_fact=False))
        if kind == "choice":
            return any(check(c, is_fact=False) for c in question.choices)
        if kind == "yes_no":
            return any(check(b, is_fact=False) for b in (True, False))
    except Exception:  # a test written for another shape of value
        return True
    return True


def _passes(check: Any, value: Any) -> bool:
    try:
        return bool(check(value, is_fact=False))
    except Exception:
        return False


def explain_why(question: Question, person: dict[str, Any]) -> list[str]:
    """Which rules an answer to `question` feeds and what it could change."""
    from sorewhy.engine.unknowns import shape_of
    from sorewhy.rules import all_rules
    from sorewhy.rules.base import Against, Asserts, Refer, Supports

    shapes = [shape_of(m) for m in all_rules()]
    needers: dict[str, list[Any]] = {}
    for shape in shapes:
        for what in shape.needs:
            needers.setdefault(what, []).append(shape)

    key = _rule_key(question)
    lab = question.key[len(LAB_PREFIX):] if question.is_lab else None
    feeds: list[Any] = []
    ruled_out: list[str] = []
    for shape in shapes:
        if key == GATE_KEY:
            if shape.labs:
                feeds.append(shape)
            continue
        if lab is not None:
            if lab in shape.labs:
                feeds.append(shape)
            continue
        own = [check for k, check in shape.checks if k == key]
        if not own or not all(_could_match(question, c) for c in own):
            continue
        if all(_passes(check, person[k]) for k, check in shape.checks if k != key and k in person):
            feeds.append(shape)
        else:
            ruled_out.append(shape.meta.id)

    def downstream(what: str, seen: set[str]) -> tuple[set[str], str | None]:
        findings: set[str] = set()
        level: str | None = None
        for shape in needers.get(what, []):
            if shape.meta.id in seen:
                continue
            seen.add(shape.meta.id)
            f, lv = effects_of(shape.meta, seen)
            findings |= f
            level = _higher(level, lv)
        return findings, level

    def effects_of(meta: Any, seen: set[str]) -> tuple[set[str], str | None]:
        findings: set[str] = set()
        level: str | None = None
        for effect in meta.effects:
            if isinstance(effect, (Supports, Against)):
                findings.add(effect.finding)
            elif isinstance(effect, Refer) and effect.level != "self_care":
                level = _higher(level, effect.level)
            elif isinstance(effect, Asserts):
                f, lv = downstream(effect.what, seen)
                findings |= f
                level = _higher(level, lv)
        return findings, level

    lines = [""]
    head = f"Why we ask [{question.id}]"
    lines.append(_wrap(f"{head}: {question.why}" if question.why else f"{head}:", "  "))
    if not feeds:
        lines.append(_wrap("No rule can use this answer given your earlier answers; it is asked because "
                           "the red-flag questions are always asked." if question.always else
                           "No rule uses this answer any more, given your earlier answers.", "  "))
        return lines
    findings: set[str] = set()
    level: str | None = None
    for shape in feeds:
        f, lv = effects_of(shape.meta, {shape.meta.id})
        findings |= f
        level = _higher(level, lv)
    changes = []
    if level:
        changes.append(f"the referral (up to {level.replace('_', ' ')})")
    if findings:
        changes.append("the findings " + ", ".join(sorted(findings)))
    lines.append(_wrap(f"Your answer feeds {len(feeds)} rule{'s' if len(feeds) != 1 else ''}; it could change "
                       + " and ".join(changes) + ".", "  "))
    shown = sorted(feeds, key=lambda s: (-_weight(s.meta), s.meta.id))[:10]
    for shape in shown:
        meta = shape.meta
        lines.append(_wrap(f"{meta.id} ({'; '.join(meta.concludes)}): {_first_sentence(meta.claim)}",
                           "      ", "    - "))
    if len(feeds) > len(shown):
        rest = [s.meta.id for s in feeds if s not in shown]
        lines.append(_wrap(f"and {len(rest)} more: " + ", ".join(rest) + ".", "      ", "    - "))
    if ruled_out:
        lines.append(_wrap(f"{len(ruled_out)} other rule{'s' if len(ruled_out) != 1 else ''} test this too but "
                           "cannot fire given your earlier answers: " + ", ".join(ruled_out) + ".", "  "))
    return lines


_LEVELS = ("self_care", "see_doctor", "urgent")


def _higher(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if _LEVELS.index(a) >= _LEVELS.index(b) else b


def _weight(meta: Any) -> float:
    from sorewhy.rules.base import Against, Refer, Supports

    total = 0.0
    for effect in meta.effects:
        if isinstance(effect, Refer):
            total += {"urgent": 10.0, "see_doctor": 2.0}.get(effect.level, 0.0)
        elif isinstance(effect, (Supports, Against)):
            total += effect.cf
    return total


def _certainty_text(certainty: float) -> str:
    from sorewhy.engine.certainty import in_words

    return f"{in_words(certainty)} ({certainty:.2f})"


def _top_reasons(finding: dict[str, Any], limit: int = 3) -> str:
    from sorewhy.rules import rule_index
    from sorewhy.rules.base import Supports

    index = rule_index()

    def cf(item: dict[str, Any]) -> float:
        meta = index.get(item["rule"])
        if meta is None:
            return 0.0
        return max((e.cf for e in meta.effects if isinstance(e, Supports) and e.finding == finding["id"]),
                   default=0.0)

    ranked = sorted(finding["evidence"], key=lambda item: -cf(item))
    text = ", ".join(item["rule"] for item in ranked[:limit])
    if len(ranked) > limit:
        text += f" (+{len(ranked) - limit})"
    if finding["against"]:
        text += f"; against: {', '.join(item['rule'] for item in finding['against'])}"
    return text


def render_report(report: dict[str, Any], answers: Answers | None = None, stopped: str = "finished") -> list[str]:
    """The end of the interview: findings table, referral, advice, notice."""
    from tabulate import tabulate

    from sorewhy import NOTICE
    from sorewhy.knowledge import load as load_knowledge

    lines = ["", "=" * WIDTH]
    if stopped == "done":
        lines.append("Result from the answers so far:")
    else:
        lines.append("Result:")
    lines.append("")
    if report["findings"]:
        rows = [(n, f["id"], f["label"], _certainty_text(f["certainty"]), _top_reasons(f))
                for n, f in enumerate(report["findings"], 1)]
        table = tabulate(rows, headers=["#", "id", "finding", "certainty", "top reasons"],
                         maxcolwidths=[None, None, 24, None, 30])
        lines.append("Findings (most certain first):")
        lines.extend("  " + line for line in table.splitlines())
    else:
        lines.append(_wrap("Findings: none. Nothing in your answers points to a cause the rule base knows.", "  ",
                           ""))
    referral = report["referral"]
    lines.append("")
    words = {"self_care": "look after yourself", "see_doctor": "see a doctor", "urgent": "SEEK CARE NOW"}
    lines.append(f"Referral: {words.get(referral['level'], referral['level'])} ({referral['level']})")
    for reason in referral["reasons"]:
        lines.append(_wrap(f"{reason['says']} ({reason['rule']})", "      ", "    - "))
    lines.append(_wrap(referral["advice"], "    "))
    kb = load_knowledge()
    lines.append("")
    lines.append("What you can do:")
    shown: set[str] = set()
    supplements = False
    for finding in report["findings"]:
        items = []
        for item in finding["advice"]:
            if item == kb.advice.supplements:
                supplements = True
            elif item not in shown:
                shown.add(item)
                items.append(item)
        if items:
            lines.append(f"  {finding['label']}:")
            lines.extend(_wrap(item, "      ", "    - ") for item in items)
    if not report["findings"]:
        lines.extend(_wrap(item, "    ", "  - ") for item in kb.advice.general)
    if supplements:
        lines.append(_wrap(kb.advice.supplements, "    ", "  - "))
    if report.get("unrecognised_medications"):
        lines.append("")
        lines.append(_wrap("Medicines not recognised (kept as given, they cannot change the result): "
                           + ", ".join(report["unrecognised_medications"]) + ".", "  ", ""))
    if report["unknown"]:
        lines.append("")
        lines.append(_wrap("Still open (answers that could change this result): "
                           + ", ".join(report["unknown"]) + ".", "  ", ""))
    lines.append("")
    lines.append(_wrap(NOTICE, "", ""))
    return lines


def _show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (frozenset, set, list, tuple)):
        return ", ".join(sorted(str(v) for v in value)) if value else "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _source_text(source: dict[str, Any]) -> str:
    if "doc" in source:
        return f'{source["doc"]}, under "{source["section"]}": "{source["quote"]}"'
    return f'{source.get("ref", "")} <{source.get("url", "")}>'


def explain_how(target: str, report: dict[str, Any], profile: dict[str, Any], evaluator: Any) -> list[str]:
    """How one finding (by id or rank) or the referral was reached, rule by rule
    in firing order: the facts each rule matched, what it concluded, the
    certainty so far, and its sources."""
    from sorewhy.engine.certainty import combine
    from sorewhy.engine.profile import validate_profile
    from sorewhy.engine.unknowns import shape_of
    from sorewhy.rules import rule_index
    from sorewhy.rules.base import Against, Asserts, Inferred, Lab, Person, Refer, Supports

    findings = {f["id"]: f for f in report["findings"]}
    if re.fullmatch(r"[0-9]{1,6}", target) and 1 <= int(target) <= len(report["findings"]):
        target = report["findings"][int(target) - 1]["id"]
    is_referral = target == "referral"
    if not is_referral and target not in findings:
        known = ", ".join([*findings, "referral"])
        return [f"  No finding '{target}' in this result; try one of: {known}."]

    evaluation = evaluator.run(validate_profile(profile, "answers", PROFILE_ID), PROFILE_ID, trace=True)
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
        lines = ["", f"How the referral '{level}' was reached:"]
    else:
        finding = findings[target]
        lines = ["", f"How '{finding['label']}' ({target}) was reached:"]
    supporting: list[float] = []
    against: list[float] = []
    seen: set[str] = set()
    n = 0
    for step in evaluation.state.steps or []:
        if step.rule not in wanted or step.rule in seen:
            continue
        seen.add(step.rule)
        meta = index[step.rule]
        shape = shape_of(meta)
        n += 1
        matched: list[str] = []
        for fact in step.facts:
            if isinstance(fact, Person):
                for key, _ in shape.checks:
                    if key == "drug_classes":
                        matched.append(f"medications {_show_value(profile.get('medications', []))} "
                                       f"(drug classes: {_show_value(fact.get(key, ()))})")
                    elif key in fact:
                        matched.append(f"{key} = {_show_value(fact[key])}")
            elif isinstance(fact, Lab):
                matched.append(f"blood {fact['name']} = {_show_value(fact['value'])} ({fact['status']})")
            elif isinstance(fact, Inferred):
                by = asserter.get(fact["what"])
                matched.append(f"{fact['what']}" + (f" (concluded by {by})" if by else ""))
        effect_texts = []
        for effect in meta.effects:
            if isinstance(effect, Supports) and effect.finding == target:
                supporting.append(effect.cf)
                effect_texts.append(f"supports {target} (+{effect.cf:.2f}); certainty now "
                                    f"{combine(supporting, against):.2f}")
            elif isinstance(effect, Against) and effect.finding == target:
                against.append(effect.cf)
                effect_texts.append(f"argues against {target} (-{effect.cf:.2f}); certainty now "
                                    f"{combine(supporting, against):.2f}")
            elif isinstance(effect, (Asserts, Refer)) and (is_referral or isinstance(effect, Asserts)):
                effect_texts.append(effect.describe())
        lines.append(f"  {n}. {meta.id}")
        lines.append(_wrap("because " + ("; ".join(matched) if matched else "nothing else was found")
                           + ".", "       ", "     "))
        lines.append(_wrap("-> " + "; ".join(effect_texts) + ".", "       ", "     "))
        lines.append(_wrap(meta.claim, "       ", "     "))
        for source in meta.sources:
            lines.append(_wrap("source: " + _source_text(source.as_dict()), "       ", "     "))
        if meta.note:
            lines.append(_wrap("note: " + meta.note, "       ", "     "))
    if is_referral:
        lines.append(_wrap(report["referral"]["advice"], "  "))
    else:
        lines.append(f"  Final certainty: {_certainty_text(findings[target]['certainty'])}.")
    return lines


# --- saving ----------------------------------------------------------------------------------


def save_format(path: str) -> str:
    """The format `--save` writes, from the file name; UsageError otherwise."""
    fmt = SAVE_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise click.UsageError(f"--save {path}: unknown file type {Path(path).suffix or '(none)'!r}; "
                               "expected .json, .yaml or .yml")
    # A directory, a device, a FIFO or an unwritable place fails here, before
    # the first question, not after the whole interview.
    check_output_path(path, option="--save", regular_only=True)
    return fmt


def save_profile(path: str, profile: dict[str, Any]) -> None:
    """Validate the answers as a facts file and write them atomically (a
    temporary file in the same directory, then renamed over `path`)."""
    import yaml

    from sorewhy.engine.profile import validate_profile

    validate_profile(profile, path, PROFILE_ID)
    if save_format(path) == "json":
        text = json.dumps(profile, indent=2, ensure_ascii=False) + "\n"
    else:
        text = ("# Answers from `sorewhy interview`; a key not given is unknown.\n"
                + (yaml.safe_dump(profile, sort_keys=False, allow_unicode=True) if profile else "{}\n"))
    write_file(path, text, option="--save")  # atomic; an existing file keeps its permissions


# --- the command -----------------------------------------------------------------------------


@click.command("interview")
@click.option("--save", "save_path", metavar="FILE", default=None,
              help="Write the answers to FILE as a facts file (.json, .yaml or .yml) that "
                   "`sorewhy evaluate` accepts.")
def interview(save_path: str | None) -> None:
    """Ask questions, one at a time, then explain what may cause the soreness.

    Only the questions that could still change the result are asked. At any
    question: Enter or `unknown` = don't know, `?` = the choices, `why` = which
    rules the answer feeds, `back` = the previous question, `done` = show the
    result now. At the end, `how ID` explains a finding step by step.

    Reads answers line by line from standard input, so they may be piped in.
    Exit status: 0 when the interview ends or is left; 2 for a bad --save
    path; 130 after Ctrl-C.

    \b
    Example:
      sorewhy interview --save me.yaml
      sorewhy evaluate me.yaml --format json
    """
    if save_path is not None:
        save_format(save_path)
    try:
        book = load_questions()
    except KnowledgeError as exc:
        click.echo(f"sorewhy: {exc}", err=True)
        sys.exit(3)
    session = Interview(book)
    saved = False
    saved_note = ""

    def save(final: bool, announce: bool = True) -> bool:
        """Write the answers when --save was given; says so unless told not to."""
        nonlocal saved_note
        if save_path is None:
            return True
        profile = session.answers.profile()
        if not profile and not final:
            click.echo("Nothing was answered; nothing saved.", err=True)
            return True
        try:
            save_profile(save_path, profile)
        except (OSError, ProfileError, OutputError) as exc:
            click.echo(f"sorewhy: cannot save the answers to {save_path}: {exc}", err=True)
            return False
        saved_note = f"Answers saved to {save_path} (evaluate them with `sorewhy evaluate {save_path}`)."
        if announce:
            click.echo(saved_note)
        return True

    try:
        try:
            stopped = session.ask_all()
        except (EOFError, Leave) as exc:
            click.echo("")
            click.echo("End of input: leaving the interview." if isinstance(exc, EOFError)
                       else "Leaving the interview.")
            saved = True
            sys.exit(0 if save(final=False) else 2)
        report = session.evaluate()
        saved = True
        ok = save(final=True, announce=False)  # written before the result, said after it
        session.show_report(report, stopped)
        if saved_note:
            click.echo("")
            click.echo(saved_note)
        session.how_loop(report)
        if not ok:
            sys.exit(2)
    except KeyboardInterrupt as exc:
        click.echo("")
        click.echo("Interrupted: leaving the interview.")
        if not saved:
            save(final=False)
        sys.exit(getattr(exc, "exit_code", 130))  # 143 for SIGTERM, 129 for SIGHUP
    except KnowledgeError as exc:
        click.echo(f"sorewhy: {exc}", err=True)
        sys.exit(3)
