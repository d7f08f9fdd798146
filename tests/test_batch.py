"""Batch tagging (`gisnlp tag`): sources, fault isolation, timeouts, resume after SIGKILL, Dask.

The pipeline is a black box here, so these tests run a light one (normalize,
structure, metadata) to stay fast; scripts/bench_batch.py measures the full one.
"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("pebble")

from gisnlp.batch import discover, tag  # noqa: E402
from gisnlp.batch.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("normalize", "structure", "metadata")
DATA_FILES = ("reports.jsonl", "failures.jsonl", "series_checks.jsonl", "documents.parquet",
              "facts.parquet", "cells.parquet", "segments.parquet", "checks.parquet")

REPORT = """{issuer}{year}年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限自{year}年1月1日起至{year}年12月31日止。

一、总体情况
{year}年，{issuer}坚持以公开为常态，全年主动公开政府信息{n}条，比上年增长{pct}%。

二、主动公开政府信息情况
制发规范性文件{m}件，现行有效{k}件。

三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请{a}件，上年结转{b}件，均已按期答复。

四、政府信息公开行政复议、行政诉讼情况
全年发生行政复议{c}件，行政诉讼{d}件。

五、存在的主要问题及改进情况
部分栏目更新不够及时，下一步将加强培训。

六、其他需要报告的事项
本年度未收取信息处理费。
"""

NOT_A_REPORT = "红烧肉的做法\n\n五花肉切块，焯水后加冰糖炒色，再加生抽和八角，小火炖四十分钟即可。\n"


def report_text(issuer="甲县人民政府", year=2022, i=0):
    return REPORT.format(issuer=issuer, year=year, n=1200 + i, pct=3 + i % 5, m=40 + i, k=300 + i,
                         a=80 + i, b=i % 4, c=2, d=1)


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def good_folder(root: Path, n: int) -> Path:
    for i in range(n):
        write(root / f"county{i % 3}" / f"r{i:03d}.txt",
              report_text(issuer=f"乙{i % 3}县人民政府", year=2019 + i // 3, i=i))
    return root


def read_outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in DATA_FILES}


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


# --- sources -------------------------------------------------------------------------------
def test_discover_folders_archives_and_id_collisions(tmp_path):
    write(tmp_path / "a" / "2022.txt", report_text(year=2022))
    write(tmp_path / "b" / "2022.txt", report_text(issuer="乙县人民政府", year=2022))
    write(tmp_path / "a" / "notes.json", "{}")                 # not a report format: ignored
    write(tmp_path / "a" / ".hidden.txt", "x")                 # hidden: ignored
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("dept/丙局2021.txt", report_text(issuer="丙局", year=2021))
        z.writestr("dept/bomb.txt", b"0" * (4 << 20))          # 4 MiB of zeros: ratio ~1000x
        z.writestr("__MACOSX/dept/._x.txt", b"junk")
    write(tmp_path / "arch" / "batch.zip", buf.getvalue())
    tbuf = io.BytesIO()
    with tarfile.open(fileobj=tbuf, mode="w:gz") as t:
        data = report_text(issuer="丁镇人民政府", year=2020).encode()
        info = tarfile.TarInfo("丁镇/2020.md")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    write(tmp_path / "arch" / "more.tar.gz", tbuf.getvalue())

    jobs = discover([tmp_path])
    keys = [j.key for j in jobs]
    assert keys == sorted(keys)
    assert len(jobs) == 5
    ids = [j.doc_id for j in jobs]
    assert len(set(ids)) == len(ids)
    assert {"a__2022", "b__2022"} <= set(ids)                 # same name in two folders
    bomb = next(j for j in jobs if j.member == "dept/bomb.txt")
    assert bomb.error and "zip bomb" in bomb.error
    member = next(j for j in jobs if j.member == "丁镇/2020.md")
    assert member.key.endswith("more.tar.gz!丁镇/2020.md") and len(member.sha256) == 64
    assert member.ext == ".md"


def test_archive_members_are_tagged_in_memory(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for y in (2021, 2022):
            z.writestr(f"戊市/{y}.txt", report_text(issuer="戊市人民政府", year=y))
    src = write(tmp_path / "in.zip", buf.getvalue())
    summary = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    assert summary["documents"] == {**summary["documents"], "found": 2, "tagged": 2, "failed": 0}
    reps = lines(tmp_path / "out" / "reports.jsonl")
    assert [r["meta"]["year"] for r in reps] == [2021, 2022]
    assert reps[0]["source"]["path"].endswith("in.zip!戊市/2021.txt")
    assert not list((tmp_path / "out").glob("戊市*"))             # nothing extracted


# --- fault isolation ------------------------------------------------------------------------
def test_bad_documents_are_explained_and_the_batch_goes_on(tmp_path):
    src = good_folder(tmp_path / "in", 4)
    write(src / "bad" / "corrupt.pdf", b"%PDF-1.4\n\x00\x01garbage that is no pdf at all\x9c\xff")
    write(src / "bad" / "empty.txt", b"")
    write(src / "bad" / "recipe.txt", NOT_A_REPORT)
    write(src / "bad" / "hangs.txt", report_text(issuer="己县人民政府") + "\nHANG_HERE\n")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.txt", b"0" * (4 << 20))
    write(src / "bad" / "archive.zip", buf.getvalue())
    t0 = time.monotonic()
    summary = tag([src], tmp_path / "out", jobs=2, steps=STEPS, timeout=2, progress=False,
                  extra_steps=['gisnlp.batch.hooks:make_sleep=' + json.dumps(
                      {"seconds": 3600, "marker": "HANG_HERE", "pidfile": str(tmp_path / "pids")})])
    assert time.monotonic() - t0 < 30
    psutil = pytest.importorskip("psutil")
    hung = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert hung and not any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE
                            for p in hung)                              # the hung worker was killed
    docs = summary["documents"]
    assert docs["found"] == 9 and docs["tagged"] == 5 and docs["failed"] == 4
    reasons = {f["doc_id"]: f["reason"] for f in summary["failures"]}
    assert set(reasons) == {"corrupt", "empty", "hangs", "bomb"}
    assert "zip bomb" in reasons["bomb"]
    assert "empty" in reasons["empty"]
    assert "timed out after 2 s" in reasons["hangs"]
    assert reasons["corrupt"]
    assert [n["doc_id"] for n in summary["not_reports"]] == ["recipe"]
    tagged = {r["doc_id"] for r in lines(tmp_path / "out" / "reports.jsonl")}
    assert tagged == {"r000", "r001", "r002", "r003", "recipe"}
    assert {f["doc_id"] for f in lines(tmp_path / "out" / "failures.jsonl")} == set(reasons)


def test_a_crashing_worker_loses_only_its_document(tmp_path):
    src = good_folder(tmp_path / "in", 3)
    write(src / "boom.txt", report_text() + "\nGISNLP_TEST_CRASH\n")
    summary = tag([src], tmp_path / "out", jobs=2, steps=STEPS, progress=False,
                  extra_steps=["gisnlp.batch.hooks:make_crash"])
    assert summary["documents"]["tagged"] == 3
    assert summary["failures"][0]["doc_id"] == "boom"
    assert "worker process died" in summary["failures"][0]["reason"]


# --- resume ---------------------------------------------------------------------------------
def _cli(src, out, *extra):
    return [sys.executable, "-m", "gisnlp", "tag", str(src), "--out", str(out), "--steps", ",".join(STEPS),
            "--no-progress", "-q", *extra]


@pytest.mark.parametrize("engine,n,kill_at", [
    ("local", 9, 4),
    pytest.param("dask", 33, 12, marks=pytest.mark.slow),     # tasks of 4 documents: chunks resume too
])
def test_sigkill_midway_then_rerun_equals_uninterrupted_run(tmp_path, engine, n, kill_at):
    if engine == "dask":
        pytest.importorskip("distributed")
    src = good_folder(tmp_path / "in", n)
    write(src / "empty.txt", b"")
    slow = ["--jobs", "1", "--engine", engine, "--add-step",
            'gisnlp.batch.hooks:make_sleep={"seconds": %s}' % (0.25 if engine == "local" else 0.1)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    ref = subprocess.run(_cli(src, tmp_path / "ref", *slow), env=env, capture_output=True, text=True)
    assert ref.returncode == 1, ref.stderr                              # empty.txt failed

    out = tmp_path / "out"
    proc = subprocess.Popen(_cli(src, out, *slow), env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    index = out / ".gisnlp-tag" / "index.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if index.exists() and index.read_bytes().count(b"\n") >= kill_at:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)                                 # main process and its workers
    proc.wait()
    done = index.read_bytes().count(b"\n")
    assert kill_at <= done < n + 1, "the run was not interrupted midway"
    assert not (out / "reports.jsonl").exists()
    with open(out / ".gisnlp-tag" / "journal.jsonl", "ab") as f:         # a torn, half-written line
        f.write(b'{"doc_id": "r00')

    again = subprocess.run(_cli(src, out, *slow), env=env, capture_output=True, text=True)
    assert again.returncode == 1, again.stderr
    assert read_outputs(out) == read_outputs(tmp_path / "ref")
    run = json.loads((out / "summary.json").read_text())["run"]
    assert run["skipped_already_done"] == done and run["processed"] == n + 1 - done
    assert run["recovered_bytes"] > 0

    third = subprocess.run(_cli(src, out, *slow), env=env, capture_output=True, text=True)
    assert third.returncode == 1
    assert json.loads((out / "summary.json").read_text())["run"]["processed"] == 0
    assert read_outputs(out) == read_outputs(tmp_path / "ref")


def test_changed_file_is_tagged_again_and_removed_file_leaves_output(tmp_path):
    src = good_folder(tmp_path / "in", 3)
    tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    write(src / "county0" / "r000.txt", report_text(issuer="乙0县人民政府", year=2030))
    (src / "county1" / "r001.txt").unlink()
    s = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    assert s["run"]["processed"] == 1 and s["run"]["skipped_already_done"] == 1
    reps = {r["doc_id"]: r for r in lines(tmp_path / "out" / "reports.jsonl")}
    assert set(reps) == {"r000", "r002"} and reps["r000"]["meta"]["year"] == 2030


def test_store_recovers_torn_index_and_journal(tmp_path):
    src = good_folder(tmp_path / "in", 2)
    tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    work = tmp_path / "out" / ".gisnlp-tag"
    with open(work / "index.jsonl", "ab") as f:
        f.write(b'{"doc_id": "r9", "key"')
    with open(work / "journal.jsonl", "ab") as f:
        f.write(b'{"doc_id": "r9"}\n{"doc')
    with Store(tmp_path / "out") as store:
        assert store.recovered == len(b'{"doc_id": "r9", "key"') + len(b'{"doc_id": "r9"}\n{"doc')
        assert len(store.records) == 2
    for name in ("index.jsonl", "journal.jsonl"):             # whole lines only, each valid JSON
        data = (work / name).read_bytes()
        assert data.endswith(b"\n") and all(json.loads(x) for x in data.splitlines())
    with Store(tmp_path / "out") as store:                        # nothing left to repair
        assert store.recovered == 0


def test_two_runs_into_one_folder_are_refused(tmp_path):
    from gisnlp.errors import GisnlpError
    with Store(tmp_path / "out"):
        with pytest.raises(GisnlpError, match="another `gisnlp tag`"):
            Store(tmp_path / "out")


# --- CLI ------------------------------------------------------------------------------------
def test_cli_exit_status_and_usage_errors(tmp_path, capsys):
    from gisnlp.cli import main
    src = good_folder(tmp_path / "in", 2)
    assert main(["tag", str(src), "--out", str(tmp_path / "o"), "--steps", ",".join(STEPS),
                 "--no-progress", "-j", "1"]) == 0
    printed = capsys.readouterr().out
    assert "2 of 2 documents tagged, 0 failed" in printed
    assert main(["tag", str(tmp_path / "missing"), "--out", str(tmp_path / "o2")]) == 2
    write(tmp_path / "nothing" / "a.json", "{}")
    assert main(["tag", str(tmp_path / "nothing"), "--out", str(tmp_path / "o3")]) == 2
    assert main(["tag", str(src), "--out", str(tmp_path / "o4"), "--add-step", "no.such:thing"]) == 2
    assert "no documents found" in capsys.readouterr().err


def test_parquet_tables_have_one_row_per_item(tmp_path):
    import pyarrow.parquet as pq
    src = good_folder(tmp_path / "in", 3)
    tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    reps = lines(tmp_path / "out" / "reports.jsonl")
    docs = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert [d["doc_id"] for d in docs] == [r["doc_id"] for r in reps]
    assert docs[0]["issuer"] == reps[0]["meta"]["issuer"] and docs[0]["year"] == reps[0]["meta"]["year"]
    for name in ("facts", "cells", "segments", "checks"):
        t = pq.read_table(tmp_path / "out" / f"{name}.parquet")
        assert {"doc_id", "issuer", "year"} <= set(t.column_names)
    segs = pq.read_table(tmp_path / "out" / "segments.parquet")
    assert segs.num_rows == sum(len(r["segments"]) for r in reps)


# --- Dask -----------------------------------------------------------------------------------
def test_dask_engine_output_equals_local_engine(tmp_path):
    pytest.importorskip("distributed")
    src = good_folder(tmp_path / "in", 6)
    write(src / "empty.txt", b"")
    local = tag([src], tmp_path / "local", jobs=2, steps=STEPS, progress=False)
    dask = tag([src], tmp_path / "dask", engine="dask", jobs=2, steps=STEPS, progress=False,
               dask_processes=False)
    assert read_outputs(tmp_path / "dask") == read_outputs(tmp_path / "local")
    assert dask["documents"] == local["documents"] and dask["run"]["engine"] == "dask"


def test_dask_worker_processes_output_equals_local_engine(tmp_path):
    pytest.importorskip("distributed")
    src = good_folder(tmp_path / "in", 4)
    local = tag([src], tmp_path / "local", jobs=1, steps=STEPS, progress=False)
    dask = tag([src], tmp_path / "dask", engine="dask", jobs=2, steps=STEPS, progress=False)
    assert read_outputs(tmp_path / "dask") == read_outputs(tmp_path / "local")
    assert dask["documents"] == local["documents"]


def test_pipeline_spec_travels_as_json():
    from gisnlp.batch.worker import PipelineSpec
    for spec in (PipelineSpec(), PipelineSpec(steps=STEPS, disable=("metadata",), text=False,
                                              extra_steps=(("gisnlp.batch.hooks:make_sleep", '{"seconds": 1}'),))):
        assert PipelineSpec.from_json(spec.to_json()) == spec


def test_forkserver_workers_start_with_the_pipeline_built(tmp_path):
    """Processes forked from the fork server the Dask engine starts have the run's pipeline
    loaded already (in a fresh interpreter: the fork server is one per process)."""
    pytest.importorskip("distributed")
    import multiprocessing
    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform")
    code = f"""if True:
        import multiprocessing
        from gisnlp.batch.forkserver_start import start_forkserver
        from gisnlp.batch.worker import PipelineSpec, prebuilt
        def built(spec):
            return prebuilt(spec) is not None and prebuilt(spec).pipe_names == list(spec.steps)
        if __name__ == "__main__":
            spec = PipelineSpec(steps={STEPS!r})
            config = start_forkserver(spec)
            with multiprocessing.get_context("forkserver").Pool(1) as pool:
                print(config, pool.apply(built, (spec,)), pool.apply(built, (PipelineSpec(steps=("normalize",)),)))
    """
    script = tmp_path / "forkserver_check.py"       # a file: the pool's processes import it
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == ["{'distributed.worker.multiprocessing-method':", "'forkserver'}", "True",
                                  "False"], out.stderr[-2000:]


@pytest.mark.slow
def test_dask_worker_processes_are_restarted_on_a_hung_document(tmp_path):
    pytest.importorskip("distributed")
    src = good_folder(tmp_path / "in", 3)
    write(src / "hangs.txt", report_text() + "\nHANG_HERE\n")
    t0 = time.monotonic()
    summary = tag([src], tmp_path / "out", engine="dask", jobs=1, steps=STEPS, timeout=3, progress=False,
                  extra_steps=['gisnlp.batch.hooks:make_sleep={"seconds": 3600, "marker": "HANG_HERE"}'])
    assert time.monotonic() - t0 < 100
    assert summary["documents"]["tagged"] == 3
    assert [f["doc_id"] for f in summary["failures"]] == ["hangs"]
    assert "timed out after 3 s" in summary["failures"][0]["reason"]


def test_dask_chunks_shrink_toward_the_end_of_the_batch():
    from gisnlp.batch.chunks import MAX_BYTES, chunk_size, make_chunks
    from gisnlp.batch.sources import Job
    assert chunk_size(1000, 2) == 16 and chunk_size(10, 2) == 1 and chunk_size(200, 2) == 12
    assert chunk_size(200, 0) == 16
    jobs = [Job(key=f"k{i:03d}", path=f"/x/{i}", size=1000) for i in range(300)]
    sizes = [len(c) for c in make_chunks(jobs, 2)]
    assert sizes[0] == 16 and sizes[-1] == 1 and sizes == sorted(sizes, reverse=True)
    assert [j.key for c in make_chunks(jobs, 2) for j in c] == [j.key for j in jobs]
    big = [Job(key=f"b{i}", path=f"/x/{i}", size=MAX_BYTES // 2 + 1) for i in range(200)]
    assert {len(c) for c in make_chunks(big, 1)} == {1}


def test_dask_timeout_fails_the_running_document_and_requeues_the_rest():
    """Which documents of a timed-out chunk fail and which run again: the one the worker was on
    fails, the others go back as one chunk; when the workers could not say, none fails and all go
    back one by one (each then gets a clock of its own)."""
    pytest.importorskip("distributed")
    from collections import deque

    from gisnlp.batch.chunks import Chunk
    from gisnlp.batch.dask_dispatch import _Dispatch, _late
    from gisnlp.batch.sources import Job

    class Client:
        def nthreads(self):
            return {"w1": 1, "w2": 1}

        def processing(self):
            return {"w1": ["k"]}

        def restart_workers(self, workers, timeout):
            self.restarted = workers

        def run(self, *a, **k):
            return {}

    class Future:
        key = "k"

        def cancel(self):
            pass

    jobs = [Job(key=f"k{i}", path=f"/x/{i}", doc_id=f"d{i}", sha256="0" * 64) for i in range(4)]
    state = _Dispatch(Client(), "plugin", restartable=True)
    other = Chunk(jobs[:1], started=5.0, index=0)
    failed, retry = [], deque()
    chunk = Chunk(jobs, started=0.0, index=2)
    assert _late(chunk, 61.0, 60) and not _late(Chunk(jobs, started=0.0), 61.0, 60)   # unknown: 4 x 60 s
    state.time_out(Future(), chunk, 60, {"f": other}, retry, lambda job, res: failed.append((job.doc_id, res)))
    assert [d for d, _ in failed] == ["d2"] and "timed out after 60 s (its worker was stopped" in failed[0][1].reason
    assert [[j.doc_id for j in c.jobs] for c in retry] == [["d0", "d1", "d3"]]
    assert other.started is None                    # a worker restarted: the other clocks start anew
    failed, retry = [], deque()
    state.time_out(Future(), Chunk(jobs, started=0.0), 60, {}, retry, lambda job, res: failed.append(job))
    assert failed == [] and [[j.doc_id for j in c.jobs] for c in retry] == [["d0"], ["d1"], ["d2"], ["d3"]]


@pytest.mark.slow
def test_dask_hung_document_inside_a_chunk_fails_alone(tmp_path, monkeypatch):
    """Six documents in one chunk, the third hangs: it alone times out, the five others are
    tagged as the local engine tags them (the chunk's rest is queued again)."""
    pytest.importorskip("distributed")
    from gisnlp.batch import chunks
    monkeypatch.setattr(chunks, "CHUNKS_PER_THREAD", 1)     # one worker thread: one chunk of six
    src = good_folder(tmp_path / "in", 5)
    write(src / "county1" / "r001b.txt", report_text() + "\nHANG_HERE\n")
    hook = ['gisnlp.batch.hooks:make_sleep={"seconds": 3600, "marker": "HANG_HERE"}']
    summary = tag([src], tmp_path / "dask", engine="dask", jobs=1, steps=STEPS, timeout=3, progress=False,
                  extra_steps=hook)
    assert summary["documents"]["tagged"] == 5
    assert [f["doc_id"] for f in summary["failures"]] == ["r001b"]
    assert "timed out after 3 s (its worker was stopped" in summary["failures"][0]["reason"]
    (src / "county1" / "r001b.txt").unlink()
    tag([src], tmp_path / "local", jobs=1, steps=STEPS, progress=False, extra_steps=hook)
    assert (tmp_path / "dask" / "reports.jsonl").read_bytes() == (tmp_path / "local" / "reports.jsonl").read_bytes()


@pytest.mark.slow
def test_dask_crashing_document_inside_a_chunk_fails_alone(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from gisnlp.batch import chunks
    monkeypatch.setattr(chunks, "CHUNKS_PER_THREAD", 1)
    src = good_folder(tmp_path / "in", 4)
    write(src / "county0" / "boom.txt", report_text() + "\nGISNLP_TEST_CRASH\n")
    summary = tag([src], tmp_path / "out", engine="dask", jobs=1, steps=STEPS, progress=False,
                  extra_steps=["gisnlp.batch.hooks:make_crash"])
    assert summary["documents"]["tagged"] == 4
    assert [f["doc_id"] for f in summary["failures"]] == ["boom"]
    assert "Dask task failed" in summary["failures"][0]["reason"]


def test_cross_year_audit_runs_over_the_batch(tmp_path):
    src = tmp_path / "in"
    for y in (2020, 2021, 2022):
        write(src / f"庚县{y}.txt", report_text(issuer="庚县人民政府", year=y, i=y))
    s = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    rows = lines(tmp_path / "out" / "series_checks.jsonl")
    assert s["series_checks"]["series"] == 1 and s["series_checks"]["total"] == len(rows) >= 2
    assert {(r["year_a"], r["year_b"]) for r in rows} >= {(2020, 2021), (2021, 2022)}


def test_memory_cap_turns_a_memory_hog_into_one_bad_document(tmp_path):
    src = good_folder(tmp_path / "in", 2)
    write(src / "hog.txt", report_text() + "\nGISNLP_TEST_HOG\n")
    s = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False, max_memory_mb=300,
            extra_steps=['gisnlp.batch.hooks:make_hog={"megabytes": 2000}'])
    assert s["documents"]["tagged"] + s["documents"]["failed"] == 3
    hog = {r["doc_id"]: r for r in lines(tmp_path / "out" / "reports.jsonl")}.get("hog")
    if hog is not None:                         # the pipeline keeps the document, flagged partial
        assert hog["meta"]["partial"] and any("MemoryError" in w for w in hog["meta"]["warnings"])
    else:
        assert "memory" in s["failures"][0]["reason"]
    assert {"r000", "r001"} <= {r["doc_id"] for r in lines(tmp_path / "out" / "reports.jsonl")}


def test_no_text_and_changed_options_retag(tmp_path):
    src = good_folder(tmp_path / "in", 2)
    tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    assert all("text" in r for r in lines(tmp_path / "out" / "reports.jsonl"))
    s = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False, text=False)
    assert s["run"]["processed"] == 2                       # other options: results are not reused
    assert not any("text" in r for r in lines(tmp_path / "out" / "reports.jsonl"))


