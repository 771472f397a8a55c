"""Every bundled text fixture gives exactly the findings written beside it."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, as_tuples

from flows.pipeline import audit_source

TEXT_FIXTURES = sorted((FIXTURES / "text").glob("*.txt"))


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.stem)
def test_fixture_matches_its_expected_findings(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    report = audit_source(str(path))
    assert report.status == "ok"
    assert [list(t) for t in as_tuples(report.findings)] == expected["findings"]


def test_there_are_text_fixtures():
    assert len(TEXT_FIXTURES) >= 4
