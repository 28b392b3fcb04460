"""Experta's public names, for the rule modules and the rest of sorewhy.

Experta is imported in :mod:`sorewhy.engine.experta_internals`, the one module
that touches its internals (it makes Experta importable on Python >= 3.10 and
checks at import that the installed Experta is the pinned one). Every other
module takes Experta names from here, never from ``experta``.
"""

from __future__ import annotations

from sorewhy.engine.experta_internals import KnowledgeEngine, experta

AND = experta.AND
NOT = experta.NOT
OR = experta.OR
TEST = experta.TEST
W = experta.W
L = experta.L
P = experta.P
Fact = experta.Fact
Field = experta.Field
Rule = experta.Rule

__all__ = [
    "AND",
    "NOT",
    "OR",
    "TEST",
    "W",
    "Fact",
    "Field",
    "KnowledgeEngine",
    "L",
    "P",
    "Rule",
    "experta",
]