# --- options, rough edges (issues 16 and 20) --------------------------------------------------
def test_tag_options_resolve_from_none_dict_or_instance():
    from gisnlp.batch.options import TagOptions
    from gisnlp.errors import GisnlpError
    default = TagOptions.resolve(None)
    assert default == TagOptions() and default.engine == "local" and default.timeout == 60.0
    from_dict = TagOptions.resolve({"jobs": 2, "steps": ["normalize"], "disable": ["domains"]}, timeout=5)
    assert (from_dict.jobs, from_dict.steps, from_dict.disable, from_dict.timeout) == \
        (2, ("normalize",), ("domains",), 5)
    assert TagOptions.resolve(from_dict) is from_dict
    assert TagOptions.resolve(from_dict, jobs=1).jobs == 1 and from_dict.jobs == 2
    assert TagOptions.resolve(None, extra_steps=[("gisnlp.batch.hooks:make_sleep", {"seconds": 0})]).extra_steps \
        == (("gisnlp.batch.hooks:make_sleep", '{"seconds": 0}'),)
    for bad, words in (({"jobz": 2}, "options are jobs, engine"), ({"jobs": -1}, "jobs must be"),
                       ({"timeout": "soon"}, "timeout must be"), ({"engine": "spark"}, "unknown engine"),
                       ({"scheduler": "tcp://x:1"}, "needs --engine dask"), ({"steps": ["normalise"]}, "known steps"),
                       ({"extra_steps": ["nope.module:make_x"]}, "cannot load step")):
        with pytest.raises(GisnlpError, match=words):
            TagOptions.resolve(bad)
    with pytest.raises(GisnlpError, match="TagOptions, a dict or None"):
        TagOptions.resolve(["jobs", 2])


