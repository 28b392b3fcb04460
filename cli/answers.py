"""The interview's answers, and the facts profile they give.

One job: hold what the person answered (by question id, in the order given)
and turn it into a facts profile (contract section 1). It also knows what an
answer implies for other questions (a vegan eats no meat, fish, eggs or dairy)
and which red-flag symptoms were never answered, so that they are not taken
as absent without saying so.

It also reads what people type beyond a bare value (:func:`read_amount`:
"a few months"; :func:`read_as`: how a word was read; :func:`result_command`
and :func:`finding_named`: `hwo magnesium`, `how vitamin d` at the result).

Importing this module is cheap: it does not import the inference engine.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from sorewhy.engine.profile import FACT_KEYS, LAB_INPUT_KEYS
from sorewhy.engine.questions import (
    GATE_KEY,
    LAB_PREFIX,
    AnswerError,
    Question,
    QuestionBook,
    lab_entry,
    merge_lists,
    normalise,
)

RED_FLAG_QUESTION = "red_flags"
"""The id of the first question, the red-flag symptoms."""
CALF_QUESTION = "calf_swelling"
"""The id of the follow-up that asks about calf swelling alone, when one side
hurts and the red-flag question was not answered."""


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
"""An answer of "don't know": the question was asked, the key stays absent."""


class Answers:
    """Answers by question id, in the order given; builds the facts profile."""

    def __init__(self, book: QuestionBook) -> None:
        self.book = book
        self.given: dict[str, Any] = {}
        self.questions: dict[str, Question] = {}

    def copy(self) -> Answers:
        other = Answers(self.book)
        other.given = dict(self.given)
        other.questions = dict(self.questions)
        return other

    def record(self, question: Question, value: Any) -> None:
        self.given.pop(question.id, None)
        self.given[question.id] = value
        self.questions[question.id] = question

    def with_answer(self, question: Question, value: Any) -> Answers:
        """A copy with one more answer (for trying what an answer would do)."""
        other = self.copy()
        other.record(question, value)
        return other

    def pop_last(self) -> tuple[Question, Any] | None:
        if not self.given:
            return None
        qid = next(reversed(self.given))
        value = self.given.pop(qid)
        return self.questions.pop(qid), value

    def asked(self, question: Question) -> bool:
        return question.id in self.given

    def value(self, qid: str) -> Any:
        """The answer to question `qid`, or None when it was not asked."""
        return self.given.get(qid)

    # --- what answers imply -----------------------------------------------------------

    def implied(self, question: Question) -> list[str]:
        """Items of a list question that earlier answers already give (the
        food groups a diet leaves out), in the question's order."""
        if question.kind != "list":
            return []
        question = self.book.by_id.get(question.id, question)  # the whole question, not as narrowed
        out: list[str] = []
        for qid, value in self.given.items():
            source = self.questions[qid]
            if value is UNKNOWN or not source.implies:
                continue
            for item in source.implies.get(str(value), {}).get(question.key, []):
                if item in question.choices and item not in out:
                    out.append(item)
        return [c for c in question.choices if c in out]

    def narrowed(self, question: Question) -> Question | None:
        """The question as it is put now: without the choices earlier answers
        already settle; None when they settle all of them (the question is moot)."""
        implied = self.implied(question)
        if not implied:
            return question
        rest = {c: m for c, m in question.choices.items() if c not in implied}
        if not rest:
            return None
        return question.model_copy(update={"choices": rest})

    def moot(self, question: Question) -> bool:
        """Whether earlier answers make `question` pointless to ask."""
        return question.skipped(self.profile()) or self.narrowed(question) is None

    def fill_moot(self) -> list[Question]:
        """Record, for each unasked list question that earlier answers settle
        completely, the items they imply; returns the questions so filled."""
        out = []
        for q in self.book.questions:
            if q.kind == "list" and not self.asked(q) and self.implied(q) and self.narrowed(q) is None:
                self.record(q, self.implied(q))
                out.append(q)
        return out

    # --- red flags ------------------------------------------------------------------

    def red_flags_not_known(self) -> list[str]:
        """The red-flag symptoms neither said nor ruled out, as the question
        words them (empty once the red-flag question was answered)."""
        q = self.book.by_id.get(RED_FLAG_QUESTION)
        if q is None:
            return []
        value = self.given.get(q.id)
        if value is not None and value is not UNKNOWN:
            return []
        calf = self.given.get(CALF_QUESTION)
        settled = {"calf_swelling"} if calf is not None and calf is not UNKNOWN else set()
        return [c for c in q.choices if c not in settled]

    # --- the profile --------------------------------------------------------------------

    def profile(self, asking: bool = False) -> dict[str, Any]:
        """The facts profile the answers give (keys in vocabulary order, then labs).

        A list key split over several questions holds the items of every
        answer. While some of its questions are unasked it is left out when
        `asking` (so the engine still reports whether the rest matters), and
        otherwise given only if an item was named (an empty answer to part of
        a list is not yet "none of them")."""

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
            answered = [q for q in every if self.asked(q) and self.given[q.id] is not UNKNOWN]
            items = merge_lists(values)
            if complete and len(answered) == len(every):
                out[key] = items
            elif items and not asking:
                out[key] = items
        if labs:
            out["labs"] = {k: labs[k] for k in LAB_INPUT_KEYS if k in labs}
        return out


