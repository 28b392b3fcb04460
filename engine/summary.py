"""A batch summary: what a researcher reports about a survey's results.

Built from compact rows (:mod:`sorewhy.engine.compact`), one at a time, so a
summary of any number of reports takes constant memory: how many profiles,
how many could not be evaluated, the referral levels, and for each finding
how often it leads (is the first finding of a report) and how often it
appears at all (at a certainty that counts, engine/certainty.py
CONSIDER_THRESHOLD), with its mean certainty where it appears.

Reading report files (JSON arrays, JSON Lines, compact CSV or Parquet) is
here too, streamed: a JSON array of reports is decoded one report at a time.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from sorewhy import NOTICE
from sorewhy.engine.certainty import considered
from sorewhy.engine.compact import (
    CompactFileError,
    compact_row,
    read_compact_csv,
    read_compact_parquet,
)
from sorewhy.engine.loaders import MAX_RECORD_BYTES
from sorewhy.knowledge import FINDING_IDS

REFERRAL_LEVELS = ("urgent", "see_doctor", "self_care")
"""Most urgent first, as a summary lists them."""

REPORT_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}


@dataclass
class FindingCount:
    leads: int = 0
    appears: int = 0
    certainty_sum: float = 0.0

    def mean_certainty(self) -> float | None:
        return round(self.certainty_sum / self.appears, 4) if self.appears else None


@dataclass
class Summary:
    """Counts over compact rows; :meth:`add` one row at a time."""

    profiles: int = 0
    errors: int = 0
    errors_urgent: int = 0
    """Profiles with an error whose red flags, read from their valid parts, still give urgent."""
    no_finding: int = 0
    referral: Counter = field(default_factory=Counter)
    findings: dict[str, FindingCount] = field(default_factory=lambda: {f: FindingCount() for f in FINDING_IDS})
    sources: list[str] = field(default_factory=list)
    rules: Counter = field(default_factory=Counter)
    """Rule id -> in how many evaluated profiles it fired (of :attr:`rules_known`)."""
    rules_known: int = 0
    """Evaluated profiles whose fired rules are known: read from full reports
    (``fired``); compact rows do not carry them."""
    rule_bases: list[dict[str, Any]] = field(default_factory=list)
    """The distinct rule-base stamps of the reports (full reports only)."""

    def add(self, row: Mapping[str, Any]) -> None:
        self.profiles += 1
        stamp = row.get("rule_base")
        if isinstance(stamp, Mapping) and dict(stamp) not in self.rule_bases:
            self.rule_bases.append(dict(stamp))
        if row.get("error"):
            self.errors += 1
            if row.get("referral") == "urgent":
                self.errors_urgent += 1
            return
        level = row.get("referral")
        if level:
            self.referral[level] += 1
        fired = row.get("fired")
        if isinstance(fired, list):
            self.rules_known += 1
            self.rules.update(set(fired))
        lead = row.get("top_1")
        if lead is None:
            self.no_finding += 1
        elif lead in self.findings:
            self.findings[lead].leads += 1
        for fid, count in self.findings.items():
            certainty = row.get(f"certainty_{fid}")
            if certainty is not None and considered(certainty):
                count.appears += 1
                count.certainty_sum += certainty

    @property
    def evaluated(self) -> int:
        return self.profiles - self.errors

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain JSON data (shares are of the evaluated profiles)."""
        def share(n: int) -> float | None:
            return round(n / self.evaluated, 4) if self.evaluated else None

        return {
            "profiles": self.profiles,
            "evaluated": self.evaluated,
            "errors": self.errors,
            "errors_urgent": self.errors_urgent,
            "referral": {level: {"count": self.referral.get(level, 0), "share": share(self.referral.get(level, 0))}
                         for level in REFERRAL_LEVELS},
            "no_finding": {"count": self.no_finding, "share": share(self.no_finding)},
            "findings": [
                {"id": fid, "leads": c.leads, "leads_share": share(c.leads), "appears": c.appears,
                 "appears_share": share(c.appears), "mean_certainty": c.mean_certainty()}
                for fid, c in self.ranked()
            ],
            "rules_known": self.rules_known,
            "rules": [
                {"id": rid, "fired": n, "share": round(n / self.rules_known, 4)}
                for rid, n in sorted(self.rules.items(), key=lambda item: (-item[1], item[0]))
            ],
            "rule_base": list(self.rule_bases),
            "sources": list(self.sources),
            "notice": NOTICE,
        }

    def ranked(self) -> list[tuple[str, FindingCount]]:
        """Findings by how often they lead, then how often they appear, then id."""
        return sorted(self.findings.items(), key=lambda item: (-item[1].leads, -item[1].appears, item[0]))


# --- reading report files ------------------------------------------------------------


