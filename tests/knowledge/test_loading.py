"""Reading the knowledge files: PyYAML's C parser where PyYAML has it, the
pure-Python one otherwise, the same knowledge either way, and a mapping key
given twice rejected by both."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import types
from importlib import resources
from pathlib import Path

import pytest
import yaml

import sorewhy.knowledge as knowledge_module
from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import base_loader, load, make_loader, read_yaml
from sorewhy.knowledge.questions import load_question_file
from sorewhy.knowledge.verifier import load_verifier_data

FILES = ("findings.yaml", "drugs.yaml", "labs.yaml", "claims.yaml", "advice.yaml", "triage.yaml", "safety_net.yaml")
PARSERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.fixture
def from_folder(tmp_path, monkeypatch):
    """from_folder(texts, loader=None) -> knowledge loaded from files holding
    `texts` (the shipped file where a name is missing), bypassing the
    process's cache."""

    def _load(texts: dict[str, str], loader: type | None = None):
        shipped = resources.files("sorewhy.knowledge")
        for name in FILES:
            text = texts.get(name, shipped.joinpath(name).read_text(encoding="utf-8"))
            (tmp_path / name).write_text(text, encoding="utf-8")
        monkeypatch.setattr(knowledge_module, "resources", types.SimpleNamespace(files=lambda _name: tmp_path))
        if loader is not None:
            monkeypatch.setattr(knowledge_module, "KnowledgeLoader", make_loader(loader))
        return knowledge_module.load.__wrapped__()

    return _load


def test_base_loader_is_the_c_parser_when_pyyaml_has_it():
    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("this PyYAML was built without libyaml")
    assert base_loader() is yaml.CSafeLoader
    assert issubclass(knowledge_module.KnowledgeLoader, yaml.CSafeLoader)


def test_base_loader_falls_back_to_pure_python_without_libyaml():
    without_c = types.SimpleNamespace(SafeLoader=yaml.SafeLoader)
    assert base_loader(without_c) is yaml.SafeLoader
    assert base_loader(types.SimpleNamespace(SafeLoader=yaml.SafeLoader, CSafeLoader=None)) is yaml.SafeLoader


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
def test_knowledge_loads_the_same_with_either_parser(from_folder, parser):
    assert from_folder({}, loader=parser).model_dump() == load().model_dump()


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
def test_knowledge_file_data_equal_to_safe_load(parser):
    loader = make_loader(parser)
    for name in FILES:
        text = resources.files("sorewhy.knowledge").joinpath(name).read_text(encoding="utf-8")
        assert yaml.load(text, Loader=loader) == yaml.safe_load(text), name  # noqa: S506


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
def test_duplicate_key_rejected_naming_file_line_and_key(from_folder, parser):
    advice = "referral:\n  self_care: a\n  see_doctor: b\n  urgent: c\n  urgent: d\ngeneral: [x]\nsupplements: y\n"
    with pytest.raises(KnowledgeError) as caught:
        from_folder({"advice.yaml": advice}, loader=parser)
    message = str(caught.value)
    assert "knowledge/advice.yaml" in message and "line 5" in message and "'urgent' appears twice" in message
    assert "\n" not in message


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
def test_nested_duplicate_key_rejected(parser):
    with pytest.raises(yaml.YAMLError, match="'label' appears twice"):
        yaml.load("findings:\n- id: iron\n  label: a\n  label: b\n", Loader=make_loader(parser))  # noqa: S506


def test_equal_values_under_different_keys_accepted():
    assert read_yaml("a: 1\nb: 1\nc: {a: 1}\n") == {"a": 1, "b": 1, "c": {"a": 1}}


def test_unsafe_tag_rejected_by_knowledge_loader():
    with pytest.raises(yaml.YAMLError):
        read_yaml("x: !!python/object/apply:os.system ['true']\n")


# --- one loader for every knowledge file ----------------------------------------------


def _validate_questions() -> object:
    from sorewhy.engine.questions import load_questions  # the book checked against the facts vocabulary too

    return load_questions()


VALIDATORS = {
    "findings.yaml": lambda: load().findings,
    "drugs.yaml": lambda: load().drug_classes,
    "labs.yaml": lambda: (knowledge_module.lab_table(), load().labs),
    "advice.yaml": lambda: load().advice,
    "triage.yaml": lambda: load().triage,
    "safety_net.yaml": lambda: load().safety_net,
    "claims.yaml": lambda: load().claim_inventory,
    "documents.yaml": lambda: __import__("sorewhy.knowledge.documents", fromlist=["documents"]).documents(),
    "questions.yaml": lambda: (load_question_file(), _validate_questions()),
    "verifier.yaml": lambda: load_verifier_data(),
    "fhir_codes.yaml": lambda: knowledge_module.fhir_codes(),
    "relations.yaml": lambda: knowledge_module.relation_table(),
    "words.yaml": lambda: knowledge_module.words(),
    "source_kinds.yaml": lambda: __import__("sorewhy.knowledge.source_kinds", fromlist=["x"]).source_kinds(),
}
"""Each knowledge file and what validates it: a file shipped in knowledge/ must have one."""


