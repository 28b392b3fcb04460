"""Batch reuse of identical profiles keeps each profile's own reading of its
medicines: `unrecognised_medications`, `medications_read` and
`medication_suggestions` echo the names in that profile's order."""

from __future__ import annotations

import json
from pathlib import Path

from sorewhy.engine.api import default_evaluator
from sorewhy.engine.batch import BatchStats, evaluate_paths
from sorewhy.engine.loaders import read_profiles


def _write_jsonl(path: Path, profiles: list) -> str:
    path.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
    return str(path)


def test_batch_medications_reuse_keeps_each_profiles_reading(tmp_path):
    path = _write_jsonl(tmp_path / "meds.jsonl", [
        {"id": "a", "medications": ["Lasix 40 mg", "furosemid", "atorvastatin", "mystery"]},
        {"id": "b", "medications": ["mystery", "atorvastatin", "furosemid", "Lasix 40 mg"]},
    ])
    stats = BatchStats()
    reports = list(evaluate_paths([path], stats=stats))
    assert stats.reused == 1
    a, b = reports
    assert [r["given"] for r in a["medications_read"]] == ["Lasix 40 mg", "atorvastatin"]
    assert [r["given"] for r in b["medications_read"]] == ["atorvastatin", "Lasix 40 mg"]
    assert a["unrecognised_medications"] == ["furosemid", "mystery"]
    assert b["unrecognised_medications"] == ["mystery", "furosemid"]
    assert a["medication_suggestions"] == b["medication_suggestions"] == [
        {"given": "furosemid", "did_you_mean": "furosemide"}]
    ev = default_evaluator()
    assert [json.dumps(r) for r in reports] == [json.dumps(ev.evaluate_entry(e)) for e in read_profiles(path)]
