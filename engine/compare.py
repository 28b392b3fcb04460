"""Compare two sets of reports of the same profiles (`sorewhy compare`, #25):
what a change to the rule base (or to the facts) did to each person.

Both files are read as `sorewhy summarize` reads them (engine/summary.py:
JSON or JSON Lines reports, compact CSV or Parquet rows) and matched by the
profile's ``id`` (an id given twice in one file is matched by its order among
its repeats). A profile *differs* when its disposition, its referral level,
its leading findings (the first three at a certainty that counts, as compact
rows hold them), whether it could be evaluated, or the rules that fired for
it differ; or when it is in one file only.

The rules that fired are in every full report (``fired``). Compact rows do not
carry them: they hold only the rules the referral gives as its reasons
(``referral_reasons``), so with a compact file on either side the rules compared are
those, and the result says so (:attr:`Comparison.rules_compared`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "Comparison", "ProfileChange", "compare_files", "compare_rows"]

KINDS = ("disposition", "referral", "leading", "error", "rules", "only_before", "only_after")
"""The kinds of change, in the order they are counted."""
KIND_WORDS = {
    "disposition": "disposition",
    "referral": "referral level",
    "leading": "leading findings",
    "error": "evaluated / error",
    "rules": "rules fired",
    "only_before": "only in BEFORE",
    "only_after": "only in AFTER",
}


@dataclass
class ProfileChange:
    """How one profile's reports differ."""

    id: str
    kinds: list[str] = field(default_factory=list)
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    rules_only_before: list[str] = field(default_factory=list)
    """Rules that fired (or gave a reason) before and no longer do."""
    rules_only_after: list[str] = field(default_factory=list)
    """Rules that fire (or give a reason) now and did not before."""

    def line(self) -> str:
        parts: list[str] = []
        if "only_before" in self.kinds:
            return f"{self.id}: only in BEFORE"
        if "only_after" in self.kinds:
            return f"{self.id}: only in AFTER"
        if "error" in self.kinds:
            parts.append("error " + " -> ".join(_word(side.get("error"), "none") for side in (self.before,
                                                                                                 self.after)))
        for kind, key in (("disposition", "disposition"), ("referral", "referral")):
            if kind in self.kinds:
                parts.append(f"{KIND_WORDS[kind]} {_word(self.before.get(key))} -> {_word(self.after.get(key))}")
        if "leading" in self.kinds:
            parts.append(f"leading {_word(', '.join(self.before['leading']))} -> "
                         f"{_word(', '.join(self.after['leading']))}")
        rules = [f"-{r}" for r in self.rules_only_before] + [f"+{r}" for r in self.rules_only_after]
        if rules:
            parts.append("rules " + " ".join(rules))
        return f"{self.id}: " + "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kinds": self.kinds, "before": self.before, "after": self.after,
                "rules_only_before": self.rules_only_before, "rules_only_after": self.rules_only_after}


def _word(value: Any, empty: str = "-") -> str:
    return str(value) if value not in (None, "") else empty


