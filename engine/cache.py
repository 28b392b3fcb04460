"""The start-up cache: what every run would otherwise rebuild from the same
bytes, kept between runs the way Python keeps bytecode.

Three things are kept, each in one file of the cache folder per Python
(``*`` below is its tag, as in ``knowledge.cpython-311.bin``):

- the validated knowledge (``knowledge.*.bin``, ``labs.*.bin``), stored once the
  knowledge files have passed validation and reused only while the files,
  the code that validates them and the versions of Python, pydantic and PyYAML
  are the same bytes (their SHA-256 is the entry's key);
- ``labs.yaml`` parsed as plain data (``raw-labs.*.bin``), which the lab rules
  are made from, reused for the same text, PyYAML and Python;
- the compiled code of the derived matcher (``code-match.*.bin``,
  ``code-open_keys.*.bin``), reused only for the same generated source on the
  same Python (like a hash-checked ``.pyc``).

An entry is trusted only when its key matches and its payload's own SHA-256
checks (a torn or edited file is a miss), and on POSIX only when it belongs to
the user running sorewhy. Anything that goes wrong with the cache (no
home folder, a read-only disk, a full disk, a racing writer) makes it a miss:
sorewhy then does the work, as it would without a cache, and never fails
because of it. Entries are written to a temporary file and renamed into place,
so a reader never sees half an entry.

Where: ``SOREWHY_CACHE_DIR`` if set (set to the empty string, no cache is read
or written); else ``$XDG_CACHE_HOME/sorewhy`` or ``~/.cache/sorewhy`` (on
macOS ``~/Library/Caches/sorewhy``, on Windows ``%LOCALAPPDATA%\\sorewhy\\cache``).
The folder is created private to its user. Deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

FORMAT = b"sorewhy start-up cache 1\n"
"""Every entry starts with this line; a new layout changes it."""

ENV = "SOREWHY_CACHE_DIR"

_DIGEST = 32


def directory() -> str | None:
    """The cache folder, or None when the cache is switched off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return chosen or None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return os.path.join(base, "sorewhy", "cache") if base else None
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/sorewhy")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "sorewhy") if os.path.isabs(base) else None


def key(*parts: bytes | str) -> bytes:
    """A key made of `parts`, in order (each one length-prefixed, so that no two
    different lists of parts give the same key)."""
    h = hashlib.sha256(FORMAT)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def _path(kind: str) -> str | None:
    """Where `kind` is kept: one file per kind and Python (``knowledge.cpython-311.bin``),
    so that two Pythons sharing the folder do not keep replacing each other's entries."""
    folder = directory()
    if not folder:
        return None
    return os.path.join(folder, f"{kind}.{sys.implementation.cache_tag or 'python'}.bin")


def get(kind: str, want: bytes) -> bytes | None:
    """The payload stored under `kind` if it was stored with key `want`, else None."""
    path = _path(kind)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            if hasattr(os, "getuid") and os.fstat(f.fileno()).st_uid != os.getuid():
                return None
            data = f.read()
    except OSError:
        return None
    head = len(FORMAT)
    if not data.startswith(FORMAT) or data[head:head + _DIGEST] != want:
        return None
    payload = data[head + 2 * _DIGEST:]
    if hashlib.sha256(payload).digest() != data[head + _DIGEST:head + 2 * _DIGEST]:
        return None
    return payload


def put(kind: str, stored_key: bytes, payload: bytes) -> bool:
    """Store `payload` under `kind` with `stored_key`, replacing what was there.
    True if it was stored; any failure leaves the cache as it was."""
    path = _path(kind)
    if path is None:
        return False
    tmp = None
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(FORMAT + stored_key + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


def remembered(kind: str, stored_key: bytes, build: Callable[[], Any], dump: Callable[[Any], bytes],
               restore: Callable[[bytes], Any]) -> Any:
    """What `build()` returns, restored from the cache when an entry with
    `stored_key` is there. A built value is stored (as ``dump(value)``) only
    when `build` returns; an entry that cannot be restored counts as a miss."""
    payload = get(kind, stored_key)
    if payload is not None:
        try:
            return restore(payload)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, never an error
            pass
    value = build()
    try:
        payload = dump(value)
    except Exception:  # noqa: BLE001 - a value that cannot be kept is just not kept
        return value
    put(kind, stored_key, payload)
    return value


def compiled(source: str, filename: str, kind: str) -> Any:
    """``compile(source, filename, "exec")``, kept between runs for the same
    source, file name and Python."""
    import marshal

    want = key(sys.version, sys.implementation.cache_tag or "", filename, source)
    return remembered(kind, want, lambda: compile(source, filename, "exec"), marshal.dumps, marshal.loads)
