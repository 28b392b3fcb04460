"""The documentation a newcomer walks (#22, #23): the README is one short page
whose first command shows a readable report; the generated pages of docs/ are
in step with the program (`docs/generate.py`); and every repository path and
every `sorewhy` command that README.md, CONTRIBUTING.md and docs/ name exists."""

from __future__ import annotations

import glob
import importlib.util
import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sorewhy import NOTICE
from sorewhy.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
# docs/src/ holds the hand-written parts of generated pages: checked in the pages made from them.
PAGES = sorted([README, ROOT / "CONTRIBUTING.md",
                *(p for p in DOCS.rglob("*.md") if "src" not in p.relative_to(DOCS).parts)])


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# --- the README: one page --------------------------------------------------------------------


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    text = _readme()
    assert marker in text, f"README.md has no {marker}"
    match = re.search(re.escape(marker) + r"\n```sh\n(.+?)\n```", text)
    assert match, f"README.md: no sh block right after {marker}"
    return match.group(1)


def test_readme_is_a_short_page():
    lines = _readme().splitlines()
    assert len(lines) <= 150, f"README.md has {len(lines)} lines; the reference belongs in docs/"


def test_readme_names_the_interview_on_its_first_screen():
    first_screen = "\n".join(_readme().splitlines()[:24])
    assert "sorewhy interview" in first_screen


def test_readme_has_the_notice_and_says_how_to_activate_the_environment():
    text = _readme()
    assert "Not medical advice" in text
    assert "source .venv/bin/activate" in text


def test_readme_has_exactly_two_set_up_commands():
    blocks = re.findall(r"```sh\n(.*?)```", _readme(), re.DOTALL)
    installs = [b for b in blocks if "pip install" in b]
    assert len(installs) == 2, installs
    assert _block_after("<!-- first-command -->") in installs[0]
    assert _block_after("<!-- test-command -->") in installs[1]


def test_readme_test_command_is_where_ci_reads_it():
    # .ci/run: awk '/<!-- test-command -->/{getline; getline; print; exit}' README.md
    lines = _readme().splitlines()
    at = lines.index("<!-- test-command -->")
    command = lines[at + 2]
    assert command == _block_after("<!-- test-command -->")
    assert "pip install -e '.[test]'" in command and command.endswith(".venv/bin/python -m pytest")


def test_readme_first_command_shows_a_readable_report():
    command = _block_after("<!-- first-command -->")
    assert "pip install ." in command
    run = command.split("&&")[-1].split()
    assert run[0] == ".venv/bin/sorewhy" and run[1] == "evaluate", command
    assert not {"json", "jsonl", "csv"} & set(run), "the first command must show a report people read"
    example = ROOT / run[2]
    assert example.is_file(), run[2]
    result = CliRunner().invoke(cli, run[1:])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert not out.lstrip().startswith(("[", "{")), "JSON is not a first report"
    assert len(out.splitlines()) <= 100 and len(out.encode()) < 8_000, (len(out.splitlines()), len(out))
    assert " ".join(NOTICE.split()[:6]) in " ".join(out.split())


def test_readme_links_the_documentation():
    text = _readme()
    for page in ("docs/index.md", "docs/tutorial.md", "docs/usage.md", "docs/reference/cli.md",
                 "docs/reference/facts.md", "docs/reference/report.md", "docs/architecture.md",
                 "CONTRIBUTING.md"):
        assert f"]({page})" in text, page


# --- generated pages ---------------------------------------------------------------------------


