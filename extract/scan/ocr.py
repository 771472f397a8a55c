"""Read a scanned page: one whole-page Tesseract pass, and again only the cells that need it.

A page without a usable text layer is rasterised and straightened (`image.page_image`), its
ruling lines and ruled tables found (`grid`), and the whole page read once by Tesseract
with the rules and the tables' merged cells painted out (`words.read_page`). Its words fill
the table's cells by where they lie (`words.words_to_cells`) and give the text around the
tables (number, date, title). Only the cells the page pass leaves in doubt are cut out and
read again on their own, each kind in one Tesseract process: merged cells, header cells
that name no known label (the header decides what every column means; one whose ink stands
taller than wide also turned a quarter each way, a label printed upright), text Tesseract was
unsure of, cells a word straddles, and figures the page pass and the ink disagree on
(`figures`). Each cell
keeps its best reading, OCR's confidence (the lowest of its words', 0–100) and the other
readings offered. The same page pass, as positioned words with the rules as hints
(`words.ocr_to_page_words`), is what the layout engine reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from cchc_audit.extract.domain.classes import canonical_class
from cchc_audit.extract.domain.model import Cell
from cchc_audit.extract.domain.types import PageNo
from cchc_audit.extract.layout.page import PageWords
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.roles.assemble import TextRow
from cchc_audit.extract.roles.labels import narrow_label
from cchc_audit.extract.scan.crops import cell_crop, framed
from cchc_audit.extract.scan.figures import figure_cells, read_figures
from cchc_audit.extract.scan.glyphs import word_by_ink
from cchc_audit.extract.scan.grid import ImageGrid, find_grids, ruling_masks
from cchc_audit.extract.scan.image import PageImage, ink
from cchc_audit.extract.scan.tesseract import OcrWord, read_images
from cchc_audit.extract.scan.vocabulary import header_symbols, known_header, snap_label, snap_text, strip_strays
from cchc_audit.extract.scan.words import (
    CellWords, Key, Reading, confidence_of, line_words, ocr_to_page_words, outside, read_page, words_to_cells,
    words_to_text,
)

TEXT_SURE = 93  # a body text cell the page pass read at least this surely is taken as read
HEADER_SURE = 50  # a header cell of header words only, read at least this surely, is taken as read
REREAD_BELOW = 60  # a text cell read again less surely than this is read once more, larger
REREAD_DPI = 400
TURNED_MOST = 24  # header cells of one table read again turned a quarter, at most (two images each)


@dataclass(frozen=True)
class ScannedPage:
    """What OCR made of one scanned page."""

    tables: tuple[Grid, ...]  # its ruled tables, as rows of located cells
    words: tuple[dict, ...]  # the words around the tables, in points, for the metadata's lines
    page: PageWords  # every word of the page with its rulings: the layout engine's input


def read_grid(image: PageImage, grid: ImageGrid, words: Sequence[OcrWord]) -> dict[Key, Reading]:
    """Every cell's reading, keyed by its first (row, column): the page pass's words where
    they can be trusted, the cell read again on its own where they cannot."""
    placed = words_to_cells(words, grid)
    crops = {(c.row, c.column): cell_crop(image, grid.lines, c.box) for c in grid.cells}
    keys = [key for key, crop in crops.items() if crop is not None]
    readings = {key: Reading("", None) for key in crops}
    mask = ink(image.pixels)
    for key in keys:
        found = [replace(w, text=word_by_ink(w.text, mask[w.box[1] : w.box[3], w.box[0] : w.box[2]]))
                 for w in placed.words.get(key, ())]
        readings[key] = Reading(strip_strays(words_to_text(found)), confidence_of(found))
    texts = [[readings.get((r, c), Reading("", None)).text for c in range(grid.columns)] for r in range(grid.rows)]
    figures, header_rows = grid_figures(grid, texts)
    numeric = set(figures)
    again = [k for k in keys if k not in numeric and not _text_stands(k, readings[k], placed, header_rows)]
    readings.update(read_text_cells(image, {k: crops[k] for k in again}, readings))
    readings.update(read_turned(image, {k: crops[k] for k in again if k[0] in header_rows}, readings, ruled=True))
    for key in (k for k in keys if k not in numeric):
        text = readings[key].text
        if key[0] in header_rows or canonical_class(snap_text(text)):
            snapped = snap_label(snap_text(header_symbols(text))) if key[0] in header_rows else snap_text(text)
            if snapped != text:
                readings[key] = Reading(snapped, readings[key].confidence, (text,))
    figure_crops = {key: crops[key] for key in figures if crops.get(key) is not None}
    readings.update(read_figures(image, figure_crops, placed.words, placed.doubtful))
    return readings


def grid_figures(grid: ImageGrid, texts: Sequence[Sequence[str]]) -> tuple[list[Key], set[int]]:
    """A ruled table's figure cells and header rows (`figures.figure_cells`), but for cells
    merged across columns: a block's title across the table ("II. UBND CÁC HUYỆN") starts in
    the column of row numbers, yet is text, read as text — read as a figure it was a row of
    its own with one number ("0,0") and every other cell empty."""
    figures, header_rows = figure_cells(texts)
    across = {(c.row, c.column) for c in grid.cells if c.last_column > c.column}
    return [key for key in figures if key not in across], header_rows


def _text_stands(key: Key, reading: Reading, placed: CellWords, header_rows: set[int]) -> bool:
    """Whether a text cell's page-pass reading stands (no word straddling the cell's edge):
    a body cell whose every word Tesseract was sure of; a header cell — its labels decide
    what every column means — only when it snaps to one known label ("Thẩm định"), or
    when it reads fairly surely and every word of it is a header word."""
    if key in placed.doubtful or not reading.text or reading.confidence is None:
        return False
    if key[0] not in header_rows:
        return reading.confidence >= TEXT_SURE
    if not balanced(reading.text):
        return False
    label, words = known_header(reading.text)
    return label or (words and reading.confidence >= HEADER_SURE)


def balanced(text: str) -> bool:
    """Whether every bracket of a text closes one opened before it: a header's maximum
    "(21,5)" read "1.5)" or "(10 điểm)" read "q0 điểm)" lost its opening bracket and a digit."""
    depth = 0
    for letter in text:
        depth += (letter == "(") - (letter == ")")
        if depth < 0:
            return False
    return depth == 0


def read_text_cells(image: PageImage, crops: dict[Key, np.ndarray],
                    page: dict[Key, Reading]) -> dict[Key, Reading]:
    """Text cells read again, each on its own; one read less than surely is read once more,
    larger, and the surer reading kept — unless the page pass read it alike, or it is a
    known label or class, or in header words only, which a larger reading could only confirm."""
    keys = list(crops)
    images = {key: framed(crops[key], image.dpi) for key in keys}
    first = dict(zip(keys, read_images([images[k] for k in keys], psm=6)))
    out = {key: text_reading(first[key], images[key]) for key in keys}
    unsure = [k for k in keys if ((out[k].confidence or 0) < REREAD_BELOW or not balanced(out[k].text))
              and not _settled(out[k].text, page.get(k, Reading("", None)).text)]
    larger = {k: framed(crops[k], image.dpi, REREAD_DPI) for k in unsure}
    for key, words in zip(unsure, read_images([larger[k] for k in unsure], psm=6)):
        reading = text_reading(words, larger[key])
        if (balanced(reading.text), _sureness(words)) > (balanced(out[key].text), _sureness(first[key])):
            out[key] = reading
    return out


def read_turned(image: PageImage, crops: dict[Key, np.ndarray], readings: dict[Key, Reading],
                ruled: bool = False) -> dict[Key, Reading]:
    """Header cells read again turned a quarter each way, where their reading names no known
    label nor is in header words only, and their ink stands taller than wide: a narrow
    column's label printed upright ("Xếp hạng" turned, as Word prints it), which Tesseract
    reads as specks ("F", "b2 /"). At most `TURNED_MOST` cells, all in one Tesseract process.
    A turned reading is kept when it is one label — a known one, or the whole label of a
    narrow column ("TT", "Chỉ số CCHC", "Tỷ lệ (%)"), a lone letter of a neighbour's ink at
    its ends set aside — or, in a ruled cell, whose box the rules drew, not guessed words
    ("Xếp hạng Phân loại" across two columns), in header words only; the better fit of the
    two turns, the surer when both fit alike, the first turn on a tie. Its words stand as Tesseract parted them: the gaps of turned ink
    (`word_by_ink`) would part a short label's letters ("S T T")."""
    keys = [key for key, crop in crops.items()
            if crop.shape[0] > crop.shape[1] and not any(known_header(readings[key].text))][:TURNED_MOST]
    images = [framed(np.rot90(crops[key], turn), image.dpi) for key in keys for turn in (1, -1)]
    words = read_images(images, psm=6)
    out = {}
    for index, key in enumerate(keys):
        turns = [(Reading(strip_strays(words_to_text(words[i])), confidence_of(words[i])), _sureness(words[i]))
                 for i in (2 * index, 2 * index + 1)]
        fits = [(_one_label(reading.text) is not None, known_header(reading.text)[1], sure, -t)
                for t, (reading, sure) in enumerate(turns)]
        label, in_words, *_ = max(fits)
        if label or (ruled and in_words):
            reading, _ = turns[fits.index(max(fits))]
            out[key] = Reading(_one_label(reading.text) or reading.text, reading.confidence, (readings[key].text,))
    return out


