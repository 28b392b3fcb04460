"""The start-up cache (engine/cache.py): an entry is used only for its key and
only when intact; anything wrong with it is a miss, never an error; and what
comes out of it equals what the work would have built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from importlib import resources
from pathlib import Path

import pytest

import sorewhy.knowledge as knowledge_module
from sorewhy.engine import cache
from sorewhy.engine.errors import KnowledgeError


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A fresh cache folder for the test."""
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(where))
    return where


def _entry(folder, kind):
    return folder / f"{kind}.{sys.implementation.cache_tag}.bin"


def _kinds(folder):
    return {p.name.split(".")[0] for p in folder.iterdir()}


# --- the store -----------------------------------------------------------------------


def test_cache_put_then_get_gives_the_payload_for_its_key_only(folder):
    key = cache.key("a", b"b")
    assert cache.put("thing", key, b"payload")
    assert cache.get("thing", key) == b"payload"
    assert cache.get("thing", cache.key("a", b"c")) is None
    assert cache.get("other", key) is None


def test_cache_key_parts_cannot_run_together():
    assert cache.key("ab", "c") != cache.key("a", "bc")
    assert cache.key("a") != cache.key("a", "")
    assert cache.key("é") == cache.key("é".encode())


@pytest.mark.parametrize("damage", ["truncate", "flip", "format", "empty"])
def test_cache_damaged_entry_is_a_miss(folder, damage):
    key = cache.key("k")
    cache.put("thing", key, b"x" * 100)
    path = _entry(folder, "thing")
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[:-10]
    elif damage == "flip":
        data[-1] ^= 1
    elif damage == "format":
        data[0] ^= 1
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    assert cache.get("thing", key) is None


def test_cache_off_when_the_variable_is_empty(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENV, "")
    assert cache.directory() is None
    assert not cache.put("thing", cache.key("k"), b"x")
    assert cache.get("thing", cache.key("k")) is None


def test_cache_default_folder_follows_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform in ("win32", "darwin"):
        pytest.skip("XDG_CACHE_HOME is the rule on Linux and other Unixes")
    assert cache.directory() == str(tmp_path / "sorewhy")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the XDG spec says
    assert cache.directory() is None


