"""Scanned pages of a PDF, read by OCR in place of their missing (or garbled) text layer.

The PDF reader calls `read_scanned_pages` with its own page readings; each page it marked
as scanned is rasterised with pypdfium2 and read by `ocr.read_scanned_page`, and comes back
as the same kind of reading — tables as grids of located cells, other text as lines — so
the rest of the PDF path (tables across pages, metadata) does not know the difference.
Every scanned page is then given, as positioned words with its ruled tables as the "lines"
candidate, to the layout engine (`scanned_page_tables`, the one place scans meet it), which
keeps the ruled reading when nothing beats it and otherwise reads tables from the words'
alignment as it does for a born-digital PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from cchc_audit.extract.domain.model import Cell, Document
from cchc_audit.extract.domain.types import BBox
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.source import SourceError

MAX_SCANNED_PAGES = 40  # OCR takes seconds a page: a longer scan is refused, not read for minutes
LOWEST_DPI = 100  # below this a figure's decimal comma is a pixel or two: not worth reading


def read_scanned_pages(document: Document, readings: Sequence) -> tuple[list, set[int]]:
    """The page readings with every scanned page read by OCR instead; and those page numbers."""
    from cchc_audit.extract.scan.tesseract import tesseract_problem

    scanned = [r.number for r in readings if r.scanned]
    name = document.source
    if len(scanned) > MAX_SCANNED_PAGES:
        raise SourceError(
            f"{name}: PDF quét quá dài ({len(scanned)} trang cần OCR, tối đa {MAX_SCANNED_PAGES})",
            f"{name}: scanned PDF too long ({len(scanned)} pages to OCR, at most {MAX_SCANNED_PAGES})",
        )
    problem = tesseract_problem()
    if problem is not None:
        listed = ", ".join(map(str, scanned[:10]))
        raise SourceError(
            f"{name}: PDF quét (trang {listed} chỉ có ảnh); cần cài tesseract-ocr và tesseract-ocr-vie để đọc",
            f"{name}: scanned PDF (page {listed} without a usable text layer) and OCR is unavailable: {problem}",
        )
    import pypdfium2

    from cchc_audit.extract.scan.ocr import read_scanned_page
    from cchc_audit.extract.layout.engine import last_header
    from cchc_audit.extract.layout.lines import page_lines
    from cchc_audit.extract.scan.image import embedded_dpi, page_image

    try:
        pdf = pypdfium2.PdfDocument(document.data)
    except pypdfium2.PdfiumError as error:
        raise SourceError(f"{name}: PDF hỏng ({error})", f"{name}: damaged PDF ({error})") from None
    out = []
    header: tuple = ()  # the header of the table the page before ended with
    try:
        for reading in readings:
            if not reading.scanned:
                out.append(reading)
                header = last_header(reading.grids, header)
                continue
            page = pdf[reading.number - 1]
            try:
                dpi = embedded_dpi(page)
                if dpi and dpi < LOWEST_DPI:
                    raise SourceError(
                        f"{name}: trang {reading.number} được quét ở độ phân giải quá thấp ({dpi} dpi, cần ít nhất 150)",
                        f"{name}: page {reading.number} is scanned at too low a resolution ({dpi} dpi, 150 or more needed)",
                    )
                image = page_image(page)
                grids, words = scanned_page_tables(image, read_scanned_page(image, reading.number), header)
                header = last_header(grids, header)
            finally:
                page.close()
            out.append(replace(reading, grids=tuple(grids), lines=tuple(page_lines(words, reading.number))))
    finally:
        pdf.close()
    return out, set(scanned)


def scanned_page_tables(image, ocr, header: Sequence = ()) -> tuple[list, list[dict]]:
    """A scanned page's tables and the words around them, as the layout engine reads the
    page's OCR words with its ruled tables (read cell by cell) as the "lines" candidate: a
    ruled grid that holds only a header, or a table without rules beside one, no longer
    hides the table the words make. A table read from the words gets its figures checked
    against the ink and its header against the vocabulary (`unruled.read_word_grid`).
    `header` is that of the table the page before ended with: a page that goes on with it
    is judged under it, as a born-digital page is, so that its ruled rows are not beaten by
    a reading of its words that merely loses rows."""
    from cchc_audit.extract.layout.engine import inside, page_to_grids
    from cchc_audit.extract.scan.grid import ruling_lines
    from cchc_audit.extract.scan.unruled import page_words_to_ocr_words, read_word_grid

    straight = {}  # each ruled cell as the engine sees it → the cell as published
    ruled = [straighten_grid(image, grid, straight) for grid in ocr.tables]
    grids = list(page_to_grids(ocr.page, ruled, header).grids)
    if any(not grid.ruled for grid in grids):
        lines = ruling_lines(image.pixels, image.dpi)
        words = page_words_to_ocr_words(image, ocr.page)
        grids = [grid if grid.ruled else read_word_grid(image, grid, words, lines) for grid in grids]
    around = [w for w in ocr.words if not any(inside(w, g.bbox) for g in grids)]
    return [_as_published(grid, straight) for grid in grids], around


def straight_box(image, bbox: BBox) -> BBox:
    """A box on the page as published, the bounding box of a box of the straightened page turned
    with the scan (`PageImage.to_points`), → that box on the straightened page, where the page
    pass's words stand. A ruled table's box as published reaches its width × the skew past its
    top and bottom: a row of words just under a header ruled apart would fall inside it."""
    if image.back is None:
        return bbox
    x0, top, x1, bottom = (v / image.scale for v in bbox)
    turn, shift = image.back[:, :2], image.back[:, 2]
    centre = np.linalg.solve(turn, np.array([(x0 + x1) / 2, (top + bottom) / 2]) - shift)
    cos, sin = abs(float(image.back[0, 0])), abs(float(image.back[0, 1]))
    width, height = x1 - x0, bottom - top
    det = cos * cos - sin * sin
    half_width = max(0.0, (width * cos - height * sin) / det) / 2
    half_height = max(0.0, (height * cos - width * sin) / det) / 2
    box = (centre[0] - half_width, centre[1] - half_height, centre[0] + half_width, centre[1] + half_height)
    return tuple(round(float(v) * image.scale, 2) for v in box)  # type: ignore[return-value]


def straighten_grid(image, grid: Grid, straight: dict[Cell, Cell]) -> Grid:
    """A ruled grid with its box and its cells' boxes on the straightened page (the frame of
    the page's words, which the engine compares them with); `straight` records each moved
    cell's published self."""
    rows = []
    for row in grid.rows:
        cells = []
        for cell in row.source_cells():
            moved = replace(cell, bbox=straight_box(image, cell.bbox)) if cell.bbox is not None else cell
            straight[moved] = cell
            cells.append(moved)
        rows.append(replace(row, located=tuple(cells)))
    return replace(grid, rows=tuple(rows), bbox=straight_box(image, grid.bbox))


def _as_published(grid: Grid, straight: dict[Cell, Cell]) -> Grid:
    """A grid with its ruled cells back on the page as published (the report's evidence)."""
    if not any(cell in straight for row in grid.rows for cell in row.located):
        return grid
    rows = tuple(replace(row, located=tuple(straight.get(cell, cell) for cell in row.located)) for row in grid.rows)
    return replace(grid, rows=rows)
