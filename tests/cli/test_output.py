"""Where output goes (cli/output.py): an input is never overwritten, a device
or FIFO is written through and never replaced, a full or read-only disk is
one line and leaves the previous file as it was with no temporary file, two
runs writing one output end with one complete report, a killed run's stale
temporary file is cleaned up by the next run, and --save keeps permissions."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.cli.output import remove_stale_temporaries

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
URGENT = {"id": "chest", "symptoms": ["chest_pain", "soreness"]}


def invoke(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def sorewhy(*args: str, input: bytes | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("SOREWHY_DEBUG", None)
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "sorewhy", *args], input=input, timeout=timeout, env=env,
                          cwd=kwargs.pop("cwd", ROOT), **kwargs)


def one_line(stderr: str | bytes) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if "profile" not in line or "sorewhy: --" in line]
    return "\n".join(lines)


def temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    path = tmp_path / "x.json"
    shutil.copy(EXAMPLES / "cases.json", path)
    return path


# --- never overwrite an input -------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["same", "dot", "symlink", "hardlink", "dotdot"])
def test_output_that_is_an_input_is_a_usage_error_naming_both(facts, spelling):
    before = facts.read_bytes()
    output = {"same": str(facts), "dot": str(facts.parent / "." / facts.name),
              "dotdot": str(facts.parent / "sub" / ".." / facts.name)}.get(spelling)
    (facts.parent / "sub").mkdir()
    if spelling == "symlink":
        output = str(facts.parent / "link.json")
        os.symlink(facts, output)
    elif spelling == "hardlink":
        output = str(facts.parent / "hard.json")
        os.link(facts, output)
    result = invoke("evaluate", str(facts), "--format", "json", "--output", output)
    assert result.exit_code == 2, result.output
    assert f"--output {output} is the input file {facts}" in result.stderr
    assert facts.read_bytes() == before
    assert temporaries(facts.parent) == []


def test_output_that_is_the_second_input_is_refused_before_any_work(facts, tmp_path):
    other = tmp_path / "y.yaml"
    shutil.copy(EXAMPLES / "vegan-runner.yaml", other)
    result = invoke("evaluate", str(facts), str(other), "--output", str(other))
    assert result.exit_code == 2 and "is the input file" in result.stderr
    assert "profiles:" not in result.stderr  # no summary: nothing was evaluated
    assert other.read_bytes() == (EXAMPLES / "vegan-runner.yaml").read_bytes()


def test_trace_output_that_is_its_input_is_refused(facts):
    before = facts.read_bytes()
    result = invoke("trace", str(facts), "--output", str(facts))
    assert result.exit_code == 2 and "is the input file" in result.stderr
    assert facts.read_bytes() == before


# --- devices and FIFOs are written through --------------------------------------------------


def test_output_to_a_character_device_is_written_through_not_replaced(facts, tmp_path):
    link = tmp_path / "null.json"
    os.symlink(os.devnull, link)
    result = invoke("evaluate", str(facts), "--format", "json", "--output", str(link))
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert link.is_symlink() and stat.S_ISCHR(os.stat(link).st_mode)
    result = invoke("evaluate", str(facts), "--output", os.devnull)
    assert result.exit_code == 0 and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert temporaries(Path(os.devnull).parent) == []


def test_output_to_a_fifo_is_written_through(facts, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = invoke("evaluate", str(facts), "--format", "json", "--output", str(fifo))
    reader.join(30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [r["id"] for r in json.loads(got[0])] == [r["id"] for r in json.loads(facts.read_text())]
    assert temporaries(tmp_path) == []


def test_output_to_dev_stdout_goes_to_standard_output(facts, tmp_path):
    out = tmp_path / "captured.json"
    out.write_text("")
    inode = os.stat(out).st_ino
    with open(out, "ab") as handle:
        proc = sorewhy("evaluate", str(facts), "--format", "json", "--output", "/dev/stdout", stdout=handle,
                       stderr=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(out.read_text())) == len(json.loads(facts.read_text()))
    assert os.stat(out).st_ino == inode  # written through, not replaced by a new file
    assert os.path.islink("/dev/stdout") and temporaries(tmp_path) == []
    proc = sorewhy("evaluate", str(facts), "--format", "jsonl", "--output", "/dev/stdout")
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 3


# --- a full or read-only disk ------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 256 KiB tmpfs (root only); skipped where one cannot be mounted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: cannot make a small file system to fill")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {proc.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(directory: Path) -> None:
    with contextlib.suppress(OSError), open(directory / "filler", "wb", buffering=0) as handle:
        while True:
            handle.write(b"\0" * 4096)


def test_output_to_a_full_disk_is_one_line_and_keeps_the_previous_file(facts, small_disk):
    out = small_disk / "out.json"
    out.write_text("previous report\n")
    _fill(small_disk)
    proc = sorewhy("evaluate", str(facts), "--format", "json", "--output", str(out))
    assert proc.returncode == 2, proc.stderr
    line = one_line(proc.stderr)
    assert f"{out}: cannot write: No space left on device" in line, line
    assert out.read_text() == "previous report\n"
    assert temporaries(small_disk) == []


def test_output_to_a_read_only_disk_is_one_line_and_keeps_the_previous_file(facts, small_disk):
    out = small_disk / "out.json"
    out.write_text("previous report\n")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    proc = sorewhy("evaluate", str(facts), "--output", str(out))
    assert proc.returncode == 2
    assert "read-only file system" in one_line(proc.stderr)
    assert out.read_text() == "previous report\n"
    assert temporaries(small_disk) == []


def test_save_to_a_full_disk_is_one_line_and_keeps_the_previous_file(small_disk):
    saved = small_disk / "me.yaml"
    saved.write_text("symptoms: [cramps]\n")
    _fill(small_disk)
    proc = sorewhy("interview", "--save", str(saved), input=b"none\ncramps\nnight\n")
    assert proc.returncode == 2, proc.stderr
    assert "cannot save the answers" in proc.stderr.decode() and "No space left" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()
    assert saved.read_text() == "symptoms: [cramps]\n"
    assert temporaries(small_disk) == []


def test_save_to_a_read_only_disk_fails_before_the_first_question(small_disk):
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    proc = sorewhy("interview", "--save", str(small_disk / "me.yaml"), input=b"none\n")
    assert proc.returncode == 2
    assert "read-only file system" in proc.stderr.decode()
    assert "Q1" not in proc.stdout.decode()


# --- --save -------------------------------------------------------------------------------------


def test_save_that_is_a_directory_or_device_fails_before_the_interview(tmp_path):
    (tmp_path / "dir.yaml").mkdir()
    os.symlink(os.devnull, tmp_path / "dev.yaml")
    for name, says in (("dir.yaml", "is a directory"), ("dev.yaml", "not a regular file")):
        result = invoke("interview", "--save", str(tmp_path / name), input="none\ncramps\n")
        assert result.exit_code == 2, result.output
        assert says in result.stderr and "Q1" not in result.stdout
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_save_over_a_private_file_keeps_it_private(tmp_path):
    saved = tmp_path / "me.yaml"
    saved.write_text("{}\n")
    saved.chmod(0o600)
    result = invoke("interview", "--save", str(saved), input="none\ncramps\n")
    assert result.exit_code == 0, result.output
    assert "cramps" in saved.read_text()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_output_over_a_private_file_keeps_it_private(facts, tmp_path):
    out = tmp_path / "out.json"
    out.write_text("old\n")
    out.chmod(0o600)
    assert invoke("evaluate", str(facts), "--output", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text() != "old\n"


# --- two runs, one output; stale temporaries ----------------------------------------------------


def test_two_runs_writing_one_output_leave_one_complete_report(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("".join(json.dumps({"id": f"a{n}", "symptoms": ["cramps"], "age": n % 100}) + "\n"
                         for n in range(1500)))
    b.write_text("".join(json.dumps({"id": f"b{n}", "symptoms": ["chest_pain"], "age": n % 100}) + "\n"
                         for n in range(1500)))
    out = tmp_path / "out.json"
    cmd = [sys.executable, "-m", "sorewhy", "evaluate", "--format", "json", "--output", str(out)]
    procs = [subprocess.Popen([*cmd, str(path)], cwd=ROOT, stderr=subprocess.PIPE) for path in (a, b)]
    for proc in procs:
        assert proc.wait(300) == 0, proc.stderr.read()
    ids = {r["id"][0] for r in json.loads(out.read_text())}
    assert ids in ({"a"}, {"b"})
    assert len(json.loads(out.read_text())) == 1500
    assert temporaries(tmp_path) == []


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temporary_of_a_killed_run_is_removed_by_the_next_run(facts, tmp_path):
    out = tmp_path / "out.json"
    stale = tmp_path / f".out.json.{_dead_pid()}.abc123xy.tmp"
    stale.write_text('[{"id": "half a rep')
    old = time.time() - 3600
    os.utime(stale, (old, old))
    live = tmp_path / f".out.json.{os.getpid()}.live0000.tmp"  # a run still writing
    live.write_text("in progress")
    os.utime(live, (old, old))
    other = tmp_path / f".other.json.{_dead_pid()}.abc123xy.tmp"  # another output's
    other.write_text("x")
    os.utime(other, (old, old))
    result = invoke("evaluate", str(facts), "--format", "json", "--output", str(out))
    assert result.exit_code == 0
    assert not stale.exists() and live.exists() and other.exists()
    assert len(json.loads(out.read_text())) == 3


def test_recent_temporary_is_not_removed(tmp_path):
    target = tmp_path / "out.json"
    fresh = tmp_path / f".out.json.{_dead_pid()}.abc123xy.tmp"
    fresh.write_text("x")
    future = time.time() + 60  # written after this run started
    os.utime(fresh, (future, future))
    assert remove_stale_temporaries(target) == [] and fresh.exists()


def test_stale_temporary_is_never_read_as_facts(tmp_path):
    stale = tmp_path / ".out.json.123.abc.tmp"
    stale.write_text(json.dumps([URGENT]))
    result = invoke("evaluate", str(stale))
    assert result.exit_code == 2 and "unknown file type '.tmp'" in result.stderr


# --- standard output ------------------------------------------------------------------------


def test_full_standard_output_is_one_line_not_a_bug(facts):
    with open("/dev/full", "wb") as full:
        proc = sorewhy("evaluate", str(facts), "--format", "json", stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 2
    text = proc.stderr.decode()
    assert "cannot write to standard output: No space left on device" in text
    assert "bug" not in text and "Traceback" not in text and "Exception ignored" not in text


def test_closed_standard_output_is_one_line_not_a_bug(facts):
    proc = sorewhy("evaluate", str(facts), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   preexec_fn=lambda: os.close(1))
    assert proc.returncode == 2
    text = proc.stderr.decode()
    assert "standard output is closed" in text and "bug" not in text and "Traceback" not in text
