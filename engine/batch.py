"""Batch evaluation: every profile of every file, streamed, in input order.

This is what ``sorewhy evaluate`` calls. Reports come out in input order one
at a time, so a survey export of any length is never held in memory whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from sorewhy.engine.api import Report, default_evaluator
from sorewhy.engine.errors import InputError
from sorewhy.engine.loaders import read_profiles


@dataclass
class BatchStats:
    """What a batch did, updated as reports are produced."""

    profiles: int = 0
    errors: int = 0
    levels: Counter = field(default_factory=Counter)
    file_errors: list[InputError] = field(default_factory=list)


def evaluate_paths(
    paths: Sequence[str],
    *,
    jobs: int = 1,
    stats: BatchStats | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Report]:
    """Yield a report for every profile of every file, in input order.

    A file that cannot be read at all is recorded in ``stats.file_errors``
    (and yields nothing); the other files are still evaluated. A profile that
    fails validation yields a report whose ``error`` says why.
    """
    stats = stats if stats is not None else BatchStats()
    ev = default_evaluator()
    for path in paths:
        try:
            entries = read_profiles(path, stdin=stdin)
            for entry in entries:
                report = ev.evaluate_entry(entry)
                stats.profiles += 1
                if report["error"] is not None:
                    stats.errors += 1
                else:
                    stats.levels[report["referral"]["level"]] += 1
                yield report
        except InputError as exc:
            stats.file_errors.append(exc)
