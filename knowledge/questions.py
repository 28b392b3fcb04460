"""``knowledge/questions.yaml``: the interview's questions as data.

This module validates the file's shape: every field of a question, the units
of a number question (each worth more than zero, a fraction such as ``1/60``
allowed), and ids given once. Whether a question fits the facts vocabulary
(its key, its choices, what it skips and implies) is checked where the
vocabulary is, by the interview's :class:`sorewhy.engine.questions.Question`,
which extends :class:`QuestionEntry`. The file is read by the knowledge loader
(:func:`sorewhy.knowledge.read`: a key given twice is refused, naming the line).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import read, repeated, validation_message

__all__ = ["QuestionEntry", "QuestionFile", "fraction", "load_question_file", "validation_message"]


def fraction(value: Any) -> float:
    """A unit's worth: a number, or a fraction written as text (``1/60``)."""
    if isinstance(value, bool):
        raise ValueError("expected a number or a fraction such as '1/60'")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(Fraction(value.strip()))
        except (ValueError, ZeroDivisionError):
            pass
    raise ValueError("expected a number or a fraction such as '1/60'")


class QuestionEntry(BaseModel):
    """One question: the key it fills, its text, and the meaning of each choice."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_.]*$")
    key: str
    text: str = Field(min_length=1)
    why: str | None = None
    always: bool = False
    choices: dict[str, str] = {}
    example: str | None = None
    units: dict[str, float] = {}
    skip_if: dict[str, list[Any]] = {}
    """Not asked when an earlier answer gave one of these values, e.g.
    ``{exercise_load: [none]}`` for questions about training."""
    implies: dict[str, dict[str, list[str]]] = {}
    """What each choice settles for other list keys: ``{vegan: {low_intake:
    [meat, fatty_fish, eggs, dairy]}}``; those items are recorded for the
    person and the other question asks only about the rest."""
    group: str | None = None
    """Questions that only matter together (heat, sweating, session length,
    water per hour) share a group: the interview weighs their answers jointly."""

    @field_validator("choices", mode="before")
    @classmethod
    def _bool_keys(cls, value: Any) -> Any:
        # YAML reads an unquoted yes/no key as a boolean.
        if isinstance(value, dict):
            return {("yes" if k is True else "no" if k is False else k): v for k, v in value.items()}
        return value

    @field_validator("units", mode="before")
    @classmethod
    def _unit_values(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k).lower(): fraction(v) for k, v in value.items()}
        return value


class QuestionFile(BaseModel):
    """The file: the interview's introduction and every question, in the
    order they are preferred for one key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intro: str
    questions: list[QuestionEntry]

    @model_validator(mode="after")
    def _distinct_ids(self) -> QuestionFile:
        dupes = repeated(q.id for q in self.questions)
        if dupes:
            raise ValueError(f"question ids used twice: {dupes}")
        return self


def load_question_file() -> QuestionFile:
    """``questions.yaml`` read and its shape validated (the vocabulary is
    checked by the interview's question book). Raises :class:`KnowledgeError`."""
    try:
        return QuestionFile.model_validate(read("questions.yaml"))
    except ValidationError as exc:
        raise KnowledgeError(validation_message(exc, "knowledge/questions.yaml")) from None
