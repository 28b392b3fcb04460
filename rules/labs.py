"""Blood-result rules, made from ``knowledge/labs.yaml`` rather than written out
per nutrient: every analyte's evidence rules (a low, borderline, normal or high
result for or against its finding) and, for every critical band, a referral
rule: urgent (seek care now) unless the band's reference gives no same-day
urgency for the value alone, when it says to see a doctor.

Each is still one Experta rule with a stable id, its claim in plain words (the
method's docstring, taken from the data), its effects and its sources (the
passage of the documents it rests on, and the outside reference for the
numbers, with a note why), so ``sorewhy rules``, ``rules show``, traces and the
meta-tests treat them like any other. Adding an analyte is one entry in
``knowledge/labs.yaml`` and its fixtures in ``rules/fixtures/labs.yaml``.

A rule here matches ``Lab(name=<unit-suffixed key>, band=...)``: every result
reaches the rules converted to that key's unit, whatever unit it was given in.

The data is read as plain mappings (:func:`sorewhy.knowledge.raw_labs`),
so that listing the rules does not pay for validating the knowledge models;
the same file is validated in full whenever a profile is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sorewhy.knowledge import raw_labs
from sorewhy.knowledge.labdata import BAND_LABELS, CRITICAL_BANDS, critical_refer, critical_rule_id
from sorewhy.rules.base import D002, NOT, Against, Asserts, Lab, Refer, Supports, doc, one_of, ref, rule

MEDLINEPLUS_OTHER_CAUSES = ref("MedlinePlus: Muscle aches (common causes besides a lack of nutrients: tension, "
                               "overuse, injury, infections such as flu, and medicines)",
                               "https://medlineplus.gov/ency/article/003178.htm")


class LabRules:
    """Rules made from the lab knowledge data (filled in below, one method per
    rule, in the order of ``knowledge/labs.yaml``), and one written out: every
    measured result normal."""

    @rule(
        "labs.all-normal",
        Lab(status="normal"),
        NOT(Lab(status=one_of("low", "borderline", "high"))),
        effects=[Asserts("labs_all_normal")],
        sources=[doc(D002, "How to Address Deficiencies and Alleviate Sore Calves",
                     "a proper diagnosis from a healthcare professional through blood tests"),
                 MEDLINEPLUS_OTHER_CAUSES],
        note="The documents confirm a deficiency with blood tests; when every result given is in its "
             "range, MedlinePlus names the other common causes of aching muscles (tension, overuse, "
             "injury, infections, medicines), which the report names instead (labs_summary).",
    )
    def labs_all_normal(self):
        """When every blood result given is within its normal range, the results do
        not suggest a deficiency of what was measured: other causes are still
        worth discussing with a doctor."""


def _band_pattern(lab: Mapping[str, Any], bands: Sequence[str]) -> Any:
    return Lab(name=lab["key"], band=bands[0] if len(bands) == 1 else one_of(*bands))


def _references(lab: Mapping[str, Any], bands: Sequence[str]) -> list[Any]:
    """The range's reference, then those of `bands`, each once."""
    out = [ref(lab["reference"]["ref"], lab["reference"]["url"])]
    for band in bands:
        reference = (lab["bands"].get(band) or {}).get("reference")
        if reference is not None:
            source = ref(reference["ref"], reference["url"])
            if source not in out:
                out.append(source)
    return out


def _add(rule_id: str, claim: str, patterns: tuple[Any, ...], **options: Any) -> None:
    name = "rule_" + rule_id.replace(".", "_").replace("-", "_")

    def method(self):
        pass

    method.__name__ = method.__qualname__ = name
    method.__doc__ = claim
    setattr(LabRules, name, rule(rule_id, *patterns, **options)(method))


def _build() -> None:
    # Critical referrals first (the urgent ones fire with the red flags), then
    # each analyte's evidence rules, in the order of the data file.
    for lab in raw_labs():
        for band in CRITICAL_BANDS:
            edge = lab["bands"].get(band)
            if edge is None:
                continue
            level = critical_refer(edge)
            why = ("the threshold and its urgency come from the reference" if level == "urgent" else
                   "the threshold comes from the reference, which gives no same-day urgency for the "
                   "value alone, so it is a reason to see a doctor, not to seek care now")
            _add(critical_rule_id(lab["analyte"], band), edge["claim"], (_band_pattern(lab, (band,)),),
                 effects=[Refer(level)],
                 sources=[ref(edge["reference"]["ref"], edge["reference"]["url"])],
                 note=f"A {BAND_LABELS[band]} {lab['description']} is outside the documents, which give "
                      f"no ranges; {why}.")
    for lab in raw_labs():
        for spec in lab["rules"]:
            effect = (Supports(lab["finding"], spec["supports"]) if "supports" in spec
                      else Against(lab["finding"], spec["against"]))
            source = spec["source"]
            _add(spec["id"], spec["claim"], (_band_pattern(lab, spec["bands"]),), effects=[effect],
                 sources=[doc(source["doc"], source["section"], source["quote"]),
                          *_references(lab, spec["bands"])],
                 note=spec["note"])


_build()
