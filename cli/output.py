"""Where command output goes: standard output, or a file written atomically.

``--output FILE`` never leaves a half-written file in place of a good one: the
output is written to a temporary file in the same directory (named
``.FILE.<pid>.<random>.tmp``), flushed to disk, and only then moved over FILE
with ``os.replace`` (atomic on POSIX and Windows). If anything fails, the disk
is full or read-only, or the run is stopped (Ctrl-C, SIGTERM, SIGHUP), the
temporary file is removed and FILE is untouched. A temporary file left by a
run that was killed outright (SIGKILL) is removed by the next run writing the
same FILE, once it is older than that run and its process is gone; it is never
taken for output. Two runs writing the same FILE at once each replace it
whole, so it ends as one complete report, never a mixture.

An output that is one of the run's input files (by any path or link) is a
usage error; an output that is not a regular file (a device such as
``/dev/null``, a FIFO, ``/dev/stdout``) is written through, never replaced.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
import stat
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TextIO

import click

_STARTED = time.time()
"""When this process started writing (near enough: when this module loaded)."""


class LineError(click.ClickException):
    """A usage error shown as one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo("sorewhy: " + " ".join(self.format_message().split()), err=True)


class OutputError(LineError):
    """The output file cannot be written."""


def _stat(path: str | Path | int) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _read_only(directory: Path) -> bool:
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def check_output_path(path: str, inputs: Sequence[str] = (), option: str = "--output",
                      regular_only: bool = False) -> Path:
    """Fail early, before any work, when ``path`` cannot be an output file:
    a directory, a missing or unwritable directory, or one of ``inputs``
    (through a link or another spelling of the path). With ``regular_only``
    a device or FIFO is refused too (else it is written through)."""
    given = Path(path)
    info = _stat(given)
    if info is not None:
        for source in inputs:
            other = _input_stat(source)
            if other is not None and _same_file(info, other) and stat.S_ISREG(info.st_mode):
                named = "standard input" if source == "-" else source
                raise OutputError(f"{option} {path} is the input file {named}: writing it would replace "
                                  f"what is read; expected another file name")
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path}: is a directory, expected a file to write")
        if not stat.S_ISREG(info.st_mode):
            if regular_only:
                raise OutputError(f"{option} {path}: is not a regular file (a device or FIFO); "
                                  "expected a file to write")
            return given
        given = Path(os.path.realpath(given))  # a link: replace the file it points to, keep the link
    parent = given.parent if str(given.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{option} {path}: no such directory {str(parent)!r} (the directory does not exist)")
    if _read_only(parent):
        raise OutputError(f"{path}: cannot write in directory {str(parent)!r} (read-only file system)")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{path}: cannot write in directory {str(parent)!r} (permission denied)")
    return given


def _input_stat(source: str) -> os.stat_result | None:
    """An input's file (``-``: what standard input reads, when it is a file)."""
    if source != "-":
        return _stat(source)
    try:
        return os.fstat(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def same_target(a: str, b: str) -> bool:
    """Whether writing `a` and writing `b` would write the same regular file
    (through links or another spelling of the path; a file not there yet by
    its resolved path). Two devices (``/dev/null``) are not a clash."""
    sa, sb = _stat(a), _stat(b)
    if sa is not None and sb is not None:
        return _same_file(sa, sb) and stat.S_ISREG(sa.st_mode)
    return os.path.realpath(a) == os.path.realpath(b)


def check_outputs(outputs: Sequence[tuple[str, str | None]], inputs: Sequence[str] = ()) -> None:
    """Fail before any work when an output (``(option, path)``; None or
    ``-`` is standard output) cannot be written (:func:`check_output_path`:
    among others, it is one of `inputs`) or is the same file as another
    output of the same run: the later one would replace the first."""
    named = [(option, path) for option, path in outputs if path is not None and path != "-"]
    for n, (option, path) in enumerate(named):
        check_output_path(path, inputs, option)
        for other_option, other in named[:n]:
            if same_target(path, other):
                raise OutputError(f"{option} {path} is the same file as {other_option} {other}: one would "
                                  "replace the other; expected two different file names")


def _final_mode(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files a killed run left beside ``target``: named
    for it, older than this run, and of a process that is gone."""
    pattern = re.compile(r"\." + re.escape(target.name) + r"\.([0-9]+)\.[A-Za-z0-9_]+\.tmp")
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if match is None:
            continue
        stale = target.parent / name
        info = _stat(stale)
        if info is None or not stat.S_ISREG(info.st_mode) or info.st_mtime >= _STARTED:
            continue
        if _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(stale)
            removed.append(stale)
    return removed


def _write_error(path: str, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {exc.strerror or exc}; the previous file, if any, is unchanged")


@contextlib.contextmanager
def atomic_output(path: str, inputs: Sequence[str] = (), option: str = "--output",
                  regular_only: bool = False) -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` only if the block
    finishes without an exception (a device or FIFO is written through)."""
    target = check_output_path(path, inputs, option, regular_only)
    info = _stat(target)
    if info is not None and not regular_only and _is_stdout(info):
        yield sys.stdout  # /dev/stdout, whatever it is: the stream already open, written through
        sys.stdout.flush()
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        with _written_through(path, target) as stream:
            yield stream
        return
    remove_stale_temporaries(target)
    import tempfile  # only when a file is written (a few milliseconds of every start-up otherwise)

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                        dir=target.parent or ".")
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
        raise _write_error(path, exc) from None
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _is_stdout(info: os.stat_result) -> bool:
    if sys.stdout is None or not _has_fileno(sys.stdout):
        return False
    out = _stat(sys.stdout.fileno())
    return out is not None and _same_file(info, out)


@contextlib.contextmanager
def _written_through(path: str, target: Path) -> Iterator[TextIO]:
    """A device, FIFO or the like: written in place (there is nothing to
    replace atomically, and replacing it would destroy it)."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise OutputError(f"{path}: cannot open for writing: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
    except OSError as exc:
        raise _write_error(path, exc) from None


def _has_fileno(stream: object) -> bool:
    try:
        stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False
    return True


def write_file(path: str, text: str, option: str = "--save", inputs: Sequence[str] = ()) -> None:
    """Write ``text`` to ``path`` atomically, keeping an existing file's
    permissions (a 0600 file stays 0600); only a regular file is accepted,
    and none of `inputs`."""
    with atomic_output(path, inputs, option=option, regular_only=True) as stream:
        stream.write(text)


@contextlib.contextmanager
def open_output(path: str | None, inputs: Sequence[str] = ()) -> Iterator[TextIO]:
    """``--output FILE`` written atomically, or standard output."""
    if path is None or path == "-":
        stream = sys.stdout
        if stream is None:
            raise OutputError("standard output is closed; expected somewhere to write (or --output FILE)")
        yield stream
        stream.flush()
    else:
        with atomic_output(path, inputs) as stream:
            yield stream


def write_utf8(stream: TextIO, data: bytes | str) -> None:
    """Write text made elsewhere as UTF-8 bytes (a batch's block, see
    engine/batch.py ``Block.data``) to ``stream``, with the same bytes as
    ``stream.write(data.decode())``. Where ``stream`` is a text layer over a
    byte stream that would encode the text as UTF-8 and not translate line
    breaks, the bytes go straight to that byte stream (once the text layer
    is flushed, to keep the order), never decoded and encoded again: with
    ``--jobs`` that is most of the reports' bytes, and this process's CPU is
    taken from the workers'. A ``str`` is written as it is."""
    if isinstance(data, str):
        stream.write(data)
        return
    raw = _utf8_bytes_of(stream)
    if raw is None:
        stream.write(data.decode("utf-8"))
        return
    stream.flush()
    raw.write(data)


def _utf8_bytes_of(stream: TextIO) -> IO[bytes] | None:
    """The byte stream under ``stream`` when writing UTF-8 bytes to it is
    the same as writing their text to ``stream``: a TextIOWrapper encoding
    UTF-8 (with any error handler: strict UTF-8 encodes the same with all),
    on a system whose line break is ``\n`` (sorewhy's text streams are
    opened with ``newline`` None or ``\n``, which there translate nothing)."""
    if not isinstance(stream, io.TextIOWrapper) or os.linesep != "\n":
        return None
    try:
        if codecs.lookup(stream.encoding).name != "utf-8":
            return None
    except LookupError:
        return None
    return getattr(stream, "buffer", None)


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