def test_docs_generated_pages_are_in_step(tmp_path):
    generator = _generator()
    assert generator.main(["--out", str(tmp_path)]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md"))
    assert {"index.md", "rules.md", "reference/cli.md", "reference/facts.md", "reference/report.md"} <= set(written)
    stale = [name for name in written
             if not (DOCS / name).is_file()
             or (DOCS / name).read_text(encoding="utf-8") != (tmp_path / name).read_text(encoding="utf-8")]
    assert not stale, f"docs/{', docs/'.join(stale)} out of step: run docs/generate.py"


def _commands() -> list[tuple[str, ...]]:
    found = []

    def walk(group: click.Group, ctx: click.Context, prefix: tuple[str, ...]) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            found.append((*prefix, name))
            if isinstance(command, click.Group):
                walk(command, click.Context(command, parent=ctx, info_name=name), (*prefix, name))

    walk(cli, click.Context(cli, info_name="sorewhy"), ())
    return found


def test_docs_cli_reference_shows_every_command_and_its_options():
    page = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    for path in _commands():
        name = " ".join(("sorewhy", *path))
        assert f"\n## {name}\n" in page, f"docs/reference/cli.md lacks `{name}`: run docs/generate.py"
        help_text = CliRunner().invoke(cli, [*path, "--help"]).stdout
        for option in re.findall(r"^\s+(--[a-z][\w-]*)", help_text, re.MULTILINE):
            section = page.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
            assert option in section, (name, option)


def test_docs_facts_reference_lists_every_key_of_the_schema():
    import json

    schema = json.loads(CliRunner().invoke(cli, ["schema"]).stdout)
    page = (DOCS / "reference" / "facts.md").read_text(encoding="utf-8")
    for key in schema["$defs"]["Profile"]["properties"]:
        assert re.search(rf"^\| `{key}` \| .+ \| \S", page, re.MULTILINE), f"{key}: not in the table, or not described"
    for key in schema["$defs"]["Labs"]["properties"]:
        assert f"| `labs.{key}` |" in page, key


def test_docs_report_reference_describes_every_key():
    generator = _generator()
    import json

    schema = json.loads(CliRunner().invoke(cli, ["schema", "--report"]).stdout)
    page = (DOCS / "reference" / "report.md").read_text(encoding="utf-8")
    for path, _spec, _same in generator._report_keys(schema):
        row = re.search(rf"^\| `{re.escape(path)}` \| [^|]+ \| (.*) \|$", page, re.MULTILINE)
        assert row, f"{path}: not in docs/reference/report.md: run docs/generate.py"
        assert row.group(1).strip(), f"{path}: say what it holds in docs/src/report.yaml"


def test_docs_generator_refuses_words_for_a_key_the_schema_lacks(tmp_path, monkeypatch):
    generator = _generator()
    src = tmp_path / "src"
    src.mkdir()
    for name in ("facts.md", "facts.yaml"):
        (src / name).write_text((DOCS / "src" / name).read_text(encoding="utf-8"), encoding="utf-8")
    with open(src / "facts.yaml", "a", encoding="utf-8") as handle:
        handle.write("shoe_size: how big the shoes are\n")
    monkeypatch.setattr(generator, "SRC", src)
    with pytest.raises(SystemExit, match="shoe_size"):
        generator.facts_page()


def test_docs_rule_catalogue_lists_every_rule():
    import json

    rules = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).stdout)["rules"]
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in rules:
        assert f"### `{rule['id']}`" in page, rule["id"]


def test_docs_index_lists_every_page():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in DOCS.rglob("*.md"):
        name = page.relative_to(DOCS).as_posix()
        if name == "index.md" or name.startswith("src/"):
            continue
        assert f"]({name})" in index, f"docs/index.md does not list {name}: run docs/generate.py"


# --- every path and command named exists -------------------------------------------------------

TOP = {p.name for p in ROOT.iterdir()} - {".venv", ".git", "build"}
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _code_texts(text: str) -> list[str]:
    """The text of every fenced block's line and every inline code span."""
    out = []
    for block in FENCE.findall(text):
        out.extend(block.splitlines())
    prose = FENCE.sub("", text)
    out.extend(" ".join(span.split()) for _, span in CODE_SPAN.findall(prose))
    return out


def _paths(text: str) -> set[str]:
    """Repository paths named in code: `engine/core.py`, `rules/fixtures/*.yaml`,
    `tests/cli/`; a first part that is no top-level entry (`me.yaml`,
    `../shared/...`, `sorewhy.engine`) or a placeholder (`<topic>`) is not one."""
    found = set()
    for code in _code_texts(text):
        if re.search(r"#\s*exit [1-9]", code):  # an example of a failure names what is missing on purpose
            continue
        for word in re.findall(r"[\w.*/<>-]+", code):
            word = word.rstrip(".,:;")
            if "/" not in word or word.startswith(("/", "../", "./")) or "<" in word:
                continue
            if word.split("/", 1)[0] not in TOP:
                continue
            found.add(word.split("::", 1)[0])
    return found


