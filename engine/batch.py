"""Batch evaluation: every profile of every file, streamed, in input order.

This is what ``sorewhy evaluate`` calls. Reports come out in input order one
at a time, so a survey export of any length is never held in memory whole:
files are read a profile at a time, and at most a bounded number of profiles
is between reading and reporting at any moment.

Two things make a large batch fast, neither of which changes a report:

- **Identical profiles are evaluated once.** Two profiles with the same facts
  (ignoring ``id`` and the order of list values) get the same report; the
  engine runs for the first and the others reuse its report with their own
  ``id`` (and their own order of unrecognised medication names). Reports are
  kept in a bounded LRU cache (``cache_size``), so memory stays flat however
  many distinct profiles a file holds. Survey exports repeat a lot.
- **Worker processes** (``jobs > 1``). Each worker holds one engine (built
  once here and inherited where processes are forked, else built once in
  the worker) and evaluates chunks of profiles; this process reads,
  validates and deduplicates, keeps a bounded number of chunks in flight,
  and yields the reports in input order. Ctrl-C stops the workers quietly (they ignore
  SIGINT; this process terminates them) and raises KeyboardInterrupt here.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import operator
import signal
import sys
import threading
from collections import Counter, OrderedDict, deque
from collections.abc import Hashable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import IO, Any

from sorewhy.engine.api import Report, default_evaluator, with_source
from sorewhy.engine.core import error_report
from sorewhy.engine.errors import InputError
from sorewhy.engine.loaders import Entry, read_profiles
from sorewhy.engine.medications import report_keys
from sorewhy.engine.profile import Profile

DEFAULT_CACHE_SIZE = 1024
"""Reports kept for reuse. A report is a few kilobytes, most of it strings
shared within a chunk, so the cache stays around 15 MB."""

DEFAULT_CHUNK_SIZE = 32
"""Profiles a worker evaluates per task (a task costs a round trip between
processes; 32 profiles take tens of milliseconds)."""

_key_fields = operator.itemgetter(*(name for name in Profile.model_fields if name != "id"))


@dataclass
class BatchStats:
    """What a batch did, updated as reports are produced."""

    profiles: int = 0
    errors: int = 0
    levels: Counter = field(default_factory=Counter)
    file_errors: list[InputError] = field(default_factory=list)
    evaluated: int = 0
    """Profiles the engine ran on (the others reused an identical profile's report)."""
    reused: int = 0
    """Profiles whose report was reused from an identical profile."""


def profile_key(profile: Profile) -> Hashable:
    """What a profile's report depends on, besides its id: every other field,
    with list values as sets (the labs are a frozen model, hashable as it is).
    Two profiles with the same key get the same report but for ``id`` and the
    order of ``unrecognised_medications``, ``medications_read`` and
    ``medication_suggestions``."""
    return tuple(frozenset(value) if type(value) is list else value
                 for value in _key_fields(profile.__dict__))  # the model's field values


def reuse_report(report: Report, profile_id: str, profile: Profile) -> Report:
    """An identical profile's report, for this profile (a new top-level dict;
    the nested parts are shared and must be treated as read-only)."""
    out = dict(report)
    out["id"] = profile_id
    out.update(report_keys(profile.medications))  # they echo the names as typed
    return out  # type: ignore[return-value]


def entry_error_report(entry: Entry) -> Report:
    """The report of an entry that failed validation (as `Evaluator.evaluate_entry`)."""
    return error_report(entry.id, str(entry.error))  # type: ignore[return-value]


# --- evaluating distinct profiles: here, or in worker processes ---------------------


class _Job:
    """A chunk of distinct profiles: being filled, then evaluated here or in
    a worker. `keys[i]` is the profile key of the chunk's i-th profile."""

    __slots__ = ("future", "keys", "profiles", "results")

    def __init__(self) -> None:
        self.keys: list[Hashable] = []
        self.profiles: list[tuple[Profile, str]] | None = []
        self.results: list[Report] | None = None
        self.future: Future | None = None

    @property
    def submitted(self) -> bool:
        return self.profiles is None

    def done(self) -> bool:
        return self.results is not None or (self.future is not None and self.future.done())

    def get(self) -> list[Report]:
        if self.results is None:
            assert self.future is not None, "chunk not submitted"
            self.results = self.future.result()
            self.future = None
        return self.results


def internal_error_report(profile_id: str, exc: BaseException) -> Report:
    """The report of a profile on which sorewhy itself failed (a bug): that
    profile's error, so that the batch goes on."""
    from sorewhy.engine.profile import printable

    message = (f"internal error while evaluating this profile: {type(exc).__name__}: {printable(str(exc), 120)} "
               "(a bug in sorewhy; the other profiles are still evaluated)")
    return error_report(profile_id, message)  # type: ignore[return-value]


def _run_one(evaluator: Any, profile: Profile, pid: str) -> Report:
    try:
        return evaluator.run(profile, pid).report
    except Exception as exc:  # noqa: BLE001 - one profile's bug must not end the batch
        return internal_error_report(pid, exc)


def _evaluate_chunk(chunk: list[tuple[Profile, str]]) -> list[Report]:
    ev = default_evaluator()
    return [_run_one(ev, profile, pid) for profile, pid in chunk]


PARENT_CHECK_SECONDS = 0.2
"""How often a worker checks that the process that started it is alive."""

_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


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
    default_evaluator()  # the engine, built once per worker (or inherited from a fork)


def _watch_parent(parent: int) -> None:
    """Exit when the parent process is gone (killed with SIGKILL, say, so it
    could not stop its workers): no orphan keeps running."""
    import os
    import time

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
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _Inline:
    """Evaluates each chunk at once, in this process."""

    max_in_flight = 1

    def __init__(self) -> None:
        self.evaluator = default_evaluator()

    def start(self, job: _Job, chunk: list[tuple[Profile, str]]) -> None:
        evaluator = self.evaluator
        job.results = [_run_one(evaluator, profile, pid) for profile, pid in chunk]

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


class _Pool:
    """Evaluates chunks in worker processes, each holding one engine."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.max_in_flight = 2 * jobs
        self.executor: ProcessPoolExecutor | None = None

    def start(self, job: _Job, chunk: list[tuple[Profile, str]]) -> None:
        executor = self.executor
        if executor is None:
            import os

            context = _pool_context()
            if context.get_start_method() == "fork":
                # Build the engine here, once: forked workers inherit it instead
                # of each building their own.
                default_evaluator()
            executor = self.executor = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_worker_start,
                                                           initargs=(os.getpid(),))
        # A submit may start a worker, which must not take a stop signal
        # before its initializer has set its own handlers.
        with _SignalsBlocked():
            job.future = executor.submit(_evaluate_chunk, chunk)

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


class _LRU:
    """Reports by profile key, least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[Hashable, Report] = OrderedDict()

    def get(self, key: Hashable) -> Report | None:
        report = self.data.get(key)
        if report is not None:
            self.data.move_to_end(key)
        return report

    def put(self, key: Hashable, report: Report) -> None:
        if self.size <= 0:
            return
        self.data[key] = report
        self.data.move_to_end(key)
        if len(self.data) > self.size:
            self.data.popitem(last=False)


_FILE, _READY, _REUSED, _FIRST, _DUPLICATE = range(5)
"""Kinds of waiting item: a file that could not be read; a report ready (an
error, or reused from the cache); the result of a chunk for the profile it was
evaluated for; the result of a chunk for an identical profile."""


class _Batch:
    """Reads entries, evaluates each distinct profile once, and gives back the
    reports in input order, holding a bounded number of items meanwhile."""

    def __init__(self, backend: _Inline | _Pool, stats: BatchStats, cache_size: int, chunk_size: int) -> None:
        self.backend = backend
        self.stats = stats
        self.dedup = cache_size > 0
        self.cache = _LRU(cache_size)
        self.chunk_size = chunk_size
        self.in_flight: dict[Hashable, tuple[_Job, int]] = {}
        self.waiting: deque[tuple[Any, ...]] = deque()
        self.jobs: deque[_Job] = deque()
        self.filling: _Job | None = None
        self.submitted = 0
        self.max_waiting = max(256, 4 * backend.max_in_flight * chunk_size)
        self.finished = False

    def add(self, item: Entry | InputError) -> None:
        if isinstance(item, InputError):
            self.waiting.append((_FILE, item))
            return
        entry = item
        profile = entry.profile
        if entry.error is not None or profile is None:
            self.waiting.append((_READY, entry_error_report(entry), entry.source))
            return
        key = profile_key(profile) if self.dedup else None
        if self.dedup:
            cached = self.cache.get(key)
            if cached is not None:
                self.waiting.append((_REUSED, reuse_report(cached, entry.id, profile), entry.source))
                return
            known = self.in_flight.get(key)
            if known is not None:
                self.waiting.append((_DUPLICATE, known[0], known[1], entry))
                return
        job = self.filling
        if job is None:
            job = self.filling = _Job()
        assert job.profiles is not None
        index = len(job.profiles)
        job.profiles.append((profile, entry.id))
        job.keys.append(key)
        if self.dedup:
            self.in_flight[key] = (job, index)
        self.waiting.append((_FIRST, job, index, entry))
        if len(job.profiles) >= self._chunk_limit():
            self.submit()

    def _chunk_limit(self) -> int:
        if isinstance(self.backend, _Inline):
            return 1
        # Small chunks first, so that reports start soon and every worker has
        # work even in a small batch.
        return min(self.chunk_size, 4 << min(self.submitted, 8))

    def submit(self) -> None:
        job = self.filling
        if job is None:
            return
        while len(self.jobs) >= self.backend.max_in_flight:
            self._settle(self.jobs.popleft())
        chunk, job.profiles = job.profiles, None
        self.filling = None
        self.backend.start(job, chunk)  # type: ignore[arg-type]
        self.jobs.append(job)
        self.submitted += 1

    def _settle(self, job: _Job) -> None:
        """Wait for a chunk; its profiles' reports move to the cache."""
        results = job.get()
        for index, key in enumerate(job.keys):
            known = self.in_flight.get(key)
            if known is not None and known[0] is job:
                del self.in_flight[key]
                self.cache.put(key, results[index])

    def reports(self, block: bool) -> Iterator[Report]:
        """Yield the reports at the head of the queue that are ready; with
        `block`, wait until the queue is short again (or empty)."""
        waiting = self.waiting
        stats = self.stats
        while waiting:
            while self.jobs and self.jobs[0].done():
                self._settle(self.jobs.popleft())
            item = waiting[0]
            kind = item[0]
            if kind == _FILE:
                waiting.popleft()
                stats.file_errors.append(item[1])
                continue
            if kind == _READY or kind == _REUSED:
                report = with_source(item[1], item[2])
            else:
                job: _Job = item[1]
                if not job.submitted:
                    if not block:
                        return
                    self.submit()
                if not block and not job.done():
                    return
                report = job.get()[item[2]]
                entry: Entry = item[3]
                if kind == _DUPLICATE:
                    report = reuse_report(report, entry.id, entry.profile)  # type: ignore[arg-type]
                report = with_source(report, entry.source)
            waiting.popleft()
            stats.profiles += 1
            if kind == _FIRST:
                stats.evaluated += 1
            elif kind != _READY:
                stats.reused += 1
            if report["error"] is not None:
                stats.errors += 1
            else:
                stats.levels[report["referral"]["level"]] += 1
            yield report
            if block and len(waiting) <= self.max_waiting // 2 and not self.finished:
                block = False


def _entries(paths: Sequence[str], stdin: IO[bytes] | None) -> Iterator[Entry | InputError]:
    for path in paths:
        try:
            yield from read_profiles(path, stdin=stdin)
        except InputError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - a bug reading one file must not end the batch
            from sorewhy.engine.profile import printable

            yield InputError(printable(path, None), f"internal error while reading the file: {type(exc).__name__}: "
                             f"{printable(str(exc), 120)} (a bug in sorewhy; the profiles after this point "
                             "in this file were not read)")


def evaluate_paths(
    paths: Sequence[str],
    *,
    jobs: int = 1,
    stats: BatchStats | None = None,
    stdin: IO[bytes] | None = None,
    cache_size: int = DEFAULT_CACHE_SIZE,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Iterator[Report]:
    """Yield a report for every profile of every file, in input order.

    A file that cannot be read at all is recorded in ``stats.file_errors``
    (once the reports before it have been yielded) and yields nothing; the
    other files are still evaluated. A profile that fails validation yields a
    report whose ``error`` says why.

    ``jobs`` > 1 evaluates in that many worker processes. ``cache_size``
    bounds how many reports are kept to reuse for identical profiles (0: none
    reused). ``chunk_size`` is the most profiles a worker takes at a time.
    The reports are the same whatever these are.
    """
    stats = stats if stats is not None else BatchStats()
    backend: _Inline | _Pool = _Pool(jobs) if jobs > 1 else _Inline()
    batch = _Batch(backend, stats, cache_size, max(1, chunk_size))
    try:
        for item in _entries(paths, stdin):
            batch.add(item)
            yield from batch.reports(block=len(batch.waiting) > batch.max_waiting)
        batch.submit()
        batch.finished = True
        yield from batch.reports(block=True)
    except BaseException:
        backend.abort()
        raise
    backend.close()
