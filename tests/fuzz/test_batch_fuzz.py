"""Fuzzing the batch: several messy files, some unreadable, through
`evaluate_paths`. One report per profile read, in input order, errors exactly
on the broken records, the unreadable files recorded, the counts right."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from messy_files import FORMATS, records, write
from strategies import examples

from sorewhy.engine.batch import BatchStats, evaluate_paths

EXT = {"json": ".json", "yaml": ".yaml", "toml": ".toml", "jsonl": ".jsonl", "csv": ".csv"}
UNREADABLE = {
    ".json": b'[{"age": 3}, {"age": ',
    ".yaml": b"age: [1, 2\n",
    ".toml": b"age = = 3\n",
    ".jsonl": b"",
    ".csv": "age\n1\n".encode("utf-16"),
}


@st.composite
def _batch(draw):
    files = []
    for n in range(draw(st.integers(1, 4))):
        fmt = draw(st.sampled_from(FORMATS))
        if draw(st.integers(0, 4)) == 0:
            ext = EXT[fmt]
            files.append((f"f{n}{ext}", UNREADABLE[ext], None))
        else:
            recs = draw(records(fmt, size=(1, 6)))
            files.append((f"f{n}{EXT[fmt]}", write(fmt, recs), recs))
    return files


@examples(40)
@given(files=_batch())
def test_batch_reports_every_profile_and_names_every_unreadable_file(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("batch")
    paths = []
    expected = []
    for name, content, recs in files:
        (folder / name).write_bytes(content)
        paths.append(str(folder / name))
        if recs is not None:
            expected += recs
    stats = BatchStats()
    reports = list(evaluate_paths(paths, stats=stats))
    assert len(reports) == len(expected) == stats.profiles
    assert stats.errors == sum(1 for r in reports if r["error"] is not None)
    assert len(stats.file_errors) == sum(1 for _, _, recs in files if recs is None)
    for report, rec in zip(reports, expected, strict=True):
        if rec.broken_key is None:
            assert report["error"] is None, report["error"]
            assert report["id"] == rec.data["id"]
            assert report["referral"]["level"] in ("self_care", "see_doctor", "urgent")
        else:
            assert report["error"] is not None
            assert "\n" not in report["error"]
            report["error"].encode("utf-8")
            assert report["findings"] == []
            # Only a red flag read from the valid parts gives a referral (#26).
            assert report["referral"] is None or report["referral"]["level"] == "urgent"
    for err in stats.file_errors:
        assert "\n" not in str(err)
