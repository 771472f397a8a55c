"""Born-digital PDFs in the table geometries other tools print (issue 10): each geometry
fixture reads back cell for cell, as one table, with exactly its expected findings."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from conftest import FIXTURES, as_tuples, expected_findings

from cchc_audit.extract.pdf.page_words import page_to_words
from cchc_audit.extract.source import load_source
from fixtures.build_geometry import catalogue
from fixtures.geometry import printed_cells
from cchc_audit.flows.pipeline import AuditOptions, audit_document

FOLDER = FIXTURES / "pdf" / "geometry"
PDFS = sorted(FOLDER.glob("*.pdf"))
GEOMETRIES = {g.slug: g for g in catalogue()}
# The reading the engine must choose where the choice is not open: rulings that draw the
# table's grid are read as a grid; shading, missing or partial rules by word alignment.
READERS = {
    "rotated-pages": "pdfplumber/lines",
    "narrow-labels-vertical": "pdfplumber/lines",
    "gap-spacer-row-grid": "pdfplumber/lines",
    "shaded-rows": "pdfplumber/words",
    "open-merged-header": "pdfplumber/words",
    "gap-separate-grid": "pdfplumber/lines",  # the header grid stacked onto its body's
    "turned-separate-header-grid": "pdfplumber/lines",  # its rules found though pdfplumber misnames them
    "body-verticals-only": "pdfplumber/words",
    "horizontal-rules-only": "pdfplumber/words",
    "ruled-grid-elsewhere": "pdfplumber/words",
}


@cache
def audited(path: Path):
    return audit_document(load_source(path), AuditOptions())


def test_every_geometry_has_a_committed_pdf():
    assert [p.stem for p in PDFS] == sorted(GEOMETRIES)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_findings_are_the_expected_ones(path):
    expected = expected_findings(path)
    assert as_tuples(audited(path).findings) == expected


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_every_row_reads_back_cell_for_cell_in_one_table(path):
    _, body = printed_cells(GEOMETRIES[path.stem])
    report = audited(path)
    [result] = report.tables
    assert [[cell.text for cell in row.cells] for row in result.table.rows] == body


@pytest.mark.parametrize("slug", sorted(READERS))
def test_the_report_names_the_reading_chosen(slug):
    report = audited(FOLDER / f"{slug}.pdf")
    assert report.reader == "pdfplumber"
    assert [t.table.reader for t in report.tables] == [READERS[slug]]


def test_findings_on_every_page_carry_page_and_bbox():
    for path in PDFS:
        for finding in audited(path).findings:
            assert finding.page is not None and finding.bbox is not None, (path.stem, finding)


def test_glyphs_of_neighbouring_cells_less_than_3_points_apart_are_two_words():
    # "cải" ends one label's line 2.9 points before "hiện" begins the next label's, with no space
    # between: two words, never "cảihiện".
    with pdfplumber.open(FOLDER / "labels-touching-unruled.pdf") as pdf:
        page = pdf.pages[0]
        texts = [w["text"] for w in page_to_words(page, page, 1).words]
    assert "cảihiện" not in texts and {"cải", "hiện"} <= set(texts)
