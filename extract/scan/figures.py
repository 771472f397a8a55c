"""The figures of a scanned table: taken from the page pass when it and the ink agree, read
again with digits only when they do not.

A figure's decimal mark is a few pixels, which a whole-page pass often drops ("1517" for
"15,17"); its ink does not (`glyphs.figure_ink`: the digit blobs on one baseline and the
mark among them). So the page pass gives each figure its digits, and the ink where its
mark stands. A figure is taken as the page read it when Tesseract was sure of it, it read
as many digits as the ink holds, and any mark it read stands where the ink has one. Every
other figure is read again, cut out, with only digits and the mark allowed — first once
(with its mark taken out and put back where it was printed); a reading that agrees with
the page pass settles it; the rest twice more (once as printed, larger, for a mark the ink
analysis missed), the three readings voting, the page pass's reading kept as an
alternative. Each batch of cells is one Tesseract process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from cchc_audit.extract.domain.numbers import parse_number
from cchc_audit.extract.roles.assemble import is_data_row
from cchc_audit.extract.scan.crops import figure_line, framed
from cchc_audit.extract.scan.glyphs import FigureInk, figure_ink, without_mark
from cchc_audit.extract.scan.image import PageImage
from cchc_audit.extract.scan.tesseract import DIGITS_LANGUAGE, OcrWord, read_images
from cchc_audit.extract.scan.vocabulary import vote
from cchc_audit.extract.scan.words import Key, Reading, confidence_of

# Each figure read again is read up to three times — (resolution, binarised, its decimal mark
# taken out) — and the readings vote: twice without its mark (put back where the ink shows
# it), once as printed and larger, so a mark the ink analysis missed is still there to see.
FIGURE_PASSES = ((240, True, True), (300, False, True), (400, True, False))
PAGE_SURE = 95  # a figure the page pass read at least this surely, matching its ink, is taken
MARK_SAMPLE = 16  # figures with a mark in their ink read as printed to tell the table's decimal mark
WIDE = 0.9  # ink at least this share of its height wide holds more than one digit (blur joins digits)
MARKED_SHARE = 0.1  # a column with at least this share of its figures showing a mark holds decimals
STOPPED_SHARE = 0.5  # a column with at least this share of its whole numbers ending in a full stop prints them so ("1.")
NUMERIC_SHARE = 0.6  # a column whose body cells mostly read as numbers holds figures

_EDGE_MARKS = re.compile(r"^[.,]+|[.,]+$")


def clean_figure(text: str) -> str:
    """A figure as read with digits only: stray marks at either end are specks, not decimals."""
    return _EDGE_MARKS.sub("", text.replace(" ", ""))


def decimal_mark(texts: Sequence[str]) -> str:
    """The decimal mark the table's figures use: a comma unless points clearly dominate."""
    commas = sum(t.count(",") for t in texts)
    points = sum(t.count(".") for t in texts)
    return "." if points > 2 * commas + 2 else ","


def figure_cells(texts: Sequence[Sequence[str]]) -> tuple[list[Key], set[int]]:
    """The body cells of a table's columns that hold figures (row numbers, scores, ranks),
    and the rows above the first unit (the header), from its cells' texts row by row."""
    body = [r for r, row in enumerate(texts) if is_data_row(row)]
    if not body:
        return [], set(range(len(texts)))
    start = body[0]
    out = []
    for column in range(max(len(row) for row in texts)):
        column_texts = [(r, texts[r][column]) for r in range(start, len(texts)) if column < len(texts[r])]
        filled = [t for _, t in column_texts if t]
        numbers = sum(1 for t in filled if parse_number(t) is not None or parse_number(clean_figure(t)) is not None)
        if filled and numbers >= NUMERIC_SHARE * len(filled):
            out += [(r, column) for r, _ in column_texts]
    return out, set(range(start))


