"""Batch evaluation: every profile of every file, streamed, in input order.

This is what ``sorewhy evaluate`` calls. Output comes in input order, a run
of profiles at a time, so a survey export of any length is never held in
memory whole: files are read a record at a time, and at most a bounded number
of runs ("chunks") is between reading and writing at any moment.

The work is split so that it can be shared out (``jobs > 1``):

- **Reading** (here, in this process) is only the cheap part: the lines of a
  JSON Lines file or the rows of a CSV file, as text
  (:func:`~sorewhy.engine.loaders.open_raw`); a whole-document file (JSON,
  YAML, TOML, standard input, at most a few MiB) is read and validated here.
- **Everything else** is done per chunk, by a worker process or here when
  ``jobs`` is 1, with the same code either way: parsing and validating the
  records (:func:`~sorewhy.engine.loaders.raw_entries`, the very function
  :func:`~sorewhy.engine.loaders.read_profiles` uses), evaluating, and making
  what is written (``produce``): reports, their JSON text, or compact rows
  (from the inference alone, :func:`~sorewhy.engine.compact.evaluated_row`).
  A chunk comes back as one :class:`Block`; this process only writes it.

**Identical profiles are evaluated once.** Two profiles with the same facts
(ignoring ``id`` and the order of list values) get the same report; the
engine runs for the first and the others reuse its report (or row) with their
own ``id`` (and their own order of unrecognised medication names). Each
worker keeps a bounded LRU cache (``cache_size``), so memory stays flat
however many distinct profiles a file holds. What is written is the same
whatever ``jobs``, ``cache_size`` and ``chunk_size`` are; only how many
profiles were reused (``BatchStats.reused``) can differ.

Worker processes come from the standard library's ProcessPoolExecutor, each
holding one engine (built once here and inherited where processes are
forked, else built once in the worker). Ctrl-C stops the workers quietly
(they ignore SIGINT; this process terminates them) and raises
KeyboardInterrupt here; a worker exits when this process is gone.
"""

from __future__ import annotations

import contextlib
import csv
import io
import operator
import os
import signal
import sys
import threading
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from sorewhy.engine.api import Report, default_evaluator, with_source
from sorewhy.engine.compact import compact_row, csv_cells, evaluated_row
from sorewhy.engine.core import error_report
from sorewhy.engine.loaders import Entry, has_entry, no_profiles, open_raw, raw_entries, separator_note
from sorewhy.engine.medications import report_keys
from sorewhy.engine.profile import LIST_KEYS, Profile, printable
from sorewhy.engine.report_json import array_elements, lines
from sorewhy.engine.salvage import salvaged_error_report
from sorewhy.errors import InputError

if TYPE_CHECKING:
    from concurrent.futures import Future

DEFAULT_CACHE_SIZE = 1024
"""Reports kept for reuse, per process. A report is a few kilobytes, most of
it strings shared with other reports, so the cache stays around 15 MB."""

DEFAULT_CHUNK_SIZE = 32
"""Profiles evaluated at a time in this process (``jobs`` 1): 32 profiles
take a few milliseconds."""

POOL_CHUNK_SIZE = 256
"""Profiles a worker takes per task once the pool is warm (``jobs`` > 1; the
first chunks are smaller, see :meth:`_Batch.limit`). Every task costs this
process a round trip (its records sent, its block received, written), and
this process's CPU is taken from the workers': at 32 a task it used about
twice the CPU it uses at 256 (with ``--jobs 2`` on two cores, 0.8x against
two independent processes at 32, 0.9x at 256). A chunk of 256 profiles is
about 2.5 MB of JSON Lines text; at most :attr:`_Pool.max_in_flight` chunks
are between reading and writing."""

PRODUCE = ("report", "jsonl", "json", "csv", "rows")
"""What a batch gives per profile: its report (a dict); its JSON Lines line;
its element of an indented JSON array (engine/report_json.py, indented by
two spaces); its compact row as a CSV line (no header); its
compact row (a dict)."""

_KEY_NAMES = tuple(name for name in Profile.model_fields if name != "id")
_key_fields = operator.itemgetter(*_KEY_NAMES)
_KEY_LISTS = tuple(n for n, name in enumerate(_KEY_NAMES) if name in LIST_KEYS)
"""Where in a key the list fields stand: only they hold lists (list or None,
the model says so), so only they are looked at to be made sets."""


