"""Helpers the tests share (importable by name: tests/conftest.py puts this
folder on sys.path). One copy each, instead of one per test module."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

DOMS_LIKE: dict[str, Any] = {
    "symptoms": ["soreness"],
    "timing": ["after_exercise"],
    "improves_with_rest": True,
    "duration_days": 2,
    "exercise_load": "intense",
    "severity": "mild",
    "locations": ["thighs"],
}
"""Ordinary soreness after a hard workout: on its own, self-care."""

# The person each nutrient's scenario tests start from (tests/rules/test_<topic>.py),
# shared with the blood-result tests (tests/rules/test_labs.py), where a normal
# result for that nutrient must drop the finding the person suggests.

VEGAN_TINGLING_FEET: dict[str, Any] = {
    "diet": "vegan",
    "symptoms": ["tingling", "fatigue"],
    "locations": ["feet"],
}
"""Suggests vitamin B12."""

ANEMIA_PALE_NAILS: dict[str, Any] = {
    "conditions": ["anemia"],
    "symptoms": ["pale_skin", "brittle_nails", "fatigue"],
}
"""Suggests iron."""

LOW_SUN_BONE_PAIN: dict[str, Any] = {
    "sun_exposure": "low",
    "darker_skin": True,
    "symptoms": ["bone_pain", "aches", "weakness"],
    "locations": ["thighs"],
}
"""Suggests vitamin D."""

DIURETIC_LEG_CRAMPS: dict[str, Any] = {"medications": ["hydrochlorothiazide"], "symptoms": ["cramps"],
                                       "locations": ["calves"]}
"""Suggests potassium."""

LOW_DAIRY_CRAMPS: dict[str, Any] = {"low_intake": ["dairy"], "symptoms": ["cramps", "tingling"]}
"""Suggests calcium."""

MARATHON_IN_HEAT: dict[str, Any] = {
    "age": 34,
    "exercise_load": "intense",
    "exercise_hours": 4,
    "hot_environment": True,
    "heavy_sweating": True,
    "exercise_water_l_per_hour": 1.5,
}
"""Overdrinking in a long race in the heat: suggests sodium."""


class Tty(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Console:
    """What the interview talks to in a test: it keeps every line printed,
    ends the interview at the ``how>`` prompt (end of input), and answers
    every other prompt with :meth:`reply`."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def echo(self, text: str) -> None:
        self.lines.append(text)

    def read(self, prompt: str) -> str:
        if prompt.startswith("how"):
            raise EOFError
        return self.reply(prompt)

    def reply(self, prompt: str) -> str:
        """The answer to `prompt`: Enter (don't know) unless a subclass knows better."""
        return ""

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


def finding(report: dict[str, Any], finding_id: str) -> dict[str, Any] | None:
    """The report's finding `finding_id`, or None."""
    return next((f for f in report["findings"] if f["id"] == finding_id), None)


def certainty(report: dict[str, Any], finding_id: str) -> float:
    """The certainty of finding `finding_id` (0 when it is not in the report)."""
    found = finding(report, finding_id)
    return found["certainty"] if found else 0.0


def evidence_rules(report: dict[str, Any], finding_id: str) -> set[str]:
    """The rules giving evidence for finding `finding_id`."""
    found = finding(report, finding_id)
    return {e["rule"] for e in found["evidence"]} if found else set()


def reasons(report: dict[str, Any]) -> list[str]:
    """The rules behind the report's referral."""
    return [reason["rule"] for reason in report["referral"]["reasons"]]


def profile_generator() -> Any:
    """benchmarks/profiles.py (the benchmark's profile generator), loaded by path."""
    spec = importlib.util.spec_from_file_location("profiles", ROOT / "benchmarks" / "profiles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fixture_profiles() -> list[dict[str, Any]]:
    """Every profile of every rule fixture (rules/fixtures/*.yaml), fires and
    not_fires, in file order: what the matchers and the compact rows are
    compared on."""
    from importlib import resources

    import yaml

    out: list[dict[str, Any]] = []
    folder = resources.files("sorewhy.rules").joinpath("fixtures")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            for cases in (yaml.safe_load(item.read_text(encoding="utf-8")) or {}).values():
                out += cases.get("fires", []) + cases.get("not_fires", [])
    return out


def evaluator_with_rule_changed(rule_id: str, *patterns: Any) -> Any:
    """An Evaluator whose rule base is the shipped one with one rule's
    conditions replaced by `patterns` (its id, effects, sources and salience
    kept): how a knowledge engineer's edit of that rule would behave. The
    rule base is built as the engine builds it (rules/__init__.py: one
    attribute per rule on RuleSet, which SorewhyEngine inherits), with that
    attribute overridden in a subclass; everything is evaluated on that
    engine's Rete network."""
    from sorewhy.engine import Evaluator
    from sorewhy.engine.core import SorewhyEngine
    from sorewhy.rules.base import REGISTRY

    attribute = "rule_" + rule_id.replace(".", "__").replace("-", "_")
    original = REGISTRY[rule_id]
    changed = type("ChangedEngine", (SorewhyEngine,), {attribute: original.new_conditions(*patterns)})
    evaluator = Evaluator(matcher="rete")
    evaluator.engine = changed()
    return evaluator