def report_format(path: str) -> str:
    """The format of a report file by its extension; CompactFileError if none."""
    fmt = REPORT_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise CompactFileError(f"{path}: unknown report file type {Path(path).suffix or '(none)'!r}; expected "
                               ".json or .jsonl reports, or .csv or .parquet compact rows from sorewhy evaluate")
    return fmt


def read_rows(path: str, stdin: IO[str] | None = None, with_fired: bool = False) -> Iterator[dict[str, Any]]:
    """Compact rows of every report in one file (``-``: JSON or JSON Lines
    reports on standard input), streamed. Raises :class:`CompactFileError`
    naming the file (and line) when it cannot be read as reports.

    With `with_fired`, a row read from a full report also holds ``fired``
    (the report's rule ids in firing order) and ``rule_base`` (its stamp),
    where the report has them; compact files (CSV, Parquet) do not carry
    them, so their rows have neither."""
    if path == "-":
        yield from _json_rows(stdin if stdin is not None else _stdin_text(), "<stdin>", with_fired)
        return
    fmt = report_format(path)
    if fmt == "parquet":
        yield from read_compact_parquet(path)
        return
    try:
        handle = open(path, encoding="utf-8-sig", newline="" if fmt == "csv" else None)  # noqa: SIM115
    except OSError as exc:
        raise CompactFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    with handle:
        try:
            if fmt == "csv":
                yield from read_compact_csv(bounded_lines(handle, path), path)
            else:
                yield from _json_rows(handle, path, with_fired)
        except UnicodeDecodeError:
            raise CompactFileError(f"{path}: not UTF-8 text") from None
        except OSError as exc:
            raise CompactFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def bounded_lines(handle: IO[str], source: str) -> Iterator[str]:
    """The lines of a text file, each read only up to MAX_REPORT_CHARS: a
    longer line is an error naming it, never read whole."""
    n = 0
    while True:
        line = handle.readline(MAX_REPORT_CHARS + 2)
        if not line:
            return
        n += 1
        if len(line.rstrip("\r\n")) > MAX_REPORT_CHARS:
            raise CompactFileError(f"{source}: line {n}: longer than the {MAX_REPORT_CHARS >> 20} MiB limit "
                                   "for one report; expected compact rows that sorewhy evaluate wrote")
        yield line


def _stdin_text() -> IO[str]:
    import sys

    return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig")


def _json_rows(stream: IO[str], source: str, with_fired: bool = False) -> Iterator[dict[str, Any]]:
    for line, value in iter_json_values(stream, source):
        if not isinstance(value, Mapping) or "id" not in value or "findings" not in value:
            raise CompactFileError(f"{source}: line {line}: not a sorewhy report (expected an object with "
                                   "'id', 'findings', 'referral' and 'error')")
        try:
            row = compact_row(value)
            if with_fired:
                fired = value.get("fired")
                if isinstance(fired, list) and all(isinstance(r, str) for r in fired):
                    row["fired"] = fired
                if isinstance(value.get("rule_base"), Mapping):
                    row["rule_base"] = value["rule_base"]
            yield row
        except (KeyError, TypeError, ValueError) as exc:
            raise CompactFileError(f"{source}: line {line}: not a sorewhy report ({type(exc).__name__}: {exc})") \
                from None


_CHUNK = 1 << 20
MAX_REPORT_CHARS = MAX_RECORD_BYTES
"""The longest report read (evaluate's limit for one record, 1 MiB)."""
_WHITESPACE = " \t\r\n"