@dataclass
class BatchStats:
    """What a batch did, updated as output is produced."""

    profiles: int = 0
    errors: int = 0
    errors_urgent: int = 0
    """Profiles with an error whose red flags, read from their valid parts, still give urgent."""
    levels: Counter = field(default_factory=Counter)
    file_errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Parts of a file that were not read while its profiles were (a FHIR
    resource that belongs to no patient), one line each."""
    file_notes: list[str] = field(default_factory=list)
    """What is said once of a file read as asked but not in the usual way (a
    CSV file whose columns semicolons or tabs separate), in input order."""
    evaluated: int = field(default=0, compare=False)
    """Profiles the engine ran on (the others reused an identical profile's
    report). With ``jobs > 1`` each worker reuses only what it evaluated
    itself, so this (and ``reused``) depends on how the work was shared."""
    reused: int = field(default=0, compare=False)
    """Profiles whose report was reused from an identical profile."""


@dataclass(slots=True)
class Block:
    """What one chunk of profiles gave, in input order (``produce``): the
    text (``jsonl``: lines, each ending in a line break; ``json``: the
    elements joined by ``,\\n``; ``csv``: rows, each ending in a line break)
    or the items (``report``: reports; ``rows``: compact rows)."""

    count: int = 0
    data: bytes | str | None = None
    """The text (see above), as UTF-8 bytes: made so in the worker, it is
    written as it is to a UTF-8 byte stream (:func:`sorewhy.cli.output.write_utf8`),
    never decoded and encoded again in this process. A text that is not
    strict UTF-8 (a lone surrogate) stays a ``str``, written as before."""
    items: list[Any] | None = None
    errors: list[str] = field(default_factory=list)
    """Each profile error's message, in order."""
    errors_urgent: int = 0
    """Profile errors that still carry an urgent referral (engine/salvage.py)."""
    levels: Counter = field(default_factory=Counter)
    evaluated: int = 0
    reused: int = 0
    rows: list[dict[str, Any]] | None = None
    """With ``summary``: the compact row of every profile (for a batch summary)."""
    notice_at: int | None = None
    """``csv``: where in ``data`` the first row's notice cell, left empty, ends
    (before its line break): a file says the notice in its first row only
    (engine/compact.py), which only the writer knows is this one."""

    @property
    def text(self) -> str | None:
        """The text, as a ``str``."""
        data = self.data
        return data.decode("utf-8") if isinstance(data, bytes) else data


def profile_key(profile: Profile) -> Hashable:
    """What a profile's report depends on, besides its id: every other field,
    with list values as sets (the labs are a frozen model, hashable as it is).
    Two profiles with the same key get the same report but for ``id`` and the
    order of ``unrecognised_medications``, ``medications_read`` and
    ``medication_suggestions``."""
    values = list(_key_fields(profile.__dict__))  # the model's field values
    for n in _KEY_LISTS:
        if values[n] is not None:
            values[n] = frozenset(values[n])
    return tuple(values)


def reuse_report(report: Report, profile_id: str, profile: Profile) -> Report:
    """An identical profile's report, for this profile (a new top-level dict;
    the nested parts are shared and must be treated as read-only)."""
    out = dict(report)
    out["id"] = profile_id
    out.update(report_keys(profile.medications))  # they echo the names as typed
    out.pop("read_as", None)  # so do the values read leniently
    if profile.read_as:
        out["read_as"] = [dict(entry) for entry in profile.read_as]
    return out  # type: ignore[return-value]


def entry_error_report(entry: Entry) -> Report:
    """The report of an entry that failed validation (as `Evaluator.evaluate_entry`)."""

    errors = entry.error.messages() if entry.error is not None else None
    return salvaged_error_report(entry.id, str(entry.error), entry.salvaged, errors)  # type: ignore[return-value]


def internal_error_report(profile_id: str, exc: BaseException) -> Report:
    """The report of a profile on which sorewhy itself failed (a bug): that
    profile's error, so that the batch goes on."""

    message = (f"internal error while evaluating this profile: {type(exc).__name__}: {printable(str(exc), 120)} "
               "(a bug in sorewhy; the other profiles are still evaluated)")
    return error_report(profile_id, message)  # type: ignore[return-value]


def _run_one(evaluator: Any, profile: Profile, pid: str) -> Report:
    try:
        return evaluator.run(profile, pid).report
    except Exception as exc:  # noqa: BLE001 - one profile's bug must not end the batch
        return internal_error_report(pid, exc)


