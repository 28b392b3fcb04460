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
from sorewhy.cli.output import write_utf8
from sorewhy.cli.plainwords import (
    all_results_normal,
    finding_words,
    given_results,
    headline,
    lab_band_sentence,
    reason_words,
    safety_net_lines,
    unknown_line,
    when_and_who,
)
from sorewhy.engine.certainty import in_words

FORMATS = ("table", "json", "jsonl", "markdown", "html")

LEVEL_WORDS = {
    "self_care": "look after yourself",
    "see_doctor": "see a doctor",
    "urgent": "seek care now",
}
_WIDTH = 100
CONFIRM_PREFIX = "To confirm it: "
"""How a deficiency's advice names the test that would confirm it (engine/advice.py)."""
NO_TESTS_SENTENCE = ("See a doctor. They can examine you and look for the cause; "
                     "the blood results given here are normal.")
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
    kind = f" [{kind_words(source['kind'])}]" if source.get("kind") else ""
    if "doc" in source:
        return f"{source['doc']}, section \"{source.get('section', '')}\": \"{source.get('quote', '')}\"{kind}"
    return f"{source.get('ref', '?')} <{source.get('url', '')}>{kind}"


def kind_words(kind: str) -> str:
    """A source kind as a reader counts one (knowledge/source_kinds.yaml ``one``)."""
    from sorewhy.knowledge.source_kinds import source_kinds

    found = source_kinds().by_id.get(kind)
    return found.one if found is not None else kind


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


def trigger_text(triggered_by: Mapping[str, Any]) -> str:
    """``symptoms: fatigue; duration_days: 21``: what triggered a referral reason, by key
    (for the trace and programs; reports for people use :func:`reason_words`)."""
    return "; ".join(f"{k}: {value_text(v).strip('[]')}" for k, v in triggered_by.items())


def reason_text(reason: Mapping[str, Any]) -> str:
    """A referral reason by rule id, with what of the person triggered it (for the trace)."""
    trigger = trigger_text(reason.get("triggered_by") or {})
    return f"{reason['rule']} ({trigger})" if trigger else str(reason["rule"])


def referral_sentence(report: Mapping[str, Any]) -> str:
    """What the referral tells the person, in one sentence: ``referral.advice``,
    except that a report whose blood results are all normal never offers blood
    tests in it."""
    referral = report.get("referral") or {}
    sentence = str(referral.get("advice") or "")
    if all_results_normal(report) and "blood test" in sentence.lower():
        return NO_TESTS_SENTENCE
    return sentence


def fitted_advice_items(report: Mapping[str, Any], finding: Mapping[str, Any], items: Sequence[str]) -> list[str]:
    """A finding's advice without a test for a result the report already has:
    its "To confirm it" line becomes the result's band in words."""
    given = given_results(report).get(str(finding.get("id")))
    if not given:
        return list(items)
    out: list[str] = []
    for item in items:
        if item.startswith(CONFIRM_PREFIX):
            out.extend(lab_band_sentence(r) for r in given if lab_band_sentence(r) not in out)
        elif item not in out:
            out.append(item)
    return out


