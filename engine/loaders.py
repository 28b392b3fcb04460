"""Read facts files: every format of contract §1, one profile at a time.

`read_profiles` yields an :class:`Entry` per profile, in file order, holding
either a validated :class:`Profile` or the :class:`ProfileError` that names the
file, the profile, the key and what was expected. JSON Lines and CSV are
streamed (a survey export is never held in memory whole); a file that cannot
be read at all raises :class:`InputError`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml

from sorewhy.engine.errors import InputError, ProfileError
from sorewhy.engine.profile import LAB_KEYS, LIST_KEYS, Profile, validate_profile

FORMATS = ("json", "yaml", "toml", "jsonl", "csv")
_EXT = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".jsonl": "jsonl",
        ".ndjson": "jsonl", ".csv": "csv"}

csv.field_size_limit(1 << 20)


@dataclass(frozen=True, slots=True)
class Entry:
    """One profile read from a file: validated, or the reason it is not."""

    source: str
    position: int
    """1-based: the profile's place in a list, the line of a JSON Lines file,
    or the spreadsheet row of a CSV file (the header is row 1)."""
    where: str
    """How messages name the profile: ``profile 'id' (row 3)``, ``line 7``, ..."""
    profile: Profile | None
    error: ProfileError | None

    @property
    def id(self) -> str:
        if self.profile is not None and self.profile.id is not None:
            return self.profile.id
        return self.default_id

    @property
    def default_id(self) -> str:
        return _default_id(self.source, self.position, self._single)

    _single: bool = False


def _default_id(source: str, position: int, single: bool) -> str:
    stem = "stdin" if source == "<stdin>" else Path(source).stem
    return stem if single else f"{stem}:{position}"


def format_of(path: str) -> str:
    """The format a file name asks for, or InputError."""
    if path == "-":
        return "stdin"
    fmt = _EXT.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(path, f"unknown file type {Path(path).suffix or '(none)'!r}; expected one of "
                         ".json .yaml .yml .toml .jsonl .csv, or - for standard input")
    return fmt


def read_profiles(path: str, stdin: IO[bytes] | None = None) -> Iterator[Entry]:
    """Yield every profile of one facts file (``-`` is standard input).

    Raises :class:`InputError` before yielding anything when the file cannot be
    read, decoded or parsed as a whole; for JSON Lines and CSV a broken line or
    row is an :class:`Entry` with an error and reading goes on.
    """
    fmt = format_of(path)
    source = "<stdin>" if path == "-" else path
    if fmt in ("jsonl", "csv"):
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed by the generator below
        except OSError as exc:
            raise InputError(source, _os_reason(exc)) from None
        reader = _read_jsonl if fmt == "jsonl" else _read_csv
        return _closing(reader(source, handle), handle)
    if fmt == "stdin":
        raw = (stdin or sys.stdin.buffer).read()
        docs = _parse_stdin(source, raw)
    else:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(source, _os_reason(exc)) from None
        docs = _parse_whole(source, fmt, raw)
    return _entries(source, docs)


def _closing(gen: Iterator[Entry], handle: IO[bytes]) -> Iterator[Entry]:
    try:
        yield from gen
    finally:
        handle.close()


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, expected a facts file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def _decode(source: str, raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise InputError(source, "binary data, expected a UTF-8 text facts file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not UTF-8 text (byte {exc.start + 1} cannot be decoded)") from None


def _parse_whole(source: str, fmt: str, raw: bytes) -> Any:
    text = _decode(source, raw)
    if not text.strip():
        raise InputError(source, "empty file, expected at least one profile")
    if fmt == "json":
        return _parse_json(source, text)
    if fmt == "yaml":
        return _parse_yaml(source, text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(source, f"invalid TOML: {exc}") from None


def _parse_stdin(source: str, raw: bytes) -> Any:
    text = _decode(source, raw)
    if not text.strip():
        raise InputError(source, "empty input, expected at least one profile as JSON or YAML")
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        pass
    return _parse_yaml(source, text, what="JSON or YAML")


def _parse_json(source: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(source, "invalid JSON: nested too deeply") from None


def _parse_yaml(source: str, text: str, what: str = "YAML") -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        raise InputError(source, f"invalid {what}{at}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InputError(source, f"invalid {what}: {exc}") from None
    except RecursionError:
        raise InputError(source, f"invalid {what}: nested too deeply") from None


def _split_documents(source: str, doc: Any) -> tuple[list[Any], bool]:
    """One profile, a list of profiles, or a mapping with a `profiles` list."""
    if isinstance(doc, list):
        return doc, False
    if isinstance(doc, dict):
        if "profiles" in doc:
            extra = sorted(str(k) for k in doc if k != "profiles")
            if extra:
                raise InputError(source, f"a mapping with 'profiles' may hold nothing else, found {extra}")
            if not isinstance(doc["profiles"], list):
                raise InputError(source, "'profiles' must be a list of profiles")
            return doc["profiles"], False
        return [doc], True
    if doc is None:
        raise InputError(source, "empty document, expected at least one profile")
    raise InputError(source, f"expected a profile mapping or a list of profiles, got {type(doc).__name__}")


def _where(data: Any, label: str) -> str:
    if isinstance(data, dict):
        pid = data.get("id")
        if isinstance(pid, str) and pid:
            return f"profile '{pid}' ({label})"
    return label


def _validated(source: str, position: int, label: str, data: Any, single: bool = False) -> Entry:
    where = _where(data, label)
    try:
        profile = validate_profile(data, source, where)
    except ProfileError as err:
        return Entry(source, position, where, None, err, single)
    return Entry(source, position, where, profile, None, single)


def _entries(source: str, doc: Any) -> Iterator[Entry]:
    items, single = _split_documents(source, doc)
    if not items:
        raise InputError(source, "no profiles in file")
    for n, data in enumerate(items, start=1):
        label = "the profile" if single else f"profile {n}"
        yield _validated(source, n, label, data, single)


def _read_jsonl(source: str, handle: IO[bytes]) -> Iterator[Entry]:
    for lineno, raw in enumerate(handle, start=1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        label = f"line {lineno}"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            err = ProfileError(source, label, None, "not UTF-8 text")
            yield Entry(source, lineno, label, None, err)
            continue
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            err = ProfileError(source, label, None, f"invalid JSON: {reason}")
            yield Entry(source, lineno, label, None, err)
            continue
        yield _validated(source, lineno, label, data)


# --- CSV -----------------------------------------------------------------

_INT_KEYS = {"age", "duration_days"}
_FLOAT_KEYS = {"exercise_hours", "exercise_water_l_per_hour"}
_BOOL_KEYS = {k for k, f in Profile.model_fields.items() if "bool" in str(f.annotation)}
_LIST_KEYS = set(LIST_KEYS)
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def _cell(key: str, text: str) -> Any:
    """Turn a CSV cell into the type its key expects; leave it as text when it
    does not parse, so that validation names the key and the bad value."""
    lab = key.removeprefix("labs.")
    if key in _INT_KEYS:
        try:
            return int(text)
        except ValueError:
            return text
    if key in _FLOAT_KEYS or (key.startswith("labs.") and lab in LAB_KEYS):
        try:
            return float(text)
        except ValueError:
            return text
    if key in _BOOL_KEYS:
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        return text
    if key in _LIST_KEYS:
        return [part.strip() for part in text.split(";") if part.strip()]
    return text


def _row_to_profile(header: list[str], row: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, text in zip(header, row, strict=False):
        text = text.strip()
        if not text:
            continue  # an empty cell is "not given"
        value = _cell(key, text)
        if key.startswith("labs.") and key != "labs.":
            data.setdefault("labs", {})[key.removeprefix("labs.")] = value
        else:
            data[key] = value
    return data


def _read_csv(source: str, handle: IO[bytes]) -> Iterator[Entry]:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(source, f"invalid CSV header: {exc}") from None
    if header is None or not any(h.strip() for h in header):
        raise InputError(source, "empty file, expected a header row and at least one profile")
    if _has_surrogates(header):
        raise InputError(source, "header row is not UTF-8 text")
    header = [h.strip() for h in header]
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise InputError(source, f"header names a column twice: {', '.join(dupes)}")
    rowno = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            rowno += 1
            err = ProfileError(source, f"row {rowno}", None, f"invalid CSV: {exc}")
            yield Entry(source, rowno, f"row {rowno}", None, err)
            continue
        rowno += 1
        label = f"row {rowno}"
        if not any(cell.strip() for cell in row):
            continue
        if _has_surrogates(row):
            yield Entry(source, rowno, label, None, ProfileError(source, label, None, "not UTF-8 text"))
            continue
        if len(row) > len(header):
            err = ProfileError(source, label, None,
                               f"has {len(row)} cells but the header names {len(header)} columns")
            yield Entry(source, rowno, label, None, err)
            continue
        unnamed = [i + 1 for i, h in enumerate(header) if not h and i < len(row) and row[i].strip()]
        if unnamed:
            err = ProfileError(source, label, None, f"a value stands in column {unnamed[0]}, which has no header")
            yield Entry(source, rowno, label, None, err)
            continue
        yield _validated(source, rowno, label, _row_to_profile(header, row))


def _has_surrogates(cells: Iterable[str]) -> bool:
    return any(any("\udc80" <= ch <= "\udcff" for ch in cell) for cell in cells)
