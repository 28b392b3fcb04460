"""Referral: self-care, see a doctor, or seek care now. Red flags, which always
give `urgent`, are kept apart in `redflags.py` and fire first.

Each `see_doctor` rule here is one reason, matched by a single pattern so it
fires at most once per profile. A referral only ever rises: the report takes
the highest level any rule set, so a reason to see a doctor never lowers an
urgent red flag. `referral.self-care` is the fallback and must stay the last
rule of this module (and of the rule base): it fires only when no other
referral fired.
"""

from __future__ import annotations

from sorewhy.rules.base import (
    D000,
    D001,
    D002,
    D004,
    FAQ_REST,
    NOT,
    NOT_EMPTY,
    OVEREXERTION,
    Asserts,
    Inferred,
    Lab,
    Person,
    Refer,
    Supports,
    W,
    at_least,
    at_least_n_of,
    doc,
    has,
    has_all,
    has_any,
    one_of,
    predicate,
    ref,
    rule,
)
from sorewhy.rules.drug_classes import (
    DIURETICS,
    MEDLINEPLUS_FUROSEMIDE,
    MEDLINEPLUS_STATINS,
    THIAZIDE_SYMPTOMS_CLAIM,
)
from sorewhy.rules.redflags import MEDLINEPLUS_LOW_POTASSIUM, NHS_DVT, NHS_GBS
from sorewhy.rules.sodium import MORE_THAN_THE_LIMIT  # one constraint object shared with sodium.water-overload

PERSISTENT_DAYS = 14
"""The project's reading of "persistent": the documents give no length of time."""

OLDER_AGE = 60
"""The NHS says a DVT is more likely in people over 60: one-sided leg pain from
this age is at least a reason to see a doctor."""

NICE_VTE = ref("NICE NG158: Venous thromboembolic diseases: diagnosis, management and thrombophilia testing",
               "https://www.nice.org.uk/guidance/ng158")


NHS_DIARRHOEA_VOMITING = ref(
    "NHS: Diarrhoea and vomiting (get help if you have signs of dehydration, such as feeling dizzy or weak, "
    "or it is not getting better)", "https://www.nhs.uk/conditions/diarrhoea-and-vomiting/")
NHS_PAD = ref("NHS: Peripheral arterial disease (see a GP if you keep getting leg pain when walking that "
              "eases with rest)", "https://www.nhs.uk/conditions/peripheral-arterial-disease-pad/")
NHS_PMR = ref("NHS: Polymyalgia rheumatica (see a GP if you have pain and stiffness that lasts more than a "
              "week)", "https://www.nhs.uk/conditions/polymyalgia-rheumatica/")
NHS_UNDERACTIVE_THYROID = ref("NHS: Underactive thyroid (hypothyroidism) (see a GP if you have symptoms such "
                              "as tiredness, weight gain and feeling cold)",
                              "https://www.nhs.uk/conditions/underactive-thyroid-hypothyroidism/")
NHS_LEG_CRAMPS = ref("NHS: Leg cramps (common and usually harmless; causes include ageing and pregnancy; see a "
                     "GP if they disturb your sleep or come with numbness or swelling)",
                     "https://www.nhs.uk/conditions/leg-cramps/")
NHS_PREGNANCY_CRAMPS = ref("NHS: Leg cramps in pregnancy (common, especially at night in later pregnancy)",
                           "https://www.nhs.uk/pregnancy/related-conditions/common-symptoms/leg-cramps/")

NHS_FLU = ref("NHS: Flu (symptoms come on quickly: a high temperature, an aching body, feeling exhausted; "
              "most people feel better within a week; ask for an urgent GP appointment or get help from NHS "
              "111 if you are 65 or over, pregnant, have a long-term condition, or symptoms do not improve "
              "after 7 days)", "https://www.nhs.uk/conditions/flu/")
NHS_B12 = ref("NHS: Vitamin B12 or folate deficiency anaemia (symptoms usually develop gradually; pins and "
              "needles, muscle weakness and problems with balance; diagnose and treat as soon as possible, as "
              "some nerve problems can be permanent)",
              "https://www.nhs.uk/conditions/vitamin-b12-or-folate-deficiency-anaemia/")

