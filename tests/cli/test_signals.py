"""Clean stops, proved on real processes: SIGTERM, SIGHUP and Ctrl-C stop
`sorewhy evaluate --jobs 2` with the documented exit code, its workers with
it, the temporary output file removed and the previous output left as it
was; after SIGKILL of the parent its workers notice and exit within a second,
and the next run writing the same output removes the stale temporary file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sorewhy.cli.evaluate import cpu_limit

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find worker processes")


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """Enough distinct profiles that evaluating them takes many seconds."""
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with open(path, "w") as handle:
        for n in range(40000):
            handle.write(json.dumps({"id": f"p{n}", "age": n % 100, "duration_days": n % 997,
                                     "exercise_hours": (n % 24) / 2, "symptoms": ["cramps", "fatigue"],
                                     "timing": ["night"]}) + "\n")
    return path


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _running(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] not in ("Z", "X")  # a zombie has exited


def _start(big: Path, out: Path, jobs: int = 2, delay: float = 0.5) -> tuple[subprocess.Popen, list[int]]:
    if cpu_limit() < jobs:
        pytest.skip(f"--jobs is capped by the CPUs: this machine allows {cpu_limit()}, the test needs {jobs}")
    env = dict(os.environ)
    env.pop("SOREWHY_DEBUG", None)
    proc = subprocess.Popen([sys.executable, "-m", "sorewhy", "evaluate", str(big), "--format", "jsonl",
                             "--jobs", str(jobs), "--output", str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        if len(workers) >= jobs and _temporaries(out.parent):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be stopped"
    assert len(workers) >= jobs, workers
    time.sleep(delay)  # well into the batch
    return proc, workers


def _temporaries(directory: Path) -> list[Path]:
    return sorted(directory.glob(".*.tmp"))


def _gone_within(pids: list[int], seconds: float) -> float:
    start = time.monotonic()
    while any(_running(pid) for pid in pids):
        if time.monotonic() - start > seconds:
            alive = [pid for pid in pids if _running(pid)]
            for pid in alive:  # do not leave them behind after a failure
                os.kill(pid, signal.SIGKILL)
            pytest.fail(f"workers {alive} still running {seconds}s later")
        time.sleep(0.02)
    return time.monotonic() - start


@pytest.mark.parametrize("signum, code, says", [
    (signal.SIGTERM, 143, "stopped by SIGTERM"),
    (signal.SIGHUP, 129, "stopped by SIGHUP"),
    (signal.SIGINT, 130, "interrupted"),
])
def test_stop_signal_stops_workers_removes_temporary_and_keeps_previous_output(big, tmp_path, signum, code, says):
    out = tmp_path / "out.jsonl"
    out.write_text("previous output\n")
    proc, workers = _start(big, out)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    text = stderr.decode()
    assert proc.returncode == code, text
    assert says in text and "Traceback" not in text, text
    assert out.read_text() == "previous output\n"
    assert _temporaries(tmp_path) == []
    _gone_within(workers, 1.0)


def test_sigterm_at_any_moment_stops_without_hanging(big, tmp_path):
    """Stopping workers half way through sending a chunk's reports once left
    the pool's manager thread waiting forever for the rest of the message."""
    out = tmp_path / "out.jsonl"
    out.write_text("previous output\n")
    for delay in (0.05, 0.3, 0.9, 1.6):
        proc, workers = _start(big, out, delay=delay)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            for pid in workers:
                if _running(pid):
                    os.kill(pid, signal.SIGKILL)
            pytest.fail(f"still running 20 s after SIGTERM (sent {delay} s into the batch)")
        assert proc.returncode == 143, proc.stderr.read()
        assert out.read_text() == "previous output\n" and _temporaries(tmp_path) == []
        _gone_within(workers, 1.0)


def test_workers_exit_within_a_second_of_their_parent_being_killed(big, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous output\n")
    proc, workers = _start(big, out)
    proc.kill()
    proc.wait(10)
    took = _gone_within(workers, 1.0)
    assert took <= 1.0
    stale = _temporaries(tmp_path)
    assert len(stale) == 1, "SIGKILL leaves the temporary file (nothing can remove it then)"
    assert out.read_text() == "previous output\n"
    # The next run writing the same output removes it and writes a whole report.
    small = tmp_path / "small.jsonl"
    small.write_text('{"id": "a", "symptoms": ["chest_pain"]}\n')
    done = subprocess.run([sys.executable, "-m", "sorewhy", "evaluate", str(small), "--format", "jsonl",
                           "--output", str(out)], cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _temporaries(tmp_path) == []
    assert json.loads(out.read_text())["referral"]["level"] == "urgent"


def test_interview_stopped_by_sigterm_saves_the_answers_and_exits_143(tmp_path):
    import threading

    saved = tmp_path / "me.yaml"
    env = dict(os.environ)
    env.pop("SOREWHY_DEBUG", None)
    proc = subprocess.Popen([sys.executable, "-m", "sorewhy", "interview", "--save", str(saved)], cwd=ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = bytearray()

    def collect() -> None:
        while chunk := proc.stdout.read1(4096):
            seen.extend(chunk)

    reader = threading.Thread(target=collect, daemon=True)
    reader.start()
    proc.stdin.write(b"none\ncramps\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while b"Q3 [" not in seen and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert b"Q3 [" in seen, bytes(seen)[-500:]
    proc.send_signal(signal.SIGTERM)
    proc.wait(30)
    reader.join(5)
    assert proc.returncode == 143, proc.stderr.read()
    assert "cramps" in saved.read_text()
    assert _temporaries(tmp_path) == []
