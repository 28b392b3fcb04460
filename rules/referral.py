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
    W,
    at_least,
    doc,
    has,
    has_all,
    has_any,
    one_of,
    ref,
    rule,
)
from sorewhy.rules.drug_classes import (
    DIURETICS,
    MEDLINEPLUS_FUROSEMIDE,
    MEDLINEPLUS_STATINS,
    THIAZIDE_SYMPTOMS_CLAIM,
)
from sorewhy.rules.redflags import NHS_DVT
from sorewhy.rules.sodium import MORE_THAN_THE_LIMIT  # one constraint object shared with sodium.water-overload

PERSISTENT_DAYS = 14
"""The project's reading of "persistent": the documents give no length of time."""

OLDER_AGE = 60
"""The NHS says a DVT is more likely in people over 60: one-sided leg pain from
this age is at least a reason to see a doctor."""

NICE_VTE = ref("NICE NG158: Venous thromboembolic diseases: diagnosis, management and thrombophilia testing",
               "https://www.nice.org.uk/guidance/ng158")


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
        effects=[Refer("see_doctor"), Asserts("soreness_of_concern")],
        band="referral",
        sources=[
            FAQ_REST,
            doc(D002, "Key Points", "Persistent muscle soreness warrants a doctor's visit"),
            doc(D004, "Conclusion", "For persistent pain, a consultation with a healthcare provider"),
        ],
        note="The documents do not say how long 'persistent' is; "
             f"{PERSISTENT_DAYS} days or more is the project's own reading of it.",
    )
    def referral_persistent(self):
        """Soreness that has lasted two weeks or more (sorewhy's reading of
        "persistent") should be checked by a doctor, who can look for a deficiency
        or another medical cause."""

    @rule(
        "referral.no-rest-relief",
        Person(improves_with_rest=False),
        effects=[Refer("see_doctor"), Asserts("soreness_of_concern")],
        band="referral",
        sources=[FAQ_REST],
    )
    def referral_no_rest_relief(self):
        """Soreness that does not get better with rest is not ordinary soreness from
        exercise: see a doctor."""

    @rule(
        "referral.severe",
        Person(severity="severe"),
        effects=[Refer("see_doctor"), Asserts("soreness_of_concern")],
        band="referral",
        sources=[doc(D001, "Frequently Asked Questions", "or is severe, you should consult a doctor")],
    )
    def referral_severe(self):
        """Severe muscle pain should be seen by a doctor rather than treated at home."""

    @rule(
        "referral.tingling-numbness",
        Person(symptoms=has_any("tingling", "numbness")),
        Inferred(what="soreness_of_concern"),
        effects=[Refer("see_doctor")],
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
        effects=[Refer("see_doctor")],
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
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[NHS_STATINS, MEDLINEPLUS_STATINS],
        note="Statins are outside the documents. The NHS asks anyone taking a statin who has muscle pain, "
             "tenderness or weakness that cannot be explained (for example, not by physical work) to "
             "speak to a doctor, who can test for muscle damage: an appointment with the GP, sooner "
             "with a statin's interaction, and care now with dark urine (a red flag). Soreness "
             "explained by new exercise, or soreness after exercise that rest eases, is not that: it "
             "does not refer on its own.",
    )
    def referral_medication_statin(self):
        """Muscle pain in someone taking a statin, not explained by new exercise,
        can be the statin's side effect: book an appointment with a doctor (they
        can check a blood test for muscle damage), and do not stop the statin on
        your own."""

    @rule(
        "referral.medication-statin-weakness",
        Person(drug_classes=has("statin"), symptoms=has("weakness")),
        effects=[Refer("see_doctor", "doctor_routine", see="gp")],
        sources=[NHS_STATINS, MEDLINEPLUS_STATINS],
        note="Outside the documents: the NHS names unexplained muscle weakness in someone taking a "
             "statin as a sign of muscle damage to speak to a doctor about; weakness is not what "
             "ordinary soreness after exercise brings, so exercise does not explain it away.",
    )
    def referral_medication_statin_weakness(self):
        """Muscle weakness in someone taking a statin, even after exercise, can be
        muscle damage from the statin: book an appointment with a doctor, and do
        not stop the statin on your own."""

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
        Person(conditions=NOT_EMPTY),
        effects=[Refer("see_doctor")],
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
        effects=[Refer("see_doctor")],
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
        effects=[Refer("see_doctor")],
        sources=[
            ref("MedlinePlus: Foot, leg, and ankle swelling (when to contact a medical professional)",
                "https://medlineplus.gov/ency/article/003104.htm"),
            ref("NHS: Swollen ankles, feet and legs (oedema)", "https://www.nhs.uk/conditions/oedema/"),
        ],
        note="Leg swelling is outside the documents. Swelling of both calves is less likely to be "
             "a clot than one-sided swelling (a red flag), but it can come from the heart, "
             "kidneys, veins or medicines and should be checked by a doctor.",
    )
    def referral_calf_swelling_both_sides(self):
        """Both calves swollen can have a cause in the heart, kidneys, veins or
        medicines: see a doctor. (Sudden breathlessness or chest pain with it needs
        care now.)"""

    @rule(
        "referral.water-overload-symptoms",
        Person(exercise_water_l_per_hour=MORE_THAN_THE_LIMIT, symptoms=has("wobbliness")),
        Inferred(what="long_or_intense_exercise"),
        effects=[Refer("see_doctor")],
        sources=[
            doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                "a condition called hyponatremia, in which sodium levels in the blood drop"),
            ref("MedlinePlus: Hyponatremia (low blood sodium)", "https://medlineplus.gov/ency/article/000394.htm"),
        ],
        note="The document names the risk; that low blood sodium with symptoms needs a doctor "
             "(and with confusion or seizures, care at once) comes from the outside reference.",
    )
    def referral_water_overload_symptoms(self):
        """Feeling wobbly after drinking a lot of plain water during long or intense
        exercise can be low blood sodium, which a doctor should check; confusion or
        seizures with it need care at once."""

    @rule(
        "referral.one-sided-pain-older",
        Person(one_sided=True, age=at_least(OLDER_AGE)),
        effects=[Refer("see_doctor"), Asserts("clot_suspected")],
        band="referral",
        sources=[NHS_DVT, NICE_VTE],
        note="Outside the documents: the NHS says a clot in a deep vein (DVT) is more likely over "
             f"the age of {OLDER_AGE} and gives pain in one leg as a sign; NICE asks for a clinical "
             "assessment of a suspected DVT. One-sided pain at that age is not left to self-care.",
    )
    def referral_one_sided_pain_older(self):
        """Pain in one limb only, in someone aged 60 or more, can be a blood clot in a
        deep vein even without swelling: see a doctor to rule it out (and seek care
        now if the calf swells)."""

    @rule(
        "referral.one-sided-swelling-unknown",
        Person(one_sided=True),
        NOT(Person(symptoms=W())),
        effects=[Refer("see_doctor"), Asserts("clot_suspected")],
        band="referral",
        sources=[NHS_DVT, NICE_VTE],
        note="Outside the documents: pain with swelling in one leg is the NHS's sign of a clot. "
             "When only one limb hurts and it is not known whether it is swollen, sorewhy does not "
             "assume it is not: see a doctor (swelling makes it urgent).",
    )
    def referral_one_sided_swelling_unknown(self):
        """Pain in one limb only, when it is not known whether that calf is swollen,
        may be a blood clot: see a doctor, and seek care now if it is swollen."""

    @rule(
        "referral.self-care",
        Person(),
        NOT(Inferred(what="referred")),
        effects=[Refer("self_care")],
        sources=[OVEREXERTION],
        maintainer="Fires only when no other referral rule has fired; it must stay the last rule "
                   "of the base.",
    )
    def referral_self_care(self):
        """With no sign that needs a doctor, sore muscles can first be looked after
        at home: diet, fluids, rest and stretching."""
