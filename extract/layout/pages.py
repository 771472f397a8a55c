"""Grids on successive pages → one table's rows.

A grid goes on with the table the page before ended with when it stands on the next page
(blank pages between them aside) and either (as always) starts its page, with as many
columns, or prints no header of its own or only that table's header again — under nothing
but a running line (a text repeated at the top of several pages, or one saying "tiếp
theo"), or under bits of that header the reader left out of the grid (a label broken
between letters, the column numbers). A grid with no header of its own right below the
table's last grid on the same page (a page read partly from its rulings, partly from its
words) goes on too. A grid with no header of its own under a heading goes on as a block of
the table titled by that heading; a grid with its own header under a heading starts a table
of its own. A grid read with fewer or more columns than the table's first (a "Ghi chú"
column empty on later pages) has its cells placed under the first grid's columns by their
position, unless most of its rows would crowd two cells into one column. The table is read
under the best of the headers its pages print (a later page's may be read with better cuts);
repeated headers are dropped and a row broken by a page end is mended; no unit row is dropped.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from cchc_audit.extract.domain.model import Cell
from cchc_audit.extract.domain.text import fold
from cchc_audit.extract.layout.score import grids_to_score
from cchc_audit.extract.layout.words import Grid, is_figure
from cchc_audit.extract.layout.wrap import rejoin_lines
from cchc_audit.extract.roles.assemble import (
    TextRow,
    as_heading,
    is_column_number_row,
    is_data_row,
    is_repeated_header,
    is_title_row,
)

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


def labels(grid: Grid) -> list[TextRow]:
    """A grid's own header rows that print labels (not blank, not the column numbers)."""
    return [row for row in header_rows(grid) if any(row.cells) and not is_column_number_row(row.cells)]


def headerless(grid: Grid) -> bool:
    """Whether a grid prints no header of its own: before its first unit row, nothing but blank
    rows, column numbers or block titles."""
    return all(is_title_row(row.cells) for row in labels(grid))


def goes_on(
    block: Sequence[Grid], grid: Grid, running: frozenset[str] = frozenset(), blank: frozenset[int] = frozenset()
) -> Grid | None:
    """`grid` as it goes on with the table of `block` (see the module's description), or None
    when it starts a table of its own. Pages in `blank` (nothing printed but a page number)
    between them do not part them. A grid with no header of its own under a heading goes on as
    a block of the table titled by that heading."""
    last = block[-1]
    extents = column_extents(block[0])
    if _width(grid) != _width(block[0]) and not fits_columns(grid, extents):
        return None
    if grid.page == last.page:
        if grid.bbox[1] < last.bbox[3] - 1 or not headerless(grid) or not fills_columns(block[0], grid, extents):
            return None
    elif grid.page < last.page or any(p not in blank for p in range(last.page + 1, grid.page)):
        return None
    first = [row.cells for row in header_rows(block[0])]
    debris = grid.above is not None and is_header_debris(grid.above, first)
    if grid.above is not None and not is_running(grid.above, running) and not debris:
        heading = as_heading(grid.above)
        going_on = heading and headerless(grid) and fills_columns(block[0], grid, extents)
        return titled(grid, heading) if going_on else None
    if grid.page == last.page or grid.above is None and _width(grid) == _width(last):
        return grid
    own = labels(grid)
    if all(is_repeated_header(row.cells, first) or is_title_row(row.cells) for row in own):
        return grid
    return grid if repeated_header(grid, first, debris) else None


def titled(grid: Grid, heading: str) -> Grid:
    """A grid with the heading printed above it as its first row, a block title."""
    title = TextRow(line=None, cells=(heading,) + ("",) * (_width(grid) - 1))
    return replace(grid, rows=(title, *grid.rows), above=None)


def repeated_header(grid: Grid, first: Sequence[Sequence[str]], debris: bool) -> bool:
    """Whether the grid's own header rows print the first page's header again: word for word,
    or, when the rest of the header was read as a line above the grid (`debris`), with no word
    that is not the first header's."""
    own = [row.cells for row in header_rows(grid)]
    if debris:
        return bool(own) and not any(is_data_row(row) for row in own) and not (_words(own) - _words(first))
    return repeats_header_words(own, first)


