"""Reading the knowledge files: PyYAML's C parser where PyYAML has it, the
pure-Python one otherwise, the same knowledge either way, and a mapping key
given twice rejected by both."""

from __future__ import annotations

import types
from importlib import resources

import pytest
import yaml

import sorewhy.knowledge as knowledge_module
from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import base_loader, load, make_loader, read_yaml

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
