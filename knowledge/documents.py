"""The five source documents by file name, with the title each gives itself.

``knowledge/documents.yaml`` is validated when first read: exactly the documents
of :data:`sorewhy.knowledge.SEED_DOCS`, each once, each with a title.
"""

from __future__ import annotations

import functools
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import SEED_DOCS, read


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str
    title: Annotated[str, Field(min_length=1)]


@functools.cache
def documents() -> dict[str, Document]:
    """File name -> document, in the order of the file names."""
    data = read("documents.yaml")
    try:
        items = [Document(**item) for item in data["documents"]]
    except (ValidationError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"knowledge/documents.yaml is invalid: {exc}") from None
    names = [d.doc for d in items]
    if sorted(names) != sorted(SEED_DOCS) or len(set(names)) != len(names):
        raise KnowledgeError(f"knowledge/documents.yaml must name each of {', '.join(SEED_DOCS)} once, "
                             f"not {', '.join(names)}")
    return {d.doc: d for d in sorted(items, key=lambda d: d.doc)}


def title_of(name: str) -> str:
    """The title of a source document, or its file name when it is not one of the five."""
    document = documents().get(name)
    return document.title if document is not None else name
