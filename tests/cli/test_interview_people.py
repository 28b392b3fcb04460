"""Three people from issue #22, end to end in a real pseudo-terminal: the
questions put (and their order: what, where, when and how long, then the
person, then blood results), the blood results said back as read, and the
result against what the public pages say for them.

Expected outcomes, written from the pages before the interview was run:
  - a vegan runner, 29, training hard in the north with little sun, cramps, aches,
    fatigue and slow recovery in the calves for three weeks; vitamin D 30 nmol/L,
    ferritin 22. NHS "Vitamin D" and NIH ODS: 30 nmol/L (12 ng/mL) is low;
    soreness lasting weeks is for a GP: see a doctor (routine), vitamin D leading.
  - a 70-year-old man on "Lasix 40mg, atorvastatin 20mg" with night cramps in
    the legs for two weeks; potassium 3.1. NHS "Atorvastatin": unexplained
    muscle pain or cramps on a statin, call a doctor or 111 now (urgent,
    urgent_today), the statin's side effect leading; MedlinePlus: potassium
    3.1 mmol/L is below 3.7, low (furosemide is a loop diuretic that lowers it).
  - a 45-year-old man with one swollen, painful calf after a long flight. NHS
    "DVT": ask for an urgent GP appointment or get help from 111 (urgent,
    urgent_today); a possible clot leading.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals need a POSIX system", allow_module_level=True)

TIMEOUT = 120
QUESTION = r"Q(\d+) \[([a-z0-9_.]+)\]"
HISTORY = ("symptoms", "locations", "one_sided", "clot_risks", "timing", "duration_days", "onset", "course",
           "improves_with_rest", "severity", "recent_injury", "new_exercise")
PERSON = ("age", "sex", "medications", "supplements", "diet", "low_intake", "alcohol", "smoker", "exercise_load",
          "sun_exposure", "darker_skin", "high_latitude", "conditions")

COMMON = {"red_flags": ["none"], "one_sided": ["no"], "onset": ["gradual"], "course": ["stable"],
          "severity": ["moderate"], "recent_injury": ["no"], "new_exercise": ["no"], "supplements": ["none"],
          "conditions": ["none"], "low_intake": ["none"], "alcohol": ["none"], "smoker": ["no"],
          "fluid_losses": ["none"], "daily_fluid_intake": ["adequate"], "clot_risks": ["none"]}

VEGAN_RUNNER = {**COMMON, "symptoms": ["cramps, aches, fatigue, slow recovery"], "locations": ["calves"],
                "timing": ["night, after exercise"], "duration_days": ["3 weeks"], "improves_with_rest": ["yes"],
                "age": ["29"], "sex": ["female"], "medications": ["none"], "diet": ["vegan"],
                "exercise_load": ["intense"], "exercise_hours": ["1.5"], "hot_environment": ["no"],
                "heavy_sweating": ["yes"], "exercise_water_l_per_hour": ["0.5"], "electrolyte_drinks": ["no"],
                "sun_exposure": ["low"], "darker_skin": ["no"], "high_latitude": ["yes"],
                # vitamin D 30 reads differently in ng/mL and nmol/L: the unit is asked
                "labs": ["vitamin D 30, ferritin 22", "nmol/L"]}

SEVENTY = {**COMMON, "symptoms": ["cramps"], "locations": ["legs"], "timing": ["night"],
           "duration_days": ["2 weeks"], "improves_with_rest": ["no"], "age": ["70"], "sex": ["male"],
           "medications": ["Lasix 40mg, atorvastatin 20mg"], "diet": ["omnivore"], "exercise_load": ["light"],
           "sun_exposure": ["moderate"], "labs": ["potassium 3,1"],
           # a result typed at another result's question is that result
           **{f"labs.{key}": ["potassium 3.1"] for key in ("magnesium_mg_dl", "sodium_mmol_l", "calcium_mg_dl")}}

CALF = {**COMMON, "red_flags": ["calf swelling"], "symptoms": ["soreness"], "locations": ["calves"],
        "one_sided": ["yes"], "clot_risks": ["long travel"], "timing": ["anytime"], "duration_days": ["2"],
        "onset": ["sudden"], "age": ["45"], "sex": ["male"], "medications": ["none"], "labs": ["none"]}


def _interview(answers: dict[str, list[str]], saved: Path) -> tuple[list[tuple[int, str]], str]:
    """Answer by question id (Enter for any other) until the result; returns
    the (number, id) of each question put and the whole screen."""
    env = {**os.environ, "TERM": "dumb", "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
    child = pexpect.spawn(sys.executable, ["-m", "sorewhy", "interview", "--save", str(saved)],
                          cwd=str(saved.parent), env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100))
    asked: list[tuple[int, str]] = []
    screen = ""
    used: dict[str, int] = {}
    try:
        qid = ""
        while True:
            which = child.expect([r"\r?\n> ", r"\r?\nhow> "])
            screen += child.before + child.after
            if which == 1:
                break
            heads = re.findall(QUESTION, child.before)
            if heads:
                qid = heads[-1][1]
                asked.append((int(heads[-1][0]), qid))
            replies = answers.get(qid, [""])
            n = used.get(qid, 0)
            used[qid] = n + 1
            child.sendline(replies[n] if n < len(replies) else "")
            assert len(asked) < 40, "the interview does not end"
        child.sendline("quit")
        child.expect(pexpect.EOF)
        screen += child.before
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in screen
    return asked, screen.replace("\r", "")


def _evaluate(path: Path, fmt: str = "json") -> str:
    done = subprocess.run([sys.executable, "-m", "sorewhy", "evaluate", str(path), "--format", fmt],
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _in_clinical_order(ids: list[str]) -> None:
    """Red flags and symptoms first; blood results after the complaint and the person."""
    assert ids[:2] == ["red_flags", "symptoms"] or ids[:3] == ["red_flags", "one_sided", "symptoms"], ids
    if "labs" in ids:
        before = [q for q in ids if q in HISTORY or q in PERSON]
        assert all(ids.index(q) < ids.index("labs") for q in before), ids


def test_interview_people_vegan_runner_is_asked_age_and_sun_and_reads_vitamin_d(tmp_path):
    saved = tmp_path / "runner.yaml"
    asked, screen = _interview(VEGAN_RUNNER, saved)
    ids = [q for _, q in asked]
    _in_clinical_order(ids)
    assert [n for n, _ in asked] == list(range(1, len(asked) + 1))  # one number per question put
    assert {"sun_exposure", "age", "locations", "timing", "duration_days"} <= set(ids), ids
    assert "vitamin D 30: which unit is it in? in ng/mL it is normal; in nmol/L (12.0 ng/mL) it is low." in \
        " ".join(screen.split())
    assert "Read: vitamin D 30 nmol/L (12.0 ng/mL): low" in screen
    assert "Read: ferritin 22 ng/mL: borderline (reference range 15-200 ng/mL)" in " ".join(screen.split())
    # a result not named may be asked about afterwards, never one already given
    follow_ups = [q for q in ids if q.startswith("labs.")]
    assert all(ids.index(q) > ids.index("labs") for q in follow_ups)
    assert not {"labs.vitamin_d_25oh_ng_ml", "labs.ferritin_ng_ml"} & set(follow_ups)
    report = json.loads(_evaluate(saved))[0]
    assert report["referral"]["level"] == "see_doctor"
    assert report["referral"]["disposition"] == "doctor_routine"
    assert report["findings"][0]["id"] == "vitamin_d"
    assert re.search(r"^Referral: .*\(see_doctor\)$", screen, re.M)
    assert re.search(r"^\s+1\s+vitamin_d\s+Vitamin D deficiency", screen, re.M)


def test_interview_people_seventy_year_old_on_lasix_and_atorvastatin_with_potassium(tmp_path):
    saved = tmp_path / "seventy.yaml"
    asked, screen = _interview(SEVENTY, saved)
    ids = [q for _, q in asked]
    _in_clinical_order(ids)
    assert "age" in ids  # asked on the urgent path too: whoever sees him needs it
    flat = " ".join(screen.split())
    assert "Read: potassium 3,1 read as 3.1 mmol/L: low (reference range 3.7-5.2 mmol/L)." in flat
    assert "atorvastatin" in flat and "statin" in flat  # the medicines are said back as read
    facts = yaml.safe_load(saved.read_text())
    assert facts["age"] == 70 and facts["labs"] == {"potassium_mmol_l": 3.1}
    report = json.loads(_evaluate(saved))[0]
    assert (report["referral"]["level"], report["referral"]["disposition"]) == ("urgent", "urgent_today")
    # the urgent result leads with what the referral rests on (the statin), then the low potassium
    assert {"medication_effect", "potassium"} <= {f["id"] for f in report["findings"][:3]}
    assert re.search(r"^Referral: .*\(urgent\)$", screen, re.M)
    assert re.search(r"^\s+1\s+medication_effect\s+A medication's side effect", screen, re.M)
    # the doctor's report carries the age
    assert "**Presenting complaint:** 70-year-old" in _evaluate(saved, "markdown")


def test_interview_people_one_swollen_calf_after_a_long_flight_is_urgent(tmp_path):
    saved = tmp_path / "calf.yaml"
    asked, screen = _interview(CALF, saved)
    ids = [q for _, q in asked]
    assert ids[0] == "red_flags"
    assert "one_sided" in ids[:3]  # what could lift the urgent referral comes next
    assert screen.count("SEEK MEDICAL CARE NOW") >= 1
    assert not [q for q in ids if q.startswith("labs")]  # no blood results on the way to urgent care
    report = json.loads(_evaluate(saved))[0]
    assert (report["referral"]["level"], report["referral"]["disposition"]) == ("urgent", "urgent_today")
    assert report["findings"][0]["id"] == "possible_dvt"
    assert re.search(r"^Referral: .*\(urgent\)$", screen, re.M)
    assert re.search(r"^\s+1\s+possible_dvt\s+Possible blood clot", screen, re.M)
