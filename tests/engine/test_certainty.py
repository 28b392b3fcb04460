from __future__ import annotations

import itertools

import pytest

from sorewhy.engine.certainty import combine, in_words


def test_combine_single_support_is_its_cf():
    assert combine([0.3], []) == pytest.approx(0.3)


def test_combine_supports_reinforce_but_stay_below_one():
    assert combine([0.3, 0.3], []) == pytest.approx(0.51)
    assert combine([0.9, 0.9, 0.9], []) < 1.0


def test_combine_against_can_drop_below_zero():
    assert combine([0.3], [0.6]) < 0
    assert combine([], [0.5]) == pytest.approx(-0.5)


def test_combine_is_independent_of_order():
    cfs = [0.2, 0.35, 0.1, 0.6]
    againsts = [0.5, 0.2]
    results = {round(combine(list(p), againsts), 12) for p in itertools.permutations(cfs)}
    assert len(results) == 1


def test_combine_equal_support_and_against_cancel():
    assert combine([0.4], [0.4]) == 0.0


def test_in_words_bands():
    assert in_words(0.8) == "strong"
    assert in_words(0.6) == "moderate"
    assert in_words(0.3) == "weak"
    assert in_words(0.1) == "slight"