def _one_label(text: str) -> str | None:
    """The one label a turned reading holds: a known label ("Thẩm định"), or a whole label of
    a narrow column ("TT", "Chỉ số CCHC", "Tỷ lệ (%)"), specks at its ends aside."""
    found = narrow_label(header_symbols(text))
    if found:
        return strip_strays(found)
    return text if known_header(text)[0] else None


def text_reading(words: Sequence[OcrWord], picture: np.ndarray) -> Reading:
    """A text cell's reading from its words, each checked against its ink (`word_by_ink`)."""
    mask = ink(picture)
    spaced = [replace(w, text=word_by_ink(w.text, mask[w.box[1] : w.box[3], w.box[0] : w.box[2]])) for w in words]
    return Reading(strip_strays(words_to_text(spaced)), confidence_of(words))


def _settled(text: str, page_text: str) -> bool:
    if not balanced(text):
        return False
    return text == page_text or any(known_header(text)) or canonical_class(snap_text(text)) is not None


def _sureness(words: Sequence[OcrWord]) -> float:
    """How sure Tesseract was of a whole reading: its words' confidence, weighted by length."""
    letters = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / letters if letters else 0.0


def grid_to_rows(image: PageImage, grid: ImageGrid, readings, page: PageNo) -> Grid:
    """The table as rows of located cells; a cell covered by a merged one is empty and takes
    the merged cell's box, as the PDF reader does."""
    rows = []
    for r in range(grid.rows):
        cells = []
        for c in range(grid.columns):
            found = grid.cell_at(r, c)
            if found is None:
                cells.append(Cell("", page=page))
                continue
            bbox = image.to_points(found.box)
            if (found.row, found.column) == (r, c):
                reading = readings[(r, c)]
                cells.append(Cell(reading.text, page=page, bbox=bbox, confidence=reading.confidence,
                                  alternatives=reading.alternatives))
            else:
                cells.append(Cell("", page=page, bbox=bbox))
        rows.append(TextRow(line=None, cells=tuple(c.text for c in cells), located=tuple(cells)))
    return Grid(page=page, rows=tuple(rows), bbox=image.to_points(grid.box), ruled=True)


