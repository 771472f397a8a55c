"""An unruled table's body lines → its rows, wrapped cells kept whole.

A row is marked by its data line (a row number and figures). A cell wrapped over several
lines is a stack of pieces in one column, each piece touching the next (less than half a
line apart); the stack belongs to the row whose data line it spans, however the cell is
aligned (top, centred, bottom). A stack that spans no data line (a name that goes on under
its row in a table whose rows stand apart) joins the row above when the table's names start
on their data line, else the nearest. A stack that spans several data lines (rows printed with no space
between them) holds one cell of each: it is cut where every part lines up with its data
line as the table's cells line up (top, centred or bottom, as its cells of one row show),
each part anchored on its own row.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence

from cchc_audit.extract.layout.turned import is_turned
from cchc_audit.extract.layout.words import Line, column_of, middle

Piece = tuple[int, int]  # (line index, column)


def line_columns(line: Line, ranges) -> set[int]:
    return {column_of(middle(w), ranges) for w in line.words}


def touching(upper: Line, lower: Line, height: float = 0.0) -> bool:
    """Whether `lower` is the next line of the cell `upper` is a line of: less than half a line
    apart, or their tops or their bottoms at most a line and a half apart, a line being at least
    `height` tall (the body's usual line) and as tall as the shorter of the two. A box as tall as
    its text's font stands half a line from the next line of its cell; a box of the ink alone
    (OCR) leaves out what the letters do not reach — "UBND xã Trì" has no descender, "Quang" a
    capital as tall as its "U" — and stands further from it, its top (or its bottom) still a
    line below. A box OCR drew round two lines (a name's line and the figures centred beside
    it) is no measure of one line."""
    if lower.top - upper.bottom < 0.5 * (upper.bottom - upper.top):
        return True
    line = max(height, min(upper.bottom - upper.top, lower.bottom - lower.top))
    return min(lower.top - upper.top, lower.bottom - upper.bottom) <= 1.5 * line


def cell_stacks(lines: Sequence[Line], ranges) -> list[list[Piece]]:
    """Each column's pieces stacked into cells: a piece touching the piece above it in its
    column continues that cell (a data line may stand between them, in other columns)."""
    open_stack: dict[int, list[Piece]] = {}
    stacks: list[list[Piece]] = []
    height = body_line(lines)
    for index, line in enumerate(lines):
        for column in sorted(line_columns(line, ranges)):
            stack = open_stack.get(column)
            if stack is not None and touching(lines[stack[-1][0]], line, height):
                stack.append((index, column))
            else:
                stack = [(index, column)]
                stacks.append(stack)
                open_stack[column] = stack
    return stacks


def centre(line: Line) -> float:
    return (line.top + line.bottom) / 2


ALIGNMENTS = ("top", "centre", "bottom")


def spanned_marks(lines: Sequence[Line], stack: Sequence[Piece], marks: Sequence[int]) -> list[int]:
    top, bottom = lines[stack[0][0]].top, lines[stack[-1][0]].bottom
    return [m for m in marks if top <= centre(lines[m]) <= bottom]


def misfit(lines: Sequence[Line], group: Sequence[Piece], mark: int, alignment: str) -> float:
    """How far a cell's lines stand from lining up with its row's data line, aligned so."""
    first, last = lines[group[0][0]], lines[group[-1][0]]
    anchor = {"top": centre(first), "bottom": centre(last), "centre": (first.top + last.bottom) / 2}[alignment]
    return abs(anchor - centre(lines[mark]))


def fitting_alignments(lines: Sequence[Line], stack: Sequence[Piece], mark: int) -> set[str]:
    """The alignments a cell of two lines or more, alone on its row, shows."""
    if len({index for index, _ in stack}) < 2:
        return set()
    tolerance = 0.25 * (lines[mark].bottom - lines[mark].top)
    return {a for a in ALIGNMENTS if misfit(lines, stack, mark, a) <= tolerance}


def split_stack(lines: Sequence[Line], stack: Sequence[Piece], spanned: Sequence[int], alignment: str
                ) -> tuple[float, dict[Piece, int]]:
    """A stack over several data lines cut into one cell per line (a cell may be empty), the cut
    that lines every cell up best with its data line; with how far off it stands in all. Pieces
    on top that line up with none (the end of a row above, broken by the page) may stay out,
    at the price of an empty cell."""
    empty = statistics.median(lines[m].bottom - lines[m].top for m in spanned)
    # best[j][i]: the least misfit of the first i pieces placed in the cells of the first j lines
    best = [[0.0] + [empty] * len(stack)]
    cut: list[list[int]] = [[0] * (len(stack) + 1)]
    for mark in spanned:
        row, row_cut = [], []
        for end in range(len(stack) + 1):
            options = [(best[-1][end] + empty, end)] + [
                (best[-1][start] + misfit(lines, stack[start:end], mark, alignment), start) for start in range(end)]
            cost, start = min(options)
            row.append(cost)
            row_cut.append(start)
        best.append(row)
        cut.append(row_cut)
    owners: dict[Piece, int] = {}
    end = len(stack)
    for j in range(len(spanned), 0, -1):
        start = cut[j][end]
        owners.update((piece, spanned[j - 1]) for piece in stack[start:end])
        end = start
    return best[-1][-1], owners


def stack_owners(lines: Sequence[Line], marks: Sequence[int], ranges, top_aligned: bool = True) -> dict[Piece, int]:
    """The pieces of every stack that spans one data line or more, and the index of the data line
    each belongs to. A stack over several is cut as the table's cells of one row line up (those of
    its own column first), else where its parts line up best (as its names do when that is a tie)."""
    stacks = [(stack, spanned_marks(lines, stack, marks)) for stack in cell_stacks(lines, ranges)]
    shown: dict[int | None, Counter[str]] = {}
    for stack, spanned in stacks:
        if len(spanned) == 1:
            for alignment in fitting_alignments(lines, stack, spanned[0]):
                for key in (stack[0][1], None):
                    shown.setdefault(key, Counter())[alignment] += 1
    owners: dict[Piece, int] = {}
    for stack, spanned in stacks:
        if len(spanned) == 1:
            owners.update((piece, spanned[0]) for piece in stack)
        elif len(spanned) > 1:
            owners.update(_cut_stack(lines, stack, spanned, shown, top_aligned))
    return owners


def misaligned_tops(lines: Sequence[Line], marks: Sequence[int], ranges, first: int) -> set[Piece]:
    """Pieces on top of a wrapped cell of the row whose data line is `first`, above that line,
    without which the cell lines up with its data line (and the rows below with theirs) and with
    which it lines up in no way a cell does (a header label's last line touching the first row's
    cell below it: "Phân / loại" over "Xuất / sắc" centred on its row)."""
    out: set[Piece] = set()
    for stack in cell_stacks(lines, ranges):
        spanned = spanned_marks(lines, stack, marks)
        if not spanned or spanned[0] != first or stack[0][0] >= first or lines_up(lines, stack, spanned):
            continue
        for k in range(1, len(stack)):
            rest = stack[k:]
            if stack[k - 1][0] >= first or spanned_marks(lines, rest, marks) != spanned:
                break
            if lines_up(lines, rest, spanned):
                out.update(stack[:k])
                break
    return out


def lines_up(lines: Sequence[Line], stack: Sequence[Piece], spanned: Sequence[int]) -> bool:
    """Whether a stack cut one cell per data line it spans lines every cell up with its data line
    (top, centred or bottom), within a quarter of a line's height each."""
    if len({index for index, _ in stack}) == 1:
        return stack[0][0] in spanned
    for alignment in ALIGNMENTS:
        owners = split_stack(lines, stack, spanned, alignment)[1]
        cells = [[piece for piece in stack if owners.get(piece) == mark] for mark in spanned]
        if all(cells) and sum(map(len, cells)) == len(stack) and all(
                misfit(lines, cell, mark, alignment) <= 0.25 * (lines[mark].bottom - lines[mark].top)
                for cell, mark in zip(cells, spanned)):
            return True
    return False


