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

from sorewhy.rules.base import (
    D002,
    D003,
    NOT,
    Asserts,
    Lab,
    Person,
    Refer,
    Supports,
    W,
    doc,
    has,
    has_any,
    ref,
    rule,
)

MEDLINEPLUS_LOW_POTASSIUM = ref(
    "MedlinePlus: Low potassium level (palpitations; a large drop may lead to abnormal heart rhythms)",
    "https://medlineplus.gov/ency/article/000479.htm")
MEDLINEPLUS_DVT = ref("MedlinePlus: Deep venous thrombosis",
                      "https://medlineplus.gov/ency/article/000156.htm")
NHS_DVT = ref("NHS: DVT (deep vein thrombosis): pain and swelling in one leg, ask for an urgent GP "
              "appointment or get help from NHS 111; a DVT is more likely over 60, after surgery, in "
              "pregnancy, with cancer, on the combined pill or HRT, or when not moving for long",
              "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/")
MEDLINEPLUS_RHABDOMYOLYSIS = ref("MedlinePlus: Rhabdomyolysis (dark, red or cola-colored urine)",
                                 "https://medlineplus.gov/ency/article/000473.htm")
NHS_CHEST_PAIN = ref("NHS: Chest pain (call 999 for sudden chest pain that spreads or comes with breathlessness)",
                     "https://www.nhs.uk/conditions/chest-pain/")
NHS_PALPITATIONS = ref("NHS: Heart palpitations (ask for an urgent GP appointment or get help from NHS 111; "
                       "call 999 with chest pain, breathlessness or fainting)",
                       "https://www.nhs.uk/conditions/heart-palpitations/")
SFE_HYPOCALCAEMIA = ref("Society for Endocrinology Endocrine Emergency Guidance: Emergency management of acute "
                        "hypocalcaemia in adult patients (symptoms include tingling, tetany and carpopedal "
                        "spasm; acute hypocalcaemia can be life threatening)",
                        "https://ec.bioscientifica.com/view/journals/ec/5/5/G7.xml")
NHS_COMPARTMENT = ref("NHS: Compartment syndrome (a swollen, tight, very painful muscle; call 999 for sudden, "
                      "severe pain, which needs urgent surgery)",
                      "https://www.nhs.uk/conditions/compartment-syndrome/")
NHS_GBS = ref("NHS: Guillain-Barré syndrome (tingling, numbness and weakness spreading from the feet and hands; "
              "ask for an urgent GP appointment or get help from NHS 111)",
              "https://www.nhs.uk/conditions/guillain-barre-syndrome/")
NHS_PAD_SUDDEN = ref("NHS: Peripheral arterial disease (symptoms that develop quickly or get suddenly worse, "
                     "constant pain at rest, a leg you cannot move or a sudden loss of feeling need "
                     "immediate treatment)", "https://www.nhs.uk/conditions/peripheral-arterial-disease-pad/")
NHS_SCIATICA = ref("NHS: Sciatica (go to A&E or call 999 with numbness around the bottom or genitals, or new "
                   "trouble controlling the bladder or bowels)",
                   "https://www.nhs.uk/conditions/sciatica/")

TETANY = doc(D003, "When Do We Lose Electrolytes?", "pain, numbness, and even paralysis (tetany)")
"""Electrolyte deficits bring numbness and tetany (paralysis, low calcium)."""

EXERTION = ("after_exercise", "during_exercise")
"""The `timing` values that tie a pain to exertion."""
NERVE_SYMPTOMS = ("tingling", "numbness")
TETANY_SYMPTOMS = ("spasms", "tingling", "numbness", "cramps", "twitching")
"""What low calcium does to nerves and muscles: pins and needles, numbness,
spasms (tetany) and cramps (the endocrine guidance's symptoms)."""


