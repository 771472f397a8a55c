"""Grids on successive pages → one table's rows.

A grid goes on with the table the page before ended with when it stands on the next page
(blank pages between them aside) and either (as always) starts its page, with as many columns, or prints no header of its
own or only that table's header again — under nothing but a running line (a text repeated
at the top of several pages, or one saying "tiếp theo"). A grid under any other heading
starts a table of its own. A grid read with fewer or more columns than the table's first
(a "Ghi chú" column empty on later pages) has its cells placed under the first grid's
columns by their position. Repeated headers are dropped and a row broken by a page end is
mended; no unit row is dropped.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from extract.domain.model import Cell
from extract.domain.text import fold
from extract.layout.words import Grid, is_figure
from extract.layout.wrap import rejoin_lines
from extract.roles.assemble import TextRow, is_column_number_row, is_data_row, is_repeated_header

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")


def running_key(text: str) -> str:
    """A line's text as a running header is compared: folded, page numbers taken out."""
    return _DIGITS.sub("#", fold(text)).strip()


def running_lines(pages: Sequence) -> frozenset[str]:
    """The texts (as `running_key`) printed among the first two or the last two lines of two
    pages or more (page numbers aside)."""
    seen: dict[str, int] = {}
    for page in pages:
        placed = sorted((line for line in page.lines if not PAGE_NUMBER.match(line.text)), key=lambda l: l.bbox[1])
        for key in {running_key(line.text) for line in placed[:2] + placed[-2:]}:
            seen[key] = seen.get(key, 0) + 1
    return frozenset(key for key, count in seen.items() if count >= 2)


def headed(grids: Sequence[Grid], running: frozenset[str] = frozenset()) -> list[Grid]:
    """The grids, each grid that starts its page taking as its heading the text printed below
    the grid that ended the page before (a table's heading left at the foot of a page)."""
    out = list(grids)
    for index in range(1, len(out)):
        before, grid = out[index - 1], out[index]
        if grid.above is None and grid.page > before.page and before.below and not is_running(before.below, running):
            out[index] = replace(grid, above=before.below)
    return out


def blank_pages(pages: Sequence) -> frozenset[int]:
    """Pages with no table and no text but a page number."""
    return frozenset(
        page.number for page in pages
        if not page.grids and all(PAGE_NUMBER.match(line.text) for line in page.lines)
    )


def is_running(text: str, running: frozenset[str]) -> bool:
    return running_key(text) in running or "tiep theo" in fold(text)


def header_rows(grid: Grid) -> tuple[TextRow, ...]:
    start = next((i for i, row in enumerate(grid.rows) if is_data_row(row.cells)), len(grid.rows))
    return grid.rows[:start]


def continues(
    block: Sequence[Grid], grid: Grid, running: frozenset[str] = frozenset(), blank: frozenset[int] = frozenset()
) -> bool:
    """Whether `grid` goes on with the table of `block` (see the module's description); pages
    in `blank` (nothing printed but a page number) between them do not part them."""
    last = block[-1]
    if grid.page <= last.page or any(p not in blank for p in range(last.page + 1, grid.page)):
        return False
    if grid.above is None and _width(grid) == _width(last) or _block_after_heading(last, grid):
        return True
    if grid.above is not None and not is_running(grid.above, running):
        return False
    own = [row for row in header_rows(grid) if any(row.cells) and not is_column_number_row(row.cells)]
    first = [row.cells for row in header_rows(block[0])]
    if all(is_repeated_header(row.cells, first) for row in own):
        return True
    return repeats_header_words([row.cells for row in header_rows(grid)], first)


def _block_after_heading(last: Grid, grid: Grid) -> bool:
    """A grid with no header of its own, as wide as the table before, under the heading that
    table's page left at its foot: the table's next block ("II. CÁC CƠ QUAN KHÁC" at the foot
    of a page, its units on the next)."""
    return (grid.above is not None and grid.above == last.below and not header_rows(grid)
            and _width(grid) == _width(last))


MIN_HEADER_WORDS = 4  # a header repeated word for word counts only with this many words at least


def _words(rows: Sequence[Sequence[str]]) -> Counter[str]:
    return Counter(word for row in rows for cell in row for word in _WORD.findall(fold(cell)))


def repeats_header_words(rows: Sequence[Sequence[str]], first: Sequence[Sequence[str]]) -> bool:
    """Whether header rows print the first page's header again, word for word, however their
    words were cut into cells (a header read with one column fewer: "Phân loại Ghi chú" in one
    cell, a group label over other columns). Every word of theirs is one of the first header's
    (as many times at most), and they are two in three of its words at least (a title line read
    into the first page's header, a group label left out, aside)."""
    if not rows or any(is_data_row(row) for row in rows):
        return False
    own, theirs = _words(rows), _words(first)
    total = sum(own.values())
    return total >= MIN_HEADER_WORDS and not (own - theirs) and total * 3 >= sum(theirs.values()) * 2


def grids_to_blocks(
    grids: Sequence[Grid], running: frozenset[str] = frozenset(), blank: frozenset[int] = frozenset()
) -> list[list[Grid]]:
    """Grids grouped into tables, each table's grids in page order."""
    blocks: list[list[Grid]] = []
    for grid in grids:
        if blocks and continues(blocks[-1], grid, running, blank):
            blocks[-1].append(grid)
        else:
            blocks.append([grid])
    return blocks


