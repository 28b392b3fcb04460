"""Experta's public names, for the rule modules and the rest of sorewhy.

This is the one module that imports Experta. Experta 1.9.4 (pinned in
pyproject.toml, its last release) pins ``frozendict==1.2``, which subclasses
``collections.Mapping``, an alias Python 3.10 removed: a plain ``import
experta`` fails. It is imported here once with the alias put back for the
length of that import only, and with ``logging.basicConfig`` muted (Experta
calls it at import, which would configure an application's root logger).

Every other module takes Experta names from here, never from ``experta``; the
engine's uses of Experta's internals are in :mod:`sorewhy.engine.experta_internals`,
which checks at import that the installed Experta is the pinned one. This
module sits at the bottom of the package's layers, with :mod:`sorewhy.errors`:
the rule modules import it without importing the engine.
"""

from __future__ import annotations

import collections
import collections.abc
import logging
from typing import Any


def _import_experta() -> Any:
    added_alias = not hasattr(collections, "Mapping")
    if added_alias:
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    real_basic_config = logging.basicConfig
    logging.basicConfig = lambda *args, **kwargs: None
    try:
        import experta
        import experta.watchers  # noqa: F401  (imported now, while basicConfig is muted)
    finally:
        logging.basicConfig = real_basic_config
        if added_alias:
            del collections.Mapping  # type: ignore[attr-defined]
    return experta


experta = _import_experta()

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
KnowledgeEngine = experta.KnowledgeEngine

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
