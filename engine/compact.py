"""Compact rows: one flat record per report, for survey-scale analysis.

A full report (contract §2) is about 11 KB of JSON; a survey of a million
profiles wants one small row each that pandas, R, DuckDB or Spark read
directly. This module is the one place that decides those columns; the CSV
and Parquet formats of ``sorewhy evaluate``, ``sorewhy summarize`` and
:func:`evaluate_partition` (a partition of a Dask or pandas DataFrame) all
use it, so they cannot drift apart.

The columns (:data:`COLUMNS`), in order:

``id``
    the profile's id.
``referral``
    ``self_care``, ``see_doctor`` or ``urgent``; empty when the profile could
    not be evaluated.
``disposition``
    how soon (``self_care``, ``doctor_routine``, ``doctor_soon``,
    ``urgent_today``, ``emergency_now``): the report's
    ``referral.disposition``; empty when the profile could not be evaluated.
``certainty_<finding>``
    one column per finding id of the contract (``certainty_magnesium`` …
    ``certainty_possible_dvt``): the finding's certainty (0–1), empty when the
    report does not have that finding.
``top_1``, ``top_2``, ``top_3``
    the ids of the report's first three findings (highest certainty first,
    ties by id), empty where it has fewer.
``referral_reasons``
    the ids of the rules the report gives as the referral's reasons, in
    firing order, joined with ``;``.
``red_flags``
    the ids of the red-flag rules that fired (those that referred urgently:
    the reasons of an ``urgent`` referral), joined with ``;``; empty when
    none did.
``error``
    empty, or why this profile could not be evaluated.
``notice``
    the not-medical-advice notice, as every report carries it. In a row (a
    dict, a DataFrame) every row holds it. A file holds it once, so that it
    travels with the file without being most of its bytes: a CSV file in the
    ``notice`` cell of its first row only (the other rows' are empty; reading
    the file back gives every row the first row's notice), a Parquet file in
    its schema's metadata (``sorewhy.notice``) and in its column, where the
    same text is stored once per row group (dictionary encoding).

Nothing here imports the inference engine except :func:`evaluate_partition`,
and nothing imports pandas or pyarrow until a function that needs them is
called.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import IO, Any

from sorewhy import NOTICE
from sorewhy.engine.certainty import considered
from sorewhy.engine.loaders import (
    _INT_KEYS,
    LABS_TWICE,
    _cell,
    _salvaged,
    _usable_id,
    _where,
    columns_twice,
    repeated_columns,
)
from sorewhy.engine.profile import validate_profile
from sorewhy.engine.salvage import salvaged_error_report
from sorewhy.errors import ProfileError, SorewhyError
from sorewhy.knowledge import FINDING_IDS

TOP = 3
"""How many leading findings get a column of their own."""

CERTAINTY_COLUMNS: tuple[str, ...] = tuple(f"certainty_{fid}" for fid in FINDING_IDS)
TOP_COLUMNS: tuple[str, ...] = tuple(f"top_{n}" for n in range(1, TOP + 1))
COLUMNS: tuple[str, ...] = ("id", "referral", "disposition", *CERTAINTY_COLUMNS, *TOP_COLUMNS,
                            "referral_reasons", "red_flags", "error", "notice")
"""Every compact row has exactly these keys, in this order."""

FLOAT_COLUMNS = frozenset(CERTAINTY_COLUMNS)
"""Columns holding a number (or nothing); all others hold text (or nothing)."""

Row = dict[str, Any]


class MissingExtraError(SorewhyError):
    """An optional dependency (an extra such as ``sorewhy[parquet]``) is not installed."""


class CompactFileError(SorewhyError):
    """A file of compact rows (CSV) that cannot be read as one."""


def compact_row(report: Mapping[str, Any]) -> Row:
    """A report (contract §2) as one compact row (see :data:`COLUMNS`).

    Missing values are ``None``. A finding id outside the contract's still
    counts in ``top_N`` but has no certainty column. Only findings of at least
    :data:`~sorewhy.engine.certainty.CONSIDER_THRESHOLD` count in ``top_N``
    (their certainty column is filled either way)."""
    row: Row = dict.fromkeys(COLUMNS)
    row["id"] = report.get("id")
    referral = report.get("referral")
    if isinstance(referral, Mapping):
        row["referral"] = referral.get("level")
        row["disposition"] = referral.get("disposition")
        rules = [r["rule"] for r in referral.get("reasons") or ()]
        row["referral_reasons"] = _joined(rules)
        row["red_flags"] = _joined(rules) if referral.get("level") == "urgent" else None
    findings = report.get("findings") or []
    for finding in findings:
        column = f"certainty_{finding['id']}"
        if column in row:
            row[column] = float(finding["certainty"])
    leading = [finding for finding in findings if considered(float(finding["certainty"]))]
    for n, finding in enumerate(leading[:TOP], start=1):
        row[f"top_{n}"] = finding["id"]
    row["error"] = report.get("error") or None
    row["notice"] = report.get("notice") or NOTICE
    return row


def _joined(ids: Iterable[str]) -> str | None:
    """Rule ids joined with ``;`` (None for none)."""
    return ";".join(ids) or None


def inferred_row(profile_id: str, findings: Iterable[tuple[str, float]], level: str,
                 disposition: str | None = None, reasons: Iterable[str] = (),
                 red_flags: Iterable[str] = ()) -> Row:
    """The compact row of a profile evaluated without its report: from
    :func:`~sorewhy.engine.core.ranked_findings`,
    :func:`~sorewhy.engine.core.referral_level`,
    :func:`~sorewhy.engine.core.referral_disposition`,
    :func:`~sorewhy.engine.core.referral_reasons` and
    :func:`~sorewhy.engine.core.red_flag_rules` of its run, the same row as
    :func:`compact_row` of the report (the report lists those findings, in
    that order, that level and disposition, and those reasons)."""
    row: Row = dict.fromkeys(COLUMNS)
    row["id"] = profile_id
    row["referral"] = level
    row["disposition"] = disposition
    row["referral_reasons"] = _joined(reasons)
    row["red_flags"] = _joined(red_flags)
    n = 0
    for finding_id, certainty in findings:
        column = f"certainty_{finding_id}"
        if column in row:
            row[column] = float(certainty)
        if n < TOP and considered(certainty):
            n += 1
            row[TOP_COLUMNS[n - 1]] = finding_id
    row["notice"] = NOTICE
    return row


def evaluated_row(evaluator: Any, profile: Any, profile_id: str) -> Row:
    """The compact row of one validated profile, from the inference alone
    (``Evaluator.infer``): no unknowns analysis, no report. A failure of
    sorewhy itself on the profile is that profile's error, as in a report."""
    from sorewhy.engine.core import (
        ranked_findings,
        red_flag_rules,
        referral_disposition,
        referral_level,
        referral_reasons,
    )

    try:
        state = evaluator.infer(profile)
        return inferred_row(profile_id, ranked_findings(state), referral_level(state), referral_disposition(state),
                            [m.id for m in referral_reasons(state)], red_flag_rules(state))
    except Exception as exc:  # noqa: BLE001 - one profile's bug must not end the batch
        from sorewhy.engine.batch import internal_error_report

        return compact_row(internal_error_report(profile_id, exc))


