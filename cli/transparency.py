"""The transparency block of every doctor's report (#25): what a clinician
needs to review the basis of a recommendation independently (intended use
and users, the inputs and what happens when they are missing, the method in
plain words, the sources and their kinds, how it was validated, its known
limits) in a few lines, and where the whole account is: docs/transparency.md.

The validation figures are those of ``cli/validation.json``, which
``python benchmarks/vignettes.py --record`` writes from the scenario cases;
when a report's rule base is not the one they were measured on, the block
says so.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

PAGE = "docs/transparency.md"
"""The whole account, in the project's documentation."""

ELEMENTS = ("Intended use", "Inputs", "Method", "Sources", "Validation", "Known limits")
"""The block's elements, in order; each is one line of the block."""


@functools.cache
def validation() -> dict[str, Any] | None:
    """The recorded validation (``cli/validation.json``), or None when it is
    missing or unreadable (the block then says it is not recorded)."""
    try:
        text = resources.files("sorewhy.cli").joinpath("validation.json").read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("scores"), dict):
        return None
    return data


def _percent(value: Any) -> str:
    return f"{100 * float(value):.0f}%" if isinstance(value, int | float) else "n/a"


@functools.cache
def _rule_base_words() -> tuple[int, str]:
    """How many rules, and how many distinct documents and public pages they cite."""
    from sorewhy.knowledge.source_kinds import ARTICLE, count_kinds, source_kinds, with_kind
    from sorewhy.rules import all_rules

    rules = all_rules()
    counts = count_kinds(with_kind(s.as_dict()) for m in rules for s in m.sources)
    table = source_kinds().by_id
    others = {k: n for k, n in counts.items() if k != ARTICLE and k in table}
    return len(rules), f"{table[ARTICLE].count(counts.get(ARTICLE, 0))}, {sum(others.values())} public pages"


def validation_line(stamp: Mapping[str, Any] | None) -> str:
    """The validation element: the scores, the date and the rule base they
    were measured on; whether that is this report's."""
    record = validation()
    if record is None:
        return "not recorded for this installation (see the transparency page)."
    scores = record["scores"]
    parts = []
    under = 0
    for name, words in (("cases", "library"), ("held_out", "blind-written cases")):
        s = scores.get(name)
        if isinstance(s, Mapping):
            under += int(s.get("under_triage") or 0)
            parts.append(f"{_percent(s.get('top1_accuracy'))} of {s.get('cases')} {words}")
    measured = str((record.get("rule_base") or {}).get("sha256", ""))
    triage = "none under-triaged" if not under else f"{under} under-triaged"
    line = (f"{record.get('date')}, rules version {measured[:12]}: leading finding right in {' and '.join(parts)}; "
            f"{triage}.")
    this = str((stamp or {}).get("sha256", ""))
    if this and measured and this != measured:
        line += f" This report's rules version ({this[:12]}) has changed since: the figures may not hold for it."
    return line


def transparency_block(report: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """(element, text) for each of :data:`ELEMENTS`, for `report`: short, as
    a printed report keeps to two A4 pages; the whole account is :data:`PAGE`."""
    n_rules, sources = _rule_base_words()
    return (
        ("Intended use", "decision support, not a diagnosis."),
        ("Inputs", "answers and blood results; one not given is unknown, never no."),
        ("Method", f"{n_rules} hand-written rules; a red flag always refers urgently."),
        ("Sources", f"{sources}, each kind named in the appendix."),
        ("Validation", validation_line(report.get("rule_base"))),
        ("Known limits", "nutrition-framed articles; hand-set weights; not tested in clinical use."),
    )


__all__ = ["ELEMENTS", "PAGE", "transparency_block", "validation", "validation_line"]
