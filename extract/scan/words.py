"""One whole-page Tesseract pass, and its words as positioned words on the page.

A scanned page is read once, whole: the straightened page with its ruling lines painted
out (a rule read as "|" or "l" spoils the words beside it) goes to Tesseract as one block
of text, and every word comes back with its box and confidence. Those words are

- placed in the cells of a ruled table (`words_to_cells`): a word belongs to the cell its
  middle lies in; a word reaching well into a neighbouring cell (two figures read as one)
  leaves both cells in doubt, to be read again on their own;
- the text around the tables (`line_words`): the decision's number, date and title;
- the page as the layout engine reads it (`ocr_to_page_words`): `PageWords` with source
  "ocr", in PDF points, the ruling lines OpenCV found as `Ruling` hints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from cchc_audit.extract.domain.text import normalise_text
from cchc_audit.extract.domain.types import PageNo
from cchc_audit.extract.layout.page import PageWords, Ruling
from cchc_audit.extract.layout.wrap import rejoin_lines
from cchc_audit.extract.scan.grid import ImageGrid, mask_to_rulings
from cchc_audit.extract.scan.image import PageImage, ink
from cchc_audit.extract.scan.tesseract import OcrWord, read_images
from cchc_audit.extract.scan.vocabulary import strip_strays

PAGE_PSM = 6  # the page as one block of text: cheaper than full layout analysis, and rows stay whole
SPECK = 0.25  # a word whose ink is less than this share of the page's usual word height both ways is a speck
MARKS = set(".,:;-–—")  # small printed marks: judged as text (`strip_strays`), not by their ink
STRADDLE = 0.3  # a word with this share of its width or height in another cell leaves both in doubt
CLOSE = 0.6  # words no further apart than this share of their height are one phrase ("hóa, Thể")
DASHES = ("-", "–")

Key = tuple[int, int]  # a cell's first (row, column)


@dataclass(frozen=True)
class Reading:
    """What OCR made of one cell: its best text, how sure it was, what else it offered."""

    text: str
    confidence: float | None
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class CellWords:
    """A ruled table's cells as the page pass read them."""

    words: dict[Key, tuple[OcrWord, ...]]  # the words in each cell, in reading order
    doubtful: frozenset[Key]  # cells a word straddles: read them again on their own


def read_page(image: PageImage, lines: np.ndarray | None = None) -> list[OcrWord]:
    """Every word of the page in one Tesseract pass, its ruling lines (255 in `lines`) painted out."""
    pixels = image.pixels
    if lines is not None:
        pixels = pixels.copy()
        pixels[lines > 0] = 255
    [words] = read_images([pixels], psm=PAGE_PSM)
    mask = ink(pixels)
    return split_at_gaps(without_specks(words, mask), mask)


def split_at_gaps(words: Sequence[OcrWord], mask: np.ndarray) -> list[OcrWord]:
    """The words, each that Tesseract joined across a gap with "_" ("05_UBND": a row number
    and the name beside it, a column apart) parted at the widest gaps of its ink (255 in
    `mask`), one word a side; an underscore is no mark a table prints. A word whose ink has
    fewer gaps than it has joins is left whole."""
    out = []
    for word in words:
        parts = [part for part in word.text.split("_") if part]
        if len(parts) < 2:
            out.append(word)
            continue
        x0, top, x1, bottom = word.box
        filled = np.flatnonzero(mask[top:bottom, x0:x1].any(axis=0))
        gaps = [(int(b - a - 1), int(a + 1), int(b)) for a, b in zip(filled, filled[1:]) if b - a > 1]
        widest = sorted(sorted(gaps, reverse=True)[: len(parts) - 1], key=lambda gap: gap[1])
        if len(widest) < len(parts) - 1:
            out.append(word)
            continue
        starts = [0] + [end for _, _, end in widest]
        ends = [start for _, start, _ in widest] + [x1 - x0]
        out += [replace(word, text=part, box=(x0 + start, top, x0 + end, bottom))
                for part, start, end in zip(parts, starts, ends)]
    return out


