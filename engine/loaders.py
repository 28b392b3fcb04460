"""Read facts files: every format of contract §1, one profile at a time.

`read_profiles` yields an :class:`Entry` per profile, in file order, holding
either a validated :class:`Profile` or the :class:`ProfileError` that names the
file, the profile, the key and what was expected. JSON Lines and CSV are
streamed (a survey export is never held in memory whole); a file that cannot
be read at all raises :class:`InputError`.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import os
import re
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar

import yaml

from sorewhy.engine.profile import LAB_KEYS, LIST_KEYS, Profile, printable, validate_profile
from sorewhy.engine.salvage import salvage
from sorewhy.errors import InputError, ProfileError

FORMATS = ("json", "yaml", "toml", "jsonl", "csv")
_EXT = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".jsonl": "jsonl",
        ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv"}

MAX_RECORD_BYTES = 1 << 20
"""The longest JSON Lines line, CSV line or CSV cell read (1 MiB). A longer
one is that record's error, named by its line or row, and is never read whole:
a profile is a few hundred bytes, so a record this long is a broken export."""

MAX_DOCUMENT_BYTES = 8 << 20
"""The largest whole-document facts file (JSON, TOML, standard input) read
(8 MiB, some tens of thousands of profiles). Such a file is parsed whole,
which takes many times its size in memory, so a larger one is refused before
it is parsed; JSON Lines and CSV stream in flat memory whatever their length."""

MAX_YAML_BYTES = 1 << 20
"""The largest YAML document parsed (1 MiB): PyYAML takes over a hundred
times a document's size in memory, so YAML gets a smaller limit."""

csv.field_size_limit(MAX_RECORD_BYTES)


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
        """The profile's own id; for a profile that failed validation, the id
        it gave if that id itself is valid; else the default id."""
        if self.profile is not None:
            return self.profile.id if self.profile.id is not None else self.default_id
        return self.given_id if self.given_id is not None else self.default_id

    @property
    def default_id(self) -> str:
        return _default_id(self.source, self.position, self._single)

    _single: bool = False
    given_id: str | None = None
    """A failed profile's own `id`, when that id is itself valid."""
    salvaged: Profile | None = None
    """A failed profile's red-flag-relevant valid parts
    (:func:`sorewhy.engine.salvage.salvage`), None when it gives none: its
    report still carries the urgent referral of a red flag named there."""
    extra: dict[str, Any] | None = None
    """Keys added to this profile's report as they are: ``not_read`` for a
    profile read from FHIR resources (engine/fhir/)."""


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
                         ".json .yaml .yml .toml .jsonl .csv .tsv, or - for standard input")
    return fmt


def read_profiles(path: str, stdin: IO[bytes] | None = None, as_of: date | None = None,
                  warn: Callable[[str], None] | None = None) -> Iterator[Entry]:
    """Yield every profile of one facts file (``-`` is standard input).

    Raises :class:`InputError` before yielding anything when the file cannot be
    read, decoded or parsed as a whole; for JSON Lines and CSV a broken line or
    row is an :class:`Entry` with an error and reading goes on. FHIR input
    (a Bundle, FHIR NDJSON, a folder of resources) gives one profile per
    Patient, its age worked out at `as_of` (default: today); what of it
    belongs to no patient is given to `warn`, one line each.
    """
    raw = open_raw(path, stdin, as_of=as_of, warn=warn)
    if raw.kind == "entries":
        return raw.records
    return _at_least_one(raw.source, raw_entries(raw.kind, raw.source, raw.records))


@dataclass(slots=True)
class RawFile:
    """A facts file opened to be read in two steps: its records, cheap to
    read (the lines of a JSON Lines file, the rows of a CSV file, as text not
    yet parsed or validated), then the entries of any run of them
    (:func:`raw_entries`), which is where the work is. A batch reads the
    records in one process and has others make the entries; both steps
    together are :func:`read_profiles`, so the entries are the same.

    ``kind`` is ``jsonl`` or ``csv`` (``records`` yields those records; a
    CSV's first record is its header, see :func:`raw_entries`), or
    ``entries`` for a whole-document file (``records`` yields its validated
    entries). Reading ``records`` raises :class:`InputError` when the file
    cannot be read further (its header is broken, a read fails)."""

    kind: str
    source: str
    records: Iterator[Any]


