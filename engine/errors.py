"""sorewhy's own exception types. The command line turns each into one line on
stderr and a documented exit code; none of them should ever surface as a
traceback."""

from __future__ import annotations


class SorewhyError(Exception):
    """Base class of every error sorewhy raises on purpose."""


class InputError(SorewhyError):
    """A facts file cannot be read at all (missing, unreadable, undecodable,
    malformed as a whole). No profile of that file can be evaluated."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


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


class KnowledgeError(SorewhyError):
    """A knowledge data file or the rule base is inconsistent. This is a bug in
    sorewhy itself, caught when the knowledge is loaded."""


class UnknownRuleError(SorewhyError):
    """A rule id that the rule base does not have."""