def test_cli_and_api_give_the_same_option_errors(tmp_path, capsys):
    from gisnlp.cli import main
    from gisnlp.errors import GisnlpError
    src = good_folder(tmp_path / "in", 1)
    assert main(["tag", str(src), "--out", str(tmp_path / "out"), "--jobs", "-2"]) == 2
    cli_line = capsys.readouterr().err.strip()
    with pytest.raises(GisnlpError) as err:
        tag([src], tmp_path / "out", jobs=-2)
    assert cli_line == f"gisnlp: {err.value}"
    with pytest.raises(GisnlpError, match="unknown tag option 'job'"):
        tag([src], tmp_path / "out", job=2)


def test_symlink_loop_in_a_folder_is_one_failure_line(tmp_path):
    src = good_folder(tmp_path / "in", 2)
    os.symlink("loop.txt", src / "loop.txt")                  # a link to itself
    os.symlink("..", src / "county0" / "up")                    # a folder link back up the tree
    s = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    assert s["documents"]["tagged"] == 2
    assert [f["doc_id"] for f in s["failures"]] == ["loop"]
    assert "symlink loop" in s["failures"][0]["reason"]


def test_unreadable_file_gives_the_same_line_in_tag_and_analyze(tmp_path, monkeypatch, capsys):
    import gisnlp.batch.sources as sources
    import gisnlp.readers
    from gisnlp.cli import main
    from gisnlp.inputs import unreadable
    src = good_folder(tmp_path / "in", 2)
    locked = src / "county1" / "r001.txt"
    denied = PermissionError(13, "Permission denied", str(locked))
    real_read_job, real_read_path = sources.read_job, gisnlp.readers.read_path

    def read_job(job):
        if job.path == str(locked):
            raise denied
        return real_read_job(job)

    def read_path(path, *a, **k):
        if Path(path) == locked:
            raise denied
        return real_read_path(path, *a, **k)

    monkeypatch.setattr(sources, "read_job", read_job)
    monkeypatch.setattr(gisnlp.readers, "read_path", read_path)
    s = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    assert [f["reason"] for f in s["failures"]] == [unreadable(denied)]
    assert main(["analyze", str(locked), "--out", str(tmp_path / "o"), "-q"]) == 1
    err = capsys.readouterr().err
    assert err == f"gisnlp: {locked}: {unreadable(denied)}\n" and "internal error" not in err
    assert "permission denied" in err and "permissions" in err


