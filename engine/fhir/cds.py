"""CDS Hooks 2.0 for sorewhy: the service descriptions (discovery), the
prefetch a hook needs, and the cards made from a report.

No web framework is imported here (engine/fhir/service.py serves it), so the
cards can be built and tested on their own.

A card never names a dose, a brand or a product: it says what the report
says in the rule base's own words (findings, their evidence and quoted
sources, the referral), names medicines by their class, and names what of
the record was not read by resource and element only (a coding's display can
hold a product and a strength). Every card carries the report's notice.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sorewhy.errors import printable

INDICATOR = {"urgent": "critical", "see_doctor": "warning", "self_care": "info"}
"""The card's indicator from the referral level."""
LEVEL_WORDS = {"urgent": "Urgent", "see_doctor": "See a doctor", "self_care": "Self care"}
SUMMARY_LIMIT = 140
MAX_FINDINGS = 3
"""The leading findings a card details."""

PATIENT_VIEW = "sorewhy-patient-view"
ORDER_SELECT = "sorewhy-order-select"

ORDER_CLASSES = ("thiazide_diuretic", "loop_diuretic", "potassium_sparing_diuretic", "statin",
                 "proton_pump_inhibitor", "corticosteroid", "isoniazid")
"""Drug classes whose ordering order-select answers: the diuretics, statins,
proton pump inhibitors, steroids and isoniazid (each can cause the muscle
symptoms or the deficiencies sorewhy reasons about)."""

RECORD_PREFETCH = ("patient", "observations", "medicationRequests", "medicationStatements", "conditions")
"""Prefetch keys whose absence matters: without them a medicine or a result
could be missed, so the service answers 412 rather than a partial card."""
OPTIONAL_PREFETCH = ("answers",)

OVERRIDE_SYSTEM = "urn:sorewhy:cds:override-reason"
OVERRIDE_REASONS = (
    ("already-assessed", "Already assessed by a clinician"),
    ("record-incomplete", "The record is incomplete or out of date"),
    ("not-relevant", "Not relevant to this patient now"),
)
SYMPTOM_KEYS = ("symptoms", "locations", "timing", "onset", "course", "duration_days", "severity",
                "improves_with_rest", "recent_injury", "one_sided", "new_exercise", "exercise_load",
                "diet", "fluid_losses", "clot_risks")
"""What a record rarely holds and the interview asks: the keys a card's link
to the questionnaire names when the report lists them as unknown."""


def prefetch_templates() -> dict[str, str]:
    """The prefetch of both hooks: the patient, the latest results of the
    analytes sorewhy reads, active medicines and conditions, and answers to
    sorewhy's questionnaire."""
    from sorewhy.engine.fhir.questionnaire import QUESTIONNAIRE_URL
    from sorewhy.knowledge import fhir_codes

    codes = fhir_codes()
    loinc = codes.systems["loinc"]
    wanted = ",".join(f"{loinc}|{lab.code}" for lab in codes.labs)
    patient = "{{context.patientId}}"
    return {
        "patient": f"Patient/{patient}",
        "observations": f"Observation?subject=Patient/{patient}&category=laboratory&code={wanted}&_sort=-date",
        "medicationRequests": f"MedicationRequest?subject=Patient/{patient}&status=active",
        "medicationStatements": f"MedicationStatement?subject=Patient/{patient}&status=active",
        "conditions": f"Condition?subject=Patient/{patient}&clinical-status=active",
        "answers": f"QuestionnaireResponse?subject=Patient/{patient}&questionnaire={QUESTIONNAIRE_URL}",
    }


def services() -> dict[str, Any]:
    """The discovery response (``GET /cds-services``)."""
    prefetch = prefetch_templates()
    return {"services": [
        {"hook": "patient-view", "id": PATIENT_VIEW, "title": "sorewhy: why are the muscles sore?",
         "description": "Reads the patient's blood results, medicines and conditions and says which nutrient "
                        "deficiencies or other causes may explain sore muscles, and how soon to see a doctor, "
                        "each traced to the rules and sources behind it. Not medical advice.",
         "prefetch": prefetch,
         "usageRequirements": "Needs the prefetch given; the symptoms come from sorewhy's questionnaire."},
        {"hook": "order-select", "id": ORDER_SELECT, "title": "sorewhy: muscle effects of the medicine ordered",
         "description": "When a diuretic, a statin, a proton pump inhibitor, a steroid or isoniazid is being "
                        "ordered: what sorewhy concludes about the patient's muscles with that medicine taken. "
                        "Not medical advice.",
         "prefetch": prefetch},
    ]}