def open_raw(path: str, stdin: IO[bytes] | None = None, as_of: date | None = None,
             warn: Callable[[str], None] | None = None) -> RawFile:
    """Open one facts file as :class:`RawFile`, raising :class:`InputError`
    when it cannot be read at all (as :func:`read_profiles` does)."""
    # Messages name the file as given, with line breaks or undecodable bytes
    # in the name escaped so that every message stays one printable line.
    source = "<stdin>" if path == "-" else printable(path, None)
    if path != "-" and os.path.isdir(path):
        return _fhir_folder(path, source, as_of, warn)
    fmt = format_of(path) if path == "-" else _format_named(path, source)
    if fmt == "jsonl" and Path(path).suffix.lower() == ".ndjson" and _ndjson_is_fhir(path, source):
        return _fhir_ndjson(path, source, as_of, warn)
    if fmt in ("jsonl", "csv"):
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed by the generator below
        except OSError as exc:
            raise InputError(source, _os_reason(exc)) from None
        try:
            problem = _encoding_problem(handle.peek(4096)[:4096])
        except OSError as exc:
            handle.close()
            raise InputError(source, _os_reason(exc)) from None
        if problem is not None:
            handle.close()
            raise InputError(source, problem)
        reader = _jsonl_records if fmt == "jsonl" else _csv_records
        return RawFile(fmt, source, _closing(source, reader(source, handle), handle))
    if fmt == "stdin":
        raw = _read_bounded(source, stdin or sys.stdin.buffer)
        docs = _parse_stdin(source, raw)
    else:
        try:
            with open(path, "rb") as handle:
                raw = _read_bounded(source, handle, MAX_YAML_BYTES if fmt == "yaml" else MAX_DOCUMENT_BYTES,
                                    "a YAML document" if fmt == "yaml" else "a whole-document facts file")
        except OSError as exc:
            raise InputError(source, _os_reason(exc)) from None
        docs = _parse_whole(source, fmt, raw)
    if fmt in ("json", "stdin") and _is_fhir(docs):
        return _fhir_raw(source, [_located(docs, "the file")], as_of, warn)
    return RawFile("entries", source, _entries(source, docs))


# --- FHIR R4 input (engine/fhir/) ---------------------------------------------

FHIR_SUFFIXES = (".json", ".ndjson")
"""The files of a folder of FHIR resources that are read."""


def _is_fhir(doc: Any) -> bool:
    from sorewhy.engine.fhir import is_fhir

    return is_fhir(doc)


def _located(raw: Any, where: str) -> Any:
    from sorewhy.engine.fhir.reader import Located

    return Located(raw, where)


def _fhir_raw(source: str, items: list[Any], as_of: date | None,
              warn: Callable[[str], None] | None) -> RawFile:
    """One entry per Patient of FHIR resources (Bundles opened)."""
    from sorewhy.engine.fhir import require

    require(source, "FHIR input")
    from sorewhy.engine.fhir.reader import read_fhir

    read = read_fhir(items, source, as_of or date.today())
    if not read.patients:
        problems = f" ({len(read.warnings)} resource{'s' if len(read.warnings) != 1 else ''} could not be read: " \
            f"{read.warnings[0].removeprefix(source + ': ')})" if read.warnings else ""
        raise InputError(source, "FHIR input with no Patient resource; expected one Patient per person" + problems)
    for line in read.warnings:
        if warn is not None:
            warn(line)
    entries = []
    for n, patient in enumerate(read.patients, start=1):
        if warn is not None:
            for item in patient.not_read:
                warn(f"{source}: patient '{printable(patient.pid, 64)}': {item['resource']}: {item['element']}: "
                     f"{item['reason']}")
        entries.append(patient_entry(source, n, patient))
    return RawFile("entries", source, iter(entries))


def patient_entry(source: str, position: int, patient: Any) -> Entry:
    """The entry of one patient read from FHIR resources
    (:class:`~sorewhy.engine.fhir.reader.PatientFacts`): its facts validated as
    a facts file's profile, with what was not read for its report."""
    entry = _validated(source, position, patient.label, patient.facts)
    return replace(entry, extra={"not_read": patient.not_read})


def _fhir_json_lines(source: str, handle: IO[bytes], label: str) -> Iterator[Any]:
    """The resources of FHIR NDJSON, one a line; a line that is not JSON is
    still given (as its error text), to be named as not a resource."""
    for lineno, raw in _jsonl_records(source, handle):
        where = f"{label}line {lineno}"
        if raw is None:
            yield _located(f"a line longer than {MAX_RECORD_BYTES >> 20} MiB", where)
            continue
        try:
            yield _located(_json_loads(raw.decode("utf-8")), where)
        except (ValueError, RecursionError):
            yield _located("invalid JSON", where)


def _ndjson_is_fhir(path: str, source: str) -> bool:
    """Whether the first line of a .ndjson file that is not blank is a FHIR
    resource (else it is read as JSON Lines of profiles)."""
    try:
        with open(path, "rb") as handle:
            for _, raw in _jsonl_records(source, handle):
                if raw is None:
                    return False
                try:
                    return _is_fhir(_json_loads(raw.decode("utf-8")))
                except (ValueError, RecursionError):
                    return False
    except OSError:
        return False  # the JSON Lines reader names the problem
    return False


def _fhir_ndjson(path: str, source: str, as_of: date | None, warn: Callable[[str], None] | None) -> RawFile:
    try:
        with open(path, "rb") as handle:
            items = list(_fhir_json_lines(source, handle, ""))
    except OSError as exc:
        raise InputError(source, _os_reason(exc)) from None
    return _fhir_raw(source, items, as_of, warn)


