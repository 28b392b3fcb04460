"""A batch summary as a chart: a self-contained SVG image, drawn here.

Two horizontal bar panels: the referral levels (share of evaluated profiles)
and, for each finding, how often it leads a report and how often it appears
in one. Plain SVG 1.1 with its own fonts and colours, no script and nothing
fetched, so it can go straight into a report or a web page. The same summary
always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

WIDTH = 840
LEFT = 310
"""Where the bars start (labels to the left)."""
BAR_WIDTH = WIDTH - LEFT - 90
ROW = 22
COLOURS = {"urgent": "#c0392b", "see_doctor": "#d68910", "self_care": "#1e8449",
           "leads": "#1f4e79", "appears": "#8fb3d9"}
LEVEL_LABELS = {"urgent": "seek care now (urgent)", "see_doctor": "see a doctor (see_doctor)",
                "self_care": "look after yourself (self_care)"}


def _text(x: float, y: float, text: str, size: int = 12, anchor: str = "start", weight: str = "normal",
          fill: str = "#222") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>')


def _bar(x: float, y: float, width: float, height: float, colour: str, title: str) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0.0):.1f}" height="{height:.1f}" '
            f'fill="{colour}"><title>{escape(title)}</title></rect>')


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.1f}%"


def summary_svg(summary: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """The SVG text of a summary (as ``Summary.as_dict()`` gives it).
    ``labels`` names findings in words (finding id -> label)."""
    labels = labels or {}
    parts: list[str] = []
    y = 30.0
    evaluated = summary["evaluated"]
    parts.append(_text(20, y, "sorewhy batch summary", 18, weight="bold"))
    y += 22
    parts.append(_text(20, y, f"{summary['profiles']:,} profiles: {evaluated:,} evaluated, "
                              f"{summary['errors']:,} could not be evaluated"
                              + (f" ({summary['errors_urgent']:,} of them urgent: a red flag in their valid parts)"
                                 if summary.get("errors_urgent") else ""), 12, fill="#444"))
    y += 34

    parts.append(_text(20, y, "Referral (share of evaluated profiles)", 14, weight="bold"))
    y += 14
    for level, item in summary["referral"].items():
        share = item["share"] or 0.0
        parts.append(_text(LEFT - 10, y + 15, LEVEL_LABELS.get(level, level), anchor="end"))
        parts.append(_bar(LEFT, y + 3, BAR_WIDTH * share, ROW - 6, COLOURS.get(level, "#777"),
                          f"{level}: {item['count']:,} ({_percent(item['share'])})"))
        parts.append(_text(LEFT + BAR_WIDTH * share + 6, y + 15, f"{item['count']:,} ({_percent(item['share'])})",
                           11, fill="#444"))
        y += ROW
    y += 26

    findings = [f for f in summary["findings"] if f["appears"]]
    parts.append(_text(20, y, "Findings (share of evaluated profiles)", 14, weight="bold"))
    y += 8
    parts.append(_bar(LEFT, y, 12, 10, COLOURS["leads"], "leads"))
    parts.append(_text(LEFT + 16, y + 9, "leads the report", 11))
    parts.append(_bar(LEFT + 140, y, 12, 10, COLOURS["appears"], "appears"))
    parts.append(_text(LEFT + 156, y + 9, "appears in it", 11))
    y += 16
    if not findings:
        parts.append(_text(LEFT, y + 15, "no finding in any report", 12, fill="#444"))
        y += ROW
    for item in findings:
        label = labels.get(item["id"], item["id"])
        appears, leads = item["appears_share"] or 0.0, item["leads_share"] or 0.0
        parts.append(_text(LEFT - 10, y + 16, label, anchor="end"))
        parts.append(_bar(LEFT, y + 3, BAR_WIDTH * appears, 9, COLOURS["appears"],
                          f"{item['id']} appears in {item['appears']:,} ({_percent(item['appears_share'])})"))
        parts.append(_bar(LEFT, y + 12, BAR_WIDTH * leads, 9, COLOURS["leads"],
                          f"{item['id']} leads {item['leads']:,} ({_percent(item['leads_share'])})"))
        parts.append(_text(LEFT + BAR_WIDTH * appears + 6, y + 11, _percent(item["appears_share"]), 10,
                           fill="#444"))
        parts.append(_text(LEFT + BAR_WIDTH * leads + 6, y + 21, _percent(item["leads_share"]), 10, fill="#444"))
        y += ROW + 4
    y += 20
    for line in _wrap(summary.get("notice", ""), 110):
        parts.append(_text(20, y, line, 11, fill="#555"))
        y += 15
    height = int(y + 10)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" '
            f'role="img" aria-label="sorewhy batch summary">')
    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>', *parts]
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', head, "<title>sorewhy batch summary</title>",
                      *body, "</svg>"]) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) if text else []