def read_scanned_page(image: PageImage, number: PageNo) -> ScannedPage:
    """A scanned page's tables (as rows of located cells), the words around them and the
    page as positioned words, from one whole-page pass and the cells it leaves in doubt.

    Merged cells (a header's group labels, a block title across the table) are always read
    on their own, so the page pass leaves them out, with the rules: they hold a quarter of
    a table page's words. The page's `PageWords` are the page pass's words, those cells
    aside.
    """
    horizontal, vertical = ruling_masks(image.pixels, image.dpi)
    lines = np.bitwise_or(horizontal, vertical)
    grids = find_grids(image.pixels, image.dpi, lines)
    words = read_page(image, merged_cells_masked(lines, grids))
    tables = tuple(grid_to_rows(image, grid, read_grid(image, grid, words), number) for grid in grids)
    return ScannedPage(tables=tables, words=tuple(line_words(image, outside(words, grids))),
                       page=ocr_to_page_words(image, words, horizontal, vertical, number))


def merged_cells_masked(lines: np.ndarray, grids: Sequence[ImageGrid]) -> np.ndarray:
    """The ruling lines with every merged cell of the tables filled in: what the page pass
    leaves out."""
    out = lines.copy()
    for grid in grids:
        for cell in grid.cells:
            if cell.last_row > cell.row or cell.last_column > cell.column:
                x0, top, x1, bottom = cell.box
                out[top:bottom, x0:x1] = 255
    return out