_ENUMERATED = re.compile(r"^\s*(?:[IVXLC]+|\d+|[A-Za-z])[.)]\s")  # "II. …", "1. …", "a) …": a heading


def is_header_debris(text: str, header: Sequence[Sequence[str]]) -> bool:
    """A line right above a grid made of nothing but bits of the table's header, left out of the
    grid by the reader: each of its words is one of the header's words or a piece of one (a
    narrow label broken letter by letter, "Th ứ hạn g"; a column number, "(1)", "(5)=(3)+(4)").
    A line that enumerates ("II. …") is a heading, whatever its words."""
    words = _WORD.findall(fold(text))
    known = set(_words(header))
    return bool(words) and not _ENUMERATED.match(text) and all(any(w in k for k in known) for w in words)


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
        going_on = goes_on(blocks[-1], grid, running, blank) if blocks else None
        if going_on is not None:
            blocks[-1].append(going_on)
        else:
            blocks.append([grid])
    return blocks


def _width(grid: Grid) -> int:
    return max((len(r.cells) for r in grid.rows), default=0)


def best_header(block: Sequence[Grid]) -> tuple[TextRow, ...]:
    """The header a table read across pages is assembled under: of the headers its pages print
    (the first page's, and each later page's printed again word for word with as many columns,
    read with other cuts), the one under which the first page's unit rows hold together best
    (`grids_to_score`); the first page's among equals, and always when it holds a block title."""
    first = block[0]
    own = header_rows(first)
    body = first.rows[len(own):]
    if not own or not body or any(is_title_row(row.cells) for row in own):
        return own
    printed = [row.cells for row in own]
    candidates = [own] + [
        theirs for grid in block[1:]
        if _width(grid) == _width(first) and (theirs := header_rows(grid)) and len(theirs) < len(grid.rows)
        and not any(is_title_row(row.cells) for row in theirs)
        and repeats_header_words([row.cells for row in theirs], printed)
    ]
    if len(candidates) == 1:
        return own
    points = [grids_to_score([replace(first, rows=(*header, *body))]).points for header in candidates]
    return candidates[points.index(max(points))]


def block_rows(block: Sequence[Grid]) -> list[TextRow]:
    """One table's rows across its pages, under the best of the headers its pages print
    (`best_header`): repeated headers dropped, broken rows mended."""
    first = list(block[0].rows)
    start = next((i for i, row in enumerate(first) if is_data_row(row.cells)), len(first))
    header = [row.cells for row in first[:start]]
    rows = [*best_header(block), *first[start:]]
    extents: list[tuple[float, float]] = []
    for grid in block[1:]:
        later = list(grid.rows)
        own = header_rows(grid)
        debris = grid.above is not None and is_header_debris(grid.above, header)
        if header and own and repeated_header(grid, header, debris):
            later = later[len(own):]
        repeated = False  # whether a header row printed again was dropped from this grid
        while later and (
            printed_again(later[0].cells, header) or repeated and header_words_only(later[0].cells, header)
            or _width(grid) == _width(block[0]) and is_fragment(later[0]) and is_data_row(rows[-1].cells)
            and not continues_cells(rows[-1].cells, later[0].cells)
        ):
            repeated = repeated or any(later[0].cells) and not is_column_number_row(later[0].cells)
            later.pop(0)
        if _width(grid) != _width(block[0]):
            extents = extents or column_extents(block[0])
            later = [to_columns(row, extents) for row in later]
        rows += later
    return merge_fragments(rows)


def printed_again(cells: Sequence[str], header: Sequence[Sequence[str]]) -> bool:
    """A row at the top of a later page that prints the table's header again (or a blank row)."""
    return (
        tuple(cells) in [tuple(row) for row in header] or is_column_number_row(cells) or not any(cells)
        or bool(header) and not is_data_row(cells) and is_repeated_header(cells, header)
    )