# --- cards -------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md(text: Any) -> str:
    """Text made safe inside Markdown: one line, its markup characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(printable(str(text), 400).split()))


def _summary(report: Mapping[str, Any], prefix: str = "") -> str:
    referral = report.get("referral") or {}
    level = referral.get("level", "self_care")
    leading = [f["label"] for f in report.get("findings", [])[:2]]
    text = prefix + LEVEL_WORDS.get(level, level)
    if report.get("error"):
        text += ": the record could not be fully read"
    elif leading:
        text += ": " + "; ".join(leading)
    else:
        text += ": no cause found in the record"
    if len(text) > SUMMARY_LIMIT - 1:
        text = text[: SUMMARY_LIMIT - 2].rstrip() + "…"
    return text


def _source_line(source: Mapping[str, Any]) -> str:
    if "quote" in source:
        return f"> \"{md(source['quote'])}\" ({md(source.get('doc', ''))}, {md(source.get('section', ''))})"
    if "url" in source:
        return f"> [{md(source.get('ref', source['url']))}]({source['url']})"
    return ""


def _detail(report: Mapping[str, Any], ordered: Sequence[str] = ()) -> str:
    lines: list[str] = []
    referral = report.get("referral") or {}
    if ordered:
        lines += [f"Being ordered: {md(', '.join(ordered))}. What follows is with it taken.", ""]
    if referral:
        lines += [f"**Referral: {md(LEVEL_WORDS.get(referral.get('level', ''), referral.get('level', '')))}** "
                  f"({md(referral.get('timeframe', ''))}). {md(referral.get('advice', ''))}", ""]
        for reason in referral.get("reasons", [])[:MAX_FINDINGS]:
            lines.append(f"- {md(reason['says'])} (rule `{md(reason['rule'])}`)")
            lines += [f"  {line}" for s in reason.get("sources", []) if (line := _source_line(s))]
        lines.append("")
    if report.get("error"):
        lines += [f"**Not evaluated in full**: {md(report['error'])}", ""]
    findings = report.get("findings", [])[:MAX_FINDINGS]
    if findings:
        lines.append("**Leading findings**")
        for finding in findings:
            lines.append(f"- **{md(finding['label'])}** (certainty {finding['certainty']:.2f})")
            for item in finding.get("evidence", []):
                lines.append(f"  - {md(item['says'])} (rule `{md(item['rule'])}`)")
                lines += [f"    {line}" for s in item.get("sources", []) if (line := _source_line(s))]
        lines.append("")
    classes = sorted({m["class_label"] for m in report.get("medications_read", []) if m.get("class_label")})
    if classes:
        lines += [f"Medicines read, by class: {md(', '.join(classes))}.", ""]
    not_read = report.get("not_read") or []
    if not_read:
        named = ", ".join(f"{md(n['resource'])} ({md(n['element'])})" for n in not_read[:10])
        more = f" and {len(not_read) - 10} more" if len(not_read) > 10 else ""
        lines += [f"Not read from the record (never guessed): {named}{more}.", ""]
    lines.append(f"_{md(report.get('notice', ''))}_")
    return "\n".join(lines)


def _links(report: Mapping[str, Any], interview_url: str | None) -> list[dict[str, Any]]:
    if not interview_url:
        return []
    missing = [k for k in report.get("unknown", []) if k in SYMPTOM_KEYS]
    label = "Ask the patient what the record lacks (sorewhy questionnaire)"
    if missing:
        label = f"Ask the patient what the record lacks: {', '.join(k.replace('_', ' ') for k in missing[:4])}"
        if len(missing) > 4:
            label += ", ..."
    sep = "&" if "?" in interview_url else "?"
    url = interview_url + (f"{sep}ask={','.join(missing)}" if missing else "")
    return [{"label": label[:SUMMARY_LIMIT], "url": url, "type": "absolute"}]


def card(report: Mapping[str, Any], interview_url: str | None = None, ordered: Sequence[str] = (),
         prefix: str = "") -> dict[str, Any]:
    """One CDS Hooks card for one report."""
    referral = report.get("referral") or {}
    level = referral.get("level", "self_care")
    stamp = report.get("rule_base") or {}
    out: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": _summary(report, prefix),
        "indicator": INDICATOR.get(level, "info"),
        "detail": _detail(report, ordered),
        "source": {"label": f"sorewhy {stamp.get('version', '?')} rule base sha256 {stamp.get('sha256', '?')[:12]}",
                   "topic": {"system": "urn:sorewhy:cds:topic", "code": "muscle-symptoms",
                             "display": "Sore muscles: possible causes and referral"}},
        "overrideReasons": [{"system": OVERRIDE_SYSTEM, "code": code, "display": display}
                            for code, display in OVERRIDE_REASONS],
    }
    links = _links(report, interview_url)
    if links:
        out["links"] = links
    return out


def ordered_classes(names: Iterable[str]) -> list[str]:
    """The class labels of ORDER_CLASSES that medicines named `names` belong to."""
    from sorewhy.engine.medications import read_medications

    reading = read_medications(list(names))
    return sorted({r.class_label for r in reading.read if r.drug_class in ORDER_CLASSES})


__all__ = ["INDICATOR", "ORDER_CLASSES", "ORDER_SELECT", "PATIENT_VIEW", "RECORD_PREFETCH", "card",
           "ordered_classes", "prefetch_templates", "services"]
