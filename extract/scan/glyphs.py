"""What the ink of a cell says on its own, before or beside OCR: the glyphs of a figure and
the decimal mark among them, and letters printed apart ("S T T").

A decimal mark is a few pixels; Tesseract often drops it ("45" for "4,5") or lets it spoil
the digit beside it ("7,9" for "7,5"). It is found here from the connected components of the
figure's ink: the digits are the tall blobs standing on one baseline, a mark the one small
blob in the lower half of that line with digits on both sides. The figure is then read
without its mark and the mark put back where it was printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from cchc_audit.extract.scan.image import ink

TALL = 0.6  # a blob at least this share of the tallest is a digit (or part of one)
MARK_HEIGHT = 0.55  # a decimal mark is at most this share of the digits' height ...
MARK_WIDTH = 0.45  # ... and of their height in width
MARK_AREA = 0.012  # ... and at least this share of the digits' height squared in ink
GAP = 0.1  # the gap left between two digits once the mark between them is taken out
SPACE = 0.2  # a gap between capitals at least this share of their height is a space
CAPITAL = 0.7  # capitals (accents aside) are nearly as tall as one another


@dataclass(frozen=True)
class FigureInk:
    """A figure's glyphs as seen in its ink: digits left and right of its decimal mark."""

    left: int  # digit blobs left of the mark (all of them without a mark)
    right: int  # digit blobs right of the mark
    mark: tuple[int, int, int, int] | None  # the mark's box (x0, top, x1, bottom), if printed
    span: tuple[int, int]  # the digits' first and last column
    height: int  # the digits' height
    stop: bool = False  # a full stop printed after the last digit ("1.", a row number)

    @property
    def digits(self) -> int:
        return self.left + self.right

    def place_mark(self, digits: str, mark: str) -> str:
        """A figure's digits (read without its mark) with the mark put back where it was
        printed: after as many digits as stand left of it, or, when OCR read another number
        of digits than there are blobs, at the same share of the figure's width."""
        if self.mark is None or len(digits) < 2:
            return digits
        if len(digits) == self.digits:
            before = self.left
        else:
            middle = (self.mark[0] + self.mark[2]) / 2
            before = round(len(digits) * (middle - self.span[0]) / max(1, self.span[1] - self.span[0]))
        before = min(max(before, 1), len(digits) - 1)
        return digits[:before] + mark + digits[before:]


def strict_ink(gray: np.ndarray, level: float = 0.5) -> np.ndarray:
    """Ink (255 on 0) darker than `level` of the way from the darkest pixel to the paper:
    stricter than a mean threshold, so blur does not weld a mark to the digit beside it."""
    darkest, paper = np.percentile(gray, (1, 90))
    return np.where(gray < darkest + level * (paper - darkest), 255, 0).astype(np.uint8)


def figure_ink(gray: np.ndarray) -> FigureInk | None:
    """The digit blobs and decimal mark in a figure's crop (gray, ink dark), or None without
    ink. The ink is first taken as any dark pixel; when that finds no mark, a stricter
    threshold looks for one that blur welded to its digit — only at the side of that digit
    (a piece broken from under a digit's middle is not a mark) and reaching its baseline."""
    loose = _blobs(ink(gray))
    if loose is None:
        return None
    boxes, height, digits = loose
    span = (digits[0][0], digits[-1][1])
    marks = _marks(boxes, height, digits)
    if not marks:
        strict = _blobs(strict_ink(gray))
        if strict is not None:
            welded = [b for b in boxes if b[3] - b[1] >= TALL * height]
            marks = [m for m in _marks(*strict) if _at_side(m, welded) and m[3] >= _baseline(strict[0], strict[1]) - 1]
    stop = _stop(boxes, height, digits)
    if len(marks) != 1:
        return FigureInk(left=len(digits), right=0, mark=None, span=span, height=height, stop=stop)
    mark = marks[0][:4]
    middle = (mark[0] + mark[2]) / 2
    left = sum(1 for d in digits if (d[0] + d[1]) / 2 < middle)
    return FigureInk(left=left, right=len(digits) - left, mark=mark, span=span, height=height, stop=stop)


Blob = tuple[int, int, int, int, int]  # x0, top, x1, bottom, area


