"""A scanned page as a clean, straight grayscale image: rasterise, flatten, deskew, despeckle.

Pages are rasterised with pypdfium2 at the resolution of their embedded scan (150–300
dpi, never more), their paper made evenly white (a grey band behind alternate rows, a
shaded header cell, a photocopy's uneven background: ink is judged against the paper
around it), turned straight by the angle that makes their text lines and ruling lines
most horizontal, and cleared of specks too small to be a comma or a dot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
import pypdfium2.raw as pdfium_c

MIN_DPI = 150
MAX_DPI = 300
MAX_PIXELS = 40_000_000  # a page larger than this is not a scan of a decision
MAX_SKEW = 3.0  # degrees either way searched for the page's skew
STROKE = 0.08  # inches: wider than any stroke of printed text, narrower than a shaded row
DARK_PAPER = 128  # a background darker than this is a dark fill (white on black), not paper to flatten
GREY_PAPER = 235  # a background lighter than this is paper as scanned: left as it is


@dataclass(frozen=True)
class PageImage:
    """A page as pixels: grayscale (0 black, 255 white), `dpi` pixels per inch, straightened."""

    pixels: np.ndarray = field(repr=False, compare=False)
    dpi: int
    skew: float  # degrees the scan was turned by (counter-clockwise), now undone
    # The affine map from the straightened image back to the page as rendered.
    back: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def scale(self) -> float:
        """PDF points per pixel."""
        return 72 / self.dpi

    def to_points(self, box: tuple[int, int, int, int], straight: bool = False) -> tuple[float, float, float, float]:
        """A pixel box (x0, top, x1, bottom) of the straightened image as the box it covers
        on the PDF page, in points, rounded as other readers round; `straight` keeps the
        straightened page's axes (words of one line keep one top)."""
        x0, top, x1, bottom = box
        if self.back is not None and not straight:
            corners = np.array([[x0, top, 1], [x1, top, 1], [x0, bottom, 1], [x1, bottom, 1]], dtype=float)
            moved = corners @ self.back.T
            x0, top = moved[:, 0].min(), moved[:, 1].min()
            x1, bottom = moved[:, 0].max(), moved[:, 1].max()
        return tuple(round(float(v) * self.scale, 2) for v in (x0, top, x1, bottom))  # type: ignore[return-value]


def embedded_dpi(page) -> int | None:
    """The resolution of a pypdfium2 page's largest image (its scan), or None without one."""
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        left, _, right, _ = obj.get_bounds()
        pixels = obj.get_px_size()[0]
        if right - left > 72 and pixels:
            best = max(best, pixels / ((right - left) / 72))
    return round(best) if best else None


def scan_dpi(page) -> int:
    """The resolution to render a page at: that of its scan, within 150–300 dpi."""
    return int(min(max(round((embedded_dpi(page) or 200) / 10) * 10, MIN_DPI), MAX_DPI))


def render_page(page, dpi: int) -> tuple[np.ndarray, int]:
    """The page in gray at `dpi`, or at less when it would be too many pixels."""
    width, height = page.get_size()
    if width * height * (dpi / 72) ** 2 > MAX_PIXELS:
        dpi = int(72 * (MAX_PIXELS / (width * height)) ** 0.5)
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    return np.array(bitmap.to_pil().convert("L")), dpi


def ink(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 255 on 0, thresholded locally so a gray background does not count."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


def flatten_background(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The page with its paper made white and its ink kept: where the paper is grey (a
    shaded row or cell, a photocopy's dark patch) each pixel is divided by the paper around
    it — the image with every stroke thinner than `STROKE` closed over — and so are the few
    pixels of its blurred edge. Text on a grey band comes out black on white, as on plain
    paper; a page of white paper is left exactly as it is, and so is a fill too dark to be
    paper (white on black)."""
    size = max(3, round(STROKE * dpi)) | 1
    closed = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    if not cv2.countNonZero(cv2.inRange(closed, DARK_PAPER, GREY_PAPER - 1)):
        return gray  # white paper (a median of values outside the range stays outside it)
    paper = cv2.medianBlur(closed, size)  # light specks in a grey band are no paper
    edge = max(1, size // 4) * 2 + 1
    grey = cv2.dilate(cv2.inRange(paper, DARK_PAPER, GREY_PAPER - 1), cv2.getStructuringElement(cv2.MORPH_RECT, (edge, edge)))
    divisor = np.where((grey > 0) & (paper >= DARK_PAPER), paper, 255).astype(np.uint8)
    return cv2.divide(gray, divisor, scale=255)


def estimate_skew(gray: np.ndarray) -> float:
    """The angle (degrees) that makes the page's rows of ink sharpest, to 0.05°."""
    small = cv2.resize(ink(gray), None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    center = (small.shape[1] / 2, small.shape[0] / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(center, angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        profile = turned.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=sharpness)
    fine = np.arange(best - 0.25, best + 0.26, 0.05)
    return round(float(max(fine, key=sharpness)), 2)


def straighten(gray: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray | None]:
    """The image turned by `angle` degrees, and the map from it back to the original."""
    if abs(angle) < 0.05:
        return gray, None
    center = (gray.shape[1] / 2, gray.shape[0] / 2)
    matrix = cv2.getRotationMatrix2D(center, angle, 1.0)
    turned = cv2.warpAffine(gray, matrix, (gray.shape[1], gray.shape[0]), flags=cv2.INTER_CUBIC,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return turned, cv2.invertAffineTransform(matrix)


def despeckle(gray: np.ndarray, dpi: int) -> np.ndarray:
    """White out specks: blobs no bigger than the dot of an "i" with no other ink close by
    (a dot over a letter or a comma after a digit stays, being next to its letter)."""
    mask = ink(gray)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    limit = max(2, round(5 * (dpi / 150) ** 2))
    small = np.zeros(count, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= limit
    large = np.where(small[labels] | (labels == 0), 0, 255).astype(np.uint8)
    reach = max(3, round(4 * dpi / 150)) * 2 + 1
    near = cv2.dilate(large, np.ones((reach, reach), np.uint8))
    touching = np.unique(labels[(near > 0) & small[labels]])
    speck = small.copy()
    speck[touching] = False
    out = gray.copy()
    out[speck[labels]] = 255
    return out


def page_image(page) -> PageImage:
    """A pypdfium2 page rendered at its scan's resolution, its paper flattened, straightened and despeckled."""
    gray, dpi = render_page(page, scan_dpi(page))
    gray = flatten_background(gray, dpi)
    angle = estimate_skew(gray)
    straight, back = straighten(despeckle(gray, dpi), angle)
    return PageImage(pixels=straight, dpi=dpi, skew=-angle, back=back)