def _fhir_folder(path: str, source: str, as_of: date | None, warn: Callable[[str], None] | None) -> RawFile:
    """A folder of FHIR resources: every .json (one resource or Bundle) and
    .ndjson file in it and below it, read together."""
    files = sorted(p for p in Path(path).rglob("*") if p.is_file() and p.suffix.lower() in FHIR_SUFFIXES)
    if not files:
        raise InputError(source, "is a directory with no .json or .ndjson file in it; expected a facts file, "
                         "or a folder of FHIR resources")
    items: list[Any] = []
    for file in files:
        name = printable(str(file.relative_to(path)), 120)
        try:
            with open(file, "rb") as handle:
                if file.suffix.lower() == ".ndjson":
                    items.extend(_fhir_json_lines(source, handle, f"{name} "))
                    continue
                raw = _read_bounded(source, handle)
        except OSError as exc:
            raise InputError(source, f"{name}: {_os_reason(exc)}") from None
        try:
            doc = _parse_json(source, _decode(source, raw))
        except InputError as exc:
            items.append(_located(exc.message, name))
            continue
        items.append(_located(doc, name))
    return _fhir_raw(source, items, as_of, warn)


def raw_entries(kind: str, source: str, records: Iterable[Any],
                seen: OrderedDict[tuple[str, ...], Profile] | None = None) -> Iterator[Entry]:
    """The entries of a run of records of a :class:`RawFile` (``jsonl`` or
    ``csv``), in order; a blank record has none. A run of CSV records starts
    with the file's header record. ``seen`` remembers validated CSV rows
    between runs of the same file (a run's own when not given). Should
    sorewhy itself fail on a record (a bug), that record's entry says so and
    the others are still read."""
    if kind == "jsonl":
        for lineno, raw in records:
            try:
                yield _jsonl_entry(source, lineno, raw)
            except Exception as exc:  # noqa: BLE001 - one record's bug must not end the batch
                yield _internal_error(source, lineno, f"line {lineno}", exc)
        return
    it = iter(records)
    header = next(it, None)
    if header is None:
        return
    seen = OrderedDict() if seen is None else seen
    for record in it:
        try:
            entry = _csv_entry(source, header, record, seen)
        except Exception as exc:  # noqa: BLE001 - one record's bug must not end the batch
            entry = _internal_error(source, record[0], f"row {record[0]}", exc)
        if entry is not None:
            yield entry


def _internal_error(source: str, position: int, label: str, exc: Exception) -> Entry:
    return Entry(source, position, label, None, ProfileError(source, label, None, internal_error_text(exc)))


def has_entry(kind: str, record: Any) -> bool:
    """Whether a record (not a CSV header) gives an entry (a blank line or row does not)."""
    if kind == "jsonl":
        return True  # blank lines are not records
    row = record[3]
    return record[4] or row is None or any(cell.strip() for cell in row)


def no_profiles(source: str) -> InputError:
    """A streamed file that holds no profile at all (an empty export is never
    silently 'all fine')."""
    return InputError(source, "no profiles in file (only blank lines or a header)")


def _too_large(size: str, limit: int = MAX_DOCUMENT_BYTES, what: str = "a whole-document facts file") -> str:
    return (f"{size}, larger than the {limit >> 20} MiB limit for {what}; "
            "expected a smaller file (JSON Lines or CSV stream profiles of any number)")


def _read_bounded(source: str, handle: IO[bytes], limit: int = MAX_DOCUMENT_BYTES,
                  what: str = "a whole-document facts file") -> bytes:
    """The whole of `handle`, refused before parsing when it is larger than
    `limit` (never reading more than that, so /dev/zero or an endless pipe is
    refused too)."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        size = 0
    if size > limit:
        raise InputError(source, _too_large(f"{size / (1 << 20):.1f} MiB", limit, what))
    raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise InputError(source, _too_large(f"more than {limit >> 20} MiB", limit, what))
    return raw


def _format_named(path: str, source: str) -> str:
    try:
        return format_of(path)
    except InputError as exc:
        raise InputError(source, exc.message) from None


_T = TypeVar("_T")


def _closing(source: str, gen: Iterator[_T], handle: IO[bytes]) -> Iterator[_T]:
    try:
        yield from gen
    except OSError as exc:  # e.g. a read error half way through a file
        raise InputError(source, _os_reason(exc)) from None
    finally:
        handle.close()


def _at_least_one(source: str, gen: Iterator[Entry]) -> Iterator[Entry]:
    """A streamed file that holds no profile at all is an error, as it is for
    the other formats (an empty export is never silently 'all fine')."""
    seen = False
    for entry in gen:
        seen = True
        yield entry
    if not seen:
        raise no_profiles(source)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, expected a facts file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"),
)


def _encoding_problem(head: bytes) -> str | None:
    """Why the first bytes of a file show it is not UTF-8 text, else None."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return f"{name} text, expected UTF-8 (save the file as UTF-8)"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive (a spreadsheet workbook?), expected a UTF-8 text facts file (save as CSV)"
    if b"\x00" in head:
        if re.match(rb"(?:[\x01-\x7f]\x00){2}|(?:\x00[\x01-\x7f]){2}", head):
            return "UTF-16 text, expected UTF-8 (save the file as UTF-8)"
        # A stray NUL in otherwise good text is left to the parser, which names
        # the line or row; only a file that is not text at all is refused whole.
        if head.count(b"\x00") * 10 > len(head) or not _utf8_prefix(head):
            return "binary data, expected a UTF-8 text facts file"
    return None


