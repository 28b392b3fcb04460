"""One interview session: put the questions, read the answers, show the result.

One job: the conversation. Which question comes next is the lookahead's
(:mod:`sorewhy.cli.lookahead`); the answers and the profile they give are
:mod:`sorewhy.cli.answers`; explanations are :mod:`sorewhy.cli.explain`; the
result screen is :mod:`sorewhy.cli.result`. I/O goes through `read` and
`echo`, so tests drive a session in-process.

Two single places for other parts to hook in:
  - :meth:`Interview.parse_answer`: every typed answer is turned into a value
    here (blood results with a unit, medicine names);
  - :meth:`Interview.acknowledge`: every accepted answer is acknowledged here
    (how a medicine was read, a red flag, an answer that settles others).
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from typing import Any

import click

from sorewhy.cli.answers import (
    CALF_QUESTION,
    RED_FLAG_QUESTION,
    UNKNOWN,
    Answers,
    finding_named,
    read_as,
    result_command,
)
from sorewhy.cli.explain import WIDTH, explain_how, explain_why, explain_why_not, wrap
from sorewhy.cli.lookahead import Consequence, Lookahead
from sorewhy.cli.result import PROMPT_HINT, render_more, render_result
from sorewhy.engine.digest import RED_FLAGS, digest, red_flags_not_ruled_out
from sorewhy.engine.labtext import LabAnswer, LabTextError, read_results, settle_unit
from sorewhy.engine.loaders import MAX_RECORD_BYTES
from sorewhy.engine.questions import GATE_KEY, LAB_PREFIX, AnswerError, Question, QuestionBook, lab_key_of
from sorewhy.errors import ProfileError

PROFILE_ID = "interview"
URGENT_EXTRA = 5
"""After an urgent referral is said, at most this many more questions (each may
be skipped with `done`), so the summary can say what may be behind it."""
UNKNOWN_WORDS = frozenset({"", "unknown", "dont know", "don't know", "do not know", "not sure",
                           "idk", "dk", "skip"})
COMMANDS_HELP = """\
At any question:
  Enter or `unknown`  you don't know (recorded as unknown, never as no)
  `?`                 the choices and what each means
  `why`               what your answer could change (`why rules` for the rule ids)
  `back`              go back to the previous question (also `previous`)
  `done`              stop asking and show the result now
  `quit`              leave without a result (Ctrl-C and Ctrl-D leave too)"""


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

            self._evaluator = Evaluator()  # the lookahead evaluates on the same matcher as `evaluate`
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


# --- input -----------------------------------------------------------------------


RED_FLAG_IDS = frozenset(rid for rid, _ in RED_FLAGS)

MAX_ANSWER = MAX_RECORD_BYTES
"""The longest answer line read (evaluate's limit for one record, 1 MiB)."""


def read_line(prompt: str) -> str:
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
    # At most as long as one record of a facts file (evaluate's limit): an
    # endless line (`cat /dev/zero | sorewhy interview`) ends the input, with
    # the answers so far kept, instead of filling memory.
    line = stdin.readline(MAX_ANSWER + 2) if stdin is not None else ""
    if not line:
        raise EOFError
    if len(line.rstrip("\r\n")) > MAX_ANSWER:
        click.echo("")
        click.echo(f"sorewhy: an answer longer than the {MAX_ANSWER >> 20} MiB limit was not read; "
                   "taking it as the end of the input", err=True)
        raise EOFError
    line = line.rstrip("\r\n")
    click.echo(line)  # piped answers are not echoed by a terminal: keep the transcript readable
    return line


def _words(text: str) -> str:
    return " ".join(text.lower().split())


# --- the session ------------------------------------------------------------------------


class Interview:
    """One interview: asks, evaluates, reports."""

    def __init__(self, book: QuestionBook, read: Callable[[str], str] | None = None,
                 echo: Callable[[str], None] | None = None, evaluator: LazyEvaluator | None = None) -> None:
        self.book = book
        self.read = read or read_line
        self.echo = echo or click.echo
        self.engine = evaluator or LazyEvaluator()
        self.answers = Answers(book)
        self.lookahead = Lookahead(book, self._evaluate_profile)
        self.pending: Question | None = None
        self.followups: list[Question] = []
        self.current: Question | None = None
        """The question on screen (as put: a list question without the choices
        earlier answers settle)."""
        self.choice: Consequence | None = None
        """What the lookahead found the current question could change."""
        self.urgent = False
        """Whether the answers so far give an urgent referral (said at once)."""
        self.rechecked_red_flags = False
        self.urgent_asked = 0
        """Questions put after an urgent referral was said (at most URGENT_EXTRA,
        whatever asks them: a follow-up, an `always` question, the red flags again)."""
        self.banner_shown = False
        """Whether "SEEK MEDICAL CARE NOW" was said (once a session)."""
        self.awaiting: Question | None = None
        """The question on screen while it waits for its answer (put again on resuming)."""
        self.number = 0
        """The number of the last question put: each question put gets the next
        one, so a number never repeats (a question put again gets a new one)."""
        self.introduced = False
        self.lab_batches: dict[str, list[str]] = {}
        """Question id -> the ids of the other blood-result questions its answer
        also filled (``potassium 3.1, ferritin 22`` typed at one question)."""
        self.save_hook: Callable[[str | None], str | None] | None = None
        """Set by the command: `save [FILE]` at the result calls it."""

    # -- evaluation

    def _evaluate_profile(self, profile: dict[str, Any]) -> dict[str, Any]:
        return self.engine.get().evaluate(profile, PROFILE_ID)

    def evaluate(self) -> dict[str, Any]:
        return self._evaluate_profile(self.answers.profile())

    def next_question(self) -> Question | None:
        """The next question to put, or None when none is left. After an
        urgent referral was said, at most URGENT_EXTRA more, as announced."""
        self.choice = None
        if self.urgent and self.urgent_asked >= URGENT_EXTRA:
            return None
        q = self._next_question()
        if q is not None and self.urgent:
            self.urgent_asked += 1
        return q

    def _next_question(self) -> Question | None:
        if self.pending is not None:
            q, self.pending = self.pending, None
            return q
        for q in self.followups:
            if not self.answers.asked(q):
                return q
        for q in self.book.questions:
            if q.always and not self.answers.asked(q):
                return q
        calf = self._calf_first()
        if calf is not None:
            return calf
        if self.urgent and "age" in self.book.by_key:  # whoever sees the person needs their age
            age = self.book.by_key["age"][0]
            if not self.answers.asked(age):
                return age
        self.engine.get()
        self.answers.fill_moot()
        self.choice = self.lookahead.choose(self.answers)
        return self.choice.question if self.choice is not None else None

    def _calf_first(self) -> Question | None:
        """When one side hurts and the red flags were not answered, calf
        swelling is asked before anything else."""
        if self.answers.value("one_sided") is not True or CALF_QUESTION in self.answers.given:
            return None
        if "calf_swelling" not in self.answers.red_flags_not_known():
            return None
        return calf_question(self.book)

    # -- asking

    def ask_all(self) -> str:
        """Ask until nothing left could change the result. Returns why it
        stopped: ``finished``, ``done`` or ``urgent``. Raises :class:`Leave`
        on `quit`, EOFError at the end of input."""
        self.introduce()
        while True:
            q = self.next_question()
            if q is None:
                if self.urgent and self.urgent_asked:
                    self.echo("")
                    self.echo(wrap("The interview stops here so that nothing delays you; the summary follows.",
                                   "   "))
                return "urgent" if self.urgent else "finished"
            q = self.answers.narrowed(q) or q
            try:
                value = self.ask(q)
            except _Back:
                self.awaiting = None
                self.go_back(q)
                continue
            except _Done:
                self.awaiting = None
                return "done"
            self.awaiting = None
            implied = self.answers.implied(q)
            if implied and value is not UNKNOWN:
                value = [*implied, *(v for v in value if v not in implied)]
            if isinstance(value, LabAnswer):
                value = self.record_results(q, value)
            else:
                self.answers.record(q, value)
            if value is UNKNOWN and q.id not in self.lab_batches:
                self.echo("  Noted as unknown.")
                continue
            report = self.evaluate()
            stop = self.acknowledge(q, value, report)
            if stop:
                return stop

    def introduce(self) -> None:
        """What the interview does and the commands it takes (once)."""
        if not self.introduced:
            self.introduced = True
            self.echo(wrap(self.book.intro, "", None, 78))
            self.echo("")
            self.echo(COMMANDS_HELP)

    def go_back(self, q: Question | None) -> bool:
        """Undo the last answer and put its question again next; False at the first question."""
        if self.urgent and q is not None and self.urgent_asked:
            self.urgent_asked -= 1  # the question left unanswered is put again later
        last = self.answers.pop_last()
        if last is None:
            self.echo("  This is the first question.")
            self.pending = q
            return False
        batch = next((owner for owner, ids in self.lab_batches.items() if last[0].id in ids or last[0].id == owner),
                     None)
        if batch is not None:  # one answer filled several results: all of them go back
            for qid in [batch, *self.lab_batches.pop(batch)]:
                if qid in self.answers.given:
                    value = self.answers.given.pop(qid)
                    question = self.answers.questions.pop(qid)
                    if qid == batch:
                        last = (question, value)
        self.pending = last[0]
        self.echo(f"  Back to [{last[0].id}] (you answered: {self._shown(last[0], last[1])}).")
        return True

    def acknowledge(self, q: Question, value: Any, report: dict[str, Any]) -> str | None:
        """Say what an accepted answer did; returns ``urgent`` to stop asking."""
        if q.key == "medications":  # confirm how the answer was read
            from sorewhy.engine.medications import confirmation_lines

            for line in confirmation_lines(report):
                self.echo(wrap(line, "  "))
        if q.implies:
            for key, items in q.implies.get(str(value), {}).items():
                self.echo(wrap(f"Noted: that also means {', '.join(i.replace('_', ' ') for i in items)} "
                               f"({key.replace('_', ' ')}).", "  "))
        if (q.key == "symptoms" and q.id != RED_FLAG_QUESTION and value and not self.rechecked_red_flags
                and self.answers.value(RED_FLAG_QUESTION) is UNKNOWN):
            self.rechecked_red_flags = True
            self.echo(wrap("Before going on: the first question (symptoms that need care at once) was not "
                           "answered; it is asked once more, so that they are not taken as absent.", "  "))
            self.pending = self.book.by_id[RED_FLAG_QUESTION]
        if report["referral"]["level"] == "urgent":
            first = not self.urgent
            self.followups = self._urgent_followups(report)
            if first:
                self._urgent_now(report)
                self.urgent = True
                self.urgent_asked = 0
                self.echo(wrap(f"Up to {URGENT_EXTRA} quick questions more can show what may be behind it, for "
                               "whoever sees you; type `done` at any of them for the summary now."
                               + (" The first could still change this." if self.followups else ""), "   "))
            return None
        self.followups = []
        if self.urgent:
            self.urgent = False
            self.urgent_asked = 0
            self.echo(wrap("With that answer nothing you said needs care at once; the questions go on.", "  "))
        return None

    def _shown(self, q: Question, value: Any) -> str:
        return "don't know" if value is UNKNOWN else q.describe(value)

    def ask(self, q: Question) -> Any:
        """Ask one question until it gets an answer; returns the value or UNKNOWN."""
        self.current = self.awaiting = q
        self.number += 1
        number = self.number
        self.echo("")
        self.echo(wrap(q.text, "    ", f"Q{number} [{q.id}] ", 78))
        implied = self.answers.implied(q)
        if implied:
            self.echo(wrap("Already counted from your earlier answers: "
                           + ", ".join(i.replace("_", " ") for i in implied) + ".", "    ", None, 78))
        self._show_options(q)
        self.echo(wrap(f"({q.hint()}; Enter = don't know)", "     ", "    ", 78))
        self.engine.start()
        while True:
            text = self.read("> ").strip()
            word = _words(text)
            if word in ("?", "help", "choices"):
                self.show_choices(q)
            elif word in ("why", "why?", "why rules"):
                self.why(q, rules=word == "why rules")
            elif word in ("previous", "go back") or (word == "back" and "back" not in q.choices):
                raise _Back
            elif word == "done":
                raise _Done
            elif word in ("quit", "exit"):
                raise Leave
            elif word in UNKNOWN_WORDS:
                return UNKNOWN
            else:
                try:
                    return self.parse_answer(q, text)
                except AnswerError as exc:
                    self.echo(f"  {exc}")

    def parse_answer(self, q: Question, text: str) -> Any:
        """The one place a typed answer becomes a value (AnswerError when it cannot).
        A word read as a choice it does not spell (``calf`` as calves) is said back."""
        if q.key == GATE_KEY or q.is_lab:
            return self.read_results(q, text)
        value = q.parse(text)
        if _words(text) == "back":  # a choice that is also a command: the choice, and how to go back
            self.echo("  Read as the choice 'back' (the back); to go to the previous question, type `previous`.")
        readings = read_as(q, text, value)
        if readings:
            self.echo(wrap("Read " + "; ".join(readings) + ".", "  "))
        return value

    # -- blood results

    def read_results(self, q: Question, text: str) -> LabAnswer:
        """Blood results typed at the results question or at a question for
        one result (where a bare number is that result, in the unit the
        question names); a number likely in several units that would read
        differently is asked about."""
        if q.key == GATE_KEY:
            answer = q.parse(text)
        else:
            from sorewhy.engine.units import lab_by_key

            lab = lab_by_key(lab_key_of(q.key)[len(LAB_PREFIX):])
            try:
                answer = read_results(text, default=lab.analyte, default_unit=lab.unit, sex=self._sex())
            except LabTextError as exc:
                raise AnswerError(str(exc)) from None
        for item in answer.ambiguous:
            self._ask_unit(item)
        return answer

    def _sex(self) -> str | None:
        return self.answers.profile().get("sex")

    def _ask_unit(self, item: Any) -> None:
        """Which unit a number is in, when it could be a likely result in several."""
        from sorewhy.engine.units import convert

        lab = item.lab
        readings = []
        for unit in item.options:
            value = convert(lab.key, item.number, unit)
            shown = "" if unit == lab.unit else f" ({value:.{lab.decimals}f} {lab.unit})"
            band = lab.band(value, self._sex() if self._sex() in ("female", "male") else None)
            readings.append(f"in {unit}{shown} it is {band.replace('_', ' ')}")
        self.echo(wrap(f"{lab.name} {item.typed}: which unit is it in? {'; '.join(readings)}. Type the unit "
                       f"({' or '.join(item.options)}), or press Enter to leave this result out.", "  "))
        while True:
            text = self.read("> ").strip()
            if not text:
                self.echo(wrap(f"{lab.name} left out.", "  "))
                return
            if text.isdigit() and 1 <= int(text) <= len(item.options):
                text = item.options[int(text) - 1]
            try:
                settle_unit(item, text)
                return
            except LabTextError as exc:
                self.echo(f"  {exc}")

    def record_results(self, q: Question, answer: LabAnswer) -> Any:
        """Record each result under its own question and say each back as
        read; returns the value recorded for `q` itself."""
        from sorewhy.engine.units import lab_by_analyte

        sex = self._sex()
        own = None if q.key == GATE_KEY else lab_by_key_name(q.key)
        filled: list[str] = []
        value: Any = UNKNOWN
        for item in answer.items:
            if item.ambiguous:
                continue
            self.echo(wrap(f"Read: {item.said_back(sex)}.", "    ", "  "))
            name, entry = item.entry()
            target = self.book.for_key(LAB_PREFIX + lab_by_analyte(item.analyte).key)[0]
            if target.id == q.id:
                value = entry
                continue
            self.answers.record(target, entry)
            filled.append(target.id)
        if q.key == GATE_KEY:
            value = bool(filled) if (filled or not answer.items) else UNKNOWN
            if not answer.items:
                self.echo("  Noted: no blood results.")
        elif value is UNKNOWN and own is not None and filled:
            self.echo(wrap(f"{own}: not given, noted as unknown.", "  "))
        self.answers.record(q, value)
        if filled:
            self.lab_batches[q.id] = filled
        return value

    def _show_options(self, q: Question) -> None:
        options = q.options()
        if not options or q.kind == "yes_no":
            return
        if len(options) <= 10:
            width = max(len(v) for v, _ in options)
            for n, (value, meaning) in enumerate(options, 1):
                self.echo(wrap(meaning, " " * (width + 10), f"  {n:>2} {value:<{width}}   ", 78))
            return
        cells = [f"{n:>2} {value}" for n, (value, _) in enumerate(options, 1)]
        width = max(len(c) for c in cells) + 2
        per_line = max(1, 76 // width)
        for i in range(0, len(cells), per_line):
            self.echo("  " + "".join(c.ljust(width) for c in cells[i:i + per_line]).rstrip())

    def show_choices(self, q: Question) -> None:
        options = q.options()
        if not options:
            self.echo(wrap(f"Answer with {q.hint()}.", "  "))
        else:
            many = " (several allowed: numbers or names separated by commas, or `none`)" if q.kind == "list" else ""
            self.echo(f"  Choices{many}:")
            width = max(len(v) for v, _ in options)
            for n, (value, meaning) in enumerate(options, 1):
                self.echo(wrap(meaning, " " * (width + 10), f"  {n:>2} {value:<{width}}   ", 78))
        self.echo("  Enter or `unknown` = don't know.")

    def why(self, q: Question, rules: bool = False) -> None:
        consequence = self.choice if self.choice is not None and self.choice.question.id == q.id else None
        if consequence is None:
            now = self.lookahead.outcome(self.answers.profile())
            consequence = self.lookahead.consequence(q, self.answers, now)
        for line in explain_why(q, self._person(), consequence).lines(rules=rules):
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
        """The banner, once a session; an urgent referral said again after an
        answer lifted it gives its reasons under a plain line."""
        self.echo("")
        if self.banner_shown:
            self.echo("!! This needs medical care now:")
            for reason in report["referral"]["reasons"]:
                self.echo(wrap(reason["says"], "     ", "   - "))
            return
        self.banner_shown = True
        self.echo("!! SEEK MEDICAL CARE NOW.")
        for reason in report["referral"]["reasons"]:
            self.echo(wrap(reason["says"], "     ", "   - "))
        self.echo(wrap(report["referral"]["advice"], "   "))

    def _urgent_followups(self, report: dict[str, Any]) -> list[Question]:
        """Unasked questions whose answer could lift the urgent referral: the
        keys the urgent rules test that are not known yet (e.g. whether a
        swollen calf is on one side only)."""
        from sorewhy.engine.introspect import profile_key, rule_base

        rules = rule_base()
        known = self.answers.profile()
        out: list[Question] = []
        for reason in report["referral"]["reasons"]:
            shape = rules.by_id.get(reason["rule"])
            for key in shape.person_keys(negated=True) if shape else ():
                key = profile_key(key)
                if key in known:
                    continue
                for q in self.book.for_key(key):
                    if not self.answers.asked(q) and q not in out:
                        out.append(q)
        return out

    # -- the result

    def still_open(self) -> list[str]:
        """The questions (in their own words) whose answer could still change the result."""
        self.answers.fill_moot()
        return [q.text for q in self.lookahead.open_questions(self.answers)]

    def not_ruled_out(self) -> list[str]:
        """The red-flag ids the answers do not rule out: those whose question
        was not answered (or answered "unknown") and that were not named."""
        q = self.book.by_id.get(RED_FLAG_QUESTION)
        if q is None:
            return []
        open_ = set(self.answers.red_flags_not_known())
        asked = [c for c in q.choices if c not in open_]
        return red_flags_not_ruled_out(self.answers.profile(), asked=asked)

    def not_known(self) -> list[str]:
        """Red-flag symptoms never answered, in the question's words (all of
        them before the first answer: a session may end at any question)."""
        q = self.book.by_id.get(RED_FLAG_QUESTION)
        return [q.choices[c] for c in self.not_ruled_out() if c in q.choices] if q else []

    def saved_profile(self) -> tuple[dict[str, Any], list[str]]:
        """The answers as a saved facts file keeps them, and the symptoms
        said but left out of it.

        A facts file's ``symptoms`` list is read as complete: every red flag it
        leaves out counts as absent. While some red flag is neither named nor
        ruled out, a list of other symptoms would say they are all absent, so
        the list is left out (unknown, as it is) and the symptoms said are
        returned, for the file's note. A list naming a red flag is kept: its
        referral is urgent whatever else is known."""
        profile = self.answers.profile()
        named = profile.get("symptoms")
        if not named or not self.not_ruled_out():
            return profile, []
        if any(s in RED_FLAG_IDS for s in named):
            return profile, []
        return {k: v for k, v in profile.items() if k != "symptoms"}, list(named)

    # -- saving and resuming

    def resume_state(self) -> dict[str, Any]:
        """What a saved file needs besides the facts to continue exactly here
        (:data:`sorewhy.cli.saving.STATE_MARK`): the questions in the order
        asked, those answered "don't know", the answers the saved facts do not
        hold (the blood-test question, list answers held back or partial), and
        the urgent path's count."""
        saved, _ = self.saved_profile()
        # A question left unanswered on screen is put again, under its number.
        on_screen = int(self.awaiting is not None and self.number > 0)
        kept: dict[str, Any] = {}
        for qid, value in self.answers.given.items():
            q = self.answers.questions[qid]
            if value is UNKNOWN or q.is_lab:
                continue
            if q.key == GATE_KEY or q.key not in saved:
                kept[qid] = value
        return {"asked": list(self.answers.given),
                "unknown": [qid for qid, value in self.answers.given.items() if value is UNKNOWN],
                "not_in_facts": kept, "urgent_asked": max(0, self.urgent_asked - (on_screen if self.urgent else 0)),
                "rechecked_red_flags": self.rechecked_red_flags, "number": self.number - on_screen,
                "on_screen": self.awaiting.id if on_screen and self.awaiting is not None else None}

    def resume(self, facts: dict[str, Any], state: dict[str, Any] | None, source: str = "the file") -> int:
        """Take up a saved interview: the answers `facts` (a facts profile) and
        `state` (:meth:`resume_state`, or None: every question whose key the
        facts give counts as answered so) hold, in the order they were asked.
        Returns how many answers were kept; the questions left are asked next."""
        if state is None:
            asked = [q.id for q in self.book.questions if _from_facts(q, facts) is not None]
            unknown: set[str] = set()
            kept: dict[str, Any] = {}
        else:
            asked = [str(qid) for qid in state.get("asked") or []]
            unknown = {str(qid) for qid in state.get("unknown") or []}
            kept = state.get("not_in_facts") or {}
        for qid in asked:
            q = self.book.by_id.get(qid) or (calf_question(self.book) if qid == CALF_QUESTION else None)
            if q is None:
                continue  # no longer in the book: asked again if it matters
            if qid in unknown:
                self.answers.record(q, UNKNOWN)
                continue
            value = kept[qid] if qid in kept else _from_facts(q, facts)
            if value is None:
                continue
            try:
                q.check(value)
            except AnswerError:
                continue  # asked again
            self.answers.record(q, value)
        if state is not None:
            self.urgent_asked = int(state.get("urgent_asked") or 0)
            self.rechecked_red_flags = bool(state.get("rechecked_red_flags"))
            screen = state.get("on_screen")
            if screen in self.book.by_id or screen == CALF_QUESTION:
                self.pending = self.book.by_id.get(screen) or calf_question(self.book)
        self.number = len(self.answers.given)
        if state is not None and isinstance(state.get("number"), int) and state["number"] >= self.number:
            self.number = state["number"]
        kept_n = len(self.answers.given)
        self.introduce()
        self.echo("")
        self.echo(f"Resuming the interview saved in {source}: {kept_n} answer{'s' if kept_n != 1 else ''} "
                  "kept; only what is left is asked (`back` changes the last one).")
        if self.answers.given:
            report = self.evaluate()
            if report["referral"]["level"] == "urgent":
                self.followups = self._urgent_followups(report)
                self._urgent_now(report)
                self.urgent = True
                left = URGENT_EXTRA - self.urgent_asked
                if left > 0:
                    self.echo(wrap(f"Up to {left} quick question{'s' if left != 1 else ''} more, as before; type "
                                   "`done` at any of them for the summary now.", "   "))
        return len(self.answers.given)

    def show_report(self, report: dict[str, Any], stopped: str) -> None:
        still = [] if report["referral"]["level"] == "urgent" else self.still_open()
        for line in render_result(report, stopped, still, self.not_ruled_out()):
            self.echo(line)

    def result_loop(self, report: dict[str, Any]) -> str:
        """Commands at the result: `more`, `how ID`, `why-not ID`, `back`,
        `save [FILE]`, `quit`. Returns ``back`` when the person wants to change
        an answer, ``quit`` otherwise."""
        leading = digest(report, not_ruled_out=self.not_ruled_out()).leading
        hint = False  # the result's last line says what may be typed; later prompts get the short form
        while True:
            if hint:
                self.echo(PROMPT_HINT)
            hint = True
            try:
                text = self.read("how> ").strip()
            except EOFError:
                self.echo("")
                return "quit"
            word = _words(text)
            if word in ("quit", "q", "exit", "done"):
                return "quit"
            if not word:
                hint = False
                continue
            if word in ("?", "help"):
                self.echo("  `more` every finding; `how ID` how one was reached (ID, its number, its name, "
                          "or `referral`);")
                self.echo("  `why-not ID` why one is not higher; `back` change your last answer; "
                          "`save [FILE]`; `quit` leaves.")
                continue
            command, rest, typo = result_command(word)
            if typo is not None and command in ("more", "back", "quit") and not rest:
                self.echo(f"  (read '{typo}' as `{command}`)")
                if command == "quit":
                    return "quit"
                word = command
            elif typo is not None and command in ("how", "why-not") and rest:
                self.echo(f"  (read '{typo}' as `{command}`)")
                word = f"{command} {rest}"
            if word == "more":
                still = [] if report["referral"]["level"] == "urgent" else self.still_open()
                for line in render_more(report, still_open=still):
                    self.echo(line)
                continue
            if word == "back":
                if self.answers.given:
                    return "back"
                self.echo("  Nothing was answered.")
                continue
            if word == "save" or word.startswith("save "):
                if self.save_hook is None:
                    self.echo("  Start the interview with `--save FILE` to keep the answers, or type `save FILE`.")
                    continue
                note = self.save_hook(text[5:].strip() or None)
                if note:
                    self.echo(wrap(note, "  "))
                continue
            command, _, target = word.partition(" ")
            if command not in ("how", "why-not", "whynot", "why_not"):
                command, target = "how", word
            if not target:
                self.echo(f"  Which one? Type `{command}` and a finding id, its number, or `referral`.")
                continue
            target = target.strip()
            if re.fullmatch(r"[0-9]{1,6}", target) and 1 <= int(target) <= len(leading):
                target = leading[int(target) - 1]["id"]
            elif target != "referral":
                target = self._finding_named(target, report)
            profile = self.answers.profile()
            if command == "how":
                lines = explain_how(target, report, profile, self.engine.get()).lines()
            else:
                lines = explain_why_not(target, report, profile, self.engine.get()).lines()
            for line in lines:
                self.echo(line)

    def _finding_named(self, target: str, report: dict[str, Any]) -> str:
        """The finding id `target` names in words (``vitamin d``, ``blood clot``,
        ``magnesum``), said back when it was not typed as the id; else `target`
        as typed (the explanation then says what it takes)."""
        from sorewhy.knowledge import load as load_knowledge
        from sorewhy.rules import rule_index

        if target in rule_index():  # `why-not` also takes a rule id
            return target
        names = {f["id"]: f["label"] for f in report["findings"]}
        for fid, info in load_knowledge().findings.items():
            names.setdefault(fid, info.label)
        found = finding_named(target, names)
        if found is None:
            return target
        if found != target:
            self.echo(f"  (read '{target}' as {found}: {names[found]})")
        return found

    def how_loop(self, report: dict[str, Any]) -> str:
        """The result's command loop (kept under its older name)."""
        return self.result_loop(report)


def lab_by_key_name(key: str) -> str:
    """The name of the analyte a ``labs.<key>`` question asks for (``labs.potassium_mmol_l`` -> potassium)."""
    from sorewhy.engine.units import lab_by_key

    return lab_by_key(lab_key_of(key)[len(LAB_PREFIX):]).name


def _from_facts(q: Question, facts: dict[str, Any]) -> Any:
    """The answer to `q` that a facts profile gives, or None when it gives none."""
    if q.key == GATE_KEY:
        return True if facts.get("labs") else None
    if q.is_lab:
        from sorewhy.engine.units import lab_by_key

        labs = facts.get("labs") or {}
        name = lab_key_of(q.key)[len(LAB_PREFIX):]
        if name in labs:
            return labs[name]
        value = labs.get(lab_by_key(name).analyte)
        if isinstance(value, dict):
            return f"{value.get('value')} {value.get('unit')}"
        return value
    value = facts.get(q.key)
    if value is None or q.kind != "list":
        return value
    return [v for v in value if v in q.choices]


def calf_question(book: QuestionBook) -> Question:
    """Calf swelling alone (one choice of the red-flag question), for when one side hurts."""
    red = book.by_id[RED_FLAG_QUESTION]
    meaning = red.choices.get("calf_swelling", "a calf that is swollen, warm, red or painful to touch")
    return Question(id=CALF_QUESTION, key="symptoms", text=f"One side hurts: do you have {meaning}?",
                    why="Pain and swelling in one calf only can be a blood clot, which needs care at once.",
                    choices={"calf_swelling": meaning})


__all__ = ["WIDTH", "Interview", "LazyEvaluator", "Leave", "calf_question", "read_line"]
