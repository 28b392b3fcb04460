"""A progress bar on stderr for long batches, and nothing otherwise.

It is drawn only when stderr is a terminal and the batch is long: an estimated
200 profiles or more, or still running after a second. The estimate counts the
lines of JSON Lines and CSV files (cheap next to evaluating them); a JSON,
YAML or TOML file counts as one profile until it turns out to hold more.
Messages printed while the bar is up clear it first, so lines never mix.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

LONG_BATCH = 200
LONG_SECONDS = 1.0
_REDRAW_SECONDS = 0.1
_BAR = 24


def estimate_profiles(paths: Sequence[str]) -> int | None:
    """Roughly how many profiles the files hold; None when standard input is
    among them (it cannot be read twice)."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        suffix = Path(path).suffix.lower()
        if suffix in (".jsonl", ".ndjson", ".csv"):
            lines = _count_lines(path)
            total += max(lines - 1, 0) if suffix == ".csv" else lines
        else:
            total += 1
    return total


def _count_lines(path: str) -> int:
    count = 0
    last = b"\n"
    try:
        # Only a regular file is counted: reading a FIFO would consume the
        # profiles, and a device such as /dev/zero never ends.
        if not stat.S_ISREG(os.stat(path).st_mode):
            return 0
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return count + (0 if last == b"\n" else 1)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """``update(done, errors)`` after each profile; ``message(line)`` for
    anything else printed on the same stream; ``close()`` at the end."""

    def __init__(self, stream: TextIO, total: int | None, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.total = total
        self.enabled = _is_terminal(stream) if enabled is None else enabled
        self.clock = clock
        self.started = clock()
        self.last_draw = float("-inf")
        self.width = 0
        self.done = 0
        self.errors = 0
        self.first: tuple[float, int] | None = None
        """(time, count) at the first report: the rate leaves out start-up."""

    @property
    def long(self) -> bool:
        if self.total is not None and self.total >= LONG_BATCH:
            return True
        return self.clock() - self.started >= LONG_SECONDS

    def update(self, done: int, errors: int = 0) -> None:
        self.done, self.errors = done, errors
        if not self.enabled:
            return
        now = self.clock()
        if self.first is None:
            self.first = (now, done)
        if now - self.last_draw < _REDRAW_SECONDS or not self.long:
            return
        self.last_draw = now
        self._draw(self.line(now))

    def line(self, now: float | None = None) -> str:
        now = self.clock() if now is None else now
        since, base = self.first if self.first is not None else (self.started, 0)
        rate = (self.done - base) / (now - since) if now > since else 0.0
        errors = f", {self.errors} error{'s' if self.errors != 1 else ''}" if self.errors else ""
        speed = f", {rate:,.0f}/s" if rate > 0 else ""
        if self.total:
            total = max(self.total, self.done)
            filled = int(_BAR * self.done / total)
            bar = "#" * filled + "-" * (_BAR - filled)
            eta = f", {(total - self.done) / rate:.0f}s left" if rate > 0 else ""
            return f"[{bar}] {100 * self.done // total:3d}% {self.done}/{total} profiles{errors}{speed}{eta}"
        return f"evaluating: {self.done} profiles{errors}{speed}"

    def _draw(self, text: str) -> None:
        pad = " " * max(self.width - len(text), 0)
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
            self.last_draw = float("-inf")

    def message(self, text: str) -> None:
        """Print one line on the stream without garbling the bar."""
        self.clear()
        self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.clear()
