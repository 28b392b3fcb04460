"""The interview's questions: read from ``knowledge/questions.yaml``, checked
against the facts vocabulary when loaded, and the parsing of typed answers.

The questions' data model is :mod:`sorewhy.knowledge.questions`; here each
question is checked against the facts vocabulary. The kind of answer a
question takes (one choice, several, yes/no, a number, free text) is derived
from its key's type in :class:`sorewhy.engine.profile.Profile`, so the
questions cannot drift from the vocabulary. Every parsed answer is validated
through :func:`sorewhy.engine.profile.validate_profile`, so a value
the interview accepts is one a facts file accepts.

Importing this module is cheap: it does not import the inference engine.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import ValidationError, model_validator

from sorewhy.engine.profile import (
    FACT_KEYS,
    LAB_ANALYTES,
    LAB_KEYS,
    LIST_KEYS,
    Profile,
    enum_values,
    validate_profile,
)
from sorewhy.engine.units import LabValueError, lab_by_analyte, lab_by_key, parse_lab_answer
from sorewhy.errors import KnowledgeError, ProfileError
from sorewhy.knowledge import read
from sorewhy.knowledge.questions import QuestionEntry, QuestionFile, validation_message

Kind = Literal["choice", "list", "yes_no", "integer", "number", "text_list", "text", "results"]

NONE_WORDS = frozenset({"none", "no", "nothing", "neither", "nil"})
YES_WORDS = frozenset({"y", "yes", "true"})
NO_WORDS = frozenset({"n", "no", "false"})
LAB_PREFIX = "labs."
GATE_KEY = "labs"
"""The key of the one question that is not a fact: which blood results the
person has, typed as free text (``potassium 3.1, vitamin D 30 nmol/L``; read
by :mod:`sorewhy.engine.labtext`). A question about one missing result is asked
only after some were given."""


class AnswerError(ValueError):
    """A typed answer the question cannot take; the message is a one-line hint."""


@functools.cache
def _properties() -> dict[str, Any]:
    return Profile.model_json_schema()["properties"]


def allowed_values(key: str) -> tuple[str, ...]:
    """The enumerated values of a fact key (or list key), else ()."""
    return enum_values(key) if key in _properties() else ()


@functools.cache
def kind_of(key: str) -> Kind:
    """The kind of answer a fact key (or ``labs.<name>``) takes.

    Raises ValueError for a key outside the vocabulary."""
    if key == GATE_KEY:
        return "results"
    if key.startswith(LAB_PREFIX):
        if key[len(LAB_PREFIX):] not in LAB_KEYS and key[len(LAB_PREFIX):] not in LAB_ANALYTES:
            raise ValueError(f"{key!r} is not a lab key (expected labs.<one of {', '.join(LAB_KEYS)}>)")
        return "number"
    if key not in FACT_KEYS:
        raise ValueError(f"{key!r} is not a key of the facts vocabulary")
    enum = allowed_values(key)
    if key in LIST_KEYS:
        return "list" if enum else "text_list"
    if enum:
        return "choice"
    types = {node.get("type") for node in _properties()[key].get("anyOf", [_properties()[key]])}
    if "boolean" in types:
        return "yes_no"
    if "integer" in types:
        return "integer"
    if "number" in types:
        return "number"
    return "text"


def lab_key_of(key: str) -> str:
    """The unit-suffixed ``labs.<key>`` of a lab question key given either way
    (``labs.potassium`` -> ``labs.potassium_mmol_l``); other keys unchanged."""
    if key.startswith(LAB_PREFIX) and key[len(LAB_PREFIX):] in LAB_ANALYTES:
        return LAB_PREFIX + lab_by_analyte(key[len(LAB_PREFIX):]).key
    return key


def lab_entry(key: str, value: Any) -> tuple[str, Any]:
    """Where a lab answer goes in the facts: a number under the question's
    unit-suffixed key, a value with its unit (text such as ``"75 nmol/L"``)
    under the analyte's unit-free key."""
    name = lab_key_of(key)[len(LAB_PREFIX):]
    if isinstance(value, str):
        return lab_by_key(name).analyte, value
    return name, value