def test_cache_folder_that_cannot_be_made_is_a_miss_not_an_error(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    assert not cache.put("thing", cache.key("k"), b"x")
    assert cache.get("thing", cache.key("k")) is None
    assert cache.remembered("thing", cache.key("k"), lambda: 42, lambda v: b"42", int) == 42


def test_cache_folder_and_entries_are_private(folder):
    cache.put("thing", cache.key("k"), b"x")
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    assert folder.stat().st_mode & 0o077 == 0
    assert _entry(folder, "thing").stat().st_mode & 0o077 == 0
    assert not list(folder.glob("*.tmp")), "no temporary file is left behind"


def test_cache_entry_of_another_user_is_not_trusted(folder):
    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("only root can give a file to another user")
    key = cache.key("k")
    cache.put("thing", key, b"x")
    os.chown(_entry(folder, "thing"), 4242, -1)
    assert cache.get("thing", key) is None


def test_cache_remembered_builds_once_then_restores(folder):
    calls = []

    def build():
        calls.append(1)
        return {"value": [1, 2.5, "three"]}

    key = cache.key("k")
    first = cache.remembered("thing", key, build, lambda v: json.dumps(v).encode(), json.loads)
    second = cache.remembered("thing", key, build, lambda v: json.dumps(v).encode(), json.loads)
    assert first == second == {"value": [1, 2.5, "three"]}
    assert len(calls) == 1


def test_cache_remembered_entry_that_cannot_be_restored_is_rebuilt(folder):
    key = cache.key("k")
    cache.put("thing", key, b"not json")
    assert cache.remembered("thing", key, lambda: [1], lambda v: json.dumps(v).encode(), json.loads) == [1]
    assert cache.get("thing", key) == b"[1]"


def test_cache_remembered_failed_build_stores_nothing(folder):
    key = cache.key("k")

    def fail():
        raise ValueError("invalid")

    with pytest.raises(ValueError):
        cache.remembered("thing", key, fail, repr, eval)
    assert not _entry(folder, "thing").exists()


def test_cache_remembered_value_that_cannot_be_dumped_is_returned_unstored(folder):
    def dump(value):
        raise TypeError("cannot")

    assert cache.remembered("thing", cache.key("k"), lambda: object, dump, eval) is object
    assert not _entry(folder, "thing").exists()


def test_cache_compiled_code_runs_as_compiled_source(folder, monkeypatch):
    source = "def f(x):\n    return x * 2 + 1\n"
    first = cache.compiled(source, "<test f>", "code-f")
    assert _entry(folder, "code-f").exists()
    monkeypatch.setattr(cache, "compile", _no_compile, raising=False)
    second = cache.compiled(source, "<test f>", "code-f")
    assert second == first == compile(source, "<test f>", "exec")
    namespace: dict = {}
    exec(second, namespace)  # noqa: S102 - the test's own source
    assert namespace["f"](3) == 7
    with pytest.raises(AssertionError, match="compiled"):
        cache.compiled(source + "# changed\n", "<test f>", "code-f")


def _no_compile(*args, **kwargs):
    raise AssertionError("compiled again")


# --- the knowledge ---------------------------------------------------------------------


def _fresh_load():
    return knowledge_module.load.__wrapped__(), knowledge_module.lab_table.__wrapped__()


def test_cached_knowledge_equals_validated_knowledge(folder, monkeypatch):
    built, table = _fresh_load()
    assert _kinds(folder) >= {"knowledge", "labs"}

    def no_validation(*args, **kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr(knowledge_module, "_knowledge", no_validation)
    monkeypatch.setattr(knowledge_module, "_lab_table", no_validation)
    cached, cached_table = _fresh_load()
    assert cached == built and cached is not built
    assert cached.model_dump() == built.model_dump()
    assert cached_table == table
    assert cached.drug_index == built.drug_index
    assert cached.claims == built.claims  # the claim inventory is still read when asked for


def test_knowledge_changed_on_disk_is_validated_again(folder, tmp_path, monkeypatch):
    _fresh_load()  # the shipped files' entry
    shipped = resources.files("sorewhy.knowledge")
    copy = tmp_path / "knowledge"
    copy.mkdir()
    for name in ("findings.yaml", "drugs.yaml", "labs.yaml", "advice.yaml", "claims.yaml", "triage.yaml",
                 "safety_net.yaml"):
        (copy / name).write_text(shipped.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    advice = (copy / "advice.yaml").read_text(encoding="utf-8")
    (copy / "advice.yaml").write_text(advice.replace("supplements:", "supplements_typo:", 1), encoding="utf-8")
    monkeypatch.setattr(knowledge_module, "resources", types.SimpleNamespace(files=lambda _name: copy))
    with pytest.raises(KnowledgeError):
        knowledge_module.load.__wrapped__()


def test_knowledge_cache_key_covers_texts_parser_and_code(monkeypatch):
    texts = ["a: 1\n", "b: 2\n"]
    key = knowledge_module._validated_key("knowledge", texts)
    assert key is not None
    assert knowledge_module._validated_key("knowledge", ["a: 1\n", "b: 3\n"]) != key
    assert knowledge_module._validated_key("labs", texts) != key
    monkeypatch.setattr(knowledge_module, "KnowledgeLoader", knowledge_module.make_loader(
        __import__("yaml").SafeLoader))
    assert knowledge_module._validated_key("knowledge", texts) != key


# --- end to end ------------------------------------------------------------------------


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vegan-runner.yaml"


def _evaluate(env_cache: str | None, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in (cache.ENV, "XDG_CACHE_HOME")}
    if env_cache is not None:
        env[cache.ENV] = env_cache
    env["HOME"] = str(tmp_path / "home")
    return subprocess.run([sys.executable, "-m", "sorewhy", "evaluate", str(EXAMPLE), "--format", "json"],
                          capture_output=True, env=env, cwd=tmp_path)


def test_evaluate_reports_the_same_bytes_with_and_without_the_cache(tmp_path):
    where = tmp_path / "c"
    without = _evaluate("", tmp_path)
    filling = _evaluate(str(where), tmp_path)
    filled = _evaluate(str(where), tmp_path)
    assert without.returncode == filling.returncode == filled.returncode == 0, without.stderr
    assert without.stdout == filling.stdout == filled.stdout
    assert _kinds(where) == {"knowledge", "labs", "raw-labs", "code-match", "code-open_keys"}
    for entry in where.iterdir():  # every entry damaged: each is a miss, the report is the same
        entry.write_bytes(entry.read_bytes()[:-1])
    damaged = _evaluate(str(where), tmp_path)
    assert damaged.returncode == 0 and damaged.stdout == without.stdout
    assert damaged.stderr == without.stderr


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG default folder")
def test_evaluate_uses_the_default_folder_and_survives_one_that_cannot_be_made(tmp_path):
    done = _evaluate(None, tmp_path)  # HOME is a folder that does not exist yet: the cache is made in it
    assert done.returncode == 0, done.stderr
    assert _entry(tmp_path / "home" / ".cache" / "sorewhy", "knowledge").exists()
    (tmp_path / "home2").mkdir()
    (tmp_path / "home2" / ".cache").write_text("a file where the cache folder would go")
    env = {k: v for k, v in os.environ.items() if k not in (cache.ENV, "XDG_CACHE_HOME")}
    env["HOME"] = str(tmp_path / "home2")
    blocked = subprocess.run([sys.executable, "-m", "sorewhy", "evaluate", str(EXAMPLE), "--format", "json"],
                             capture_output=True, env=env, cwd=tmp_path)
    assert blocked.returncode == 0 and blocked.stdout == done.stdout
    assert blocked.stderr == done.stderr