class _LRU:
    """Values by profile key, least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        if self.size <= 0:
            return
        self.data[key] = value
        self.data.move_to_end(key)
        if len(self.data) > self.size:
            self.data.popitem(last=False)


# --- a chunk of work: records or entries in, a Block out ----------------------------

Unit = tuple[str, str, list[Any]]
"""A chunk of one file: (kind, source, records). ``kind`` is that of
:class:`~sorewhy.engine.loaders.RawFile`: ``jsonl`` or ``csv`` records (a CSV
chunk starts with the file's header record), or validated ``entries``."""

_CSV_FILES_REMEMBERED = 8
"""Files whose validated CSV rows a worker remembers (per file)."""


class _Work:
    """Turns chunks into blocks: one engine, one cache."""

    def __init__(self, produce: str, summary: bool, cache_size: int) -> None:
        if produce not in PRODUCE:
            raise ValueError(f"produce must be one of {PRODUCE}, got {produce!r}")
        self.produce = produce
        self.summary = summary
        self.evaluator = default_evaluator()
        self.dedup = cache_size > 0
        self.cache = _LRU(cache_size)
        self.seen: OrderedDict[Hashable, OrderedDict[Any, Profile]] = OrderedDict()

    def entries(self, unit: Unit) -> Iterator[Entry]:
        kind, source, records = unit
        if kind == "entries":
            return iter(records)
        seen = None
        if kind == "csv" and records:
            # The rows validated before, of this file (by its name and its
            # header, which says what each cell means).
            header = records[0]
            file_key = (source, tuple(header[0]), header[1])
            seen = self.seen.get(file_key)
            if seen is None:
                seen = self.seen[file_key] = OrderedDict()
                if len(self.seen) > _CSV_FILES_REMEMBERED:
                    self.seen.popitem(last=False)
            else:
                self.seen.move_to_end(file_key)
        return raw_entries(kind, source, records, seen)

    def block(self, unit: Unit) -> Block:
        produce = self.produce
        compact = produce in ("csv", "rows")
        out = Block()
        items: list[Any] = []
        rows: list[dict[str, Any]] | None = [] if self.summary else None
        errors = out.errors
        levels = out.levels
        dedup = self.dedup
        cache = self.cache
        for entry in self.entries(unit):
            profile = entry.profile
            report = row = None
            if entry.error is not None or profile is None:
                report = entry_error_report(entry)
            else:
                key = profile_key(profile) if dedup else None
                cached = cache.get(key) if dedup else None
                pid = entry.id
                if cached is not None:
                    out.reused += 1
                    if compact:
                        row = {**cached, "id": pid}
                    else:
                        report = reuse_report(cached, pid, profile)
                else:
                    out.evaluated += 1
                    if compact:
                        row = evaluated_row(self.evaluator, profile, pid)
                        if dedup:
                            cache.put(key, row)
                    else:
                        report = _run_one(self.evaluator, profile, pid)
                        if dedup:
                            cache.put(key, report)
            if row is None:
                if compact or rows is not None:
                    row = compact_row(report)  # type: ignore[arg-type]
                    if not compact and rows is not None:  # the summary's firing rates (#25): not a compact column
                        row["fired"] = report.get("fired")  # type: ignore[union-attr]
                        row["rule_base"] = report.get("rule_base")  # type: ignore[union-attr]
                error = report["error"]  # type: ignore[index]
                referral = report["referral"]  # type: ignore[index]
                level = referral["level"] if referral is not None else None
            else:
                error = row["error"]
                level = row["referral"]
            if error is not None:
                errors.append(error)
                if level == "urgent":
                    out.errors_urgent += 1
            else:
                levels[level] += 1
            if rows is not None:
                rows.append(row)  # type: ignore[arg-type]
            if compact:
                items.append(row)
            else:
                if entry.extra:
                    report = {**report, **entry.extra}  # type: ignore[assignment, dict-item]
                items.append(with_source(report, entry.source))  # type: ignore[arg-type]
        out.count = len(items)
        out.rows = rows
        if produce == "report" or produce == "rows":
            out.items = items
        elif produce == "jsonl":
            out.data = lines(items)
        elif produce == "json":
            out.data = array_elements(items)
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            if items:
                writer.writerow(csv_cells(items[0]))
                first = buffer.getvalue()
            writer.writerows([csv_cells(row) for row in items[1:]])
            out.data = _utf8(buffer.getvalue())
            if produce == "csv" and items:
                # Where the first row's (empty) notice cell ends: the file's first row says it.
                out.notice_at = (len(first.encode("utf-8")) if isinstance(out.data, bytes) else len(first)) - 1
        return out


def _utf8(text: str) -> bytes | str:
    """``text`` as UTF-8 bytes, or as it is when it is not strict UTF-8 (a
    lone surrogate, which only the stream it is written to can decide on)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text


_worker_work: dict[tuple[str, bool, int], _Work] = {}


def _work(unit: Unit, produce: str, summary: bool, cache_size: int) -> Block:
    """One chunk, in a worker process (its engine and cache kept between chunks)."""
    key = (produce, summary, cache_size)
    work = _worker_work.get(key)
    if work is None:
        work = _worker_work[key] = _Work(produce, summary, cache_size)
    return work.block(unit)


# --- worker processes -----------------------------------------------------------------


PARENT_CHECK_SECONDS = 0.2
"""How often a worker checks that the process that started it is alive."""

_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


KEEP_FREED_BYTES = 16 << 20
"""With workers, memory freed by a process is kept for reuse up to this much
(see :func:`_keep_freed_memory`)."""


def _keep_freed_memory() -> None:
    """Keep large freed blocks for reuse instead of giving them back to the
    system at once (glibc's malloc; elsewhere nothing is done).

    With workers, every chunk allocates and frees a few buffers of its size
    (a JSON Lines block of 256 profiles is about 2.5 MB: its text, its bytes,
    their pickle, and in this process the message received and its
    unpickled bytes). By default glibc serves such a buffer with a fresh
    mapping or trims the heap as soon as it is freed, so the next chunk
    faults every page in again: some 30,000 page faults per worker on 8,000
    profiles, about 5% of the workers' CPU and a fifth of this process's.
    Serving buffers of up to 8 MB from the heap and keeping up to
    :data:`KEEP_FREED_BYTES` of it free for reuse removes them (measured with
    ``--jobs 2`` side by side: about 0.90x two independent processes without,
    0.94x with). The cost is at most that much memory held, per process. Set
    in this process before workers are forked (they inherit it) and in each
    worker (for those started otherwise); it stays set for the rest of this
    process's life (a program calling :func:`evaluate_paths` with ``jobs`` >
    1 keeps it too)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's malloc.h
    mallopt(m_mmap_threshold, 8 << 20)
    mallopt(m_trim_threshold, KEEP_FREED_BYTES)


def _worker_start(parent: int) -> None:
    # Ctrl-C reaches every process of the terminal's foreground group: the
    # parent handles it and terminates the workers, which must stay quiet.
    # SIGTERM and SIGHUP end a worker at once (the parent's handlers, which
    # a forked worker inherits, would not). The parent blocked these signals
    # while starting workers; they are unblocked once the handlers are set.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in _STOP_SIGNALS:
        if signum != signal.SIGINT:
            signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _watch_parent(parent)
    _keep_freed_memory()
    default_evaluator()  # the engine, built once per worker (or inherited from a fork)


def _watch_parent(parent: int) -> None:
    """Exit when the parent process is gone (killed with SIGKILL, say, so it
    could not stop its workers): no orphan keeps running."""

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(PARENT_CHECK_SECONDS)

    threading.Thread(target=watch, name="sorewhy-parent-watch", daemon=True).start()


class _SignalsBlocked:
    """Block the stop signals while workers are started, so that a worker
    never runs the parent's handlers (it unblocks them in its initializer);
    the parent takes any signal that arrived meanwhile as soon as they are
    unblocked. Only the main thread handles signals; elsewhere this does nothing."""

    def __enter__(self) -> None:
        self.active = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
        if self.active:
            self.previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.previous)