def test_cross_year_line_says_when_nothing_could_be_checked(tmp_path):
    from gisnlp.batch import format_summary
    src = tmp_path / "in"
    for y in (2018, 2020, 2022):                                # no two consecutive years
        write(src / f"辛县{y}.txt", report_text(issuer="辛县人民政府", year=y, i=y))
    s = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    sc = s["series_checks"]
    assert sc["total"] >= 2 and sc["failed"] == 0 and sc["passed"] == 0 and sc["unknown"] == sc["total"]
    line = next(x for x in format_summary(s, "out").splitlines() if "cross-year" in x)
    assert f"{sc['total']} could not be checked" in line and f"0 failed of {sc['total']}" not in line


def test_tag_and_viewer_count_the_same_issuers(tmp_path):
    pytest.importorskip("jinja2")
    from gisnlp.io import iter_reports
    from gisnlp.viewer import build_site
    src = tmp_path / "in"
    write(src / "a2019.txt", report_text(issuer="平潭县人民政府", year=2019))
    write(src / "a2020.txt", report_text(issuer="平潭综合实验区管委会", year=2020))
    write(src / "a2021.txt", report_text(issuer="平潭综合实验区管委会", year=2021))
    write(src / "b2021.txt", report_text(issuer="壬县人民政府", year=2021))
    write(src / "c.txt", "关于做好2021年度有关工作的通知\n\n各单位：请按要求报送材料。\n")   # no issuer found
    s = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    site = build_site(iter_reports(tmp_path / "out" / "reports.jsonl"), tmp_path / "site")
    assert site.reports == 5 and not {r["doc_id"]: r for r in lines(tmp_path / "out" / "reports.jsonl")}["c"]["meta"]["issuer"]
    assert s["documents"]["issuers"] == site.issuers == 2
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "平潭综合实验区管委会" in index                   # the name most reports use


