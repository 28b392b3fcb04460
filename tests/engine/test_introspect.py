"""The one reading of rule patterns: conditions with NOT read one way, who
asserts what, what a rule leads to, and the keys that could still change a
result (the reports' ``unknown``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from unknowns_oracle import open_keys

from sorewhy.compat import AND, NOT, W
from sorewhy.engine.core import profile_facts
from sorewhy.engine.introspect import (
    LEVEL_RANK,
    RuleBase,
    effect_weight,
    fact_key,
    higher_level,
    profile_key,
    rule_base,
    shape_of,
)
from sorewhy.engine.profile import validate_profile
from sorewhy.errors import KnowledgeError
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import OR, Asserts, Inferred, Lab, Person, Refer, RuleMeta, Supports, Withholds, has, predicate


def test_introspect_reads_every_rule():
    base = rule_base()
    assert [s.id for s in base.shapes] == [m.id for m in all_rules()]
    for shape in base.shapes:
        assert shape.conditions, shape.id


def test_introspect_negated_person_condition_is_not_a_positive_test():
    shape = rule_base()["b12.low-animal-foods"]
    assert "diet" not in dict(shape.checks)
    assert "diet" in shape.person_keys(negated=True)
    assert "diet" not in shape.person_keys(negated=False)
    (negated,) = [c for c in shape.conditions if c.negated]
    assert negated.kind == "person" and [t.key for t in negated.tests] == ["diet"]
    assert negated.tests[0].passes("vegan") and not negated.tests[0].passes("omnivore")


def test_introspect_negated_inferred_fact_blocks():
    shape = rule_base()["referral.self-care"]
    assert shape.blocked_by == ("referred",)
    assert shape.needs == ()


def test_introspect_double_not_is_positive():
    meta = RuleMeta("demo.double-not", "m", "claim", (Supports("iron", 0.1),), (), "evidence", 0,
                    (NOT(NOT(Person(symptoms=has("cramps")))),))
    (condition,) = shape_of(meta).conditions
    assert not condition.negated
    assert shape_of(meta).keys == ("symptoms",)


def test_introspect_unreadable_pattern_is_a_knowledge_error():
    meta = RuleMeta("demo.or", "m", "claim", (Supports("iron", 0.1),), (), "evidence", 0,
                    (OR(Person(diet="vegan"), Person(diet="vegetarian")),))
    with pytest.raises(KnowledgeError, match="demo.or"):
        shape_of(meta)


def test_introspect_asserters_include_every_referral_above_self_care():
    base = rule_base()
    referring = {m.id for m in all_rules()
                 if any(isinstance(e, Refer) and e.level != "self_care" for e in m.effects)}
    assert set(base.asserters("referred")) == referring
    for meta in all_rules():
        for effect in meta.effects:
            if isinstance(effect, Asserts):
                assert meta.id in base.asserters(effect.what)


def test_introspect_leads_to_follows_asserted_facts():
    base = rule_base()
    asserting = next(s for s in base.shapes if s.asserts and not s.findings and s.level is None)
    findings, _ = base.leads_to(asserting.id)
    downstream = {f for what in asserting.asserts for rid in base.needers(what) for f in base[rid].findings}
    assert downstream and downstream <= findings


def test_introspect_levels_and_profile_keys():
    assert LEVEL_RANK["self_care"] < LEVEL_RANK["see_doctor"] < LEVEL_RANK["urgent"]
    assert higher_level("see_doctor", "urgent") == "urgent"
    assert higher_level(None, "self_care") == "self_care"
    assert profile_key("drug_classes") == "medications" and fact_key("medications") == "drug_classes"
    assert profile_key("diet") == fact_key("diet") == "diet"


def test_introspect_own_rule_base_from_metadata():
    meta = RuleMeta("demo.asserts", "m", "claim", (Asserts("thing"),), (), "infer", 0,
                    (Person(diet="vegan"),))
    user = RuleMeta("demo.uses", "m", "claim", (Supports("iron", 0.2),), (), "evidence", 0,
                    (Inferred(what="thing"),))
    base = RuleBase([meta, user])
    assert base.asserters("thing") == ("demo.asserts",)
    assert base.leads_to("demo.asserts") == (frozenset({"iron"}), None)
    assert open_keys(base, {}, [], [], [], "self_care") == ["diet"]


PROFILES = [
    {},
    {"diet": "vegan", "symptoms": ["tingling", "cramps"]},
    {"symptoms": ["cramps"], "timing": ["night"], "medications": ["hydrochlorothiazide"]},
    {"symptoms": ["soreness"], "timing": ["after_exercise"], "exercise_load": "intense"},
    {"symptoms": ["calf_swelling"]},
    {"symptoms": ["fatigue", "pale_skin"], "sex": "female", "labs": {"ferritin_ng_ml": 8}},
    {"heavy_sweating": True, "hot_environment": True, "symptoms": ["cramps"], "labs": {"potassium_mmol_l": 3.1}},
]


@pytest.mark.parametrize("data", PROFILES)
def test_introspect_open_keys_are_the_reports_unknown(data, evaluator):
    """A report's ``unknown`` is the reference walk (tests/unknowns_oracle.py)
    over the shipped rule base, asked with the blood results given."""
    profile = validate_profile(data, "test", "profile")
    facts, _ = profile_facts(profile)
    evaluation = evaluator.run(profile, "profile")
    state = evaluation.state
    level = max(state.referral, key=LEVEL_RANK.__getitem__) if state.referral else "self_care"
    given = {fact["name"] for fact in facts[1:]}
    expected = open_keys(rule_base(), facts[0], state.fired, state.support, state.inferred, level, labs_given=given)
    assert evaluation.report["unknown"] == expected


def test_introspect_open_keys_with_the_blood_results_given():
    ask = RuleMeta("demo.lab-low", "m", "claim", (Supports("iron", 0.8),), (), "evidence", 0,
                   (Lab(name="ferritin_ng_ml", status="low"),))
    cramps = RuleMeta("demo.cramps", "m", "claim", (Supports("iron", 0.1),), (), "evidence", 0,
                      (Person(symptoms=has("cramps")),))
    base = RuleBase([ask, cramps], {"ferritin_ng_ml": "iron"}, {"ferritin_ng_ml": "ferritin"})
    # without the results given: a blood result counts only when its finding is present
    assert open_keys(base, {}, [], [], [], "self_care") == ["symptoms"]
    assert open_keys(base, {}, [], ["iron"], [], "self_care") == ["labs.ferritin_ng_ml", "symptoms"]
    # with them: a result not given is asked for, by its name, after every other key
    assert open_keys(base, {}, [], [], [], "self_care", labs_given=[]) == ["symptoms", "labs.ferritin"]
    assert open_keys(base, {}, [], [], [], "self_care", labs_given=["ferritin_ng_ml"]) == ["symptoms"]


def test_introspect_tests_are_the_engines_checks():
    shape = rule_base()["magnesium.night-cramps"]
    tests = {t.key: t for t in shape.person_tests}
    assert tests["symptoms"].passes(frozenset({"cramps"}))
    assert not tests["symptoms"].passes(frozenset({"soreness"}))
    assert tests["timing"].on({"timing": frozenset({"night"})}) is True
    assert tests["timing"].on({}) is None
    assert rule_index()["magnesium.night-cramps"] is shape.meta


def test_introspect_constraints_carry_their_words_or_none():
    from sorewhy.compat import P

    meta = RuleMeta("demo.bare", "m", "claim", (Supports("iron", 0.1),), (), "evidence", 0,
                    (Person(symptoms=P(lambda v: True) & has("cramps")),))
    (test,) = shape_of(meta).person_tests
    kinds = [(c.kind, c.words) for c in test.constraint.walk()]
    assert kinds == [("all", None), ("test", None), ("test", "includes cramps")]
    assert test.constraint.text() == "passes a custom test and includes cramps"


def test_introspect_conflict_rule_withholds_and_weighs_nothing():
    shape = rule_base()["conflict.clot-no-massage"]
    assert shape.band == "conflict"
    assert shape.withholds == ("massage", "stretching")
    assert shape.weight == 0.0 and shape.findings == frozenset() and shape.level is None
    assert shape.needs == ("clot_suspected",) and shape.asserts == ()
    assert effect_weight(Withholds("massage")) == 0.0
    assert effect_weight(Refer("urgent")) == 10.0 and effect_weight(Supports("iron", 0.3)) == 0.3
    assert rule_base()["magnesium.night-cramps"].withholds == ()


def test_introspect_unfired_conflict_rule_adds_no_open_key():
    withhold = RuleMeta("conflict.demo", "m", "claim", (Withholds("stretching"),), (), "conflict", 0,
                        (Person(diet="vegan"),))
    assert open_keys(RuleBase([withhold]), {}, [], [], [], "self_care") == []


def test_introspect_lab_conditions_and_drug_class_words():
    blocked = RuleMeta("demo.no-lab", "m", "claim", (Supports("iron", 0.1),), (), "evidence", 0,
                       (Person(diet="vegan"), NOT(Lab(name="ferritin_ng_ml"))))
    assert shape_of(blocked).tests_lab and shape_of(blocked).labs == ()
    assert not rule_base()["magnesium.night-cramps"].tests_lab
    assert rule_base()["b12.metformin"].drug_class_words == ("includes metformin",)
    assert rule_base()["magnesium.night-cramps"].drug_class_words == ()


def test_introspect_test_passes_gives_on_error_when_the_test_raises():
    raises = RuleMeta("demo.raises", "m", "claim", (Supports("iron", 0.1),), (), "evidence", 0,
                      (Person(age=predicate("is over 50", lambda v: v > 50)),))
    (test,) = shape_of(raises).person_tests
    assert test.passes(60) and not test.passes(40)
    assert test.passes("sixty") is False and test.passes("sixty", on_error=True) is True


# --- nothing else reads rule patterns ------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
READERS = {"engine/introspect.py", "engine/experta_internals.py"}
"""The modules allowed to read rule patterns (and the tests of each)."""
PATTERN_INTERNALS = {"patterns", "fieldconstraint", "FeatureCheck", "pattern_fields", "field_check",
                     "NOTFC", "ANDFC", "ORFC"}
"""A rule's patterns (``meta.patterns``) and the names Experta's pattern classes
are read with."""
COMPOSITES = {"NOT", "AND", "OR"}


def _pattern_reads(tree: ast.AST) -> list[str]:
    """Where a module reads rule patterns: ``x.patterns`` (or by getattr),
    Experta's field constraint and check classes, an ``isinstance`` test on
    NOT/AND/OR, an ``isinstance`` or ``hasattr`` test on a ``pattern``."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in PATTERN_INTERNALS:
            out.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in PATTERN_INTERNALS - {"patterns"}:
            out.append(f"line {node.lineno}: {node.id}")
        elif isinstance(node, ast.alias) and node.name in PATTERN_INTERNALS - {"patterns"}:
            out.append(f"import {node.name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) >= 2:
            first, second = node.args[:2]
            names = {n.id for n in ast.walk(second) if isinstance(n, ast.Name)}
            if node.func.id == "isinstance" and names & COMPOSITES:
                out.append(f"line {node.lineno}: isinstance(..., NOT/AND/OR)")
            elif node.func.id in ("isinstance", "hasattr") and isinstance(first, ast.Name) and "pattern" in first.id:
                out.append(f"line {node.lineno}: {node.func.id}({first.id}, ...)")
            elif node.func.id == "getattr" and isinstance(second, ast.Constant) and second.value == "patterns":
                out.append(f"line {node.lineno}: getattr(..., 'patterns')")
    return out


def _sources() -> list[Path]:
    skip = {ROOT / d for d in (".venv", "build", "tests/engine/test_introspect.py",
                               "tests/engine/test_experta_internals.py", "tests/test_compat.py",
                               "tests/unknowns_oracle.py", *READERS)}
    return [p for p in sorted(ROOT.rglob("*.py"))
            if not any(p == s or s in p.parents for s in skip) and ".venv" not in p.parts]


def test_introspect_is_the_only_module_that_reads_rule_patterns():
    sources = _sources()
    assert ROOT / "engine" / "derived.py" in sources and ROOT / "cli" / "explain.py" in sources
    readers = {str(p.relative_to(ROOT)): found for p in sources
               if (found := _pattern_reads(ast.parse(p.read_text(encoding="utf-8"))))}
    assert readers == {}


@pytest.mark.parametrize("code", [
    "def f(meta):\n    return [p for p in meta.patterns]\n",
    "from sorewhy.compat import FeatureCheck\n",
    "def f(p, NOT):\n    return isinstance(p, (NOT, tuple))\n",
    "def f(e):\n    return e.fieldconstraint.ANDFC\n",
    "def f(meta):\n    return list(getattr(meta, 'patterns', ()))\n",
    "def f(pattern, Lab):\n    return isinstance(pattern, Lab)\n",
])
def test_introspect_pattern_scan_finds_a_reader(code):
    assert _pattern_reads(ast.parse(code))


# --- what the derived matcher reads ---------------------------------------------------------------


def test_introspect_shipped_rules_are_read_exactly():
    """No shipped rule has a pattern its conditions leave something out of,
    and none starts with a negated condition (none is matched with Experta's
    initial fact)."""
    for shape in rule_base().shapes:
        assert shape.unread == (), shape.id
        assert not shape.initial_fact, shape.id


def _demo(*patterns):
    return shape_of(RuleMeta("demo.unread", "m", "claim", (Supports("iron", 0.1),), (), "evidence", 0, patterns))


@pytest.mark.parametrize(("patterns", "words"), [
    ((Person(symptoms=W("s")),), "binds a variable"),
    ((Person(age=1), NOT(AND(Person(diet="vegan"), Person(alcohol="heavy")))), "NOT of something other"),
    ((Person(age=1), NOT(Person(diet="vegan"), Person(alcohol="heavy"))), "NOT of 2 elements"),
    ((Person(diet="vegan"), Person(diet="vegan")), "the same Person pattern twice"),
    ((Lab(name=has("x")),), "name is not a plain text literal"),
    ((Inferred(what="x", why="y"),), "Inferred pattern tests more"),
    ((Person(symptoms__0="cramps"),), "nested or special accessor"),
])
def test_introspect_unread_names_what_conditions_leave_out(patterns, words):
    assert any(words in u for u in _demo(*patterns).unread)


def test_introspect_initial_fact_when_a_rule_starts_negated():
    assert _demo(NOT(Person(diet="vegan")), Person(age=1)).initial_fact
    assert not _demo(Person(age=1), NOT(Person(diet="vegan"))).initial_fact
    assert not _demo(NOT(NOT(Person(age=1)))).initial_fact


def test_introspect_test_constraint_carries_its_predicate():
    shape = rule_base()["magnesium.night-cramps"]
    test = {t.key: t for t in shape.person_tests}["symptoms"]
    assert test.constraint.kind == "test" and test.constraint.func is not None
    assert bool(test.constraint.func(frozenset({"cramps"}))) == test.passes(frozenset({"cramps"}))