def compact_rows(reports: Iterable[Mapping[str, Any]]) -> Iterator[Row]:
    """Compact rows of a stream of reports, one at a time."""
    for report in reports:
        yield compact_row(report)


# --- CSV ----------------------------------------------------------------------------


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may run as a formula when a cell starts with it (OWASP,
CSV Injection: https://owasp.org/www-community/attacks/CSV_Injection)."""


def csv_cell(value: Any) -> str:
    """How a compact value is written in CSV: empty for None, ``repr`` for a
    number (as JSON writes it), else the text, made safe for a spreadsheet
    (:func:`spreadsheet_text`)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return spreadsheet_text(str(value))


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet shows as text, never runs: a text starting with
    one of :data:`FORMULA_STARTS` (an id such as ``=HYPERLINK(...)``) gets a
    single quote in front, as OWASP's CSV-injection guidance says. So that
    :func:`from_spreadsheet_text` gives back exactly what was written, a
    text whose single quotes at the start are followed by one of those
    gets one more."""
    rest = text.lstrip("'")
    if rest.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def from_spreadsheet_text(text: str) -> str:
    """The text :func:`spreadsheet_text` was given."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_cells(row: Mapping[str, Any], notice: bool = False) -> list[str]:
    """A compact row's CSV cells; the notice cell is empty unless `notice`
    (a file says it once, in its first row)."""
    cells = [csv_cell(row[c]) for c in COLUMNS]
    if not notice:
        cells[-1] = ""
    return cells


def csv_notice_cell(notice: str = NOTICE) -> str:
    """The notice as the text of a CSV cell (quoted as RFC 4180 needs)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([notice])
    return buffer.getvalue()[:-1]


def with_notice(data: bytes | str, at: int) -> bytes | str:
    """CSV text (or its UTF-8 bytes) of compact rows whose first row's empty
    notice cell ends at `at` (engine/batch.py ``Block.notice_at``), with the
    notice in that cell: the first rows of a file."""
    cell = csv_notice_cell()
    return data[:at] + (cell.encode("utf-8") if isinstance(data, bytes) else cell) + data[at:]  # type: ignore[operator]


class CsvRowWriter:
    """Writes compact rows as CSV to a text stream, row by row (RFC 4180
    quoting, ``\\n`` line ends, a header row first); the notice in the first
    row only."""

    def __init__(self, stream: IO[str]) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow(COLUMNS)
        self.first = True
        """No row written yet: the next one carries the notice."""

    def write(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow(csv_cells(row, self.first))
        self.first = False


def read_compact_csv(stream: Iterable[str], source: str) -> Iterator[Row]:
    """Compact rows back from CSV that :class:`CsvRowWriter` wrote (numbers as
    floats, empty cells as None; an empty notice cell is the notice of the
    rows before it, as the file says it once). Raises :class:`CompactFileError` when the
    header is not the compact columns or a row is malformed."""
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CompactFileError(f"{source}: invalid CSV header: {exc}") from None
    if header is None:
        raise CompactFileError(f"{source}: empty file, expected a header row of compact report columns")
    missing = [c for c in ("id", "referral", "error") if c not in header]
    if missing:
        raise CompactFileError(f"{source}: not a file of compact reports (no column {missing[0]!r}); "
                               "expected what `sorewhy evaluate --format csv` writes")
    index = {name: n for n, name in enumerate(header)}
    notice = None
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CompactFileError(f"{source}: line {reader.line_num}: invalid CSV: {exc}") from None
        if not cells:
            continue
        if len(cells) != len(header):
            raise CompactFileError(f"{source}: line {reader.line_num}: has {len(cells)} cells, "
                                   f"expected {len(header)} as the header names")
        row: Row = dict.fromkeys(COLUMNS)
        for name, n in index.items():
            if name not in row:
                continue
            text = cells[n]
            if not text:
                continue
            if name in FLOAT_COLUMNS:
                try:
                    row[name] = float(text)
                except ValueError:
                    raise CompactFileError(f"{source}: line {reader.line_num}: column {name!r}: "
                                           f"expected a number, got {text[:40]!r}") from None
            else:
                row[name] = from_spreadsheet_text(text)
        if row["notice"] is None:
            row["notice"] = notice
        notice = row["notice"]
        yield row


# --- Parquet (pyarrow, the optional [parquet] extra) --------------------------------


def require_pyarrow() -> Any:
    """Import pyarrow, or raise :class:`MissingExtraError` saying how to get it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - the writer lives there
    except ImportError:
        raise MissingExtraError("the parquet format needs pyarrow, which is not installed; "
                                "install it with: pip install 'sorewhy[parquet]'") from None
    return pyarrow


def arrow_schema() -> Any:
    """The compact columns as a pyarrow schema: float64 certainties, text
    elsewhere, every column nullable but ``id``; the notice also in the
    schema's metadata."""
    pa = require_pyarrow()
    fields = [pa.field("id", pa.string(), nullable=False)]
    fields += [pa.field(c, pa.float64() if c in FLOAT_COLUMNS else pa.string()) for c in COLUMNS[1:]]
    return pa.schema(fields, metadata={"sorewhy.notice": NOTICE, "sorewhy.columns": "compact report rows"})


class ParquetRowWriter:
    """Writes compact rows to a binary stream as Parquet, a row group per
    ``batch_size`` rows, so that memory stays flat in the number of rows."""

    def __init__(self, stream: IO[bytes], batch_size: int = 65_536) -> None:
        pa = require_pyarrow()
        self._pa = pa
        self._schema = arrow_schema()
        self._writer = pa.parquet.ParquetWriter(stream, self._schema, compression="zstd")
        self._batch_size = batch_size
        self._pending: dict[str, list[Any]] = {c: [] for c in COLUMNS}
        self._count = 0

    def write(self, row: Mapping[str, Any]) -> None:
        for column, values in self._pending.items():
            values.append(row[column])
        self._count += 1
        if self._count >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        if self._count:
            batch = self._pa.RecordBatch.from_pydict(self._pending, schema=self._schema)
            self._writer.write_batch(batch)
            self._pending = {c: [] for c in COLUMNS}
            self._count = 0

    def close(self) -> None:
        self.flush()
        self._writer.close()


def read_compact_parquet(path: str, batch_size: int = 65_536) -> Iterator[Row]:
    """Compact rows back from a Parquet file, a batch at a time."""
    pa = require_pyarrow()
    try:
        handle = pa.parquet.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise CompactFileError(f"{path}: cannot be read as Parquet: {' '.join(str(exc).split())}") from None
    names = set(handle.schema_arrow.names)
    missing = [c for c in ("id", "referral", "error") if c not in names]
    if missing:
        raise CompactFileError(f"{path}: not a file of compact reports (no column {missing[0]!r})")
    wanted = [c for c in COLUMNS if c in names]
    for batch in handle.iter_batches(batch_size=batch_size, columns=wanted):
        data = batch.to_pydict()
        for n in range(batch.num_rows):
            row: Row = dict.fromkeys(COLUMNS)
            for column in wanted:
                row[column] = data[column][n]
            yield row


# --- a partition of rows: pandas / Dask ---------------------------------------------


def frame_meta() -> Any:
    """An empty pandas DataFrame with the compact columns and their dtypes:
    the ``meta`` to give ``dask.dataframe.map_partitions``."""
    return rows_to_frame([])


def rows_to_frame(rows: Iterable[Mapping[str, Any]]) -> Any:
    """Compact rows as a pandas DataFrame (float64 certainties, NaN where
    empty; text columns of pandas' ``string`` dtype, NA where empty)."""
    import pandas as pd

    columns: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for row in rows:
        for column, values in columns.items():
            values.append(row[column])
    return pd.DataFrame({
        c: pd.Series(values, dtype="float64" if c in FLOAT_COLUMNS else "string") for c, values in columns.items()
    }, columns=list(COLUMNS))


def frame_to_rows(frame: Any) -> Iterator[Row]:
    """Compact rows from a DataFrame with the compact columns (NaN and NA as None)."""
    for record in frame[list(COLUMNS)].itertuples(index=False, name=None):
        yield {c: (None if _missing(v) else (float(v) if c in FLOAT_COLUMNS else str(v)))
               for c, v in zip(COLUMNS, record, strict=True)}


def _missing(value: Any) -> bool:
    """None, NaN (any float type), pandas NA or NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (str, bool, int)):
        return False
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        try:
            return bool(pandas.isna(value))
        except (TypeError, ValueError):  # an array: not one missing value
            return False
    return value != value  # noqa: PLR0124 - NaN of a numeric type that is not a float subclass


def _plain(value: Any) -> Any:
    """A cell of a DataFrame or Arrow table as plain Python data: numpy
    scalars become int/float/bool, arrays and tuples lists, mappings dicts."""
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "ndim", None) == 0:
        return item()
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        values = value.tolist() if hasattr(value, "tolist") else value
        return [_plain(v) for v in values]
    return value


def _given(value: Any) -> bool:
    """A cell that gives a value: not None/NaN/NA and not blank text."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, Mapping)) or hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0:
        return True
    return not _missing(value)


def record_to_profile(record: Mapping[str, Any], list_separator: str = ";") -> dict[str, Any]:
    """A row of a DataFrame (or any mapping of column -> cell) as the raw facts
    of one profile, read as ``sorewhy evaluate`` reads a CSV row: an empty
    cell (None, NaN, NA, blank text) is not given; text cells are read as CSV
    cells are (``;`` separates list values, or `list_separator`, as ``,``
    does in a file whose columns semicolons separate; ``yes``/``no`` are booleans, a
    number in text is a number); columns ``labs.<key>`` make up ``labs``.
    Cells that are already typed (numbers, booleans, lists, a ``labs``
    mapping, as Parquet gives them) are taken as they are; a whole number
    stored as a float (pandas does that to an integer column with gaps) is an
    integer for ``age`` and ``duration_days``."""

    data: dict[str, Any] = {}
    for key, raw in record.items():
        key = str(key)
        if not _given(raw):
            continue
        value = _plain(raw)
        if isinstance(value, str):
            value = _cell(key, value.strip(), list_separator)
        elif key in _INT_KEYS and isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, list):
            value = [v.strip() if isinstance(v, str) else v for v in value]
        if key.startswith("labs.") and key != "labs.":
            data.setdefault("labs", {})[key.removeprefix("labs.")] = value
        elif key == "labs" and isinstance(value, dict):
            labs = {k: v for k, v in value.items() if _given(v)}
            data.setdefault("labs", {}).update(labs)
        else:
            data[key] = value
    return data


def _with_copies(data: dict[str, Any], copies: Iterable[tuple[str, Any]],
                 list_separator: str = ";") -> dict[str, Any]:
    """`data` with what the copies of repeated columns agree on, for the red
    flags only: a list's items of every copy; a value all copies that give
    it give alike (two different values give nothing)."""
    values: dict[str, list[Any]] = {}
    for column, cell in copies:
        for key, value in record_to_profile({column: cell}, list_separator).items():
            if key != "labs":
                values.setdefault(key, []).append(value)
    out = dict(data)
    for key, given in values.items():
        if all(isinstance(v, list) for v in given):
            out[key] = [item for v in given for item in v]
        elif all(v == given[0] for v in given) and not isinstance(given[0], list):
            out[key] = given[0]
    return out


def _labs_both_ways(record: Mapping[str, Any]) -> bool:
    """Whether a record gives blood results both in a ``labs`` mapping and in
    ``labs.<key>`` columns (the command line refuses such a CSV row: which
    one holds is not known)."""
    struct = dotted = False
    for key, value in record.items():
        key = str(key)
        if key == "labs":
            struct = struct or (_given(value) and isinstance(_plain(value), dict)
                                and any(_given(v) for v in _plain(value).values()))
        elif key.startswith("labs.") and key != "labs.":
            dotted = dotted or _given(value)
    return struct and dotted


class PartitionEvaluator:
    """Evaluates rows into compact rows with one engine (built once), reusing
    the row of an identical profile seen among the last ``cache_size``. A
    row comes from the inference alone (:func:`evaluated_row`), never from a
    whole report."""

    def __init__(self, cache_size: int = 1024, list_separator: str = ";") -> None:
        from sorewhy.engine.api import default_evaluator

        self.evaluator = default_evaluator()
        self.list_separator = list_separator
        self.cache_size = cache_size
        self.cache: OrderedDict[Hashable, Row] = OrderedDict()

    def row(self, record: Mapping[str, Any], position: Any, source: str = "partition",
            repeated: Iterable[str] = (), copies: Iterable[tuple[str, Any]] = ()) -> Row:
        """The compact row of one record (a mapping of column -> cell).

        ``position`` names the record when it has no ``id`` (its default id is
        ``source:position``) and in error messages (``row position``).
        ``repeated`` names the columns its table gives more than once: the
        row is then an error (as the command line refuses such a file), its
        red flags read from its other columns and from ``copies`` (each cell
        of a repeated column, as ``(column, cell)``: of a list, the items of
        every copy; of a value, the one all copies that give it agree on)."""
        from sorewhy.engine.batch import profile_key

        repeated = sorted(repeated)
        both = _labs_both_ways(record)
        if repeated or both:
            kept = {k: v for k, v in record.items() if str(k).strip() not in repeated
                    and not (both and (str(k) == "labs" or str(k).startswith("labs.")))}
            data = record_to_profile(kept, self.list_separator)
            where = _where(data, f"row {position}")
            err = (ProfileError(source, where, None, columns_twice(repeated)) if repeated
                   else ProfileError(source, where, "labs", LABS_TWICE))
            return compact_row(salvaged_error_report(_usable_id(data) or f"{source}:{position}", str(err),
                                                     _salvaged(_with_copies(data, copies, self.list_separator)),
                                                     err.messages()))
        data = record_to_profile(record, self.list_separator)
        where = _where(data, f"row {position}")
        default_id = f"{source}:{position}"
        try:
            profile = validate_profile(data, source, where, list_separator=self.list_separator)
        except ProfileError as err:
            return compact_row(salvaged_error_report(_usable_id(data) or default_id, str(err), _salvaged(data),
                                                     err.messages()))
        pid = profile.id if profile.id is not None else default_id
        key = profile_key(profile)
        cached = self.cache.get(key)
        if cached is not None:
            self.cache.move_to_end(key)
            return {**cached, "id": pid}
        row = evaluated_row(self.evaluator, profile, pid)
        if self.cache_size > 0:
            self.cache[key] = row
            if len(self.cache) > self.cache_size:
                self.cache.popitem(last=False)
        return row


def evaluate_partition(data: Any, source: str = "partition", list_separator: str = ";") -> Any:
    """Evaluate a partition of profiles into compact rows.

    ``data`` is a pandas DataFrame (one profile a row, columns named as in a
    facts CSV: ``id``, ``age``, ``symptoms``, ``labs.vitamin_d_25oh_ng_ml`` …)
    or any iterable of mappings (one profile each). A DataFrame gives back a
    pandas DataFrame with exactly the columns of ``sorewhy evaluate --format
    csv`` (:data:`COLUMNS`; index reset); an iterable gives back a list of
    compact rows (dicts). Cells are read as a facts CSV's are (see
    :func:`record_to_profile`), so a partition of a facts CSV read as text
    gives the same rows as the command line.

    A row that breaks the facts vocabulary gets a row whose ``error`` names
    ``source``, the row (its index label in a DataFrame, else its 1-based
    place) and the key; the other rows are still evaluated. A row without an
    ``id`` gets ``source:position``. List values in a text cell are
    separated by ``;``, or by `list_separator` (``,`` for a table read from a
    file whose columns semicolons separate, as the command line reads it).

    It is a plain function of one partition, so it is what
    ``dask.dataframe.map_partitions`` wants (install ``sorewhy[dask]``)::

        import dask.dataframe as dd
        from sorewhy.engine.compact import evaluate_partition, frame_meta

        profiles = dd.read_parquet("survey/*.parquet")
        rows = profiles.map_partitions(evaluate_partition, meta=frame_meta())
        rows.to_parquet("reports/")

    Each worker process builds the engine once, on its first partition.
    """

    evaluator = PartitionEvaluator(list_separator=list_separator)
    if _is_frame(data):
        columns = [str(c) for c in data.columns]
        repeated = repeated_columns(columns)
        if repeated:
            # A dict would keep the last of two columns of one name silently
            # (a NaN from pd.concat over a red flag): every row is an error.
            def split(values: tuple[Any, ...]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
                pairs = [(c.strip(), v) for c, v in zip(columns, values, strict=True)]
                return ({c: v for c, v in pairs if c not in repeated}, [(c, v) for c, v in pairs if c in repeated])

            rows = (evaluator.row(*parts[:1], label, source, repeated, parts[1])
                    for label, parts in zip(data.index, map(split, data.itertuples(index=False, name=None)),
                                            strict=True))
        else:
            rows = (evaluator.row(dict(zip(columns, values, strict=True)), label, source)
                    for label, values in zip(data.index, data.itertuples(index=False, name=None), strict=True))
        return rows_to_frame(rows)
    return [evaluator.row(record, n, source) for n, record in enumerate(data, start=1)]


def _is_frame(data: Any) -> bool:
    return hasattr(data, "columns") and hasattr(data, "itertuples") and hasattr(data, "index")


__all__ = [
    "COLUMNS",
    "CERTAINTY_COLUMNS",
    "FLOAT_COLUMNS",
    "TOP_COLUMNS",
    "CompactFileError",
    "CsvRowWriter",
    "MissingExtraError",
    "ParquetRowWriter",
    "PartitionEvaluator",
    "arrow_schema",
    "compact_row",
    "compact_rows",
    "evaluated_row",
    "inferred_row",
    "csv_cell",
    "from_spreadsheet_text",
    "spreadsheet_text",
    "csv_cells",
    "csv_notice_cell",
    "with_notice",
    "evaluate_partition",
    "frame_meta",
    "frame_to_rows",
    "read_compact_csv",
    "read_compact_parquet",
    "record_to_profile",
    "rows_to_frame",
]
