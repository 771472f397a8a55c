"""Read scanned pages with Tesseract: each table cell on its own, each with its confidence.

A page without a usable text layer is rasterised and straightened (`scan_image`), its ruled
tables found (`scan_grid`), and every non-empty cell cut out and read: first as Vietnamese
text (a text cell read unsurely is read again, larger, and the surer reading kept), then —
in the columns that hold figures — again with only digits and the decimal mark allowed,
three ways, by vote. A figure's decimal mark is found in its ink (`ocr_glyphs`), taken out
for two of those passes and put back where it was printed. One Tesseract process reads all
the cells of a pass (a list of images), so a page costs five or six processes, not
hundreds. Each cell keeps OCR's best reading, its confidence (the lowest of its words',
0–100) and the other readings offered; the text around the tables (number, date, title) is
read from the page with the tables blanked out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from extract.domain.classes import canonical_class
from extract.domain.model import Cell
from extract.domain.numbers import parse_number
from extract.scan.glyphs import FigureInk, figure_ink, without_mark, word_by_ink
from extract.scan.vocabulary import header_symbols, snap_label, snap_text, strip_strays, vote
from extract.layout.words import Grid
from extract.scan.grid import ImageGrid, find_grids
from extract.scan.image import PageImage, ink
from extract.source import SourceError
from extract.domain.text import normalise_text
from extract.roles.assemble import TextRow, is_data_row
from extract.domain.types import PageNo
from extract.layout.wrap import rejoin_lines

LANGUAGE = "vie"
DIGITS_LANGUAGE = "eng"  # Tesseract's English model reads digits and commas better than its Vietnamese one
# Each figure is read three times — (resolution, binarised, its decimal mark taken out) — and
# the readings vote: twice without its mark (put back where the ink shows it), once as printed
# and larger, so a mark the ink analysis missed is still there for Tesseract to see.
FIGURE_PASSES = ((240, True, True), (300, False, True), (400, True, False))
TIMEOUT = 180  # seconds for one Tesseract process (all the cells of one pass on one page)
OCR_DPI = 300  # cells are enlarged to this resolution, at which Tesseract reads best
PAD = (16, 40)  # white pixels above and below, left and right of each cell image
REREAD_BELOW = 60  # a text cell read less surely than this is read again, larger
REREAD_DPI = 400
NUMERIC_SHARE = 0.6  # a column whose body cells mostly read as numbers holds figures


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in the image read
    line: tuple[int, int, int]  # (block, paragraph, line) as Tesseract numbered it


@dataclass(frozen=True)
class Reading:
    """What OCR made of one cell: its best text, how sure it was, what else it offered."""

    text: str
    confidence: float | None
    alternatives: tuple[str, ...] = ()


def tesseract_problem() -> str | None:
    """Why scans cannot be read here (in English), or None when Tesseract and Vietnamese are installed."""
    binary = shutil.which("tesseract")
    if binary is None:
        return "the tesseract program is not installed (Debian: tesseract-ocr tesseract-ocr-vie)"
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "the tesseract program cannot be run"
    if not {LANGUAGE, DIGITS_LANGUAGE} <= set(listed.stdout.split()):
        return "Tesseract has no Vietnamese model (Debian: tesseract-ocr-vie)"
    return None


def read_images(images: Sequence[np.ndarray], psm: int, whitelist: str | None = None,
                lang: str = LANGUAGE) -> list[list[OcrWord]]:
    """The words Tesseract reads in each image, all images in one process."""
    if not images:
        return []
    import pytesseract

    config = f"--psm {psm} -c preserve_interword_spaces=0"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as folder:
        paths = []
        for index, image in enumerate(images):
            path = Path(folder) / f"{index:04d}.png"
            cv2.imwrite(str(path), image)
            paths.append(str(path))
        listing = Path(folder) / "images.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        environment = {"OMP_THREAD_LIMIT": "1"}
        previous = {key: os.environ.get(key) for key in environment}
        os.environ.update(environment)
        try:
            data = pytesseract.image_to_data(
                str(listing), lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=TIMEOUT
            )
        except RuntimeError as error:  # pytesseract's timeout
            raise SourceError(f"OCR quá thời gian ({error})", f"OCR timed out ({error})") from None
        except pytesseract.TesseractError as error:
            raise SourceError(f"Tesseract lỗi: {error.message}", f"Tesseract failed: {error.message}") from None
        finally:
            for key, value in previous.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    words: list[list[OcrWord]] = [[] for _ in images]
    for i, text in enumerate(data["text"]):
        page = int(data["page_num"][i]) - 1
        confidence = float(data["conf"][i])
        if not text.strip() or confidence < 0 or not 0 <= page < len(images):
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        box = (left, top, left + int(data["width"][i]), top + int(data["height"][i]))
        line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words[page].append(OcrWord(text.strip(), confidence, box, line))
    return words


def words_to_text(words: Sequence[OcrWord], joiner: str = " ") -> str:
    """A cell's words as text: each of Tesseract's lines in order, wrapped lines rejoined."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    texts = [joiner.join(w.text for w in sorted(found, key=lambda w: w.box[0])) for _, found in sorted(lines.items())]
    for index in range(len(texts) - 1):  # "Thẩ." over "m định": a speck, not a full stop
        if texts[index].endswith(".") and texts[index + 1][:1].islower():
            texts[index] = texts[index][:-1]
    return rejoin_lines(texts)


