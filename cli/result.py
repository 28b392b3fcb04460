"""The interview's result screen.

One job: turn a report into the lines a person reads at the end, short enough
for one screen (45 rows by 100 columns for a typical case): the referral and
its reasons, the leading findings (about three) one line each, the advice for
those, one line of what else was considered, what is still open (in the
questions' own words, never under an urgent message), the notice, and the
commands to see more. `more` prints every finding with its reasons.

The leading findings are chosen as the short reports choose them: certainty at
least 0.25, at most three, a red-flag finding first.
"""

from __future__ import annotations

from typing import Any

from sorewhy.cli.explain import certainty_text, level_words, wrap

WIDTH = 98
LEADING_MIN = 0.25
"""Findings below this certainty are only named under "also considered"."""
LEADING_MAX = 3
ADVICE_PER_FINDING = 2
COMMANDS = ("Type `more` for every finding, `how ID` or `why-not ID` (e.g. `how {first}`), "
            "`back` to change your last answer, `save FILE` to keep the answers, `quit` to leave.")


def _red_flag_finding(finding: dict[str, Any], report: dict[str, Any]) -> bool:
    if report["referral"]["level"] != "urgent":
        return False
    reasons = {r["rule"] for r in report["referral"]["reasons"]}
    return any(e["rule"] in reasons or e["rule"].startswith("redflags.") for e in finding["evidence"])


def leading_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings a short result shows: certainty >= 0.25, at most three,
    a finding behind an urgent referral first."""
    strong = [f for f in report["findings"] if f["certainty"] >= LEADING_MIN]
    flagged = [f for f in strong if _red_flag_finding(f, report)]
    rest = [f for f in strong if f not in flagged]
    return (flagged + rest)[:LEADING_MAX]


def _one_line(n: int, finding: dict[str, Any], width: int) -> str:
    head = f"  {n:>2}  {finding['id']:<18} {finding['label']:<28} {certainty_text(finding['certainty'])}"
    says = finding["evidence"][0]["says"] if finding["evidence"] else ""
    if says and len(head) + 5 < width:
        room = width - len(head) - 3
        says = " ".join(says.split())
        if len(says) > room:
            says = says[:max(0, room - 1)].rstrip() + "…"
        return f"{head} — {says}"
    return head


def render_result(report: dict[str, Any], stopped: str = "finished", still_open: list[str] | None = None,
                  not_known: list[str] | None = None, width: int = WIDTH) -> list[str]:
    """The result screen's lines.

    `still_open`: the questions (their words) whose answer could still change
    the result; `not_known`: red-flag symptoms never answered, in words."""
    from sorewhy import NOTICE
    from sorewhy.knowledge import load as load_knowledge

    kb = load_knowledge()
    referral = report["referral"]
    urgent = referral["level"] == "urgent"
    lines = ["", "=" * width, "Result from the answers so far:" if stopped == "done" else "Result:"]
    lines.append(f"Referral: {level_words(referral['level']).upper() if urgent else level_words(referral['level'])}"
                 f" ({referral['level']})")
    for reason in referral["reasons"][:3]:
        lines.append(wrap(reason["says"], "      ", "    - ", width))
    if len(referral["reasons"]) > 3:
        lines.append(f"      (and {len(referral['reasons']) - 3} more reasons: `how referral`)")
    lines.append(wrap(referral["advice"], "    ", None, width))
    if not_known:
        lines.append(wrap("Not asked / not known: " + ", ".join(not_known)
                          + ". If you have any of these, seek medical care now.", "    ", "  ", width))

    leading = leading_findings(report)
    lines.append("")
    if leading:
        lines.append("Findings (most certain first):")
        lines.extend(_one_line(n, f, width) for n, f in enumerate(leading, 1))
    else:
        lines.append(wrap("Findings: none strong. Nothing in your answers points clearly to a cause the rule "
                          "base knows.", "  ", "", width))
    others = [f for f in report["findings"] if f not in leading]
    if others:
        lines.append(wrap("Also considered: " + ", ".join(f"{f['label'].lower()} ({f['certainty']:.2f})"
                                                           for f in others) + ".", "    ", "  ", width))

    lines.append("")
    lines.append("What you can do:")
    shown: set[str] = set()
    supplements = False
    for finding in leading:
        items = []
        for item in finding["advice"]:
            if item == kb.advice.supplements:
                supplements = True
            elif item not in shown and len(items) < ADVICE_PER_FINDING:
                shown.add(item)
                items.append(item)
        if items:
            lines.append(wrap(f"{finding['label']}: " + " ".join(items), "      ", "  - ", width))
    if not leading:
        lines.extend(wrap(item, "    ", "  - ", width) for item in kb.advice.general[:2])
    if supplements:
        lines.append(wrap(kb.advice.supplements, "    ", "  - ", width))
    if report.get("unrecognised_medications"):
        lines.append(wrap("Medicines not recognised (kept as given, they cannot change the result): "
                          + ", ".join(report["unrecognised_medications"]) + ".", "    ", "  ", width))
    if still_open and not urgent:
        lines.append("")
        lines.append(wrap("Still open (answers that could change this result): "
                          + "; ".join(_short(q) for q in still_open[:3])
                          + (f"; and {len(still_open) - 3} more" if len(still_open) > 3 else "") + ".",
                          "    ", "", width))
    lines.append("")
    lines.append(wrap(NOTICE, "", "", width))
    first = leading[0]["id"] if leading else "referral"
    lines.append(wrap(COMMANDS.format(first=first), "", "", width))
    return lines


def _short(text: str) -> str:
    """A question's words without the answering hints in parentheses."""
    text = " ".join(text.split())
    cut = text.find(" (")
    text = text[:cut] if cut > 0 else text
    return text.rstrip("?.") + "?"


def render_more(report: dict[str, Any], width: int = WIDTH) -> list[str]:
    """Every finding, most certain first, with its reasons."""
    lines = ["", "Every finding (most certain first):"]
    if not report["findings"]:
        lines.append("  none")
    for n, f in enumerate(report["findings"], 1):
        lines.append(f"  {n:>2}  {f['id']:<18} {f['label']:<28} {certainty_text(f['certainty'])}")
        for item in f["evidence"][:4]:
            lines.append(wrap(f"{item['says']} ({item['rule']})", "          ", "        + ", width))
        for item in f["against"][:2]:
            lines.append(wrap(f"{item['says']} ({item['rule']})", "          ", "        - ", width))
    return lines