def report_text(report: Mapping[str, Any], style: Style = PLAIN) -> str:
    """One report as a block of text for a person, in plain words (engine/digest.py
    decides what it shows): the headline (how soon, whom to see) and the reasons
    in words. An urgent report then shows only what to do now: the safety net,
    red flags not asked, and the findings folded into one line, with no advice.
    Otherwise: a table of the leading findings, the rest folded into one line,
    advice for the leading findings only (no test for a result already given),
    what was withheld and why, red flags not asked, the safety net, and the few
    answers that would change the result most. JSON keeps every finding, key
    and rule id."""
    from tabulate import tabulate

    from sorewhy.engine.digest import digest

    rid = str(report.get("id"))
    if report.get("error"):
        problems = report.get("errors") or []
        if len(problems) > 1:
            # Every problem, so that one run shows all there is to fix.
            failed = style.error("could not be evaluated")
            lines: list[str] = [f"{style.bold(rid)}: {failed}: {len(problems)} problems:"]
            lines.extend(_item("  - ", str(p)) for p in problems)
        else:
            lines = [f"{style.bold(rid)}: {style.error('could not be evaluated')}: {report['error']}"]
        kept = report.get("referral")
        if isinstance(kept, Mapping) and kept.get("reasons"):
            # A red flag read from the valid parts of the broken profile (engine/salvage.py),
            # said as any report says it: the headline, when and whom, the reasons in words.
            level = str(kept.get("level"))
            title, advice = headline(kept), str(kept.get("advice", ""))
            said = advice if advice.startswith(title) else f"{title}: {advice}"
            lines.append(_item("  ", style.level(said, level)))
            timing = when_and_who(kept)
            if timing:
                lines.append(_item("  ", timing))
            lines.append("  Because (read from the valid parts of this profile):")
            lines.extend(_item("    - ", reason_words(r)) for r in kept["reasons"])
        net = safety_net_lines(report)
        if net:
            lines.append("  Get help at once if:")
            lines.extend(_item("    - ", n) for n in net)
        return "\n".join(lines) + "\n"
    lines = []
    referral = report.get("referral") or {"level": "self_care", "reasons": [], "advice": ""}
    level = referral["level"]
    short = digest(report)
    lines.append(f"{style.bold(rid)}: {style.level(headline(referral), level)}")
    timing = when_and_who(referral)
    if timing:
        lines.append(_item("  ", timing))
    sentence = referral_sentence(report)
    if sentence:
        lines.append(_item("  ", style.level(sentence, level) if short.urgent else sentence))
    reasons = [reason_words(r) for r in referral.get("reasons", [])]
    if reasons:
        lines.append("  Because:")
        lines.extend(_item("    - ", r) for r in reasons)
    net = safety_net_lines(report)
    if short.urgent:
        if net:
            lines.append("  Get help at once if:")
            lines.extend(_item("    - ", n) for n in net)
        if short.not_ruled_out:
            lines.append(_wrapped("Not asked / not known: ", short.not_ruled_out))
        behind = short.urgent.findings
        if behind:
            lines.append(_wrapped("What this may be: ", [finding_words(f) for f in behind], sep="; "))
        later = [f for f in short.leading + short.folded if f not in behind]
        if later:
            lines.append(_wrapped("Also in the report, for after you have been seen: ",
                                  [finding_words(f) for f in later], sep="; "))
        return _tail(report, lines)
    lines.append("")
    if short.leading:
        rows = []
        for finding in short.leading:
            evidence = finding.get("evidence") or []
            why = str(evidence[0].get("says", "")) if evidence else ""
            rows.append((_fit(finding["label"], 30), f"{in_words(finding['certainty'])}, {finding['certainty']:.2f}",
                         _fit(why, 60)))
        table = tabulate(rows, headers=["finding", "certainty", "what points to it"], disable_numparse=True)
        lines.extend("  " + row for row in table.splitlines())
    elif short.folded:
        lines.append("  No finding reaches weak certainty.")
    else:
        lines.append("  No finding: nothing in the facts points to a deficiency or another cause.")
    if short.folded:
        lines.append(_wrapped("Also considered: ", [finding_words(f) for f in short.folded], sep="; "))
    rests = (report.get("rests_on") or {}).get("says") if short.leading else None
    if rests:
        lines.append(_item("  ", str(rests)))
    if report.get("labs_summary"):
        lines.append("")
        lines.append(_item("  ", str(report["labs_summary"])))
    by_label = {f["label"]: f for f in short.leading}
    fitted = [(label, fitted_advice_items(report, by_label.get(label, {}), items)) for label, items in short.advice]
    to_do = [(label, items) for label, items in fitted if items]
    if to_do:
        lines.append("")
        lines.append("  What you can do:")
        for label, items in to_do:
            lines.append(f"    {label}:")
            lines.extend(_item("      - ", item) for item in items)
        if short.supplements:
            lines.append(_item("    ", short.supplements))
    elif short.general:
        lines.append("")
        lines.append("  What you can do:")
        lines.extend(_item("    - ", item) for item in short.general)
    if short.withheld:
        lines.append("")
        for item in short.withheld:
            why = "; ".join(" ".join(str(b.get("says", "")).split()) for b in item.get("because", []))
            said = f"; said instead: \"{item['instead']}\"" if item.get("instead") else ""
            lines.append(_wrapped("Advice withheld: ", [f"\"{item['advice']}\" ({why}){said}"]))
    if short.not_ruled_out:
        lines.append("")
        lines.append(_wrapped("Not asked / not known: ", short.not_ruled_out))
    if net:
        lines.append("")
        lines.append("  Get help at once if:")
        lines.extend(_item("    - ", n) for n in net)
    if report.get("unknown"):
        lines.append("")
        lines.append(_wrapped("Worth finding out: ", [unknown_line(report["unknown"])]))
    return _tail(report, lines)


