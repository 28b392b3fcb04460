"""One distribution, one import namespace: the wheel holds only `sorewhy`
(with its knowledge data and rule fixtures), never a bare `engine` or `cli`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0 and "No module named" in proc.stderr:  # pragma: no cover
        pytest.skip(f"cannot build a wheel offline here: {proc.stderr.strip().splitlines()[-1]}")
    assert proc.returncode == 0, proc.stderr
    (wheel,) = out.glob("sorewhy-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


def test_wheel_has_one_top_level_package(wheel_names):
    tops = {name.split("/", 1)[0] for name in wheel_names}
    tops = {t for t in tops if not t.endswith(".dist-info")}
    assert tops == {"sorewhy"}, tops


def test_wheel_ships_knowledge_and_fixtures(wheel_names):
    assert "sorewhy/knowledge/findings.yaml" in wheel_names
    assert "sorewhy/knowledge/claims.yaml" in wheel_names
    assert any(n.startswith("sorewhy/rules/fixtures/") and n.endswith(".yaml") for n in wheel_names)
    assert "sorewhy/__main__.py" in wheel_names


def test_wheel_ships_the_scenario_cases_rules_test_scores(wheel_names):
    assert "sorewhy/benchmarks/vignettes/cases.yaml" in wheel_names
    assert "sorewhy/benchmarks/vignettes/held_out.yaml" in wheel_names
    assert not any(n.startswith("sorewhy/benchmarks/") and n.endswith(".py") for n in wheel_names)


def test_wheel_ships_the_report_templates_and_the_documents_titles(wheel_names):
    for name in ("report.html.j2", "report.md.j2", "report.css.j2", "trace.html.j2"):
        assert f"sorewhy/cli/templates/{name}" in wheel_names
    assert "sorewhy/knowledge/documents.yaml" in wheel_names
    assert "sorewhy/cli/validation.json" in wheel_names  # the transparency block's figures (#25)
    assert not any(n.startswith("sorewhy/docs/") for n in wheel_names)


def test_wheel_has_no_tests_or_benchmarks(wheel_names):
    """Nothing of the tests, the benchmarks' code or the examples; of the
    benchmarks only the scenario cases `sorewhy rules test` scores (#25)."""
    cases = ("sorewhy/benchmarks/vignettes/cases.yaml", "sorewhy/benchmarks/vignettes/held_out.yaml")
    assert not any(n.startswith(("sorewhy/tests/", "sorewhy/benchmarks/", "sorewhy/examples/")) and n not in cases
                   for n in wheel_names)


def test_python_dash_m_runs():
    proc = subprocess.run([sys.executable, "-m", "sorewhy", "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert "sorewhy" in proc.stdout