def _pool_context() -> Any:
    # fork starts workers fast and shares the imported rule base; elsewhere
    # (macOS, Windows) fork is unsafe or missing.
    if sys.platform.startswith("linux"):
        return _multiprocessing().get_context("fork")
    return _multiprocessing().get_context("spawn")


def _multiprocessing() -> Any:
    """The standard library's multiprocessing, imported only when workers are
    started (a few milliseconds of every start-up otherwise)."""
    import multiprocessing

    return multiprocessing


class _Done:
    """A chunk done at once, answering as a finished Future does (without
    importing concurrent.futures, a few milliseconds of every start-up)."""

    __slots__ = ("value",)

    def __init__(self, value: Block) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> Block:
        return self.value


class _Inline:
    """Does each chunk at once, in this process."""

    max_in_flight = 1

    def __init__(self, produce: str, summary: bool, cache_size: int) -> None:
        self.work = _Work(produce, summary, cache_size)

    def start(self, unit: Unit) -> _Done:
        return _Done(self.work.block(unit))

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


class _Pool:
    """Does chunks in worker processes, each holding one engine."""

    def __init__(self, jobs: int, produce: str, summary: bool, cache_size: int) -> None:
        self.jobs = jobs
        self.max_in_flight = 2 * jobs
        self.executor: Any = None  # a ProcessPoolExecutor, imported when the first chunk is submitted
        self.args = (produce, summary, cache_size)

    def start(self, unit: Unit) -> Future:
        executor = self.executor
        if executor is None:
            context = _pool_context()
            _keep_freed_memory()
            if context.get_start_method() == "fork":
                # Build the engine here, once: forked workers inherit it instead
                # of each building their own.
                default_evaluator()
            from concurrent.futures import ProcessPoolExecutor

            executor = self.executor = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_worker_start,
                                                           initargs=(os.getpid(),))
        # A submit may start a worker, which must not take a stop signal
        # before its initializer has set its own handlers.
        with _SignalsBlocked():
            return executor.submit(_work, unit, *self.args)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True)
            self.executor = None

    def abort(self) -> None:
        """Stop at once: terminate the workers, drop queued chunks."""
        executor = self.executor
        if executor is None:
            return
        self.executor = None
        processes = list((getattr(executor, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(1.0)
            if process.is_alive():
                process.kill()
                process.join(1.0)
        # A worker stopped half way through sending its results leaves the
        # executor's manager thread waiting for the rest of the message
        # forever (and shutdown, and the interpreter's exit, waiting for that
        # thread). With every worker gone, closing this process's end of the
        # result pipe ends that wait: the thread reads end-of-file, takes the
        # pool as broken and cleans up.
        writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError):
                writer.close()
        executor.shutdown(wait=True, cancel_futures=True)



# --- the pipeline -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileNote:
    """A line to say once about a file, where its chunks start (see
    :attr:`BatchStats.file_notes`)."""

    message: str


def _units(paths: Sequence[str], stdin: IO[bytes] | None, limit: Callable[[], int], as_of: date | None = None,
           warn: Callable[[str], None] | None = None) -> Iterator[Unit | InputError | FileNote]:
    """The chunks of every file in order (each of at most ``limit()``
    records, never spanning two files), and in its place the error of a file
    that cannot be read (after the chunks read before the error)."""
    for path in paths:
        chunk: list[Any] = []
        kind = source = ""
        try:
            raw = open_raw(path, stdin=stdin, as_of=as_of, warn=warn)
            kind, source = raw.kind, raw.source
            records = raw.records
            head: list[Any] = []
            if kind == "csv":
                header = next(records, None)
                if header is None:  # pragma: no cover - the reader raises instead
                    raise no_profiles(source)
                head = [header]
                if len(header) > 2 and header[2] != ",":
                    yield FileNote(separator_note(source, header[2]))
            chunk = list(head)
            size = limit()
            any_entry = kind == "entries"
            for record in records:
                chunk.append(record)
                if not any_entry:
                    any_entry = has_entry(kind, record)
                if len(chunk) - len(head) >= size:
                    yield (kind, source, chunk)
                    chunk = list(head)
                    size = limit()
            if len(chunk) > len(head):
                yield (kind, source, chunk)
            chunk = []
            if not any_entry:
                raise no_profiles(source)
        except InputError as exc:
            if len(chunk) > (1 if kind == "csv" else 0):
                yield (kind, source, chunk)
            yield exc
        except Exception as exc:  # noqa: BLE001 - a bug reading one file must not end the batch

            if len(chunk) > (1 if kind == "csv" else 0):
                yield (kind, source, chunk)
            yield InputError(printable(path, None), f"internal error while reading the file: {type(exc).__name__}: "
                             f"{printable(str(exc), 120)} (a bug in sorewhy; the profiles after this point "
                             "in this file were not read)")


class _Batch:
    """Hands chunks to the backend and gives back their blocks in input
    order, with a bounded number of chunks in flight."""

    def __init__(self, backend: _Inline | _Pool, stats: BatchStats, chunk_size: int | None) -> None:
        self.backend = backend
        self.stats = stats
        default = DEFAULT_CHUNK_SIZE if isinstance(backend, _Inline) else POOL_CHUNK_SIZE
        self.chunk_size = default if chunk_size is None else max(1, chunk_size)
        self.pending: deque[Future | _Done | InputError | FileNote] = deque()
        self.in_flight = 0
        self.submitted = 0

    def limit(self) -> int:
        if isinstance(self.backend, _Inline):
            return self.chunk_size
        # Small chunks first (4, 8, 16, ...), so that output starts soon and
        # every worker has work even in a small batch; then chunks of up to
        # chunk_size, which cost this process fewer round trips.
        return min(self.chunk_size, 4 << min(self.submitted, 8))

    def add(self, item: Unit | InputError | FileNote) -> Iterator[Block]:
        """Queue a chunk (or a file's error or note); first wait for room if as many
        chunks as may be are in flight."""
        if isinstance(item, (InputError, FileNote)):
            self.pending.append(item)
            return
        while self.in_flight >= self.backend.max_in_flight:
            yield from self.ready(wait=True, until_room=True)
        self.pending.append(self.backend.start(item))
        self.in_flight += 1
        self.submitted += 1

    def ready(self, wait: bool, until_room: bool = False) -> Iterator[Block]:
        """The blocks at the head of the queue that are done (with `wait`,
        waiting for each: for all, or only until there is room for a chunk)."""
        pending = self.pending
        stats = self.stats
        while pending:
            head = pending[0]
            if isinstance(head, InputError):
                pending.popleft()
                stats.file_errors.append(head)
                continue
            if isinstance(head, FileNote):
                pending.popleft()
                stats.file_notes.append(head.message)
                continue
            if until_room and self.in_flight < self.backend.max_in_flight:
                return
            if not wait and not head.done():
                return
            block = head.result()
            pending.popleft()
            self.in_flight -= 1
            stats.profiles += block.count
            stats.errors += len(block.errors)
            stats.errors_urgent += block.errors_urgent
            stats.levels.update(block.levels)
            stats.evaluated += block.evaluated
            stats.reused += block.reused
            yield block


def evaluate_paths(
    paths: Sequence[str],
    *,
    jobs: int = 1,
    stats: BatchStats | None = None,
    stdin: IO[bytes] | None = None,
    cache_size: int = DEFAULT_CACHE_SIZE,
    chunk_size: int | None = None,
    produce: str = "report",
    summary: bool = False,
    as_of: date | None = None,
) -> Iterator[Any]:
    """Yield what every profile of every file gives, in input order: with
    ``produce="report"`` (the default) a report per profile; else a
    :class:`Block` per chunk of profiles (see :data:`PRODUCE`), with each
    profile's compact row too when ``summary`` is set.

    A file that cannot be read at all is recorded in ``stats.file_errors``
    (once the output before it has been yielded) and yields nothing; the
    other files are still evaluated. A profile that fails validation gets a
    report (row) whose ``error`` says why.

    ``jobs`` > 1 works in that many worker processes. ``cache_size`` bounds
    how many reports each process keeps to reuse for identical profiles (0:
    none reused). ``chunk_size`` is the most profiles a worker takes at a
    time (by default :data:`DEFAULT_CHUNK_SIZE` in this process,
    :data:`POOL_CHUNK_SIZE` with workers). The output is the same whatever
    these are.

    FHIR input gives ages at ``as_of`` (default: today); a resource of it
    that belongs to no patient is named in ``stats.warnings``.
    """
    stats = stats if stats is not None else BatchStats()
    backend: _Inline | _Pool = (_Pool(jobs, produce, summary, cache_size) if jobs > 1
                                else _Inline(produce, summary, cache_size))
    batch = _Batch(backend, stats, chunk_size)
    try:
        for item in _units(paths, stdin, batch.limit, as_of, stats.warnings.append):
            for block in batch.add(item):
                yield from _out(block, produce)
            for block in batch.ready(wait=False):
                yield from _out(block, produce)
        for block in batch.ready(wait=True):
            yield from _out(block, produce)
    except BaseException:
        backend.abort()
        raise
    backend.close()


def _out(block: Block, produce: str) -> Iterator[Any]:
    if produce == "report":
        yield from block.items  # type: ignore[misc]
    elif block.count or block.errors:
        yield block
