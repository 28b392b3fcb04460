"""Values of the facts vocabulary as people type them.

One job: read a typed word as a value of an enumerated key when it names one
without doubt, whatever its case, spacing, singular or plural (``Calf``,
``calfs`` -> ``calves``), or an everyday word or misspelling listed in
``knowledge/words.yaml`` (``F`` -> ``female``, ``pins and needles`` ->
``tingling``); and, when it names none, the nearest value to suggest. The
interview's answers and the facts files both read values through here, so
what one accepts the other does.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import Words, normalise_word, words


@functools.cache
def vocabulary_words() -> Words:
    """``knowledge/words.yaml``, checked against the facts vocabulary (which
    lives in this layer, :mod:`sorewhy.engine.profile`): every key an
    enumerated key, every word read as one of its values and not itself one."""
    from sorewhy.engine.profile import FACT_KEYS, enum_values

    table = words()
    for key, entries in table.values.items():
        allowed = enum_values(key) if key in FACT_KEYS else ()
        if not allowed:
            raise KnowledgeError(f"knowledge/words.yaml: values: {key!r} is not an enumerated key of the facts "
                                 "vocabulary")
        for word, value in entries.items():
            if value not in allowed:
                raise KnowledgeError(f"knowledge/words.yaml: values.{key}.{word}: {value!r} is not a value of "
                                     f"{key!r} (allowed: {', '.join(allowed)})")
            if word in allowed:
                raise KnowledgeError(f"knowledge/words.yaml: values.{key}.{word}: {word!r} is itself a value of "
                                     f"{key!r}")
    return table


def _forms(word: str) -> list[str]:
    """The word and its other number: singular for plural and plural for
    singular, as English forms them (calf/calves, ache/aches, body/bodies)."""
    out = [word]
    if word.endswith("ves"):
        out += [word[:-3] + "f", word[:-3] + "fe"]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    else:
        out += [word + "s", word + "es"]
        if word.endswith("f"):
            out.append(word[:-1] + "ves")
        if word.endswith("fe"):
            out.append(word[:-2] + "ves")
        if word.endswith("y"):
            out.append(word[:-1] + "ies")
    return out


@functools.cache
def _table(key: str) -> dict[str, str]:
    return dict(vocabulary_words().values.get(key, {}))


def read_value(key: str, text: str, among: Iterable[str] | None = None) -> str | None:
    """The value of `key` that `text` names, or None when it names none or
    more than one. `among` narrows the values (a question that offers only
    some of them); by default every value of the key."""
    from sorewhy.engine.profile import enum_values

    values = tuple(among) if among is not None else enum_values(key)
    word = normalise_word(text)
    if not word:
        return None
    if word in values:
        return word
    table = _table(key)
    found: list[str] = []
    for form in _forms(word):
        for value in (form if form in values else None, table.get(form)):
            if value is not None and value in values and value not in found:
                found.append(value)
    return found[0] if len(found) == 1 else None


def nearest(key: str, text: str, among: Iterable[str] | None = None) -> str | None:
    """The value of `key` closest to `text` in spelling (to suggest, never to
    take without asking), or None when none is close."""
    from sorewhy.engine.profile import enum_values

    values = tuple(among) if among is not None else enum_values(key)
    word = normalise_word(text)
    if not word or not values:
        return None
    spellings = {v: v for v in values}
    spellings.update({w: v for w, v in _table(key).items() if v in values})
    close = difflib.get_close_matches(word, list(spellings), n=1, cutoff=0.6)
    if close:
        return spellings[close[0]]
    # A word that only starts or ends like one value (`calf` in `calf_muscles`).
    hits = {v for w, v in spellings.items() if len(word) >= 3 and (w in word or word in w)}
    return hits.pop() if len(hits) == 1 else None


__all__ = ["nearest", "read_value"]
