"""Tables the layout engine reads from a scanned page's words, checked as a ruled table's are.

A scanned page without a ruled table goes to the layout engine as positioned words (the
page pass, `words.ocr_to_page_words`). The engine's tables come back as rows of cells, each
with its box; the scan front end then treats their cells as it treats a ruled table's:
header cells (unless they name one known label) and body text Tesseract was unsure of read
again on their own, header cells snapped to the vocabulary of PAR Index headers, stray marks
dropped from text, class names snapped,
and every figure checked against its ink and read again where the page pass and the ink
disagree (`figures.read_figures`), so that a decimal comma the page pass dropped ("1517")
is put back where the ink shows it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from cchc_audit.extract.domain.classes import canonical_class
from cchc_audit.extract.layout.page import PageWords
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.roles.assemble import TextRow
from cchc_audit.extract.scan.crops import cell_crop
from cchc_audit.extract.scan.figures import figure_cells, read_figures
from cchc_audit.extract.scan.image import PageImage
from cchc_audit.extract.scan.tesseract import OcrWord
from cchc_audit.extract.scan.ocr import TEXT_SURE, read_text_cells, read_turned
from cchc_audit.extract.scan.vocabulary import header_symbols, known_header, snap_label, snap_text, strip_strays
from cchc_audit.extract.scan.words import Reading

MARGIN = 0.02  # inches of page around a cell's words, so its crop holds all of their ink
# "(3)(4)+(5)": a column's formula whose thin "=" OCR lost between its number and its sum
_LOST_EQUALS = re.compile(r"^(\s*\(\s*\d{1,2}\s*\))\s*(?=\(\s*\d{1,2}\s*\)\s*\+)")


def page_words_to_ocr_words(image: PageImage, page: PageWords) -> list[OcrWord]:
    """The page pass's words back in pixels of the straightened page."""
    scale = image.scale
    return [
        OcrWord(w["text"], float(w.get("confidence", 0.0)),
                (round(w["x0"] / scale), round(w["top"] / scale), round(w["x1"] / scale), round(w["bottom"] / scale)),
                (0, 0, 0))
        for w in page.words
    ]


def read_word_grid(image: PageImage, grid: Grid, words: Sequence[OcrWord], lines: np.ndarray) -> Grid:
    """A table the layout engine read from OCR words, its header snapped to the vocabulary,
    its text cleared of specks and its figures read as a ruled table's are."""
    texts = [list(row.cells) for row in grid.rows]
    figures, header_rows = figure_cells(texts)
    across = merged_across(grid)
    figures = [key for key in figures if key not in across]
    boxes = {key: _pixel_box(image, column_wide(grid, key, figures)) for key in figures}
    crops = {key: cell_crop(image, lines, box) for key, box in boxes.items() if box is not None}
    crops = {key: crop for key, crop in crops.items() if crop is not None}
    placed = {key: [w for w in words if _middle_in(w, boxes[key])] for key in crops}
    readings = read_figures(image, crops, placed, frozenset())
    header = {(r, c): _pixel_box(image, cell.bbox) for r in header_rows for c, cell in enumerate(grid.rows[r].source_cells())
              if cell.text and not known_header(cell.text)[0]}
    header.update({  # body text (names, classes) Tesseract was unsure of, as in a ruled table
        (r, c): box for r, row in enumerate(grid.rows) if r not in header_rows
        for c, cell in enumerate(row.source_cells())
        if cell.text and (r, c) not in set(figures) and (box := _pixel_box(image, cell.bbox)) is not None
        and min((w.confidence for w in words if _middle_in(w, box)), default=0.0) < TEXT_SURE
    })
    labels = {key: cell_crop(image, lines, box) for key, box in header.items() if box is not None}
    labels = {key: crop for key, crop in labels.items() if crop is not None}
    page = {key: Reading(grid.rows[key[0]].source_cells()[key[1]].text, None) for key in labels}
    readings.update(read_text_cells(image, labels, page))
    readings.update(read_turned(image, {k: crop for k, crop in labels.items() if k[0] in header_rows}, readings))
    rows = []
    for r, row in enumerate(grid.rows):
        cells = []
        for c, cell in enumerate(row.source_cells()):
            if (r, c) in readings:
                found = readings[(r, c)]
                cell = replace(cell, text=found.text, confidence=found.confidence, alternatives=found.alternatives)
                cells.append(cell if (r, c) in set(figures) else _text_cell(cell, r in header_rows))
            elif cell.text and (r, c) not in set(figures):
                cells.append(_text_cell(cell, r in header_rows))
            else:
                cells.append(cell)
        rows.append(TextRow(line=row.line, cells=tuple(c.text for c in cells), located=tuple(cells)))
    return replace(grid, rows=without_blank_rows(rows))


