"""`sorewhy rules show` of a drug rule says which medicine names it covers:
generic names, other spellings and everyday words, and how many brand names
(which are never listed)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.engine.medications import classes_tested
from sorewhy.knowledge import load
from sorewhy.rules import all_rules

DRUG_RULES = [m.id for m in all_rules() if classes_tested(m)]
BRANDS = sorted({b.lower() for c in load().drug_classes.values() for b in c.brands})


def _show(rule_id: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["rules", "show", rule_id, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_rules_show_medicines_every_drug_rule_is_found():
    assert {"potassium.diuretic", "magnesium.diuretic", "medication.statin", "b12.metformin",
            "b6.isoniazid", "vitamin_d.antiepileptic", "potassium.corticosteroid"} <= set(DRUG_RULES)


@pytest.mark.parametrize("rule_id", DRUG_RULES)
def test_rules_show_medicines_lists_the_generics_and_counts_brands(rule_id):
    out = _show(rule_id)
    assert "Medicines: " in out
    medicines = out.split("Medicines: ", 1)[1].split("Concludes:", 1)[0]
    meta = next(m for m in all_rules() if m.id == rule_id)
    for cid in classes_tested(meta):
        cls = load().drug_classes[cid]
        assert cls.label in medicines
        for generic in cls.generics:
            assert generic.name in medicines
        if cls.brands:
            assert f"{len(cls.brands)} brand name" in medicines


@pytest.mark.parametrize("rule_id", DRUG_RULES)
def test_rules_show_medicines_names_no_brand(rule_id):
    for out in (_show(rule_id), _show(rule_id, "--format", "json")):
        for brand in BRANDS:
            assert not re.search(rf"(?<![\w-]){re.escape(brand)}(?![\w-])", out, re.I), (rule_id, brand)


def test_rules_show_medicines_in_json():
    data = json.loads(_show("potassium.laxative", "--format", "json"))
    assert data["medicines"] == ['laxative: senna (sennosides), bisacodyl, sodium picosulfate (picosulfate), '
                                 '"laxative", "laxatives", "stimulant laxative", "stimulant laxatives", '
                                 'and 3 brand names']


def test_rules_show_medicines_not_for_other_rules():
    assert "Medicines:" not in _show("magnesium.night-cramps")
