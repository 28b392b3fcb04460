"""Reports to hand to a doctor: the HTML and Markdown formats of ``evaluate``.

Both lay out the same :class:`~sorewhy.cli.report_view.ReportView` with a
Jinja2 template shipped in the package (``cli/templates``). The HTML page is
self-contained (inline CSS, no script, nothing fetched) and printable on A4;
it is autoescaped, so text from a facts file shows as typed. The Markdown is
CommonMark; every value is escaped for Markdown by the template environment.

Many profiles get a table of contents before their sections, so the sections
are kept in a temporary spool (in memory up to a few megabytes, then on disk)
until the last report is in: a batch is never held whole in memory.
"""

from __future__ import annotations

import datetime
import functools
import re
import shutil
import tempfile
from collections.abc import Mapping
from typing import Any, TextIO

from sorewhy import NOTICE, __version__
from sorewhy.cli import report_view as view_model
from sorewhy.cli.formatting import PLAIN, ReportWriter, Style, md
from sorewhy.cli.report_view import ReportView, report_view

_SPOOL_BYTES = 4 << 20


class Raw(str):
    """Markdown the template environment must not escape again."""


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Raw) or not isinstance(value, str):
        return value
    return md(value)


def _md_code(text: Any) -> Raw:
    """Text to put inside backticks (which cannot be escaped there)."""
    return Raw(" ".join(str(text).replace("`", "'").split()))


_URL = re.compile(r"^https?://[^\s<>`]+$")


def _md_url(text: Any) -> str:
    """A URL for an autolink ``<…>``, where escapes do not work; anything that
    is not a plain URL is escaped as text instead."""
    text = str(text)
    return Raw(text) if _URL.match(text) else md(text)


@functools.cache
def environment(kind: str) -> Any:
    """The Jinja2 environment of one format: ``html`` (autoescaped) or ``markdown``."""
    import jinja2

    loader = jinja2.PackageLoader("sorewhy.cli", "templates")
    if kind == "html":
        return jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                  undefined=jinja2.StrictUndefined)
    env = jinja2.Environment(loader=loader, autoescape=False, trim_blocks=True, lstrip_blocks=True,
                             finalize=_md_finalize, undefined=jinja2.StrictUndefined)
    env.filters["code"] = _md_code
    env.filters["raw"] = Raw  # a macro's output, whose values the environment escaped already
    env.filters["url"] = _md_url
    return env


@functools.cache
def _module(kind: str) -> Any:
    name = "report.html.j2" if kind == "html" else "report.md.j2"
    return environment(kind).get_template(name).module


def markdown_section(report: Mapping[str, Any], level: int = 2, date: datetime.date | None = None) -> str:
    """One report as a Markdown section whose heading has `level` hashes."""
    return str(_module("markdown").section(report_view(report, date), Raw("#" * level)))


def html_section(report: Mapping[str, Any], number: int = 1, date: datetime.date | None = None) -> str:
    """One report as an HTML ``<section>``; `number` keeps its anchors apart from other sections'."""
    return str(_module("html").section(report_view(report, date), number))


class DocumentWriter(ReportWriter):
    """A document of sections, one per report, behind a head with a table of
    contents (when there is more than one) and before an end."""

    kind = ""

    def __init__(self, stream: TextIO, style: Style = PLAIN, date: datetime.date | None = None) -> None:
        super().__init__(stream, style)
        self.date = date or view_model.today()
        self.toc: list[tuple[str, str, str]] = []
        self.version: str | None = None
        self.spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8",
                                                   newline="\n")
        self.module = _module(self.kind)

    def _write(self, report: Mapping[str, Any]) -> None:
        view = report_view(report, self.date)
        if self.version is None and not view.error:
            self.version = view.version
        if view.error and view.reasons:  # broken, but a red flag in its valid parts (engine/salvage.py)
            entry = (view.id, view.level, f"could not be evaluated; {view.headline}")
        else:
            entry = (view.id, "error" if view.error else view.level,
                     "could not be evaluated" if view.error else view.headline)
        self.toc.append(entry)
        self.spool.write(self._section(view, len(self.toc)))

    def _section(self, view: ReportView, number: int) -> str:
        raise NotImplementedError

    def _title(self) -> str:
        return f"sorewhy report: {self.toc[0][0]}" if len(self.toc) == 1 else "sorewhy report"

    def end(self) -> None:
        notice = self._notices()[0] if self.notices else NOTICE
        self.stream.write(str(self.module.page_start(self._title(), self.toc, notice, self.date.isoformat(),
                                                     self.version or __version__)))
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()
        self.stream.write(self._end())

    def _end(self) -> str:
        raise NotImplementedError


class HtmlWriter(DocumentWriter):
    """One self-contained, printable HTML page."""

    kind = "html"

    def _section(self, view: ReportView, number: int) -> str:
        return str(self.module.section(view, number)) + "\n"

    def _end(self) -> str:
        return str(self.module.page_end(self.count, self._notices()[0]))


class MarkdownWriter(DocumentWriter):
    """A CommonMark document: the notice first and last, a section per profile."""

    kind = "markdown"

    def _section(self, view: ReportView, number: int) -> str:
        return str(self.module.section(view, Raw("##")))

    def _title(self) -> str:
        return "sorewhy report"

    def _end(self) -> str:
        return str(self.module.page_end(self.count, list(self._notices())))
