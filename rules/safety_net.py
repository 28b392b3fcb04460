"""The safety net: what should bring this person back at once, and when to see
a doctor if it is not better (contract §2 ``safety_net``).

Each rule here chooses safety-net items for the person it matches
(``Warns(item)``); the items' words and the pages they come from live in
``knowledge/safety_net.yaml``, and each rule cites its item's pages. The five
source documents say nothing about when to come back, so every rule here cites
an outside page and says why. The rules sit in their own band, after the
conflict rules and before referral, so that ``referral.self-care`` stays the
last rule of the base; a rule that needs an intermediate fact asserted by a
referral rule (a suspected clot) fires as soon as that fact is asserted.

Every report gets at least one item: ``safety_net.general`` when no red-flag
symptom is reported (or symptoms are unknown), ``safety_net.red-flag`` when
one is.
"""

from __future__ import annotations

import functools
from typing import Any

from sorewhy.knowledge import RED_FLAGS, read
from sorewhy.rules.base import (
    LEGS,
    NOT,
    NOT_EMPTY,
    Inferred,
    Person,
    RefSource,
    Warns,
    has,
    has_any,
    ref,
    rule,
)
from sorewhy.rules.redflags import MEDLINEPLUS_RHABDOMYOLYSIS, NHS_DVT

RED_FLAG_SYMPTOMS: tuple[str, ...] = tuple(symptom for symptom, _ in RED_FLAGS)
"""The red-flag symptoms (:data:`sorewhy.knowledge.RED_FLAGS` lists them with their words)."""

_KNOWN: dict[RefSource, RefSource] = {NHS_DVT: NHS_DVT, MEDLINEPLUS_RHABDOMYOLYSIS: MEDLINEPLUS_RHABDOMYOLYSIS}
"""Each outside page as one object, shared with the rules that already cite it."""


@functools.cache
def raw_items() -> dict[str, dict[str, Any]]:
    """The items of ``knowledge/safety_net.yaml`` as plain mappings by id: what
    the rules take their sources from, without the cost of validating the
    knowledge models (so that ``sorewhy rules`` stays quick, as for the lab
    rules). The file is validated in full whenever the knowledge is loaded
    (:func:`sorewhy.knowledge.load`) and by the tests."""
    return {item["id"]: item for item in read("safety_net.yaml")["items"]}


def cites(*items: str) -> list[RefSource]:
    """The pages the safety-net `items` cite (knowledge/safety_net.yaml), each
    once, as the objects other rules cite them by."""
    out: list[RefSource] = []
    table = raw_items()
    for item in items:
        for source in table[item]["sources"]:
            page = _KNOWN.setdefault(ref(source["ref"], source["url"]), ref(source["ref"], source["url"]))
            if page not in out:
                out.append(page)
    return out


WHY = ("The documents say nothing about when to come back; the safety net follows the NHS and "
       "MedlinePlus pages on the signs that need help at once and on how long it should take to get better.")


class SafetyNetRules:
    """Rules that choose the safety net: the warning signs to watch for."""

    @rule(
        "safety_net.general",
        Person(),
        NOT(Person(symptoms=has_any(*RED_FLAG_SYMPTOMS))),
        effects=[Warns("general"), Warns("not_better")],
        sources=cites("general", "not_better"),
        note=WHY,
    )
    def safety_net_general(self):
        """With no warning sign reported yet, everyone should know the signs that
        need help at once (weakness or numbness that spreads, chest pain, a racing or
        irregular heartbeat, dark urine), and see a GP if the soreness is not better
        after two weeks or gets worse."""

    @rule(
        "safety_net.red-flag",
        Person(symptoms=has_any(*RED_FLAG_SYMPTOMS)),
        effects=[Warns("worse_while_waiting")],
        sources=cites("worse_while_waiting"),
        note=WHY,
    )
    def safety_net_red_flag(self):
        """Someone with a warning sign who is waiting to be seen should call for an
        ambulance if it gets worse or they feel faint, breathless or confused."""

    @rule(
        "safety_net.clot-suspected",
        Inferred(what="clot_suspected"),
        effects=[Warns("clot")],
        sources=cites("clot"),
        note=WHY + " A clot in a deep vein can travel to the lungs: the NHS asks for an ambulance "
                   "when breathlessness or chest pain comes with it.",
    )
    def safety_net_clot_suspected(self):
        """When a clot in a deep vein is possible, a swollen, red or warm calf needs
        help the same day, and breathlessness or chest pain needs an ambulance."""

    @rule(
        "safety_net.one-sided-leg",
        Person(one_sided=True, locations=has_any(*LEGS)),
        effects=[Warns("clot")],
        sources=cites("clot"),
        note=WHY + " Pain in one leg is the NHS's first sign of a clot in a deep vein, so a person "
                   "whose pain is in one leg only is told what would make it one.",
    )
    def safety_net_one_sided_leg(self):
        """Pain in one leg only is rarely a clot, but if that calf becomes swollen, red
        or warm, or breathlessness or chest pain follows, it needs help at once."""

    @rule(
        "safety_net.statin",
        Person(drug_classes=has("statin")),
        effects=[Warns("statin")],
        sources=cites("statin"),
        note=WHY + " The NHS asks people on a statin to get help straight away for muscle pain or "
                   "weakness they cannot explain, a sign of muscle damage.",
    )
    def safety_net_statin(self):
        """A statin can rarely damage muscle: unexplained muscle pain, weakness or dark
        urine while taking one needs a doctor straight away."""

    @rule(
        "safety_net.heat",
        Person(hot_environment=True),
        effects=[Warns("heat")],
        sources=cites("heat"),
        note=WHY + " Heat exhaustion can become heatstroke, an emergency.",
    )
    def safety_net_heat(self):
        """Training in the heat can lead to heatstroke: confusion, fainting, a fit, or
        not feeling better within half an hour of cooling down needs an ambulance."""

    @rule(
        "safety_net.fluid-loss",
        Person(fluid_losses=NOT_EMPTY),
        effects=[Warns("dehydration")],
        sources=cites("dehydration"),
        note=WHY + " Vomiting and diarrhoea can dehydrate, which the NHS says needs help when its "
                   "signs appear or fluids cannot be kept down.",
    )
    def safety_net_fluid_loss(self):
        """Vomiting or diarrhoea can dehydrate: dizziness, great thirst, little or dark
        urine, or not keeping fluids down needs help the same day."""
