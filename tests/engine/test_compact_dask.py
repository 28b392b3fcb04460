"""evaluate_partition on a local Dask distributed cluster (two worker
processes, loopback only) gives exactly the rows of `sorewhy evaluate
--format csv`, from partitions of a facts CSV read as text and of Parquet
files with typed columns."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

dd = pytest.importorskip("dask.dataframe", reason="the [dask] extra is not installed (pip install 'sorewhy[dask]')")
distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed (distributed is missing)")
pd = pytest.importorskip("pandas", reason="the [dask] extra is not installed (pandas is missing)")
pytest.importorskip("pyarrow", reason="the [dask] extra is not installed (pyarrow is missing)")

from sorewhy.cli.main import cli  # noqa: E402
from sorewhy.engine.compact import CsvRowWriter, evaluate_partition, frame_meta, frame_to_rows  # noqa: E402
from sorewhy.engine.profile import LIST_KEYS  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
N_PROFILES = 400


def _bench_profiles():
    spec = importlib.util.spec_from_file_location("bench_profiles", ROOT / "benchmarks" / "profiles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cluster_client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, protocol="tcp")
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    """A facts CSV of random profiles (some repeated), and the CLI's CSV of it."""
    bench = _bench_profiles()
    folder = tmp_path_factory.mktemp("survey")
    path = folder / "survey.csv"
    bench.write_csv(str(path), bench.survey_rows(N_PROFILES, N_PROFILES // 2, seed=14))
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    profiles = [dict(row, labs=dict(row.get("labs", {})))
                for row in bench.survey_rows(N_PROFILES, N_PROFILES // 2, seed=14)]
    return path, result.stdout, profiles


def _as_csv(frame) -> str:
    stream = io.StringIO()
    writer = CsvRowWriter(stream)
    for row in frame_to_rows(frame):
        writer.write(row)
    return stream.getvalue()


def test_dask_partitions_of_a_facts_csv_equal_the_cli_csv(cluster_client, survey):
    path, expected, _ = survey
    profiles = dd.read_csv(str(path), dtype=str, keep_default_na=False, blocksize=16_000)
    assert profiles.npartitions >= 2
    rows = profiles.map_partitions(evaluate_partition, meta=frame_meta())
    result = rows.compute(scheduler=cluster_client.get)
    assert _as_csv(result.reset_index(drop=True)) == expected
    workers = cluster_client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2


def test_dask_over_typed_parquet_files_equals_the_cli_csv(cluster_client, survey, tmp_path):
    _, expected, profiles = survey
    columns: dict[str, list] = {}
    keys = sorted({k for p in profiles for k in p if k != "labs"})
    lab_keys = sorted({k for p in profiles for k in p["labs"]})
    for key in keys:
        columns[key] = [p.get(key) for p in profiles]
    for key in lab_keys:
        columns[f"labs.{key}"] = [p["labs"].get(key) for p in profiles]
    frame = pd.DataFrame(columns)
    assert any(key in frame.columns for key in LIST_KEYS)
    folder = tmp_path / "profiles"
    folder.mkdir()
    step = len(frame) // 3 + 1
    for n in range(3):  # several Parquet files, as a survey export is split
        frame.iloc[n * step:(n + 1) * step].to_parquet(folder / f"part-{n}.parquet", index=False)
    ddf = dd.read_parquet(str(folder / "*.parquet"))
    rows = ddf.map_partitions(evaluate_partition, meta=frame_meta())
    result = rows.compute(scheduler=cluster_client.get)
    assert _as_csv(result.reset_index(drop=True)) == expected
    out = tmp_path / "reports"
    rows.to_parquet(str(out), compute_kwargs={"scheduler": cluster_client.get})
    back = pd.read_parquet(out)
    assert list(back.columns)[: len(frame_meta().columns)] == list(frame_meta().columns)
    assert len(back) == len(profiles)
