"""sorewhy's own exception types. The command line turns each into one line on
stderr and a documented exit code; none of them should ever surface as a
traceback."""

from __future__ import annotations

import re


class SorewhyError(Exception):
    """Base class of every error sorewhy raises on purpose."""


class InputError(SorewhyError):
    """A facts file cannot be read at all (missing, unreadable, undecodable,
    malformed as a whole). No profile of that file can be evaluated."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # to pass between processes as it is
        return type(self), (self.source, self.message)


class ProfileError(SorewhyError):
    """One profile breaks the facts vocabulary (contract §1): unknown key, wrong
    type, value out of range or outside an enumeration. Other profiles of the
    same file are still evaluated."""

    def __init__(self, source: str, profile: str, key: str | None, expected: str) -> None:
        self.source = source
        self.profile = profile
        self.key = key
        self.expected = expected
        where = f"{source}: {profile}"
        if key:
            where += f": key '{key}'"
        super().__init__(f"{where}: {expected}")

    def __reduce__(self) -> tuple[type, tuple[str, str, str | None, str]]:  # to pass between processes
        return type(self), (self.source, self.profile, self.key, self.expected)


class KnowledgeError(SorewhyError):
    """A knowledge data file or the rule base is inconsistent. This is a bug in
    sorewhy itself, caught when the knowledge is loaded."""


class UnknownRuleError(SorewhyError):
    """A rule id that the rule base does not have."""


# --- text from the input, made safe for a one-line message ------------------

_UNSAFE_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200b-\u200f\u2028-\u202e"
                          r"\u2060-\u2064\u2066-\u2069\ufeff]")
"""Control characters, lone surrogates, and the invisible format characters
that reorder or hide text (bidi overrides and isolates, zero-width spaces and
joiners, line and paragraph separators, the byte-order mark)."""


def printable(text: str, limit: int | None = 80) -> str:
    """`text` made safe for a one-line message: control characters, line breaks
    and lone surrogates escaped, and cut to about `limit` characters."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 3] + "..."
    if _UNSAFE_TEXT.search(text) is None:
        return text
    return _UNSAFE_TEXT.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in named:
        return named[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