def _tail(report: Mapping[str, Any], lines: list[str]) -> str:
    """The medicines as read and the rule base, after the rest of a report."""
    medicines = _medicines_line(report)
    if medicines:
        lines.append(_wrapped("Medications read as: ", [medicines]))
    if report.get("unrecognised_medications"):
        lines.append(_wrapped("Medications not recognised: ", report["unrecognised_medications"]))
    if report.get("not_read"):  # FHIR input: what of the record was not used (resource and element)
        lines.append(_wrapped("Not read from the record: ",
                              [f"{n['resource']} ({n['element']})" for n in report["not_read"]]))
    if report.get("read_as"):  # values written otherwise than the vocabulary spells them (#22)
        lines.append(_wrapped("Values read: ", [read_as_line(report["read_as"])]))
    if report.get("rule_base"):
        lines.append(f"  {rule_base_line(report['rule_base'])}")
    return "\n".join(lines) + "\n"


def read_as_line(read_as: list[Mapping[str, Any]]) -> str:
    """``sex 'Male' read as 'male'; symptoms 'Cramps' read as 'cramps'``."""
    return "; ".join(f"{r['key']} '{r['given']}' read as '{r['read_as']}'" for r in read_as)


def rule_base_line(stamp: Mapping[str, Any]) -> str:
    """Which rule base produced a report, in one line."""
    return f"Rule base: sorewhy {stamp.get('version')}, sha256 {stamp.get('sha256')}"


def _fit(text: str, width: int) -> str:
    """Wrap a table cell (tabulate keeps the lines; wrapping here is cheaper
    than its own column wrapping)."""
    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False))


def _medicines_line(report: Mapping[str, Any]) -> str | None:
    """How the medicines were read, one line (engine/medications.py)."""
    if not (report.get("medications_read") or report.get("medication_suggestions")):
        return None
    from sorewhy.engine.medications import summary_line

    return summary_line(report)


def _item(prefix: str, text: str) -> str:
    """A list item wrapped under its own text."""
    return textwrap.fill(text, width=_WIDTH, initial_indent=prefix, subsequent_indent=" " * len(prefix),
                         break_on_hyphens=False, break_long_words=False)


def _wrapped(label: str, items: Sequence[str], sep: str = ", ") -> str:
    return textwrap.fill(sep.join(items), width=_WIDTH, initial_indent="  " + label, subsequent_indent="    ",
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

    produce = "report"
    """What this writer takes from the batch (engine/batch.py ``PRODUCE``):
    reports for :meth:`write`, or with another value blocks of that output
    made elsewhere (in worker processes) for :meth:`write_block`."""

    def write_block(self, block: Any) -> None:
        """A run of profiles' output made by the batch (``Block``); only
        writers whose ``produce`` is not ``report`` take blocks."""
        raise NotImplementedError

    def end(self) -> None:
        pass

    def _notices(self) -> Sequence[str]:
        return self.notices or [NOTICE]


class JsonWriter(ReportWriter):
    """A JSON array, written as it goes: ``[``, reports separated by commas,
    ``]``, each report indented by two spaces (engine/report_json.py)."""

    produce = "json"

    def _write(self, report: Mapping[str, Any]) -> None:
        from sorewhy.engine.report_json import report_indented

        self.stream.write(("[\n" if self.count == 0 else ",\n") + "  " + report_indented(report))

    def write_block(self, block: Any) -> None:
        if block.count:
            self.stream.write("[\n" if self.count == 0 else ",\n")
            write_utf8(self.stream, block.data)
            self.count += block.count

    def end(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")


class JsonlWriter(ReportWriter):
    """One report a line (engine/report_json.py)."""

    produce = "jsonl"

    def _write(self, report: Mapping[str, Any]) -> None:
        from sorewhy.engine.report_json import report_line

        self.stream.write(report_line(report) + "\n")

    def write_block(self, block: Any) -> None:
        write_utf8(self.stream, block.data)
        self.count += block.count


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
