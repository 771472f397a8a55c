"""Sweeps end to end against a real local HTTP server: audited once, never lost, changes noticed.

The same scenario runs through the plain pass (on SQLite and PostgreSQL) and through
the Prefect flow, whose task runs and artifacts are checked too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc_audit.flows.sources import load_config
from cchc_audit.flows.store import AuditStore, documents, sightings
from cchc_audit.flows.sweep_pass import run_sweep
from cchc_audit.flows.version import pipeline_version
from sweep_support import Route, decision_bytes, write_decisions


SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "000_c0db76a65c12b58c.txt"
PDF_NAMED_TXT = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def listing(*paths: str) -> Route:
    links = "".join(f'<li><a href="{p}">Chỉ số CCHC {p}</a></li>' for p in paths)
    links += '<li><a href="/files/thong-bao.pdf">Thông báo</a></li><li><a href="http://example.org/cchc-x.pdf">x</a></li>'
    return Route(body=f"<html><body><ul>{links}</ul></body></html>".encode(), content_type="text/html", etag=False)


class Scenario:
    """Three sources on one server and one folder, with slow, oversized and broken places."""

    def __init__(self, server, tmp_path: Path) -> None:
        self.server = server
        self.folder = tmp_path / "incoming"
        self.files = write_decisions(self.folder, 2, start=50)
        routes = server.routes
        for index in (1, 3):
            routes[f"/docs/d{index}.txt"] = Route(body=decision_bytes(index))
        routes["/docs/d2.txt"] = Route(body=SEED.read_bytes())
        routes["/docs/slow.txt"] = Route(body=decision_bytes(7), delay=1.0)
        routes["/docs/big.txt"] = Route(body=b"x" * 100_001)
        routes["/docs/broken.txt"] = Route(status=500)
        routes["/files/cchc-4.txt"] = Route(body=decision_bytes(4))
        routes["/files/cchc-5.txt"] = Route(body=decision_bytes(5))
        routes["/files/cchc-scan.txt"] = Route(body=PDF_NAMED_TXT)
        routes["/files/cchc-6.txt"] = Route(status=503)
        routes["/list"] = listing("/files/cchc-4.txt", "/files/cchc-5.txt", "/files/cchc-scan.txt", "/files/cchc-6.txt")
        urls = ", ".join(f'"{server.url(p)}"' for p in
                         ("/docs/d1.txt", "/docs/d2.txt", "/docs/d3.txt", "/docs/slow.txt", "/docs/big.txt",
                          "/docs/broken.txt"))
        self.sources = tmp_path / "sources.toml"
        self.sources.write_text(
            f"""
[fetch]
timeout = 0.3
max_bytes = 100000
retries = 1
retry_delay = 0.05

[[source]]
name = "ministry"
kind = "urls"
urls = [{urls}]

[[source]]
name = "listing"
kind = "listing"
url = "{server.url('/list')}"
pattern = "cchc"

