"""sorewhy's own exception types. The command line turns each into one line on
stderr and a documented exit code; none of them should ever surface as a
traceback."""

from __future__ import annotations

import re
from typing import Any


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
    same file are still evaluated.

    ``problems`` are every problem found, each ``(key, expected)``, the first
    being the one the message names (whose `expected` may add how many more
    there are); by default that one alone."""

    def __init__(self, source: str, profile: str, key: str | None, expected: str,
                 problems: tuple[tuple[str | None, str], ...] = ()) -> None:
        self.source = source
        self.profile = profile
        self.key = key
        self.expected = expected
        self.problems = problems or ((key, expected),)
        super().__init__(self._line(key, expected))

    def _line(self, key: str | None, expected: str) -> str:
        where = f"{self.source}: {self.profile}"
        if key:
            where += f": key '{key}'"
        return f"{where}: {expected}"

    def messages(self) -> list[str]:
        """One line per problem, each naming the file, the profile and the key."""
        return [self._line(key, expected) for key, expected in self.problems]

    def __reduce__(self) -> tuple[Any, ...]:  # to pass between processes as it is
        return type(self), (self.source, self.profile, self.key, self.expected, self.problems)


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
