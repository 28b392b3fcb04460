"""The rules made from knowledge/relations.yaml (rules/relations.py): one
relation stated for several findings is written once, and every entry is a
rule like any other (#23)."""

from __future__ import annotations

import pytest

from sorewhy.engine.introspect import shape_of
from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import relation_table
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import DocSource, Person, RefSource, Supports, describe
from sorewhy.rules.drug_classes import DIURETICS
from sorewhy.rules.relations import _pattern, raw_relations, table_ids, table_rule, unplaced

TABLE = relation_table()


def test_relation_table_validates_and_matches_the_plain_reading():
    # rules/relations.py reads the file as plain data; the validated reading is the same table.
    assert [r.relation for r in TABLE] == [r["relation"] for r in raw_relations()]
    assert [rule.id for r in TABLE for rule in r.rules] == list(table_ids())


def test_relation_table_states_relations_for_several_findings():
    several = [r for r in TABLE if len({rule.supports.finding for rule in r.rules}) > 1]
    assert len(several) >= 10
    assert sum(len(r.rules) for r in TABLE) >= 45


def test_every_table_rule_is_placed_once_in_the_rule_base():
    assert unplaced() == []
    index = rule_index()
    for rid in table_ids():
        assert rid in index
    with pytest.raises(ValueError, match="placed twice"):
        table_rule(table_ids()[0])


@pytest.mark.parametrize("relation", TABLE, ids=lambda r: r.relation)
def test_table_rule_carries_the_entry_as_its_metadata(relation):
    index = rule_index()
    conditions = {shape_of(index[entry.id]).conditions for entry in relation.rules}
    assert len(conditions) == 1, "every rule of a relation tests the same"
    (tested,) = conditions
    assert [c.kind for c in tested] == [next(iter(spec.model_dump(exclude_none=True))) for spec in relation.when]
    for entry in relation.rules:
        meta = index[entry.id]
        assert meta.topic == entry.id.split(".")[0]
        assert meta.method == entry.method
        assert meta.claim == " ".join(entry.claim.split())
        assert meta.effects == (Supports(entry.supports.finding, entry.supports.cf),)
        assert meta.band == "evidence"
        assert meta.note == entry.note and meta.maintainer == entry.maintainer
        sources = tuple(DocSource(s.doc, s.section, s.quote) if hasattr(s, "doc") else RefSource(s.ref, s.url)
                        for s in entry.sources)
        assert meta.sources == sources


def test_table_rules_keep_their_place_in_the_firing_order():
    # Placed in their topic class where they were written out: magnesium's
    # table rules still fire before its written-out twitching rule and after
    # the hydration rules (topic order); sodium's keep the written-out rule
    # between them.
    order = [m.id for m in all_rules()]
    assert order.index("magnesium.low-intake") < order.index("magnesium.sweat-loss") < order.index(
        "magnesium.twitching-tension")
    assert order.index("hydration.heavy-alcohol") < order.index("magnesium.low-intake")
    assert order.index("sodium.sweat-loss") < order.index("sodium.water-overload") < order.index(
        "sodium.fluid-loss")


def test_diuretic_relations_test_every_diuretic_class():
    for relation in TABLE:
        for spec in relation.when:
            drugs = (spec.person or {}).get("drug_classes")
            if drugs is not None and drugs.has_any is not None:
                assert set(drugs.has_any) == set(DIURETICS), relation.relation


def test_pattern_words_say_what_the_table_says():
    person = _pattern({"person": {"low_intake": {"at_least_n_of": {"n": 2, "of": ["meat", "eggs"]}},
                                  "alcohol": "heavy"}})
    assert isinstance(person, Person)
    assert describe(person["low_intake"]) == "includes at least 2 of eggs, meat"
    assert person["alcohol"] == "heavy"
    with pytest.raises(ValueError, match="unknown test"):
        _pattern({"person": {"symptoms": {"has_none": ["cramps"]}}})


@pytest.mark.parametrize(("text", "says"), [
    ("relations:\n  - relation: x\n    relation: y\n", "cannot be read"),
    ("relations:\n  - {relation: x, says: s, when: [{inferred: a, person: {b: c}}], rules: []}\n", "invalid"),
])
def test_relation_table_refuses_a_broken_file(monkeypatch, text, says):
    import sorewhy.knowledge as knowledge

    monkeypatch.setattr(knowledge, "_text", lambda name: text)
    relation_table.cache_clear()
    try:
        with pytest.raises(KnowledgeError, match=says):
            relation_table()
    finally:
        relation_table.cache_clear()


def test_a_passage_several_table_rules_cite_is_written_once():
    """In relations.yaml a passage, reference or note that several entries
    cite is written once (under passages or notes) and cited by its alias, so
    its wording has one home: equal values are the very same object."""
    first: dict[str, object] = {}
    twice = []
    for relation in raw_relations():
        for entry in relation["rules"]:
            for value in [*entry["sources"], entry.get("note")]:
                if value is None:
                    continue
                key = repr(sorted(value.items())) if isinstance(value, dict) else value
                if key in first and first[key] is not value:
                    twice.append((entry["id"], key))
                first.setdefault(key, value)
    assert not twice, twice
