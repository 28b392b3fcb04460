"""The table format for people: the short report of engine/digest.py."""

from __future__ import annotations

from sorewhy.cli.formatting import report_text
from sorewhy.engine.digest import digest

MANY = {"diet": "vegan", "sun_exposure": "low", "exercise_load": "intense", "heavy_sweating": True,
        "symptoms": ["cramps", "fatigue", "tingling", "weakness", "aches"], "duration_days": 30}
CLOT = {"symptoms": ["calf_swelling", "soreness", "cramps"], "one_sided": True, "locations": ["calves"],
        "timing": ["night"]}
CLOT_SUSPECTED = {"age": 66, "symptoms": ["soreness", "cramps"], "one_sided": True, "locations": ["calves"],
                  "timing": ["night"]}
"""A clot not ruled out but not urgent: the report still advises, so it withholds (an urgent one gives no
home advice at all, issue 21)."""


def test_table_red_flag_shows_urgent_message_and_clot_first(run):
    report = run(CLOT, "clot")
    lines = report_text(report).splitlines()
    assert lines[0] == "clot: seek care now (urgent)"
    assert lines[1].strip() == report["referral"]["advice"]
    assert lines[2].strip() == "Because of: redflag.calf-swelling-one-sided (one_sided: true; symptoms: calf_swelling)"
    assert lines[3].strip().startswith("Behind it: Possible blood clot (deep vein thrombosis), moderate (0.70)")
    assert lines[4].strip().startswith("- Do not massage or stretch the leg; have it checked by a doctor today")
    text = "\n".join(lines)
    assert text.index("Behind it") < text.index("Magnesium deficiency")


def test_table_folds_slight_findings_and_shows_their_advice_nowhere(run):
    # (#20: the clot profile's slight findings fell under the consider threshold; a many-finding profile)
    report = run(MANY, "many")
    text = report_text(report)
    short = digest(report)
    assert short.folded
    also = next(line for line in text.splitlines() if "Also considered:" in line)
    assert short.folded[0]["label"] in also
    flat = " ".join(text.split())
    for finding in short.folded:
        for advice in finding["advice"]:
            if advice not in {a for f in short.leading for a in f["advice"]}:
                assert " ".join(advice.split()) not in flat, advice


def test_table_says_what_advice_was_withheld_and_why(run):
    text = " ".join(report_text(run(CLOT_SUSPECTED, "clot")).split())
    assert ('Advice withheld: "Gentle stretching and massage can ease immediate soreness." '
            "(conflict.clot-no-massage)") in text
    assert "Gentle stretching and massage can ease" not in text.split("Advice withheld")[0]


def test_table_names_what_triggered_each_reason(run):
    report = run({"symptoms": ["soreness", "fatigue"], "duration_days": 21}, "tired")
    text = " ".join(report_text(report).split())
    assert "referral.fatigue (duration_days: 21; symptoms: fatigue)" in text
    assert "referral.persistent (duration_days: 21)" in text


def test_table_with_nothing_weak_says_so(run):
    text = report_text(run({"symptoms": ["cramps"]}, "c"))
    assert "No finding reaches weak certainty." in text
    assert "Also considered: Magnesium deficiency" in text
    assert "What you can do:" in text  # the general advice, as no finding leads
    assert "Eat potassium-rich foods" not in text  # a folded finding's advice


def test_table_general_advice_keeps_conflicts(run):
    text = report_text(run({"age": 70, "one_sided": True, "symptoms": ["soreness"]}, "o"))
    assert "What you can do:" in text and "Eat a balanced, varied diet" in text
    assert "massage" not in text.lower()


def test_table_lists_red_flags_not_asked(run):
    text = " ".join(report_text(run({"diet": "vegan"}, "v")).split())
    assert "Not asked / not known: chest pain, seizures, confusion" in text
    assert "Not asked" not in report_text(run({"diet": "vegan", "symptoms": ["cramps"]}, "v"))
