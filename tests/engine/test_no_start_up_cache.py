"""The start-up cache runs no one's code (#26): there is no start-up cache.
It kept validated knowledge as a pickle and the derived matcher as compiled
code, both executed when read; it saved about 20 ms of CPU a run (1.08x), so
it was removed. Nothing is read from or written to a cache folder, so an
edited, planted or hostile entry there changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROFILE = {"id": "k", "labs": {"potassium_mmol_l": 2.0}}


def _evaluate(tmp_path: Path, cache_home: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(PROFILE))
    env = {k: v for k, v in os.environ.items() if k != "SOREWHY_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(cache_home)
    env["HOME"] = str(cache_home)
    return subprocess.run([sys.executable, "-m", "sorewhy", "evaluate", str(facts), "--format", "json"],
                          env=env, capture_output=True, text=True, timeout=timeout)


def test_evaluate_writes_no_cache_folder(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = _evaluate(tmp_path, home)
    assert result.returncode == 0, result.stderr
    assert list(home.rglob("*")) == []


def test_planted_cache_entries_change_nothing(tmp_path):
    home = tmp_path / "home"
    folder = home / "sorewhy"
    folder.mkdir(parents=True)
    folder.chmod(0o777)  # a folder others can write to
    tag = sys.implementation.cache_tag
    # Every name the removed cache used: a FIFO (which would block a reader),
    # a link to an endless device, and garbage.
    os.mkfifo(folder / f"knowledge.{tag}.bin")
    (folder / f"labs.{tag}.bin").symlink_to("/dev/zero")
    for kind in ("raw-labs", "code-match", "code-open_keys"):
        (folder / f"{kind}.{tag}.bin").write_bytes(b"sorewhy start-up cache 1\n" + os.urandom(256))
    result = _evaluate(tmp_path, home, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)[0]
    assert report["referral"]["level"] == "urgent"


def test_no_cache_module():
    with pytest.raises(ImportError):
        __import__("sorewhy.engine.cache")