def iter_json_values(stream: IO[str], source: str) -> Iterator[tuple[int, Any]]:
    """Every JSON value of a stream holding one array of values (as
    ``--format json`` writes), a single value, or one value a line (JSON
    Lines), decoded one at a time, with the line each starts on.

    Memory is bounded by the largest value plus one read chunk, not by the
    file: a million reports in one array are never held at once."""
    decoder = json.JSONDecoder()
    buffer = ""
    pos = 0
    line = 1
    eof = False
    in_array = None  # unknown until the first non-blank character

    def fill() -> bool:
        nonlocal buffer, pos, eof
        if eof:
            return False
        chunk = stream.read(_CHUNK)
        if not chunk:
            eof = True
            return False
        buffer = buffer[pos:] + chunk
        pos = 0
        return True

    def skip_blank() -> bool:
        """Move past whitespace; False at the end of the stream."""
        nonlocal pos, line
        while True:
            while pos < len(buffer) and buffer[pos] in _WHITESPACE:
                if buffer[pos] == "\n":
                    line += 1
                pos += 1
            if pos < len(buffer):
                return True
            if not fill():
                return False

    if not skip_blank():
        raise CompactFileError(f"{source}: empty file, expected reports")
    if buffer[pos] == "[":
        in_array = True
        pos += 1
    first = True
    while True:
        if not skip_blank():
            if in_array:
                raise CompactFileError(f"{source}: line {line}: the array of reports is not closed with ']'")
            return
        if in_array:
            if buffer[pos] == "]":
                pos += 1
                if skip_blank():
                    raise CompactFileError(f"{source}: line {line}: text after the array of reports")
                return
            if not first:
                if buffer[pos] != ",":
                    raise CompactFileError(f"{source}: line {line}: expected ',' or ']' between reports")
                pos += 1
                if not skip_blank():
                    raise CompactFileError(f"{source}: line {line}: the array of reports is not closed with ']'")
        while True:
            try:
                value, end = decoder.raw_decode(buffer, pos)
                break
            except json.JSONDecodeError as exc:
                if len(buffer) - pos > MAX_REPORT_CHARS:
                    # As evaluate reads no record longer than this, no report
                    # is read whole beyond it (a report is some kilobytes).
                    raise CompactFileError(f"{source}: line {line}: a report longer than the "
                                           f"{MAX_REPORT_CHARS >> 20} MiB limit; expected reports that "
                                           "sorewhy evaluate wrote") from None
                if fill():
                    continue  # the value may run past what has been read so far
                raise CompactFileError(f"{source}: line {line}: invalid JSON (in the value starting there): "
                                       f"{exc.msg}") from None
            except RecursionError:
                raise CompactFileError(f"{source}: line {line}: invalid JSON: nested too deeply") from None
        yield line, value
        line += buffer.count("\n", pos, end)
        pos = end
        first = False


# --- drift: what moved between two summaries --------------------------------------------


class SummaryFileError(ValueError):
    """An old summary that cannot be read; the message names the file and the key."""


def read_summary(path: str) -> dict[str, Any]:
    """A summary `sorewhy summarize --format json` (or ``evaluate --summary
    FILE.json``) wrote; :class:`SummaryFileError` naming the file and key."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise SummaryFileError(f"--against {path}: cannot be read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SummaryFileError(f"--against {path}: not a JSON summary ({exc}); expected what "
                               "`sorewhy summarize --format json` writes") from None
    if not isinstance(data, dict):
        raise SummaryFileError(f"--against {path}: expected a JSON object, the summary "
                               "`sorewhy summarize --format json` writes")
    for key, kind in (("evaluated", int), ("referral", dict), ("findings", list)):
        if not isinstance(data.get(key), kind):
            raise SummaryFileError(f"--against {path}: key '{key}': expected {kind.__name__}, as "
                                   "`sorewhy summarize --format json` writes it")
    return data


def _moves(old: Mapping[str, tuple[int, float | None]], new: Mapping[str, tuple[int, float | None]]
           ) -> list[dict[str, Any]]:
    """id -> (count, share) before and after: the ids whose count or share moved,
    the largest move of share first."""
    out = []
    for key in list(dict.fromkeys([*old, *new])):
        (c0, s0), (c1, s1) = old.get(key, (0, 0.0)), new.get(key, (0, 0.0))
        if c0 == c1 and s0 == s1:
            continue
        change = None if s0 is None or s1 is None else round(s1 - s0, 4)
        out.append({"id": key, "before": c0, "after": c1, "share_before": s0, "share_after": s1,
                    "share_change": change})
    out.sort(key=lambda m: (-abs(cast(float, m["share_change"] or 0)), str(m["id"])))
    return out


def drift(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """What moved from summary `old` to summary `new`: referral levels, how
    often each finding leads, how often each rule fires (shares of the
    evaluated profiles; of those whose fired rules are known, for rules)."""
    def levels(data: Mapping[str, Any]) -> dict[str, tuple[int, float | None]]:
        return {k: (v.get("count", 0), v.get("share")) for k, v in data["referral"].items()}

    def leads(data: Mapping[str, Any]) -> dict[str, tuple[int, float | None]]:
        return {f["id"]: (f.get("leads", 0), f.get("leads_share")) for f in data["findings"]}

    def rules(data: Mapping[str, Any]) -> dict[str, tuple[int, float | None]]:
        return {r["id"]: (r.get("fired", 0), r.get("share")) for r in data.get("rules") or []}

    rates = bool(old.get("rules_known")) and bool(new.get("rules_known"))
    return {
        "profiles": {"before": old.get("profiles"), "after": new.get("profiles")},
        "evaluated": {"before": old.get("evaluated"), "after": new.get("evaluated")},
        "errors": {"before": old.get("errors"), "after": new.get("errors")},
        "rule_base": {"before": old.get("rule_base") or [], "after": new.get("rule_base") or []},
        "referral": _moves(levels(old), levels(new)),
        "leading": _moves(leads(old), leads(new)),
        "rules_compared": rates,
        "rules": _moves(rules(old), rules(new)) if rates else [],
    }
