"""One table cell cut out of a scanned page, cleaned and framed for Tesseract."""

from __future__ import annotations

import cv2
import numpy as np

from cchc_audit.extract.scan.image import PageImage, ink

OCR_DPI = 300  # cells are enlarged to this resolution, at which Tesseract reads best
PAD = (16, 40)  # white pixels above and below, left and right of each cell image


def cell_crop(image: PageImage, lines: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray | None:
    """One cell cut out at the page's resolution, ruling lines (255 in `lines`) blanked,
    specks away from its text dropped, trimmed to its ink; None when blank."""
    x0, top, x1, bottom = box
    crop = image.pixels[top:bottom, x0:x1].copy()
    if crop.size == 0:  # a box off the page (a reader's box in another frame): nothing to read
        return None
    crop[lines[top:bottom, x0:x1] > 0] = 255
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


def figure_line(crop: np.ndarray) -> np.ndarray:
    """A figure's crop without ink of the rows above or below that its box took in: a band
    of ink at the crop's top or bottom, parted from the figure by blank rows and less than
    half as tall as it (the tops of the next row's digits under a box drawn too tall), is
    cut away. A figure is one line of digits and its mark, which no blank row parts."""
    rows = np.flatnonzero(ink(crop).any(axis=1))
    if not rows.size:
        return crop
    bands = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    main = max(range(len(bands)), key=lambda i: len(bands[i]))
    first, last = 0, len(bands) - 1
    while first < main and 2 * len(bands[first]) < len(bands[main]):
        first += 1
    while last > main and 2 * len(bands[last]) < len(bands[main]):
        last -= 1
    if (first, last) == (0, len(bands) - 1):
        return crop
    return crop[bands[first][0] : bands[last][-1] + 1]
