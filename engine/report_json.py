"""Reports as JSON text, fast, with the bytes of :func:`json.dumps`.

A report is about 10 KB of JSON, and most of it is the same in every report:
each rule's evidence item (its claim and its sources) is one dict shared by
every report that cites it, a finding's advice is one shared list, and a
rule's sources list is shared even where a report names its blood results in
the claim. :class:`ReportEncoder` encodes such a part once and reuses its
text whenever the very same object comes again, so that a report costs the
encoding of what is its own (ids, certainties, what triggered a referral).

The text is exactly that of ``json.dumps(report, ensure_ascii=False)``
(:meth:`ReportEncoder.line`) and of ``json.dumps(report, ensure_ascii=False,
indent=2)`` indented by ``2 * level`` spaces after each line break
(:meth:`ReportEncoder.indented`): every value is still encoded by the
standard library's encoder; only where the pieces are joined is done here,
with the separators it uses. A part is reused only for the identical object,
which the cache keeps alive (so its ``id`` cannot be taken by another); the
parts of reports are read-only (engine/core.py), so its text cannot go stale.
"""

from __future__ import annotations

import json
import json.encoder
import math
from collections.abc import Callable
from typing import Any

_SHARED_LISTS = frozenset({"evidence", "against", "because", "safety_net"})
"""Keys whose value is a list of evidence items or safety-net items (dicts, mostly shared)."""
_SHARED_VALUES = frozenset({"advice", "sources", "rule_base"})
"""Keys whose value is itself often a shared object (a list; the rule base's
stamp, one dict in every report)."""
_FRESH_LISTS = frozenset({"findings", "reasons", "withheld_advice"})
"""Keys whose value is a list of dicts made for one report, holding shared parts."""

_string = json.encoder.encode_basestring
_float = float.__repr__
_FINITE = math.isfinite

_PLAIN, _LIST_OF_SHARED, _LIST_OF_FRESH, _SHARED, _FRESH_DICT = range(5)
_KEY_KINDS = {**dict.fromkeys(_SHARED_LISTS, _LIST_OF_SHARED), **dict.fromkeys(_FRESH_LISTS, _LIST_OF_FRESH),
              **dict.fromkeys(_SHARED_VALUES, _SHARED), "referral": _FRESH_DICT}
"""What the value of a key may hold that is shared between reports."""

CACHE_LIMIT = 8192
"""Parts remembered (per indent level); past that the cache starts afresh, so
parts of reports that are not shared cannot make it grow without bound."""


