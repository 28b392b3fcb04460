"""Other causes of sore muscles: explanations of kind `other` that the five
documents never name, each read from the NHS or MedlinePlus page on it.

The documents explain sore muscles by nutrients, fluids and exercise. A
person's aches are often something else: narrowed leg arteries (pain on
walking that eases with rest), an irritated sciatic nerve (pain shooting down
one leg), polymyalgia rheumatica (morning stiffness of the shoulders and hips
after 50), an underactive thyroid, a viral illness, pressure inside a muscle
(compartment syndrome), muscle breakdown (rhabdomyolysis), weakness spreading
from the nerves (a Guillain-Barré-like picture), the leg cramps of pregnancy and
the ordinary night cramps of older age. Every rule here cites the public page
it is read from and says why in its note; urgent referrals for the dangerous
ones are red flags (redflags.py), other referrals sit in referral.py.
"""

from __future__ import annotations

from sorewhy.rules.base import (
    Against,
    Lab,
    Person,
    Supports,
    at_least,
    at_most,
    has,
    has_all,
    has_any,
    rule,
)
from sorewhy.rules.exercise import MEDLINEPLUS_ACHES
from sorewhy.rules.redflags import (
    EXERTION,
    MEDLINEPLUS_RHABDOMYOLYSIS,
    NERVE_SYMPTOMS,
    NHS_COMPARTMENT,
    NHS_GBS,
    NHS_SCIATICA,
)
from sorewhy.rules.referral import (
    CRAMP_AGE,
    NHS_FLU,
    NHS_LEG_CRAMPS,
    NHS_PAD,
    NHS_PMR,
    NHS_PREGNANCY_CRAMPS,
    NHS_UNDERACTIVE_THYROID,
    ONLY_AT_NIGHT,
    ONLY_CRAMPS,
)
from sorewhy.rules.relations import table_rule

PMR_AGE = 50
"""The NHS says polymyalgia rheumatica is very rare under 50."""
PAD_AGE = 60
"""Narrowed leg arteries become common with age (the NHS names age among the risks)."""
VIRAL_SHORT_DAYS = 7
"""The NHS says most people with flu feel better within a week."""
VIRAL_TOO_LONG_DAYS = 21
"""Aches with a fever for three weeks or more are not a passing viral illness
(sorewhy's cautious reading of the NHS's 'within a week')."""

CRAMPING_MEDICINES = ("thiazide_diuretic", "loop_diuretic", "diuretic", "statin")
"""Medicines the NHS names among the causes of leg cramps (diuretics, statins)."""

CRAMPS_WITH_A_CAUSE = ("numbness", "tingling", "calf_swelling", "weakness", "pale_skin", "restless_legs",
                       "spasms", "twitching")
"""Signs besides cramps that point to a cause (a deficiency, nerves, a clot)."""
CRAMPING_CONDITIONS = ("chronic_kidney_disease", "diabetes", "hypothyroidism", "peripheral_arterial_disease",
                       "gitelman_syndrome")
"""Diagnosed conditions that can cause cramps of their own."""

GIRDLE = ("neck", "shoulders", "hips")
"""The places polymyalgia rheumatica stiffens."""
FEVERISH = ("fever", "unwell")
ACHING = ("aches", "soreness")