@dataclass
class Comparison:
    """The profiles that differ between two report files, and counts."""

    profiles_before: int = 0
    profiles_after: int = 0
    matched: int = 0
    changes: list[ProfileChange] = field(default_factory=list)
    rules_compared: str = "fired"
    """``fired`` (every rule that fired) or ``referral_reasons`` (a compact
    file on either side: only the rules the referral gives as reasons)."""
    rule_base_before: list[dict[str, Any]] = field(default_factory=list)
    rule_base_after: list[dict[str, Any]] = field(default_factory=list)
    """The distinct rule-base stamps of each side's reports (full reports only)."""

    @property
    def differs(self) -> bool:
        return bool(self.changes)

    def counts(self) -> dict[str, int]:
        counter = Counter(kind for change in self.changes for kind in change.kinds)
        return {kind: counter.get(kind, 0) for kind in KINDS}

    def rule_counts(self) -> dict[str, dict[str, int]]:
        """Rule id -> in how many changed profiles it stopped and started firing."""
        out: dict[str, dict[str, int]] = {}
        for change in self.changes:
            for rid in change.rules_only_before:
                out.setdefault(rid, {"stopped": 0, "started": 0})["stopped"] += 1
            for rid in change.rules_only_after:
                out.setdefault(rid, {"stopped": 0, "started": 0})["started"] += 1
        return dict(sorted(out.items(), key=lambda item: (-sum(item[1].values()), item[0])))

    def count_line(self) -> str:
        counts = self.counts()
        n = len(self.changes)
        kinds = ", ".join(f"{counts[k]} {KIND_WORDS[k]}" for k in KINDS)
        return f"{n} of {max(self.profiles_before, self.profiles_after)} profiles differ: {kinds}"

    def as_dict(self) -> dict[str, Any]:
        return {"profiles_before": self.profiles_before, "profiles_after": self.profiles_after,
                "matched": self.matched, "differ": len(self.changes), "counts": self.counts(),
                "rules_compared": self.rules_compared, "rules": self.rule_counts(),
                "rule_base_before": self.rule_base_before, "rule_base_after": self.rule_base_after,
                "changes": [c.as_dict() for c in self.changes]}


def _keyed(rows: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    out: dict[str, Mapping[str, Any]] = {}
    seen: Counter = Counter()
    for row in rows:
        pid = str(row.get("id"))
        seen[pid] += 1
        out[pid if seen[pid] == 1 else f"{pid}#{seen[pid]}"] = row
    return out


def _outcome(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"disposition": row.get("disposition"), "referral": row.get("referral"),
            "leading": [row[f"top_{n}"] for n in (1, 2, 3) if row.get(f"top_{n}")],
            "error": row.get("error") or None}


def _rules(row: Mapping[str, Any], fired: bool) -> list[str]:
    if fired:
        return list(row.get("fired") or [])
    return [r for r in (row.get("referral_reasons") or "").split(";") if r]


def _stamps(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in rows:
        stamp = row.get("rule_base")
        if isinstance(stamp, Mapping) and dict(stamp) not in out:
            out.append(dict(stamp))
    return out


def compare_rows(before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]]) -> Comparison:
    """Compare two sequences of rows (engine/summary.py ``read_rows``, with
    ``with_fired=True`` for full reports)."""
    old, new = _keyed(before), _keyed(after)
    fired = all("fired" in row for row in (*old.values(), *new.values()))
    result = Comparison(profiles_before=len(old), profiles_after=len(new),
                        rules_compared="fired" if fired else "referral_reasons",
                        rule_base_before=_stamps(old.values()), rule_base_after=_stamps(new.values()))
    for pid, row in old.items():
        if pid not in new:
            result.changes.append(ProfileChange(pid, ["only_before"], before=_outcome(row)))
            continue
        result.matched += 1
        other = new[pid]
        a, b = _outcome(row), _outcome(other)
        change = ProfileChange(pid, before=a, after=b)
        if bool(a["error"]) != bool(b["error"]):
            change.kinds.append("error")
        for kind in ("disposition", "referral", "leading"):
            if a[kind] != b[kind]:
                change.kinds.append(kind)
        was, now = _rules(row, fired), _rules(other, fired)
        change.rules_only_before = [r for r in was if r not in now]
        change.rules_only_after = [r for r in now if r not in was]
        if change.rules_only_before or change.rules_only_after:
            change.kinds.append("rules")
        if change.kinds:
            result.changes.append(change)
    for pid, row in new.items():
        if pid not in old:
            result.changes.append(ProfileChange(pid, ["only_after"], after=_outcome(row)))
    return result


def compare_files(before: str, after: str) -> Comparison:
    """Compare two report files; :class:`~sorewhy.engine.compact.CompactFileError`
    names a file that cannot be read as reports."""
    from sorewhy.engine.summary import read_rows

    return compare_rows(list(read_rows(before, with_fired=True)), list(read_rows(after, with_fired=True)))
