"""The batch's dedup key (`profile_key`) looks only at the list fields to make
them sets; it must equal the key that looks at every field."""

from __future__ import annotations

from helpers import profile_generator

from sorewhy.engine.batch import _key_fields, profile_key
from sorewhy.engine.profile import Profile, validate_profile


def _every_field_key(profile: Profile) -> tuple:
    return tuple(frozenset(value) if type(value) is list else value for value in _key_fields(profile.__dict__))


def test_profile_key_equals_the_key_of_every_field():
    gen = profile_generator().ProfileGenerator(21, p_key=0.6, p_labs=0.5)
    profiles = [validate_profile(gen.profile(n), "random", "p") for n in range(600)]
    profiles += [Profile(), Profile(id="x", symptoms=[], medications=["a", "a"])]
    keys = set()
    for profile in profiles:
        key = profile_key(profile)
        assert key == _every_field_key(profile)
        assert [type(v) for v in key] == [type(v) for v in _every_field_key(profile)]
        keys.add(key)
    assert len(keys) > 550  # random profiles differ