def test_knowledge_every_shipped_file_has_a_validator():
    shipped = sorted(p.name for p in resources.files("sorewhy.knowledge").iterdir() if p.name.endswith(".yaml"))
    assert shipped == sorted(VALIDATORS)


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_knowledge_every_shipped_file_loads(name):
    assert knowledge_module.read(name)
    assert VALIDATORS[name]()


@pytest.mark.parametrize(("name", "text", "line", "key"), [
    ("questions.yaml", "intro: hello\nquestions:\n- id: diet\n  key: diet\n  text: a\n  text: b\n", 6, "text"),
    ("questions.yaml", "intro: hello\nintro: again\nquestions: []\n", 2, "intro"),
    ("verifier.yaml", "allow: []\nadvice_conflicts: []\nallow: []\n", 3, "allow"),
])
def test_knowledge_duplicate_key_in_questions_or_verifier_refused_with_file_and_line(
        tmp_path, monkeypatch, name, text, line, key):
    """questions.yaml and verifier.yaml once kept the last of two equal keys silently."""
    shipped = resources.files("sorewhy.knowledge")
    for each in VALIDATORS:
        (tmp_path / each).write_text(text if each == name else shipped.joinpath(each).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    monkeypatch.setattr(knowledge_module, "resources", types.SimpleNamespace(files=lambda _name: tmp_path))
    read_it = {"questions.yaml": lambda: load_question_file(), "verifier.yaml": lambda: load_verifier_data()}[name]
    with pytest.raises(KnowledgeError) as caught:
        read_it()
    message = str(caught.value)
    assert f"knowledge/{name}" in message and f"line {line}" in message and f"'{key}' appears twice" in message
    assert "\n" not in message


def test_knowledge_question_book_with_a_duplicate_key_is_refused(monkeypatch, tmp_path):
    """The interview's own loader goes through the same reader."""
    from sorewhy.engine import questions

    text = resources.files("sorewhy.knowledge").joinpath("questions.yaml").read_text(encoding="utf-8")
    broken = text.replace("\nquestions:\n", "\nintro: twice\nquestions:\n", 1)
    assert broken != text
    (tmp_path / "questions.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(knowledge_module, "resources", types.SimpleNamespace(files=lambda _name: tmp_path))
    with pytest.raises(KnowledgeError, match=r"knowledge/questions.yaml: cannot be read at line \d+ .*'intro' appears"):
        questions.load_questions.__wrapped__()


def test_knowledge_labs_file_is_parsed_once_per_process():
    """The rule base (raw_labs), the facts vocabulary (lab_table) and the
    knowledge (load) all read labs.yaml: it is parsed once."""
    code = textwrap.dedent("""
        import yaml
        parsed = []
        real = yaml.load
        def counting(stream, Loader):
            parsed.append(stream[:200])
            return real(stream, Loader=Loader)
        yaml.load = counting
        import sorewhy.knowledge as k
        from sorewhy.rules import rule_index
        rule_index(); k.lab_table(); k.load(); k.raw_labs()
        from sorewhy.engine.api import evaluate
        evaluate({"labs": {"potassium_mmol_l": 3.1}})
        labs = k._text("labs.yaml")[:200]
        print(sum(1 for head in parsed if head == labs))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "1"


def test_knowledge_files_are_read_only_by_the_knowledge_loader():
    """No module outside knowledge/ opens a knowledge file itself."""
    root = Path(__file__).resolve().parents[2]
    # The package's knowledge folder, however it is reached (the package root also ships
    # other data, such as the scenario cases under benchmarks/vignettes/).
    opening = re.compile(r"files\(\s*[\"']sorewhy\.knowledge[\"']\s*\)"
                         r"|files\(\s*[\"']sorewhy[\"']\s*\)\s*\.joinpath\(\s*[\"']knowledge"
                         r"|joinpath\(\s*[\"']knowledge[\"']")
    readers = sorted(str(p.relative_to(root)) for p in root.glob("**/*.py")
                     if not {"tests", ".venv", "build", "knowledge"} & set(p.relative_to(root).parts[:1])
                     and opening.search(p.read_text(encoding="utf-8")))
    assert readers == []