class RedFlagRules:
    """Rules about red flags: symptoms that need care now."""

    @rule(
        "redflag.chest-pain",
        Person(symptoms=has("chest_pain")),
        effects=[Refer("urgent", "emergency_now", see="emergency_department")],
        sources=[ref("MedlinePlus: Chest pain (when to contact a medical professional)",
                     "https://medlineplus.gov/ency/article/003079.htm"), NHS_CHEST_PAIN],
        note="Chest pain is outside the documents; any chest pain with muscle symptoms needs "
             "care at once to rule out a heart problem. The NHS says to call 999 for sudden chest "
             "pain: an emergency now.",
    )
    def redflag_chest_pain(self):
        """Chest pain can be a heart problem: seek medical care now, do not wait to
        see whether it is a muscle."""

    @rule(
        "redflag.seizures",
        Person(symptoms=has("seizures")),
        effects=[Refer("urgent", "emergency_now", see="emergency_department")],
        sources=[
            doc(D003, "Signs of Electrolyte Deficiency:", "Seizure disorder"),
            ref("MedlinePlus: Seizures (when to contact a medical professional)",
                "https://medlineplus.gov/ency/article/003200.htm"),
        ],
        note="Document 003 lists seizures among the signs of electrolyte deficiency but says "
             "nothing of what to do; MedlinePlus says to call emergency services for a first "
             "seizure, so sorewhy refers at once (an emergency now).",
    )
    def redflag_seizures(self):
        """A seizure can come from a severe electrolyte imbalance or another emergency:
        seek medical care now (call emergency services)."""

    @rule(
        "redflag.confusion",
        Person(symptoms=has("confusion")),
        effects=[Refer("urgent", "emergency_now", see="emergency_department")],
        sources=[ref("MedlinePlus: Confusion (call for emergency help if it comes on suddenly)",
                     "https://medlineplus.gov/ency/article/003205.htm")],
        note="Confusion is outside the documents. It can be a sign of a dangerously low blood "
             "sodium or another emergency; MedlinePlus says sudden confusion needs emergency "
             "help (an emergency now).",
    )
    def redflag_confusion(self):
        """New confusion with muscle symptoms can mean a dangerous salt imbalance or
        another emergency: seek medical care now."""

    @rule(
        "redflag.paralysis",
        Person(symptoms=has("paralysis")),
        effects=[Refer("urgent", "emergency_now", see="emergency_department")],
        sources=[
            TETANY,
            ref("MedlinePlus: Muscle function loss (paralysis is a medical emergency)",
                "https://medlineplus.gov/ency/article/003190.htm"),
        ],
        note="Document 003 mentions paralysis among the effects of electrolyte deficits; "
             "MedlinePlus says sudden loss of muscle function is a medical emergency (an "
             "emergency now).",
    )
    def redflag_paralysis(self):
        """A muscle that cannot move at all (paralysis) is an emergency, whatever the
        cause: seek medical care now."""

    @rule(
        "redflag.irregular-heartbeat",
        Person(symptoms=has("irregular_heartbeat")),
        effects=[Refer("urgent", "urgent_today")],
        sources=[
            doc(D002, "Comparison of Key Nutrient Deficiencies and Symptoms",
                "Fatigue, irregular heartbeat"),
            doc(D003, "When Do We Lose Electrolytes?", "Atypical muscle contraction, such as arrhythmia"),
            MEDLINEPLUS_LOW_POTASSIUM,
            NHS_PALPITATIONS,
        ],
        note="Documents 002 and 003 tie an irregular heartbeat to low magnesium and "
             "electrolytes but give no advice; MedlinePlus says low potassium can cause heart "
             "rhythm problems that can be fatal, so sorewhy refers at once. The NHS asks for an "
             "urgent GP appointment or NHS 111 (care today), and 999 with chest pain, which its "
             "own red flag covers.",
    )
    def redflag_irregular_heartbeat(self):
        """An irregular heartbeat with muscle symptoms can mean a mineral imbalance
        that affects the heart: get medical help today (sooner if you feel faint,
        breathless or have chest pain)."""

    @rule(
        "redflag.palpitations",
        Person(symptoms=has("palpitations")),
        effects=[Refer("urgent", "urgent_today")],
        sources=[
            doc(D003, "Signs of Electrolyte Deficiency:", "Heart Palpitations"),
            MEDLINEPLUS_LOW_POTASSIUM,
            ref("MedlinePlus: Heart palpitations (when to contact a medical professional)",
                "https://medlineplus.gov/ency/article/003081.htm"),
            NHS_PALPITATIONS,
        ],
        note="Document 003 lists heart palpitations among the signs of electrolyte deficiency "
             "but gives no advice; MedlinePlus links palpitations to low potassium, which can "
             "upset the heart rhythm. With muscle symptoms sorewhy treats them as urgent; the NHS "
             "asks for an urgent GP appointment or NHS 111 (care today).",
    )
    def redflag_palpitations(self):
        """A pounding, racing or fluttering heart with muscle symptoms can mean a
        mineral imbalance that affects the heart: get medical help today (sooner if
        you feel faint, breathless or have chest pain)."""

    @rule(
        "redflag.dark-urine",
        Person(symptoms=has("dark_urine")),
        effects=[Refer("urgent", "urgent_today"), Supports("rhabdomyolysis", 0.4)],
        sources=[MEDLINEPLUS_RHABDOMYOLYSIS],
        note="Dark urine is outside the documents. With sore muscles it can mean muscle "
             "breakdown (rhabdomyolysis), which can harm the kidneys; MedlinePlus says it needs "
             "prompt treatment in hospital, so sorewhy asks for care today.",
    )
    def redflag_dark_urine(self):
        """Dark (tea- or cola-coloured) urine with sore muscles can mean muscle
        breakdown that can damage the kidneys: get medical help today, even after
        ordinary hard exercise."""

    @rule(
        "redflag.calf-swelling-one-sided",
        Person(symptoms=has("calf_swelling"), one_sided=True),
        effects=[Refer("urgent", "urgent_today", see="gp"), Supports("possible_dvt", 0.7),
                 Asserts("clot_suspected")],
        sources=[NHS_DVT, MEDLINEPLUS_DVT],
        note="Blood clots are outside the documents. The NHS names swelling in one leg, "
             "usually the calf, as a sign of a clot in a deep vein (DVT) and asks for an urgent "
             "GP appointment or NHS 111: care today.",
    )
    def redflag_calf_swelling_one_sided(self):
        """A swollen calf on one side only can be a blood clot in a deep vein: get
        medical help today (an urgent GP appointment or NHS 111) and do not massage
        the leg."""

    @rule(
        "redflag.calf-swelling-side-unknown",
        Person(symptoms=has("calf_swelling")),
        NOT(Person(one_sided=W())),
        effects=[Refer("urgent", "urgent_today", see="gp"), Supports("possible_dvt", 0.3),
                 Asserts("clot_suspected")],
        sources=[NHS_DVT, MEDLINEPLUS_DVT],
        note="Not knowing whether the swelling is on one side is not the same as knowing it is "
             "on both: until the person says, sorewhy errs on the safe side and treats it like "
             "one-sided swelling (a possible clot, per the NHS).",
    )
    def redflag_calf_swelling_side_unknown(self):
        """A swollen calf, when it is not known whether only one leg is affected, may be
        a blood clot in a deep vein: get medical help today unless you are sure both
        legs are equally swollen."""

    # --- grown with #20: red flags outside the documents' frame ----------------------

    @rule(
        "redflag.low-calcium-symptoms",
        Lab(name="calcium_mg_dl", status="low"),
        Person(symptoms=has_any(*TETANY_SYMPTOMS)),
        effects=[Refer("urgent", "emergency_now", see="emergency_department"), Supports("calcium", 0.3)],
        sources=[SFE_HYPOCALCAEMIA, TETANY],
        note="Outside the documents: the Society for Endocrinology's emergency guidance lists "
             "tingling, tetany and carpopedal spasm as the symptoms of hypocalcaemia and treats "
             "acute symptomatic hypocalcaemia as an emergency. A low calcium result with those "
             "symptoms is sent for emergency care, whatever the value's own band.",
    )
    def redflag_low_calcium_symptoms(self):
        """A low blood calcium with spasms, cramps, twitching, tingling or numbness
        means the low calcium is already affecting nerves and muscles, which can
        become dangerous quickly: seek emergency care now."""

    @rule(
        "redflag.tense-swelling",
        Person(symptoms=has("tense_swelling")),
        effects=[Refer("urgent", "emergency_now", see="emergency_department"),
                 Supports("compartment_syndrome", 0.4)],
        sources=[NHS_COMPARTMENT],
        note="Outside the documents: the NHS describes a swollen, tight muscle with severe pain as "
             "compartment syndrome and says to call 999 for sudden, severe pain, since the acute "
             "kind needs urgent surgery. One side or both makes no difference.",
    )
    def redflag_tense_swelling(self):
        """A muscle that is tense, swollen and very painful, on one side or both,
        can be pressure building inside it (compartment syndrome), which can cut
        off its blood supply: seek emergency care now."""

    @rule(
        "redflag.severe-swelling-after-exertion",
        Person(symptoms=has("calf_swelling"), severity="severe", timing=has_any(*EXERTION)),
        effects=[Refer("urgent", "emergency_now", see="emergency_department"),
                 Supports("compartment_syndrome", 0.3)],
        sources=[NHS_COMPARTMENT],
        note="Outside the documents: severe pain with swelling after exertion is how the NHS "
             "describes compartment syndrome, which can affect both legs after long marches or "
             "runs; it says to call 999 for sudden, severe pain. Swelling on both sides is "
             "therefore not left to the heart-or-kidneys reading.",
    )
    def redflag_severe_swelling_after_exertion(self):
        """Swollen calves with severe pain during or after exertion, on one side or
        both, can be pressure building inside the muscles (compartment syndrome):
        seek emergency care now."""

    @rule(
        "redflag.spreading-weakness-nerves",
        Person(symptoms=has("spreading_weakness") & has_any(*NERVE_SYMPTOMS)),
        effects=[Refer("urgent", "urgent_today", see="gp"), Supports("progressive_weakness", 0.5)],
        sources=[NHS_GBS],
        note="Outside the documents: the NHS describes Guillain-Barré syndrome as tingling or "
             "numbness in the feet and hands followed by weakness that gets worse over days, and "
             "asks for an urgent GP appointment or NHS 111 (care today); trouble breathing or "
             "swallowing needs 999.",
    )
    def redflag_spreading_weakness_nerves(self):
        """Weakness that is spreading or getting worse over days, with tingling or
        numbness, can be the nerves under attack (as in Guillain-Barré syndrome):
        get medical help now, the same day, and call emergency services for any
        trouble breathing or swallowing."""

    @rule(
        "redflag.back-pain-bladder-bowel",
        Person(symptoms=has("bladder_bowel_problems") & has_any("back_pain", "radiating_pain", "numbness")),
        effects=[Refer("urgent", "emergency_now", see="emergency_department")],
        sources=[NHS_SCIATICA],
        note="Outside the documents: the NHS sciatica page says to go to A&E or call 999 with "
             "back or leg pain and new trouble controlling the bladder or bowels (the nerves at "
             "the base of the spine under pressure, which needs surgery at once).",
    )
    def redflag_back_pain_bladder_bowel(self):
        """Back pain, pain shooting down a leg or numbness together with new trouble
        controlling the bladder or bowels can mean the nerves at the base of the
        spine are being squeezed: seek emergency care now."""

    @rule(
        "redflag.leg-arteries-suddenly-worse",
        Person(conditions=has("peripheral_arterial_disease"), onset="sudden",
               symptoms=has_any("numbness", "weakness", "paralysis")),
        effects=[Refer("urgent", "emergency_now", see="emergency_department"),
                 Supports("peripheral_arterial_disease", 0.5)],
        sources=[NHS_PAD_SUDDEN],
        note="Outside the documents: the NHS says symptoms of peripheral arterial disease that "
             "develop quickly or get suddenly worse, with loss of feeling or movement, can mean "
             "the blood supply to the leg is cut off and need immediate treatment.",
    )
    def redflag_leg_arteries_suddenly_worse(self):
        """In someone with narrowed leg arteries, a leg that suddenly turns numb or weak
        may have lost its blood supply: seek emergency care now."""

    @rule(
        "redflag.claudication-suddenly-worse",
        Person(symptoms=has("pain_on_walking") & has_any("numbness", "weakness", "paralysis"), onset="sudden"),
        effects=[Refer("urgent", "emergency_now", see="emergency_department"),
                 Supports("peripheral_arterial_disease", 0.3)],
        sources=[NHS_PAD_SUDDEN],
        note="Outside the documents: leg pain on walking is the NHS's sign of narrowed leg "
             "arteries; numbness or weakness that came on suddenly with it needs immediate "
             "treatment (the blood supply may be cut off).",
    )
    def redflag_claudication_suddenly_worse(self):
        """Leg pain on walking with numbness or weakness that came on suddenly can
        mean the leg's blood supply is cut off: seek emergency care now."""

    @rule(
        "redflag.chest-pain-one-sided-limb",
        Person(symptoms=has("chest_pain"), one_sided=True),
        effects=[Refer("urgent", "emergency_now", see="emergency_department"), Supports("possible_dvt", 0.4),
                 Asserts("clot_suspected")],
        sources=[NHS_DVT, MEDLINEPLUS_DVT],
        note="Outside the documents: the NHS says to call 999 when the pain of a DVT comes with "
             "chest pain or breathlessness, as the clot may have reached the lungs; one-sided limb "
             "pain with chest pain is treated that way.",
    )
    def redflag_chest_pain_one_sided_limb(self):
        """Chest pain with pain in one leg or arm can be a clot that has travelled to
        the lungs: call emergency services now."""