FLU_AGE = 65
"""The NHS asks people with flu from this age for an urgent GP appointment or NHS 111."""
FLU_NOT_IMPROVING_DAYS = 8
"""Flu that has not improved after 7 days goes to a GP urgently (the NHS)."""
FLU_AT_RISK = ("pregnancy", "diabetes", "heart_failure", "chronic_kidney_disease", "cancer")
"""Conditions the NHS names for an urgent appointment with flu (pregnancy, long-term conditions,
a weakened immune system)."""
VOMITING_TOO_LONG_DAYS = 3
"""Vomiting for more than two days goes to a GP urgently (the NHS)."""
DEHYDRATED = ("thirst", "weakness", "balance_problems", "wobbliness", "dark_urine")
NERVE_SIGNS = ("tingling", "numbness", "balance_problems")

BENIGN_CRAMP_SYMPTOMS = frozenset({"cramps", "soreness", "aches"})
NIGHT_TIMES = frozenset({"night", "at_rest"})
ONLY_CRAMPS = predicate(
    "includes cramps and nothing but cramps, soreness or aches",
    lambda values: "cramps" in values and values <= BENIGN_CRAMP_SYMPTOMS)
ONLY_AT_NIGHT = predicate(
    "includes night and nothing but night or at rest",
    lambda values: "night" in values and values <= NIGHT_TIMES)
CRAMP_AGE = 60
"""The NHS names ageing among the causes of ordinary leg cramps; from this age
sorewhy reads plain night cramps as that (its own reading of "older")."""
DIZZY_OR_WEAK = ("weakness", "balance_problems", "wobbliness", "tingling")
"""What the person may feel when fluid lost to vomiting or diarrhoea has upset
the salts: weakness, dizziness or unsteadiness, pins and needles."""
CONDITIONS_FOR_A_DOCTOR = (
    "chronic_kidney_disease", "malabsorption", "autoimmune_disease", "gitelman_syndrome", "anemia", "diabetes",
    "hypothyroidism", "peripheral_arterial_disease", "polymyalgia_rheumatica", "heart_failure", "heavy_periods",
    "cancer",
)
"""Diagnosed conditions that can cause deficiencies or muscle symptoms of their
own: every condition but pregnancy, whose leg cramps are ordinary (the NHS)."""

NHS_ATORVASTATIN = ref("NHS: Atorvastatin, serious side effects (call a doctor or 111 straight away for "
                      "unexplained muscle pain, tenderness or weakness: signs of muscle breakdown)",
                      "https://www.nhs.uk/medicines/atorvastatin/side-effects-of-atorvastatin/")
NHS_STATINS = ref("NHS: Statins, side effects (speak to a doctor about muscle pain, tenderness or weakness "
                  "that cannot be explained)", "https://www.nhs.uk/conditions/statins/side-effects/")
AVOID_INTERACTIONS = doc(D004, "How to Address Nutrient-Related Hamstring Pain", "avoid potential interactions")
NHS_SIMVASTATIN = ref("NHS: Simvastatin (some antibiotics, such as clarithromycin and erythromycin, increase "
                      "the chance of muscle side effects)", "https://www.nhs.uk/medicines/simvastatin/")
BNF_FENOFIBRATE = ref("BNF (NICE): Fenofibrate (muscle toxicity is more likely with a statin)",
                      "https://bnf.nice.org.uk/drugs/fenofibrate/")
NHS_SPIRONOLACTONE = ref("NHS: Spironolactone (it can raise the level of potassium in your blood)",
                         "https://www.nhs.uk/medicines/spironolactone/")
BNF_CORTICOSTEROIDS = ref("BNF (NICE): Corticosteroids, general use (side effects include proximal myopathy)",
                          "https://bnf.nice.org.uk/treatment-summaries/corticosteroids-general-use/")


FAQ_OTHER_SYMPTOMS = doc(D001, "Frequently Asked Questions",
                         "accompanied by other symptoms like fatigue or tingling")