def _anchors(path: Path) -> set[str]:
    """The anchors a Markdown renderer gives the headings of a page (lower
    case, punctuation dropped, spaces to dashes)."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
            for h in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_docs_every_repo_path_named_exists(page):
    text = page.read_text(encoding="utf-8")
    missing = [p for p in sorted(_paths(text)) if not glob.glob(str(ROOT / p))]
    assert not missing, f"{_name(page)} names paths that do not exist: {missing}"
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        name, _, anchor = target.partition("#")
        path = (page.parent / name).resolve() if name else page
        assert path.exists(), f"{_name(page)} links to {target}, which does not exist"
        if anchor and path.suffix == ".md":
            assert anchor in _anchors(path), f"{_name(page)} links to {target}: no such heading"


def _dotted_names(text: str) -> set[str]:
    """Python names in code: `sorewhy.engine.compact.evaluate_partition`
    (not `sorewhy.notice`, a key of a Parquet file's metadata)."""
    return {m for code in _code_texts(text) for m in re.findall(r"\bsorewhy(?:\.\w+)+", code)} - {"sorewhy.notice"}


def _resolves(dotted: str) -> bool:
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_docs_every_python_name_named_exists(page):
    missing = sorted(n for n in _dotted_names(page.read_text(encoding="utf-8")) if not _resolves(n))
    assert not missing, f"{_name(page)} names modules or attributes that do not exist: {missing}"


def _command_lines(text: str) -> list[str]:
    out = []
    for code in _code_texts(text):
        line = code.strip()
        for prefix in ("$ ", ".venv/bin/", "python -m "):
            if line.startswith(prefix):
                line = line[len(prefix):]
        if not line.startswith("sorewhy ") and line != "sorewhy":
            continue
        line = re.split(r"\s(?:#|\||&&|<|>|2>)\s?", line, maxsplit=1)[0]
        out.append(line.strip())
    return out


def test_docs_command_lines_are_found():
    lines = _command_lines(_readme())
    assert "sorewhy interview --save me.yaml" in lines
    assert "sorewhy evaluate - --format json" in _command_lines((DOCS / "usage.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_docs_every_sorewhy_command_named_parses(page):
    bad = []
    for line in _command_lines(page.read_text(encoding="utf-8")):
        try:
            words = shlex.split(line)[1:]
        except ValueError:
            bad.append(f"{line}: cannot be split into words")
            continue
        result = CliRunner().invoke(cli, [*words, "--help"])
        if result.exit_code != 0:
            said = result.output.strip().splitlines()
            bad.append(f"{line}: {said[-1] if said else result.exit_code}")
    assert not bad, f"{_name(page)} names commands that do not parse:\n" + "\n".join(bad)


def _shell_examples(page: Path) -> list[str]:
    """The `sorewhy` lines of a page's `sh` blocks but the interview's, which
    asks questions, and those reading the file it saves (`me.yaml`)."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL):
        for line in block.splitlines():
            line = line.split(" #", 1)[0].strip()
            if line.startswith("sorewhy ") and not line.startswith("sorewhy interview") and "me.yaml" not in line:
                lines.append(line)
    return lines


SHELL_PAGES = [README, DOCS / "tutorial.md"]


def test_docs_shell_examples_are_found():
    assert len(_shell_examples(README)) >= 5
    assert len(_shell_examples(DOCS / "tutorial.md")) >= 6


@pytest.mark.parametrize("page", SHELL_PAGES, ids=_name)
def test_docs_shell_examples_work_in_order(page, tmp_path, monkeypatch):
    """Each line of the page's shell examples, in order, in a folder holding a
    copy of examples/ (a line may read what an earlier one wrote)."""
    import shutil

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for line in _shell_examples(page):
        result = CliRunner().invoke(cli, shlex.split(line)[1:])
        assert result.exit_code == 0, (line, result.output)
        assert "Traceback" not in result.output, line
