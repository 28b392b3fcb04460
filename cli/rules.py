"""`sorewhy rules`: list the rule base, or show one rule in plain words.

Cheap: it reads the rules' metadata and never builds the inference engine.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path
from typing import Any

import click

from sorewhy.cli.formatting import dumps, source_text
from sorewhy.cli.output import LineError


@click.group("rules", invoke_without_command=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for people; json: {rule_base, rules}, every rule with id, claim, concludes, effects, "
                   "sources (what the citation checker reads).")
@click.option("--doc", "doc_name", metavar="FILE",
              help="Only the rules citing this source document: its file name "
                   "(e.g. 001_33e4f4bd1924b37e.txt) or its number (001).")
@click.pass_context
def rules(ctx: click.Context, fmt: str, doc_name: str | None) -> None:
    """List every rule: id, what it concludes, its sources.

    `rules show ID` prints one rule in plain words with its sources and the
    profiles it is tested on.

    \b
    Examples:
      sorewhy rules
      sorewhy rules --format json
      sorewhy rules --doc 001_33e4f4bd1924b37e.txt
      sorewhy rules show magnesium.night-cramps
    """
    if ctx.invoked_subcommand is not None:
        return
    from sorewhy.rules import all_rules

    metas = list(all_rules())
    if doc_name is not None:
        doc = resolve_doc(doc_name)
        metas = [m for m in metas if any(getattr(s, "doc", None) == doc for s in m.sources)]
    if fmt == "json":
        from sorewhy.engine.provenance import rule_base_stamp

        click.echo(dumps({"rule_base": rule_base_stamp(), "rules": [rule_dict(m) for m in metas]}))
        return
    from tabulate import tabulate

    rows = []
    for m in metas:
        names: list[str] = []
        for source in m.sources:
            name = getattr(source, "doc", None) or f"ref: {source.ref}"  # type: ignore[union-attr]
            if name not in names:
                names.append(name)
        rows.append((m.id, "\n".join(m.concludes), "\n".join(names)))
    if not rows:
        click.echo("No rule cites that document." if doc_name else "No rules.")
        return
    click.echo(tabulate(rows, headers=["id", "concludes", "sources"], maxcolwidths=[None, 40, 50],
                        break_on_hyphens=False))
    click.echo(f"\n{len(rows)} rule{'s' if len(rows) != 1 else ''}. `sorewhy rules show ID` explains one.")


def rule_dict(meta: Any) -> dict[str, Any]:
    """A rule as `rules --format json` gives it (contract section 3), each
    source with its kind (knowledge/source_kinds.py)."""
    data = meta.as_dict()
    data["sources"] = [with_kind(s) for s in data["sources"]]
    return data


def with_kind(source: dict[str, Any]) -> dict[str, Any]:
    from sorewhy.knowledge.source_kinds import with_kind as add_kind

    return add_kind(source)


def resolve_doc(name: str) -> str:
    """A source document named by file name, path or number prefix."""
    from sorewhy.knowledge import SEED_DOCS

    base = Path(name).name
    if base in SEED_DOCS:
        return base
    matches = [d for d in SEED_DOCS if d.startswith(base) or Path(d).stem == base]
    if len(matches) == 1:
        return matches[0]
    raise LineError(f"--doc {name}: not one of the source documents ({', '.join(SEED_DOCS)})")


def find_rule(rule_id: str) -> Any:
    """The rule's metadata, or UnknownRuleError naming the closest ids."""
    from sorewhy.errors import UnknownRuleError
    from sorewhy.rules import rule_index

    index = rule_index()
    meta = index.get(rule_id)
    if meta is None:
        close = difflib.get_close_matches(rule_id, list(index), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownRuleError(f"unknown rule id {rule_id!r}{hint}; `sorewhy rules` lists them")
    return meta


def fixtures_of(rule_id: str) -> tuple[str, dict[str, list[Any]]] | None:
    """(fixture file name, {"fires": [...], "not_fires": [...]}) for a rule."""
    found = _fixture_index().get(rule_id)
    if found is None:
        return None
    name, cases = found
    return name, {"fires": list(cases.get("fires") or []), "not_fires": list(cases.get("not_fires") or [])}


@functools.cache
def _fixture_index() -> dict[str, tuple[str, dict[str, Any]]]:
    """Rule id -> (fixture file name, its cases), every fixture file read once."""
    from importlib import resources

    import yaml

    index: dict[str, tuple[str, dict[str, Any]]] = {}
    folder = resources.files("sorewhy.rules").joinpath("fixtures")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(item.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict):
            for rid, cases in data.items():
                index.setdefault(rid, (item.name, cases or {}))
    return index


def _flow(profile: Any) -> str:
    import yaml

    return yaml.safe_dump(profile, default_flow_style=True, width=10_000, sort_keys=False).strip()


def _medicines(meta: Any) -> list[str]:
    """Which medicine names a drug rule covers (generics and everyday words;
    brand names are only counted, never listed)."""
    from sorewhy.engine.introspect import shape_of

    if not shape_of(meta).drug_class_words:
        return []
    from sorewhy.engine.medications import classes_tested, covered_names

    return covered_names(classes_tested(meta))


def show_text(meta: Any) -> str:
    """One rule in plain words."""
    from sorewhy.cli.ruletext import conditions

    lines = [meta.id, f"  {meta.claim}", ""]
    when = conditions(meta)
    lines.append("When:      " + (when[0] if when else "always"))
    lines += ["           " + c for c in when[1:]]
    medicines = _medicines(meta)
    if medicines:
        lines.append("Medicines: " + medicines[0])
        lines += ["           " + m for m in medicines[1:]]
    lines.append("Concludes: " + "; ".join(meta.concludes))
    lines.append(f"Topic:     {meta.topic} ({meta.band} rule)")
    if meta.note:
        lines.append(f"Note:      {meta.note}")
    if getattr(meta, "maintainer", None):
        lines.append(f"For maintainers: {meta.maintainer}")
    lines.append("Sources:")
    lines += [f"  - {source_text(with_kind(s.as_dict()))}" for s in meta.sources]
    found = fixtures_of(meta.id)
    if found is None:
        lines.append("Fixtures:  none")
    else:
        name, cases = found
        lines.append(f"Fixtures (rules/fixtures/{name}):")
        lines.append("  fires on:")
        lines += [f"    - {_flow(p)}" for p in cases["fires"]] or ["    (none)"]
        lines.append("  does not fire on:")
        lines += [f"    - {_flow(p)}" for p in cases["not_fires"]] or ["    (none)"]
    return "\n".join(lines)


@rules.command("show", short_help="Show one rule in plain words, with its sources and fixtures.")
@click.argument("rule_id", metavar="ID")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(rule_id: str, fmt: str) -> None:
    """Show one rule: its claim in plain words, what it tests, what it
    concludes, its sources, and the profiles it is tested on.

    \b
    Examples:
      sorewhy rules show magnesium.night-cramps
      sorewhy rules show redflag.chest-pain --format json
    """
    meta = find_rule(rule_id)
    if fmt == "json":
        from sorewhy.cli.ruletext import conditions

        data = rule_dict(meta)
        data["when"] = conditions(meta)
        if _medicines(meta):
            data["medicines"] = _medicines(meta)
        found = fixtures_of(meta.id)
        data["fixtures"] = None if found is None else {"file": found[0], **found[1]}
        click.echo(dumps(data))
        return
    click.echo(show_text(meta))


@rules.command("check", short_help="Verify the rule base: exit 0 when clean, 1 with one line per problem.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def check(ctx: click.Context, fmt: str) -> None:
    """Verify the rule base without running it: rules that can never fire
    given the facts vocabulary, rules subsumed by another with the same effect,
    a condition both supporting and arguing against one finding, a finding
    nothing can confirm or argue against, claims of the inventory and rules
    that do not match, a source document cited by fewer than three rules, and
    contradicting advice without a conflict rule.

    Each problem is one line, `check: subject: what is wrong`. What a check
    finds on purpose is declared with its reason (a rule's `allow=`, or
    `knowledge/verifier.yaml`) and listed as allowed, not as a problem; a
    contradiction whose conflict rule is still to come is listed as pending.

    \b
    Examples:
      sorewhy rules check
      sorewhy rules check --format json
    """
    from sorewhy.engine.provenance import rule_base_stamp
    from sorewhy.engine.verify import CHECKS, verify_shipped
    from sorewhy.rules import all_rules

    result = verify_shipped()
    if fmt == "json":
        click.echo(dumps({"rule_base": rule_base_stamp(), "checks": list(CHECKS), **result.as_dict()}))
    else:
        for problem in result.problems:
            click.echo(problem.line())
        for problem in result.pending:
            click.echo("pending: " + problem.line())
        n = len(result.problems)
        click.echo(f"{len(all_rules())} rules, {len(CHECKS)} checks: {n} problem{'s' if n != 1 else ''}, "
                   f"{len(result.pending)} pending, {len(result.allowed)} allowed on purpose", err=True)
    ctx.exit(1 if result.problems else 0)


@rules.command("test", short_help="Run the rules' fixtures and the scenario cases: exit 0 all pass, 1 on a failure.")
@click.argument("names", nargs=-1, metavar="[ID|TOPIC|CASE]...")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--no-cases", is_flag=True, help="Run the rules' fixtures only, not the scenario cases.")
@click.option("--cases", "case_paths", multiple=True, metavar="FILE", type=click.Path(dir_okay=False),
              help="Score this case file instead of the shipped ones (repeatable; same format as "
                   "benchmarks/vignettes/cases.yaml).")
@click.pass_context
def test(ctx: click.Context, names: tuple[str, ...], fmt: str, no_cases: bool, case_paths: tuple[str, ...]) -> None:
    """Run every rule's fixtures (rules/fixtures/*.yaml: profiles where it
    must fire and where it must not) and the scenario cases (the case library
    and the held-out set shipped in benchmarks/vignettes/), without pytest.

    A fixture fails when its rule does not fire where it must, or fires where
    it must not. A scenario case fails when its facts are rejected or its
    referral is less urgent than the case expects; a case of the library also
    fails when none of its accepted findings is among the report's leading
    three (the held-out set's accuracy is measured, not gated).

    Each NAME selects a rule id, a topic (all its rules), a case file
    (`cases`, `held_out`) or a case id. Rules only: their fixtures and the
    scenario cases in which one of them fires or which expect a finding one
    of them concludes. Prints one line per failure,
    then the count; exit 0 when everything passes, 1 when anything fails.

    \b
    Examples:
      sorewhy rules test
      sorewhy rules test iron magnesium.night-cramps
      sorewhy rules test held_out
      sorewhy rules test --no-cases --format json
    """
    from pathlib import Path

    from sorewhy.engine.ruletest import CaseFileError, SelectionError, run

    files = None
    if case_paths:
        files = {Path(p).stem: Path(p) for p in case_paths}
    try:
        outcome = run(names, case_files=files, scenarios=not no_cases)
    except (CaseFileError, SelectionError) as exc:
        raise LineError(f"rules test: {exc}") from None
    if fmt == "json":
        click.echo(dumps(outcome.as_dict()))
    else:
        for failure in outcome.failures:
            click.echo(failure.line())
        click.echo(outcome.count_line())
    ctx.exit(0 if outcome.ok else 1)
