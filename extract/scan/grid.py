"""A ruled table's grid in a page image: its lines, its cells, and each cell's row and column.

Ruling lines are the long, thin runs of ink that survive an opening with a long horizontal
or vertical kernel. The cells are the white regions those lines enclose — a merged header
cell is one region over several columns or rows — and the distinct edges of the cells give
the table's rows and columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from cchc_audit.extract.scan.image import ink

MIN_ROWS = 2
MIN_COLUMNS = 3


@dataclass(frozen=True)
class GridCell:
    """One enclosed region: its pixel box and the grid rows and columns it covers."""

    box: tuple[int, int, int, int]  # x0, top, x1, bottom in pixels
    row: int
    column: int
    last_row: int
    last_column: int


@dataclass(frozen=True)
class ImageGrid:
    """A table found in an image: its box, its rows × columns and its cells."""

    box: tuple[int, int, int, int]
    rows: int
    columns: int
    cells: tuple[GridCell, ...]
    lines: np.ndarray  # the ruling lines (255) of the whole page, to blank them out of cells

    def cell_at(self, row: int, column: int) -> GridCell | None:
        for cell in self.cells:
            if cell.row <= row <= cell.last_row and cell.column <= column <= cell.last_column:
                return cell
        return None


def ruling_masks(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and the vertical ruling lines (255), each apart, gaps of a few pixels bridged."""
    mask = ink(gray)
    length = max(15, round(0.3 * dpi))  # longer than any letter stroke, shorter than a cell
    bridge = max(3, round(0.02 * dpi))  # a white speck on a line does not cut it
    horizontal = _runs(mask, (length, 1), (bridge * 2 + 1, 1))
    vertical = _runs(mask, (1, length), (1, bridge * 2 + 1))
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge * 2 + 1, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, bridge * 2 + 1)))
    return horizontal, vertical


def ruling_lines(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Horizontal and vertical ruling lines (255) together, gaps of a few pixels bridged."""
    return cv2.bitwise_or(*ruling_masks(gray, dpi))


def mask_to_rulings(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Each ruling line of a mask as its pixel box (x0, top, x1, bottom)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _ in stats[1:count]]


def _runs(mask: np.ndarray, length: tuple[int, int], bridge: tuple[int, int]) -> np.ndarray:
    """Straight runs of ink at least `length` long, allowing gaps of `bridge`: runs a third
    as long are found first, joined across small gaps, then kept when long enough."""
    third = (max(1, length[0] // 3), max(1, length[1] // 3))
    pieces = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, third))
    joined = cv2.morphologyEx(pieces, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
    return cv2.morphologyEx(joined, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, length))


def find_grids(gray: np.ndarray, dpi: int, lines: np.ndarray | None = None) -> list[ImageGrid]:
    """Every ruled table on the page, top to bottom (`lines`: its ruling lines, if found already)."""
    lines = ruling_lines(gray, dpi) if lines is None else lines
    count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    grids = []
    minimum = round(0.5 * dpi)
    for label in range(1, count):
        x, y, width, height = stats[label, :4]
        if width < 2 * minimum or height < minimum:
            continue
        grid = grid_in_box(lines, (int(x), int(y), int(x + width), int(y + height)), dpi)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.box[1])


def grid_in_box(lines: np.ndarray, box: tuple[int, int, int, int], dpi: int) -> ImageGrid | None:
    """The cells enclosed by the lines inside one table's box."""
    x0, y0, x1, y1 = box
    inside = cv2.bitwise_not(lines[y0:y1, x0:x1])
    count, _, stats, _ = cv2.connectedComponentsWithStats(inside, connectivity=4)
    smallest = round(0.04 * dpi)
    regions = []
    for label in range(1, count):
        x, y, width, height, _ = stats[label]
        touches_edge = x == 0 or y == 0 or x + width >= x1 - x0 or y + height >= y1 - y0
        if touches_edge or width < smallest or height < smallest:
            continue
        regions.append((int(x0 + x), int(y0 + y), int(x0 + x + width), int(y0 + y + height)))
    if len(regions) < MIN_ROWS * MIN_COLUMNS:
        return None
    tolerance = max(5, round(0.05 * dpi))
    columns = edges([r[0] for r in regions] + [r[2] for r in regions], tolerance)
    rows = edges([r[1] for r in regions] + [r[3] for r in regions], tolerance)
    cells = []
    for region in regions:
        first_column, last_column = _span(columns, region[0], region[2])
        first_row, last_row = _span(rows, region[1], region[3])
        cells.append(GridCell(region, first_row, first_column, last_row, last_column))
    if len(rows) - 1 < MIN_ROWS or len(columns) - 1 < MIN_COLUMNS:
        return None
    cells.sort(key=lambda c: (c.row, c.column))
    return ImageGrid(box=box, rows=len(rows) - 1, columns=len(columns) - 1, cells=tuple(cells), lines=lines)


def edges(positions: Sequence[int], tolerance: int) -> list[float]:
    """Cell edges gathered into distinct lines: a left edge and the right edge of the cell
    before it (a line's width apart) are one boundary."""
    out: list[list[int]] = []
    for value in sorted(positions):
        if out and value - out[-1][-1] <= tolerance:
            out[-1].append(value)
        else:
            out.append([value])
    return [sum(group) / len(group) for group in out]


def _span(boundaries: Sequence[float], start: int, end: int) -> tuple[int, int]:
    """The first and last grid interval a region from `start` to `end` covers."""
    first = min(range(len(boundaries)), key=lambda i: abs(boundaries[i] - start))
    last = min(range(len(boundaries)), key=lambda i: abs(boundaries[i] - end))
    return first, max(first, last - 1)