class ReferralRules:
    """Rules about referral."""

    @rule(
        "referral.persistent",
        Person(duration_days=at_least(PERSISTENT_DAYS)),
        NOT(Inferred(what="ordinary_night_cramps")),
        effects=[Refer("see_doctor", "doctor_routine", see="gp"), Asserts("soreness_of_concern")],
        band="referral",
        sources=[
            FAQ_REST,
            doc(D002, "Key Points", "Persistent muscle soreness warrants a doctor's visit"),
            doc(D004, "Conclusion", "For persistent pain, a consultation with a healthcare provider"),
        ],
        note="The documents do not say how long 'persistent' is; "
             f"{PERSISTENT_DAYS} days or more is the project's own reading of it. They say 'see a "
             "doctor' with no hurry: a routine appointment. Mild night cramps of pregnancy or older "
             "age with nothing else (referral.night-cramps-ordinary) are not 'persistent soreness'.",
    )
    def referral_persistent(self):
        """Soreness that has lasted two weeks or more (sorewhy's reading of
        "persistent") should be checked by a doctor, who can look for a deficiency
        or another medical cause."""

    @rule(
        "referral.no-rest-relief",
        Person(improves_with_rest=False),
        effects=[Refer("see_doctor", "doctor_routine", see="gp"), Asserts("soreness_of_concern")],
        band="referral",
        sources=[FAQ_REST],
        note="Document 001 says to see a doctor, with no hurry: a routine appointment.",
    )
    def referral_no_rest_relief(self):
        """Soreness that does not get better with rest is not ordinary soreness from
        exercise: see a doctor."""

    @rule(
        "referral.severe",
        Person(severity="severe"),
        effects=[Refer("see_doctor", "doctor_soon", see="gp"), Asserts("soreness_of_concern")],
        band="referral",
        sources=[doc(D001, "Frequently Asked Questions", "or is severe, you should consult a doctor"),
                 ref("MedlinePlus: Muscle aches (contact your provider if the pain is severe and has no "
                     "clear cause)", "https://medlineplus.gov/ency/article/003178.htm")],
        note="Document 001 says to consult a doctor; MedlinePlus asks for contact with a provider for "
             "severe muscle pain without a clear cause, so sorewhy says within days, not a routine "
             "appointment.",
    )
    def referral_severe(self):
        """Severe muscle pain should be seen by a doctor rather than treated at home."""

    @rule(
        "referral.tingling-numbness",
        Person(symptoms=has_any("tingling", "numbness")),
        Inferred(what="soreness_of_concern"),
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[
            FAQ_OTHER_SYMPTOMS,
            doc(D001, "Key Points", "neurological symptoms such as tingling, numbness"),
        ],
    )
    def referral_tingling_numbness(self):
        """Tingling or numbness with soreness that is persistent, does not improve
        with rest or is severe points at the nerves (for example a lack of vitamin
        B12): see a doctor."""

    @rule(
        "referral.fatigue",
        Person(symptoms=has("fatigue")),
        Inferred(what="soreness_of_concern"),
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[
            FAQ_OTHER_SYMPTOMS,
            doc(D002, "Frequently Asked Questions",
                "A healthcare provider can confirm a deficiency with a simple blood test"),
        ],
    )
    def referral_fatigue(self):
        """Tiredness with soreness that is persistent, does not improve with rest or
        is severe can be a sign of a deficiency or another medical condition: see a
        doctor, who can test for it."""

    # --- medicines: a medicine refers only when the symptoms fit its muscle effect ---
    # (a statin with muscle pain it does not explain otherwise, a diuretic with cramps
    # or weakness, a statin with a medicine that raises its level, a steroid with
    # weakness). Other classes act through the nutrient they lower, or not at all.

    @rule(
        "referral.medication-statin",
        Person(drug_classes=has("statin")),
        NOT(Person(new_exercise=True)),
        NOT(Person(timing=has("after_exercise"), improves_with_rest=True)),
        effects=[Refer("urgent", "urgent_today", see="gp"), Supports("medication_effect", 0.2)],
        sources=[NHS_ATORVASTATIN, NHS_STATINS, MEDLINEPLUS_STATINS],
        note="Statins are outside the documents. The NHS pages of each statin (atorvastatin, "
             "simvastatin, rosuvastatin, pravastatin) ask anyone with unexplained muscle pain, "
             "tenderness, weakness or cramps to call a doctor or NHS 111 straight away: they can be "
             "signs of muscle breakdown. The general statins page says 'speak to a doctor'; sorewhy "
             "follows the medicine's own page, the more urgent of the two. Soreness explained by new "
             "exercise, or soreness after exercise that rest eases, is not unexplained: it does not "
             "refer on its own.",
    )
    def referral_medication_statin(self):
        """Muscle pain in someone taking a statin, not explained by new exercise,
        can be the statin damaging the muscle: contact a doctor or NHS 111 today
        (they can check a blood test for muscle damage and say whether to stop the
        statin)."""

    @rule(
        "referral.medication-statin-weakness",
        Person(drug_classes=has("statin"), symptoms=has("weakness")),
        effects=[Refer("urgent", "urgent_today", see="gp"), Supports("medication_effect", 0.2)],
        sources=[NHS_ATORVASTATIN, NHS_STATINS, MEDLINEPLUS_STATINS],
        note="Outside the documents: the NHS page of each statin asks anyone with unexplained muscle "
             "weakness to call a doctor or NHS 111 straight away (a sign of muscle breakdown); "
             "weakness is not what ordinary soreness after exercise brings, so exercise does not "
             "explain it away.",
    )
    def referral_medication_statin_weakness(self):
        """Muscle weakness in someone taking a statin, even after exercise, can be
        muscle damage from the statin: contact a doctor or NHS 111 today (they can
        say whether to stop the statin)."""

    @rule(
        "referral.medication-statin-fibrate",
        Person(drug_classes=has_all("statin", "fibrate")),
        effects=[Refer("see_doctor", "doctor_soon", see="gp")],
        sources=[BNF_FENOFIBRATE,
                 AVOID_INTERACTIONS],
        note="Outside the documents: the BNF warns that the risk of muscle damage rises when a fibrate is "
             "taken with a statin; with muscle symptoms that needs a doctor soon, whatever else may "
             "explain the soreness.",
    )
    def referral_medication_statin_fibrate(self):
        """A fibrate taken with a statin raises the risk of muscle damage: with sore
        muscles, see a doctor within a few days."""

    @rule(
        "referral.medication-statin-macrolide",
        Person(drug_classes=has_all("statin", "macrolide")),
        effects=[Refer("see_doctor", "doctor_soon", see="gp")],
        sources=[NHS_SIMVASTATIN,
                 AVOID_INTERACTIONS],
        note="Outside the documents: the NHS statin pages warn that some antibiotics (clarithromycin, "
             "erythromycin) raise the level of a statin and with it the risk of muscle side effects; with "
             "muscle symptoms that needs a doctor soon.",
    )
    def referral_medication_statin_macrolide(self):
        """An antibiotic such as clarithromycin or erythromycin taken with a statin
        raises the risk of muscle damage: with sore muscles, see a doctor within a
        few days."""

    @rule(
        "referral.medication-diuretic-weakness",
        Person(drug_classes=has_any(*DIURETICS, "potassium_sparing_diuretic"), symptoms=has("weakness")),
        effects=[Refer("see_doctor", "doctor_soon", see="gp")],
        sources=[THIAZIDE_SYMPTOMS_CLAIM, MEDLINEPLUS_FUROSEMIDE, NHS_SPIRONOLACTONE],
        note="The document ties thiazides to muscle symptoms; MedlinePlus and the NHS name muscle "
             "weakness on a diuretic as a sign of too little (or, with a potassium-sparing one, too "
             "much) potassium, which a blood test checks: a doctor within a few days.",
    )
    def referral_medication_diuretic_weakness(self):
        """Muscle weakness in someone taking a diuretic (a water pill) can mean the
        blood potassium is too low, or too high with a potassium-sparing one: see a
        doctor within a few days for a blood test."""

    @rule(
        "referral.medication-diuretic-cramps",
        Person(drug_classes=has_any(*DIURETICS), symptoms=has_any("cramps", "spasms")),
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[THIAZIDE_SYMPTOMS_CLAIM, MEDLINEPLUS_FUROSEMIDE],
        note="The document ties thiazides to these muscle symptoms through the potassium and magnesium "
             "they wash out; MedlinePlus names muscle cramps among furosemide's side effects to tell a "
             "doctor about: a routine appointment with the doctor who prescribed it.",
    )
    def referral_medication_diuretic_cramps(self):
        """Cramps or spasms in someone taking a diuretic (a water pill) can come from
        the minerals it washes out: book an appointment with the doctor who
        prescribed it, and do not stop it on your own."""

    @rule(
        "referral.medication-steroid-weakness",
        Person(drug_classes=has("corticosteroid"), symptoms=has("weakness")),
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[BNF_CORTICOSTEROIDS],
        note="Outside the documents: the BNF names muscle weakness (proximal myopathy) among the side "
             "effects of corticosteroids taken by mouth; a routine appointment, and the steroid is "
             "never stopped suddenly on one's own.",
    )
    def referral_medication_steroid_weakness(self):
        """Muscle weakness in someone taking steroids by mouth can be a side effect
        of the steroid: book an appointment with the doctor who prescribed it, and
        do not stop the steroid on your own."""

    @rule(
        "referral.condition",
        Person(conditions=has_any(*CONDITIONS_FOR_A_DOCTOR)),
        effects=[Refer("see_doctor", "doctor_routine")],
        sources=[doc(D001, "How to Address a Deficiency",
                     "Proper management of these conditions with a healthcare provider is essential")],
    )
    def referral_condition(self):
        """A diagnosed condition (such as kidney disease, malabsorption or an
        autoimmune disease) can cause deficiencies: have the muscle symptoms looked
        at by the doctor who manages it."""

    @rule(
        "referral.abnormal-lab",
        Lab(status=one_of("low", "high")),
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[
            doc(D002, "How to Address Deficiencies and Alleviate Sore Calves",
                "a proper diagnosis from a healthcare professional through blood tests"),
            doc(D001, "How to Address a Deficiency", "A doctor may recommend a blood test to check your levels"),
        ],
    )
    def referral_abnormal_lab(self):
        """A blood result outside its reference range (too low or too high) needs a
        doctor to interpret it and treat the cause."""

    @rule(
        "referral.calf-swelling-both-sides",
        Person(symptoms=has("calf_swelling"), one_sided=False),
        effects=[Refer("see_doctor", "doctor_soon", see="gp")],
        sources=[
            ref("MedlinePlus: Foot, leg, and ankle swelling (when to contact a medical professional)",
                "https://medlineplus.gov/ency/article/003104.htm"),
            ref("NHS: Swollen ankles, feet and legs (oedema)", "https://www.nhs.uk/conditions/oedema/"),
        ],
        note="Leg swelling is outside the documents. Swelling of both calves is less likely to be "
             "a clot than one-sided swelling (a red flag), but it can come from the heart, "
             "kidneys, veins or medicines; the NHS asks for a GP appointment if it has not gone "
             "in a few days, so sorewhy says within days.",
    )
    def referral_calf_swelling_both_sides(self):
        """Both calves swollen can have a cause in the heart, kidneys, veins or
        medicines: see a doctor. (Sudden breathlessness or chest pain with it needs
        care now.)"""

    @rule(
        "referral.water-overload-symptoms",
        Person(exercise_water_l_per_hour=MORE_THAN_THE_LIMIT, symptoms=has("wobbliness")),
        Inferred(what="long_or_intense_exercise"),
        effects=[Refer("see_doctor", "doctor_soon")],
        sources=[
            doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                "a condition called hyponatremia, in which sodium levels in the blood drop"),
            ref("MedlinePlus: Hyponatremia (low blood sodium)", "https://medlineplus.gov/ency/article/000394.htm"),
        ],
        note="The document names the risk; that low blood sodium with symptoms needs a doctor "
             "(and with confusion or seizures, care at once) comes from the outside reference. "
             "Symptoms of it are not left for a routine appointment: within days.",
    )
    def referral_water_overload_symptoms(self):
        """Feeling wobbly after drinking a lot of plain water during long or intense
        exercise can be low blood sodium, which a doctor should check; confusion or
        seizures with it need care at once."""

    @rule(
        "referral.one-sided-pain-older",
        Person(one_sided=True, age=at_least(OLDER_AGE)),
        effects=[Refer("see_doctor", "doctor_soon", see="gp"), Supports("possible_dvt", 0.2),
                 Asserts("clot_suspected")],
        band="referral",
        sources=[NHS_DVT, NICE_VTE],
        note="Outside the documents: the NHS says a clot in a deep vein (DVT) is more likely over "
             f"the age of {OLDER_AGE} and gives pain in one leg as a sign; NICE asks for a clinical "
             "assessment of a suspected DVT. One-sided pain at that age is not left to self-care; "
             "without swelling or another clot risk it is a doctor within days (the NHS asks for "
             "an urgent appointment when a DVT is suspected, which the clot-risk and swelling "
             "rules give).",
    )
    def referral_one_sided_pain_older(self):
        """Pain in one limb only, in someone aged 60 or more, can be a blood clot in a
        deep vein even without swelling: see a doctor to rule it out (and seek care
        now if the calf swells)."""

    @rule(
        "referral.one-sided-swelling-unknown",
        Person(one_sided=True),
        NOT(Person(symptoms=W())),
        effects=[Refer("see_doctor", "doctor_soon", see="gp"), Supports("possible_dvt", 0.2),
                 Asserts("clot_suspected")],
        band="referral",
        sources=[NHS_DVT, NICE_VTE],
        note="Outside the documents: pain with swelling in one leg is the NHS's sign of a clot. "
             "When only one limb hurts and it is not known whether it is swollen, sorewhy does not "
             "assume it is not: see a doctor within days (swelling makes it urgent).",
    )
    def referral_one_sided_swelling_unknown(self):
        """Pain in one limb only, when it is not known whether that calf is swollen,
        may be a blood clot: see a doctor, and seek care now if it is swollen."""

    # --- grown with #20 ---------------------------------------------------------------

    @rule(
        "referral.one-sided-pain-clot-risk",
        Person(one_sided=True, clot_risks=NOT_EMPTY),
        NOT(Person(recent_injury=True)),
        effects=[Refer("urgent", "urgent_today", see="gp"), Supports("possible_dvt", 0.5),
                 Asserts("clot_suspected")],
        sources=[NHS_DVT, NICE_VTE],
        note="Outside the documents: the NHS gives throbbing or cramping pain in one leg as a sign "
             "of a clot in a deep vein (DVT), more likely after long travel or immobility, surgery, "
             "in pregnancy or after birth, with cancer, on oestrogen or after an earlier clot, and "
             "asks for an urgent GP appointment or NHS 111 (care today). Swelling need not have "
             "been noticed; age does not matter. A pain that began with one injury is left to the "
             "other rules.",
    )
    def referral_one_sided_pain_clot_risk(self):
        """Pain in one leg or arm only, in someone with a risk of blood clots (a long
        journey or time immobile, recent surgery or a cast, cancer, pregnancy or the
        weeks after birth, oestrogen, or an earlier clot), may be a clot in a deep
        vein even without swelling: get medical help today."""

    @rule(
        "referral.weakness-with-fluid-loss",
        Person(fluid_losses=NOT_EMPTY, symptoms=has_any(*DIZZY_OR_WEAK)),
        effects=[Refer("see_doctor", "doctor_soon", see="gp")],
        sources=[NHS_DIARRHOEA_VOMITING],
        note="Outside the documents (which name the loss, not what to do): the NHS asks for help "
             "when vomiting or diarrhoea comes with signs of dehydration such as feeling dizzy or "
             "weak. Weakness, unsteadiness or tingling while losing fluid goes to a doctor within "
             "days, without waiting for it to become persistent.",
    )
    def referral_weakness_with_fluid_loss(self):
        """Weakness, dizziness, unsteadiness or tingling while vomiting or diarrhoea
        is going on can mean the body has lost too much fluid and salts: see a
        doctor within days, without waiting two weeks (sooner if you cannot keep
        fluids down)."""

    @rule(
        "referral.spreading-weakness",
        Person(symptoms=has("spreading_weakness")),
        effects=[Refer("see_doctor", "doctor_soon", see="gp"), Supports("progressive_weakness", 0.3)],
        sources=[NHS_GBS],
        note="Outside the documents: weakness that spreads or worsens over days is the start of "
             "the picture the NHS describes for Guillain-Barré syndrome. Without tingling or "
             "numbness (a red flag) it goes to a doctor within days.",
    )
    def referral_spreading_weakness(self):
        """Weakness that is spreading or getting worse over days needs a doctor's
        examination within days, and help today if tingling or numbness joins it."""

    @rule(
        "referral.claudication",
        Person(symptoms=has("pain_on_walking")),
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[NHS_PAD],
        note="Outside the documents: the NHS asks people who keep getting leg pain on walking "
             "that eases with rest to see a GP (narrowed leg arteries).",
    )
    def referral_claudication(self):
        """Leg pain that comes on with walking and eases within minutes of stopping
        can mean narrowed leg arteries: see a doctor, who can check the pulses in
        your legs."""

    @rule(
        "referral.pmr-features",
        Person(age=at_least(50), symptoms=has("morning_stiffness"),
               locations=has_any("neck", "shoulders", "hips")),
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[NHS_PMR],
        note="Outside the documents: the NHS asks for a GP visit for pain and stiffness of the "
             "shoulders, neck or hips lasting more than a week (polymyalgia rheumatica, which is "
             "treated with prescribed medicine).",
    )
    def referral_pmr_features(self):
        """Morning stiffness of the neck, shoulders or hips from the age of 50 can be
        polymyalgia rheumatica, which needs a doctor's diagnosis and treatment."""

    @rule(
        "referral.thyroid-symptoms",
        Person(symptoms=at_least_n_of(2, "cold_intolerance", "weight_gain", "fatigue")),
        NOT(Person(conditions=has("hypothyroidism"))),
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[NHS_UNDERACTIVE_THYROID],
        note="Outside the documents: the NHS asks people with symptoms of an underactive thyroid "
             "(tiredness, weight gain, feeling cold) to see a GP for a blood test. A diagnosed "
             "underactive thyroid is covered by referral.condition.",
    )
    def referral_thyroid_symptoms(self):
        """Two of feeling cold, putting on weight and tiredness with aching muscles
        can be an underactive thyroid: see a doctor for a blood test."""

    @rule(
        "referral.flu-older",
        Person(symptoms=has("fever"), age=at_least(FLU_AGE)),
        NOT(Person(onset="gradual")),
        effects=[Refer("urgent", "urgent_today", see="gp")],
        sources=[NHS_FLU],
        note="Outside the documents: the NHS asks people with flu symptoms aged 65 or over for an "
             "urgent GP appointment or NHS 111 (care today). Flu comes on quickly (the NHS); an "
             "illness known to have begun gradually is left to the other rules.",
    )
    def referral_flu_older(self):
        """A fever with aching muscles at 65 or over can be flu, which hits older
        people harder: get medical help today."""

    @rule(
        "referral.flu-not-improving",
        Person(symptoms=has("fever"), duration_days=at_least(FLU_NOT_IMPROVING_DAYS)),
        NOT(Person(onset="gradual")),
        effects=[Refer("urgent", "urgent_today", see="gp")],
        sources=[NHS_FLU],
        note="Outside the documents: the NHS asks for an urgent GP appointment or NHS 111 when flu "
             "symptoms do not improve after 7 days (care today).",
    )
    def referral_flu_not_improving(self):
        """A fever with aches that has not gone after a week is not a passing
        illness: get medical help today."""

    @rule(
        "referral.flu-at-risk",
        Person(symptoms=has("fever"), conditions=has_any(*FLU_AT_RISK)),
        NOT(Person(onset="gradual")),
        effects=[Refer("urgent", "urgent_today", see="gp")],
        sources=[NHS_FLU],
        note="Outside the documents: the NHS asks people with flu symptoms who are pregnant, have a "
             "long-term condition or a weakened immune system for an urgent GP appointment or NHS "
             "111 (care today).",
    )
    def referral_flu_at_risk(self):
        """A fever with aching muscles in pregnancy or with a long-term condition
        (diabetes, heart or kidney disease, cancer) needs medical help today."""

    @rule(
        "referral.vomiting-too-long",
        Person(fluid_losses=has("vomiting"), duration_days=at_least(VOMITING_TOO_LONG_DAYS),
               symptoms=has_any(*DEHYDRATED)),
        effects=[Refer("urgent", "urgent_today", see="gp")],
        sources=[NHS_DIARRHOEA_VOMITING],
        note="Outside the documents: the NHS asks for an urgent GP appointment or NHS 111 when "
             "vomiting has gone on for more than 2 days or comes with signs of dehydration; both "
             "together are care today.",
    )
    def referral_vomiting_too_long(self):
        """Being sick for more than two days with thirst, weakness or dizziness can
        leave the body short of water and salts: get medical help today."""

    @rule(
        "referral.nerve-symptoms-worsening",
        Person(symptoms=has_any(*NERVE_SIGNS), course="worsening"),
        NOT(Person(one_sided=True)),
        effects=[Refer("see_doctor", "doctor_soon", see="gp")],
        sources=[NHS_B12],
        note="Outside the documents: the NHS says a lack of vitamin B12 should be diagnosed and "
             "treated as soon as possible, since some nerve problems can become permanent. "
             "Tingling, numbness or unsteadiness that is getting worse goes to a doctor within "
             "days, not a routine appointment. Nerve damage from a deficiency affects both sides; "
             "one-sided tingling (a trapped nerve, as in sciatica) is left to the other rules.",
    )
    def referral_nerve_symptoms_worsening(self):
        """Tingling, numbness or unsteadiness that is getting worse can mean nerve
        damage (for example from a lack of vitamin B12) that may not fully recover
        if left: see a doctor within days."""

    @rule(
        "referral.low-b12-nerves",
        Lab(name="vitamin_b12_pg_ml", status="low"),
        Person(symptoms=has_any(*NERVE_SIGNS)),
        effects=[Refer("see_doctor", "doctor_soon", see="gp")],
        sources=[NHS_B12],
        note="Outside the documents: a low B12 result with tingling, numbness or unsteadiness is "
             "the nerve damage the NHS says to treat as soon as possible: a doctor within days.",
    )
    def referral_low_b12_nerves(self):
        """A low vitamin B12 result with tingling, numbness or unsteadiness means the
        nerves are already affected: see a doctor within days to start treatment."""

    @rule(
        "referral.low-potassium-symptoms",
        Lab(name="potassium_mmol_l", status="low"),
        Person(symptoms=has_any("cramps", "weakness", "fatigue", "constipation")),
        effects=[Refer("see_doctor", "doctor_soon", see="gp")],
        sources=[MEDLINEPLUS_LOW_POTASSIUM],
        note="Outside the documents: MedlinePlus says low potassium with symptoms needs treatment of "
             "its cause and can upset the heart rhythm; a low result with cramps or weakness goes to "
             "a doctor within days (a critically low one is urgent, labs.potassium-critically_low).",
    )
    def referral_low_potassium_symptoms(self):
        """A low blood potassium with cramps, weakness or tiredness is already
        affecting the muscles: see a doctor within days to treat its cause and
        recheck it."""

    @rule(
        "referral.night-cramps-pregnancy",
        Person(symptoms=ONLY_CRAMPS, timing=ONLY_AT_NIGHT, conditions=has("pregnancy")),
        NOT(Person(severity="severe")),
        NOT(Person(conditions=has_any(*CONDITIONS_FOR_A_DOCTOR))),
        effects=[Asserts("ordinary_night_cramps")],
        sources=[NHS_PREGNANCY_CRAMPS, NHS_LEG_CRAMPS],
        note="Outside the documents: the NHS calls leg cramps common in pregnancy, especially at "
             "night later on, and usually harmless; it asks for a GP only when they disturb sleep "
             "or come with numbness or swelling. Night cramps alone in pregnancy are therefore not "
             "referred for lasting two weeks; anything else that points to a cause (a low result, "
             "severe pain, no relief with rest) still refers.",
    )
    def referral_night_cramps_pregnancy(self):
        """Cramps that come only at night in pregnancy, with nothing but soreness or
        aches besides, are the ordinary kind looked after at home: having them for
        weeks is not on its own a reason to see a doctor (tell the midwife)."""

    @rule(
        "referral.night-cramps-older",
        Person(symptoms=ONLY_CRAMPS, timing=ONLY_AT_NIGHT, age=at_least(CRAMP_AGE)),
        NOT(Person(severity="severe")),
        NOT(Person(conditions=has_any(*CONDITIONS_FOR_A_DOCTOR))),
        effects=[Asserts("ordinary_night_cramps")],
        sources=[NHS_LEG_CRAMPS],
        note="Outside the documents: the NHS calls leg cramps common and usually harmless and names "
             "ageing among their causes; it asks for a GP only when they disturb sleep or come with "
             f"numbness or swelling. Night cramps alone from the age of {CRAMP_AGE} are therefore "
             "not referred for lasting two weeks; anything else that points to a cause (a low "
             "result, severe pain, no relief with rest) still refers.",
    )
    def referral_night_cramps_older(self):
        """Cramps that come only at night in an older person, with nothing but
        soreness or aches besides, are the ordinary kind of later life: having them
        for weeks is not on its own a reason to see a doctor."""

    @rule(
        "referral.night-cramps-mild",
        Person(symptoms=ONLY_CRAMPS, timing=ONLY_AT_NIGHT, severity="mild"),
        NOT(Person(conditions=has_any(*CONDITIONS_FOR_A_DOCTOR))),
        effects=[Asserts("ordinary_night_cramps")],
        sources=[NHS_LEG_CRAMPS],
        note="Outside the documents: the NHS calls leg cramps very common and usually harmless, most "
             "passing without treatment, and asks for a GP only when they disturb sleep or come with "
             "numbness or swelling. Mild night cramps with nothing else, at any age, are therefore "
             "not referred for lasting two weeks; anything else that points to a cause still refers.",
    )
    def referral_night_cramps_mild(self):
        """Mild cramps that come only at night, with nothing but soreness or aches
        besides, are the common harmless kind: having them for weeks is not on its
        own a reason to see a doctor."""

    @rule(
        "referral.self-care",
        Person(),
        NOT(Inferred(what="referred")),
        effects=[Refer("self_care", "self_care")],
        sources=[OVEREXERTION],
        maintainer="Fires only when no other referral rule has fired; it must stay the last rule "
                   "of the base.",
    )
    def referral_self_care(self):
        """With no sign that needs a doctor, sore muscles can first be looked after
        at home: diet, fluids, rest and stretching."""
