"""Reports (contract §2) as text for people and as JSON for programs.

Each output format is a writer with ``begin``, ``write(report)`` and ``end``,
so a batch is streamed one report at a time and never held whole. Every format
carries the not-medical-advice notice: JSON and JSON Lines in each report's
``notice`` key, the table as text after the reports, the Markdown and HTML
reports (`sorewhy.cli.document`) in each profile's section and at the end.

Nothing here imports the inference engine; the formatters only read reports.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

import click

from sorewhy import NOTICE
from sorewhy.engine.certainty import in_words

FORMATS = ("table", "json", "jsonl", "markdown", "html")

LEVEL_WORDS = {
    "self_care": "look after yourself",
    "see_doctor": "see a doctor",
    "urgent": "seek care now",
}
_WIDTH = 100
_LEVEL_COLOURS = {"self_care": "green", "see_doctor": "yellow", "urgent": "red"}


# --- small pieces ------------------------------------------------------------------


class Style:
    """ANSI styling, or none at all (piped output, files, NO_COLOR)."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def bold(self, text: str) -> str:
        return click.style(text, bold=True) if self.colour else text

    def dim(self, text: str) -> str:
        return click.style(text, dim=True) if self.colour else text

    def level(self, text: str, level: str) -> str:
        if not self.colour:
            return text
        return click.style(text, fg=_LEVEL_COLOURS.get(level), bold=level == "urgent")

    def error(self, text: str) -> str:
        return click.style(text, fg="red") if self.colour else text


PLAIN = Style(False)


def certainty_text(certainty: float) -> str:
    """``moderate (0.52)``: the certainty in words and as a number."""
    return f"{in_words(certainty)} ({certainty:.2f})"


def level_text(level: str) -> str:
    """``see a doctor (see_doctor)``."""
    return f"{LEVEL_WORDS.get(level, level)} ({level})"


def source_text(source: Mapping[str, Any]) -> str:
    """One source: document, section and quote, or an outside reference."""
    if "doc" in source:
        return f"{source['doc']}, section \"{source.get('section', '')}\": \"{source.get('quote', '')}\""
    return f"{source.get('ref', '?')} <{source.get('url', '')}>"


def plain(value: Any) -> Any:
    """A fact value as plain JSON data (sets become sorted lists)."""
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def value_text(value: Any) -> str:
    """A fact value as people write it in a facts file: ``vegan``, ``true``,
    ``[cramps, night]``."""
    value = plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md(text: str) -> str:
    """Escape text that came from a user's file for Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text: str) -> str:
    return "`" + str(text).replace("`", "'") + "`"


def md_source(source: Mapping[str, Any]) -> str:
    if "doc" in source:
        return (f"{md_code(source['doc'])}, section “{md(source.get('section', ''))}”: "
                f"“{md(source.get('quote', ''))}”")
    return f"{md(source.get('ref', '?'))} <{source.get('url', '')}>"


def dumps(data: Any, indent: int | None = 2) -> str:
    return json.dumps(data, indent=indent, ensure_ascii=False)


# --- a report as text ----------------------------------------------------------------


def report_text(report: Mapping[str, Any], style: Style = PLAIN) -> str:
    """One report as a block of text with a findings table."""
    from tabulate import tabulate

    rid = str(report.get("id"))
    if report.get("error"):
        return f"{style.bold(rid)}: {style.error('could not be evaluated')}: {report['error']}\n"
    lines: list[str] = []
    referral = report.get("referral") or {"level": "self_care", "reasons": [], "advice": ""}
    level = referral["level"]
    lines.append(f"{style.bold(rid)}: {style.level(level_text(level), level)}")
    if referral.get("advice"):
        lines.append(f"  {referral['advice']}")
    reasons = [r["rule"] for r in referral.get("reasons", [])]
    if reasons:
        lines.append(f"  Because of: {', '.join(reasons)}")
    lines.append("")
    findings = report.get("findings") or []
    if findings:
        rows = []
        for finding in findings:
            rules = [e["rule"] for e in finding.get("evidence", [])]
            rules += [f"against: {e['rule']}" for e in finding.get("against", [])]
            rows.append((_fit(finding["label"], 30), finding["kind"], certainty_text(finding["certainty"]),
                         _fit(", ".join(rules), 60)))
        table = tabulate(rows, headers=["finding", "kind", "certainty", "rules"], disable_numparse=True)
        lines.extend("  " + row for row in table.splitlines())
    else:
        lines.append("  No finding: nothing in the facts points to a deficiency or another cause.")
    if report.get("unknown"):
        lines.append("")
        lines.append(_wrapped("Worth finding out: ", report["unknown"]))
    if report.get("unrecognised_medications"):
        lines.append(_wrapped("Medications not recognised: ", report["unrecognised_medications"]))
    return "\n".join(lines) + "\n"


def _fit(text: str, width: int) -> str:
    """Wrap a table cell (tabulate keeps the lines; wrapping here is cheaper
    than its own column wrapping)."""
    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False))


def _wrapped(label: str, items: Sequence[str]) -> str:
    return textwrap.fill(", ".join(items), width=_WIDTH, initial_indent="  " + label, subsequent_indent="    ",
                         break_on_hyphens=False, break_long_words=False)


# --- streaming writers -----------------------------------------------------------------


class ReportWriter:
    """Writes reports to a stream one at a time."""

    def __init__(self, stream: TextIO, style: Style = PLAIN) -> None:
        self.stream = stream
        self.style = style
        self.count = 0
        self.notices: list[str] = []

    def begin(self) -> None:
        pass

    def write(self, report: Mapping[str, Any]) -> None:
        notice = report.get("notice") or NOTICE
        if notice not in self.notices:
            self.notices.append(notice)
        self._write(report)
        self.count += 1

    def _write(self, report: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def end(self) -> None:
        pass

    def _notices(self) -> Sequence[str]:
        return self.notices or [NOTICE]


class JsonWriter(ReportWriter):
    """A JSON array, written as it goes: ``[``, reports separated by commas,
    ``]``. The bytes equal ``json.dumps(all_reports, indent=2)``."""

    def _write(self, report: Mapping[str, Any]) -> None:
        body = "\n".join("  " + line for line in dumps(report).splitlines())
        self.stream.write(("[\n" if self.count == 0 else ",\n") + body)

    def end(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")


class JsonlWriter(ReportWriter):
    """One report a line."""

    def _write(self, report: Mapping[str, Any]) -> None:
        self.stream.write(dumps(report, indent=None) + "\n")


class TableWriter(ReportWriter):
    """A block per profile with its findings table; the notice at the end."""

    def _write(self, report: Mapping[str, Any]) -> None:
        if self.count:
            self.stream.write("\n")
        self.stream.write(report_text(report, self.style))

    def end(self) -> None:
        if self.count == 0:
            self.stream.write("No profiles.\n")
        for notice in self._notices():
            self.stream.write("\n" + self.style.dim(notice) + "\n")


def _document_writer(kind: str) -> Callable[..., ReportWriter]:
    """The HTML and Markdown writers live in `sorewhy.cli.document`, imported
    (with Jinja2) only when one is used."""

    def make(stream: TextIO, style: Style = PLAIN) -> ReportWriter:
        from sorewhy.cli import document

        return document.HtmlWriter(stream, style) if kind == "html" else document.MarkdownWriter(stream, style)

    return make


WRITERS: dict[str, Callable[..., ReportWriter]] = {
    "table": TableWriter,
    "json": JsonWriter,
    "jsonl": JsonlWriter,
    "markdown": _document_writer("markdown"),
    "html": _document_writer("html"),
}