def without_specks(words: Sequence[OcrWord], mask: np.ndarray) -> list[OcrWord]:
    """The words but those whose ink (255 in `mask`, the page) is a speck: a dot of dust
    Tesseract read as a letter or a sign ("h", "„", "\\") beside a figure made a column of
    its own or a figure unreadable. Its ink, both ways, is a small share of the height of the
    page's words, which no letter or digit is; printed marks (a full stop, a dash) are left
    to the text's own rules."""
    heights = sorted(w.box[3] - w.box[1] for w in words)
    if not heights:
        return list(words)
    limit = SPECK * heights[len(heights) // 2]

    def speck(word: OcrWord) -> bool:
        if not word.text.strip() or set(word.text) <= MARKS:
            return False
        x0, top, x1, bottom = word.box
        box = mask[top:bottom, x0:x1] > 0
        rows, columns = np.flatnonzero(box.any(axis=1)), np.flatnonzero(box.any(axis=0))
        if not rows.size:
            return True
        return rows[-1] - rows[0] + 1 < limit and columns[-1] - columns[0] + 1 < limit

    return [w for w in words if not speck(w)]


def words_to_text(words: Sequence[OcrWord], joiner: str = " ") -> str:
    """Words as text: each of Tesseract's lines in order, wrapped lines rejoined."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    texts = [joiner.join(w.text for w in sorted(found, key=lambda w: w.box[0])) for _, found in sorted(lines.items())]
    for index in range(len(texts) - 1):  # "Thẩ." over "m định": a speck, not a full stop
        if texts[index].endswith(".") and texts[index + 1][:1].islower():
            texts[index] = texts[index][:-1]
    return rejoin_lines(texts)


def confidence_of(words: Sequence[OcrWord]) -> float | None:
    """How sure Tesseract was of a reading: the least sure of its words (0–100)."""
    return round(min(w.confidence for w in words), 1) if words else None


def words_to_cells(words: Sequence[OcrWord], grid: ImageGrid) -> CellWords:
    """The page's words placed in the table's cells, by where each word's middle lies."""
    if not grid.cells:
        return CellWords({}, frozenset())
    boxes = np.array([c.box for c in grid.cells], dtype=float)
    keys = [(c.row, c.column) for c in grid.cells]
    gx0, gtop, gx1, gbottom = grid.box
    placed: dict[Key, list[OcrWord]] = {}
    doubtful: set[Key] = set()
    for word in words:
        x0, top, x1, bottom = word.box
        middle_x, middle_y = (x0 + x1) / 2, (top + bottom) / 2
        if not (gx0 <= middle_x < gx1 and gtop <= middle_y < gbottom):
            continue
        inside = np.flatnonzero((boxes[:, 0] <= middle_x) & (middle_x < boxes[:, 2])
                                & (boxes[:, 1] <= middle_y) & (middle_y < boxes[:, 3]))
        if inside.size:
            owner = int(inside[0])
        else:  # its middle lies on a ruling line: the nearest cell, and in doubt
            gaps = np.maximum(boxes[:, 0] - middle_x, 0) + np.maximum(middle_x - boxes[:, 2], 0) \
                + np.maximum(boxes[:, 1] - middle_y, 0) + np.maximum(middle_y - boxes[:, 3], 0)
            owner = int(np.argmin(gaps))
            doubtful.add(keys[owner])
        placed.setdefault(keys[owner], []).append(word)
        across = np.clip(np.minimum(boxes[:, 2], x1) - np.maximum(boxes[:, 0], x0), 0, None)
        down = np.clip(np.minimum(boxes[:, 3], bottom) - np.maximum(boxes[:, 1], top), 0, None)
        reach = (across >= STRADDLE * max(1, x1 - x0)) & (down >= STRADDLE * max(1, bottom - top))
        reach[owner] = False
        if reach.any():
            doubtful.add(keys[owner])
            doubtful.update(keys[int(i)] for i in np.flatnonzero(reach))
    ordered = {key: tuple(sorted(found, key=lambda w: (w.line, w.box[0]))) for key, found in placed.items()}
    return CellWords(ordered, frozenset(doubtful))


def outside(words: Sequence[OcrWord], grids: Sequence[ImageGrid]) -> list[OcrWord]:
    """The words whose middle lies in no table."""
    def in_table(word: OcrWord) -> bool:
        middle_x, middle_y = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
        return any(x0 <= middle_x < x1 and top <= middle_y < bottom for x0, top, x1, bottom in (g.box for g in grids))

    return [w for w in words if not in_table(w)]


def line_words(image: PageImage, words: Sequence[OcrWord]) -> list[dict]:
    """Words as the PDF reader's words, line by line from the top, left to right: in points,
    and every word of a printed line given that line's top and bottom (accents make OCR's
    boxes ragged)."""
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
        for word in sorted(found, key=lambda w: w.box[0]):
            x0, y0, x1, y1 = image.to_points((word.box[0], top, word.box[2], bottom), straight=True)
            out.append({"text": normalise_text(word.text), "x0": x0, "x1": x1, "top": y0, "bottom": y1,
                        "confidence": word.confidence})
    return out


def ocr_to_page_words(image: PageImage, words: Sequence[OcrWord], horizontal: np.ndarray,
                      vertical: np.ndarray, number: PageNo) -> PageWords:
    """The page pass as the layout engine's input: every word in points (on the straightened
    page, so a printed line keeps one top), specks read as marks ("-", ":", a trailing ".")
    dropped, each ruling line found as a hint."""
    rulings = tuple(
        Ruling(*image.to_points(box, straight=True))
        for mask in (horizontal, vertical) for box in mask_to_rulings(mask)
    )
    height, width = image.pixels.shape[:2]
    kept = without_strays(words)
    return PageWords(number=number, width=width * image.scale, height=height * image.scale,
                     words=tuple(line_words(image, [w for w in kept if w.text])), rulings=rulings, source="ocr")


def without_strays(words: Sequence[OcrWord]) -> list[OcrWord]:
    """Each word cleared of the specks OCR reads as marks (`strip_strays`), but for the marks
    its phrase prints between words, which one word alone cannot tell from specks: a comma
    ending a word that the next word of its line follows a space away ("Văn hóa, Thể thao"),
    and a dash standing between two such words ("Lao động - Thương binh") whose ink is a bar
    (wider than tall, as long as a hyphen), not a speck."""
    out = [replace(w, text=strip_strays(w.text)) for w in words]
    order = sorted(range(len(words)), key=lambda i: (words[i].line, words[i].box[0]))
    for before, index, after in zip([None] + order[:-1], order, order[1:] + [None]):
        word, text = words[index], out[index].text
        following = after is not None and _phrase(word, words[after]) and out[after].text[:1].isalpha()
        if word.text.endswith(",") and text and text == word.text[:-1] and text[-1].isalpha() and following:
            out[index] = replace(out[index], text=text + ",")
        elif (word.text in DASHES and following and before is not None and _phrase(words[before], word)
              and out[before].text[-1:].isalpha() and _bar(word, words[before])):
            out[index] = replace(out[index], text=word.text)
    return out


def _phrase(left: OcrWord, right: OcrWord) -> bool:
    """Whether `right` follows `left` on its line a space away, as words of one phrase do."""
    height = max(left.box[3] - left.box[1], right.box[3] - right.box[1])
    return left.line == right.line and 0 <= right.box[0] - left.box[2] <= CLOSE * height


def _bar(dash: OcrWord, beside: OcrWord) -> bool:
    width, height = dash.box[2] - dash.box[0], dash.box[3] - dash.box[1]
    return width >= 1.5 * height and width >= 0.2 * (beside.box[3] - beside.box[1])