def normalise(text: str) -> str:
    """Lower case, with spaces and hyphens as underscores: how typed names are
    compared with the vocabulary."""
    return re.sub(r"[\s\-_]+", "_", text.strip().lower()).strip("_")


_NUMBER = re.compile(r"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*(.*)$")
"""A typed number: plain ASCII digits only (``²``, ``①`` or Arabic-Indic
digits are not read as numbers, as a facts file would not read them)."""

MAX_NUMBER_DIGITS = 30
"""No answer has more digits than this (a 5,000-digit number is asked again)."""

_CHOICE_NUMBER = re.compile(r"[0-9]{1,6}")
_UNREADABLE = re.compile("[\ud800-\udfff]")


class Question(QuestionEntry):
    """One question (:class:`sorewhy.knowledge.questions.QuestionEntry`, an
    entry of ``knowledge/questions.yaml``) checked against the facts
    vocabulary, and the parsing of its answers."""

    @model_validator(mode="after")
    def _fits_vocabulary(self) -> Question:
        kind = kind_of(self.key)  # ValueError names the key
        if kind in ("choice", "list"):
            if not self.choices:
                raise ValueError(f"question {self.id!r}: key {self.key!r} takes choices; give their meanings")
            allowed: tuple[Any, ...] = allowed_values(self.key)
            wrong = [c for c in self.choices if c not in allowed]
            if wrong:
                raise ValueError(f"question {self.id!r}: {wrong} are not values of {self.key!r} "
                                 f"(allowed: {', '.join(allowed)})")
        elif kind == "yes_no":
            wrong = [c for c in self.choices if c not in ("yes", "no")]
            if wrong:
                raise ValueError(f"question {self.id!r}: a yes/no question has only the choices yes and no")
        elif self.choices:
            raise ValueError(f"question {self.id!r}: key {self.key!r} takes a {kind}, not choices")
        for other, values in self.skip_if.items():
            other_kind = kind_of(other)
            if other_kind == "choice":
                allowed = allowed_values(other)
            elif other_kind == "yes_no":
                allowed = (True, False)
            else:
                raise ValueError(f"question {self.id!r}: skip_if may test only a choice or yes/no key, not {other!r}")
            wrong = [v for v in values if v not in allowed or isinstance(v, bool) != (other_kind == "yes_no")]
            if wrong or not values:
                raise ValueError(f"question {self.id!r}: skip_if {other!r} takes values among {list(allowed)}")
        for choice, settles in self.implies.items():
            if choice not in self.choices:
                raise ValueError(f"question {self.id!r}: implies names {choice!r}, which is not one of its choices")
            for other, items in settles.items():
                if kind_of(other) != "list":
                    raise ValueError(f"question {self.id!r}: implies may fill only a list key, not {other!r}")
                wrong = [i for i in items if i not in allowed_values(other)]
                if wrong:
                    raise ValueError(f"question {self.id!r}: implies {wrong} are not values of {other!r}")
        if self.units:
            if kind not in ("number", "integer"):
                raise ValueError(f"question {self.id!r}: only number questions take units")
            if any(v <= 0 for v in self.units.values()):
                raise ValueError(f"question {self.id!r}: every unit must be worth more than zero")
        return self

    def skipped(self, profile: dict[str, Any]) -> bool:
        """Whether earlier answers (a facts profile) make this question moot."""
        return any(profile.get(key) in values for key, values in self.skip_if.items() if key in profile)

    @property
    def kind(self) -> Kind:
        return kind_of(self.key)

    @property
    def is_lab(self) -> bool:
        return self.key.startswith(LAB_PREFIX)

    def options(self) -> list[tuple[str, str]]:
        """(value, meaning) in the order they are numbered; empty for free answers."""
        if self.kind == "yes_no":
            return [("yes", self.choices.get("yes", "yes")), ("no", self.choices.get("no", "no"))]
        return list(self.choices.items())

    # --- parsing --------------------------------------------------------------

    def parse(self, text: str) -> Any:
        """The value a typed answer gives, validated against the facts
        vocabulary. Raises :class:`AnswerError` with a one-line hint.

        Blank answers, ``unknown`` and commands are the caller's business.
        Whatever is typed, a bad answer is an AnswerError (asked again), never
        another exception."""
        if _UNREADABLE.search(text) is not None:
            raise AnswerError("that answer could not be read as text (a byte that is not UTF-8?); please type it again")
        try:
            return self._parse(text)
        except (ValueError, OverflowError, ArithmeticError) as exc:
            if isinstance(exc, AnswerError):
                raise
            raise AnswerError(f"that answer could not be read ({self.hint()}); please type it again") from None

    def _parse(self, text: str) -> Any:
        kind = self.kind
        if kind == "list":
            value: Any = self._parse_list(text)
        elif kind == "choice":
            value = self._match(text, self.options())
        elif kind == "yes_no":
            value = self._parse_yes_no(text)
        elif kind == "results":
            return self._parse_results(text)
        elif self.is_lab:
            value = self._parse_lab(text)
        elif kind in ("number", "integer"):
            value = self._parse_number(text, integer=kind == "integer")
        elif kind == "text_list":
            value = self._parse_text_list(text)
        else:
            value = text.strip()
        self.check(value)
        return value

    def check(self, value: Any) -> None:
        """Validate one value for this question's key as a facts file would."""
        if self.key == GATE_KEY:
            return
        if self.is_lab:
            name, value = lab_entry(self.key, value)
            data: dict[str, Any] = {"labs": {name: value}}
        else:
            data = {self.key: value}
        try:
            validate_profile(data, "answer", self.id)
        except ProfileError as exc:
            raise AnswerError(exc.expected) from None

    def _match(self, token: str, options: list[tuple[str, str]]) -> str:
        t = token.strip()
        values = [v for v, _ in options]
        if _CHOICE_NUMBER.fullmatch(t):
            n = int(t)
            if 1 <= n <= len(values):
                return values[n - 1]
            raise AnswerError(f"{t} is not a choice number: type 1 to {len(values)}, or `?` to see the choices")
        name = normalise(t)
        if name in values:
            return name
        if self.kind in ("choice", "list") and not self.is_lab:
            from sorewhy.engine.words import read_value

            read = read_value(self.key, t, among=values)  # plurals, synonyms (knowledge/words.yaml)
            if read is not None:
                return read
        if len(name) >= 3:
            found = [v for v in values if v.startswith(name)]
            if len(found) == 1:
                return found[0]
        elsewhere = self._elsewhere(t)
        if elsewhere:
            which = f" ({', '.join(values)})" if len(values) <= 6 else ""
            raise AnswerError(f"{elsewhere}; here: type the number or name of one of the choices{which}, "
                              "or `?` to see them")
        suggestion = self._suggest(t, values)
        if suggestion:
            raise AnswerError(f"'{t}' is not one of the choices; did you mean '{suggestion}'? Type its number or "
                              "name, or `?` to see them")
        raise AnswerError(f"'{t}' is not one of the choices: type its number or name, or `?` to see them")

    def _elsewhere(self, text: str) -> str:
        """When `text` names a value of another key (``at night`` typed at how
        bad it is), that it is asked separately; else ""."""
        if self.kind not in ("choice", "list") or self.is_lab:
            return ""
        from sorewhy.engine.words import read_value

        for key in FACT_KEYS:
            if key == self.key or key in ("alcohol", "exercise_load") and normalise(text) in NONE_WORDS:
                continue
            if enum_values(key) and (value := read_value(key, text)) is not None:
                return f"'{text.strip()}' answers another question ({key}: {value}), asked separately"
        return ""

    def _suggest(self, text: str, values: list[str]) -> str:
        """The choice nearest to `text` in spelling, or ""."""
        if self.kind not in ("choice", "list") or self.is_lab:
            close = difflib.get_close_matches(normalise(text), values, n=1, cutoff=0.6)
            return close[0] if close else ""
        from sorewhy.engine.words import nearest

        return nearest(self.key, text, among=values) or ""

    def parse_one(self, text: str) -> str:
        """One item of a choice or list answer, as typed (its number or a word for it)."""
        return self._match(text, self.options())

    def _parse_list(self, text: str) -> list[str]:
        if normalise(text) in NONE_WORDS:
            return []
        options = self.options()
        out: list[str] = []
        for part in re.split(r"[,;]", text):
            if not part.strip():
                continue
            try:
                picked = [self._match(part, options)]
            except AnswerError:
                pieces = part.split()
                if len(pieces) < 2:
                    raise
                picked = []
                for piece in pieces:
                    picked.append(self._match(piece, options))
            for value in picked:
                if value not in out:
                    out.append(value)
        if not out:
            raise AnswerError("type numbers or names separated by commas, or `none`")
        return out

    def _parse_yes_no(self, text: str) -> bool:
        word = normalise(text)
        if word in YES_WORDS or word == "1":
            return True
        if word in NO_WORDS or word == "2":
            return False
        raise AnswerError("answer yes or no (y/n), or press Enter if you don't know")

    def _parse_results(self, text: str) -> Any:
        """Every blood result named in a free-text answer (a
        :class:`sorewhy.engine.labtext.LabAnswer`; a number ambiguous between
        units is left for the interview to ask about)."""
        from sorewhy.engine.labtext import LabTextError, example_hint, read_results

        if normalise(text) in YES_WORDS:
            raise AnswerError(f"which ones? {example_hint()}")
        try:
            return read_results(text)
        except LabTextError as exc:
            raise AnswerError(str(exc)) from None

    def _parse_lab(self, text: str) -> float | str:
        """A blood result: a bare number in the unit the question names, or a
        number with any unit of that analyte (``75 nmol/L``), kept as typed."""

        raw = text.strip()
        try:
            return parse_lab_answer(lab_key_of(self.key)[len(LAB_PREFIX):], raw)
        except LabValueError as exc:
            example = f", e.g. {self.example}" if self.example else ""
            message = str(exc)
            if message.startswith("expected a number"):
                message = f"type a number{example}, or a number and its unit ({self._lab_units()})"
            raise AnswerError(message) from None

    def _lab_units(self) -> str:
        return ", ".join(lab_by_key(lab_key_of(self.key)[len(LAB_PREFIX):]).units)

    def _parse_number(self, text: str, integer: bool) -> int | float:
        raw = text.strip()
        if raw.count(",") == 1 and "." not in raw:
            raw = raw.replace(",", ".")  # a decimal comma
        match = _NUMBER.match(raw)
        example = f", e.g. {self.example}" if self.example else ""
        if self.units and (not match or match.group(2).strip().lower().rstrip(".") not in self.units):
            amount = read_amount(raw, self.units)  # "a few months"; AnswerError for "since Christmas"
            if amount is not None:
                return round(amount) if integer else round(amount, 6)
        if not match:
            words = f", or in words ({example_amounts(self.units)})" if self.units else ""
            raise AnswerError(f"type a number{example}{words}")
        if sum(ch.isdigit() for ch in match.group(1)) > MAX_NUMBER_DIGITS:
            raise AnswerError(f"that number has too many digits; type a number{example}")
        number = float(match.group(1))
        unit = match.group(2).strip().lower().rstrip(".")
        if unit:
            if unit not in self.units:
                near = nearest_unit(unit, self.units) if self.units else None
                if near is not None:
                    raise AnswerError(f"'{raw}' could not be read; did you mean '{match.group(1)} {near}'?")
                known = f" (or one of: {', '.join(self.units)})" if self.units else ""
                raise AnswerError(f"type just the number{example}{known}")
            number *= self.units[unit]
            if integer:
                return round(number)
        if integer:
            if number != int(number):
                raise AnswerError(f"type a whole number{example}")
            return int(number)
        return round(number, 6)

    def _parse_text_list(self, text: str) -> list[str]:
        if normalise(text) in NONE_WORDS:
            return []
        out: list[str] = []
        for part in re.split(r"[,;]", text):
            name = " ".join(part.split())
            if name and name not in out:
                out.append(name)
        if not out:
            raise AnswerError("type names separated by commas, or `none`")
        return out

    # --- showing ----------------------------------------------------------------

    def describe(self, value: Any) -> str:
        """A value in words, as the person would have typed it."""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, (list, tuple, frozenset, set)):
            return ", ".join(str(v) for v in value) if value else "none"
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def hint(self) -> str:
        """How to answer, in a few words."""
        example = f", e.g. {self.example}" if self.example else ""
        if self.is_lab:
            lab = lab_by_key(lab_key_of(self.key)[len(LAB_PREFIX):])
            others = ", ".join(lab.units[1:])
            return (f"a number in {lab.unit}{example}" +
                    (f", or with its unit if your result is in {others}" if others else ""))
        return {
            "list": "numbers or names, separated by commas; `none` if none",
            "choice": "a number or a name",
            "yes_no": "yes or no",
            "integer": f"a whole number{example}",
            "number": f"a number{example}",
            "text_list": f"names separated by commas{example}; `none` if none",
            "text": "a few words",
            "results": "names and numbers, e.g. potassium 3.1, vitamin D 30 nmol/L; `none` if none",
        }[self.kind]


