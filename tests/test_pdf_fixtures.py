"""Every PDF fixture reads back as the table its script wrote, with the findings of its text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import expected_findings

from cchc_audit.extract.roles.header import header_to_columns
from cchc_audit.extract.source import bytes_to_document, load_source
from fixtures.build_pdf import pdf_catalogue
from fixtures.decisions import render_text, table_cells
from cchc_audit.flows.pipeline import AuditOptions, audit_document
from cchc_audit.report.json_report import report_to_dict

FOLDER = Path(__file__).parent.parent / "fixtures" / "pdf"
SEED_TEXT = Path(__file__).parent.parent / "fixtures" / "seed" / "000_c0db76a65c12b58c.txt"
PDFS = sorted(FOLDER.glob("*.pdf"))
TYPESETS = {t.slug: t for t in pdf_catalogue()}


@cache
def audited(path: Path):
    return audit_document(load_source(path), AuditOptions())


def as_tuples(findings) -> list[tuple]:
    return [(f.code.value, f.row, f.column, f.scorer.value if f.scorer else None, f.published, f.expected) for f in findings]


def test_every_typeset_decision_has_a_committed_pdf():
    assert sorted(p.stem for p in PDFS) == sorted(TYPESETS)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_table_reads_back_cell_for_cell(path):
    header, body = table_cells(TYPESETS[path.stem].decision)
    report = audited(path)
    assert report.reader == "pdfplumber"
    [result] = report.tables
    table = result.table
    assert [c.text for c in table.header_cells] == header[0]
    assert table.columns == header_to_columns(header, body)
    assert [[cell.text for cell in row.cells] for row in table.rows] == body
    assert table.ruled == TYPESETS[path.stem].ruled


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_findings_are_the_expected_ones(path):
    expected = expected_findings(path)
    assert as_tuples(audited(path).findings) == expected


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_findings_equal_those_of_the_same_decision_as_text(path):
    decision = TYPESETS[path.stem].decision
    text = SEED_TEXT.read_bytes() if decision.slug == "seed" else render_text(decision).encode("utf-8")
    as_text = audit_document(bytes_to_document(f"{decision.slug}.txt", text))
    assert as_tuples(audited(path).findings) == as_tuples(as_text.findings)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_every_finding_has_a_page_and_a_bbox(path):
    for finding in audited(path).findings:
        assert finding.page is not None and finding.bbox is not None, finding
        x0, top, x1, bottom = finding.bbox
        assert x0 < x1 and top < bottom


def test_seed_pdf_points_at_the_questioned_cells():
    report = audited(FOLDER / "seed-ruled.pdf")
    table = report.tables[0].table
    by_code = {}
    for finding in report.findings:
        by_code.setdefault(finding.code.value, []).append(finding)
    assert [f.page for f in by_code["missing-decision-number"] + by_code["missing-signing-date"]] == [1, 1]
    above = by_code["score-above-max"][0]
    cell = table.rows[above.row - 1].cells[14]
    assert (above.page, above.bbox, above.published) == (2, cell.bbox, cell.text)
    assert (above.compared_page, above.compared_bbox) == (2, table.header_cells[14].bbox)
    raised = by_code["appraised-above-self"][0]  # row 1, Cải cách chế độ công vụ: 9 → 10
    row = table.rows[0]
    assert (raised.bbox, raised.compared_bbox) == (row.cells[11].bbox, row.cells[10].bbox)
    misprinted = by_code["max-likely-misprinted"][0]
    assert (misprinted.page, misprinted.bbox) == (2, table.header_cells[8].bbox)


def test_json_report_carries_page_bbox_and_reader():
    data = report_to_dict(audited(FOLDER / "seed-ruled.pdf"), "en")
    assert data["reader"] == "pdfplumber" and data["cross_check"] is None
    for finding in data["findings"]:
        assert isinstance(finding["page"], int) and len(finding["bbox"]) == 4
    compared = [f["compared"] for f in data["findings"] if f["code"] == "score-above-max"]
    assert all(c["page"] == 2 and len(c["bbox"]) == 4 for c in compared)


def test_rows_split_across_pages_are_mended():
    report = audited(FOLDER / "split-rows-40-ruled.pdf")
    pages = {row.cells[0].page for row in report.tables[0].table.rows}
    assert len(pages) >= 3  # the table runs over several pages, header repeated on each
