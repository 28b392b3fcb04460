"""The interview's result screen.

One job: turn a report into the lines a person reads at the end, short enough
for one screen (45 rows by 100 columns for a typical case): the referral and
its reasons, the leading findings (about three) one line each, the advice for
those, one line of what else was considered, what is still open (in the
questions' own words, never under an urgent message), the notice, and the
commands to see more. `more` prints every finding with its reasons.

What the screen shows is decided by :func:`sorewhy.engine.digest.digest`, as
for every format a person reads: the leading findings (the one behind an urgent
referral first), the folded rest, the advice for the leading findings, the
advice withheld and why, the red flags not ruled out, and, when no finding
leads, the general advice without what the conflict rules withheld.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sorewhy import NOTICE
from sorewhy.cli.explain import wrap
from sorewhy.cli.formatting import fitted_advice_items, referral_sentence
from sorewhy.cli.plainwords import (
    certainty_words,
    finding_words,
    headline,
    reasons_line,
    safety_net_lines,
    when_and_who,
)
from sorewhy.engine.digest import Digest, digest

WIDTH = 98
FOLDED_SHOWN = 4
"""How many folded findings the result names (`more` lists every finding)."""
COMMANDS = ("Type `more` (every finding and open question), `how N` or `why-not N` (N: a finding's number, "
            "its id or its name, e.g. `how 1`, `how vitamin d`, or `referral`), `back` (change your last answer), "
            "`save FILE` or `quit`.")
PROMPT_HINT = "(how N · why-not N · more · back · save FILE · quit · ? for help)"
"""Said above each prompt at the result, so it is never a bare `how>`."""


def _one_line(n: int, finding: Mapping[str, Any], width: int) -> str:
    # The finding's id is its handle for `how ID` (contract §4), as a question's key is in its header.
    head = f"  {n:>2}  {finding['id']:<22} {finding['label']} ({certainty_words(finding['certainty'])})"
    says = finding["evidence"][0]["says"] if finding["evidence"] else ""
    if says and len(head) + 5 < width:
        room = width - len(head) - 3
        says = " ".join(says.split())
        if len(says) > room:
            says = says[:max(0, room - 1)].rstrip() + "…"
        return f"{head} — {says}"
    return head


def render_result(report: dict[str, Any], stopped: str = "finished", still_open: list[str] | None = None,
                  not_ruled_out: Sequence[str] | None = None, width: int = WIDTH) -> list[str]:
    """The result screen's lines.

    `still_open`: the questions (their words) whose answer could still change
    the result; `not_ruled_out`: the red-flag ids never answered (see
    :func:`sorewhy.engine.digest.red_flags_not_ruled_out`); None leaves it to
    the report (every red flag when its symptoms are unknown)."""

    short = digest(report, not_ruled_out=not_ruled_out)
    referral = report["referral"]
    urgent = short.urgent is not None
    lines = ["", "=" * width, "Result from the answers so far:" if stopped == "done" else "Result:"]
    title = headline(referral)
    timing = when_and_who(referral)
    # The level closes the line (``(urgent)``): what a script reading the screen compares with evaluate.
    lines.append(f"Referral: {title.upper() if urgent else title} ({referral['level']})")
    if timing:
        lines.append(wrap(timing, "    ", "  ", width))
    if referral["reasons"] and referral["level"] != "self_care":
        # A self-care result's one reason says what its sentence says (`how referral` shows it).
        lines.append(wrap("Because: " + reasons_line(referral["reasons"]) + ".", "    ", "  ", width))
    lines.append(wrap(referral_sentence(report), "    ", None, width))
    net = safety_net_lines(report)
    if net:
        lines.append("  Get help at once if:")
        lines.extend(wrap(item, "      ", "    - ", width) for item in net)
    if short.not_ruled_out:
        lines.append(wrap("Not asked / not known: " + ", ".join(short.not_ruled_out)
                          + ". If you have any of these, seek medical care now.", "    ", "  ", width))
    if urgent:
        # What to do now only: the finding behind it, the rest folded, no advice.
        # Each leading finding one line, no advice: first what the red flag itself points
        # to, then what to raise once seen (the rest folded into one line).
        behind = short.urgent.findings if short.urgent else []
        leading = [*behind, *(f for f in short.leading if f not in behind)]
        if leading:
            lines.append("Findings (most certain first): what this may be" if behind else
                         "Findings (most certain first): for after you have been seen")
            for n, f in enumerate(leading, 1):
                if n == len(behind) + 1 and behind:
                    lines.append("  For after you have been seen:")
                lines.append(_one_line(n, f, width))
        later = [f for f in short.folded if f not in leading]
        if later:
            lines.append(wrap("Also considered, less certain: " + "; ".join(finding_words(f) for f in later)
                              + ".", "    ", "  ", width))
        lines.append("")
        lines.append(wrap(NOTICE, "", "", width))
        lines.append(wrap(COMMANDS, "", "", width))
        return lines

    lines.append("")
    if short.leading:
        lines.append("Findings (most certain first):")
        lines.extend(_one_line(n, f, width) for n, f in enumerate(short.leading, 1))
    else:
        lines.append(wrap("Findings: none strong. Nothing in your answers points clearly to a cause the rule "
                          "base knows.", "  ", "", width))
    if short.folded:
        shown = "; ".join(f"{f['label']} ({f['certainty']:.2f})" for f in short.folded[:FOLDED_SHOWN])
        rest = len(short.folded) - FOLDED_SHOWN
        lines.append(wrap(f"Also considered, less certain: {shown}" + (f"; and {rest} more (`more`)." if rest > 0
                                                                          else "."), "    ", "  ", width))

    lines.append("")
    lines.append("What you can do:")
    by_label = {f["label"]: f for f in short.leading}
    for label, items in short.advice:
        items = fitted_advice_items(report, by_label.get(label, {}), items)
        if items:
            lines.append(wrap(f"{label}: " + " ".join(items), "      ", "  - ", width))
    if not short.leading:
        lines.extend(wrap(item, "    ", "  - ", width) for item in short.general)
    if short.supplements:
        lines.append(wrap(short.supplements, "    ", "  - ", width))
    for why in withheld_reasons(short):
        lines.append(wrap(f"Advice left out or reworded: {why}", "    ", "  ", width))
    if report.get("unrecognised_medications"):
        lines.append(wrap("Medicines not recognised (kept as given, they cannot change the result): "
                          + ", ".join(report["unrecognised_medications"]) + ".", "    ", "  ", width))
    if still_open and not urgent:
        lines.append(wrap("Still open (answers that could change this result): "
                          + "; ".join(_short(q) for q in still_open[:3])
                          + (f"; and {len(still_open) - 3} more (`more`)" if len(still_open) > 3 else "")
                          + ".",
                          "    ", "", width))
    lines.append("")
    lines.append(wrap(NOTICE, "", "", width))
    lines.append(wrap(COMMANDS, "", "", width))
    return lines


def withheld_reasons(short: Digest) -> list[str]:
    """Why the digest's withheld advice was withheld, each conflict rule's words
    once (the advice itself is not repeated: it is what the person should not do)."""
    out: list[str] = []
    for item in short.withheld:
        for because in item.get("because") or []:
            if because.get("says") and because["says"] not in out:
                out.append(because["says"])
    return out


def _short(text: str) -> str:
    """A question's words without the answering hints in parentheses."""
    text = " ".join(text.split())
    cut = text.find(" (")
    text = text[:cut] if cut > 0 else text
    return text.rstrip("?.") + "?"


def render_more(report: dict[str, Any], width: int = WIDTH, still_open: list[str] | None = None) -> list[str]:
    """Every finding, most certain first, with its reasons (``how N`` names the
    rules), then every question still open."""
    lines = ["", "Every finding (most certain first):"]
    if not report["findings"]:
        lines.append("  none")
    for n, f in enumerate(report["findings"], 1):
        lines.append(f"  {n:>2}  {f['label']:<36} {certainty_words(f['certainty'])}")
        for item in f["evidence"][:4]:
            lines.append(wrap(item["says"], "          ", "        + ", width))
        for item in f["against"][:2]:
            lines.append(wrap(item["says"], "          ", "        - ", width))
    if still_open:
        lines.append("")
        lines.append("Every open question (answers that could change this result):")
        lines.extend(wrap(_short(q), "      ", "    - ", width) for q in still_open)
    return lines