class OtherCauseRules:
    """Rules about the other causes of sore muscles (kind `other`)."""

    # --- narrowed leg arteries (peripheral arterial disease) -------------------------

    @rule(
        "other.claudication",
        Person(symptoms=has("pain_on_walking")),
        effects=[Supports("peripheral_arterial_disease", 0.5)],
        sources=[NHS_PAD],
        note="Outside the documents: the NHS gives a painful ache in the legs brought on by walking "
             "that goes away after a few minutes' rest (intermittent claudication) as the main "
             "symptom of peripheral arterial disease.",
    )
    def other_claudication(self):
        """Leg pain that walking brings on and a few minutes' rest takes away is the
        typical pain of narrowed leg arteries (claudication)."""

    @rule(
        "other.claudication-eases-with-rest",
        Person(symptoms=has("pain_on_walking"), improves_with_rest=True),
        effects=[Supports("peripheral_arterial_disease", 0.25)],
        sources=[NHS_PAD],
        note="Outside the documents: the NHS says the pain of narrowed leg arteries usually goes "
             "away after a few minutes when you rest your legs.",
    )
    def other_claudication_eases_with_rest(self):
        """Pain on walking that rest relieves fits narrowed leg arteries: resting
        muscles need less blood than working ones."""

    @rule(
        "other.claudication-smoker",
        Person(symptoms=has("pain_on_walking"), smoker=True),
        effects=[Supports("peripheral_arterial_disease", 0.3)],
        sources=[NHS_PAD],
        note="Outside the documents: the NHS names smoking as the most important avoidable cause "
             "of peripheral arterial disease.",
    )
    def other_claudication_smoker(self):
        """Smoking is the strongest avoidable cause of narrowed leg arteries, so pain
        on walking in a smoker points further to them."""

    @rule(
        "other.claudication-older",
        Person(symptoms=has("pain_on_walking"), age=at_least(PAD_AGE)),
        effects=[Supports("peripheral_arterial_disease", 0.2)],
        sources=[NHS_PAD],
        note="Outside the documents: the NHS says peripheral arterial disease becomes more common "
             f"with age; sorewhy counts it from {PAD_AGE}.",
    )
    def other_claudication_older(self):
        """Narrowed leg arteries are more common in older people, so pain on walking
        from the age of 60 points further to them."""

    @rule(
        "other.claudication-diabetes",
        Person(symptoms=has("pain_on_walking"), conditions=has("diabetes")),
        effects=[Supports("peripheral_arterial_disease", 0.2)],
        sources=[NHS_PAD],
        note="Outside the documents: the NHS names diabetes among the causes of peripheral "
             "arterial disease.",
    )
    def other_claudication_diabetes(self):
        """Diabetes damages arteries, so pain on walking in someone with diabetes
        points further to narrowed leg arteries."""

    @rule(
        "other.pad-diagnosed",
        Person(conditions=has("peripheral_arterial_disease"), symptoms=has_any("pain_on_walking", "cramps", "aches")),
        effects=[Supports("peripheral_arterial_disease", 0.5)],
        sources=[NHS_PAD],
        note="Outside the documents: in someone already diagnosed with peripheral arterial disease, "
             "aching or cramping legs are most likely that disease (the NHS page).",
    )
    def other_pad_diagnosed(self):
        """Aching or cramping legs in someone already diagnosed with narrowed leg
        arteries are most likely that condition."""

    @rule(
        "other.claudication-no-rest-relief",
        Person(symptoms=has("pain_on_walking"), improves_with_rest=False),
        effects=[Against("peripheral_arterial_disease", 0.4)],
        sources=[NHS_PAD],
        note="Outside the documents: the NHS says claudication goes away within minutes of rest; "
             "pain that rest does not relieve is something else (or, if constant, needs urgent care).",
    )
    def other_claudication_no_rest_relief(self):
        """Pain on walking that rest does not ease is not the typical pain of narrowed
        leg arteries, which fades within minutes of stopping."""

    # --- sciatica -----------------------------------------------------------------

    @rule(
        "other.sciatica-radiating",
        Person(symptoms=has("radiating_pain")),
        effects=[Supports("sciatica", 0.5)],
        sources=[NHS_SCIATICA],
        note="Outside the documents: the NHS describes sciatica as pain, tingling or numbness "
             "shooting from the bottom down the back of the leg.",
    )
    def other_sciatica_radiating(self):
        """Pain that shoots down a leg is the typical pain of an irritated sciatic
        nerve (sciatica)."""

    @rule(
        "other.sciatica-back-pain",
        Person(symptoms=has_all("radiating_pain", "back_pain")),
        effects=[Supports("sciatica", 0.25)],
        sources=[NHS_SCIATICA],
        note="Outside the documents: the NHS says sciatica often comes with back pain, though the "
             "back is usually less painful than the leg.",
    )
    def other_sciatica_back_pain(self):
        """Back pain with pain shooting down a leg points to a nerve being pressed on
        in the lower back."""

    @rule(
        "other.sciatica-buttock-thigh",
        Person(symptoms=has("radiating_pain"), locations=has_any("buttocks", "hamstrings")),
        effects=[Supports("sciatica", 0.25)],
        sources=[NHS_SCIATICA],
        note="Outside the documents: the NHS says sciatica is felt in the bottom and the back of "
             "the leg, the path of the sciatic nerve.",
    )
    def other_sciatica_buttock_thigh(self):
        """Shooting pain in the buttock or the back of the thigh follows the path of
        the sciatic nerve."""

    @rule(
        "other.sciatica-one-sided",
        Person(symptoms=has("radiating_pain"), one_sided=True),
        effects=[Supports("sciatica", 0.2)],
        sources=[NHS_SCIATICA],
        note="Outside the documents: sciatica usually affects one leg; on both sides the NHS asks "
             "for urgent care.",
    )
    def other_sciatica_one_sided(self):
        """Shooting pain in one leg only fits one irritated nerve root better than a
        cause that affects the whole body."""

    @rule(
        "other.sciatica-whole-body",
        Person(symptoms=has("radiating_pain"), locations=has("whole_body")),
        effects=[Against("sciatica", 0.4)],
        sources=[NHS_SCIATICA],
        note="Outside the documents: sciatica follows one nerve down the leg; aches all over the "
             "body are not what it causes.",
    )
    def other_sciatica_whole_body(self):
        """Aches all over the body are not what one irritated nerve in the back
        causes, even with some shooting pain."""

    # --- polymyalgia rheumatica ----------------------------------------------------

    @rule(
        "other.pmr-morning-stiffness",
        Person(symptoms=has("morning_stiffness"), locations=has_any(*GIRDLE)),
        effects=[Supports("polymyalgia_rheumatica", 0.4)],
        sources=[NHS_PMR],
        note="Outside the documents: the NHS gives pain and stiffness of the shoulders, neck and "
             "hips, worst in the morning, as the main symptom of polymyalgia rheumatica.",
    )
    def other_pmr_morning_stiffness(self):
        """Morning stiffness of the neck, shoulders or hips is the main sign of
        polymyalgia rheumatica."""

    @rule(
        "other.pmr-age",
        Person(symptoms=has("morning_stiffness"), locations=has_any(*GIRDLE), age=at_least(PMR_AGE)),
        effects=[Supports("polymyalgia_rheumatica", 0.3)],
        sources=[NHS_PMR],
        note="Outside the documents: the NHS says polymyalgia rheumatica is more common over 70 "
             f"and very rare under {PMR_AGE}.",
    )
    def other_pmr_age(self):
        """Polymyalgia rheumatica affects people over 50, most often over 70, so
        girdle stiffness at that age points further to it."""

    @rule(
        "other.pmr-both-sides",
        Person(symptoms=has("morning_stiffness"), locations=has_any("shoulders", "hips"), one_sided=False),
        effects=[Supports("polymyalgia_rheumatica", 0.2)],
        sources=[NHS_PMR],
        note="Outside the documents: the NHS says both sides of the body are usually affected.",
    )
    def other_pmr_both_sides(self):
        """Polymyalgia rheumatica stiffens both shoulders or both hips, not one."""

    @rule(
        "other.pmr-tired",
        Person(symptoms=has_all("morning_stiffness", "fatigue"), locations=has_any(*GIRDLE)),
        effects=[Supports("polymyalgia_rheumatica", 0.15)],
        sources=[NHS_PMR],
        note="Outside the documents: the NHS says people with polymyalgia rheumatica often feel "
             "very tired.",
    )
    def other_pmr_tired(self):
        """Tiredness often comes with the girdle stiffness of polymyalgia rheumatica."""

    @rule(
        "other.pmr-diagnosed",
        Person(conditions=has("polymyalgia_rheumatica")),
        effects=[Supports("polymyalgia_rheumatica", 0.6)],
        sources=[NHS_PMR],
        note="Outside the documents: sore, stiff muscles in someone diagnosed with polymyalgia "
             "rheumatica are first of all that condition (the NHS page).",
    )
    def other_pmr_diagnosed(self):
        """In someone already diagnosed with polymyalgia rheumatica, aching stiff
        muscles are most likely that condition, perhaps not fully controlled."""

    @rule(
        "other.pmr-young",
        Person(symptoms=has("morning_stiffness"), age=at_most(PMR_AGE - 1)),
        effects=[Against("polymyalgia_rheumatica", 0.6)],
        sources=[NHS_PMR],
        note=f"Outside the documents: the NHS says polymyalgia rheumatica is very rare under {PMR_AGE}.",
    )
    def other_pmr_young(self):
        """Polymyalgia rheumatica is very rare before the age of 50."""

    # --- underactive thyroid -------------------------------------------------------

    @rule(
        "other.thyroid-cold-weight",
        Person(symptoms=has_all("cold_intolerance", "weight_gain")),
        effects=[Supports("hypothyroidism", 0.4)],
        sources=[NHS_UNDERACTIVE_THYROID],
        note="Outside the documents: the NHS lists feeling cold, weight gain, tiredness and muscle "
             "aches, cramps and weakness among the symptoms of an underactive thyroid.",
    )
    def other_thyroid_cold_weight(self):
        """Feeling the cold and putting on weight together, with aching muscles, are
        signs of an underactive thyroid."""

    @rule(
        "other.thyroid-cold",
        Person(symptoms=has("cold_intolerance")),
        effects=[Supports("hypothyroidism", 0.2)],
        sources=[NHS_UNDERACTIVE_THYROID],
        note="Outside the documents: the NHS lists being sensitive to cold among the symptoms of an "
             "underactive thyroid.",
    )
    def other_thyroid_cold(self):
        """Feeling the cold more than others do is a sign of an underactive thyroid."""

    @rule(
        "other.thyroid-weight-tired",
        Person(symptoms=has_all("weight_gain", "fatigue")),
        effects=[Supports("hypothyroidism", 0.2)],
        sources=[NHS_UNDERACTIVE_THYROID],
        note="Outside the documents: the NHS lists tiredness and weight gain among the symptoms of "
             "an underactive thyroid.",
    )
    def other_thyroid_weight_tired(self):
        """Tiredness with weight gain is a sign of an underactive thyroid."""

    @rule(
        "other.thyroid-diagnosed",
        Person(conditions=has("hypothyroidism")),
        effects=[Supports("hypothyroidism", 0.5)],
        sources=[NHS_UNDERACTIVE_THYROID],
        note="Outside the documents: muscle aches, cramps and weakness are symptoms of an "
             "underactive thyroid (the NHS page), including one not yet well controlled.",
    )
    def other_thyroid_diagnosed(self):
        """In someone with a diagnosed underactive thyroid, aching muscles may mean the
        treatment needs checking."""

    # --- a viral illness -------------------------------------------------------------

    @rule(
        "other.viral-fever-aches",
        Person(symptoms=has("fever") & has_any(*ACHING)),
        effects=[Supports("viral_illness", 0.5)],
        sources=[NHS_FLU, MEDLINEPLUS_ACHES],
        note="Outside the documents: the NHS gives a high temperature with an aching body as the "
             "symptoms of flu; MedlinePlus names infections among the common causes of muscle aches.",
    )
    def other_viral_fever_aches(self):
        """Aching muscles with a fever are most often an infection such as flu."""

    @rule(
        "other.viral-unwell-aches",
        Person(symptoms=has("unwell") & has_any(*ACHING)),
        effects=[Supports("viral_illness", 0.3)],
        sources=[NHS_FLU],
        note="Outside the documents: the NHS gives feeling exhausted and unwell with an aching body "
             "as symptoms of flu.",
    )
    def other_viral_unwell_aches(self):
        """Aching muscles while feeling generally ill fit an infection such as flu."""

    @rule(
        "other.viral-whole-body",
        Person(symptoms=has_any(*FEVERISH), locations=has("whole_body")),
        effects=[Supports("viral_illness", 0.2)],
        sources=[NHS_FLU],
        note="Outside the documents: an infection makes the whole body ache (the NHS: 'an aching body').",
    )
    def other_viral_whole_body(self):
        """Aches all over the body with a fever or feeling ill fit an infection, which
        affects the whole body."""

    @rule(
        "other.viral-short",
        Person(symptoms=has_any(*FEVERISH), duration_days=at_most(VIRAL_SHORT_DAYS)),
        effects=[Supports("viral_illness", 0.2)],
        sources=[NHS_FLU],
        note="Outside the documents: the NHS says most people with flu feel better within a week.",
    )
    def other_viral_short(self):
        """A feverish illness of a week or less fits a passing viral infection."""

    @rule(
        "other.viral-sudden",
        Person(symptoms=has_any(*FEVERISH), onset="sudden"),
        effects=[Supports("viral_illness", 0.15)],
        sources=[NHS_FLU],
        note="Outside the documents: the NHS says flu symptoms come on very quickly.",
    )
    def other_viral_sudden(self):
        """A feverish illness that began suddenly fits an infection such as flu."""

    @rule(
        "other.viral-too-long",
        Person(symptoms=has_any(*FEVERISH), duration_days=at_least(VIRAL_TOO_LONG_DAYS)),
        effects=[Against("viral_illness", 0.5)],
        sources=[NHS_FLU],
        note="Outside the documents: the NHS says flu usually passes within a week; sorewhy argues "
             f"against a passing infection from {VIRAL_TOO_LONG_DAYS} days on.",
    )
    def other_viral_too_long(self):
        """A feverish illness that has gone on for three weeks or more is not an
        ordinary passing infection."""

    # --- compartment syndrome ----------------------------------------------------------

    @rule(
        "other.compartment-after-exertion",
        Person(symptoms=has("tense_swelling"), timing=has_any(*EXERTION)),
        effects=[Supports("compartment_syndrome", 0.4)],
        sources=[NHS_COMPARTMENT],
        note="Outside the documents: the NHS says compartment syndrome can follow exercise as well "
             "as an injury.",
    )
    def other_compartment_after_exertion(self):
        """A tense, swollen, very painful muscle during or after exertion fits pressure
        building inside it (compartment syndrome)."""

    @rule(
        "other.compartment-new-exercise",
        Person(symptoms=has("tense_swelling"), new_exercise=True),
        effects=[Supports("compartment_syndrome", 0.2)],
        sources=[NHS_COMPARTMENT],
        note="Outside the documents: unaccustomed, hard exertion (a long march, a first long run) "
             "is how exercise-related compartment syndrome begins.",
    )
    def other_compartment_new_exercise(self):
        """A tense, swollen muscle after new or unaccustomed exercise points further to
        pressure building inside it."""

    @rule(
        "other.compartment-nerves",
        Person(symptoms=has("tense_swelling") & has_any(*NERVE_SYMPTOMS)),
        effects=[Supports("compartment_syndrome", 0.2)],
        sources=[NHS_COMPARTMENT],
        note="Outside the documents: the NHS lists numbness and pins and needles among the "
             "symptoms of compartment syndrome.",
    )
    def other_compartment_nerves(self):
        """Numbness or pins and needles in a tense, swollen muscle mean the pressure
        is reaching its nerves."""

    @rule(
        "other.compartment-after-injury",
        Person(symptoms=has("tense_swelling"), recent_injury=True),
        effects=[Supports("compartment_syndrome", 0.4), Against("muscle_strain", 0.3)],
        sources=[NHS_COMPARTMENT],
        note="Outside the documents: the NHS says acute compartment syndrome usually follows an "
             "injury (a blow, a broken bone, a tight cast); a tense, swollen, very painful muscle "
             "after one is that emergency rather than a simple strain.",
    )
    def other_compartment_after_injury(self):
        """A muscle that is tense, swollen and very painful after a blow or injury
        points to pressure building inside it, not just a pulled muscle."""

    @rule(
        "other.compartment-exercise-pattern",
        Person(timing=has("during_exercise"), improves_with_rest=True,
               symptoms=has_any("tension", "numbness", "tingling", "calf_swelling")),
        effects=[Supports("compartment_syndrome", 0.4)],
        sources=[NHS_COMPARTMENT],
        note="Outside the documents: the NHS describes chronic compartment syndrome as pain, "
             "tightness, numbness or swelling that comes on gradually during exercise and goes "
             "away with rest, and asks for a GP visit.",
    )
    def other_compartment_exercise_pattern(self):
        """Tightness, numbness or swelling of a muscle that comes during exercise and
        goes with rest fits pressure building inside it while it works (chronic
        compartment syndrome)."""

    # --- muscle breakdown (rhabdomyolysis) -------------------------------------------------

    @rule(
        "other.rhabdo-after-exertion",
        Person(symptoms=has("dark_urine"), timing=has_any(*EXERTION)),
        effects=[Supports("rhabdomyolysis", 0.3)],
        sources=[MEDLINEPLUS_RHABDOMYOLYSIS],
        note="Outside the documents: MedlinePlus names severe exertion among the causes of "
             "rhabdomyolysis and dark urine as its sign.",
    )
    def other_rhabdo_after_exertion(self):
        """Dark urine after hard exercise can mean muscle breaking down and spilling
        into the blood."""

    @rule(
        "other.rhabdo-hard-training",
        Person(symptoms=has("dark_urine"), new_exercise=True),
        effects=[Supports("rhabdomyolysis", 0.2)],
        sources=[MEDLINEPLUS_RHABDOMYOLYSIS],
        note="Outside the documents: MedlinePlus names severe exertion, especially unaccustomed, "
             "among the causes of rhabdomyolysis.",
    )
    def other_rhabdo_hard_training(self):
        """Dark urine after new or unaccustomed exercise points further to muscle
        breakdown."""

    @rule(
        "other.rhabdo-statin",
        Person(symptoms=has("dark_urine"), drug_classes=has("statin")),
        effects=[Supports("rhabdomyolysis", 0.3)],
        sources=[MEDLINEPLUS_RHABDOMYOLYSIS],
        note="Outside the documents: MedlinePlus names some medicines, statins among them, as "
             "causes of rhabdomyolysis.",
    )
    def other_rhabdo_statin(self):
        """Dark urine with aching muscles in someone taking a statin can be the rare
        muscle breakdown statins cause."""

    @rule(
        "other.rhabdo-weak-aching",
        Person(symptoms=has("dark_urine") & has_any("weakness", "aches", "soreness")),
        effects=[Supports("rhabdomyolysis", 0.2)],
        sources=[MEDLINEPLUS_RHABDOMYOLYSIS],
        note="Outside the documents: MedlinePlus lists muscle weakness, stiffness and aching with "
             "dark urine as the symptoms of rhabdomyolysis.",
    )
    def other_rhabdo_weak_aching(self):
        """Weak, aching muscles with dark urine are the picture of muscle breakdown."""

    # --- spreading weakness (a Guillain-Barré-like picture) ---------------------------------

    @rule(
        "other.weakness-after-diarrhoea",
        Person(symptoms=has("spreading_weakness"), fluid_losses=has("diarrhea")),
        effects=[Supports("progressive_weakness", 0.3)],
        sources=[NHS_GBS],
        note="Outside the documents: the NHS says Guillain-Barré syndrome often follows an "
             "infection such as food poisoning (a diarrhoeal illness).",
    )
    def other_weakness_after_diarrhoea(self):
        """Weakness spreading over days after a bout of diarrhoea fits the nerve
        illness that can follow a gut infection (Guillain-Barré syndrome)."""

    @rule(
        "other.weakness-both-sides",
        Person(symptoms=has("spreading_weakness"), one_sided=False),
        effects=[Supports("progressive_weakness", 0.2)],
        sources=[NHS_GBS],
        note="Outside the documents: the NHS says Guillain-Barré syndrome affects both sides, "
             "usually the feet and hands first.",
    )
    def other_weakness_both_sides(self):
        """Weakness spreading on both sides of the body fits a nerve illness rather
        than one injured muscle."""

    @rule(
        "other.weakness-unsteady",
        Person(symptoms=has("spreading_weakness") & has_any("balance_problems", "wobbliness")),
        effects=[Supports("progressive_weakness", 0.15)],
        sources=[NHS_GBS],
        note="Outside the documents: the NHS lists problems with balance and co-ordination among "
             "the first symptoms of Guillain-Barré syndrome.",
    )
    def other_weakness_unsteady(self):
        """Unsteadiness with spreading weakness points further to the nerves."""

    # --- leg cramps of pregnancy -----------------------------------------------------------

    @rule(
        "other.pregnancy-cramps",
        Person(conditions=has("pregnancy"), symptoms=has("cramps")),
        effects=[Supports("pregnancy_cramps", 0.5)],
        sources=[NHS_PREGNANCY_CRAMPS],
        note="Outside the documents: the NHS says leg cramps are common in pregnancy.",
    )
    def other_pregnancy_cramps(self):
        """Leg cramps are common in pregnancy and usually harmless."""

    @rule(
        "other.pregnancy-night-cramps",
        Person(conditions=has("pregnancy"), symptoms=has("cramps"), timing=has("night")),
        effects=[Supports("pregnancy_cramps", 0.3)],
        sources=[NHS_PREGNANCY_CRAMPS],
        note="Outside the documents: the NHS says the leg cramps of pregnancy mostly come at night.",
    )
    def other_pregnancy_night_cramps(self):
        """The leg cramps of pregnancy mostly come at night."""

    @rule(
        "other.pregnancy-cramps-calf-foot",
        Person(conditions=has("pregnancy"), symptoms=has("cramps"), locations=has_any("calves", "feet")),
        effects=[Supports("pregnancy_cramps", 0.2)],
        sources=[NHS_PREGNANCY_CRAMPS],
        note="Outside the documents: the NHS says the cramps of pregnancy are felt in the calf or foot.",
    )
    def other_pregnancy_cramps_calf_foot(self):
        """The cramps of pregnancy are felt in the calves and feet."""

    @rule(
        "other.pregnancy-cramps-mild",
        Person(conditions=has("pregnancy"), symptoms=has("cramps"), severity="mild"),
        effects=[Supports("pregnancy_cramps", 0.15)],
        sources=[NHS_PREGNANCY_CRAMPS],
        note="Outside the documents: the ordinary cramps of pregnancy pass within minutes and are "
             "usually harmless (the NHS page).",
    )
    def other_pregnancy_cramps_mild(self):
        """Mild cramps in pregnancy fit the ordinary, harmless kind."""

    @rule(
        "other.pregnancy-one-sided",
        Person(conditions=has("pregnancy"), symptoms=has("cramps"), one_sided=True),
        effects=[Against("pregnancy_cramps", 0.3)],
        sources=[NHS_PREGNANCY_CRAMPS],
        note="Outside the documents: pain in one leg in pregnancy is not assumed to be an ordinary "
             "cramp, as a clot is more likely in pregnancy (the DVT rules refer it).",
    )
    def other_pregnancy_one_sided(self):
        """Pain in one leg only in pregnancy is not simply the cramps of pregnancy: a
        clot is more likely then."""

    # --- ordinary night cramps -------------------------------------------------------------

    # A line `name = table_rule(id)` places a rule made from knowledge/relations.yaml.
    other_night_cramps = table_rule("other.night-cramps")

    @rule(
        "other.night-cramps-older",
        Person(symptoms=has("cramps"), timing=has("night"), age=at_least(CRAMP_AGE)),
        effects=[Supports("nocturnal_leg_cramps", 0.35)],
        sources=[NHS_LEG_CRAMPS],
        note="Outside the documents: the NHS names ageing among the causes of leg cramps; sorewhy "
             f"counts it from {CRAMP_AGE}.",
    )
    def other_night_cramps_older(self):
        """Night cramps become more common with age, so in an older person they are
        most often the ordinary kind."""

    @rule(
        "other.night-cramps-only",
        Person(symptoms=ONLY_CRAMPS, timing=ONLY_AT_NIGHT),
        effects=[Supports("nocturnal_leg_cramps", 0.3)],
        sources=[NHS_LEG_CRAMPS],
        note="Outside the documents: the NHS asks for a GP when cramps come with numbness or "
             "swelling; cramps at night with nothing else fit the ordinary kind.",
    )
    def other_night_cramps_only(self):
        """Cramps that come only at night, with no other symptom than soreness or
        aches, fit ordinary night cramps."""

    @rule(
        "other.night-cramps-calves",
        Person(symptoms=has("cramps"), timing=has("night"), locations=has_any("calves", "feet", "thighs")),
        effects=[Supports("nocturnal_leg_cramps", 0.15)],
        sources=[NHS_LEG_CRAMPS],
        note="Outside the documents: the NHS says leg cramps mostly affect the calf, less often the "
             "feet or thighs.",
    )
    def other_night_cramps_calves(self):
        """Night cramps are felt in the calves, feet or thighs."""

    @rule(
        "other.night-cramps-pregnancy",
        Person(symptoms=has("cramps"), timing=has("night"), conditions=has("pregnancy")),
        effects=[Against("nocturnal_leg_cramps", 0.5)],
        sources=[NHS_PREGNANCY_CRAMPS],
        note="Outside the documents: in pregnancy, night cramps are the cramps of pregnancy (a "
             "finding of their own), not the ordinary cramps of later life.",
    )
    def other_night_cramps_pregnancy(self):
        """Night cramps in pregnancy are the cramps of pregnancy, not the ordinary
        night cramps of older age."""

    @rule(
        "other.night-cramps-nerves",
        Person(symptoms=has("cramps") & has_any(*CRAMPS_WITH_A_CAUSE), timing=has("night")),
        effects=[Against("nocturnal_leg_cramps", 0.4)],
        sources=[NHS_LEG_CRAMPS],
        note="Outside the documents: the NHS asks for a GP when cramps come with numbness or "
             "swelling, which point to a cause rather than the ordinary kind; sorewhy counts the "
             "other signs of a deficiency the same way (tingling, weakness, pale skin, restless "
             "legs, spasms, twitching).",
    )
    def other_night_cramps_nerves(self):
        """Night cramps with numbness, tingling, swelling, weakness or another sign of a
        deficiency point to a cause, not ordinary night cramps."""

    @rule(
        "other.night-cramps-condition",
        Person(symptoms=has("cramps"), timing=has("night"), conditions=has_any(*CRAMPING_CONDITIONS)),
        effects=[Against("nocturnal_leg_cramps", 0.4)],
        sources=[NHS_LEG_CRAMPS],
        note="Outside the documents: the NHS says leg cramps can be a symptom of another condition "
             "and asks a GP to look for it; with a diagnosed condition that disturbs minerals, "
             "nerves or blood flow, the cramps are not the ordinary kind.",
    )
    def other_night_cramps_condition(self):
        """Night cramps in someone with kidney disease, diabetes, an underactive
        thyroid, narrowed leg arteries or Gitelman syndrome may come from that
        condition, so they are not simply ordinary night cramps."""

    @rule(
        "other.night-cramps-medicine",
        Person(symptoms=has("cramps"), timing=has("night"), drug_classes=has_any(*CRAMPING_MEDICINES)),
        effects=[Against("nocturnal_leg_cramps", 0.5)],
        sources=[NHS_LEG_CRAMPS],
        note="Outside the documents: the NHS names medicines for cholesterol (statins) and blood "
             "pressure (diuretics) among the causes of leg cramps; with one of them the cramps have "
             "a cause to look at and are not the ordinary kind.",
    )
    def other_night_cramps_medicine(self):
        """Night cramps in someone taking a diuretic or a statin have a possible cause
        in the medicine (or the minerals it lowers), so they are not simply ordinary
        night cramps."""

    @rule(
        "other.night-cramps-low-result",
        Lab(status="low"),
        Person(symptoms=has("cramps"), timing=has("night")),
        effects=[Against("nocturnal_leg_cramps", 0.6)],
        sources=[NHS_LEG_CRAMPS],
        note="Outside the documents: ordinary night cramps are those with no cause found; a low "
             "blood result (a mineral, vitamin or iron) is a deficiency found, a cause to treat (the "
             "NHS asks a GP to look for one with blood tests).",
    )
    def other_night_cramps_low_result(self):
        """Night cramps with a low blood result (a mineral, a vitamin or iron) have a
        cause that result names, so they are not ordinary night cramps."""
