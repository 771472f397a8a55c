"""Every bundled text fixture gives exactly the findings written beside it."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, as_tuples

from cchc_audit.flows.pipeline import audit_source

TEXT_FIXTURES = sorted((FIXTURES / "text").glob("*.txt"))


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.stem)
def test_fixture_matches_its_expected_findings(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    report = audit_source(str(path))
    assert report.status == "ok"
    assert [[t.table.title, len(t.table.rows)] for t in report.tables] == [
        [t["title"], t["rows"]] for t in expected["tables"]
    ]
    found = [[f.code.value, f.table, *rest] for f, (_, *rest) in zip(report.findings, as_tuples(report.findings))]
    assert found == expected["findings"]


def test_there_are_text_fixtures():
    assert len(TEXT_FIXTURES) >= 19


@pytest.mark.parametrize("path", [p for p in TEXT_FIXTURES if "-wrong" not in p.stem and "-errors" not in p.stem
                                  and "-swapped" not in p.stem], ids=lambda p: p.stem)
def test_clean_layouts_have_no_error_finding(path):
    assert audit_source(str(path)).summary["errors"] == 0
