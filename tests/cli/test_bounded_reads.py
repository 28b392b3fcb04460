"""Bounded reads everywhere (#26): the interview's answer lines and
`summarize`'s inputs have evaluate's limit for one record (1 MiB); an endless
line is an error (or the end of the interview's input), never read whole."""

from __future__ import annotations

import io
import sys

import pytest
from click.testing import CliRunner

from sorewhy.cli import session
from sorewhy.cli.main import cli
from sorewhy.engine.compact import CompactFileError
from sorewhy.engine.loaders import MAX_RECORD_BYTES
from sorewhy.engine.summary import bounded_lines, iter_json_values

TOO_MUCH = 8 * MAX_RECORD_BYTES


class Endless(io.TextIOBase):
    """An endless line (as `cat /dev/zero`), failing the test once far more
    than the limit has been asked of it."""

    def __init__(self, head: str = "") -> None:
        self.head = head
        self.given = 0

    def readable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def _take(self, n: int) -> str:
        n = 1 << 16 if n is None or n < 0 else n
        out, self.head = self.head[:n], self.head[n:]
        out += "a" * (n - len(out))
        self.given += len(out)
        if self.given > TOO_MUCH:
            raise AssertionError(f"read {self.given} characters of one line")
        return out

    def read(self, n: int = -1) -> str:
        return self._take(n)

    def readline(self, n: int = -1) -> str:
        return self._take(n)


def test_interview_answer_line_is_bounded(monkeypatch):
    stream = Endless()
    monkeypatch.setattr(sys, "stdin", stream)
    with pytest.raises(EOFError):
        session.read_line("> ")
    assert stream.given <= MAX_RECORD_BYTES + 2


def test_summarize_json_report_is_bounded():
    stream = Endless('{"id": "')
    with pytest.raises(CompactFileError, match="longer than the 1 MiB limit"):
        list(iter_json_values(stream, "r.jsonl"))


def test_summarize_csv_line_is_bounded():
    stream = Endless()
    with pytest.raises(CompactFileError, match="line 1: longer than the 1 MiB limit"):
        list(bounded_lines(stream, "r.csv"))


@pytest.mark.parametrize("name", ["r.jsonl", "r.csv"])
def test_summarize_refuses_an_overlong_line(tmp_path, name):
    path = tmp_path / name
    head = "id,referral,error\n" if name.endswith(".csv") else ""
    path.write_text(head + "a" * (MAX_RECORD_BYTES + 10) + "\n")
    result = CliRunner().invoke(cli, ["summarize", str(path)])
    assert result.exit_code == 2
    assert "longer than the 1 MiB limit" in result.stderr


def test_interview_ends_on_an_overlong_answer(tmp_path):
    result = CliRunner().invoke(cli, ["interview"], input="a" * (MAX_RECORD_BYTES + 10) + "\n")
    assert "was not read; taking it as the end of the input" in result.stderr
    assert result.exit_code == 0
