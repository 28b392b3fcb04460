"""The console entry point holds the garbage collector while a command starts
and lets it run again before any profile is evaluated (cli/collection.py)."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest

from sorewhy.cli import collection
from sorewhy.cli import main as main_module

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vegan-runner.yaml"


@pytest.fixture
def restored():
    """Whatever a test does to the collector, the session gets it back as it was."""
    was = gc.isenabled()
    threshold = gc.get_threshold()
    yield
    collection._held = False
    gc.unfreeze()
    gc.set_threshold(*threshold)
    if was:
        gc.enable()


def test_collection_hold_then_resume_runs_the_collector_again(restored):
    collection.hold()
    assert not gc.isenabled() and collection.held()
    collection.resume()
    assert gc.isenabled() and not collection.held()
    assert gc.get_freeze_count() > 0, "what start-up made is frozen"
    assert gc.get_threshold()[0] >= collection.YOUNG_THRESHOLD


def test_collection_resume_without_hold_changes_nothing(restored):
    gc.disable()  # a program that runs without the collector keeps it off
    threshold = gc.get_threshold()
    collection.resume()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold


def test_collection_hold_when_already_off_is_never_undone(restored):
    gc.disable()
    collection.hold()
    assert not collection.held()
    collection.resume()
    assert not gc.isenabled()


@pytest.mark.parametrize("name", [n for n in main_module._COMMANDS if n != "evaluate"])
def test_collection_resumes_when_a_command_other_than_evaluate_is_looked_up(restored, name):
    collection.hold()
    main_module.cli.get_command(click.Context(main_module.cli), name)
    assert gc.isenabled() and not collection.held()


def test_collection_evaluate_resumes_it_itself(restored):
    collection.hold()
    command = main_module.cli.get_command(click.Context(main_module.cli), "evaluate")
    assert getattr(command, collection.RESUMES_ITSELF) is True
    assert collection.held()


def test_collection_main_leaves_it_to_the_exit_even_after_an_error(monkeypatch, restored):
    calls = []
    monkeypatch.setattr(collection, "hold", lambda: calls.append("hold"))
    monkeypatch.setattr(collection, "before_exit", lambda: calls.append("before_exit"))
    monkeypatch.setattr(sys, "argv", ["sorewhy", "evaluate", "/no/such/file.yaml"])
    monkeypatch.setattr(main_module, "install_signal_handlers", lambda: None)  # the test process keeps its own
    monkeypatch.setattr(main_module, "make_output_safe", lambda: None)
    with pytest.raises(SystemExit) as stopped:
        main_module.main()
    assert stopped.value.code == main_module.EXIT_USAGE
    assert calls == ["hold", "before_exit"]


_SPY = textwrap.dedent("""
    import gc, sys
    import sorewhy.engine.batch as batch
    real = batch.evaluate_paths
    seen = []
    def spy(*args, **kwargs):
        for item in real(*args, **kwargs):
            seen.append((gc.isenabled(), gc.get_freeze_count() > 0, gc.get_threshold()[0] >= 10_000))
            yield item
    batch.evaluate_paths = spy
    import atexit
    atexit.register(lambda: print("SEEN", seen, file=sys.stderr))
    sys.argv = ["sorewhy", *sys.argv[1:]]
    from sorewhy.cli.main import main
    main()
""")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_collection_runs_while_profiles_are_evaluated(tmp_path, jobs):
    done = subprocess.run([sys.executable, "-c", _SPY, "evaluate", str(EXAMPLE), "--format", "json", "--jobs", jobs],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.lstrip().startswith("[")
    seen = [line for line in done.stderr.splitlines() if line.startswith("SEEN")]
    assert seen == ["SEEN [(True, True, True)]"], done.stderr