class ReportEncoder:
    """Encodes reports; keeps the text of their shared parts. Not thread-safe."""

    def __init__(self) -> None:
        self._flat = _flat_encoder()
        self._pretty = json.JSONEncoder(ensure_ascii=False, indent=2).encode
        self._cache: dict[tuple[int, int], tuple[Any, str]] = {}
        self._line_cache: dict[int, tuple[Any, str]] = {}
        self._layouts: dict[tuple[Any, ...], tuple[tuple[str, int], ...]] = {}
        """Per shape of dict (its keys, in order): each key's text, with the
        separator before it, and what its value may share."""

    # --- one line (JSON Lines) -------------------------------------------------

    def line(self, report: Any) -> str:
        """``json.dumps(report, ensure_ascii=False)``."""
        if type(report) is not dict:
            return self._flat(report)
        return self._line_dict(report)

    def _line_dict(self, data: dict[str, Any]) -> str:
        """A dict on one line, kept lean: this is the hot loop of JSON Lines.

        The dicts met here come in a few shapes (a report, its referral, a
        finding, an evidence item...), each always with the same keys in the
        same order, so each shape's keys are encoded once: :meth:`_layout`
        gives, per key, its text with the separator before it (``{"id": ``,
        ``, "kind": ``) and what its value may share, and the dict is its
        values' texts between those."""
        if not data:
            return "{}"
        shape = tuple(data)
        layout = self._layouts.get(shape)
        if layout is None:
            layout = self._layout(shape)
            if layout is None:
                return self._flat(data)
        string = _string
        flat = self._flat
        out: list[str] = []
        add = out.append
        for (head, share), value in zip(layout, data.values(), strict=True):
            add(head)
            kind = type(value)
            if kind is str:
                add(string(value))
            elif kind is float and _FINITE(value):
                add(_float(value))  # a certainty: as the standard encoder writes a finite float
            elif kind is list and not value:
                add("[]")  # json.dumps([]): a finding's "against" mostly, "unknown" often
            elif share == _PLAIN:
                add(flat(value))
            elif share == _LIST_OF_SHARED or share == _LIST_OF_FRESH:
                if kind is not list:
                    add(flat(value))
                else:
                    part = self._line_part if share == _LIST_OF_SHARED else self._line_fresh
                    add("[" + ", ".join([part(item) for item in value]) + "]")
            elif share == _SHARED:
                add(self._line_part(value, False))
            elif kind is dict:  # the referral
                add(self._line_dict(value))
            else:
                add(flat(value))
        add("}")
        return "".join(out)

    def _layout(self, shape: tuple[Any, ...]) -> tuple[tuple[str, int], ...] | None:
        """The keys of one shape of dict as :meth:`_line_dict` writes them
        (None when a key is not a string: those go to the standard encoder,
        which turns numbers and constants into text its own way)."""
        if any(type(key) is not str for key in shape):
            return None
        layouts = self._layouts
        if len(layouts) >= CACHE_LIMIT:
            layouts.clear()
        layout = layouts[shape] = tuple((("{" if n == 0 else ", ") + _string(key) + ": ",
                                         _KEY_KINDS.get(key, _PLAIN)) for n, key in enumerate(shape))
        return layout

    def _line_fresh(self, item: Any) -> str:
        return self._line_dict(item) if type(item) is dict else self._flat(item)

    def _line_part(self, value: Any, nested: bool = True) -> str:
        kind = type(value)
        if kind is not dict and kind is not list:
            return self._flat(value)
        key = id(value)
        hit = self._line_cache.get(key)
        if hit is not None and hit[0] is value:
            return hit[1]
        text = self._line_dict(value) if nested and kind is dict else self._flat(value)
        cache = self._line_cache
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[key] = (value, text)
        return text

    def _dict(self, data: dict[str, Any], level: int) -> str:
        """A fresh dict, indented ``level`` deep: its keys, with the values
        that may be shared looked up."""
        if not data or any(type(key) is not str for key in data):
            return self._encode(data, level)
        texts = []
        inner = level + 1
        for key, value in data.items():
            if key in _SHARED_LISTS:
                text = self._list_of_dicts(value, inner, shared=True)
            elif key in _FRESH_LISTS:
                text = self._list_of_dicts(value, inner, shared=False)
            elif key in _SHARED_VALUES:
                text = self._part(value, inner)
            elif key == "referral" and type(value) is dict:
                text = self._dict(value, inner)
            else:
                text = self._encode(value, inner)
            texts.append((key, text))
        pad = "\n" + "  " * (level + 1)
        return ("{" + pad + ("," + pad).join(self._flat(k) + ": " + t for k, t in texts)
                + "\n" + "  " * level + "}")

    def _list_of_dicts(self, value: Any, level: int, shared: bool) -> str:
        if type(value) is not list:
            return self._encode(value, level)
        if not value:
            return "[]"
        inner = level + 1
        if shared:
            texts = [self._part(item, inner, nested=True) for item in value]
        else:
            texts = [self._dict(item, inner) if type(item) is dict else self._encode(item, inner) for item in value]
        pad = "\n" + "  " * (level + 1)
        return "[" + pad + ("," + pad).join(texts) + "\n" + "  " * level + "]"

    def _part(self, value: Any, level: int, nested: bool = False) -> str:
        """A value that may be shared: its text from the cache if this very
        object was encoded before (at this level), else encoded now."""
        if type(value) is not dict and type(value) is not list:
            return self._encode(value, level)
        key = (id(value), level)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is value:
            return hit[1]
        text = self._dict(value, level) if nested and type(value) is dict else self._encode(value, level)
        cache = self._cache
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[key] = (value, text)
        return text

    def _encode(self, value: Any, level: int) -> str:
        """Any value; indented (``level`` >= 0) as ``json.dumps(indent=2)``
        nests it: one item a line, a comma after all but the last, and an
        empty list or mapping as ``[]`` or ``{}``; a scalar as on one line."""
        kind = type(value)
        if level < 0 or (kind is not dict and kind is not list):
            return self._flat(value)
        if not value:
            return "[]" if kind is list else "{}"
        pad = "\n" + "  " * (level + 1)
        if kind is list:
            return "[" + pad + ("," + pad).join([self._encode(v, level + 1) for v in value]) + "\n" + "  " * level + "]"
        if any(type(k) is not str for k in value):
            # Keys that json.dumps turns into text (numbers, true, null): its own encoder.
            text = self._pretty(value)
            # A JSON text has a line break only between its tokens (one inside a
            # string is escaped), so this indents it as one nested `level` deep.
            return text.replace("\n", "\n" + "  " * level) if level else text
        flat = self._flat
        return ("{" + pad + ("," + pad).join([flat(k) + ": " + self._encode(v, level + 1) for k, v in value.items()])
                + "\n" + "  " * level + "}")

    # --- indented (a JSON array of reports) ------------------------------------

    def indented(self, report: Any, level: int = 1) -> str:
        """``json.dumps(report, ensure_ascii=False, indent=2)`` with
        ``2 * level`` more spaces after every line break, without the
        leading spaces of its first line: a report as an element of an
        indented JSON array."""
        if type(report) is not dict:
            return self._encode(report, level)
        return self._dict(report, level)


def _flat_encoder() -> Callable[[Any], str]:
    """``json.JSONEncoder(ensure_ascii=False).encode``, with the standard
    library's C encoder made once rather than on every call, and strings,
    numbers and constants (most calls) encoded as that encoder does them."""
    standard = json.JSONEncoder(ensure_ascii=False)
    make = json.encoder.c_make_encoder
    if make is None:  # a Python without the C accelerator: the standard path
        return standard.encode
    string = json.encoder.encode_basestring
    c_encoder = make({}, standard.default, string, None, standard.key_separator, standard.item_separator,
                     standard.sort_keys, standard.skipkeys, standard.allow_nan)
    as_int = int.__repr__
    as_float = float.__repr__
    infinity = float("inf")

    def encode(value: Any) -> str:
        kind = type(value)
        if kind is str:
            return string(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if kind is int:
            return as_int(value)
        if kind is float and value == value and value != infinity and value != -infinity:
            return as_float(value)
        return "".join(c_encoder(value, 0))

    return encode


__all__ = ["CACHE_LIMIT", "ReportEncoder"]
