"""Ordinary post-exercise soreness (DOMS) and muscle strain: the explanations
of sore muscles that are not a deficiency.

DOMS is soreness a day or two after hard or unaccustomed exercise that eases
with rest within days. The documents contrast it with soreness from a
deficiency (001) and call sore calves "a simple sign of overexertion" (002);
soreness that lasts, or does not ease with rest, argues against it. A strain
is an injury: pain that began with one movement or incident, sharper and more
localised (004).
"""

from __future__ import annotations

from sorewhy.rules.base import (
    D000,
    D001,
    D002,
    D003,
    D004,
    FAQ_REST,
    OVEREXERTION,
    Against,
    Person,
    Supports,
    at_least,
    at_most,
    doc,
    has,
    has_any,
    ref,
    rule,
)
from sorewhy.rules.redflags import MEDLINEPLUS_RHABDOMYOLYSIS

DOMS_SHORT_DAYS = 3
"""Soreness after exercise that has lasted this many days or fewer is short
(MedlinePlus asks for a check of muscle pain that lasts more than three days)."""
DOMS_TOO_LONG_DAYS = 8
"""Soreness still there after a week is not ordinary post-exercise soreness
(sorewhy's reading)."""

MEDLINEPLUS_ACHES = ref("MedlinePlus: Muscle aches (most often from overuse or injury in exercise; "
                        "pain lasting more than 3 days should be checked)",
                        "https://medlineplus.gov/ency/article/003178.htm")
DIFFERS_FROM_DOMS = doc(D001, "Key Points", "Nutrient-Related Soreness Differs from DOMS")
SORE_IN_A_DAY_OR_TWO = doc(D000, "The Deficiency Causing Sore Muscles After Workouts",
                           "within a day or two, your muscles become sore")
INJURY_FAQ = doc(D004, "Frequently Asked Questions", "related to a specific incident or movement")
LOCALIZED_FAQ = doc(D004, "Frequently Asked Questions", "Pain from an injury, like a pulled hamstring")
SHARPER_FAQ = doc(D004, "Frequently Asked Questions", "is typically more localized, sharper")