def test_killed_run_leaves_no_lock_behind_even_while_its_workers_finish(tmp_path):
    src = good_folder(tmp_path / "in", 6)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    slow = ["--jobs", "2", "--add-step", 'gisnlp.batch.hooks:make_sleep={"seconds": 3}']
    proc = subprocess.Popen(_cli(src, out, *slow), env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        journal = out / ".gisnlp-tag" / "journal.jsonl"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not (journal.exists() and journal.stat().st_size):
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)               # the parent only: its workers are still sleeping
        proc.wait()
        t0 = time.monotonic()
        again = subprocess.run(_cli(src, out, "--jobs", "1"), env=env, capture_output=True, text=True)
        assert "another `gisnlp tag`" not in again.stderr and again.returncode == 0, again.stderr
        assert time.monotonic() - t0 < 60
    finally:
        os.killpg(proc.pid, signal.SIGKILL)


def test_result_lines_hold_the_same_data_with_or_without_orjson(monkeypatch):
    from gisnlp.batch import codec
    d = {"doc_id": "甲", "meta": {"year": 2021, "ratio": 0.1 + 0.2, "big": 1e16, "none": None},
         "facts": [{"value": 13072590000, "text": "1307259万元"}], "scores": {1: 0.5}}
    fast = codec.dumps(d)
    monkeypatch.setattr(codec, "orjson", None)
    plain = codec.dumps(d)
    assert b" " not in plain and "甲".encode() in plain and b"\n" not in plain
    assert codec.loads(plain) == codec.loads(fast) == {**d, "scores": {"1": 0.5}}


