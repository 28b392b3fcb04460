"""The one place that makes Experta importable on Python >= 3.10.

Experta 1.9.4 (the last release) pins ``frozendict==1.2``. That frozendict
subclasses ``collections.Mapping``, an alias Python 3.10 removed (it lives in
``collections.abc``), so a plain ``import experta`` fails with
``AttributeError: module 'collections' has no attribute 'Mapping'``.

Rather than fork or vendor either package, we import Experta once, here,
with the old alias put back for the duration of that import only, and then
remove it again so nothing else in the process sees a changed ``collections``.
Pip installs the pinned packages unchanged, so ``pip install .`` works from a
fresh clone.

Experta also calls ``logging.basicConfig()`` when ``experta.engine`` and
``experta.watchers`` are imported, which would install a stderr handler on the
root logger of any application that has not configured logging yet. We make
that call a no-op during the import so that importing sorewhy never changes a
user's logging.

Every other module imports Experta names from here, never from ``experta``.
"""

from __future__ import annotations

import collections
import collections.abc
import logging


def _import_experta():
    added_alias = not hasattr(collections, "Mapping")
    if added_alias:
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    real_basic_config = logging.basicConfig
    logging.basicConfig = lambda *args, **kwargs: None  # type: ignore[assignment]
    try:
        import experta
        import experta.watchers  # noqa: F401  (imported now, while basicConfig is muted)
    finally:
        logging.basicConfig = real_basic_config
        if added_alias:
            del collections.Mapping  # type: ignore[attr-defined]
    return experta


experta = _import_experta()

from experta import (  # noqa: E402
    AND,
    NOT,
    OR,
    TEST,
    Fact,
    Field,
    KnowledgeEngine,
    L,
    P,
    Rule,
    W,
)
from experta.matchers.rete.check import FeatureCheck  # noqa: E402

__all__ = [
    "AND",
    "NOT",
    "OR",
    "TEST",
    "W",
    "Fact",
    "FeatureCheck",
    "Field",
    "KnowledgeEngine",
    "L",
    "P",
    "Rule",
    "experta",
]
