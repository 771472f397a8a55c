"""A sweep killed (SIGKILL) half-way and run again audits every document exactly once.

With no Prefect server configured, `cchc-audit sweep` runs its pass in-process: no
temporary server is started, so a busy machine cannot make it time out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cchc_audit.flows.store import AuditStore
from cchc_audit.flows.version import pipeline_version
from sweep_support import ROOT, write_decisions

DOCUMENTS = 36


def sweep_process(sources: Path, store: Path, reports: Path, home: Path) -> subprocess.Popen:
    """`cchc-audit sweep` in its own process group, with no Prefect server configured."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    environment |= {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    command = [sys.executable, "-m", "cchc_audit.flows.cli", "sweep", str(sources), "--store", str(store),
               "--reports", str(reports), "--workers", "1", "--no-progress", "--lang", "en"]
    return subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_killed_sweep_run_again_audits_every_document_exactly_once(tmp_path):
    folder = tmp_path / "incoming"
    write_decisions(folder, DOCUMENTS, units=40)
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "incoming"\nkind = "folder"\npath = "{folder}"\n', encoding="utf-8")
    store_path, reports = tmp_path / "audits.db", tmp_path / "reports"
    store = AuditStore(str(store_path), pipeline_version())

    victim = sweep_process(sources, store_path, reports, tmp_path / "prefect")
    deadline = time.monotonic() + 180
    while store.audit_count() < DOCUMENTS // 3:
        assert victim.poll() is None, victim.communicate()[1][-2000:]
        assert time.monotonic() < deadline, "the sweep did not get going"
        time.sleep(0.02)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    before = store.audit_count()
    assert DOCUMENTS // 3 <= before < DOCUMENTS, "killed half-way"
    assert store.consistency_problems() == []

    again = sweep_process(sources, store_path, reports, tmp_path / "prefect")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err[-2000:]
    left = DOCUMENTS - before
    assert out == f"new {left}, audited {left}, failed 0, skipped {before}\n"
    assert store.audit_count() == DOCUMENTS
    assert store.consistency_problems() == []
    assert err == "" and not (tmp_path / "prefect").exists(), "no temporary Prefect server was started"
    assert len(list(reports.glob("*.json"))) == DOCUMENTS
    assert len(store.history(limit=100)) == DOCUMENTS