[[source]]
name = "incoming"
kind = "folder"
path = "incoming"
glob = "*.txt"
""",
            encoding="utf-8",
        )

    def after_first_sweep(self) -> None:
        """The listing drops the broken link (it must still be retried) and the server mends it."""
        self.server.routes["/list"] = listing("/files/cchc-4.txt", "/files/cchc-5.txt", "/files/cchc-scan.txt")
        self.server.routes["/files/cchc-6.txt"] = Route(body=decision_bytes(6))

    def after_second_sweep(self) -> None:
        """A document is republished with new figures, a folder file changes, the 500 is mended."""
        self.server.routes["/docs/d1.txt"] = Route(body=decision_bytes(11))
        self.server.routes["/docs/broken.txt"] = Route(body=decision_bytes(8))
        self.files[0].write_bytes(decision_bytes(12))


def counts(summary: dict) -> tuple[int, int, int, int]:
    return summary["new"], summary["audited"], summary["failed"], summary["skipped"]


def check_three_sweeps(scenario: Scenario, sweep, store: AuditStore, reports: Path) -> None:
    sent = scenario.server.sent
    first = sweep()
    assert counts(first) == (8, 8, 4, 0)
    assert store.find(code="missing-decision-number")[0]["location"] == scenario.server.url("/docs/d2.txt")
    failed = sorted(d["location"].rsplit("/", 1)[-1] for d in first["documents"] if d["result"] == "failed")
    assert failed == ["big.txt", "broken.txt", "cchc-6.txt", "slow.txt"]
    assert sent[("/docs/broken.txt", 500)] == 2, "a 500 is retried once (retries = 1)"
    assert sent[("/docs/big.txt", 200)] == 1, "an oversized file is not retried"
    assert ("/files/thong-bao.pdf", 200) not in sent, "links not matching the pattern are not followed"
    with store.engine.connect() as connection:
        kinds = dict(connection.execute(documents.select().with_only_columns(documents.c.sha256, documents.c.kind)).all())
    scan = next(d for d in first["documents"] if d["location"].endswith("cchc-scan.txt"))
    assert kinds[scan["sha256"]] == "pdf", "a PDF named .txt is a PDF"
    assert len(list(reports.glob("*.json"))) == 8

    scenario.after_first_sweep()
    second = sweep()
    assert counts(second) == (1, 1, 3, 8)
    assert sent[("/docs/d1.txt", 200)] == 1 and sent[("/docs/d1.txt", 304)] == 1, "unchanged: one 304, no download"
    assert sorted(f.location.rsplit("/", 1)[-1] for f in store.pending_failures()) == ["big.txt", "broken.txt", "slow.txt"]

    scenario.after_second_sweep()
    third = sweep()
    assert counts(third) == (3, 3, 2, 6)
    audited = sorted(Path(d["location"]).name for d in third["documents"] if d["result"] == "audited")
    assert audited == ["broken.txt", "d1.txt", "decision-050.txt"]
    assert store.audit_count() == 12
    assert sorted(f.location.rsplit("/", 1)[-1] for f in store.pending_failures()) == ["big.txt", "slow.txt"]
    assert store.consistency_problems() == []
    for path in reports.glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["sha256"] == path.stem


def test_plain_sweeps_audit_each_new_document_once(decision_server, tmp_path, store_url):
    scenario = Scenario(decision_server, tmp_path)
    store = AuditStore(store_url, pipeline_version())
    reports = tmp_path / "reports"

    def sweep() -> dict:
        return run_sweep(load_config(scenario.sources), store, reports=reports, workers=2).to_dict()

    check_three_sweeps(scenario, sweep, store, reports)


def test_the_prefect_flow_sweeps_and_publishes(prefect_harness, decision_server, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from cchc_audit.flows.sweep import audit_new_decisions, task_runner_for

    scenario = Scenario(decision_server, tmp_path)
    store_path, reports = str(tmp_path / "audits.db"), tmp_path / "reports"
    store = AuditStore(store_path, pipeline_version())
    flow = audit_new_decisions.with_options(task_runner=task_runner_for("threads", 2))
    runs = []

    def sweep() -> dict:
        state = flow(str(scenario.sources), store=store_path, reports=str(reports), return_state=True)
        runs.append(state.state_details.flow_run_id)
        return state.result()

    check_three_sweeps(scenario, sweep, store, reports)

    with get_client(sync_client=True) as client:
        first_run = FlowRunFilter(id=FlowRunFilterId(any_=[runs[0]]))
        names = {t.name for t in client.read_task_runs(flow_run_filter=first_run)}
        artifacts = {a.key: a for a in client.read_artifacts(flow_run_filter=first_run)}
    audited_shas = {p.stem for p in reports.glob("*.json")}
    assert {f"audit-{sha}" for sha in audited_shas} & names, "each document is a task run named with its sha256"
    assert "fetch-d1.txt" in names and "discover-listing" in names
    assert "| 8 | 8 | 4 | 0 |" in artifacts["cchc-sweep-summary"].data
    findings = artifacts["cchc-sweep-findings"].data
    assert "score-above-max" in findings and "missing-decision-number" in findings


def test_sweep_history_and_serve_commands(prefect_harness, decision_server, tmp_path, capsys, monkeypatch):
    from prefect import Flow

    from cchc_audit.flows.cli import main

    scenario = Scenario(decision_server, tmp_path)
    store = str(tmp_path / "audits.db")
    common = ["--store", store, "--reports", str(tmp_path / "reports"), "--lang", "en"]
    assert main(["sweep", str(scenario.sources), *common, "--no-progress"]) == 1
    assert capsys.readouterr().out == "new 8, audited 8, failed 4, skipped 0\n"
    scenario.after_first_sweep()
    assert main(["sweep", str(scenario.sources), *common, "--format", "json", "--workers", "1"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert counts(result) == (1, 1, 3, 8)

    assert main(["history", "--store", store, "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["audited_at", "status", "errors", "warnings", "info", "year", "issuer", "location",
                                "sha256"]
    assert len(lines) == 4
    assert main(["history", "--store", store, "--failures", "--format", "json", "--lang", "en"]) == 0
    failures = json.loads(capsys.readouterr().out)
    assert sorted(f["message"].split(": ", 1)[-1] for f in failures) == [
        "file too large (100001 bytes, at most 100000)", "the server answered HTTP 500", "the server timed out"]

    served = {}
    monkeypatch.setattr(Flow, "serve", lambda self, **kwargs: served.update(kwargs))
    assert main(["serve", str(scenario.sources), "--store", store, "--cron", "0 6 * * 1-5"]) == 0
    assert served["cron"] == "0 6 * * 1-5" and served["name"] == "daily-sweep"
    assert served["parameters"]["sources"] == str(scenario.sources.resolve())


def test_a_deployment_can_be_registered_on_a_work_pool(prefect_harness, tmp_path, capsys):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate

    from cchc_audit.flows.cli import main

    folder = tmp_path / "incoming"
    write_decisions(folder, 1)
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "incoming"\nkind = "folder"\npath = "{folder}"\n', encoding="utf-8")
    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="cchc", type="process"))
    assert main(["serve", str(sources), "--work-pool", "cchc", "--name", "weekday-sweep", "--cron", "0 6 * * 1-5"]) == 0
    assert "deployment audit-new-decisions/weekday-sweep" in capsys.readouterr().out
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name("audit-new-decisions/weekday-sweep")
    assert deployment.work_pool_name == "cchc"
    assert deployment.entrypoint == "cchc_audit.flows.sweep.audit_new_decisions"
    assert deployment.parameters["sources"] == str(sources.resolve())


@pytest.mark.parametrize("command", ["sweep", "serve"])
def test_command_errors_are_one_line(command, tmp_path, capsys):
    from cchc_audit.flows.cli import main

    assert main([command, str(tmp_path / "missing.toml"), "--lang", "en"]) == 2
    assert capsys.readouterr().err == f"Error: {tmp_path}/missing.toml: cannot read the sources file (No such file or directory)\n"
    (tmp_path / "bad.toml").write_text('[[source]]\nkind = "urls"\nurls = ["ftp://x/a.pdf"]\n', encoding="utf-8")
    assert main([command, str(tmp_path / "bad.toml")]) == 2
    assert capsys.readouterr().err.startswith(f"Error: {tmp_path}/bad.toml: tệp nguồn không hợp lệ: ")


def test_the_same_bytes_at_two_places_in_one_sweep_are_audited_once(tmp_path):
    folder = tmp_path / "incoming"
    first, = write_decisions(folder, 1)
    (folder / "copy.txt").write_bytes(first.read_bytes())
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "incoming"\nkind = "folder"\npath = "{folder}"\n', encoding="utf-8")
    store = AuditStore(str(tmp_path / "audits.db"), pipeline_version())
    summary = run_sweep(load_config(sources), store, reports=tmp_path / "reports", workers=2)
    assert counts(summary.to_dict()) == (1, 1, 0, 1)
    assert sorted(o.result for o in summary.outcomes) == ["audited", "skipped"], "whichever was fetched first"
    assert store.audit_count() == 1
    assert store.consistency_problems() == []
    with store.engine.connect() as connection:
        places = connection.execute(sightings.select().with_only_columns(sightings.c.location)).scalars().all()
    assert sorted(Path(p).name for p in places) == ["copy.txt", "decision-000.txt"]
