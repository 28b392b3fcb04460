"""Reports as JSON, encoded by orjson.

A report is about 10 KB of JSON; encoding it was a large share of
``sorewhy evaluate --format jsonl``. orjson encodes it in a few
microseconds, with standard JSON's separators: no space after ``,`` and
``:`` on one line (:func:`report_line`, JSON Lines), and two spaces of indent
with ``": "`` when indented (:func:`report_indented`, an element of the JSON
array of ``--format json``). Text is UTF-8, never ``\\u``-escaped.

What orjson refuses (text that is not valid UTF-8, such as a lone surrogate
read from a file, a dict key that is not text, an integer beyond 64 bits) is
encoded by the standard library with the same separators instead (the one
difference: where a float's shortest form has an exponent, ``1e+16`` rather
than orjson's ``1e16``); :func:`lines` then returns text, not bytes, for the
stream it is written to to decide on (engine/batch.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

_dumps = orjson.dumps
_INDENT = orjson.OPT_INDENT_2
_Refused = (orjson.JSONEncodeError, TypeError)


def _fallback(report: Any, indent: int | None) -> str:
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(report, ensure_ascii=False, indent=indent, separators=separators)


def report_line(report: Mapping[str, Any]) -> str:
    """One report as one line of JSON (no line break at the end)."""
    try:
        return _dumps(report).decode("utf-8")
    except _Refused:
        return _fallback(report, None)


def report_indented(report: Mapping[str, Any], level: int = 1) -> str:
    """One report indented by two spaces a level, as an element of a JSON
    array at `level` (its first line not indented: the caller puts it after
    its own indent)."""
    try:
        text = _dumps(report, option=_INDENT).decode("utf-8")
    except _Refused:
        text = _fallback(report, 2)
    return text.replace("\n", "\n" + "  " * level) if level else text


def lines(reports: Iterable[Mapping[str, Any]]) -> bytes | str:
    """JSON Lines of `reports` (each line ending in a line break): UTF-8
    bytes, or text when one of them is not valid UTF-8."""
    items = list(reports)
    try:
        return b"".join([_dumps(r) + b"\n" for r in items])
    except _Refused:
        return "".join([report_line(r) + "\n" for r in items])


def array_elements(reports: Iterable[Mapping[str, Any]]) -> bytes | str:
    """The elements of ``--format json``'s array for `reports`, each indented
    by two spaces, separated by ``,`` and a line break (no brackets): UTF-8
    bytes, or text when one of them is not valid UTF-8."""
    items = list(reports)
    try:
        return b",\n".join([b"  " + _dumps(r, option=_INDENT).replace(b"\n", b"\n  ") for r in items])
    except _Refused:
        return ",\n".join(["  " + report_indented(r) for r in items])


__all__ = ["array_elements", "lines", "report_indented", "report_line"]
