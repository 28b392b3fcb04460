"""`evaluate --format csv` and `--format parquet`: one compact row per report.

The columns are those of :mod:`sorewhy.engine.compact`; these writers only
stream them out (row by row for CSV, a row group per batch for Parquet), so
memory stays flat however many profiles a batch has.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import IO, Any, TextIO, cast

from sorewhy.cli.formatting import PLAIN, ReportWriter, Style
from sorewhy.cli.output import LineError, write_utf8

# sorewhy.engine.compact (and with it the knowledge base) is imported when a
# writer starts, so that `evaluate --help` stays light.

FORMATS = ("csv", "parquet")
BINARY_FORMATS = frozenset({"parquet"})
"""Formats that cannot go to standard output (they need ``--output FILE``)."""


class CsvWriter(ReportWriter):
    """A header row, then one row per report (the compact columns); the
    notice in the first row only."""

    produce = "csv"

    def write_block(self, block: Any) -> None:
        data = block.data
        if self._rows.first and block.notice_at is not None:
            from sorewhy.engine.compact import with_notice

            data = with_notice(data, block.notice_at)
            self._rows.first = False
        write_utf8(self.stream, data)
        self.count += block.count

    def begin(self) -> None:
        from sorewhy.engine.compact import CsvRowWriter, compact_row

        self._rows = CsvRowWriter(self.stream)
        self._compact = compact_row

    def _write(self, report: Mapping[str, Any]) -> None:
        self._rows.write(self._compact(report))


class ParquetWriter(ReportWriter):
    """A Parquet file of the compact columns, typed (float certainties, text
    elsewhere), written a row group at a time to the binary layer of the
    output file."""

    def __init__(self, stream: TextIO, style: Style = PLAIN) -> None:
        super().__init__(stream, style)
        if stream is sys.stdout or getattr(stream, "buffer", None) is None:
            raise LineError("--format parquet writes a binary file: give --output FILE.parquet")
        from sorewhy.engine.compact import require_pyarrow

        require_pyarrow()

    def begin(self) -> None:
        from sorewhy.engine.compact import ParquetRowWriter, compact_row

        self.stream.flush()
        self._binary = _Unclosable(self.stream.buffer)
        self._rows = ParquetRowWriter(cast(IO[bytes], self._binary))  # file-like enough for pyarrow
        self._compact = compact_row

    produce = "rows"

    def _write(self, report: Mapping[str, Any]) -> None:
        self._rows.write(self._compact(report))

    def write_block(self, block: Any) -> None:
        for row in block.items:
            self._rows.write(row)
        self.count += block.count

    def end(self) -> None:
        self._rows.close()
        self._binary.flush()


class _Unclosable:
    """A binary stream that the Parquet writer may 'close' without closing
    the output file under it (the atomic output closes and renames that)."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self.closed = False

    def write(self, data: Any) -> int:
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()

    def tell(self) -> int:
        return self._raw.tell()

    def close(self) -> None:
        self.flush()
        self.closed = True

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False


WRITERS: dict[str, type[ReportWriter]] = {"csv": CsvWriter, "parquet": ParquetWriter}


class BatchSummary:
    """``evaluate --summary FILE``: the batch summary of the reports as they
    are written, saved (atomically) when the batch ends."""

    def __init__(self, path: str, sources: Sequence[str] = ()) -> None:
        from sorewhy.cli.output import check_output_path
        from sorewhy.engine.compact import compact_row
        from sorewhy.engine.summary import Summary

        check_output_path(path, sources, "--summary")  # fail before any work
        self.path = path
        self.summary = Summary(sources=["<stdin>" if s == "-" else s for s in sources])
        self._compact = compact_row

    def add(self, report: Mapping[str, Any]) -> None:
        row = self._compact(report)
        if isinstance(report.get("fired"), list):  # the firing rates (#25); compact rows carry no fired ids
            row["fired"] = report["fired"]
        if isinstance(report.get("rule_base"), Mapping):
            row["rule_base"] = report["rule_base"]
        self.summary.add(row)

    def add_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Compact rows the batch made (``Block.rows``)."""
        for row in rows:
            self.summary.add(row)

    def write(self) -> None:
        from sorewhy.cli.output import atomic_output
        from sorewhy.cli.summarize import render

        with atomic_output(self.path) as stream:
            stream.write(render(self.summary.as_dict(), self.path))


def summary_for(path: str | None, sources: Sequence[str] = ()) -> BatchSummary | None:
    """The summary ``--summary`` asks for (of the reports of ``sources``), or None."""
    return BatchSummary(path, sources) if path else None
