"""A simulated patient for the interview, in-process: answers each question
from a facts profile it knows exactly (a key it does not know: don't know),
and the realistic cases it is measured on (the documents' example profiles in
examples/ and the end-to-end cases of tests/e2e/test_profiles.py)."""

from __future__ import annotations

import importlib.util
import random
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import Console

from sorewhy.cli.session import Interview
from sorewhy.engine.certainty import considered
from sorewhy.engine.questions import GATE_KEY, QuestionBook

ROOT = Path(__file__).resolve().parents[2]


def realistic_cases() -> dict[str, dict[str, Any]]:
    """Case id -> facts: every e2e case (examples/ profiles and their variants)."""
    spec = importlib.util.spec_from_file_location("_e2e_profiles", ROOT / "tests" / "e2e" / "test_profiles.py")
    module = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    if spec.name not in sys.modules:
        sys.modules[spec.name] = module  # dataclasses look their module up there
        assert spec.loader is not None
        spec.loader.exec_module(module)
    out = {pid: dict(p) for pid, p in module.PROFILES.items()}
    for case in module.CASES:
        out.setdefault(case.id, dict(case.profile))
    return out


def hide(facts: dict[str, Any], rate: float, seed: int, cid: str) -> dict[str, Any]:
    """The facts without round(rate x n) of their n keys (a blood result counts as one), seeded."""
    keys = [k for k in facts if k != "labs"] + [f"labs.{k}" for k in facts.get("labs") or {}]
    rng = random.Random(f"{seed}:{cid}")
    hidden = set(rng.sample(sorted(keys), round(rate * len(keys)))) if rate else set()
    out = {k: v for k, v in facts.items() if k not in hidden and k != "labs"}
    labs = {k: v for k, v in (facts.get("labs") or {}).items() if f"labs.{k}" not in hidden}
    if labs:
        out["labs"] = labs
    return out


class Patient(Console):
    """Types the answers a person who knows exactly `facts` would type."""

    def __init__(self, facts: dict[str, Any]) -> None:
        super().__init__()
        self.facts = facts
        self.session: Interview | None = None
        self.asked: list[str] = []

    def reply(self, prompt: str) -> str:
        assert self.session is not None
        q = self.session.current
        assert q is not None and len(self.asked) < 80, "the interview does not end"
        self.asked.append(q.id)
        if q.key == GATE_KEY:  # every result at once, as "name value unit"
            labs = self.facts.get("labs") or {}
            return ", ".join(f"{name} {_lab_answer(labs, key)}" for name, key in _lab_names(labs))
        if q.is_lab:
            return _lab_answer(self.facts.get("labs") or {}, q.key[5:])
        value = self.facts.get(q.key)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            if q.kind == "list":
                picks = [v for v in value if v in q.choices]
                return ", ".join(picks) if picks else "none"
            return ", ".join(value) if value else "none"
        return str(value)


def _lab_names(labs: dict[str, Any]) -> list[tuple[str, str]]:
    """(the analyte's name as people write it, its unit-suffixed key) of each result given."""
    from sorewhy.knowledge import load as load_knowledge

    out = []
    for lab in load_knowledge().labs.values():
        if lab.key in labs or lab.analyte in labs:
            out.append((lab.name, lab.key))
    return out


def _lab_answer(labs: dict[str, Any], key: str) -> str:
    """What a person types for one blood result, whichever key the facts give
    it under: a number in the question's unit, or the value with its unit."""
    from sorewhy.knowledge import load as load_knowledge

    lab = load_knowledge().labs[key]
    value = labs.get(key, labs.get(lab.analyte))
    if isinstance(value, dict):
        return f"{value['value']} {value['unit']}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value} {lab.unit}"  # the unit it is in, as a laboratory prints it
    return "" if value is None else str(value)


@dataclass
class Run:
    case: str
    asked: list[str]
    report: dict[str, Any]
    saved: dict[str, Any]
    expected: dict[str, Any]

    @property
    def referral_agrees(self) -> bool:
        return self.report["referral"]["level"] == self.expected["referral"]["level"]

    @property
    def top3_overlap(self) -> float:
        # the leading findings as top_1-top_3 count them (#20: under CONSIDER_THRESHOLD is not counted)
        a = [f["id"] for f in self.report["findings"] if considered(f["certainty"])][:3]
        b = [f["id"] for f in self.expected["findings"] if considered(f["certainty"])][:3]
        return 1.0 if not a and not b else len(set(a) & set(b)) / max(len(a), len(b))


def interview(book: QuestionBook, cid: str, facts: dict[str, Any], evaluator: Any) -> Run:
    """One interview of one simulated patient, to its result."""
    patient = Patient(facts)
    session = Interview(book, read=patient.read, echo=patient.echo)
    session.engine._evaluator = evaluator  # share one engine between cases
    patient.session = session
    session.ask_all()
    report = session.evaluate()
    return Run(cid, patient.asked, report, session.answers.profile(), evaluator.evaluate(facts, cid))


def summary(runs: list[Run]) -> dict[str, float]:
    return {"median_questions": statistics.median(len(r.asked) for r in runs),
            "max_questions": max(len(r.asked) for r in runs),
            "referral_agrees": sum(r.referral_agrees for r in runs) / len(runs),
            "top3_overlap": sum(r.top3_overlap for r in runs) / len(runs)}