def header_words_only(cells: Sequence[str], header: Sequence[Sequence[str]]) -> bool:
    """A row of labels, no figure, with no word the table's header does not print (the rest of
    a header printed again, its sub-labels read as a row of their own: "Tự chấm | Thẩm định")."""
    return any(cells) and not is_data_row(cells) and not (_words([cells]) - _words(header))


def column_extents(grid: Grid) -> list[tuple[float, float]]:
    """Each column's extent on the page: from its filled unit cells (its narrowest header cell's,
    when no unit row fills it: a group label spans other columns too)."""
    width = _width(grid)
    filled: list[list[tuple[float, float]]] = [[] for _ in range(width)]
    fallback: list[list[tuple[float, float]]] = [[] for _ in range(width)]
    for row in grid.rows:
        for index, cell in enumerate(row.source_cells()):
            if cell.text and cell.bbox is not None:
                (filled if is_data_row(row.cells) else fallback)[index].append((cell.bbox[0], cell.bbox[2]))
    out: list[tuple[float, float]] = []
    for index in range(width):
        if filled[index]:
            found = filled[index]
            out.append((statistics.median(a for a, _ in found), statistics.median(b for _, b in found)))
        elif fallback[index]:
            out.append(min(fallback[index], key=lambda extent: extent[1] - extent[0]))
        else:
            left = out[-1][1] if out else 0.0
            out.append((left, left))
    return out


def _column_of(cell: Cell, extents: Sequence[tuple[float, float]]) -> int:
    """The column whose extent holds the cell's middle, else (or of several) the one whose
    middle is nearest."""
    middle = (cell.bbox[0] + cell.bbox[2]) / 2
    holding = [i for i, (a, b) in enumerate(extents) if a <= middle <= b] or range(len(extents))
    return min(holding, key=lambda i: abs(sum(extents[i]) / 2 - middle))


def _filled(grid: Grid, extents: Sequence[tuple[float, float]]) -> set[int]:
    return {
        _column_of(cell, extents)
        for row in grid.rows if is_data_row(row.cells)
        for cell in row.source_cells() if cell.text and cell.bbox is not None
    }


def fills_columns(first: Grid, grid: Grid, extents: Sequence[tuple[float, float]]) -> bool:
    """Whether the grid's unit rows fill the columns the table's first grid fills, all but one
    at most (a "Ghi chú" column empty on its page): not another, smaller table's figures."""
    return len(_filled(first, extents) - _filled(grid, extents)) <= 1


def fits_columns(grid: Grid, extents: Sequence[tuple[float, float]]) -> bool:
    """Whether the grid's unit rows, placed under the columns of `extents`, put one cell in each
    column: half of them at least (a stray piece may crowd a row, but a body read with more
    columns than a header merged over them crowds them all)."""
    crowded = 0
    units = [row for row in grid.rows if is_data_row(row.cells)]
    for row in units:
        placed = [_column_of(c, extents) for c in row.source_cells() if c.text and c.bbox is not None]
        crowded += len(placed) != len(set(placed))
    return crowded * 2 <= len(units)


def to_columns(row: TextRow, extents: Sequence[tuple[float, float]]) -> TextRow:
    """A row's cells placed under the table's columns: each under the column whose extent holds
    its middle, else the one whose middle is nearest. A block title (spanning the table) and a
    row placed nowhere on the page (a heading made a block title) keep their order."""
    located = [c for c in row.source_cells() if c.bbox is not None]
    if not located or is_title_row(row.cells):
        kept = (tuple(row.located) + (Cell(""),) * len(extents))[: len(extents)] if row.located else ()
        return TextRow(line=row.line, cells=(tuple(row.cells) + ("",) * len(extents))[: len(extents)], located=kept)
    top = min((c.bbox[1] for c in located), default=0.0)
    bottom = max((c.bbox[3] for c in located), default=0.0)
    page = located[0].page if located else None
    cells = [Cell("", page=page, bbox=(a, top, b, bottom)) for a, b in extents]
    for cell in located:
        if not cell.text:
            continue
        index = _column_of(cell, extents)
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