def _width(grid: Grid) -> int:
    return max((len(r.cells) for r in grid.rows), default=0)


def block_rows(block: Sequence[Grid]) -> list[TextRow]:
    """One table's rows across its pages: repeated headers dropped, broken rows mended."""
    first = list(block[0].rows)
    start = next((i for i, row in enumerate(first) if is_data_row(row.cells)), len(first))
    header = [row.cells for row in first[:start]]
    rows = first
    extents: list[tuple[float, float]] = []
    for previous, grid in zip(block, block[1:]):
        later = list(grid.rows)
        if _block_after_heading(previous, grid):  # the block's title, as printed above it
            rows.append(_title_row(grid.above, later[0]))
        own = header_rows(grid)
        if header and own and len(own) < len(later) and repeats_header_words([row.cells for row in own], header):
            later = later[len(own):]
        while later and (
            later[0].cells in header or is_column_number_row(later[0].cells) or not any(later[0].cells)
            or not is_data_row(later[0].cells) and header and is_repeated_header(later[0].cells, header)
            or _width(grid) == _width(block[0]) and is_fragment(later[0]) and is_data_row(rows[-1].cells)
            and not continues_cells(rows[-1].cells, later[0].cells)
        ):
            later.pop(0)
        if _width(grid) != _width(block[0]):
            extents = extents or column_extents(block[0])
            later = [to_columns(row, extents) for row in later]
        rows += later
    return merge_fragments(rows)


def _title_row(text: str, first: TextRow) -> TextRow:
    cells = [Cell("", page=c.page, bbox=c.bbox) for c in first.source_cells()]
    cells[0] = replace(cells[0], text=text)
    return TextRow(line=None, cells=tuple(c.text for c in cells), located=tuple(cells))


def column_extents(grid: Grid) -> list[tuple[float, float]]:
    """Each column's extent on the page: from its filled unit cells (its header cell's, when
    no unit row fills it)."""
    width = _width(grid)
    filled: list[list[tuple[float, float]]] = [[] for _ in range(width)]
    fallback: list[list[tuple[float, float]]] = [[] for _ in range(width)]
    for row in grid.rows:
        for index, cell in enumerate(row.source_cells()):
            if cell.text and cell.bbox is not None:
                (filled if is_data_row(row.cells) else fallback)[index].append((cell.bbox[0], cell.bbox[2]))
    out: list[tuple[float, float]] = []
    for index in range(width):
        found = filled[index] or fallback[index]
        if found:
            out.append((statistics.median(a for a, _ in found), statistics.median(b for _, b in found)))
        else:
            left = out[-1][1] if out else 0.0
            out.append((left, left))
    return out


def to_columns(row: TextRow, extents: Sequence[tuple[float, float]]) -> TextRow:
    """A row's cells placed under the table's columns: each under the narrowest column whose
    extent holds its middle, else the one whose middle is nearest."""
    middles = [(a + b) / 2 for a, b in extents]
    located = [c for c in row.source_cells() if c.bbox is not None]
    top = min((c.bbox[1] for c in located), default=0.0)
    bottom = max((c.bbox[3] for c in located), default=0.0)
    page = located[0].page if located else None
    cells = [Cell("", page=page, bbox=(a, top, b, bottom)) for a, b in extents]
    for cell in located:
        if not cell.text:
            continue
        middle = (cell.bbox[0] + cell.bbox[2]) / 2
        holding = [i for i, (a, b) in enumerate(extents) if a <= middle <= b]
        # The narrowest extent that holds it: a sub-column's own, not its group label's over it.
        index = (min(holding, key=lambda i: extents[i][1] - extents[i][0]) if holding
                 else min(range(len(middles)), key=lambda i: abs(middles[i] - middle)))
        held = cells[index]
        cells[index] = replace(cell, text=f"{held.text} {cell.text}") if held.text else cell
    return TextRow(line=row.line, cells=tuple(c.text for c in cells), located=tuple(cells))


def is_fragment(row: TextRow) -> bool:
    """The rest of a row broken by a page end: no row number, no figures, some text."""
    return bool(row.cells) and not row.cells[0] and any(row.cells) and not is_data_row(row.cells)


def continues_cells(upper: Sequence[str], lower: Sequence[str]) -> bool:
    """Whether a fragment's cells can go on from a row's: no words under a figure. A row at a
    page's top with words under the figures of the row above is a header's labels printed
    again (read apart from the rest of the header), not the rest of that row."""
    return not any(top and bottom and is_figure(top) and not is_figure(bottom) for top, bottom in zip(upper, lower))


def merge_fragments(rows: Sequence[TextRow]) -> list[TextRow]:
    out: list[TextRow] = []
    for row in rows:
        if out and is_fragment(row) and is_data_row(out[-1].cells):
            out[-1] = join_rows(out[-1], row)
        else:
            out.append(row)
    return out


def join_rows(upper: TextRow, lower: TextRow) -> TextRow:
    """A row and the fragment that continues it, cell by cell; a cell keeps its first place."""
    cells = []
    for index, top in enumerate(upper.source_cells()):
        bottom = lower.source_cells()[index] if index < len(lower.cells) else Cell("")
        if not bottom.text:
            cells.append(top)
        elif not top.text:
            cells.append(bottom)
        else:
            cells.append(replace(top, text=rejoin_lines([top.text, bottom.text])))
    return TextRow(line=upper.line, cells=tuple(c.text for c in cells), located=tuple(cells))