def _blobs(mask: np.ndarray) -> tuple[list[Blob], int, list[tuple[int, int]]] | None:
    """A mask's blobs, the tallest one's height and the columns its tall blobs (digits) cover."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count < 2:
        return None
    boxes = [(int(x), int(y), int(x + w), int(y + h), int(area)) for x, y, w, h, area in stats[1:]]
    height = max(b[3] - b[1] for b in boxes)
    return boxes, height, _columns([b for b in boxes if b[3] - b[1] >= TALL * height])


def _marks(boxes: Sequence[Blob], height: int, digits: Sequence[tuple[int, int]]) -> list[Blob]:
    """Blobs shaped and placed as a decimal mark: small, low on the line, digits either side."""
    top = float(np.median([b[1] for b in boxes if b[3] - b[1] >= TALL * height]))
    out = []
    for b in boxes:
        middle = (b[0] + b[2]) / 2
        if (b[3] - b[1] <= MARK_HEIGHT * height and b[2] - b[0] <= MARK_WIDTH * height
                and b[4] >= MARK_AREA * height * height and b[1] >= top + 0.45 * height
                and any(d[1] <= middle for d in digits) and any(d[0] >= middle for d in digits)
                and not any(min(d[1], b[2]) - max(d[0], b[0]) > 0.5 * (b[2] - b[0]) for d in digits)):
            out.append(b)
    return out


def _stop(boxes: Sequence[Blob], height: int, digits: Sequence[tuple[int, int]]) -> bool:
    """Whether the last blob of a figure is a full stop after its digits: shaped as a mark,
    on the digits' baseline, a gap no wider than a digit after the last of them."""
    last = max(boxes, key=lambda b: b[2])
    end = digits[-1][1]
    top = float(np.median([b[1] for b in boxes if b[3] - b[1] >= TALL * height]))
    return (last[0] >= end - 1 and last[0] - end <= TALL * height and last[1] >= top + 0.45 * height
            and last[3] - last[1] <= MARK_HEIGHT * height and last[2] - last[0] <= MARK_WIDTH * height
            and last[4] >= MARK_AREA * height * height and abs(last[3] - _baseline(boxes, height)) <= 0.15 * height)


def _baseline(boxes: Sequence[Blob], height: int) -> float:
    return float(np.median([b[3] for b in boxes if b[3] - b[1] >= TALL * height]))


def _at_side(mark: Blob, blobs: Sequence[Blob]) -> bool:
    """Whether a mark lies outside every digit blob or at the right end of the one it is in
    (blur welds a comma to the digit before it; a broken-off terminal of a "3" or a "5" is
    at the left or under the middle)."""
    middle = (mark[0] + mark[2]) / 2
    return not any(x0 <= middle < x1 - 0.25 * (x1 - x0) for x0, _, x1, *_ in blobs)


def _columns(boxes: Sequence[tuple[int, ...]]) -> list[tuple[int, int]]:
    """Blobs gathered into the columns they cover: the pieces of a broken digit are one."""
    out: list[list[int]] = []
    for x0, _, x1, *_ in sorted(boxes):
        if out and x0 < out[-1][1] - 0.5 * min(x1 - x0, out[-1][1] - out[-1][0]):
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def without_mark(gray: np.ndarray, glyphs: FigureInk) -> np.ndarray:
    """A figure's crop with its decimal mark painted out and the digits either side closed up
    to an ordinary gap, so Tesseract reads one run of digits ("906"), not two words."""
    if glyphs.mark is None:
        return gray
    x0, top, x1, bottom = glyphs.mark
    out = gray.copy()
    out[max(0, top - 1) : bottom + 1, max(0, x0 - 1) : x1 + 1] = 255
    blank = ~ink(out).any(axis=0)
    middle = (x0 + x1) // 2
    if not blank[middle]:
        return out
    start, end = middle, middle
    while start > 0 and blank[start - 1]:
        start -= 1
    while end + 1 < len(blank) and blank[end + 1]:
        end += 1
    keep = max(1, round(GAP * glyphs.height))
    if end - start + 1 <= keep:
        return out
    return np.delete(out, np.s_[start + keep : end + 1], axis=1)


def word_by_ink(word: str, mask: np.ndarray) -> str:
    """A word Tesseract read, checked against its ink (255 on 0, the word's box): capitals
    read as one word ("ST") are spaced as printed ("S T") when the ink is one column of
    letter-sized blobs per letter and every gap between them is as wide as a space."""
    if len(word) < 2 or not word.isalpha() or not word.isupper():
        return word
    filled = np.flatnonzero(mask.any(axis=0))
    if not filled.size:
        return word
    runs = np.split(filled, np.flatnonzero(np.diff(filled) > 1) + 1)
    if len(runs) != len(word):
        return word
    heights = [_height(mask[:, run[0] : run[-1] + 1]) for run in runs]
    if min(heights) < CAPITAL * max(heights):  # a speck or a mark, not a capital
        return word
    gaps = [int(b[0] - a[-1] - 1) for a, b in zip(runs, runs[1:])]
    return " ".join(word) if min(gaps) >= SPACE * max(heights) else word


def _height(mask: np.ndarray) -> int:
    rows = np.flatnonzero(mask.any(axis=1))
    return int(rows[-1] - rows[0] + 1) if rows.size else 0