class QuestionBook(QuestionFile):
    """Every question, in the order they are preferred for one key, each
    checked against the facts vocabulary."""

    questions: list[Question]  # type: ignore[assignment]

    @model_validator(mode="after")
    def _consistent(self) -> QuestionBook:
        for key, qs in self._by_key().items():
            if len(qs) > 1 and qs[0].kind != "list":
                raise ValueError(f"key {key!r} has {len(qs)} questions; only a list key may be split")
            if len(qs) > 1:
                seen: dict[str, str] = {}
                for q in qs:
                    for c in q.choices:
                        if c in seen:
                            raise ValueError(f"{key!r}: choice {c!r} is in both {seen[c]!r} and {q.id!r}")
                        seen[c] = q.id
        return self

    def _by_key(self) -> dict[str, list[Question]]:
        out: dict[str, list[Question]] = {}
        for q in self.questions:
            out.setdefault(q.key, []).append(q)
        return out

    @functools.cached_property
    def by_key(self) -> dict[str, tuple[Question, ...]]:
        return {k: tuple(v) for k, v in self._by_key().items()}

    @functools.cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @property
    def lab_gate(self) -> Question | None:
        """The question asked before the first lab question, if the book has one."""
        found = self.by_key.get(GATE_KEY)
        return found[0] if found else None

    def for_key(self, key: str) -> tuple[Question, ...]:
        """The questions that fill `key`; a plain question built from the facts
        model when the book has none (a key newer than the book)."""
        if key in self.by_key:
            return self.by_key[key]
        if lab_key_of(key) in self.by_key:  # `unknown` names a lab by its unit-free key
            return self.by_key[lab_key_of(key)]
        return (generic_question(lab_key_of(key)),)

    def missing(self) -> list[str]:
        """Keys, and values of enumerated keys, that no question covers."""
        out: list[str] = []
        for key in (*FACT_KEYS, *(LAB_PREFIX + k for k in LAB_KEYS)):
            qs = self.by_key.get(key)
            if not qs:
                out.append(key)
                continue
            if qs[0].kind in ("choice", "list"):
                covered = {c for q in qs for c in q.choices}
                out.extend(f"{key}={v}" for v in allowed_values(key) if v not in covered)
        return out