def _utf8_prefix(head: bytes) -> bool:
    """Whether `head` is UTF-8 text, allowing a character cut at its end."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.start >= len(head) - 3
    return True


def _decode(source: str, raw: bytes) -> str:
    problem = _encoding_problem(raw[:4096])
    if problem is not None:
        raise InputError(source, problem)
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
    import tomllib  # only for a TOML file

    return _parsed(source, "TOML", tomllib.loads, text, _toml_syntax)


def _parse_stdin(source: str, raw: bytes) -> Any:
    text = _decode(source, raw)
    if not text.strip():
        raise InputError(source, "empty input, expected at least one profile as JSON or YAML")
    try:
        return _json_loads(text)
    except (ValueError, RecursionError):
        if len(raw) > MAX_YAML_BYTES:
            # Too large to try as YAML: say what is wrong with it as JSON.
            try:
                _parse_json(source, text)
            except InputError as exc:
                raise InputError(source, f"{exc.message} (and at {len(raw) / (1 << 20):.1f} MiB larger than "
                                 f"the {MAX_YAML_BYTES >> 20} MiB limit for YAML)") from None
    return _parse_yaml(source, text, what="JSON or YAML")


class KeyedDict(dict):
    """A mapping read from JSON or YAML that remembers the keys given more
    than once (both formats otherwise keep the last value silently);
    :func:`validate_profile` reports them."""

    __slots__ = ("duplicate_keys", "duplicate_values")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicate_keys: tuple[str, ...] = ()
        self.duplicate_values: dict[str, list[Any]] = {}
        """Every value given under each key given more than once, in order
        (for the red flags of such a profile, engine/salvage.py)."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A plain dict when every key is given once (the common case, built in C
    # without KeyedDict's __init__); validation reads `duplicate_keys` with a
    # default of (), so a plain dict means "no key twice", as an empty tuple does.
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    out = KeyedDict(pairs)
    seen: set[str] = set()
    twice = []
    for key, _ in pairs:
        if key in seen and key not in twice:
            twice.append(key)
        seen.add(key)
    out.duplicate_keys = tuple(twice)
    out.duplicate_values = {key: [v for k, v in pairs if k == key] for key in twice}
    return out


_JSON_DECODER = json.JSONDecoder(object_pairs_hook=_pairs)
"""Made once: ``json.loads(text, object_pairs_hook=...)`` builds a new decoder
(and its scanner) on every call, a sizeable part of parsing one short line."""


def _json_loads(text: str) -> Any:
    # What json.loads does with a str before it decodes (the same error, so
    # the same message), then the shared decoder.
    if text.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _JSON_DECODER.decode(text)


def _value_reason(exc: Exception) -> str:
    text = str(exc)
    if "integer string conversion" in text:
        return "a number has too many digits"
    return printable(text, 120)


def _parse_json(source: str, text: str) -> Any:
    return _parsed(source, "JSON", _json_loads, text, _json_syntax)


def _parsed(source: str, what: str, parse: Callable[[str], Any], text: str,
            syntax: Callable[[ValueError], str | None]) -> Any:
    """``parse(text)``, or the InputError saying why the document is not
    valid ``what``: where its syntax breaks (``syntax`` of the error, None
    when it is another ValueError such as an integer too long to read), or
    that it is nested too deeply."""
    try:
        return parse(text)
    except RecursionError:
        raise InputError(source, f"invalid {what}: nested too deeply") from None
    except ValueError as exc:
        where = syntax(exc)
        raise InputError(source, f"invalid {what}{where if where is not None else ': ' + _value_reason(exc)}") from None


def _json_syntax(exc: ValueError) -> str | None:
    if isinstance(exc, json.JSONDecodeError):
        return f" at line {exc.lineno} column {exc.colno}: {exc.msg}"
    return None


def _toml_syntax(exc: ValueError) -> str | None:
    import tomllib

    if isinstance(exc, tomllib.TOMLDecodeError):
        return f": {printable(str(exc), 200)}"
    return None


