"""Rows of scanned tables: where the scan path meets the layout engine (`extract.scan.pages`),
every row printed is read, in its own row. The OCR tests need Tesseract with its Vietnamese
model; skipped, with the reason, without."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cchc_audit.extract.domain.model import Cell
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.roles.assemble import TextRow
from cchc_audit.extract.scan.image import PageImage, straighten
from cchc_audit.extract.scan.pages import _as_published, straight_box, straighten_grid
from cchc_audit.extract.source import load_source
from cchc_audit.flows.pipeline import audit_document

from conftest import FIXTURES, as_tuples, needs_tesseract

SCANS = FIXTURES / "scans"


def turned_page(angle: float) -> PageImage:
    """A blank A4 landscape page at 200 dpi, straightened by `angle` degrees."""
    pixels, back = straighten(np.full((1654, 2339), 255, dtype=np.uint8), angle)
    return PageImage(pixels=pixels, dpi=200, skew=-angle, back=back)


@pytest.mark.parametrize("angle", [-2.3, -0.4, 1.3])
def test_a_box_as_published_is_found_again_on_the_straightened_page(angle):
    image = turned_page(angle)
    for box in [(96, 491, 2247, 736), (1872, 498, 2052, 659), (300, 1200, 420, 1240)]:
        published = image.to_points(box)
        assert published != image.to_points(box, straight=True)
        assert straight_box(image, published) == pytest.approx(image.to_points(box, straight=True), abs=0.03)


def test_a_straight_page_keeps_its_boxes():
    image = PageImage(pixels=np.full((100, 100), 255, dtype=np.uint8), dpi=200, skew=0.0, back=None)
    assert straight_box(image, (10.0, 20.0, 30.0, 40.0)) == (10.0, 20.0, 30.0, 40.0)


def test_a_ruled_grid_is_given_to_the_engine_straight_and_handed_back_as_published():
    image = turned_page(-1.3)
    cells = (Cell("STT", page=2, bbox=image.to_points((96, 491, 300, 736))),
             Cell("Tên đơn vị", page=2, bbox=image.to_points((300, 491, 900, 736))))
    grid = Grid(page=2, rows=(TextRow(line=None, cells=("STT", "Tên đơn vị"), located=cells),),
                bbox=image.to_points((96, 491, 900, 736)), ruled=True)
    published: dict[Cell, Cell] = {}
    straight = straighten_grid(image, grid, published)
    assert straight.bbox == pytest.approx(image.to_points((96, 491, 900, 736), straight=True), abs=0.03)
    assert [c.bbox for c in straight.rows[0].located] == [
        pytest.approx(image.to_points(box, straight=True), abs=0.03) for box in [(96, 491, 300, 736), (300, 491, 900, 736)]
    ]
    assert _as_published(straight, published).rows[0].located == cells


@needs_tesseract
def test_the_first_row_under_a_header_ruled_apart_on_a_crooked_scan_is_read():
    # gap-padding-header-only scanned turned 2.3°: the header's ruled box, as published, reaches
    # 15 points past its bottom rule at one end, over the first row's words. The words in it were
    # taken for the ruled grid's (which has no cell there): row 1 was lost and every row below
    # moved up one, so row 2's score above its maximum was laid on row 1. Compared on the
    # straightened page, where the words stand, every row is read in its place.
    slug = "gap-padding-header-only-200dpi"
    report = audit_document(load_source(SCANS / f"{slug}.pdf"))
    expected = json.loads((SCANS / f"{slug}.expected.json").read_text(encoding="utf-8"))
    assert report.status == "ok" and len(report.tables[0].table.rows) == 8
    found = [f for f in as_tuples(report.findings) if f[0] != "extraction-disagreement"]
    assert found == [tuple(f) for f in expected["findings"]]