@functools.cache
def generic_question(key: str) -> Question:
    """A plain question for a key the book does not cover."""
    kind = kind_of(key)
    prop = _properties().get(key, {})
    description = prop.get("description") or next(
        (n.get("description") for n in prop.get("anyOf", []) if n.get("description")), None)
    text = f"{key.replace('_', ' ')}" + (f" ({description})" if description else "") + "?"
    choices = {v: v.replace("_", " ") for v in allowed_values(key)} if kind in ("choice", "list") else {}
    return Question(id=key, key=key, text=text[0].upper() + text[1:], choices=choices)


def parse_book(data: Any, source: str = "knowledge/questions.yaml") -> QuestionBook:
    """Validate question data; raises :class:`KnowledgeError` naming the problem."""
    try:
        return QuestionBook.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeError(validation_message(exc, source)) from None


@functools.cache
def load_questions() -> QuestionBook:
    """The validated question book (read once per process, by the knowledge loader)."""
    return parse_book(read("questions.yaml"))


def merge_lists(values: Iterable[list[str]]) -> list[str]:
    """Items of several list answers, once each, in the order given."""
    out: list[str] = []
    for value in values:
        for item in value:
            if item not in out:
                out.append(item)
    return out


# --- lengths of time and amounts as people type them ------------------------------------

