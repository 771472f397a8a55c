"""Born-digital PDFs whose table a reader finds in parts (issue 10): each page fixture reads
back as its tables, cell for cell, with exactly its expected findings, found on rows only a
joined table holds."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXTURES, as_tuples, expected_findings, needs_fonts

from cchc_audit.extract.source import load_source
from fixtures.build_pages import catalogue, draw
from cchc_audit.flows.pipeline import AuditOptions, audit_document

FOLDER = FIXTURES / "pdf" / "pages"
PDFS = sorted(FOLDER.glob("*.pdf"))


@cache
def audited(path: Path):
    return audit_document(load_source(path), AuditOptions())


def test_every_page_fixture_has_a_committed_pdf():
    assert [p.stem for p in PDFS] == sorted(t.slug for t in catalogue())


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_findings_are_the_expected_ones(path):
    assert as_tuples(audited(path).findings) == expected_findings(path)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_every_row_reads_back_in_its_table(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["tables"]
    tables = [[[cell.text for cell in row.cells] for row in t.table.rows] for t in audited(path).tables]
    assert tables == expected


def test_a_block_under_its_heading_is_titled_by_it():
    report = audited(FOLDER / "block-heading-next-page.pdf")
    assert [t.table.title for t in report.tables] == [None, "II. CÁC XÃ CÒN LẠI"]


@needs_fonts
def test_the_script_draws_the_committed_pdf_again(tmp_path):
    [table] = [t for t in catalogue() if t.slug == "rules-end-midway"]
    assert draw(table, tmp_path / "again.pdf").read_bytes() == (FOLDER / "rules-end-midway.pdf").read_bytes()
