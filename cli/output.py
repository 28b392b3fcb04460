"""Where command output goes: standard output, or a file written atomically.

``--output FILE`` never leaves a half-written file in place of a good one: the
output is written to a temporary file in the same directory, flushed to disk,
and only then moved over FILE with ``os.replace`` (atomic on POSIX and
Windows). If anything fails or the user presses Ctrl-C before that, the
temporary file is removed and FILE is untouched.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click


class LineError(click.ClickException):
    """A usage error shown as one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo("sorewhy: " + " ".join(self.format_message().split()), err=True)


class OutputError(LineError):
    """The output file cannot be written."""


def check_output_path(path: str) -> Path:
    """Fail early, before any work, when ``path`` cannot be an output file."""
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"{path}: is a directory, expected a file to write")
    if not parent.is_dir():
        raise OutputError(f"{path}: no such directory {str(parent)!r}")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{path}: cannot write in directory {str(parent)!r} (permission denied)")
    return target


def _final_mode(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` only if the block
    finishes without an exception."""
    target = check_output_path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    except OSError as exc:
        raise OutputError(f"{path}: cannot create a file next to it: {exc.strerror or exc}") from None
    done = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp_name, _final_mode(target))
        os.replace(tmp_name, target)
        done = True
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """``--output FILE`` written atomically, or standard output."""
    if path is None or path == "-":
        stream = sys.stdout
        yield stream
        stream.flush()
    else:
        with atomic_output(path) as stream:
            yield stream


def colour_wanted(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.color is not None:
        return bool(ctx.color)
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
