"""Every Experta internal sorewhy relies on (engine/experta_internals.py)
exists and behaves as assumed, and a different Experta fails at import with one
clear error naming what changed. (The import shim itself: tests/test_compat.py.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types

import pytest

from sorewhy.compat import Fact, Field, experta
from sorewhy.engine import experta_internals as compat
from sorewhy.engine.experta_internals import (
    ASSUMPTIONS,
    PINNED,
    ExpertaChanged,
    ExpertaEngine,
    check_assumptions,
    field_check,
    field_defaults,
    initial_fact,
    make_fact,
    pattern_fields,
    rule_method,
)
from sorewhy.errors import SorewhyError


def _fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("what,test", ASSUMPTIONS, ids=[w for w, _ in ASSUMPTIONS])
def test_compat_each_assumption_holds(what, test):
    assert test(experta), what


def _changed(**overrides) -> types.SimpleNamespace:
    """The installed experta module with some names replaced."""
    fake = types.SimpleNamespace(**{k: getattr(experta, k) for k in dir(experta) if not k.startswith("__")})
    fake.__version__ = experta.__version__
    for key, value in overrides.items():
        setattr(fake, key, value)
    return fake


def test_compat_other_version_is_a_clear_error():
    with pytest.raises(ExpertaChanged, match=r"needs Experta 1\.9\.4 .* found 2\.0.*__version__ == '1\.9\.4'"):
        check_assumptions(_changed(__version__="2.0"))


def test_compat_missing_private_declare_is_named():
    class Engine:  # no _KnowledgeEngine__declare
        __matcher__ = __strategy__ = None

        def get_activations(self): ...
        def get_deffacts(self): ...
        def declare(self): ...
        def run(self): ...

    with pytest.raises(ExpertaChanged, match="_KnowledgeEngine__declare") as info:
        check_assumptions(_changed(KnowledgeEngine=Engine))
    assert isinstance(info.value, SorewhyError) and isinstance(info.value, ImportError)
    assert "\n" not in str(info.value)


def test_compat_changed_field_check_layout_is_named():
    rete = types.SimpleNamespace(**vars(experta.matchers.rete))
    check = types.SimpleNamespace(**vars(experta.matchers.rete.check))
    check.FeatureCheck = type("FeatureCheck", (), {"_fields": ("how", "what"), "__call__": lambda self, data: 0})
    rete.check = check
    with pytest.raises(ExpertaChanged, match="FeatureCheck"):
        check_assumptions(_changed(matchers=types.SimpleNamespace(rete=rete)))


def test_compat_import_fails_clearly_on_another_experta():
    code = textwrap.dedent("""
        import collections, collections.abc
        collections.Mapping = collections.abc.Mapping
        import experta
        experta.__version__ = "9.9"
        del collections.Mapping
        try:
            import sorewhy.engine.core
        except ImportError as exc:
            print(type(exc).__name__, exc)
        else:
            print("imported")
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"ExpertaChanged sorewhy needs Experta {PINNED}")
    assert "found 9.9" in proc.stdout


def test_compat_private_declare_declares_in_one_pass():
    class Demo(ExpertaEngine):
        @experta.Rule(experta.Fact(a=1), experta.Fact(b=2))
        def both(self):
            self.seen.append("both")

        def fired(self, rule, facts):
            self.fired_facts.append(sorted(f.get("a", f.get("b", 0)) for f in facts))

    engine = Demo()
    engine.seen, engine.fired_facts = [], []
    engine.run_facts([experta.Fact(a=1), experta.Fact(b=2)])
    assert engine.seen == ["both"]
    assert engine.fired_facts == [[1, 2]]
    # run again: the reset leaves nothing of the last run behind
    engine.run_facts([experta.Fact(a=1)])
    assert engine.seen == ["both"]


def test_compat_make_fact_equals_the_constructor():
    made = make_fact(experta.Fact, {"diet": "vegan", "symptoms": frozenset({"cramps"})})
    built = experta.Fact(diet="vegan", symptoms=frozenset({"cramps"}))
    assert made == built and type(made) is type(built)
    assert made.as_dict() == built.as_dict()


def test_compat_field_check_tests_a_value_and_fields_skip_experta_keys():
    check = field_check("diet", "vegan")
    assert check("vegan", is_fact=False) and not check("omnivore", is_fact=False)
    assert check({"diet": "vegan"})
    pattern = experta.Fact(diet="vegan")
    pattern["__factid__"] = 3
    assert list(pattern_fields(pattern)) == [("diet", "vegan")]


def test_compat_are_used_nowhere_else():
    """No other module of sorewhy imports experta or names its private parts."""
    from pathlib import Path

    root = Path(compat.__file__).resolve().parents[1]
    assert (root / "compat.py").exists()
    private = ("import experta", "from experta", "_KnowledgeEngine__", "_Fact__", "matchers.rete")
    offenders = []
    for path in [*root.glob("engine/*.py"), *root.glob("rules/*.py"), *root.glob("cli/*.py"),
                 *root.glob("knowledge/*.py")]:
        if path.name in ("compat.py", "experta_internals.py"):
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {name}" for name in private if name in text]
    assert offenders == []


def test_compat_rule_method_is_the_function_a_rule_runs():
    from sorewhy.rules.base import REGISTRY

    rule = REGISTRY["redflag.chest-pain"]
    method = rule_method(rule)
    assert method.__name__ == "redflag_chest_pain" and method.meta is rule.meta
    assert method(None) is None  # a rule's method does nothing: its effects are data


def test_compat_initial_fact_and_field_defaults():
    from experta.fact import InitialFact

    from sorewhy.rules.base import Inferred, Lab, Person

    assert type(initial_fact()) is InitialFact
    assert field_defaults(Person) == field_defaults(Lab) == field_defaults(Inferred) == {}

    class Sized(Fact):
        size = Field(int, default=7)

    assert set(field_defaults(Sized)) == {"size"}
