"""Scale-out: the sweep flow on a local Dask cluster of two worker processes, against PostgreSQL.

Two sweeps race over the same sources on the same cluster; each document is audited once,
by a task that ran in a Dask worker process, and a later sweep audits nothing. The cluster
starts once, here only. Skipped, with the reason, without prefect-dask or PostgreSQL.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context

import pytest

from cchc_audit.flows.store import AuditStore
from cchc_audit.flows.version import pipeline_version
from sweep_support import fresh_postgres, write_decisions

DOCUMENTS = 10


def test_without_prefect_dask_the_dask_runner_is_one_clear_error(monkeypatch):
    from cchc_audit.flows.sources import SourcesError
    from cchc_audit.flows.sweep import task_runner_for

    monkeypatch.setitem(sys.modules, "prefect_dask", None)  # as if it were not installed
    with pytest.raises(SourcesError) as raised:
        task_runner_for("dask", 2)
    assert raised.value.message("en") == "the dask task runner needs prefect-dask: pip install 'cchc-audit[dask]'"
    assert raised.value.message("vi") == "cần gói prefect-dask: pip install 'cchc-audit[dask]'"


def test_two_sweeps_on_two_dask_workers_audit_each_document_once(prefect_harness, postgres_url, tmp_path):
    pytest.importorskip("prefect_dask", reason="prefect-dask is not installed (pip install 'cchc-audit[dask]')")
    from distributed import Client, LocalCluster, get_task_stream

    from cchc_audit.flows.sweep import audit_new_decisions, task_runner_for

    folder = tmp_path / "incoming"
    paths = write_decisions(folder, DOCUMENTS, units=20)
    (folder / "copy-of-000.txt").write_bytes(paths[0].read_bytes())  # the same document at a second place
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "incoming"\nkind = "folder"\npath = "{folder}"\n', encoding="utf-8")
    store_url = fresh_postgres(postgres_url)
    store = AuditStore(store_url, pipeline_version())

    with (LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
          Client(cluster) as client):
        workers = set(client.scheduler_info()["workers"])
        flow = audit_new_decisions.with_options(task_runner=task_runner_for("dask", 2, cluster.scheduler_address))

        def sweep() -> dict:
            return flow(str(sources), store=store_url, reports=str(tmp_path / "reports"), lang="en")

        with get_task_stream(client) as stream, ThreadPoolExecutor(max_workers=2) as pool:
            racing = [pool.submit(copy_context().run, sweep) for _ in range(2)]
            first, second = (future.result() for future in racing)
        later = sweep()

    audited = [d["sha256"] for d in first["documents"] + second["documents"] if d["result"] == "audited"]
    assert sorted(audited) == sorted(set(audited)) and len(audited) == DOCUMENTS
    assert first["failed"] == second["failed"] == 0
    assert first["audited"] + second["audited"] == DOCUMENTS
    assert first["skipped"] + second["skipped"] == DOCUMENTS + 2, "each sweep sees 11 places; 10 documents in all"
    assert (later["new"], later["audited"], later["failed"], later["skipped"]) == (0, 0, 0, DOCUMENTS + 1)
    assert store.audit_count() == DOCUMENTS
    assert store.consistency_problems() == []
    ran_on = {task["worker"] for task in stream.data if task["key"].startswith("audit")}
    assert ran_on and ran_on <= workers, "the audits ran in the cluster's worker processes"
