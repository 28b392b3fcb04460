"""Which unanswered keys could still change a finding or the referral.

The reading of the rules is :mod:`sorewhy.engine.introspect`'s
(:meth:`RuleBase.open_keys`); this module is the reports' view of it. For one profile, a
rule that did not fire could still fire if every key it tests that *is* known
passes its test and every intermediate fact it needs is asserted or could be.
Its unknown keys are then worth asking, provided its effect would change
something: evidence for a finding, evidence against a finding that is present,
a referral above the current level.

A blood result given (under either spelling) is never unknown. A result not
given is unknown whenever a rule that tests it could still change a finding or
the referral, whether or not the finding is present yet (a low ferritin may be
the only telling fact, and any result can be critical). It is named by its
unit-free key (``labs.potassium``), the one a person gives with the unit their
laboratory printed.

Keys are ordered by how much rides on them (urgent referrals first), then by
name, so the interview can ask the most informative question first; blood
results come after every other key (people know the rest without a test).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sorewhy.engine.introspect import RuleBase
from sorewhy.rules.base import RuleMeta


class UnknownAnalysis:
    """Built once from the rule base; `unknown()` runs per profile."""

    def __init__(self, rules: Iterable[RuleMeta], lab_findings: Mapping[str, str],
                 lab_names: Mapping[str, str] | None = None) -> None:
        self.rules = RuleBase(rules, lab_findings, lab_names)
        """`lab_names`: unit-suffixed lab key -> the unit-free key named in `unknown`."""

    def unknown(self, person: Mapping[str, Any], fired: Iterable[str], present: Iterable[str],
                inferred: Iterable[str], level: str, labs_given: Iterable[str] = frozenset()) -> list[str]:
        """`labs_given`: the unit-suffixed keys of the blood results given."""
        return self.rules.open_keys(person, fired, present, inferred, level, labs_given)


__all__ = ["UnknownAnalysis"]
