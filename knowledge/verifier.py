"""``knowledge/verifier.yaml``: what the rule-base verifier (``sorewhy rules
check``, :mod:`sorewhy.engine.verify`) is told beyond the rules: advice that
contradicts when two findings are shown together, and the findings of a check
that are intended, each with its reason. Read by the knowledge loader
(:func:`sorewhy.knowledge.read`: a key given twice is refused, naming the line)
and validated here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import parse, read

__all__ = ["AdviceConflict", "Allowance", "VerifierData", "load_verifier_data"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AdviceConflict(_Strict):
    """Two findings whose advice contradicts when both are shown."""

    id: str = Field(min_length=1)
    findings: tuple[str, str]
    advice: tuple[str, str]
    """A phrase of each finding's advice (case ignored), so the entry goes
    stale, and is reported, when the advice changes."""
    why: str = Field(min_length=1)
    resolved_by: tuple[str, ...] = ()
    """Rules of the conflict topic that resolve it (found by their effects too)."""
    pending: str | None = None
    """Why it is not resolved yet and what will resolve it: reported as
    pending, not as a problem, until a conflict rule resolves it (then the
    stale note is a problem)."""


class Allowance(_Strict):
    """A finding of a check that is intended, with the reason."""

    check: str
    subject: str = Field(min_length=1)
    reason: str = Field(min_length=20)


class VerifierData(_Strict):
    advice_conflicts: tuple[AdviceConflict, ...] = ()
    allow: tuple[Allowance, ...] = ()


def load_verifier_data(text: str | None = None) -> VerifierData:
    """Read and validate ``knowledge/verifier.yaml`` (or `text`, as that file).
    Raises :class:`KnowledgeError` naming the file."""
    data = read("verifier.yaml") if text is None else parse("verifier.yaml", text)
    try:
        return VerifierData.model_validate(data or {})
    except ValidationError as exc:
        raise KnowledgeError(f"knowledge/verifier.yaml: invalid: {' '.join(str(exc).split())}") from None