_DIGITS = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")


def read_amount(text: str, units: Mapping[str, float]) -> float | None:
    """An amount written in words, in the question's own unit: ``a few
    months``, ``a couple of weeks``, ``two days``, ``half an hour``, ``about
    3 weeks ago``, ``a week and a half`` (counts and the words that do not
    change an amount are in ``knowledge/words.yaml``; the units are the
    question's). None when `text` is not written so.

    Raises :class:`AnswerError` for a date or an event instead of a length
    of time (``since Christmas``), with an example of what is read."""
    from sorewhy.knowledge import normalise_word, words

    table = words()
    tokens = [w for w in normalise_word(text).split("_") if w]
    if tokens and tokens[0] in table.durations.dates:
        raise AnswerError(f"'{text.strip()}' is a date or an event, not a length of time: type how long, "
                          f"{example_amounts(units)}")
    tokens = [w for w in tokens if w not in table.durations.ignore]
    half = 0.0
    for tail in (["and", "a", "half"], ["and", "half"]):
        if tokens[-len(tail):] == tail:
            tokens, half = tokens[:-len(tail)], 0.5
            break
    if len(tokens) < 2:
        return None
    count: float | None = None
    for size in (3, 2, 1):
        head = "_".join(tokens[:size])
        if len(tokens) > size and head in table.counts:
            count, tokens = table.counts[head], tokens[size:]
            break
    if count is None and _DIGITS.match(tokens[0]):
        count, tokens = float(tokens[0]), tokens[1:]
    if count is None or len(tokens) != 1:
        return None
    unit = units.get(tokens[0])
    if unit is None:
        return None
    return (count + half) * unit


def example_amounts(units: Iterable[str]) -> str:
    """An example of an amount a question with these units takes in words."""
    units = list(units)
    if "weeks" in units and "months" in units:
        return "e.g. '3 weeks', 'a few months' or '10 days'"
    if "hours" in units and "minutes" in units:
        return "e.g. 'an hour and a half' or '45 minutes'"
    if "litre" in units:
        return "e.g. 'half a litre'"
    plural = next((u for u in units if u.endswith("s") and len(u) > 2), None)
    return f"e.g. '2 {plural}'" if plural else "e.g. a number"


def nearest_unit(text: str, units: Iterable[str]) -> str | None:
    """The unit closest in spelling to the word after a number (``weks`` -> ``weeks``)."""
    close = difflib.get_close_matches(text.strip().lower(), list(units), n=1, cutoff=0.6)
    return close[0] if close else None
