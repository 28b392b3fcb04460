"""ranked_findings (engine/core.py) ranks the findings by certainty.combine,
rounded, ties broken by the strength of the evidence, then the id: checked
against that rule written out plainly, on random certainty factors, edge
values included."""

from __future__ import annotations

import random

from sorewhy.engine.certainty import combine, strength
from sorewhy.engine.core import RunState, ranked_findings
from sorewhy.rules import rule_index

EDGES = (1e-9, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 1 / 3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)


def _reference(state: RunState) -> list[tuple[str, float]]:
    """ranked_findings as it was written with combine()."""
    ranked = []
    for finding_id, supporting in state.support.items():
        against = state.against.get(finding_id)
        certainty = combine([cf for _, cf in supporting], [cf for _, cf in against] if against else ())
        if certainty <= 0:
            continue
        ranked.append((round(certainty, 2), finding_id, supporting))
    keyed = sorted((-c, -strength(m for m, _ in s) if sum(1 for o, _, _ in ranked if o == c) > 1 else 0, f)
                   for c, f, s in ranked)
    return [(f, -c) for c, _, f in keyed]


def test_ranked_findings_certainty_is_combines():
    rng = random.Random(14)
    metas = list(rule_index().values())
    for _ in range(5000):
        state = RunState()
        for n in range(rng.randint(1, 6)):
            finding = f"f{n}"
            pick = lambda: rng.choice(EDGES) if rng.random() < 0.5 else rng.random()  # noqa: E731
            state.support[finding] = [(rng.choice(metas), pick()) for _ in range(rng.randint(1, 4))]
            if rng.random() < 0.4:
                state.against[finding] = [(rng.choice(metas), pick()) for _ in range(rng.randint(1, 3))]
        got = ranked_findings(state)
        assert got == _reference(state)
        assert [type(c) for _, c in got] == [float] * len(got)