def test_result_line_written_from_the_dataclasses_equals_the_dict_form():
    """``codec.dumps_report`` (orjson writing the dataclasses) gives the bytes of
    ``dumps(to_dict())``, and falls back to them for an instance holding more than its fields."""
    pytest.importorskip("orjson")
    import gisnlp
    from gisnlp.batch import codec
    nlp = gisnlp.load()
    reports = [nlp(f) for f in sorted((ROOT / "examples").iterdir())]
    reports.append(nlp(report_text().encode("utf-8"), doc_id="甲"))
    assert any(r.facts and r.cells and r.segments for r in reports)
    for r in reports:
        for text in (True, False):
            assert codec.dumps_report(r, text) == codec.dumps(r.to_dict(text))
    r = reports[0]
    r.facts[0].note = "an attribute that is not a field"        # orjson would write it: not taken
    assert codec.dumps_report(r) == codec.dumps(r.to_dict())
    assert b"an attribute that is not a field" not in codec.dumps_report(r)


def test_fresh_forgets_earlier_runs_but_never_under_a_running_one(tmp_path):
    from gisnlp.errors import GisnlpError
    src = good_folder(tmp_path / "in", 2)
    tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    journal = tmp_path / "out" / ".gisnlp-tag" / "journal.jsonl"
    before = journal.read_bytes()
    with Store(tmp_path / "out"):
        with pytest.raises(GisnlpError, match="another `gisnlp tag`"):
            tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False, fresh=True)
        assert journal.read_bytes() == before                   # the running one's journal is untouched
    s = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False, fresh=True)
    assert s["run"]["processed"] == 2 and s["run"]["skipped_already_done"] == 0


