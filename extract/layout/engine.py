"""The layout engine: one page's positioned words (and rulings, as hints) → its tables.

Several candidate readings of the page are made and the one that holds together best is
kept (`extract.layout.score`):

- "lines": the ruled grids the front end found from the page's rulings (pdfplumber's
  lines strategy for a PDF; the grid OpenCV finds for a scan), and nothing else; or, when
  word alignment finds tables among the words outside them, "hybrid": both (a ruled
  signature box must not hide an unruled table);
- "words": word alignment over the whole page, rulings ignored — columns from the figures'
  alignment across the unit rows, rows from baselines with wrapped lines joined to their
  row, the header from the lines above the body (`extract.layout.unruled`); once as the
  header is found, once with a one-piece line on top of it left out (a centred title right
  above an unruled header).

Each grid says how it was read (`Grid.method`: "lines" or "words"); front ends name a
table's reader from it ("pdfplumber/lines", "pdfplumber/words").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from cchc_audit.extract.layout.page import PageWords, Word
from cchc_audit.extract.layout.pages import to_columns
from cchc_audit.extract.layout.score import Score, grids_to_score, opens_with_units, repeats
from cchc_audit.extract.layout.unruled import words_to_grids, words_to_variants
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.roles.assemble import TextRow, is_data_row, is_title_row
from cchc_audit.extract.domain.types import BBox

METHODS = ("lines", "hybrid", "words")  # ties go to the first
SPACER_ROWS = 6  # a header grid and its body may stand this many body rows apart, nothing between


@dataclass(frozen=True)
class Reading:
    """One candidate reading of a page: its grids top to bottom, and its score (None when it
    was the only reading and needed none)."""

    method: str
    grids: tuple[Grid, ...]
    score: Score | None = None

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown reading {self.method!r}")


def stack_grids(grids: Sequence[Grid], words: Sequence[Word] = ()) -> list[Grid]:
    """A header printed as a grid of its own just above its body's grid, joined to it: a grid
    without unit rows, then right below it (less than two of the lower grid's rows apart, over
    most of the same width) a grid that starts with a unit row, or further (up to six rows) with
    none of the page's `words` between them. The body's cells are placed
    under the header's columns by position when the two are read with different columns (a
    ruled header over a body read from its words)."""
    out: list[Grid] = []
    for grid in sorted(grids, key=lambda g: g.bbox[1]):
        upper = out[-1] if out else None
        if upper is None or not _stacks(upper, grid, words):
            out.append(grid)
            continue
        rows = grid.rows
        if len(upper.rows[0].cells) != len(grid.rows[0].cells):
            extents = header_extents(upper)
            rows = tuple(to_columns(row, extents) for row in rows)
            if any(_filled(placed) < _filled(row) for placed, row in zip(rows, grid.rows) if not is_title_row(row.cells)):
                out.append(grid)  # two cells of a row under one header column: the header is not this body's
                continue
        box = (min(upper.bbox[0], grid.bbox[0]), upper.bbox[1], max(upper.bbox[2], grid.bbox[2]), grid.bbox[3])
        out[-1] = replace(grid, rows=upper.rows + rows, bbox=box, above=upper.above)
    return out


def header_extents(grid: Grid) -> list[tuple[float, float]]:
    """Each column's extent under a header: its narrowest cell (a group label or a merged cell
    stands over several columns; the label or column number under it, over its own)."""
    width = max(len(row.cells) for row in grid.rows)
    boxes: list[list[BBox]] = [[] for _ in range(width)]
    for row in grid.rows:
        for index, cell in enumerate(row.source_cells()):
            if cell.bbox is not None:
                boxes[index].append(cell.bbox)
    out: list[tuple[float, float]] = []
    for found in boxes:
        if found:
            narrowest = min(found, key=lambda b: b[2] - b[0])
            out.append((narrowest[0], narrowest[2]))
        else:
            left = out[-1][1] if out else grid.bbox[0]
            out.append((left, left))
    return out


def _filled(row: TextRow) -> int:
    return sum(1 for text in row.cells if text)


def _stacks(upper: Grid, lower: Grid, words: Sequence[Word] = ()) -> bool:
    """Whether `lower` is the body of the header grid `upper`: it starts with a unit row, or
    with block titles over one ("I. CÁC SỞ, BAN, NGÀNH"), right below it."""
    if not opens_with_units(lower.rows):
        return False
    if any(is_data_row(r.cells) for r in upper.rows) or upper.page != lower.page:
        return False
    first = lower.rows[0].source_cells()[0].bbox
    row_height = first[3] - first[1] if first else 20.0
    left, right = max(upper.bbox[0], lower.bbox[0]), min(upper.bbox[2], lower.bbox[2])
    width = max(upper.bbox[2] - upper.bbox[0], lower.bbox[2] - lower.bbox[0])
    gap = lower.bbox[1] - upper.bbox[3]
    if right - left <= 0.8 * width:
        return False
    if -1 <= gap < 2 * row_height:
        return True
    # Further apart (a blank spacer row taller than the body's rows), with nothing printed between.
    between = (upper.bbox[0], upper.bbox[3] + 1, upper.bbox[2], lower.bbox[1] - 1)
    return gap < SPACER_ROWS * row_height and not any(inside(w, between) for w in words)


def ruled_candidate(page: PageWords, ruled: Sequence[Grid]) -> tuple[str, list[Grid]]:
    """The "lines" reading (a header grid printed apart joined to its body's), or the "hybrid"
    one when words outside the ruled grids make tables."""
    outside = [w for w in page.words if not any(inside(w, g.bbox) for g in ruled)]
    extra = [part for grid in (words_to_grids(outside, page.number) if outside else [])
             for part in cut_at_ruled(grid, ruled)]
    grids = stack_grids([*ruled, *extra], page.words)
    return ("hybrid" if extra else "lines", grids)


def cut_at_ruled(grid: Grid, ruled: Sequence[Grid]) -> list[Grid]:
    """A grid read from the words around ruled grids, cut where a ruled grid stands in its midst,
    so that the page's rows keep their order: tables each under its own ruled header, their
    titles and units unruled (the rows below a header go on under it; the block titles right
    above a header are left out of the grid, as the heading above that header's table), or a
    row ruled apart among unruled ones (a block's last row above the next block's title)."""
    cuts = sorted((r.bbox[1], not any(is_data_row(row.cells) for row in r.rows)) for r in ruled
                  if grid.bbox[1] < r.bbox[1] < grid.bbox[3] and min(grid.bbox[2], r.bbox[2]) > max(grid.bbox[0], r.bbox[0]))
    if not cuts:
        return [grid]
    parts: list[list[TextRow]] = [[] for _ in range(len(cuts) + 1)]
    for row in grid.rows:
        boxes = [c.bbox for c in row.source_cells() if c.bbox is not None]
        if not boxes:
            return [grid]
        parts[sum(1 for top, _ in cuts if min(b[1] for b in boxes) >= top)].append(row)
    out = []
    for index, rows in enumerate(parts):
        while index < len(cuts) and cuts[index][1] and rows and is_title_row(rows[-1].cells):
            rows = rows[:-1]  # the next table's heading
        if rows:
            boxes = [c.bbox for row in rows for c in row.source_cells() if c.bbox is not None]
            box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
            out.append(replace(grid, rows=tuple(rows), bbox=box))
    return out


def page_to_readings(page: PageWords, ruled: Sequence[Grid] = (), header: Sequence[TextRow] = ()) -> list[Reading]:
    """Every candidate reading of the page, scored, in order of preference; `ruled` are the
    grids the front end read from rulings, `header` the header rows of the table the previous
    page ended with (a page that goes on with that table's rows is scored under it)."""
    made = [ruled_candidate(page, ruled)] if ruled else []
    made += [("words", grids) for grids in word_readings(page, header)]
    return [_reading(method, grids, grids_to_score(grids, header)) for method, grids in made]


def page_to_grids(page: PageWords, ruled: Sequence[Grid] = (), header: Sequence[TextRow] = ()) -> Reading:
    """The engine's entry point: the best reading of one page (see `page_to_readings`).

    The ruled reading comes first and the search stops there if it cannot be beaten (every
    row read whole, none lost); else every words reading is scored. The one reading there is
    needs no score.
    """
    best = None
    if ruled:
        method, grids = ruled_candidate(page, ruled)
        best = _reading(method, grids, grids_to_score(grids, header))
        if unbeatable(best.score) and not straddles(best.grids):
            return best
    variants = word_readings(page, header)
    if best is None and len(variants) == 1:
        return _reading("words", variants[0], None)
    for grids in variants:  # every one: the second may leave out a running line the first took in
        reading = _reading("words", grids, grids_to_score(grids, header))
        if best is None or reading.score.points > best.score.points:
            best = reading
    return best


def word_readings(page: PageWords, header: Sequence[TextRow] = ()) -> list[list[Grid]]:
    """The "words" readings of the page: as the header is found, with its top one-piece line left
    out, and with its top two left out only where that makes a grid print the previous page's
    header again (a running line and a heading above a repeated header). Two lines left out
    anywhere else would as often cut a wrapped label's first line ("Tổng điểm") off the header."""
    variants = words_to_variants(list(page.words), page.number)
    return [
        grids for trimmed, grids in enumerate(variants)
        if trimmed < 2 or header and any(repeats(grid.rows, header) for grid in grids)
    ]


def _reading(method: str, grids: Sequence[Grid], score: Score | None) -> Reading:
    return Reading(method, tuple(sorted(grids, key=lambda g: g.bbox[1])), score)


def unbeatable(score: Score | None) -> bool:
    """Every unit row of the page read whole into a coherent table, none lost."""
    return score is not None and score.rows > 0 and score.lost == 0 and score.points >= 2 * score.rows


def straddles(grids: Sequence[Grid]) -> bool:
    """Whether a grid read from words stands both above and below a ruled grid it overlaps in width
    (its header over a ruled grid's rows, its body under them): the order of their rows is not
    told, so the reading cannot stand unchallenged."""
    return any(
        not grid.ruled and ruled.ruled and grid.bbox[1] < ruled.bbox[1] and ruled.bbox[3] < grid.bbox[3]
        and min(grid.bbox[2], ruled.bbox[2]) > max(grid.bbox[0], ruled.bbox[0])
        for grid in grids for ruled in grids)


def inside(word: Word, box: BBox) -> bool:
    """Whether a word's middle lies in a box (a point of slack)."""
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1


def last_header(grids: Sequence[Grid], previous: Sequence[TextRow] = ()) -> tuple[TextRow, ...]:
    """The header rows of the last grid that prints one (rows above its first unit row); else
    `previous`, for a page that only goes on with the table before."""
    for grid in reversed(grids):
        start = next((i for i, row in enumerate(grid.rows) if is_data_row(row.cells)), None)
        if start:
            rows = grid.rows[:start]
            while rows and is_block_title(rows[-1].cells):
                rows = rows[:-1]  # the first block's title ("I. KHỐI SỞ") is not the header's
            return rows or tuple(previous)
    return tuple(previous)


def is_block_title(cells: Sequence[str]) -> bool:
    """A block's title row ("I. KHỐI SỞ"): one text, in the row number's or the name's column
    (the wrapped end of a label, "điểm)", stands under its own column)."""
    return is_title_row(cells) and next(i for i, text in enumerate(cells) if text) <= 1
