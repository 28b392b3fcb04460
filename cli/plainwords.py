"""Report parts in the words a person reads: no raw keys, rule ids or internal names.

The table, the Markdown and HTML reports and the interview's result screen say
what is still unknown, what triggered a referral reason, how certain a finding
is, the disposition (how soon, whom to see) and the safety net through these
functions; only the JSON formats, the trace, ``sorewhy rules`` and a report's
appendix name keys and rule ids.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from sorewhy.engine.certainty import in_words

UNKNOWN_SHOWN: int = 3
"""How many unknown answers a report names in words (the ones that would change the
most: the report's ``unknown`` comes most consequential first); the rest are counted."""

KEY_QUESTIONS: dict[str, str] = {
    "age": "your age",
    "sex": "your sex",
    "symptoms": "what you feel (for example a swollen calf, dark urine or chest pain)",
    "locations": "where it hurts",
    "timing": "when it happens",
    "duration_days": "how long it has lasted",
    "severity": "how bad it is",
    "improves_with_rest": "whether it gets better with rest",
    "recent_injury": "whether it began with an injury or a sudden movement",
    "one_sided": "whether only one arm or leg is affected",
    "medications": "which medicines you take",
    "conditions": "any condition a doctor has diagnosed",
    "diet": "what kind of diet you follow",
    "low_intake": "which foods you rarely or never eat",
    "alcohol": "how much alcohol you drink",
    "exercise_load": "how much you exercise",
    "exercise_hours": "how long a usual exercise session lasts",
    "hot_environment": "whether you train in heat",
    "heavy_sweating": "whether you sweat heavily",
    "exercise_water_l_per_hour": "how much plain water you drink while exercising",
    "electrolyte_drinks": "whether you replace salts when you exercise",
    "fluid_losses": "recent vomiting or diarrhoea",
    "daily_fluid_intake": "how much you drink in a day",
    "sun_exposure": "how much time you spend in daylight",
    "darker_skin": "whether you have darker skin",
    "high_latitude": "whether you live far from the equator",
    "onset": "whether it began suddenly or gradually",
    "course": "whether it is getting better or worse",
    "new_exercise": "whether it followed new or harder exercise",
    "clot_risks": "anything that makes a blood clot more likely (a long journey, an operation, pregnancy, the pill)",
    "smoker": "whether you smoke",
    "supplements": "which supplements you already take",
}
"""Each key of the facts vocabulary as the thing still to find out, in words."""

SYMPTOM_WORDS: dict[str, str] = {
    "calf_swelling": "a swollen calf",
    "chest_pain": "chest pain",
    "dark_urine": "dark urine",
    "irregular_heartbeat": "an irregular heartbeat",
    "bone_pain": "bone pain",
    "balance_problems": "balance problems",
    "pale_skin": "pale skin",
    "brittle_nails": "brittle nails",
    "restless_legs": "restless legs",
    "mood_changes": "mood changes",
    "slow_recovery": "slow recovery after exercise",
    "wobbliness": "feeling wobbly or shaky",
    "unwell": "feeling generally unwell",
    "pain_on_walking": "leg pain on walking that eases when you stop",
    "radiating_pain": "pain shooting down a leg",
    "spreading_weakness": "weakness that is spreading or getting worse",
    "tense_swelling": "a tense, swollen, very painful muscle",
    "cold_intolerance": "feeling the cold more than others",
    "bladder_bowel_problems": "new problems controlling your bladder or bowels",
    "long_travel": "a long journey",
    "leg_cast": "a leg in a cast",
    "pregnancy_or_postpartum": "pregnancy or a recent birth",
    "oestrogen": "the combined pill or HRT",
    "previous_clot": "an earlier blood clot",
    "vitamin_d": "vitamin D",
    "vitamin_b12": "vitamin B12",
    "b_complex": "B vitamins",
}

DISPOSITION_HEADLINES: dict[str, str] = {
    "emergency_now": "Call an ambulance now",
    "urgent_today": "Get medical help today",
    "doctor_soon": "See a doctor within a few days",
    "doctor_routine": "Book an appointment with a doctor",
    "self_care": "Look after yourself",
}
"""The headline of each disposition (``referral.disposition``)."""

SEE_WORDS: dict[str, str] = {
    "emergency_department": "an emergency department (A&E)",
    "gp": "a GP (your family doctor)",
    "pharmacist": "a pharmacist, for a review of your medicines",
}
"""Whom to see (``referral.see``), in words."""

LEVEL_HEADLINES: dict[str, str] = {
    "self_care": "Look after yourself",
    "see_doctor": "See a doctor",
    "urgent": "Seek medical care now",
}


def word(value: Any) -> str:
    """One vocabulary value in words: ``after exercise``, ``a swollen calf``."""
    text = str(value)
    return SYMPTOM_WORDS.get(text, text.replace("_", " "))


def join_words(items: Sequence[str]) -> str:
    """``a, b and c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@functools.cache
def _labs() -> dict[str, Any]:
    """Each analyte's knowledge, under its unit-free and its unit-suffixed key."""
    from sorewhy.knowledge import load

    out: dict[str, Any] = {}
    for lab in load().labs.values():
        out[lab.analyte] = lab
        out[lab.key] = lab
    return out


def lab_name(key: str) -> str:
    """``vitamin D`` for ``vitamin_d_25oh``, ``labs.vitamin_d_25oh`` or
    ``labs.vitamin_d_25oh_ng_ml``."""
    key = key[5:] if key.startswith("labs.") else key
    lab = _labs().get(key)
    return str(lab.name) if lab is not None else key.replace("_", " ")


def unknown_phrases(keys: Sequence[str]) -> list[str]:
    """The report's ``unknown`` keys as things to find out, in its order (most
    consequential first); the blood tests among them as one item, where the
    first of them stood."""
    out: list[str] = []
    tests: list[str] = []
    at = -1
    for key in keys:
        if key.startswith("labs."):
            if at < 0:
                at = len(out)
            tests.append(lab_name(key))
        else:
            out.append(KEY_QUESTIONS.get(key, key.replace("_", " ")))
    if tests:
        out.insert(at, ("a blood test of " if len(tests) == 1 else "blood tests of ") + join_words(tests))
    return out


def unknown_summary(keys: Sequence[str], shown: int = UNKNOWN_SHOWN) -> tuple[list[str], int]:
    """The first `shown` things still to find out, in words, and how many more there are."""
    phrases = unknown_phrases(keys)
    return phrases[:shown], max(0, len(phrases) - shown)


def unknown_line(keys: Sequence[str], more: str = "in the JSON report") -> str:
    """``how long it has lasted; which medicines you take; your age (and 5 more, in the JSON report)``."""
    first, rest = unknown_summary(keys)
    text = "; ".join(first)
    return f"{text} (and {rest} more, {more})" if rest else text


def _days(n: Any) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _value(value: Any) -> list[str]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return [word(v) for v in value]
    return [word(value)]


def _medicine_words(classes: Sequence[Any]) -> str:
    from sorewhy.knowledge import load

    drugs = getattr(load(), "drug_classes", None) or {}
    names = []
    for c in classes:
        info = drugs.get(str(c)) if hasattr(drugs, "get") else None
        label = getattr(info, "label", None) if info is not None else None
        name = str(label) if label else word(c)
        names.append(f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}")
    return join_words(names)


def trigger_phrases(triggered_by: Mapping[str, Any]) -> list[str]:
    """What of the person triggered a referral reason, in words:
    ``{"duration_days": 30}`` -> ``["it has lasted 30 days"]``."""
    out: list[str] = []
    for key, value in triggered_by.items():
        if key.startswith("labs."):
            lab = _labs().get(key[5:])
            unit = f" {lab.unit}" if lab is not None else ""
            number = f"{value:g}" if isinstance(value, float) else str(value)
            out.append(f"your {lab_name(key)} result ({number}{unit})")
        elif key == "duration_days":
            out.append(f"it has lasted {_days(value)}")
        elif key == "symptoms":
            out.append("you have " + join_words(_value(value)))
        elif key == "one_sided":
            out.append("on one side only" if value else "on both sides")
        elif key == "improves_with_rest":
            out.append("it gets better with rest" if value else "it does not get better with rest")
        elif key == "severity":
            out.append(f"it is {word(value)}")
        elif key == "medications":
            out.append("you take " + _medicine_words(value if isinstance(value, (list, tuple)) else [value]))
        elif key == "conditions":
            out.append("diagnosed: " + join_words(_value(value)))
        elif key == "exercise_load":
            out.append(f"{word(value)} training")
        elif key == "exercise_water_l_per_hour":
            out.append(f"{value:g} litres of plain water an hour while exercising")
        elif key == "exercise_hours":
            out.append(f"sessions of {value:g} hours")
        elif key == "age":
            out.append(f"age {value}")
        elif key == "recent_injury":
            out.append("it began with an injury" if value else "no injury")
        elif key == "onset":
            out.append(f"it began {'suddenly' if value == 'sudden' else 'gradually'}")
        elif key == "course":
            out.append({"worsening": "it is getting worse", "improving": "it is getting better"}.get(
                str(value), "it is about the same"))
        elif key == "new_exercise":
            out.append("it followed new or harder exercise" if value else "no new or harder exercise")
        elif key == "smoker":
            out.append("you smoke" if value else "you do not smoke")
        elif key == "clot_risks":
            out.append("a clot risk: " + join_words(_value(value)))
        elif key == "supplements":
            out.append("you already take " + join_words(_value(value)))
        else:
            label = KEY_QUESTIONS.get(key, key.replace("_", " "))
            out.append(f"{label}: {join_words(_value(value))}")
    return out


def reason_words(reason: Mapping[str, Any]) -> str:
    """A referral reason for a person: what triggered it, then its claim."""
    says = " ".join(str(reason.get("says") or "").split())
    triggered = reason.get("triggered_by") or {}
    # A blood result's rule names the result and its band itself; symptoms lead.
    ordered = {k: triggered[k] for k in sorted(triggered, key=lambda k: (k != "symptoms", k))
               if not k.startswith("labs.")}
    trigger = trigger_phrases(ordered)
    if not trigger:
        return says
    return f"{'; '.join(trigger)}: {says[0].lower() + says[1:] if says[:2].istitle() else says}"


def reasons_line(reasons: Sequence[Mapping[str, Any]]) -> str:
    """Every referral reason in a few words, for a short screen: what triggered
    each (its claim when nothing of the person did), each said once."""
    out: list[str] = []
    for reason in reasons:
        triggered = reason.get("triggered_by") or {}
        ordered = {k: triggered[k] for k in sorted(triggered, key=lambda k: (k != "symptoms", k))
                   if not k.startswith("labs.")}
        says = " ".join(str(reason.get("says") or "").split())
        if any(k.startswith("labs.") for k in triggered):
            # A blood result's rule starts with the result and its band: "potassium 3.1 mmol/L: low."
            phrases = [says.split(". ", 1)[0].rstrip(".")] + trigger_phrases(ordered)
        else:
            phrases = trigger_phrases(ordered) or [says.rstrip(".")]
        out.extend(p for p in phrases if p and p not in out)
    return "; ".join(out)


def certainty_words(certainty: float) -> str:
    """``weak certainty, 0.46``: the certainty in words with the number once."""
    return f"{in_words(certainty)} certainty, {certainty:.2f}"


def finding_words(finding: Mapping[str, Any]) -> str:
    """``Calcium deficiency (weak certainty, 0.46)``."""
    return f"{finding.get('label')} ({certainty_words(float(finding.get('certainty', 0)))})"


def headline(referral: Mapping[str, Any]) -> str:
    """The referral's headline: the disposition's when the report has one, else the level's."""
    disposition = referral.get("disposition")
    if disposition in DISPOSITION_HEADLINES:
        return DISPOSITION_HEADLINES[str(disposition)]
    level = str(referral.get("level", "self_care"))
    return LEVEL_HEADLINES.get(level, level.replace("_", " "))


def when_and_who(referral: Mapping[str, Any]) -> str:
    """``When: today. Who: a GP (your family doctor).``, from ``referral.timeframe``
    and ``referral.see`` when the report has them; empty otherwise."""
    parts = []
    timeframe = referral.get("timeframe")
    if timeframe:
        text = " ".join(str(timeframe).split()).rstrip(".")
        parts.append(f"When: {text}.")
    see = referral.get("see")
    if see:
        parts.append(f"Who: {SEE_WORDS.get(str(see), word(see))}.")
    return " ".join(parts)


def safety_net_lines(report: Mapping[str, Any]) -> list[str]:
    """The safety net (``safety_net``), one line per item: ``when: do``."""
    out: list[str] = []
    for item in report.get("safety_net") or []:
        when = " ".join(str(item.get("when") or "").split()).rstrip(".:")
        do = " ".join(str(item.get("do") or "").split())
        line = f"{when}: {do[0].lower() + do[1:] if do[:2].istitle() else do}" if when and do else (when or do)
        if line and line not in out:
            out.append(line)
    return out


def lab_band_sentence(result: Mapping[str, Any]) -> str:
    """``Your potassium 3.1 mmol/L is low.``: a result the report already has, in words."""
    analyte = str(result.get("analyte") or "")
    name = lab_name(analyte) if analyte else str(result.get("label") or "result")
    value = result.get("value")
    number = f"{value:g}" if isinstance(value, float) else str(value)
    unit = f" {result.get('unit')}" if result.get("unit") else ""
    band = str(result.get("band_label") or result.get("band") or "").replace("_", " ")
    band = "in the normal range" if band == "normal" else band
    return f"Your {name} {number}{unit} is {band}." if band else f"Your {name} is {number}{unit}."


def given_results(report: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    """The blood results the report has (``labs_read``), by the finding each bears on."""
    out: dict[str, list[Mapping[str, Any]]] = {}
    for result in report.get("labs_read") or []:
        lab = _labs().get(str(result.get("analyte")))
        finding = getattr(lab, "finding", None) if lab is not None else None
        if finding:
            out.setdefault(str(finding), []).append(result)
    return out


def all_results_normal(report: Mapping[str, Any]) -> bool:
    """True when the report has blood results and every one is in its normal range."""
    results = report.get("labs_read") or []
    return bool(results) and all(r.get("band") == "normal" for r in results)


__all__ = [
    "DISPOSITION_HEADLINES", "KEY_QUESTIONS", "SEE_WORDS", "UNKNOWN_SHOWN", "all_results_normal",
    "certainty_words", "finding_words", "given_results", "headline", "join_words", "lab_band_sentence",
    "lab_name", "reason_words", "reasons_line", "safety_net_lines", "trigger_phrases", "unknown_line",
    "unknown_phrases", "unknown_summary", "when_and_who", "word",
]
