"""The table format for people: the short report of engine/digest.py."""

from __future__ import annotations

from sorewhy.cli.formatting import report_text
from sorewhy.cli.plainwords import headline
from sorewhy.engine.digest import digest

MANY = {"diet": "vegan", "sun_exposure": "low", "exercise_load": "intense", "heavy_sweating": True,
        "symptoms": ["cramps", "fatigue", "tingling", "weakness", "aches"], "duration_days": 30}
CLOT = {"symptoms": ["calf_swelling", "soreness", "cramps"], "one_sided": True, "locations": ["calves"],
        "timing": ["night"]}
CLOT_SUSPECTED = {"age": 66, "symptoms": ["soreness", "cramps"], "one_sided": True, "locations": ["calves"],
                  "timing": ["night"]}
"""A clot not ruled out but not urgent: the report still advises, so it withholds (an urgent one gives no
home advice at all, issue 21)."""


def test_table_red_flag_shows_what_to_do_now_and_folds_the_rest(run):
    report = run(CLOT, "clot")
    text = report_text(report)
    lines = text.splitlines()
    assert lines[0] == f"clot: {headline(report['referral'])}"  # the disposition's, else "Seek medical care now"
    flat = " ".join(text.split())
    assert report["referral"]["advice"] in flat
    assert "Because: - you have a swollen calf; on one side only: a swollen calf on one side only" in flat
    assert "What this may be: Possible blood clot (deep vein thrombosis) (moderate certainty, 0.70)" in flat
    assert flat.index("What this may be") < flat.index("Magnesium deficiency")
    later = flat.split("Also in the report, for after you have been seen:")[1]
    assert "Magnesium deficiency (" in later
    # What to do now only: no advice at all, so nothing on food, drink, stretching or massage.
    assert "What you can do" not in text and "Eat " not in text and "Drink " not in text


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


def test_table_says_what_advice_was_withheld_and_why_in_words(run):
    report = run({"diet": "vegan", "sun_exposure": "low", "symptoms": ["aches", "weakness"]}, "vegan")
    text = " ".join(report_text(report).split())
    assert ('Advice withheld: "Spend some time in daylight and eat fatty fish, egg yolks or fortified foods." '
            "(A vegan eats no meat") in text
    assert "conflict." not in text
    assert "eat fatty fish" not in text.split("Advice withheld")[0]


def test_table_names_what_triggered_each_reason_in_words(run):
    report = run({"symptoms": ["soreness", "fatigue"], "duration_days": 21}, "tired")
    text = " ".join(report_text(report).split())
    assert "- you have fatigue; it has lasted 21 days: tiredness with soreness" in text
    assert "- it has lasted 21 days: soreness that has lasted two weeks or more" in text
    assert "referral." not in text and "duration_days" not in text


def test_table_names_the_few_answers_that_matter_most_in_words(run):
    report = run({"symptoms": ["cramps"], "locations": ["feet"]}, "foot")
    assert len(report["unknown"]) > 3
    text = " ".join(report_text(report).split())
    said = text.split("Worth finding out: ")[1]
    assert said.count(";") == 2 and "more, in the JSON report)" in said
    assert "_" not in said and "labs." not in said


def test_table_gives_a_result_already_given_instead_of_its_test(run):
    report = run({"symptoms": ["cramps", "weakness"], "labs": {"potassium": "3.1 mmol/L"}}, "k")
    text = " ".join(report_text(report).split())
    assert "Your potassium 3.1 mmol/L is low." in text
    assert "serum potassium" not in text


def test_table_with_nothing_weak_says_so(run):
    text = report_text(run({"symptoms": ["cramps"]}, "c"))
    assert "No finding reaches weak certainty." in text
    assert "Also considered: Magnesium deficiency (slight certainty, 0." in text
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


NET = [{"when": "A calf becomes swollen, red or warm", "do": "Get help now", "rule": "net.clot", "sources": []},
       {"when": "It is not better in 2 weeks", "do": "See a GP", "rule": "net.not-better", "sources": []}]


def test_table_shows_the_disposition_whom_to_see_and_the_safety_net(run):
    report = run({"symptoms": ["soreness", "fatigue"], "duration_days": 21}, "tired")
    report["referral"].update({"disposition": "doctor_soon", "timeframe": "within a few days", "see": "gp"})
    report["safety_net"] = NET
    text = report_text(report)
    assert text.splitlines()[0] == "tired: See a doctor within a few days"
    assert text.splitlines()[1].strip() == "When: within a few days. Who: a GP (your family doctor)."
    flat = " ".join(text.split())
    assert ("Get help at once if: - A calf becomes swollen, red or warm: get help now "
            "- It is not better in 2 weeks: see a GP") in flat
    assert "net.clot" not in flat


def test_table_of_an_urgent_report_puts_the_safety_net_before_anything_else_it_shows(run):
    report = run(CLOT, "clot")
    report["referral"].update({"disposition": "urgent_today", "timeframe": "today", "see": "emergency_department"})
    report["safety_net"] = NET[:1]
    flat = " ".join(report_text(report).split())
    assert flat.startswith("clot: Get medical help today When: today. Who: an emergency department (A&E).")
    assert flat.index("Because:") < flat.index("Get help at once if:") < flat.index("What this may be:")
    assert "What you can do" not in flat and "Worth finding out" not in flat


ALL_NORMAL = {"symptoms": ["aches", "fatigue", "cold_intolerance", "weight_gain"], "duration_days": 60,
              "labs": {"potassium": "4.2 mmol/L", "calcium": "2.4 mmol/L", "vitamin_d_25oh": "70 nmol/L"}}


def test_table_says_when_every_measured_result_is_normal(run):
    report = run(ALL_NORMAL, "normal")
    assert report["labs_summary"]
    text = " ".join(report_text(report).split())
    assert " ".join(report["labs_summary"].split()) in text
    assert "do not suggest a deficiency" in text and "underactive thyroid" in text
    low = run({**ALL_NORMAL, "labs": {"potassium": "3.1 mmol/L"}}, "low")
    assert low["labs_summary"] is None
    assert "do not suggest a deficiency" not in report_text(low)
