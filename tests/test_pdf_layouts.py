"""Every layout printed to PDF reads back as its sheets, with the findings of its text fixture."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXTURES, as_tuples

from cchc_audit.extract.source import bytes_to_document, load_source
from fixtures.build_pdf import layout_pdf_catalogue, printed_tables
from fixtures.layouts import render_layout_text
from cchc_audit.flows.pipeline import audit_document

FOLDER = FIXTURES / "pdf" / "layouts"
PDFS = sorted(FOLDER.glob("*.pdf"))
TYPESETS = {t.slug: t for t in layout_pdf_catalogue()}


@cache
def audited(path: Path):
    return audit_document(load_source(path))


@cache
def audited_as_text(slug: str):
    layout = TYPESETS[slug].layout
    return audit_document(bytes_to_document(f"{layout.slug}.txt", render_layout_text(layout).encode("utf-8")))


def located(report) -> list[tuple]:
    """(code, table, row, column, scorer, published, expected) of each finding."""
    return [(f.code.value, f.table, *rest) for f, (_, *rest) in zip(report.findings, as_tuples(report.findings))]


def tables_of(report) -> list[tuple]:
    return [(t.table.title, len(t.table.rows)) for t in report.tables]


def test_every_layout_is_printed_ruled_and_some_unruled():
    assert sorted(p.stem for p in PDFS) == sorted(TYPESETS)
    ruled = {t.layout.slug for t in TYPESETS.values() if t.ruled}
    unruled = {t.layout.slug for t in TYPESETS.values() if not t.ruled}
    assert len(ruled) == 15 and len(unruled) >= 4 and unruled <= ruled


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_findings_and_tables_are_the_expected_ones(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    report = audited(path)
    assert report.status == "ok" and report.reader == "pdfplumber"
    assert tables_of(report) == [(t["title"], t["rows"]) for t in expected["tables"]]
    assert located(report) == [tuple(f) for f in expected["findings"]]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_findings_and_tables_equal_those_of_the_layout_as_text(path):
    as_text = audited_as_text(path.stem)
    report = audited(path)
    assert tables_of(report) == tables_of(as_text)
    assert located(report) == located(as_text)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_tables_read_back_cell_for_cell(path):
    typeset = TYPESETS[path.stem]
    sheets = typeset.layout.sheets
    report = audited(path)
    assert len(report.tables) == len(sheets)
    for result, sheet in zip(report.tables, sheets):
        table = result.table
        assert [c.text for c in table.header_cells] == list(sheet.header[-1])
        assert [tuple(c.text for c in row.cells) for row in table.rows] == list(sheet.rows)
        assert [tuple(c.text for c in row.cells) for row in table.footer] == list(sheet.footer)
        assert table.ruled == typeset.ruled


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_every_finding_has_a_page_and_a_bbox(path):
    for finding in audited(path).findings:
        assert finding.page is not None and finding.bbox is not None, finding
        x0, top, x1, bottom = finding.bbox
        assert x0 < x1 and top < bottom


def test_blocks_are_printed_as_the_text_has_them():
    """Two blocks under one header, each after its title row; the third under its own header,
    its title a heading above the table."""
    [shared, own] = printed_tables(TYPESETS["layout-blocks-15-ruled"].layout)
    central = "CƠ QUAN TRUNG ƯƠNG ĐÓNG TRÊN ĐỊA BÀN"
    assert [(s.title, s.shared_header) for s in shared.sheets] == [
        ("I. CÁC SỞ, BAN, NGÀNH", False), ("II. UBND CÁC HUYỆN, THÀNH PHỐ", True),
    ]
    assert (shared.heading, own.heading, [s.title for s in own.sheets]) == (None, central, [central])


@pytest.mark.parametrize("slug", ["layout-blocks-wrong-total-15-ruled", "layout-blocks-wrong-total-15-unruled"])
def test_a_block_under_its_heading_on_a_new_page_is_a_table_of_its_own(slug):
    report = audited(FOLDER / f"{slug}.pdf")
    pages = [sorted({row.cells[0].page for row in t.table.rows}) for t in report.tables]
    assert pages == [[2], [2], [3]]  # same columns as the block above, on the next page, under a heading
    [wrong] = report.findings
    cell = report.tables[1].table.rows[1].cells[9]
    assert (wrong.table, wrong.row, wrong.page, wrong.bbox) == (2, 2, cell.page, cell.bbox)