def page_figure(words: Sequence[OcrWord], glyphs: FigureInk | None, mark: str) -> tuple[str, bool]:
    """A figure as the page pass read it (specks beside it set aside), its mark put where the
    ink has one; and whether that reading is sure enough to stand: one word of digits and
    marks only, Tesseract sure of it, as many digits as the ink holds, and any mark it read
    standing where the ink has one."""
    text = page_digits(words)
    digits = text.replace(",", "").replace(".", "")
    if not digits.isdigit():
        return "", False
    placed = glyphs.place_mark(digits, mark) if glyphs is not None and glyphs.mark is not None else digits
    if parse_number(placed) is None:
        return "", False
    read_mark = digits != text
    sure = (
        glyphs is not None
        and len(words) == 1
        and re.fullmatch(r"[0-9.,]+", words[0].text) is not None
        and words[0].confidence >= PAGE_SURE
        and len(digits) == glyphs.digits
        and (not read_mark or (glyphs.mark is not None and text.replace(".", mark) == placed))
    )
    return placed, sure


def page_digits(words: Sequence[OcrWord]) -> str:
    """A figure's digits and marks as the page pass read them, specks beside it set aside."""
    figures = [w for w in words if any(letter.isdigit() for letter in w.text)]
    return clean_figure("".join(re.sub(r"[^0-9.,]", "", w.text) for w in figures))


def mark_in_doubt(glyphs: dict[Key, FigureInk | None]) -> set[Key]:
    """Figures of two digits or more (blobs, or ink wider than one digit) without a mark in their ink, in a column where marks are
    common: a mark blur has hidden ("56" for "5,6") is looked for by every pass."""
    columns: dict[int, list[FigureInk | None]] = {}
    for key, found in glyphs.items():
        columns.setdefault(key[1], []).append(found)
    marked = {c for c, found in columns.items() if sum(1 for f in found if f and f.mark) >= MARKED_SHARE * len(found)}
    return {key for key, found in glyphs.items()
            if found is not None and found.mark is None and key[1] in marked
            and (found.digits >= 2 or found.span[1] - found.span[0] >= WIDE * found.height)}


def read_figures(image: PageImage, crops: dict[Key, np.ndarray], words: dict[Key, Sequence[OcrWord]],
                 doubtful: frozenset[Key]) -> dict[Key, Reading]:
    """Every figure cell's reading: the page pass's where it is sure and matches the ink, the
    others read again with digits only (once, then twice more where that does not settle it).
    The table's decimal mark is read from a few of its figures as printed (a whole-page pass
    at 150 dpi takes many commas for points)."""
    crops = {key: figure_line(crop) for key, crop in crops.items()}
    glyphs = {key: figure_ink(crop) for key, crop in crops.items()}
    doubtful = doubtful | mark_in_doubt(glyphs)
    out: dict[Key, Reading] = {}
    from_page: dict[Key, str] = {}
    for key in crops:
        found = words.get(key, ())
        text, sure = page_figure(found, glyphs[key], ",")
        from_page[key] = text
        if sure and key not in doubtful:  # a mark only the ink shows leaves the page's own reading as another
            read = page_digits(found).replace(".", ",")
            out[key] = Reading(text, confidence_of(found), (read,) if read != text else ())
    again = [key for key in crops if key not in out]
    plain = {key: without_mark(crops[key], glyphs[key]) if glyphs[key] else crops[key] for key in again}
    sample = [crops[key] for key in crops if glyphs[key] is not None and glyphs[key].mark is not None][:MARK_SAMPLE]
    first, printed = _figure_passes(image, [[plain[k] for k in again], sample], [FIGURE_PASSES[0], FIGURE_PASSES[2]],
                                    ",.")
    mark = decimal_mark(["".join(w.text for w in found) for found in printed])
    if mark != ",":
        out = {key: replace(reading, text=reading.text.replace(",", mark),
                            alternatives=tuple(a.replace(",", mark) for a in reading.alternatives))
               for key, reading in out.items()}
        from_page = {key: text.replace(",", mark) for key, text in from_page.items()}
    unsettled = []
    for key, found in zip(again, first):
        reading = _digits_reading(found, glyphs[key], mark)
        if reading and reading == from_page[key] and key not in doubtful:
            out[key] = Reading(reading, confidence_of(found))
        else:
            unsettled.append(key)
    rest = _figure_passes(image, [[(plain if mark_free else crops)[k] for k in unsettled]
                                  for _, _, mark_free in FIGURE_PASSES[1:]], FIGURE_PASSES[1:], mark)
    position = {key: index for index, key in enumerate(again)}
    for index, key in enumerate(unsettled):
        passes = [first[position[key]]] + [found[index] for found in rest]
        out[key] = vote_figure(Reading(from_page[key], confidence_of(words.get(key, ())) if from_page[key] else None),
                               passes, glyphs[key], mark)
    return with_stops(out, glyphs)