def without_blank_rows(rows: Sequence[TextRow]) -> tuple[TextRow, ...]:
    """The rows that hold some text once specks are cleared: a header line of labels printed
    turned, read as specks only, is no header row (a blank one above the column numbers would
    leave a header of nothing, every column unknown)."""
    return tuple(row for row in rows if any(row.cells))


def column_wide(grid: Grid, key: tuple[int, int], figures: Sequence[tuple[int, int]]):
    """A figure cell's box as wide as its column's figures: the engine's box is that of the
    words the page pass read, and a figure it misread as a narrower word ("VI)" for "7,9")
    would be cut out without its last digits."""
    cell = grid.rows[key[0]].source_cells()[key[1]]
    box = cell.bbox
    if box is None or not cell.text:  # an empty cell's box is the row's band: widened, it takes its neighbours' ink
        return box
    spans = [other.bbox for r, c in figures if c == key[1]
             if (other := grid.rows[r].source_cells()[c]).text and other.bbox is not None]
    if not spans:
        return box
    return (min([box[0], *(b[0] for b in spans)]), box[1], max([box[2], *(b[2] for b in spans)]), box[3])


def merged_across(grid: Grid) -> set[tuple[int, int]]:
    """The cells of a row merged across columns (the engine gives a merged cell's box to every
    column it covers): a block's title across the table ("II. CÁC CƠ QUAN KHÁC") starts in the
    column of row numbers, yet is text — read as a figure, every column of it read "0"."""
    out = set()
    for r, row in enumerate(grid.rows):
        boxes = [cell.bbox for cell in row.source_cells()]
        out.update((r, c) for c, box in enumerate(boxes) if box is not None and boxes.count(box) > 1)
    return out


def _text_cell(cell, header: bool):
    text = strip_strays(cell.text)
    if header:
        snapped = snap_label(snap_text(with_equals(header_symbols(text))))
    else:
        snapped = snap_text(text) if canonical_class(snap_text(text)) else text
    return replace(cell, text=snapped, alternatives=(cell.text,) if snapped != cell.text else cell.alternatives)


def with_equals(text: str) -> str:
    """A column-number cell whose formula lost its "=" ("(3)(4)+(5)"), with it put back: a
    column's own number is never followed by a sum without one."""
    return _LOST_EQUALS.sub(r"\1=", text)


def _pixel_box(image: PageImage, bbox) -> tuple[int, int, int, int] | None:
    if bbox is None:
        return None
    margin = MARGIN * image.dpi
    height, width = image.pixels.shape[:2]
    x0, top, x1, bottom = (v / image.scale for v in bbox)
    box = (max(0, int(x0 - margin)), max(0, int(top - margin)), min(width, int(x1 + margin) + 1),
           min(height, int(bottom + margin) + 1))
    return box if box[0] < box[2] and box[1] < box[3] else None


def _middle_in(word: OcrWord, box: tuple[int, int, int, int] | None) -> bool:
    if box is None:
        return False
    x, y = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]