def _parse_yaml(source: str, text: str, what: str = "YAML") -> Any:
    if len(text) > MAX_YAML_BYTES and len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        size = len(text.encode("utf-8", "surrogatepass"))
        raise InputError(source, _too_large(f"{size / (1 << 20):.1f} MiB", MAX_YAML_BYTES, f"a {what} document"))
    try:
        return yaml.load(text, Loader=_YamlLoader)  # a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        raise InputError(source, f"invalid {what}{at}: {printable(str(exc.problem or exc.context), 200)}") from None
    except yaml.YAMLError as exc:
        raise InputError(source, f"invalid {what}: {printable(str(exc), 200)}") from None
    except RecursionError:
        raise InputError(source, f"invalid {what}: nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # A scalar the YAML resolver recognised but cannot build, e.g. the
        # date 2020-13-45 or an integer thousands of digits long.
        raise InputError(source, f"invalid {what}: {_value_reason(exc)}") from None


class _YamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with mappings that remember duplicate keys."""

    def construct_yaml_map(self, node: yaml.MappingNode) -> Iterator[KeyedDict]:
        # A YAML merge key (`<<: {...}`) is expanded first, so that a key it
        # merges that is given again (or merged twice) counts as the duplicate
        # key it is: `<<: {symptoms: [chest_pain]}` then `symptoms: [cramps]`
        # would otherwise hide a red flag.
        self.flatten_mapping(node)
        data = KeyedDict()
        yield data
        twice = _yaml_duplicates(node)
        data.update(self.construct_mapping(node))
        data.duplicate_keys = twice
        if twice:
            data.duplicate_values = {
                key: [self.construct_object(v, deep=True) for k, v in node.value
                      if isinstance(k, yaml.ScalarNode) and k.value == key] for key in twice}


def _yaml_duplicates(node: yaml.MappingNode) -> tuple[str, ...]:
    seen: set[str] = set()
    twice: list[str] = []
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str":
            if key_node.value in seen and key_node.value not in twice:
                twice.append(key_node.value)
            seen.add(key_node.value)
    return tuple(twice)


_YamlLoader.add_constructor("tag:yaml.org,2002:map", _YamlLoader.construct_yaml_map)


def _split_documents(source: str, doc: Any) -> tuple[list[Any], bool]:
    """One profile, a list of profiles, or a mapping with a `profiles` list."""
    if isinstance(doc, list):
        return doc, False
    if isinstance(doc, dict):
        if "profiles" in doc:
            if "profiles" in getattr(doc, "duplicate_keys", ()):
                raise InputError(source, "the key 'profiles' is given more than once (two files joined into "
                                 "one?); expected one 'profiles' list, or a list of profiles")
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
            return f"profile '{printable(pid, 60)}' ({label})"
    return label


def _validated(source: str, position: int, label: str, data: Any, single: bool = False,
               text_checked: bool = False, list_separator: str | None = None) -> Entry:
    where = _where(data, label)
    try:
        profile = validate_profile(data, source, where, text_checked, list_separator)
    except ProfileError as err:
        return Entry(source, position, where, None, err, single, _usable_id(data), _salvaged(data))
    except Exception as exc:  # noqa: BLE001 - one profile's bug must not end the batch
        bug = ProfileError(source, where, None, internal_error_text(exc))
        return Entry(source, position, where, None, bug, single, None, _salvaged(data))
    return Entry(source, position, where, profile, None, single)


def _salvaged(data: Any) -> Profile | None:
    """The red flags' valid parts of a profile that failed validation."""

    try:
        return salvage(data)
    except Exception:  # noqa: BLE001 - salvage is a safety net; its own failure leaves the error as it is
        return None


def internal_error_text(exc: BaseException) -> str:
    """A profile's error when sorewhy itself failed on it (a bug): one line."""
    return (f"internal error while reading this profile: {type(exc).__name__}: {printable(str(exc), 120)} "
            "(a bug in sorewhy; the other profiles are still evaluated)")


def _usable_id(data: Any) -> str | None:
    """The `id` of a profile that failed validation, if the id alone is valid."""
    pid = data.get("id") if isinstance(data, dict) else None
    if not isinstance(pid, str):
        return None
    try:
        validate_profile({"id": pid}, "", "")
    except ProfileError:
        return None
    return pid


def _entries(source: str, doc: Any) -> Iterator[Entry]:
    items, single = _split_documents(source, doc)
    if not items:
        raise InputError(source, "no profiles in file")
    for n, data in enumerate(items, start=1):
        label = "the profile" if single else f"profile {n}"
        yield _validated(source, n, label, data, single)


def _bounded_lines(handle: IO[bytes]) -> Iterator[bytes | None]:
    """The lines of `handle` (with their line ending), each read only up to
    MAX_RECORD_BYTES: a longer line is skipped to its end without being held
    in memory and given as None."""
    readline = handle.readline
    while True:
        line = readline(MAX_RECORD_BYTES + 2)  # room for the line ending
        if not line:
            return
        whole = line.endswith(b"\n") or len(line) < MAX_RECORD_BYTES + 2
        if whole and len(line.rstrip(b"\r\n")) <= MAX_RECORD_BYTES:
            yield line
            continue
        while not whole:
            line = readline(1 << 16)
            whole = not line or line.endswith(b"\n")
        yield None


def _overlong(source: str, position: int, label: str, what: str) -> Entry:
    err = ProfileError(source, label, None,
                       f"{what} is longer than the {MAX_RECORD_BYTES >> 20} MiB limit for one profile "
                       "and was not read; expected one profile of at most that size")
    return Entry(source, position, label, None, err)


def _jsonl_records(source: str, handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of every line that is not blank; None for a line
    too long to read."""
    for lineno, raw in enumerate(_bounded_lines(handle), start=1):
        if raw is not None:
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
        yield lineno, raw


def _jsonl_entry(source: str, lineno: int, raw: bytes | None) -> Entry:
    label = f"line {lineno}"
    if raw is None:
        return _overlong(source, lineno, label, "the line")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        err = ProfileError(source, label, None, "not UTF-8 text")
        return Entry(source, lineno, label, None, err)
    try:
        data = _json_loads(text)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            reason = f"{exc.msg} at column {exc.colno}"
        elif isinstance(exc, RecursionError):
            reason = "nested too deeply"
        else:
            reason = _value_reason(exc)
        err = ProfileError(source, label, None, f"invalid JSON: {reason}")
        return Entry(source, lineno, label, None, err)
    # JSON keys are always text, and a line decoded as strict UTF-8 holds no
    # lone surrogate unless a \u escape wrote one.
    return _validated(source, lineno, label, data, text_checked=b"\\u" not in raw)


# --- CSV -----------------------------------------------------------------

_INT_KEYS = {"age", "duration_days"}
_FLOAT_KEYS = {"exercise_hours", "exercise_water_l_per_hour"}
_BOOL_KEYS = {k for k, f in Profile.model_fields.items() if "bool" in str(f.annotation)}
_LIST_KEYS = set(LIST_KEYS)
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
# Plain ASCII numbers only: Python's int() and float() would also take "1_000",
# " ١٢ " (Arabic-Indic digits) and the like, which no export means as a number.
_INT_RE = re.compile(r"[+-]?[0-9]{1,30}")
_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]{1,30}(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?|[+-]?(?:nan|inf|infinity)",
                       re.IGNORECASE)


def _cell(key: str, text: str, list_sep: str = ";") -> Any:
    """Turn a CSV cell into the type its key expects (list values separated
    by `list_sep`); leave it as text when it does not parse, so that
    validation names the key and the bad value."""
    convert = _converter(key, list_sep)
    return text if convert is None else convert(text)


def _int_cell(text: str) -> Any:
    return int(text) if _INT_RE.fullmatch(text) else text


def _float_cell(text: str) -> Any:
    return float(text) if _FLOAT_RE.fullmatch(text) else text


def _bool_cell(text: str) -> Any:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return text


def _list_cell(text: str) -> Any:
    return [part.strip() for part in text.split(";") if part.strip()]


def _comma_list_cell(text: str) -> Any:
    return [part.strip() for part in text.split(",") if part.strip()]


COLUMN_SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""The column separators a CSV file may use (the one its header row is split
into most columns by; a comma where none splits it more), by name."""


def list_separator(delimiter: str) -> str:
    """What separates the values of a list cell in a CSV file whose columns
    `delimiter` separates: ``;``, or ``,`` where ``;`` separates the columns
    (as spreadsheets that write decimal commas export)."""
    return "," if delimiter == ";" else ";"


def separator_note(source: str, delimiter: str) -> str:
    """What is said once on stderr of a CSV file whose columns are not
    separated by commas."""
    return (f"{source}: columns separated by {COLUMN_SEPARATORS[delimiter]}s; "
            f"list values in a cell separated by '{list_separator(delimiter)}'")


def _delimiter(line: str) -> str:
    """The column separator of a CSV file, from its header line."""
    best, width = ",", 0
    for delimiter in COLUMN_SEPARATORS:
        try:
            cells = next(csv.reader([line], delimiter=delimiter), None) or []
        except csv.Error:
            continue
        if len(cells) > width:
            best, width = delimiter, len(cells)
    return best


def _converter(key: str, list_sep: str = ";") -> Callable[[str], Any] | None:
    """How :func:`_cell` reads a cell of column `key` (list values separated
    by `list_sep`); None: as the text."""
    lab = key.removeprefix("labs.")
    if key in _INT_KEYS:
        return _int_cell
    if key in _FLOAT_KEYS or (key.startswith("labs.") and lab in LAB_KEYS):
        return _float_cell
    if key in _BOOL_KEYS:
        return _bool_cell
    if key in _LIST_KEYS:
        return _list_cell if list_sep == ";" else _comma_list_cell
    return None


def repeated_columns(names: Iterable[str]) -> list[str]:
    """The column names (stripped, not empty) given more than once, sorted."""
    names = [n.strip() for n in names]
    return sorted({n for n in names if n and names.count(n) > 1})


def columns_twice(dupes: list[str]) -> str:
    """The error of a table whose header names a column twice (every entry
    point says it alike): the cells of one would be lost to the other."""
    return f"header names a column twice: {printable(', '.join(dupes))}"


LABS_TWICE = ("given both in a 'labs' column and in 'labs.*' columns; "
              "expected blood results in one place (the 'labs.<key>' columns)")
"""The error of a row giving blood results both ways (every entry point says it alike)."""


class _Conflict(Exception):
    """Two columns of a CSV row give the same key."""


@functools.lru_cache(maxsize=16)
def _columns(header: tuple[str, ...],
             list_sep: str = ";") -> tuple[tuple[str, str | None, Callable[[str], Any] | None], ...]:
    """Per column of a header: its key in the profile, the lab key when it
    is a ``labs.<key>`` column (else None), and its cell's converter. What
    :func:`_row_to_profile` would decide about each cell anew on every row,
    decided once per file (the same decisions: the same :func:`_converter`)."""
    return tuple((key, key.removeprefix("labs.") if key.startswith("labs.") and key != "labs." else None,
                  _converter(key, list_sep)) for key in header)


def _row_to_profile(header: list[str], cells: list[str], list_sep: str = ";") -> dict[str, Any]:
    """The raw profile of a CSV row given its cells stripped (read as
    :func:`_cell` reads them, an empty cell left out, ``labs.<key>`` columns
    gathered under ``labs``)."""
    data: dict[str, Any] = {}
    lab_columns: dict[str, Any] = {}
    # An empty cell is "not given": only the non-empty cells are read, each
    # with its column (compress picks the columns of the non-empty cells,
    # filter those cells, both in order; a cell past the header has no column).
    columns = _columns(tuple(header), list_sep)
    for (key, lab, convert), text in zip(itertools.compress(columns, cells), filter(None, cells), strict=False):
        value = text if convert is None else convert(text)
        if lab is None:
            data[key] = value
        else:
            lab_columns[lab] = value
    if lab_columns:
        if "labs" in data:
            raise _Conflict("labs")
        data["labs"] = lab_columns
    return data


def _row_to_profile_safe(header: list[str], cells: list[str], list_sep: str = ";") -> dict[str, Any]:
    """:func:`_row_to_profile`, with blood results given both ways left out."""
    try:
        return _row_to_profile(header, cells, list_sep)
    except _Conflict:
        return _row_to_profile([h if not h.startswith("labs") else "" for h in header], cells, list_sep)


_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")


class _CsvLines:
    """The decoded lines of a CSV file for :mod:`csv`, each at most
    MAX_RECORD_BYTES long: a longer line is skipped unread and stands as an
    empty line, and `overlong` says so until the reader of the row resets it.

    `count` is the number of the last line given; `taken` the lines given
    since the caller last emptied it (those of one record), so that lines a
    record swallowed can be given again (:meth:`push_back`)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.lines = _bounded_lines(handle)
        self.overlong = False
        self.first = True
        self.count = 0
        self.taken: list[str] = []
        self.pending: list[str] = []

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        self.count += 1
        if self.pending:
            text = self.pending.pop()
            self.taken.append(text)
            return text
        raw = next(self.lines)
        if raw is None:
            self.overlong = True
            self.taken.append("\n")
            return "\n"
        if self.first:
            self.first = False
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if b"\r" in raw:
            # A lone carriage return ends a line too (as in universal newlines);
            # the pieces of one line all come from the same bounded read.
            pieces = [piece for piece in _LONE_CR.split(raw) if piece]
            if len(pieces) > 1:
                self.lines = itertools.chain(pieces[1:], self.lines)
                raw = pieces[0]
        text = raw.decode("utf-8", errors="surrogateescape")
        self.taken.append(text)
        return text

    def push_back(self, texts: list[str]) -> None:
        """Give `texts` again, first, as the next lines (renumbered as such)."""
        self.pending.extend(reversed(texts))
        self.count -= len(texts)


def _row_like(line: str, width: int, delimiter: str = ",") -> bool:
    """Whether one physical line, alone, parses as a row of `width` cells
    with its quotes balanced (where a reader lost in a broken quoted cell
    finds its footing again)."""
    if line.count('"') % 2 or not line.strip():
        return False
    try:
        cells = next(csv.reader([line], delimiter=delimiter), None)
    except csv.Error:
        return False
    return cells is not None and len(cells) == width


def _own_cells(line: str, delimiter: str = ",") -> list[str]:
    """The cells of a row's first line before the cell whose quote it does
    not close (the only cells sure to be that row's own)."""
    try:
        cells = next(csv.reader([line], delimiter=delimiter), None) or []
    except csv.Error:
        return []
    return cells[:-1]


def _csv_records(source: str, handle: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    """The header (``(header, id column, column separator)``, checked), then a record per row:
    ``(row number, first line, last line, cells or None, overlong, CSV error or None)``.

    A quoted cell left open (an unbalanced quote) would swallow the lines
    after it, up to the next quote or 1 MiB, into one cell. When a line it
    swallowed parses on its own as a row of the header's width, the reader
    starts again there: the broken row is an error record spanning only the
    lines before it (its cells, for the red flags they name, only those
    before the open quote), and the lines after are rows again. So a stray
    quote costs its own row, and the count of records is that of the rows a
    person sees in a spreadsheet."""
    lines = _CsvLines(handle)
    # The header line says which separator the columns use (a spreadsheet in
    # a decimal-comma locale exports semicolons; some export tabs).
    head_line = next(lines, None)
    delimiter = "," if head_line is None or lines.overlong else _delimiter(head_line)
    if head_line is not None:
        lines.push_back([head_line])
        lines.taken = []
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(source, f"invalid CSV header: {exc}") from None
    if lines.overlong:
        raise InputError(source, f"the header row is longer than the {MAX_RECORD_BYTES >> 20} MiB limit")
    if header is None or not any(h.strip() for h in header):
        raise InputError(source, "empty file, expected a header row and at least one profile")
    if _has_surrogates(header):
        raise InputError(source, "header row is not UTF-8 text")
    header = [h.strip() for h in header]
    dupes = repeated_columns(header)
    if dupes:
        raise InputError(source, columns_twice(dupes))
    yield header, (header.index("id") if "id" in header else None), delimiter
    width = len(header)
    rowno = 1
    while True:
        first = lines.count + 1
        taken: list[str] = []
        lines.taken = taken
        problem = None
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row, problem = None, str(exc)
        rowno += 1
        overlong = lines.overlong
        lines.overlong = False
        if len(taken) > 1:
            cut = next((n for n in range(1, len(taken)) if _row_like(taken[n], width, delimiter)), None)
            if cut is not None:
                lines.push_back(taken[cut:])
                last = first + cut - 1
                yield (rowno, first, last, _own_cells(taken[0], delimiter), False,
                       f"a quoted cell opened on line {first} is not closed before line {last + 1}, "
                       f"which is a row of its own; expected a closing quote (this row was not read, "
                       f"the rows after it were)")
                continue
        if problem is not None:
            yield rowno, first, lines.count, _own_cells(taken[0], delimiter) if taken else None, False, problem
            continue
        yield rowno, first, lines.count, row, overlong, None


def _csv_entry(source: str, head: tuple[list[str], int | None], record: tuple[Any, ...],
               seen: OrderedDict[tuple[str, ...], Profile]) -> Entry | None:
    header, id_col = head[0], head[1]
    list_sep = list_separator(head[2]) if len(head) > 2 else ";"
    rowno, first, last, row, overlong, problem = record
    label = f"row {rowno}"
    if problem is not None:
        # The cell left open is the one after the row's own cells.
        broken = header[len(row)] if row is not None and len(row) < len(header) and header[len(row)] else None
        err = ProfileError(source, label, printable(broken, 60) if broken else None, f"invalid CSV: {problem}")
        # Only the cells before the broken one are this row's own (see _csv_records).
        salvaged = None if not row else _salvaged(_row_to_profile_safe(header, [c.strip() for c in row[:len(header)]],
                                                                      list_sep))
        return Entry(source, rowno, label, None, err, False, None, salvaged)
    if overlong:
        return _overlong(source, rowno, label, f"a line of the row (line {last})")
    # The whole row as one text answers the common cases at once: not blank,
    # all ASCII (so no undecodable byte), no line break in a cell.
    joined = "".join(row)
    if not joined.strip():
        return None
    if not joined.isascii() and _has_surrogates(row):
        return Entry(source, rowno, label, None, ProfileError(source, label, None, "not UTF-8 text"))
    spread = None if "\n" not in joined and "\r" not in joined else _multiline_cell(header, row)
    if spread is not None:
        # Only an unclosed quote makes a cell run over lines in a facts
        # file; the rows it swallowed are named so that none goes missing.
        err = ProfileError(source, label, spread,
                           f"a quoted cell runs from line {first} to line {last}; "
                           "expected its closing quote on the same line (the lines after it "
                           "were read into this cell, not as profiles)")
        # No line it spans is a row of its own (_csv_records would have
        # started again there): its other cells are this row's.
        cells = [cell.strip() if "\n" not in cell and "\r" not in cell else "" for cell in row[:len(header)]]
        return Entry(source, rowno, label, None, err, False, None,
                     _salvaged(_row_to_profile_safe(header, cells, list_sep)))
    if len(row) > len(header):
        err = ProfileError(source, label, None,
                           f"has {len(row)} cells but the header names {len(header)} columns; "
                           "expected at most one cell per column")
        return Entry(source, rowno, label, None, err)
    unnamed = [i + 1 for i, h in enumerate(header) if not h and i < len(row) and row[i].strip()] if "" in header else []
    if unnamed:
        err = ProfileError(source, label, None, f"a value stands in column {unnamed[0]}, which has no header")
        return Entry(source, rowno, label, None, err)
    # Survey exports repeat rows that differ only in their id: a row whose
    # other cells were seen (and valid) before reuses that validation.
    stripped = [cell.strip() for cell in row]
    cells = stripped.copy()
    if id_col is not None and id_col < len(cells):
        del cells[id_col]
    key = tuple(cells)
    cached = seen.get(key)
    if cached is not None:
        pid = row[id_col].strip() if id_col is not None and id_col < len(row) else ""
        entry = _reuse_validated(source, rowno, label, cached, pid)
        if entry is not None:
            seen.move_to_end(key)
            return entry
    try:
        data = _row_to_profile(header, stripped, list_sep)
    except _Conflict as exc:
        given = {"id": row[id_col].strip()} if id_col is not None and id_col < len(row) else {}
        where = _where(given, label)
        err = ProfileError(source, where, str(exc), LABS_TWICE)
        # The blood results are in doubt; the rest of the row still names its red flags.
        return Entry(source, rowno, where, None, err, False, _usable_id(given),
                     _salvaged(_row_to_profile_safe(header, stripped, list_sep)))
    # The keys are the header's text; no cell holds a lone surrogate (the
    # decoding makes one only of an undecodable byte, refused above).
    entry = _validated(source, rowno, label, data, text_checked=True, list_separator=list_sep)
    if entry.profile is not None:
        seen[key] = entry.profile
        if len(seen) > _ROW_CACHE:
            seen.popitem(last=False)
    return entry


_ROW_CACHE = 4096
"""Validated CSV rows remembered per file (by every cell but the id)."""


def _reuse_validated(source: str, position: int, label: str, profile: Profile, pid: str) -> Entry | None:
    """An entry for a row equal, but for its id, to one already validated;
    None when the id itself needs the full validation (and its message)."""
    if not pid:
        return Entry(source, position, label, profile.model_copy(update={"id": None}), None)
    if _usable_id({"id": pid}) is None:
        return None
    where = _where({"id": pid}, label)
    return Entry(source, position, where, profile.model_copy(update={"id": pid}), None)


def _multiline_cell(header: list[str], row: list[str]) -> str | None:
    """The column of the first cell that holds a line break, else None."""
    for n, cell in enumerate(row):
        if "\n" in cell or "\r" in cell:
            name = header[n] if n < len(header) and header[n] else f"column {n + 1}"
            return printable(name, 60)
    return None


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _has_surrogates(cells: Iterable[str]) -> bool:
    return any(_ESCAPED_BYTE.search(cell) is not None for cell in cells)