def _cut_stack(lines: Sequence[Line], stack: Sequence[Piece], spanned: Sequence[int],
               shown: dict[int | None, Counter[str]], top_aligned: bool) -> dict[Piece, int]:
    for key in (stack[0][1], None):
        counts = shown.get(key)
        if counts:
            ranked = counts.most_common()
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                return split_stack(lines, stack, spanned, ranked[0][0])[1]
    order = ("top", "centre", "bottom") if top_aligned else ("centre", "top", "bottom")
    return min((split_stack(lines, stack, spanned, a) for a in order), key=lambda cost_owners: cost_owners[0])[1]


def line_owners(lines: Sequence[Line], marks: Sequence[int], ranges, top_aligned: bool) -> dict[Piece, int]:
    """The mark (a data line's index) each piece of each line belongs to."""
    owners = stack_owners(lines, marks, ranges, top_aligned)
    height = body_line(lines)
    for index, line in enumerate(lines):
        for column in line_columns(line, ranges):
            if (index, column) not in owners:
                owners[(index, column)] = piece_owner(lines, marks, index, top_aligned, height)
    return owners


def body_line(lines: Sequence[Line]) -> float:
    """The height of the body's usual line."""
    return statistics.median(line.bottom - line.top for line in lines) if lines else 0.0


def piece_owner(lines: Sequence[Line], marks: Sequence[int], index: int, top_aligned: bool,
                height: float = 0.0) -> int:
    """A lone piece's row: its own data line; the next row's, when it stands right above that
    data line (the first line of a cell centred on it) and apart from the data line above; else
    the row above (top-aligned names) or the nearest."""
    if index in marks:
        return index
    before = max((m for m in marks if m < index), default=None)
    after = min((m for m in marks if m > index), default=None)
    if before is None:
        return after  # type: ignore[return-value]
    if after is not None and touching(lines[index], lines[after], height) and not touching(
        lines[before], lines[index], height
    ):
        return after
    if after is None or top_aligned:
        return before
    up = lines[index].top - lines[before].bottom
    down = lines[after].top - lines[index].bottom
    return after if down < up - 0.5 else before


def first_row_top(lines: Sequence[Line], first: int, begin: int, marks: Sequence[int], ranges) -> int:
    """Where the first unit's row begins: the first of the lines from `begin` down to its data
    line `first` whose cells stack onto that row (a cell centred on the row, wrapped above it).
    A word printed turned is a header label's, never a body cell's: its line stays above."""
    while begin < first and any(is_turned(w) for w in lines[begin].words):
        begin += 1
    local = [m - begin for m in marks if m >= begin]
    owners = stack_owners(lines[begin:], local, ranges)
    header = misaligned_tops(lines[begin:], local, ranges, first - begin)
    above = [begin + index for piece, mark in owners.items()
             if begin + (index := piece[0]) < first and begin + mark == first and piece not in header]
    return min(above, default=first)
