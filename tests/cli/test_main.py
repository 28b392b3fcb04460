"""The command line as a whole: help with an example on every command, every
command documented (with examples that work) in docs/usage.md,
--version, colour only on a terminal, cheap start-up, and errors as one line
with the documented exit codes."""

from __future__ import annotations

import glob
import io
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers import Tty as _Tty

import sorewhy.engine.profile as profile_module
from sorewhy import __version__
from sorewhy.cli.formatting import Style
from sorewhy.cli.main import cli
from sorewhy.cli.output import colour_wanted
from sorewhy.errors import KnowledgeError

ROOT = Path(__file__).resolve().parents[2]
USAGE = ROOT / "docs" / "usage.md"
DOCS = ROOT / "docs"


def _walk(group: click.Group, ctx: click.Context, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            with click.Context(command, parent=ctx, info_name=name) as sub:
                paths.extend(_walk(command, sub, (*prefix, name)))
    return paths


def _commands() -> list[tuple[str, ...]]:
    with click.Context(cli, info_name="sorewhy") as ctx:
        return [()] + _walk(cli, ctx, ())


COMMANDS = _commands()


def _usage_section() -> str:
    text = USAGE.read_text(encoding="utf-8")
    start, end = text.index("<!-- usage:start -->"), text.index("<!-- usage:end -->")
    return text[start:end]


def _shell_blocks_of_other_pages() -> str:
    """The `sh` blocks of the other hand-written pages of docs/ (a command may
    be shown where its feature is documented, such as its own page)."""
    pages = [p for p in DOCS.glob("*.md") if p != USAGE]
    return "\n".join(block for page in pages
                     for block in re.findall(r"```sh\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL))


def test_every_command_is_found():
    names = {" ".join(p) for p in COMMANDS}
    assert {"", "evaluate", "trace", "rules", "rules show", "schema", "interview"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "sorewhy")
def test_command_help_has_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    help_text = result.stdout
    match = re.search(r"^\s*Examples?:\n((?:\s+.+\n)+)", help_text, re.MULTILINE)
    assert match, f"`sorewhy {' '.join(path)} --help` has no Example section"
    examples = [line.strip() for line in match.group(1).splitlines()]
    wanted = " ".join(("sorewhy", *path))
    assert any(line.startswith(wanted) for line in examples) or not path, (wanted, examples)


@pytest.mark.parametrize("path", [p for p in COMMANDS if p], ids=" ".join)
def test_command_is_documented_in_docs(path):
    shown = rf"^\s*sorewhy {re.escape(' '.join(path))}\b"
    assert re.search(shown, _usage_section(), re.MULTILINE) \
        or re.search(shown, _shell_blocks_of_other_pages(), re.MULTILINE), \
        f"neither docs/usage.md nor an example of another docs/ page shows `sorewhy {' '.join(path)}`"


def _usage_examples() -> list[tuple[str, int]]:
    """Command lines in the usage section's shell blocks, with the exit code
    a trailing `# exit N` comment expects (0 when none)."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", _usage_section(), re.DOTALL):
        for line in block.splitlines():
            line = line.strip()
            if not line.startswith("sorewhy ") or line.startswith("sorewhy interview"):
                continue
            code = 0
            m = re.search(r"#\s*exit (\d+)", line)
            if m:
                code = int(m.group(1))
            out.append((line.split(" #", 1)[0].strip(), code))
    return out


USAGE_EXAMPLES = _usage_examples()


def test_docs_usage_has_examples():
    assert len(USAGE_EXAMPLES) >= 8
    section = _usage_section()
    for fmt in ("table", "json", "jsonl", "markdown"):
        assert re.search(rf"^\| `{fmt}`", section, re.MULTILINE), f"--format {fmt} not documented"
    for fmt in ("json", "jsonl", "markdown"):
        assert any(f"--format {fmt}" in line for line, _ in USAGE_EXAMPLES), fmt
    for code in ("0", "1", "2", "3"):
        assert re.search(rf"\|\s*`?{code}`?\s*\|", section), f"exit code {code} not documented"


@pytest.mark.parametrize("line, code", USAGE_EXAMPLES, ids=[line for line, _ in USAGE_EXAMPLES])
def test_docs_usage_example_works(line, code, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    words = shlex.split(line)[1:]
    stdin = None
    if "<" in words:
        at = words.index("<")
        stdin = Path(words[at + 1]).read_bytes()
        words = words[:at] + words[at + 2:]
    args: list[str] = []
    for word in words:
        args.extend(sorted(glob.glob(word)) if "*" in word else [word])
    result = CliRunner().invoke(cli, args, input=stdin)
    assert result.exit_code == code, (line, result.output)
    assert "Traceback" not in result.output


def test_version():
    for flag in ("--version", "-V"):
        result = CliRunner().invoke(cli, [flag])
        assert result.exit_code == 0
        assert result.stdout.strip() == f"sorewhy, version {__version__}"


def test_python_dash_m_runs_the_cli():
    proc = subprocess.run([sys.executable, "-m", "sorewhy", "--version"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert proc.returncode == 0 and __version__ in proc.stdout


_IMPORTS = """
import sys
from sorewhy.cli.main import cli
try:
    cli({args!r}, prog_name="sorewhy")
except SystemExit:
    pass
heavy = [m for m in ("sorewhy.engine.api", "sorewhy.engine.core", "sorewhy.engine.batch") if m in sys.modules]
# The rule base reads knowledge files as plain data (sorewhy.knowledge.raw_labs): the
# knowledge models are imported with it, never validated.
knowledge = sys.modules.get("sorewhy.knowledge")
if knowledge is not None and (knowledge.load.cache_info().currsize or knowledge.lab_table.cache_info().currsize):
    heavy.append("sorewhy.knowledge validated")
print("HEAVY", heavy, file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["rules"], ["rules", "show", "redflag.chest-pain"],
                                  ["evaluate", "--help"], ["trace", "--help"]])
def test_help_and_rules_do_not_import_the_engine(args):
    proc = subprocess.run([sys.executable, "-c", _IMPORTS.format(args=args)], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert "HEAVY []" in proc.stderr, proc.stderr


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["diagnose"])
    assert result.exit_code == 2
    assert "No such command" in result.stderr


# --- colour ----------------------------------------------------------------------------------


def test_colour_only_on_a_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert colour_wanted(_Tty()) is True
    assert colour_wanted(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert colour_wanted(_Tty()) is False
    assert "\x1b[" in Style(True).level("seek care now", "urgent")
    assert Style(False).level("seek care now", "urgent") == "seek care now"


@pytest.mark.parametrize("args", [
    ["evaluate", "examples/vegan-runner.yaml"],
    ["evaluate", "examples/cases.json", "--format", "markdown"],
    ["trace", "examples/vegan-runner.yaml"],
    ["rules"],
    ["rules", "show", "magnesium.night-cramps"],
])
def test_no_colour_in_piped_output(args, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert "\x1b[" not in result.output


# --- errors --------------------------------------------------------------------------------------


def _schema_raising(exc: BaseException, monkeypatch):
    def broken():
        raise exc

    monkeypatch.setattr(profile_module, "json_schema", broken)
    return CliRunner().invoke(cli, ["schema"])


def test_internal_error_is_one_line_exit_3(monkeypatch):
    monkeypatch.delenv("SOREWHY_DEBUG", raising=False)
    result = _schema_raising(ValueError("bad state"), monkeypatch)
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "sorewhy: internal error: ValueError: bad state (this is a bug in sorewhy; "
        "SOREWHY_DEBUG=1 shows the traceback)"]


def test_internal_error_traceback_only_on_request(monkeypatch):
    monkeypatch.setenv("SOREWHY_DEBUG", "1")
    result = _schema_raising(ValueError("bad state"), monkeypatch)
    assert isinstance(result.exception, ValueError)


def test_knowledge_error_is_internal_exit_3(monkeypatch):
    monkeypatch.delenv("SOREWHY_DEBUG", raising=False)
    result = _schema_raising(KnowledgeError("drugs.yaml: duplicate id"), monkeypatch)
    assert result.exit_code == 3
    assert result.stderr == "sorewhy: internal error: the knowledge base is inconsistent: drugs.yaml: duplicate id\n"


def test_interrupt_is_exit_130(monkeypatch):
    result = _schema_raising(KeyboardInterrupt(), monkeypatch)
    assert result.exit_code == 130
    assert result.stderr == "sorewhy: interrupted\n"


def test_broken_pipe_is_quiet(monkeypatch):
    result = _schema_raising(BrokenPipeError(), monkeypatch)
    assert result.exit_code == 141
    assert result.stderr == ""


# --- any terminal, debug switch, stop signals (issue 15) ---------------------------------------


def _sorewhy(*args: str, env_extra: dict[str, str] | None = None, input: bytes | None = None):
    import os

    env = {k: v for k, v in os.environ.items() if k != "SOREWHY_DEBUG"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "sorewhy", *args], capture_output=True, input=input,
                          timeout=120, env=env, cwd=ROOT)


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252"])
@pytest.mark.parametrize("command", [
    ("evaluate", "examples/vegan-runner.yaml", "--format", "markdown"),
    ("evaluate", "examples/vegan-runner.yaml"),
    ("trace", "examples/vegan-runner.yaml", "--format", "markdown"),
    ("trace", "examples/vegan-runner.yaml"),
])
def test_output_the_terminal_cannot_encode_is_replaced_not_a_crash(encoding, command):
    proc = _sorewhy(*command, env_extra={"PYTHONIOENCODING": encoding})
    assert proc.returncode == 0, proc.stderr
    assert b"not medical advice" in proc.stdout.lower()


def test_emoji_id_under_ascii_does_not_stop_the_batch(tmp_path):
    facts = tmp_path / "e.jsonl"
    facts.write_text('{"id": "run\U0001F3C3"}\n{"id": "b", "symptoms": ["chest_pain"]}\n', encoding="utf-8")
    proc = _sorewhy("evaluate", str(facts), env_extra={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0, proc.stderr
    assert b"run?" in proc.stdout and b"seek medical care now" in proc.stdout.lower()


@pytest.mark.parametrize("value, traceback", [("0", False), ("", False), ("no", False), ("1", True), ("yes", True)])
def test_sorewhy_debug_is_on_only_when_set_to_a_true_value(monkeypatch, value, traceback):
    from sorewhy.cli.main import debug_wanted

    monkeypatch.setenv("SOREWHY_DEBUG", value)
    assert debug_wanted() is traceback


@pytest.mark.parametrize("jobs", ["300", "99999999999999999999", "0"])
def test_jobs_out_of_bounds_is_lowered_or_a_usage_error(jobs):
    result = CliRunner().invoke(cli, ["evaluate", str(ROOT / "examples" / "cases.json"), "--jobs", jobs])
    if jobs == "300":
        from sorewhy.cli.evaluate import cpu_limit

        assert result.exit_code == 0
        assert f"--jobs 300 lowered to {cpu_limit()}" in result.stderr
    else:
        assert result.exit_code == 2 and "Traceback" not in result.output
