"""Sweep benchmark: 200 generated text decisions and 50 PDF decisions, with 1 and 2 workers.

    python benchmarks/bench_sweep.py                  # Prefect flow (threads, processes, Dask) and plain pass
    python benchmarks/bench_sweep.py --pdf-dir DIR    # PDF decisions from DIR (default fixtures/pdf)
    python benchmarks/bench_sweep.py --engines prefect-dask --pdfs 0

Each measurement runs in a fresh process on a fresh store: documents per second of the
sweep itself (Prefect's temporary server is started by a warm-up sweep first and not
counted; for Dask, a local cluster of that many single-threaded worker processes is
started and warmed first), and the peak resident memory of the sweeping process (the
server and Dask's workers are other processes and not counted). PDFs are cycled and made
distinct by a trailing comment when the folder holds fewer than 50.

Then a sweep with nothing new over the text decisions, whole process (start-up included),
twice each: `cchc-audit sweep` with no Prefect server configured (in-process), and the
same sweep as a Prefect flow run on a temporary server.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_text_decisions(folder: Path, count: int) -> None:
    from fixtures.decisions import generated, render_text

    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        decision = generated(f"bench-{index:03d}", seed=5000 + index, units=8 + index % 30)
        (folder / f"bench-{index:03d}.txt").write_text(render_text(decision), encoding="utf-8")


def write_pdf_decisions(folder: Path, source: Path, count: int) -> int:
    """Copy `count` distinct PDFs from `source` (cycled, each with its own trailing comment)."""
    pdfs = sorted(source.glob("*.pdf"))
    if not pdfs:
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        data = pdfs[index % len(pdfs)].read_bytes()
        (folder / f"bench-{index:03d}.pdf").write_bytes(data + f"\n%bench {index}\n".encode())
    return len(pdfs)


def sources_file(folder: Path, glob: str) -> Path:
    path = folder.parent / f"{folder.name}.toml"
    path.write_text(f'[[source]]\nname = "bench"\nkind = "folder"\npath = "{folder}"\nglob = "{glob}"\n',
                    encoding="utf-8")
    return path


def child(engine: str, sources: str, workers: int, work: Path) -> dict:
    """One measured sweep (run in its own process)."""
    from cchc_audit.flows.sources import load_config
    from cchc_audit.flows.store import AuditStore
    from cchc_audit.flows.sweep_pass import run_sweep
    from cchc_audit.flows.version import pipeline_version

    store = str(work / "audits.db")
    reports = str(work / "reports")
    if engine.startswith("prefect"):
        from cchc_audit.flows.sweep import audit_new_decisions, task_runner_for

        empty = work / "empty"
        empty.mkdir()
        kind = engine.removeprefix("prefect-")
        runner = task_runner_for(kind, workers, dask_cluster(workers) if kind == "dask" else None)
        flow = audit_new_decisions.with_options(task_runner=runner)
        from cchc_audit.flows.prefect_api import prefect_server

        with prefect_server("en"):  # the temporary server, given the time a loaded machine needs
            flow(str(sources_file(empty, "*.txt")), store=str(work / "warm.db"), reports=reports)
            started = time.perf_counter()
            counts = flow(sources, store=store, reports=reports)
    else:
        started = time.perf_counter()
        counts = run_sweep(load_config(sources), AuditStore(store, pipeline_version()), reports=Path(reports),
                           workers=workers).to_dict()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    statuses: dict[str, int] = {}
    for document in counts["documents"]:
        statuses[str(document["status"])] = statuses.get(str(document["status"]), 0) + 1
    return {"seconds": round(seconds, 2), "audited": counts["audited"], "failed": counts["failed"],
            "docs_per_second": round(counts["audited"] / seconds, 1), "peak_mb": round(peak), "statuses": statuses}


def dask_cluster(workers: int) -> str:
    """The address of a local Dask cluster of `workers` single-threaded processes, each of which
    has loaded the audit code (kept running until this process ends)."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    Client(cluster).run(lambda: __import__("cchc_audit.flows.sweep_pass"))
    return cluster.scheduler_address


def measure(engine: str, sources: Path, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as work:
        environment = dict(os.environ, PREFECT_HOME=str(Path(work) / "prefect"),
                           PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING")
        command = [sys.executable, __file__, "--child", engine, "--sources", str(sources), "--workers", str(workers),
                   "--work", work]
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(done.stderr[-3000:])
        return json.loads(done.stdout.strip().splitlines()[-1])


FLOW_SWEEP = """
import sys
from cchc_audit.flows.prefect_api import prefect_server
from cchc_audit.flows.sweep import audit_new_decisions
with prefect_server("en"):
    audit_new_decisions(sys.argv[1], store=sys.argv[2], reports=sys.argv[3])
"""


def nothing_new(sources: Path) -> list[dict]:
    """Wall time of whole sweeping processes that find nothing new, in-process and on a temporary server."""
    with tempfile.TemporaryDirectory() as work:
        store, reports = str(Path(work) / "audits.db"), str(Path(work) / "reports")
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        environment |= {"PREFECT_HOME": str(Path(work) / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                        "PREFECT_LOGGING_LEVEL": "WARNING"}
        cli = [str(Path(sys.executable).parent / "cchc-audit"), "sweep", str(sources), "--store", store,
               "--reports", reports, "--no-progress"]
        flow = [sys.executable, "-c", FLOW_SWEEP, str(sources), store, reports]
        subprocess.run(cli, env=environment, capture_output=True, check=True)  # audits everything once
        results = []
        for name, command in [("cchc-audit sweep, in-process", cli), ("Prefect flow, temporary server", flow)]:
            for attempt in (1, 2):
                started = time.perf_counter()
                subprocess.run(command, env=environment, capture_output=True, check=True, cwd=work)
                seconds = time.perf_counter() - started
                results.append({"corpus": "nothing new", "engine": name, "run": attempt, "seconds": round(seconds, 2)})
                print(f"{'nothing new (whole process)':28} {name:32} run {attempt}  {seconds:6.2f} s", flush=True)
        return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--pdf-dir", type=Path, default=ROOT / "fixtures" / "pdf")
    parser.add_argument("--engines", default="prefect-threads,prefect-processes,prefect-dask,plain")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--sources", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.sources, args.workers, args.work)))
        return 0

    results = []
    with tempfile.TemporaryDirectory() as scratch:
        corpora = []
        text_folder = Path(scratch) / "text"
        write_text_decisions(text_folder, args.texts)
        corpora.append((f"{args.texts} text", sources_file(text_folder, "*.txt")))
        pdf_folder = Path(scratch) / "pdf"
        originals = write_pdf_decisions(pdf_folder, args.pdf_dir, args.pdfs) if args.pdfs else 0
        if originals:
            corpora.append((f"{args.pdfs} PDF (from {originals} fixtures)", sources_file(pdf_folder, "*.pdf")))
        elif args.pdfs:
            print(f"No PDF fixtures in {args.pdf_dir}: the PDF benchmark is skipped.")
        for name, sources in corpora:
            for engine in args.engines.split(","):
                for workers in (1, 2):
                    result = {"corpus": name, "engine": engine, "workers": workers} | measure(engine, sources, workers)
                    results.append(result)
                    print(f"{name:28} {engine:18} workers={workers}  {result['docs_per_second']:7.1f} docs/s  "
                          f"{result['seconds']:6.2f} s  peak {result['peak_mb']} MB  statuses {result['statuses']}",
                          flush=True)
        results += nothing_new(corpora[0][1])
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "sweep.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