def confidence_of(words: Sequence[OcrWord]) -> float | None:
    return round(min(w.confidence for w in words), 1) if words else None


_EDGE_MARKS = re.compile(r"^[.,]+|[.,]+$")


def clean_figure(text: str) -> str:
    """A figure as read with digits only: stray marks at either end are specks, not decimals."""
    return _EDGE_MARKS.sub("", text.replace(" ", ""))


def cell_crop(image: PageImage, grid: ImageGrid, box: tuple[int, int, int, int]) -> np.ndarray | None:
    """One cell cut out at the page's resolution, ruling lines blanked, specks away from its
    text dropped, trimmed to its ink; None when blank."""
    x0, top, x1, bottom = box
    crop = image.pixels[top:bottom, x0:x1].copy()
    crop[grid.lines[top:bottom, x0:x1] > 0] = 255
    crop = drop_strays(crop, image.dpi)
    mask = ink(crop)
    if cv2.countNonZero(mask) < max(6, round(0.0004 * image.dpi ** 2)):
        return None
    x, y, width, height = cv2.boundingRect(cv2.findNonZero(mask))
    return crop[y : y + height, x : x + width]


def framed(crop: np.ndarray, source_dpi: int, dpi: int = OCR_DPI, binary: bool = False) -> np.ndarray:
    """A cell's crop enlarged to `dpi`, binarised if asked, framed in white for Tesseract."""
    factor = dpi / source_dpi
    if abs(factor - 1) > 0.05:
        crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    if binary:
        crop = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    vertical, horizontal = PAD
    return cv2.copyMakeBorder(crop, vertical, vertical, horizontal, horizontal, cv2.BORDER_CONSTANT, value=255)


def drop_strays(crop: np.ndarray, dpi: int) -> np.ndarray:
    """White out small blobs away from the cell's text: specks, not commas or accents."""
    mask = ink(crop)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    limit = max(3, round(8 * (dpi / 150) ** 2))
    big = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] > limit]
    if not big:
        return crop
    x0 = min(stats[i, 0] for i in big)
    y0 = min(stats[i, 1] for i in big)
    x1 = max(stats[i, 0] + stats[i, 2] for i in big)
    y1 = max(stats[i, 1] + stats[i, 3] for i in big)
    margin = max(2, round(0.3 * min(y1 - y0, 0.12 * dpi)))
    out = crop.copy()
    for i in range(1, count):
        if stats[i, cv2.CC_STAT_AREA] > limit:
            continue
        cx = stats[i, 0] + stats[i, 2] / 2
        cy = stats[i, 1] + stats[i, 3] / 2
        if not (x0 - margin <= cx <= x1 + margin and y0 - margin <= cy <= y1 + margin):
            out[labels == i] = 255
    return out


