"""The derived matcher against Experta's matchers, side by side in one run.

On the same seeded random profiles (benchmarks/profiles.py), each timed in
turn, per profile:

- inference: Experta's own matcher and strategy (``SorewhyEngine()``, the
  oracle) and the derived matcher (engine/derived.py), on facts built
  beforehand, without and with trace steps;
- the unknowns analysis: the reference walk (tests/unknowns_oracle.py, when
  run from a checkout) and the derived one;
- ``Evaluator.infer`` + ``ranked_findings`` (what a compact row needs);
- the whole ``Evaluator.run(profile).report`` with Experta's own matcher and
  with the derived one, and ``build_report`` alone;

and checks that every path gives the same report, byte for byte (exit 1 if
not). Ratios are between cases of the same run; with ``--repeat R`` each case
keeps its best round (every case runs once per round, so each round sees the
same load).

    python benchmarks/derived.py                 # 2,000 profiles, 3 rounds
    python benchmarks/derived.py -n 500 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profiles import ProfileGenerator  # noqa: E402

MIXES = ((0.45, 0.3), (0.1, 0.05), (0.9, 0.9), (0.7, 0.5))
"""(p_key, p_labs) of the profiles, in equal shares: average, sparse, full, rich."""


def _profiles(n: int, seed: int) -> list[Any]:
    from sorewhy.engine.profile import validate_profile

    out = []
    for m, (p_key, p_labs) in enumerate(MIXES):
        gen = ProfileGenerator(seed + m, p_key=p_key, p_labs=p_labs)
        out += [validate_profile(gen.profile(k), "random", f"profile {k}") for k in range(n // len(MIXES))]
    return out


def _timed(fn: Callable[[Any], Any], items: list[Any]) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return (time.perf_counter() - start) / len(items) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="profiles (default 2000)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each case keeps its best (default 3)")
    args = parser.parse_args(argv)

    from sorewhy.engine.api import Evaluator
    from sorewhy.engine.core import SorewhyEngine, build_report, labs_read, profile_facts, ranked_findings
    from sorewhy.engine.derived import DerivedRuleBase
    from sorewhy.engine.introspect import rule_base
    from sorewhy.knowledge import load as load_knowledge

    load_knowledge()
    rule_base()  # the shapes both builds read
    start = time.perf_counter()
    DerivedRuleBase()
    built_derived = time.perf_counter() - start
    start = time.perf_counter()
    SorewhyEngine()
    built_rete = time.perf_counter() - start
    derived_eval = Evaluator(matcher="derived")
    experta_eval = Evaluator(matcher="experta")
    derived = derived_eval.derived
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from unknowns_oracle import open_keys

    profiles = _profiles(args.n, args.seed)
    facts = [profile_facts(p)[0] for p in profiles]
    base = rule_base()
    states = [derived.infer(f) for f in facts]
    situations = []
    for f, state in zip(facts, states, strict=True):
        from sorewhy.engine.core import referral_level

        situations.append((f[0], state, {lab["name"] for lab in f[1:]}, referral_level(state)))
    reports = [derived_eval.run(p, "x").report for p in profiles]
    unknowns = [r["unknown"] for r in reports]
    report_args = [(p, s, u) for p, s, u in zip(profiles, states, unknowns, strict=True)]

    cases: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
        "inference, Experta's own matcher": (lambda f: experta_eval.matcher.infer(f), facts),
        "inference, derived": (derived.infer, facts),
        "inference with trace steps, Experta's own matcher": (lambda f: experta_eval.matcher.infer(f, True), facts),
        "inference with trace steps, derived": (lambda f: derived.infer(f, True), facts),
        "unknowns, walked (test oracle)": (
            lambda s: open_keys(base, s[0], s[1].fired, s[1].support, s[1].inferred, s[3], s[2]), situations),
        "unknowns, derived": (lambda s: derived.unknown(s[0], s[1], s[2]), situations),
        "Evaluator.infer + ranked_findings, derived": (lambda p: ranked_findings(derived_eval.infer(p)), profiles),
        "build_report alone": (lambda a: build_report("x", a[1], a[2], [], labs_read(a[0]), a[0].medications),
                               report_args),
        "Evaluator.run().report, Experta's own matcher": (lambda p: experta_eval.run(p, "x").report, profiles),
        "Evaluator.run().report, derived": (lambda p: derived_eval.run(p, "x").report, profiles),
    }
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, (fn, items) in cases.items():
            t = _timed(fn, items)
            best[name] = min(best.get(name, t), t)

    same = all(json.dumps(experta_eval.run(p, "x").report) == json.dumps(r)
               for p, r in zip(profiles, reports, strict=True))
    walked = all(open_keys(base, s[0], s[1].fired, s[1].support, s[1].inferred, s[3], s[2]) == u
                 for s, u in zip(situations, unknowns, strict=True))

    print(f"{len(profiles)} random profiles (p_key/p_labs {', '.join(f'{a}/{b}' for a, b in MIXES)}), "
          f"best of {args.repeat} round(s), microseconds per profile")
    width = max(map(len, best))
    for name, t in best.items():
        print(f"  {name:{width}}  {t:9.1f}")
    pairs = (
        ("inference: Experta's own / derived", "inference, Experta's own matcher", "inference, derived"),
        ("traced inference: Experta's own / derived", "inference with trace steps, Experta's own matcher",
         "inference with trace steps, derived"),
        ("unknowns: walked / derived", "unknowns, walked (test oracle)", "unknowns, derived"),
        ("Evaluator.run: Experta's own / derived", "Evaluator.run().report, Experta's own matcher",
         "Evaluator.run().report, derived"),
    )
    print("ratios (same run):")
    for label, slow, fast in pairs:
        print(f"  {label:40} {best[slow] / best[fast]:6.1f}x")
    print(f"building once per process (knowledge and rule shapes loaded): derived matcher "
          f"{built_derived * 1e3:.0f} ms, Experta engine {built_rete * 1e3:.0f} ms")
    print(f"reports byte-identical on both paths: {same}; unknowns equal to the walk: {walked}")
    return 0 if same and walked else 1


if __name__ == "__main__":
    sys.exit(main())
