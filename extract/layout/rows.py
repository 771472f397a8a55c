"""An unruled table's body lines → its rows, wrapped cells kept whole.

A row is marked by its data line (a row number and figures). A cell wrapped over several
lines is a stack of pieces in one column, each piece touching the next (less than half a
line apart); the stack belongs to the row whose data line it spans, however the cell is
aligned (top, centred, bottom). A stack that spans no data line (a name that goes on under
its row in a table whose rows stand apart) joins the row above when the table's names start
on their data line, else the nearest; a stack that spans two data lines (rows printed with
no space between them) is no cell: its pieces are placed one by one that same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.layout.words import Line, column_of, middle

Piece = tuple[int, int]  # (line index, column)


def line_columns(line: Line, ranges) -> set[int]:
    return {column_of(middle(w), ranges) for w in line.words}


def touching(upper: Line, lower: Line) -> bool:
    return lower.top - upper.bottom < 0.5 * (upper.bottom - upper.top)


def cell_stacks(lines: Sequence[Line], ranges) -> list[list[Piece]]:
    """Each column's pieces stacked into cells: a piece touching the piece above it in its
    column continues that cell (a data line may stand between them, in other columns)."""
    open_stack: dict[int, list[Piece]] = {}
    stacks: list[list[Piece]] = []
    for index, line in enumerate(lines):
        for column in sorted(line_columns(line, ranges)):
            stack = open_stack.get(column)
            if stack is not None and touching(lines[stack[-1][0]], line):
                stack.append((index, column))
            else:
                stack = [(index, column)]
                stacks.append(stack)
                open_stack[column] = stack
    return stacks


def centre(line: Line) -> float:
    return (line.top + line.bottom) / 2


def stack_owners(lines: Sequence[Line], marks: Sequence[int], ranges) -> dict[Piece, int]:
    """The pieces of every stack that spans exactly one data line, and that line's index."""
    owners: dict[Piece, int] = {}
    for stack in cell_stacks(lines, ranges):
        top, bottom = lines[stack[0][0]].top, lines[stack[-1][0]].bottom
        spanned = [m for m in marks if top <= centre(lines[m]) <= bottom]
        if len(spanned) == 1:
            owners.update((piece, spanned[0]) for piece in stack)
    return owners


def line_owners(lines: Sequence[Line], marks: Sequence[int], ranges, top_aligned: bool) -> dict[Piece, int]:
    """The mark (a data line's index) each piece of each line belongs to."""
    owners = stack_owners(lines, marks, ranges)
    for index, line in enumerate(lines):
        for column in line_columns(line, ranges):
            if (index, column) not in owners:
                owners[(index, column)] = piece_owner(lines, marks, index, top_aligned)
    return owners


def piece_owner(lines: Sequence[Line], marks: Sequence[int], index: int, top_aligned: bool) -> int:
    """A lone piece's row: its own data line; else the row above (top-aligned names) or the nearest."""
    if index in marks:
        return index
    before = max((m for m in marks if m < index), default=None)
    after = min((m for m in marks if m > index), default=None)
    if before is None:
        return after  # type: ignore[return-value]
    if after is None or top_aligned:
        return before
    up = lines[index].top - lines[before].bottom
    down = lines[after].top - lines[index].bottom
    return after if down < up - 0.5 else before


def first_row_top(lines: Sequence[Line], first: int, begin: int, marks: Sequence[int], ranges) -> int:
    """Where the first unit's row begins: the first of the lines from `begin` down to its data
    line `first` whose cells stack onto that row (a cell centred on the row, wrapped above it)."""
    owners = stack_owners(lines[begin:], [m - begin for m in marks if m >= begin], ranges)
    above = [begin + index for (index, _), mark in owners.items() if begin + index < first and begin + mark == first]
    return min(above, default=first)
