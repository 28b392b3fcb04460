"""Red flags: symptoms that need medical care now, whatever else is known.

These rules sit in their own band and fire before every other rule. Most
red flags come from outside the five documents (which are about nutrition),
so they cite an authoritative public reference and say why. Where a document
does name the symptom (003 lists heart palpitations and seizures among the
signs of electrolyte deficiency and mentions paralysis; 002's table lists an
irregular heartbeat) it is cited as well.

A key that is not given is unknown, never "no": calf swelling whose side is
not known is treated like one-sided swelling until the person says otherwise.
"""

from __future__ import annotations

from sorewhy.rules.base import D002, D003, NOT, Asserts, Person, Refer, Supports, W, doc, has, ref, rule

MEDLINEPLUS_LOW_POTASSIUM = ref(
    "MedlinePlus: Low potassium level (palpitations; a large drop may lead to abnormal heart rhythms)",
    "https://medlineplus.gov/ency/article/000479.htm")
MEDLINEPLUS_DVT = ref("MedlinePlus: Deep venous thrombosis",
                      "https://medlineplus.gov/ency/article/000156.htm")
NHS_DVT = ref("NHS: DVT (deep vein thrombosis): swelling in one leg, ask for urgent help",
              "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/")
MEDLINEPLUS_RHABDOMYOLYSIS = ref("MedlinePlus: Rhabdomyolysis (dark, red or cola-colored urine)",
                                 "https://medlineplus.gov/ency/article/000473.htm")


