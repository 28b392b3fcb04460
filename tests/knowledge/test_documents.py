"""knowledge/documents.yaml: the five source documents' names and titles, kept in the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import SEED_DOCS
from sorewhy.knowledge import documents as docs
from sorewhy.rules import base

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def test_documents_name_each_source_document_once():
    assert list(docs.documents()) == sorted(SEED_DOCS)
    assert set(SEED_DOCS) == {base.D000, base.D001, base.D002, base.D003, base.D004}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the project (../shared/seeds)")
@pytest.mark.parametrize("name", SEED_DOCS)
def test_documents_titles_are_each_documents_own_first_heading(name):
    lines = [ln.strip() for ln in (SEEDS / name).read_text(encoding="utf-8").splitlines()]
    first = next(ln for ln in lines if ln and ln != "Skip to content")
    assert docs.title_of(name) == first


def test_title_of_an_unknown_document_is_its_name():
    assert docs.title_of("999_unknown.txt") == "999_unknown.txt"


def test_documents_file_that_misses_a_document_is_a_knowledge_error(monkeypatch):
    real = docs.read

    def fake(name):
        data = real(name)
        return {"documents": data["documents"][1:]} if name == "documents.yaml" else data

    monkeypatch.setattr(docs, "read", fake)
    docs.documents.cache_clear()
    try:
        with pytest.raises(KnowledgeError, match="must name each of"):
            docs.documents()
    finally:
        docs.documents.cache_clear()
