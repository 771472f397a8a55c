"""A decision typeset in TCVN3 fonts reads as its Unicode twin and gives the same findings."""

from __future__ import annotations


import pdfplumber

from cchc_audit.extract.source import load_source
from fixtures.decisions import seed_decision, table_cells
from cchc_audit.flows.pipeline import audit_document

from conftest import FIXTURES, as_tuples, expected_findings

LEGACY = FIXTURES / "legacy" / "seed-tcvn3-ruled.pdf"
TWIN = FIXTURES / "pdf" / "seed-ruled.pdf"


def test_the_fixture_is_really_set_in_tcvn3():
    with pdfplumber.open(LEGACY) as pdf:
        fonts = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars}
        raw = "".join(c["text"] for c in pdf.pages[0].chars)
    assert {".VnTime", ".VnTimeH", ".VnTimeBold", ".VnTimeHBold"} <= fonts
    assert "Céng" in raw or "CéNG" in raw or "HéI" in raw.upper()


def test_tcvn3_decision_gives_the_findings_of_its_unicode_twin():
    legacy = audit_document(load_source(LEGACY))
    twin = audit_document(load_source(TWIN))
    assert legacy.status == "ok" and legacy.reader == "pdfplumber"
    assert as_tuples(legacy.findings) == as_tuples(twin.findings)
    expected = expected_findings(LEGACY)
    assert as_tuples(legacy.findings) == expected
    header, body = table_cells(seed_decision())
    assert [[c.text for c in row.cells] for row in legacy.tables[0].table.rows] == body
    assert legacy.metadata.issuer == twin.metadata.issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC KẠN"