def read_grid(image: PageImage, grid: ImageGrid) -> dict[tuple[int, int], Reading]:
    """Every cell's reading, keyed by its first (row, column)."""
    boxes = {(c.row, c.column): c.box for c in grid.cells}
    crops = {key: cell_crop(image, grid, box) for key, box in boxes.items()}
    keys = [key for key, crop in crops.items() if crop is not None]
    images = {key: framed(crops[key], image.dpi) for key in keys}
    first = dict(zip(keys, read_images([images[k] for k in keys], psm=6)))
    readings = {key: Reading("", None) for key in boxes}
    for key in keys:
        readings[key] = text_reading(first[key], images[key])
    figures, header_rows = figure_cells(grid, readings)
    numeric = set(figures)
    unsure = [k for k in keys if k not in numeric and (readings[k].confidence or 0) < REREAD_BELOW]
    larger = {k: framed(crops[k], image.dpi, REREAD_DPI) for k in unsure}
    for key, words in zip(unsure, read_images([larger[k] for k in unsure], psm=6)):
        if _sureness(words) > _sureness(first[key]):
            readings[key] = text_reading(words, larger[key])
    for key in keys:
        text = readings[key].text
        if key[0] in header_rows or canonical_class(snap_text(text)):
            snapped = snap_label(snap_text(header_symbols(text))) if key[0] in header_rows else snap_text(text)
            if snapped != text:
                readings[key] = Reading(snapped, readings[key].confidence, (text,))
    readings.update(read_figures(image, {key: crops[key] for key in figures if crops.get(key) is not None}, readings))
    return readings


def text_reading(words: Sequence[OcrWord], picture: np.ndarray) -> Reading:
    """A text cell's reading from its words, each checked against its ink (`word_by_ink`)."""
    mask = ink(picture)
    spaced = [replace(w, text=word_by_ink(w.text, mask[w.box[1] : w.box[3], w.box[0] : w.box[2]])) for w in words]
    return Reading(strip_strays(words_to_text(spaced)), confidence_of(words))


def _sureness(words: Sequence[OcrWord]) -> float:
    """How sure Tesseract was of a whole reading: its words' confidence, weighted by length."""
    letters = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / letters if letters else 0.0


def read_figures(image: PageImage, crops: dict[tuple[int, int], np.ndarray],
                 readings: dict[tuple[int, int], Reading]) -> dict[tuple[int, int], Reading]:
    """The figure cells read again with digits only, a few ways, by vote. Where the ink shows
    a decimal mark, it is erased before reading and put back after, where it was printed."""
    keys = list(crops)
    mark = decimal_mark([readings[k].text for k in keys])
    glyphs = {key: figure_ink(crops[key]) for key in keys}
    plain = {key: without_mark(crops[key], glyphs[key]) if glyphs[key] else crops[key] for key in keys}
    passes = [
        read_images([framed((plain if mark_free else crops)[k], image.dpi, dpi, binary) for k in keys], psm=7,
                    whitelist="0123456789" + mark, lang=DIGITS_LANGUAGE)
        for dpi, binary, mark_free in FIGURE_PASSES
    ]
    return {key: vote_figure(readings[key], [found[index] for found in passes], glyphs[key], mark)
            for index, key in enumerate(keys)}


def decimal_mark(texts: Sequence[str]) -> str:
    """The decimal mark the table's figures use: a comma unless points clearly dominate."""
    commas = sum(t.count(",") for t in texts)
    points = sum(t.count(".") for t in texts)
    return "." if points > 2 * commas + 2 else ","


