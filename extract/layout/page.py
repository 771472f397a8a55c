"""What the layout engine reads: one page's positioned words, with its rulings as hints.

Both front ends that see a page as a picture of text produce this: the PDF reader from
pdfplumber's words, lines and rectangles; the scan reader from Tesseract's word boxes and
the lines OpenCV finds in the image. The engine never asks where the words came from,
except through `source`, to name the reading in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc_audit.extract.domain.types import BBox, PageNo

Word = dict
"""A positioned word: "text", "x0", "x1", "top", "bottom" in points from the page's top-left,
and, from OCR, "confidence" (0–100) and "alternatives" (other readings, best first)."""


@dataclass(frozen=True)
class Ruling:
    """A printed rule, horizontal or vertical, as a thin box (x0, top, x1, bottom)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


@dataclass(frozen=True)
class PageWords:
    """One page as positioned words; rulings and shaded boxes are hints, never required."""

    number: PageNo
    width: float
    height: float
    words: tuple[Word, ...]
    rulings: tuple[Ruling, ...] = ()
    shading: tuple[BBox, ...] = ()
    source: str = "pdf"  # "pdf" (a text layer) or "ocr"

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0:
            raise ValueError(f"page {self.number}: a page has a positive size")
        if self.source not in ("pdf", "ocr"):
            raise ValueError(f"page {self.number}: unknown word source {self.source!r}")
