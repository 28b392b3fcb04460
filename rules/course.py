"""The course of the complaint: how long it has lasted, how it began and where
it is, weighed against the explanations that cannot fit it.

A deficiency of vitamin B12, vitamin D or iron builds up over months, as the
body's stores run down; soreness that began days ago, or suddenly, is unlikely
to be one of them (it may still be present, and a blood result still confirms
it). A deficiency, dehydration, an infection or a hormone problem affects the
whole body; pain in one limb only argues against them (004 contrasts the
localised pain of an injury with deficiency pain).
"""

from __future__ import annotations

from sorewhy.rules.base import Against, Person, at_most, ref, rule
from sorewhy.rules.exercise import LOCALIZED_FAQ, SHARPER_FAQ
from sorewhy.rules.referral import NHS_B12 as NHS_B12_GRADUAL
from sorewhy.rules.referral import PERSISTENT_DAYS

SHORT_DAYS = PERSISTENT_DAYS - 1
"""A complaint of under two weeks is short (the project's reading of
'persistent' is two weeks or more)."""

SLOW_DEFICIENCIES = ("vitamin_b12", "vitamin_d", "iron")
"""Deficiencies that take months to develop as the body's stores run down."""

WHOLE_BODY_CAUSES = (
    "magnesium", "potassium", "sodium", "calcium", "vitamin_d", "vitamin_b12", "vitamin_b6", "vitamin_b1",
    "iron", "dehydration", "viral_illness", "hypothyroidism", "polymyalgia_rheumatica",
)
"""Explanations that act on the whole body, so affect both sides alike."""

NHS_IRON_GRADUAL = ref("NHS: Iron deficiency anaemia (caused by lack of iron, often from blood loss over "
                       "time such as heavy periods, or too little iron in the diet)",
                       "https://www.nhs.uk/conditions/iron-deficiency-anaemia/")
ODS_VITAMIN_D = ref("NIH Office of Dietary Supplements: Vitamin D fact sheet for health professionals "
                    "(deficiency results from inadequate intake or sun exposure over time)",
                    "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/")


class CourseRules:
    """Rules about the course of the complaint: how long, how it began, where."""

    @rule(
        "course.short-illness",
        Person(duration_days=at_most(SHORT_DAYS)),
        effects=[Against(finding, 0.2) for finding in SLOW_DEFICIENCIES],
        sources=[NHS_B12_GRADUAL, NHS_IRON_GRADUAL, ODS_VITAMIN_D],
        note="Outside the documents: the NHS says the symptoms of B12 deficiency develop gradually "
             "and iron deficiency from losses or low intake over time; vitamin D deficiency comes "
             "from months of low intake or sun. A complaint of under two weeks argues (mildly) "
             "against them, so they do not lead a short illness without a blood result.",
    )
    def course_short_illness(self):
        """Soreness that began less than two weeks ago is unlikely to come from a lack
        of vitamin B12, vitamin D or iron, which builds up over months."""

    @rule(
        "course.sudden-onset",
        Person(onset="sudden"),
        effects=[Against(finding, 0.15) for finding in SLOW_DEFICIENCIES],
        sources=[NHS_B12_GRADUAL, NHS_IRON_GRADUAL, ODS_VITAMIN_D],
        note="Outside the documents: deficiencies of B12, vitamin D and iron develop gradually (NHS, "
             "NIH ODS); a complaint that began suddenly points elsewhere.",
    )
    def course_sudden_onset(self):
        """Soreness that began suddenly does not fit a lack of vitamin B12, vitamin D
        or iron, whose symptoms creep up gradually."""

    @rule(
        "course.one-sided",
        Person(one_sided=True),
        effects=[Against(finding, 0.2) for finding in WHOLE_BODY_CAUSES],
        sources=[LOCALIZED_FAQ, SHARPER_FAQ],
        note="004 contrasts localised injury pain with deficiency pain; a deficiency, dehydration, "
             "an infection, a thyroid problem or polymyalgia rheumatica acts on the whole body, so "
             "pain in one limb only argues against each of them (mildly: a cramp can strike one "
             "calf at a time).",
    )
    def course_one_sided(self):
        """Pain in one limb only argues against causes that act on the whole body (a
        deficiency, dehydration, an infection, a thyroid problem): it points to
        something in that limb."""
