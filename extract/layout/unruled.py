"""Unruled tables on a PDF page, found from word positions alone.

A unit's row begins on a data line: a row number, then four or more figures ("12,5" or
"12,5/14"). Data lines with nothing foreign between them make one table; a line whose text
stands under the figures' columns (the header of another table, or a heading above it) is
foreign and parts two tables. Any other line among a table's data lines is a title row (one
piece of text from the row-number column on: "II. UBND CÁC HUYỆN"), a row of figures without
a row number (a footer: "Giá trị trung bình"), or more of a unit's cells (a wrapped name).
The lines right above a table are its header, read by `pdf_words`.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from extract.domain.model import Cell
from extract.layout.words import (
    Grid,
    Line,
    Word,
    blocks_to_header,
    boundaries,
    column_of,
    column_spans,
    header_blocks,
    is_figure,
    is_heading,
    middle,
    split_segments,
    word_gap,
    words_to_lines,
)
from extract.roles.assemble import TextRow
from extract.domain.types import PageNo
from extract.layout.wrap import rejoin_lines

UNIT, FIGURES, TITLE, MORE = "unit", "figures", "title", "more"


@dataclass(frozen=True)
class Span:
    """One column as the data lines print it, holding mostly figures or mostly text."""

    x0: float
    x1: float
    figures: bool

    def under(self, word: Word) -> bool:
        return min(self.x1, word["x1"]) - max(self.x0, word["x0"]) > 0


def is_data_line(line: Line) -> bool:
    """A unit's first line: a row number, then three or more figures."""
    first = line.words[0]["text"]
    figures = sum(1 for w in line.words if is_figure(w["text"]))
    return first.isdigit() and len(first) <= 4 and figures >= 4


def spans_of(lines: Sequence[Line]) -> list[Span]:
    """The data lines' columns, each marked as one of figures or of text."""
    out = []
    for x0, x1 in column_spans(lines, word_gap(lines)):
        words = [w for line in lines for w in line.words if x0 <= middle(w) <= x1]
        figures = sum(1 for w in words if is_figure(w["text"]))
        out.append(Span(x0, x1, figures * 2 > len(words)))
    return out


def line_kind(line: Line, spans: Sequence[Span], gap: float) -> str | None:
    """UNIT, FIGURES, TITLE or MORE for a line that can stand among a table's data lines, else None."""
    if is_data_line(line):
        return UNIT
    numbers, figure_columns = spans[0], [s for s in spans[1:] if s.figures]
    texts = [w for w in line.words if not is_figure(w["text"])]
    figures = len(line.words) - len(texts)
    text_under_figures = any(s.under(w) for w in texts for s in figure_columns)
    if figures >= 3 and not text_under_figures:
        return FIGURES
    if (
        not figures and line.words[0]["x0"] <= numbers.x1 and line.x1 > numbers.x1 + gap
        and len(split_segments(line, gap)) == 1
    ):
        return TITLE
    if not text_under_figures and not any(numbers.under(w) for w in line.words):
        return MORE  # a wrapped name or class, or the last digits of a wrapped figure
    return None


def body_runs(kinds: Sequence[str | None]) -> list[tuple[int, int]]:
    """(first, last) data line of each table: data lines with no foreign line between them."""
    runs: list[tuple[int, int]] = []
    for index, kind in enumerate(kinds):
        if kind != UNIT:
            continue
        if runs and all(k is not None for k in kinds[runs[-1][1] + 1 : index]):
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def words_to_grids(words: Sequence[Word], page: PageNo) -> list[Grid]:
    """The unruled tables on a page, top to bottom; none when no line looks like a unit's row."""
    lines = words_to_lines(words)
    units = [line for line in lines if is_data_line(line)]
    if not units:
        return []
    gap = word_gap(units)
    spans = spans_of(units)
    kinds = [line_kind(line, spans, gap) for line in lines]
    grids = []
    floor = 0
    for first, last in body_runs(kinds):
        grid, floor = run_to_grid(lines, kinds, (first, last), floor, page)
        grids.append(grid)
    return grids


def run_to_grid(
    lines: Sequence[Line], kinds: Sequence[str | None], run: tuple[int, int], floor: int, page: PageNo
) -> tuple[Grid, int]:
    """One table: the lines of its run, those that carry on below it, and its header above
    (no higher than `floor`, where the table above ends); with the line after its last."""
    first, last = run
    body = [lines[i] for i in range(first, last + 1) if kinds[i] in (UNIT, MORE)]
    leading = 0.8 * statistics.median(l.bottom - l.top for l in body)
    gap = word_gap(body)
    ranges = boundaries(column_spans(body, gap))
    body_x0 = min(l.x0 for l in body)
    body_x1 = max(l.x1 for l in body)
    end = last + 1
    while end < len(lines) and lines[end].top - lines[end - 1].bottom < leading and (
        kinds[end] == FIGURES or kinds[end] == MORE and _continues(lines[end], ranges, body_x0, body_x1)
    ):
        end += 1
    start = first
    while start > floor and lines[start].top - lines[start - 1].bottom < leading and not is_heading(
        lines[start - 1], body_x1 - body_x0, gap
    ):
        start -= 1
    # Lines between the header and the first unit: title rows, and name text alone (the end
    # of a row that began on the previous page).
    unit = _text_column([lines[i] for i in range(first, end) if kinds[i] in (UNIT, MORE)], ranges)
    split = first
    while split > start and (
        kinds[split - 1] == TITLE or all(column_of(middle(w), ranges) == unit for w in lines[split - 1].words)
    ):
        split -= 1
    header_lines = lines[start:split]
    rows = blocks_to_header(header_blocks(header_lines, ranges, gap, leading), len(ranges), page) if header_lines else []
    unit_lines = [lines[i] for i in range(first, last + 1) if kinds[i] == UNIT]
    named = sum(any(column_of(middle(w), ranges) == unit for w in line.words) for line in unit_lines)
    top_aligned = named * 2 > len(unit_lines)
    rows += _prefix_rows(lines[split:first], kinds[split:first], ranges, page)
    rows += _body_rows(lines[first:end], kinds[first:end], ranges, page, top_aligned)
    covered = lines[start:end]
    bbox = (min(l.x0 for l in covered), covered[0].top, max(l.x1 for l in covered), covered[-1].bottom)
    return Grid(page=page, rows=tuple(rows), bbox=bbox, ruled=False), end