def test_summary_counts_documents_that_are_not_reports_in_words():
    """One document that is not a report is '1 not a report', several 'N not reports'."""
    from gisnlp.batch import format_summary
    base = {"documents": {"tagged": 3, "found": 3, "failed": 0, "partial": 0, "not_reports": 1},
            "checks": {"failed": 0, "total": 0, "reports_with_failures": 0, "failed_by_rule": {}},
            "failures": [], "not_reports": [], "series_checks": {}, "run": {}}
    first = format_summary(base, "out").splitlines()[0]
    assert first.endswith("1 not a report -> out")
    base["documents"]["not_reports"] = 2
    assert format_summary(base, "out").splitlines()[0].endswith("2 not reports -> out")


def test_a_zip_of_reports_gives_one_document_each_with_its_tables(tmp_path):
    """Members are chosen as for a zip given alone: a spreadsheet named like a report is its
    tables and a picture is no report, while every report document is tagged."""
    fixtures = Path(__file__).parent / "fixtures"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("年报/甲县2022年报.txt", report_text(issuer="甲县人民政府", year=2022))
        z.writestr("年报/甲县2022年报.xlsx", (fixtures / "sample_tables.xlsx").read_bytes())
        z.writestr("年报/乙县2022年报.txt", report_text(issuer="乙县人民政府", year=2022))
        z.writestr("年报/封面.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    src = write(tmp_path / "reports.zip", buf.getvalue())
    jobs = discover([src])
    assert [(j.member, j.tables) for j in jobs] == [("年报/乙县2022年报.txt", None),
                                                   ("年报/甲县2022年报.txt", "年报/甲县2022年报.xlsx")]
    assert all(j.key.startswith(f"{src}!") and not j.error for j in jobs)
    summary = tag([src], tmp_path / "out", jobs=1, steps=STEPS, progress=False)
    assert summary["documents"] == {**summary["documents"], "found": 2, "tagged": 2, "failed": 0}
    reps = {r["meta"]["issuer"]: r for r in lines(tmp_path / "out" / "reports.jsonl")}
    assert set(reps) == {"甲县人民政府", "乙县人民政府"}
    assert len(reps["甲县人民政府"]["text"]) > len(reps["乙县人民政府"]["text"]) + 100   # the spreadsheet's rows