# --- what people type -------------------------------------------------------------------

def read_as(question: Question, text: str, value: Any) -> list[str]:
    """How the words of an accepted choice answer were read, where a word was
    not the value itself or its number (``'calf' as calves``): said back, so
    a wrong reading can be put right with `back`."""
    if question.kind not in ("choice", "list") or not isinstance(value, (str, list)):
        return []
    out = []
    for part in re.split(r"[,;]", text):
        word = part.strip()
        if not word or re.fullmatch(r"[0-9]{1,6}", word) or normalise(word) in question.choices:
            continue
        try:
            got = question.parse_one(word)
        except AnswerError:
            continue
        out.append(f"'{word}' as {got}")
    return out


RESULT_COMMANDS = ("how", "why-not", "more", "back", "save", "quit", "help")
"""The words the result screen takes first on a line (`whynot` and `why_not` are `why-not`)."""


def result_command(word: str) -> tuple[str, str, str | None]:
    """A line typed at the result split into (command, the rest, the word
    as typed when it was read as a near command: ``hwo`` for ``how``).
    A line that starts with no command is ``("", line, None)``."""
    first, _, rest = word.strip().partition(" ")
    first = first.lower()
    if first in ("whynot", "why_not", "why-not"):
        return "why-not", rest.strip(), None
    if first in RESULT_COMMANDS:
        return first, rest.strip(), None
    close = difflib.get_close_matches(first, ["how", "why-not", "whynot", "more", "back", "quit"], n=1, cutoff=0.6)
    if close and len(first) >= 3:
        command = "why-not" if close[0] == "whynot" else close[0]
        return command, rest.strip(), first
    return "", word.strip(), None


def finding_named(text: str, names: Mapping[str, str]) -> str | None:
    """The finding id (a key of `names`, id -> label) that `text` names: its
    id in any case and spacing (``vitamin d``), its label or the label's
    first words (``vitamin d deficiency``, ``blood clot``), or a near
    spelling of either (``magnesum``). None when it names none, or several."""
    from sorewhy.knowledge import normalise_word

    word = normalise_word(text)
    if not word:
        return None
    if word in names:
        return word
    labels = {normalise_word(label): fid for fid, label in names.items()}
    if word in labels:
        return labels[word]
    found = {fid for label, fid in labels.items() if re.search(rf"(^|_){re.escape(word)}(_|$)", label)}
    found |= {fid for fid in names if fid.startswith(word) and len(word) >= 3}
    if len(found) == 1:
        return found.pop()
    if found:
        return None
    close = difflib.get_close_matches(word, [*names, *labels], n=1, cutoff=0.75)
    if close:
        return close[0] if close[0] in names else labels[close[0]]
    return None
