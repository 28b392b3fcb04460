"""Every use of Experta's internals, in one module (its public names, and the
import itself, are in :mod:`sorewhy.compat`, the bottom layer the rule modules use).

sorewhy runs on Experta 1.9.4, pinned in pyproject.toml (its last release).
The rule modules take Experta's public API (facts, rules, conditional
elements, field constraints) from here, never from ``experta``. Beyond that
public API sorewhy relies on a few parts Experta does not promise to keep:

1. **The import.** Experta 1.9.4 pins ``frozendict==1.2``, which fails on
   Python >= 3.10; :mod:`sorewhy.compat` imports it with that worked around.
2. **The run.** :class:`ExpertaEngine` resets the agenda, fact list and
   matcher itself, declares a profile's facts with the initial fact in one
   pass through the private ``KnowledgeEngine.__declare``
   (``_KnowledgeEngine__declare``), runs Experta's loop without its per-firing
   log line, and passes activations' contexts on without Experta's ``__``
   keys. :func:`make_fact` builds a fact without Experta's ``freeze()`` by
   setting the private ``Fact.__defaults`` (``_Fact__defaults``).
3. **Reading patterns.** :func:`field_check` builds Experta's own field check
   (``FeatureCheck``), :func:`pattern_fields` reads a pattern's fields and
   :func:`field_defaults` a fact class's declared fields, for
   :mod:`sorewhy.engine.introspect`; :func:`rule_method` finds the method a
   rule runs (``Rule._wrapped``) and :func:`initial_fact` makes Experta's
   ``InitialFact``, for the matcher derived from the rule shapes
   (:mod:`sorewhy.engine.derived`, which matches without Experta's network:
   it is built from what introspect reads and proven against Experta's
   matcher).

Experta's own matcher and strategy (``ReteMatcher``, ``DepthStrategy``) run
unchanged: :class:`ExpertaEngine` is the oracle the derived matcher is proven
against (``SOREWHY_MATCHER=experta`` puts everything on it).

:func:`check_assumptions` tests every private name and layout the module
relies on, and runs at import: if the installed Experta is not the pinned one
or any of them changed, importing sorewhy's engine fails at once with
:class:`ExpertaChanged`, naming what changed, instead of answering wrongly.
``tests/engine/test_compat.py`` checks each assumption behaves as assumed.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable
from typing import Any

from sorewhy.compat import experta
from sorewhy.errors import SorewhyError

PINNED = "1.9.4"
"""The Experta release every assumption below was checked against."""


class ExpertaChanged(SorewhyError, ImportError):
    """The installed Experta is not the one sorewhy was built and tested on."""



# --- what sorewhy assumes of Experta -------------------------------------------------------


def _has(obj: Any, *names: str) -> bool:
    return all(hasattr(obj, n) for n in names)


def _fact_layout(e: Any) -> bool:
    """A fact keeps its defaults in ``_Fact__defaults`` and is numbered in
    ``__factid__`` when declared."""
    fact = e.Fact(a=1)
    e.factlist.FactList().declare(fact)
    return "_Fact__defaults" in vars(fact) and isinstance(fact.get("__factid__"), int) \
        and hasattr(e.Fact, "__fields__")


def _params(func: Any) -> list[str]:
    return list(inspect.signature(func).parameters)


ASSUMPTIONS: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    (f"experta.__version__ == {PINNED!r}", lambda e: getattr(e, "__version__", None) == PINNED),
    ("KnowledgeEngine._KnowledgeEngine__declare(self, *facts)",
     lambda e: _params(e.KnowledgeEngine._KnowledgeEngine__declare) == ["self", "facts"]),
    ("KnowledgeEngine has agenda, facts, matcher, strategy, running, get_activations, get_deffacts",
     lambda e: _has(e.KnowledgeEngine, "get_activations", "get_deffacts", "declare", "run")
     and {"__matcher__", "__strategy__"} <= set(vars(e.KnowledgeEngine))),
    ("Fact keeps its defaults in _Fact__defaults, its number in __factid__, its fields in __fields__",
     _fact_layout),
    ("FeatureCheck(what, how) with is_fact=", lambda e: _params(e.matchers.rete.check.FeatureCheck.__call__)
     == ["self", "data", "is_fact"] and e.matchers.rete.check.FeatureCheck._fields
     == ("what", "how", "check", "expected")),
    ("the field constraint classes L, W, P, ANDFC, ORFC, NOTFC",
     lambda e: _has(e.fieldconstraint, "L", "W", "P", "ANDFC", "ORFC", "NOTFC")),
)
"""(what sorewhy relies on, a test of it on the experta module)."""


def check_assumptions(module: Any = None) -> None:
    """Raise :class:`ExpertaChanged` naming every assumption `module` (the
    installed Experta by default) breaks."""
    module = experta if module is None else module
    broken = []
    for what, test in ASSUMPTIONS:
        try:
            ok = bool(test(module))
        except Exception:  # a missing module, attribute or source is a broken assumption
            ok = False
        if not ok:
            broken.append(what)
    if broken:
        version = getattr(module, "__version__", "unknown")
        raise ExpertaChanged(f"sorewhy needs Experta {PINNED} (pinned in pyproject.toml) and found {version}, "
                             f"which breaks what sorewhy relies on: {'; '.join(broken)}. "
                             f"Reinstall with `pip install experta=={PINNED}`.")


check_assumptions()

# Below the import shim and the check above (E402 is off for this module).
from experta import KnowledgeEngine
from experta.agenda import Agenda
from experta.fact import InitialFact
from experta.factlist import FactList
from experta.matchers.rete.check import FeatureCheck

# --- facts, patterns ---------------------------------------------------------------------------


def make_fact(cls: type, values: dict[str, Any]) -> Any:
    """``cls(**values)`` for values that are already immutable (text, numbers,
    booleans, frozensets of text). Experta's constructor passes every value
    through its `freeze()` (a singledispatch call per value and per list item,
    most of the cost of building a profile's facts), which would return an
    equal value here; the result is the same fact. Checked against the
    constructor in tests/engine/test_matcher.py."""
    fact: Any = dict.__new__(cls)
    dict.update(fact, values)
    fact._Fact__defaults = {}
    return fact


def field_check(key: str, how: Any) -> Any:
    """Experta's own test of one field: ``check(value, is_fact=False)``."""
    return FeatureCheck(key, how)


def field_defaults(fact_class: type) -> dict[str, Any]:
    """The fields a fact class declares (``Field(..., default=...)``): a fact
    of that class answers a missing key with its default."""
    return dict(getattr(fact_class, "__fields__", None) or {})


def rule_method(rule: Any) -> Any:
    """The method an Experta rule was made from (what its firing runs),
    through Experta's ``Rule._wrapped`` and any wrapper made with
    ``functools.wraps``."""
    return inspect.unwrap(rule._wrapped)


def initial_fact() -> Any:
    """Experta's ``InitialFact()``, which a rule starting with NOT is matched with."""
    return InitialFact()


def pattern_fields(pattern: Any) -> Iterable[tuple[str, Any]]:
    """A pattern's (key, constraint) pairs, without Experta's ``__`` keys."""
    for key, how in pattern.items():
        if isinstance(key, str) and not key.startswith("__"):
            yield key, how


# --- the engine --------------------------------------------------------------------------------


class ExpertaEngine(KnowledgeEngine):
    """A KnowledgeEngine built once and run once per set of facts, with
    Experta's own matcher and strategy. A subclass says what a firing does in
    :meth:`fired`."""

    def __init__(self) -> None:
        super().__init__()
        # Experta looks the deffacts up with inspect.getmembers() and reads
        # their signatures on every reset(); they never change, so do it once.
        self._deffacts_cache = super().get_deffacts()

    def get_deffacts(self) -> Any:  # noqa: D102 - Experta hook
        return self._deffacts_cache

    def run_facts(self, facts: Iterable[Any]) -> None:
        """Experta's ``reset()``, ``declare(*facts)`` and ``run()``, but the
        initial fact and `facts` go through the network together, in one pass,
        with one agenda update (the agenda is ordered by salience and fact ids,
        which are the same either way)."""
        self.agenda = Agenda()
        self.facts = FactList()
        self.matcher.reset()
        self.running = False
        initial = [fact for deffacts in self._deffacts_cache for fact in deffacts()]
        self._KnowledgeEngine__declare(*initial, *facts)
        self.run()

    def run(self, steps: float = math.inf) -> None:
        """Experta's run loop, calling :meth:`fired` after each firing. (Experta's
        own loop formats a log line for every firing even when logging is off;
        this one does not.)"""
        self.running = True
        try:
            while steps > 0 and self.running:
                added, removed = self.get_activations()
                self.strategy.update_agenda(self.agenda, added, removed)
                activation = self.agenda.get_next()
                if activation is None:
                    break
                steps -= 1
                activation.rule(self, **{k: v for k, v in activation.context.items()
                                         if not k.startswith("__")})
                self.fired(activation.rule, activation.facts)
        finally:
            self.running = False

    def fired(self, rule: Any, facts: Any) -> None:
        """Called after `rule` fired on `facts`."""


__all__ = [
    "ASSUMPTIONS",
    "PINNED",
    "ExpertaChanged",
    "ExpertaEngine",
    "KnowledgeEngine",
    "check_assumptions",
    "field_check",
    "field_defaults",
    "initial_fact",
    "make_fact",
    "pattern_fields",
    "rule_method",
]