def with_stops(readings: dict[Key, Reading], glyphs: dict[Key, FigureInk | None]) -> dict[Key, Reading]:
    """Whole numbers given back the full stop printed after them ("1.", "2.": row numbers
    so printed), where their ink shows it and so does the ink of most whole numbers of their
    column (at least two): digits-only reading drops it, and a speck after one figure
    becomes no stop."""
    columns: dict[int, list[Key]] = {}
    for key, reading in readings.items():
        if reading.text.isdigit() and glyphs.get(key) is not None:
            columns.setdefault(key[1], []).append(key)
    out = dict(readings)
    for keys in columns.values():
        stopped = [key for key in keys if glyphs[key].stop]
        if len(stopped) >= 2 and len(stopped) >= STOPPED_SHARE * len(keys):
            for key in stopped:
                out[key] = replace(readings[key], text=readings[key].text + ".")
    return out


def _figure_passes(image: PageImage, crops: Sequence[Sequence[np.ndarray]],
                   settings: Sequence[tuple[int, bool, bool]], marks: str) -> list[list[list[OcrWord]]]:
    """Passes over batches of cells (`crops[i]` read as `settings[i]` says), all in one
    Tesseract process, digits and `marks` only."""
    images = [framed(c, image.dpi, dpi, binary) for (dpi, binary, _), batch in zip(settings, crops) for c in batch]
    found = read_images(images, psm=7, whitelist="0123456789" + marks, lang=DIGITS_LANGUAGE)
    out, start = [], 0
    for batch in crops:
        out.append(found[start : start + len(batch)] if found else [])
        start += len(batch)
    return out


def _digits_reading(words: Sequence[OcrWord], glyphs: FigureInk | None, mark: str) -> str:
    """A digits-only pass's figure, its mark put back where the ink shows one; "" if no figure."""
    text = clean_figure("".join(w.text for w in sorted(words, key=lambda w: w.box[0])))
    digits = text.replace(",", "").replace(".", "")
    if glyphs is not None and glyphs.mark is not None and digits.isdigit():
        text = glyphs.place_mark(digits, mark)
    return text if parse_number(text) is not None else ""


def _plausible(text: str, glyphs: FigureInk | None) -> bool:
    return glyphs is None or _digit_count(text) == glyphs.digits


def vote_figure(text_reading: Reading, passes: Sequence[Sequence[OcrWord]], glyphs: FigureInk | None = None,
                mark: str = ",") -> Reading:
    """A figure's reading by vote of the digits-only passes, its decimal mark put back where
    the ink shows one; the other reading (the page pass's) may only be an alternative."""
    readings = [(_digits_reading(words, glyphs, mark), confidence_of(words)) for words in passes]
    best, confidence, others = vote(readings, lambda text: _plausible(text, glyphs))
    if not best:
        return text_reading
    extra = text_reading.text
    if parse_number(extra) is not None and extra != best and extra not in others:
        others += (extra,)
    return Reading(best, confidence, others)


def _digit_count(text: str) -> int:
    return sum(1 for letter in text if letter.isdigit())
