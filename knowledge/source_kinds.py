"""What kind of source each citation is (#25): a general-audience article
(the five source documents), a health service or national guideline page, a
national health institute's reference page, a laboratory reference range, a
regulator's drug text or a drug formulary.

The kind of a public reference is read from its URL by the table in
``knowledge/source_kinds.yaml`` (validated when first read: kinds and
host entries unique, every entry's kind listed), never written rule by rule.
A URL the table does not know is ``other``; `sorewhy rules check` reports the
rules that cite one (check ``source-kind``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sorewhy.errors import KnowledgeError

ARTICLE = "article"
"""The kind of the five source documents."""
OTHER = "other"
"""The kind of a reference whose URL the table does not know."""

Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceKind(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    label: Text
    """What the kind is, for a reader (``rules show``, the report's appendix)."""
    one: Text
    many: Text
    """How to count it: "1 health-service or guideline page", "2 ... pages"."""
    short: Text
    """Its name in a list of counts: "38 health-service or guideline, 2 formulary"."""

    def count(self, n: int) -> str:
        return f"{n} {self.one if n == 1 else self.many}"


class HostEntry(_Strict):
    host: Annotated[str, Field(pattern=r"^[a-z0-9.-]+$")]
    path: Annotated[str, Field(pattern=r"^/")] = "/"
    kind: Text
    publisher: Text


class SourceKinds(_Strict):
    kinds: list[SourceKind]
    hosts: list[HostEntry]

    @property
    def by_id(self) -> dict[str, SourceKind]:
        return {k.id: k for k in self.kinds}


def parse_source_kinds(data: Any, name: str = "knowledge/source_kinds.yaml") -> SourceKinds:
    """The table, validated; :class:`KnowledgeError` naming the file and what is wrong."""
    try:
        table = SourceKinds.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeError(f"{name} is invalid: {' '.join(str(exc).split())}") from None
    ids = [k.id for k in table.kinds]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise KnowledgeError(f"{name}: kind {twice[0]!r} is listed twice")
    for needed in (ARTICLE, OTHER):
        if needed not in ids:
            raise KnowledgeError(f"{name}: the kind {needed!r} must be listed")
    seen: set[tuple[str, str]] = set()
    for entry in table.hosts:
        if entry.kind not in ids:
            raise KnowledgeError(f"{name}: host {entry.host}{entry.path}: kind {entry.kind!r} is not one of "
                                 f"{', '.join(ids)}")
        if entry.kind in (ARTICLE, OTHER):
            raise KnowledgeError(f"{name}: host {entry.host}{entry.path}: kind {entry.kind!r} is not a kind a "
                                 "public reference can be given")
        key = (entry.host, entry.path)
        if key in seen:
            raise KnowledgeError(f"{name}: host {entry.host}{entry.path} is listed twice")
        seen.add(key)
    return table


@functools.cache
def source_kinds() -> SourceKinds:
    """The shipped table (read and validated once per process), through the
    one loader of the knowledge files."""
    from sorewhy.knowledge import read

    name = "knowledge/source_kinds.yaml"
    data = read("source_kinds.yaml")
    return parse_source_kinds(data, name)


@functools.cache
def kind_of_url(url: str) -> str:
    """The kind of a reference by its URL: the entry of its host with the
    longest path prefix of the URL's path; :data:`OTHER` when none matches."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path or "/"
    best: HostEntry | None = None
    for entry in source_kinds().hosts:
        if entry.host == host and path.startswith(entry.path) and (best is None or len(entry.path) > len(best.path)):
            best = entry
    return best.kind if best is not None else OTHER


def kind_of(source: Mapping[str, Any]) -> str:
    """The kind of a source as reports and `rules --format json` give it:
    ``{doc, section, quote}`` is an article, ``{ref, url}`` by its URL."""
    if source.get("doc"):
        return ARTICLE
    url = source.get("url")
    return kind_of_url(str(url)) if url else OTHER


def with_kind(source: Mapping[str, Any]) -> dict[str, Any]:
    """The source with its ``kind`` (a new dict)."""
    return {**source, "kind": kind_of(source)}


def label_of(kind: str) -> str:
    found = source_kinds().by_id.get(kind)
    return found.label if found is not None else kind


def source_key(source: Mapping[str, Any]) -> str:
    """What makes two citations one source: the document, or the URL."""
    return str(source.get("doc") or source.get("url") or source.get("ref") or "")


def count_kinds(sources: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many distinct sources of each kind (a document or a URL counted
    once however often it is cited), in the table's order of kinds."""
    seen: dict[str, str] = {}
    for source in sources:
        key = source_key(source)
        if key and key not in seen:
            seen[key] = source.get("kind") or kind_of(source)
    order = [k.id for k in source_kinds().kinds]
    counts = {kind: 0 for kind in order}
    for kind in seen.values():
        counts[kind] = counts.get(kind, 0) + 1
    return {kind: n for kind, n in counts.items() if n}


def rests_on_words(counts: Mapping[str, int]) -> str:
    """"2 health-service or guideline pages and 1 general-audience article"."""
    table = source_kinds().by_id
    parts = [table[k].count(n) if k in table else f"{n} {k}" for k, n in counts.items()]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


__all__ = ["ARTICLE", "OTHER", "SourceKind", "SourceKinds", "count_kinds", "kind_of", "kind_of_url", "label_of",
           "parse_source_kinds", "rests_on_words", "source_kinds", "with_kind"]
