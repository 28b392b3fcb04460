"""A small rule base with one instance of each problem `sorewhy rules check`
finds (and, beside each, a rule that must not be reported), for
tests/engine/test_verify.py.

`PROBLEMS` is every (check, subject) the verifier must report on it; `CLEAN`
are the rules no check may name.
"""

from __future__ import annotations

from sorewhy.compat import NOT
from sorewhy.engine.introspect import RuleBase
from sorewhy.engine.verify import Claim, KnowledgeView, Vocabulary
from sorewhy.knowledge.verifier import AdviceConflict, Allowance, VerifierData
from sorewhy.rules.base import (
    Against,
    Asserts,
    Inferred,
    Lab,
    Person,
    Refer,
    Supports,
    Warns,
    doc,
    has,
    has_all,
    more_than,
    ref,
)
from sorewhy.rules.base import RuleMeta as Meta

D1, D2 = "d1.txt", "d2.txt"
SRC = (doc(D1, "A section", "a quote"),)


def meta(rule_id: str, *patterns, effects, sources=SRC, allow=()) -> Meta:
    return Meta(rule_id, rule_id.replace(".", "_"), f"The claim of {rule_id} in words.", tuple(effects),
                    tuple(sources), "evidence", 0, tuple(patterns), allow=tuple(allow))


RULES = [
    # clean
    meta("ok.warns", Person(symptoms=has("weakness")), effects=[Warns("general")]),
    # a safety-net item knowledge/safety_net.yaml does not describe
    meta("warn.typo", Person(symptoms=has("aches")), effects=[Warns("genral")]),
    meta("ok.cramps", Person(symptoms=has("cramps")), effects=[Supports("magnesium", 0.2)]),
    meta("ok.night-cramps", Person(symptoms=has("cramps"), locations=has("calves")),
         effects=[Supports("magnesium", 0.3)]),  # more specific, but a different effect: not subsumed
    meta("ok.lab-low", Lab(name="magnesium_mg_dl", status="low"), effects=[Supports("magnesium", 0.85)]),
    meta("ok.lab-band", Lab(name="magnesium_mg_dl", band="critically_low"),  # a field the vocabulary leaves free
         effects=[Supports("magnesium", 0.9)]),
    meta("ok.lab-normal", Lab(name="magnesium_mg_dl", status="normal"), effects=[Against("magnesium", 0.5)]),
    meta("ok.asserts", Person(one_sided=True), effects=[Asserts("one_side")]),
    meta("ok.uses", Inferred(what="one_side"), NOT(Person(diet="vegan")), effects=[Supports("muscle_strain", 0.8)]),
    meta("ok.refers", Person(duration_days=more_than(14)), effects=[Refer("see_doctor")]),
    meta("ok.both-weak", Person(symptoms=has_all("cramps", "weakness", "aches")),
         effects=[Supports("sodium", 0.8), Supports("potassium", 0.8)]),
    meta("ok.sodium-against", Person(diet="omnivore"), effects=[Against("sodium", 0.2), Against("potassium", 0.2)]),
    meta("ok.dehydration-against", Person(one_sided=False), effects=[Against("dehydration", 0.1)]),
    meta("conflict.strain-sodium", Person(), effects=[Against("sodium", 0.01), Against("muscle_strain", 0.01)]),
    # never-fires: a key the vocabulary lacks, a value outside the enumeration, two tests of one key no
    # value passes together, a number out of range, a blood status that cannot occur, an intermediate
    # fact nothing asserts, and one whose only asserter never fires
    meta("never.unknown-key", Person(shoe_size=42), effects=[Supports("magnesium", 0.1)]),
    meta("never.bad-value", Person(diet="carnivore"), effects=[Supports("magnesium", 0.11)]),
    meta("never.jointly", Person(diet="vegan"), Person(diet="omnivore"), effects=[Supports("magnesium", 0.12)]),
    meta("never.out-of-range", Person(duration_days=more_than(500)), effects=[Supports("magnesium", 0.13)]),
    meta("never.lab-status", Lab(name="magnesium_mg_dl", status="critical"), effects=[Supports("magnesium", 0.14)]),
    meta("never.no-asserter", Inferred(what="nobody_asserts"), effects=[Supports("magnesium", 0.15)]),
    meta("never.asserts", Person(diet="fruitarian"), effects=[Asserts("never_asserted")]),
    meta("never.chained", Inferred(what="never_asserted"), effects=[Supports("magnesium", 0.16)]),
    # subsumed: same effect, more specific conditions; and two rules alike
    meta("sub.general", Person(symptoms=has("aches")), effects=[Supports("iron", 0.2)]),
    meta("sub.specific", Person(symptoms=has("aches"), locations=has("calves")), effects=[Supports("iron", 0.2)]),
    meta("sub.twin-a", Person(locations=has("back")), effects=[Supports("calcium", 0.3)]),
    meta("sub.twin-b", Person(locations=has("back")), effects=[Supports("calcium", 0.3)]),
    # support-and-against: in one rule, and across two rules on the same condition
    meta("both.self", Person(diet="omnivore"), effects=[Supports("iron", 0.4), Against("iron", 0.1)]),
    meta("both.for", Person(symptoms=has("weakness")), effects=[Supports("vitamin_d", 0.9)]),
    meta("both.against", Person(symptoms=has("weakness")), effects=[Against("vitamin_d", 0.3)]),
    # unconfirmable: only weak support, nothing against
    meta("weak.b6", Person(symptoms=has("cramps"), diet="vegan"), effects=[Supports("vitamin_b6", 0.2)]),
    # unknown-finding: a finding findings.yaml does not describe
    meta("typo.finding", Person(diet="vegan"), effects=[Supports("magnesum", 0.2)]),
    # claims: a rule quoting a document that no encoded claim names
    meta("unclaimed.rule", Person(locations=has("calves")), effects=[Supports("iron", 0.05)],
         sources=(doc(D2, "B section", "b quote"),)),
    # source-kind: a reference whose host knowledge/source_kinds.yaml does not classify (#25), beside one it does
    meta("ok.nhs-ref", Person(locations=has("back"), diet="vegan"), effects=[Supports("potassium", 0.06)],
         sources=(ref("NHS: Back pain", "https://www.nhs.uk/conditions/back-pain/"),)),
    meta("unkinded.ref", Person(locations=has("back"), diet="omnivore"), effects=[Supports("potassium", 0.07)],
         sources=(ref("A blog", "https://example.org/sore-muscles"),)),
    # allow: an allowance that moves a finding aside, and one that is no longer needed
    meta("allowed.specific", Person(symptoms=has("aches"), diet="vegan"), effects=[Supports("iron", 0.2)],
         allow=[("subsumed", "Counts on top of sub.general on purpose, in this fixture.")]),
    meta("allowed.needless", Person(symptoms=has("cramps"), diet="omnivore"), effects=[Supports("iron", 0.25)],
         allow=[("subsumed", "Nothing subsumes it: this allowance is stale.")]),
]