def figure_cells(grid: ImageGrid, readings: dict[tuple[int, int], Reading]) -> tuple[list[tuple[int, int]], set[int]]:
    """The body cells of the columns that hold figures (row numbers, scores, ranks), and the
    rows above the first unit (the header)."""
    rows = [[readings.get((r, c), Reading("", None)).text for c in range(grid.columns)] for r in range(grid.rows)]
    body = [r for r, texts in enumerate(rows) if is_data_row(texts)]
    if not body:
        return [], set(range(grid.rows))
    start = body[0]
    out = []
    for column in range(grid.columns):
        texts = [rows[r][column] for r in range(start, grid.rows) if rows[r][column]]
        numbers = sum(1 for t in texts if parse_number(t) is not None or parse_number(clean_figure(t)) is not None)
        if texts and numbers >= NUMERIC_SHARE * len(texts):
            out += [(r, column) for r in range(start, grid.rows) if (r, column) in readings]
    return out, set(range(start))


def vote_figure(text_reading: Reading, passes: Sequence[Sequence[OcrWord]], glyphs: FigureInk | None = None,
                mark: str = ",") -> Reading:
    """A figure's reading by vote of the digits-only passes, its decimal mark put back where
    the ink shows one; the text pass may only be an alternative."""
    readings = []
    for words in passes:
        text = clean_figure("".join(w.text for w in sorted(words, key=lambda w: w.box[0])))
        digits = text.replace(",", "").replace(".", "")
        if glyphs is not None and glyphs.mark is not None and digits.isdigit():
            text = glyphs.place_mark(digits, mark)
        readings.append((text if parse_number(text) is not None else "", confidence_of(words)))
    blobs = None if glyphs is None else glyphs.digits
    best, confidence, others = vote(readings, lambda text: blobs is None or _digit_count(text) == blobs)
    if not best:
        return text_reading
    extra = text_reading.text
    if parse_number(extra) is not None and extra != best and extra not in others:
        others += (extra,)
    return Reading(best, confidence, others)


def _digit_count(text: str) -> int:
    return sum(1 for letter in text if letter.isdigit())


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


def page_words(image: PageImage, grids: Sequence[ImageGrid]) -> list[dict]:
    """The words outside the tables, as the PDF reader's words: in points, and every word of
    a printed line given that line's top and bottom (accents make OCR's boxes ragged)."""
    pixels = image.pixels.copy()
    for grid in grids:
        x0, top, x1, bottom = grid.box
        pixels[top:bottom, x0:x1] = 255
    [words] = read_images([pixels], psm=3)
    lines: list[list[OcrWord]] = []
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        middle = (word.box[1] + word.box[3]) / 2
        height = word.box[3] - word.box[1]
        for line in reversed(lines[-6:]):  # lines of other columns may lie between
            centre = sum((w.box[1] + w.box[3]) / 2 for w in line) / len(line)
            if abs(middle - centre) < 0.4 * max(height, *(w.box[3] - w.box[1] for w in line)):
                line.append(word)
                break
        else:
            lines.append([word])
    out = []
    for found in lines:
        top = min(w.box[1] for w in found)
        bottom = max(w.box[3] for w in found)
        for word in found:
            x0, y0, x1, y1 = image.to_points((word.box[0], top, word.box[2], bottom), straight=True)
            out.append({"text": normalise_text(word.text), "x0": x0, "x1": x1, "top": y0, "bottom": y1})
    return out


def read_scanned_page(image: PageImage, number: PageNo) -> tuple[list[Grid], list[dict]]:
    """A scanned page's tables (as rows of located cells) and the words around them."""
    grids = find_grids(image.pixels, image.dpi)
    tables = [grid_to_rows(image, grid, read_grid(image, grid), number) for grid in grids]
    return tables, page_words(image, grids)
