"""Fuzzing the loaders: every format, with Hypothesis and with random bytes.

Whatever a file holds, reading it either raises InputError (the file as a
whole cannot be read) or yields one Entry per profile, valid or carrying a
ProfileError; nothing else escapes, every message is one printable line that
names the file and the profile, and no record is lost or invented.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from messy_files import FORMATS, Record, comparable, records, write
from strategies import examples

from sorewhy.engine.loaders import Entry, read_profiles
from sorewhy.errors import InputError, ProfileError

EXT = {"json": ".json", "yaml": ".yaml", "toml": ".toml", "jsonl": ".jsonl", "csv": ".csv"}


def _check_message(message: str, source: str) -> None:
    assert "\n" not in message and "\r" not in message, message
    message.encode("utf-8")  # printable: no lone surrogates
    assert source in message, message
    assert "Traceback" not in message


def _read_any(path: Path) -> list[Entry] | InputError:
    """Read a file the way the batch does; anything but our own errors fails the test."""
    try:
        entries = list(read_profiles(str(path)))
    except InputError as exc:
        _check_message(str(exc), path.name)
        return exc
    for entry in entries:
        assert (entry.profile is None) != (entry.error is None), entry
        if entry.error is not None:
            assert isinstance(entry.error, ProfileError)
            _check_message(str(entry.error), path.name)
            assert entry.where in str(entry.error)
        assert entry.id
    return entries


def _file(tmp_path_factory, fmt: str, content: bytes) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"messy{EXT[fmt]}"
    path.write_bytes(content)
    return path


# --- valid records and broken ones: every record accounted for ------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@examples(60)
@given(data=st.data())
def test_every_record_is_read_or_named_with_its_key(tmp_path_factory, fmt, data):
    recs: list[Record] = data.draw(records(fmt))
    path = _file(tmp_path_factory, fmt, write(fmt, recs))
    entries = _read_any(path)
    assert not isinstance(entries, InputError), str(entries)
    assert len(entries) == len(recs), "a record was lost or invented"
    for rec, entry in zip(recs, entries, strict=True):
        if rec.broken_key is None:
            assert entry.error is None, f"valid {rec.data} rejected: {entry.error}"
            assert entry.profile.model_dump(exclude_none=True) == comparable(rec.data)
            assert entry.id == rec.data["id"]
        else:
            assert entry.error is not None, f"broken {rec.broken_key} accepted: {rec.data}"
            assert entry.error.key is not None and entry.error.key.startswith(rec.broken_key), \
                f"{entry.error} should name {rec.broken_key}"
            if rec.broken_key != "id":
                assert f"profile '{rec.data['id']}'" in entry.where or fmt == "csv", entry.where


@pytest.mark.parametrize("fmt", ["json", "yaml", "toml"])
@examples(40)
@given(data=st.data())
def test_single_profile_file_is_read_or_named(tmp_path_factory, fmt, data):
    recs = data.draw(records(fmt, size=(1, 1)))
    path = _file(tmp_path_factory, fmt, write(fmt, recs, single=True))
    (entry,) = _read_any(path)
    assert (entry.error is None) == (recs[0].broken_key is None), entry.error


# --- damaged bytes ----------------------------------------------------------------------

@st.composite
def _damaged(draw, fmt: str) -> bytes:
    raw = write(fmt, draw(records(fmt, size=(1, 5))))
    how = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "bom", "latin1", "nul", "crlf"]))
    if how == "truncate":
        return raw[: draw(st.integers(0, len(raw)))]
    if how == "bom":
        return draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf" * 2])) + raw
    if how == "latin1":
        return raw.replace(b"e", b"\xe9", draw(st.integers(1, 3)))
    if how == "crlf":
        return raw.replace(b"\n", b"\r\n")
    at = draw(st.integers(0, len(raw)))
    if how == "flip":
        if not raw:
            return raw
        at = min(at, len(raw) - 1)
        return raw[:at] + bytes([raw[at] ^ (1 << draw(st.integers(0, 7)))]) + raw[at + 1:]
    if how == "insert":
        junk = draw(st.sampled_from([b"{", b"]", b'"', b",", b":", b"\n", b"- ", b"=", b"[[", b";", b"\t"]))
        return raw[:at] + junk + raw[at:]
    if how == "nul":
        return raw[:at] + b"\x00" + raw[at:]
    return raw[:at] + raw[at + draw(st.integers(1, 10)):]


@pytest.mark.parametrize("fmt", FORMATS)
@examples(80)
@given(data=st.data())
def test_damaged_file_never_escapes_our_errors(tmp_path_factory, fmt, data):
    path = _file(tmp_path_factory, fmt, data.draw(_damaged(fmt)))
    _read_any(path)


@pytest.mark.parametrize("fmt", FORMATS)
@examples(60)
@given(content=st.binary(max_size=2000))
def test_arbitrary_bytes_never_escape_our_errors(tmp_path_factory, fmt, content):
    _read_any(_file(tmp_path_factory, fmt, content))


@pytest.mark.parametrize("fmt", FORMATS)
@examples(60)
@given(content=st.text(max_size=400))
def test_arbitrary_text_never_escapes_our_errors(tmp_path_factory, fmt, content):
    _read_any(_file(tmp_path_factory, fmt, content.encode("utf-8", "surrogatepass")))


@examples(60)
@given(content=st.one_of(st.binary(max_size=1000), st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace"))))
def test_stdin_never_escapes_our_errors(content):
    try:
        entries = list(read_profiles("-", stdin=io.BytesIO(content)))
    except InputError as exc:
        _check_message(str(exc), "<stdin>")
        return
    for entry in entries:
        if entry.error is not None:
            _check_message(str(entry.error), "<stdin>")


@pytest.mark.parametrize("fmt", FORMATS)
def test_random_bytes_seeded(tmp_path, fmt):
    """Plain random bytes, and random splices of a valid file with them, from a
    fixed seed (a cheap complement to Hypothesis' shrinking generators)."""
    rng = random.Random(f"sorewhy-{fmt}")
    valid = write(fmt, [Record({"id": "a", "age": 30, "symptoms": ["cramps"], "labs": {"ferritin_ng_ml": 20.0}}),
                        Record({"id": "b", "sex": "male", "heavy_sweating": True})])
    for n in range(150):
        if n % 3 == 0:
            content = rng.randbytes(rng.randint(0, 3000))
        else:
            cut = rng.randint(0, len(valid))
            content = valid[:cut] + rng.randbytes(rng.randint(0, 40)) + valid[cut:]
        path = tmp_path / f"r{n}{EXT[fmt]}"
        path.write_bytes(content)
        _read_any(path)