FINDINGS = {
    "magnesium": ["Eat leafy greens."],
    "iron": ["Eat iron-rich foods."],
    "calcium": ["Include dairy."],
    "vitamin_d": ["Spend time in daylight."],
    "vitamin_b6": ["Eat a varied diet."],
    "muscle_strain": ["Rest the injured muscle."],
    "sodium": ["Pace your drinking rather than drinking plain water."],
    "potassium": ["Eat bananas."],
    "dehydration": ["Drink water regularly."],
}

DATA = VerifierData(
    advice_conflicts=(
        AdviceConflict(id="water", findings=("dehydration", "sodium"), advice=("drink water", "pace your drinking"),
                       why="more water lowers sodium"),  # dehydration is never concluded: not reported
        AdviceConflict(id="unresolved", findings=("magnesium", "sodium"), advice=("leafy greens", "plain water"),
                       why="a made-up contradiction"),
        AdviceConflict(id="resolved", findings=("muscle_strain", "sodium"), advice=("rest", "pace"),
                       why="resolved by conflict.strain-sodium"),
        AdviceConflict(id="stale-pending", findings=("sodium", "muscle_strain"), advice=("pace", "rest"),
                       why="resolved already", pending="waits for a conflict rule"),
        AdviceConflict(id="still-pending", findings=("magnesium", "iron"), advice=("greens", "iron-rich"),
                       why="waits", pending="a conflict rule comes later"),
        AdviceConflict(id="stale-advice", findings=("iron", "calcium"), advice=("no such advice", "dairy"),
                       why="the advice changed"),
    ),
    allow=(Allowance(check="unconfirmable", subject="calcium",
                     reason="calcium is allowed to stay unconfirmed in this fixture."),),
)

CLAIMS = (
    Claim("c.ok", "encoded", tuple(m.id for m in RULES if m.id != "unclaimed.rule")),
    Claim("c.gone", "encoded", ("gone.rule",)),
    Claim("c.excluded", "excluded", ()),
)

VOCABULARY = Vocabulary(
    scalars={"diet": ("omnivore", "vegan"), "one_sided": (True, False)},
    lists={"symptoms": ("cramps", "weakness", "aches"), "locations": ("calves", "back")},
    numbers={"duration_days": (0.0, 365.0, True)},
    labs={"magnesium_mg_dl": (0.0, 10.0, False)},
    lab_statuses={"magnesium_mg_dl": ("low", "normal", "high")},
)

KNOWLEDGE = KnowledgeView(findings=FINDINGS, claims=CLAIMS, docs=(D1, D2), data=DATA,
                          safety_net=frozenset({"general"}))
BASE = RuleBase(RULES, {"magnesium_mg_dl": "magnesium"})

PROBLEMS = {
    ("unknown-safety-net-item", "warn.typo"),
    ("never-fires", "never.unknown-key"),
    ("never-fires", "never.bad-value"),
    ("never-fires", "never.jointly"),
    ("never-fires", "never.out-of-range"),
    ("never-fires", "never.lab-status"),
    ("never-fires", "never.no-asserter"),
    ("never-fires", "never.asserts"),
    ("never-fires", "never.chained"),
    ("subsumed", "sub.specific"),
    ("subsumed", "sub.twin-b"),
    ("support-and-against", "both.self"),
    ("support-and-against", "both.against"),
    ("unconfirmable", "vitamin_b6"),
    ("unknown-finding", "typo.finding"),
    ("claims", "c.gone"),
    ("claims", "unclaimed.rule"),
    ("document-citations", D2),
    ("advice-conflict", "unresolved"),
    ("advice-conflict", "stale-pending"),
    ("advice-conflict", "stale-advice"),
    ("allow", "allowed.needless"),
    ("source-kind", "unkinded.ref"),
}
PENDING = {("advice-conflict", "still-pending")}
ALLOWED = {("subsumed", "allowed.specific"), ("unconfirmable", "calcium")}
CLEAN = {"ok.nhs-ref", "ok.warns", "ok.cramps", "ok.night-cramps", "ok.lab-low", "ok.lab-band", "ok.lab-normal",
         "ok.asserts",
         "ok.uses", "ok.refers",
         "ok.both-weak", "ok.sodium-against", "ok.dehydration-against", "conflict.strain-sodium", "sub.general",
         "magnesium", "iron", "muscle_strain", "sodium", "potassium", "dehydration", D1, "c.ok", "c.excluded",
         "water", "resolved"}
