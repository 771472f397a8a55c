"""The Prefect flow gives the same findings as `check` (one test server per session)."""

from __future__ import annotations

from conftest import SEED, as_tuples

from cchc_audit.flows.cli import main
from cchc_audit.flows.pipeline import audit_source


def test_audit_document_flow_matches_check(prefect_harness):
    from cchc_audit.flows.audit import audit_document_flow

    through_flow = audit_document_flow(str(SEED))
    direct = audit_source(str(SEED))
    assert through_flow.status == "ok"
    assert as_tuples(through_flow.findings) == as_tuples(direct.findings)
    assert through_flow.summary == direct.summary


def test_run_command_goes_through_the_flow(prefect_harness, capsys, tmp_path):
    missing = tmp_path / "missing.txt"
    assert main(["run", str(missing)]) == 2
    assert capsys.readouterr().err.strip().startswith("Error: ")
    assert main(["run", str(SEED), "--format", "csv"]) == 1
    assert capsys.readouterr().out.count("\n") == 14