def _text_column(lines: Sequence[Line], ranges) -> int:
    """The column whose body words are mostly not numbers: the units' names."""
    counts = [0] * len(ranges)
    for line in lines:
        for word in line.words:
            if not is_figure(word["text"]):
                counts[column_of(middle(word), ranges)] += 1
    return max(range(len(counts)), key=counts.__getitem__)


def _continues(line: Line, ranges, x0: float, x1: float) -> bool:
    """A line that adds to a unit's cells: within the table, nothing in the row-number column."""
    return line.x0 >= x0 - 1 and line.x1 <= x1 + 1 and column_of(line.words[0]["x0"], ranges) > 0


def _prefix_rows(lines: Sequence[Line], kinds: Sequence[str | None], ranges, page: PageNo) -> list[TextRow]:
    """Title rows above the first unit, and the rest of a row broken by the page end."""
    rows = []
    fragment: list[Line] = []
    for line, kind in zip(lines, kinds):
        if kind == TITLE:
            if fragment:
                rows.append(_row(fragment, ranges, page))
                fragment = []
            rows.append(_title_row([line], len(ranges), page))
        else:
            fragment.append(line)
    if fragment:
        rows.append(_row(fragment, ranges, page))
    return rows


def _body_rows(
    lines: Sequence[Line], kinds: Sequence[str | None], ranges, page: PageNo, top_aligned: bool
) -> list[TextRow]:
    """Title rows as they come; between them, one row per unit or row of figures."""
    rows: list[TextRow] = []
    start = 0
    for index, kind in enumerate([*kinds, TITLE]):
        if kind != TITLE:
            continue
        marks = [i - start for i in range(start, index) if kinds[i] in (UNIT, FIGURES)]
        if marks:
            rows += _rows(lines[start:index], marks, ranges, page, top_aligned)
        if index < len(lines):
            rows.append(_title_row([lines[index]], len(ranges), page))
        start = index + 1
    return rows


def _rows(lines: Sequence[Line], marks: Sequence[int], ranges, page: PageNo, top_aligned: bool) -> list[TextRow]:
    """One row per mark (a data line or a row of figures): each other line joins the mark above
    it when cells are top-aligned (the name starts on the figures' line), else the nearest."""
    groups: dict[int, list[Line]] = {m: [] for m in marks}
    for index, line in enumerate(lines):
        if index in groups:
            groups[index].append(line)
            continue
        before = max((m for m in marks if m < index), default=None)
        after = min((m for m in marks if m > index), default=None)
        if before is None:
            owner = after
        elif after is None or top_aligned:
            owner = before
        else:
            up = line.top - lines[before].bottom
            down = lines[after].top - line.bottom
            owner = after if down < up - 0.5 else before
        groups[owner].append(line)
    return [_row(sorted(groups[mark], key=lambda l: l.top), ranges, page) for mark in marks]


def _title_row(lines: Sequence[Line], width: int, page: PageNo) -> TextRow:
    """A block's title, in the first cell as the text reader has it."""
    box = (min(l.x0 for l in lines), lines[0].top, max(l.x1 for l in lines), lines[-1].bottom)
    title = Cell(rejoin_lines(l.text for l in lines), page=page, bbox=box)
    cells = (title,) + (Cell("", page=page, bbox=box),) * (width - 1)
    return TextRow(line=None, cells=tuple(c.text for c in cells), located=cells)


def _row(lines: Sequence[Line], ranges, page: PageNo) -> TextRow:
    per_column: list[list[Word]] = [[] for _ in ranges]
    for line in lines:
        for word in line.words:
            per_column[column_of(middle(word), ranges)].append(word)
    top = min(l.top for l in lines)
    bottom = max(l.bottom for l in lines)
    cells = []
    for (left, right), words in zip(ranges, per_column):
        if not words:
            x0 = left if left != float("-inf") else min(l.x0 for l in lines)
            x1 = right if right != float("inf") else max(l.x1 for l in lines)
            cells.append(Cell("", page=page, bbox=(x0, top, x1, bottom)))
            continue
        text = rejoin_lines(line.text for line in words_to_lines(words))
        box = (min(w["x0"] for w in words), min(w["top"] for w in words),
               max(w["x1"] for w in words), max(w["bottom"] for w in words))
        cells.append(Cell(text, page=page, bbox=box))
    return TextRow(line=None, cells=tuple(c.text for c in cells), located=tuple(cells))