class ExerciseRules:
    """Rules about: ordinary post-exercise soreness (DOMS) and muscle strain."""

    # --- DOMS: evidence for --------------------------------------------------

    @rule(
        "exercise.doms-after-exercise",
        Person(symptoms=has_any("soreness", "aches"), timing=has("after_exercise")),
        effects=[Supports("doms", 0.3)],
        sources=[
            OVEREXERTION,
            SORE_IN_A_DAY_OR_TWO,
            doc(D003, "When Do We Lose Electrolytes?",
                "your muscle fibers are tearing and repairing themselves"),
        ],
    )
    def exercise_doms_after_exercise(self):
        """Muscles that ache after exercise are most often simply overworked: exercise
        makes small tears in muscle fibres, and the soreness follows within a day or
        two while they repair."""

    @rule(
        "exercise.doms-eases-with-rest",
        Person(timing=has("after_exercise"), improves_with_rest=True),
        effects=[Supports("doms", 0.25)],
        sources=[
            FAQ_REST,
            doc(D004, "How to Address Nutrient-Related Hamstring Pain", "allow for proper rest and recovery"),
        ],
        note="Document 001 sends soreness that does not improve with rest to a doctor; sorewhy "
             "reads soreness after exercise that does improve with rest as the ordinary kind.",
    )
    def exercise_doms_eases_with_rest(self):
        """Soreness after exercise that gets better with rest behaves like ordinary
        post-exercise soreness."""

    @rule(
        "exercise.doms-short",
        Person(timing=has("after_exercise"), duration_days=at_most(DOMS_SHORT_DAYS)),
        effects=[Supports("doms", 0.2)],
        sources=[SORE_IN_A_DAY_OR_TWO, MEDLINEPLUS_ACHES],
        note="The documents say soreness follows a workout within a day or two but not how long "
             "it lasts; MedlinePlus asks for a check of muscle pain that lasts more than "
             f"{DOMS_SHORT_DAYS} days, so sorewhy counts up to {DOMS_SHORT_DAYS} days as short.",
    )
    def exercise_doms_short(self):
        """Soreness after exercise that has lasted three days or less fits ordinary
        post-exercise soreness, which comes a day or two after a workout and fades."""

    @rule(
        "exercise.doms-intense-training",
        Person(timing=has("after_exercise"), exercise_load="intense"),
        effects=[Supports("doms", 0.2)],
        sources=[
            OVEREXERTION,
            doc(D000, "The Deficiency Causing Sore Muscles After Workouts", "intense workouts damage muscle"),
            MEDLINEPLUS_ACHES,
        ],
        note="MedlinePlus names overuse in exercise as the commonest cause of muscle aches; "
             "the documents agree that intense workouts damage muscle.",
    )
    def exercise_doms_intense_training(self):
        """Intense training loads muscles hard, and soreness in the days after it is
        ordinary."""

    # --- DOMS: evidence against ---------------------------------------------

    @rule(
        "exercise.doms-lasts-too-long",
        Person(timing=has("after_exercise"), duration_days=at_least(DOMS_TOO_LONG_DAYS)),
        effects=[Against("doms", 0.6)],
        sources=[
            DIFFERS_FROM_DOMS,
            doc(D002, "Conclusion: Listening to Your Body's Signals",
                "but when they become a regular occurrence, they may signal"),
            MEDLINEPLUS_ACHES,
        ],
        note="The documents do not say how long ordinary soreness lasts. MedlinePlus asks for a "
             "check of muscle pain lasting more than three days; sorewhy argues against ordinary "
             f"soreness only from {DOMS_TOO_LONG_DAYS} days on, its own cautious reading.",
    )
    def exercise_doms_lasts_too_long(self):
        """Ordinary post-exercise soreness fades within days; soreness that has lasted
        more than a week is something else."""

    @rule(
        "exercise.doms-no-rest-relief",
        Person(timing=has("after_exercise"), improves_with_rest=False),
        effects=[Against("doms", 0.6)],
        sources=[FAQ_REST, DIFFERS_FROM_DOMS],
    )
    def exercise_doms_no_rest_relief(self):
        """Soreness that does not improve with rest is not ordinary post-exercise
        soreness."""

    @rule(
        "exercise.doms-other-symptoms",
        Person(timing=has("after_exercise"), symptoms=has_any("fatigue", "weakness")),
        effects=[Against("doms", 0.25)],
        sources=[doc(D001, "Key Points", "may be accompanied by other symptoms like fatigue or weakness")],
    )
    def exercise_doms_other_symptoms(self):
        """Soreness from a deficiency often comes with fatigue or weakness, which
        ordinary post-exercise soreness does not explain."""

    @rule(
        "exercise.doms-injury",
        Person(timing=has("after_exercise"), recent_injury=True),
        effects=[Against("doms", 0.4)],
        sources=[INJURY_FAQ],
    )
    def exercise_doms_injury(self):
        """Pain that began with one specific movement or incident is an injury, not
        the spread-out soreness that follows a hard workout."""

    @rule(
        "exercise.doms-dark-urine",
        Person(timing=has("after_exercise"), symptoms=has("dark_urine")),
        effects=[Against("doms", 0.8)],
        sources=[MEDLINEPLUS_RHABDOMYOLYSIS],
        note="Outside the documents: muscle breakdown after very hard exercise (rhabdomyolysis) "
             "starts like ordinary soreness but darkens the urine; sorewhy does not call it "
             "ordinary soreness (the red flag refers urgently).",
    )
    def exercise_doms_dark_urine(self):
        """Dark urine after exercise is not ordinary soreness: it can mean muscle
        breakdown, which needs care now."""

    # --- muscle strain -------------------------------------------------------

    @rule(
        "exercise.strain-incident",
        Person(recent_injury=True),
        effects=[Supports("muscle_strain", 0.5)],
        sources=[
            INJURY_FAQ,
            doc(D004, "Conclusion", "hamstring pain often points to muscle strain or overuse"),
        ],
    )
    def exercise_strain_incident(self):
        """Pain that began with one specific movement or incident points to a pulled
        (strained) muscle."""

    @rule(
        "exercise.strain-one-sided",
        Person(recent_injury=True, one_sided=True),
        effects=[Supports("muscle_strain", 0.25)],
        sources=[LOCALIZED_FAQ, SHARPER_FAQ],
    )
    def exercise_strain_one_sided(self):
        """Injury pain is localised: an injury that affects one limb only fits a
        strain better than a deficiency, which affects the body as a whole."""

    @rule(
        "exercise.strain-whole-body",
        Person(recent_injury=True, locations=has("whole_body")),
        effects=[Against("muscle_strain", 0.4)],
        sources=[LOCALIZED_FAQ, SHARPER_FAQ],
    )
    def exercise_strain_whole_body(self):
        """Soreness all over the body is not what one pulled muscle causes, even after
        an injury."""