class RedFlagRules:
    """Rules about red flags: symptoms that need care now."""

    @rule(
        "redflag.chest-pain",
        Person(symptoms=has("chest_pain")),
        effects=[Refer("urgent")],
        sources=[ref("MedlinePlus: Chest pain (when to contact a medical professional)",
                     "https://medlineplus.gov/ency/article/003079.htm")],
        note="Chest pain is outside the documents; any chest pain with muscle symptoms needs "
             "care at once to rule out a heart problem.",
    )
    def redflag_chest_pain(self):
        """Chest pain can be a heart problem: seek medical care now, do not wait to
        see whether it is a muscle."""

    @rule(
        "redflag.seizures",
        Person(symptoms=has("seizures")),
        effects=[Refer("urgent")],
        sources=[
            doc(D003, "Signs of Electrolyte Deficiency:", "Seizure disorder"),
            ref("MedlinePlus: Seizures (when to contact a medical professional)",
                "https://medlineplus.gov/ency/article/003200.htm"),
        ],
        note="Document 003 lists seizures among the signs of electrolyte deficiency but says "
             "nothing of what to do; MedlinePlus says a seizure needs emergency help, so "
             "sorewhy refers at once.",
    )
    def redflag_seizures(self):
        """A seizure can come from a severe electrolyte imbalance or another emergency:
        seek medical care now (call emergency services)."""

    @rule(
        "redflag.confusion",
        Person(symptoms=has("confusion")),
        effects=[Refer("urgent")],
        sources=[ref("MedlinePlus: Confusion (call for emergency help if it comes on suddenly)",
                     "https://medlineplus.gov/ency/article/003205.htm")],
        note="Confusion is outside the documents. It can be a sign of a dangerously low blood "
             "sodium or another emergency; MedlinePlus says sudden confusion needs emergency "
             "help.",
    )
    def redflag_confusion(self):
        """New confusion with muscle symptoms can mean a dangerous salt imbalance or
        another emergency: seek medical care now."""

    @rule(
        "redflag.paralysis",
        Person(symptoms=has("paralysis")),
        effects=[Refer("urgent")],
        sources=[
            doc(D003, "When Do We Lose Electrolytes?", "pain, numbness, and even paralysis (tetany)"),
            ref("MedlinePlus: Muscle function loss (paralysis is a medical emergency)",
                "https://medlineplus.gov/ency/article/003190.htm"),
        ],
        note="Document 003 mentions paralysis among the effects of electrolyte deficits; "
             "MedlinePlus says sudden loss of muscle function is a medical emergency.",
    )
    def redflag_paralysis(self):
        """A muscle that cannot move at all (paralysis) is an emergency, whatever the
        cause: seek medical care now."""

    @rule(
        "redflag.irregular-heartbeat",
        Person(symptoms=has("irregular_heartbeat")),
        effects=[Refer("urgent")],
        sources=[
            doc(D002, "Comparison of Key Nutrient Deficiencies and Symptoms",
                "Fatigue, irregular heartbeat"),
            doc(D003, "When Do We Lose Electrolytes?", "Atypical muscle contraction, such as arrhythmia"),
            MEDLINEPLUS_LOW_POTASSIUM,
        ],
        note="Documents 002 and 003 tie an irregular heartbeat to low magnesium and "
             "electrolytes but give no advice; MedlinePlus says low potassium can cause heart "
             "rhythm problems that can be fatal, so sorewhy refers at once.",
    )
    def redflag_irregular_heartbeat(self):
        """An irregular heartbeat with muscle symptoms can mean a mineral imbalance
        that affects the heart: seek medical care now."""

    @rule(
        "redflag.palpitations",
        Person(symptoms=has("palpitations")),
        effects=[Refer("urgent")],
        sources=[
            doc(D003, "Signs of Electrolyte Deficiency:", "Heart Palpitations"),
            MEDLINEPLUS_LOW_POTASSIUM,
            ref("MedlinePlus: Heart palpitations (when to contact a medical professional)",
                "https://medlineplus.gov/ency/article/003081.htm"),
        ],
        note="Document 003 lists heart palpitations among the signs of electrolyte deficiency "
             "but gives no advice; MedlinePlus links palpitations to low potassium, which can "
             "upset the heart rhythm. With muscle symptoms sorewhy treats them as urgent.",
    )
    def redflag_palpitations(self):
        """A pounding, racing or fluttering heart with muscle symptoms can mean a
        mineral imbalance that affects the heart: seek medical care now."""

    @rule(
        "redflag.dark-urine",
        Person(symptoms=has("dark_urine")),
        effects=[Refer("urgent")],
        sources=[MEDLINEPLUS_RHABDOMYOLYSIS],
        note="Dark urine is outside the documents. With sore muscles it can mean muscle "
             "breakdown (rhabdomyolysis), which can harm the kidneys and needs emergency care.",
    )
    def redflag_dark_urine(self):
        """Dark (tea- or cola-coloured) urine with sore muscles can mean muscle
        breakdown that can damage the kidneys: seek medical care now, even after
        ordinary hard exercise."""

    @rule(
        "redflag.calf-swelling-one-sided",
        Person(symptoms=has("calf_swelling"), one_sided=True),
        effects=[Refer("urgent"), Supports("possible_dvt", 0.7), Asserts("clot_suspected")],
        sources=[NHS_DVT, MEDLINEPLUS_DVT],
        note="Blood clots are outside the documents. The NHS names swelling in one leg, "
             "usually the calf, as a sign of a clot in a deep vein (DVT), which needs help the "
             "same day.",
    )
    def redflag_calf_swelling_one_sided(self):
        """A swollen calf on one side only can be a blood clot in a deep vein: seek
        medical care now and do not massage the leg."""

    @rule(
        "redflag.calf-swelling-side-unknown",
        Person(symptoms=has("calf_swelling")),
        NOT(Person(one_sided=W())),
        effects=[Refer("urgent"), Supports("possible_dvt", 0.3), Asserts("clot_suspected")],
        sources=[NHS_DVT, MEDLINEPLUS_DVT],
        note="Not knowing whether the swelling is on one side is not the same as knowing it is "
             "on both: until the person says, sorewhy errs on the safe side and treats it like "
             "one-sided swelling (a possible clot, per the NHS).",
    )
    def redflag_calf_swelling_side_unknown(self):
        """A swollen calf, when it is not known whether only one leg is affected, may be
        a blood clot in a deep vein: seek medical care now unless you are sure both
        legs are equally swollen."""
