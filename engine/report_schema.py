"""The JSON Schema of a report (contract §2), for ``sorewhy schema --report``.

It is generated from the types that describe a report in the engine's API
(:class:`sorewhy.engine.api.Report` and its parts), so the schema, the type
hints and :func:`validate_report` cannot drift apart; the tests validate every
report of the examples and of the rule fixtures against it.
"""

from __future__ import annotations

import functools
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    from sorewhy.engine.api import Report

    return TypeAdapter(Report)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of one report (``evaluate --format json`` prints an
    array of them, ``jsonl`` one a line)."""
    schema = _adapter().json_schema()
    return {"$schema": SCHEMA_DIALECT, **schema, "title": "sorewhy report"}


def validate_report(report: Any) -> None:
    """Raise ``ValueError`` (pydantic's ValidationError) naming what of
    `report` breaks the schema."""
    _adapter().validate_python(report, strict=True)


__all__ = ["report_schema", "validate_report"]
