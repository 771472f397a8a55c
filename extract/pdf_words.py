"""Words on a PDF page → text lines, and an unruled table's grid from word positions alone.

pdfplumber's "text" table strategy guesses column edges from word alignment and splits a
wrapped header or a left-aligned name into several columns. Here the columns come from
the figures: the x-extents of the words in the data rows (a row number, then three or more
numbers) are merged into one span per column, the header's text blocks are placed over
those spans (a block over two spans is a group label), and each data row gathers the
lines nearest to it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from extract.model import Cell
from extract.numbers import parse_number
from extract.text import fold, normalise_text
from extract.text_tables import TextRow
from extract.types import BBox, PageNo
from extract.wrap import rejoin_lines

Word = dict  # a pdfplumber word: text, x0, x1, top, bottom

LINE_TOLERANCE = 2.5  # points: words whose tops differ less sit on one line
SPAN_GAP = 1.0  # points: word extents closer than this belong to one column


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def text(self) -> str:
        return normalise_text(" ".join(w["text"] for w in self.words))

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Grid:
    """A table as read on one page: its rows and the area it covers."""

    page: PageNo
    rows: tuple[TextRow, ...]
    bbox: BBox
    ruled: bool


def words_to_lines(words: Sequence[Word]) -> list[Line]:
    """Words grouped into lines by their tops, each line read left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and word["top"] - lines[-1][0]["top"] <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [Line(tuple(sorted(line, key=lambda w: w["x0"]))) for line in lines]


def split_segments(line: Line, gap: float) -> list[Line]:
    """A line cut where words stand further apart than `gap` (columns of a masthead, cells)."""
    segments: list[list[Word]] = [[line.words[0]]]
    for word in line.words[1:]:
        if word["x0"] - segments[-1][-1]["x1"] > gap:
            segments.append([word])
        else:
            segments[-1].append(word)
    return [Line(tuple(s)) for s in segments]


def word_gap(lines: Sequence[Line]) -> float:
    """The horizontal gap that separates cells rather than words, from the text's height."""
    heights = [w["bottom"] - w["top"] for line in lines for w in line.words]
    return 0.6 * statistics.median(heights) if heights else 5.0


def is_data_line(line: Line) -> bool:
    """A unit's first line: a row number, then at least three numbers."""
    first = line.words[0]["text"]
    numbers = sum(1 for w in line.words if parse_number(w["text"]) is not None)
    return first.isdigit() and len(first) <= 4 and numbers >= 4


def column_spans(lines: Sequence[Line]) -> list[tuple[float, float]]:
    """The x-extents of the body's words merged into one span per column."""
    extents = sorted((w["x0"], w["x1"]) for line in lines for w in line.words)
    spans: list[list[float]] = []
    for x0, x1 in extents:
        if spans and x0 <= spans[-1][1] + SPAN_GAP:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return [(a, b) for a, b in spans]


def boundaries(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Each column's range: from the middle of the gap on its left to the middle on its right."""
    cuts = [(left[1] + right[0]) / 2 for left, right in zip(spans, spans[1:])]
    edges = [float("-inf"), *cuts, float("inf")]
    return list(zip(edges, edges[1:]))


def _column_of(x: float, ranges: Sequence[tuple[float, float]]) -> int:
    return next(i for i, (a, b) in enumerate(ranges) if a <= x < b)


def _span_of(segment: Line, ranges: Sequence[tuple[float, float]]) -> tuple[int, ...]:
    return tuple(i for i, (a, b) in enumerate(ranges) if min(b, segment.x1) - max(a, segment.x0) > 1.0)


@dataclass
class _Block:
    """Header text stacked in one cell (a working value while the header is read)."""

    span: tuple[int, ...]
    lines: list[Line]

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom

    @property
    def bbox(self) -> BBox:
        return (min(l.x0 for l in self.lines), self.top, max(l.x1 for l in self.lines), self.bottom)

    @property
    def text(self) -> str:
        return rejoin_lines(line.text for line in self.lines)


def header_blocks(lines: Sequence[Line], ranges, gap: float, leading: float) -> list[_Block]:
    """Header segments stacked into blocks: one block per cell of the header."""
    blocks: list[_Block] = []
    for line in lines:
        for segment in split_segments(line, gap):
            span = _span_of(segment, ranges)
            if not span:
                continue
            above = [
                b for b in blocks
                if b.span == span and segment.top - b.bottom < leading
                and min(b.bbox[2], segment.x1) > max(b.bbox[0], segment.x0)
            ]
            if above:
                above[-1].lines.append(segment)
            else:
                blocks.append(_Block(span, [segment]))
    return blocks


def blocks_to_header(blocks: Sequence[_Block], width: int, page: PageNo) -> list[TextRow]:
    """One or two header rows: group labels and whole-height labels on top, sub-labels below."""
    groups = [b for b in blocks if len(b.span) > 1]
    top: list[Cell | None] = [None] * width
    sub: list[Cell | None] = [None] * width
    for block in sorted(blocks, key=lambda b: b.top):
        cell = Cell(block.text, page=page, bbox=block.bbox)
        first = block.span[0]
        under_group = any(first in g.span and g.bottom <= block.top + 1 for g in groups if g is not block)
        target = sub if under_group else top
        if target[first] is None:
            target[first] = cell
        else:
            target[first] = Cell(f"{target[first].text} {cell.text}", page=page, bbox=target[first].bbox)
        for covered in block.span[1:]:
            target[covered] = target[covered] or Cell("", page=page, bbox=block.bbox)
    rows = [top] + ([sub] if any(c and c.text for c in sub) else [])
    out = []
    for cells in rows:
        filled = [c if c is not None else _cover(top, i, page) for i, c in enumerate(cells)]
        out.append(TextRow(line=None, cells=tuple(c.text for c in filled), located=tuple(filled)))
    return out


def _cover(top: Sequence[Cell | None], index: int, page: PageNo) -> Cell:
    """An empty header cell, placed where the label above it stands."""
    above = top[index]
    return Cell("", page=page, bbox=above.bbox if above else None)


def _is_heading(line: Line, table_width: float, gap: float) -> bool:
    """A sentence above the table (its title, "Kèm theo …"), not a line of header cells."""
    key = fold(line.text)
    sentence = len(split_segments(line, gap)) == 1 and (line.x1 - line.x0) > 0.6 * table_width
    return key.startswith(("(kem theo", "kem theo")) or sentence


def words_to_grid(words: Sequence[Word], page: PageNo) -> Grid | None:
    """The unruled table on a page, or None when no line looks like a unit's row."""
    lines = words_to_lines(words)
    anchors = [i for i, line in enumerate(lines) if is_data_line(line)]
    if len(anchors) < 1:
        return None
    first, last = anchors[0], anchors[-1]
    leading = 0.8 * statistics.median(l.bottom - l.top for l in lines[first : last + 1])
    gap = word_gap(lines[first : last + 1])
    ranges = boundaries(column_spans(lines[first : last + 1]))
    body_x0 = min(l.x0 for l in lines[first : last + 1])
    body_x1 = max(l.x1 for l in lines[first : last + 1])
    end = last + 1
    while end < len(lines) and lines[end].top - lines[end - 1].bottom < leading and _continues(
        lines[end], ranges, body_x0, body_x1
    ):
        end += 1
    start = first
    while start > 0 and lines[start].top - lines[start - 1].bottom < leading and not _is_heading(
        lines[start - 1], body_x1 - body_x0, gap
    ):
        start -= 1
    # Lines between the header and the first unit holding only name text: the end of a row
    # that began on the previous page.
    unit = _text_column(lines[first:end], ranges)
    split = first
    while split > start and all(_column_of(_middle(w), ranges) == unit for w in lines[split - 1].words):
        split -= 1
    header_lines = lines[start:split]
    rows = blocks_to_header(header_blocks(header_lines, ranges, gap, leading), len(ranges), page) if header_lines else []
    if split < first:
        rows.append(_row(lines[split:first], ranges, page))
    top_aligned = sum(any(_column_of(_middle(w), ranges) == unit for w in lines[a].words) for a in anchors) * 2 > len(anchors)
    rows += _rows(lines[first:end], anchors, first, ranges, page, top_aligned)
    covered = lines[start:end]
    bbox = (min(l.x0 for l in covered), covered[0].top, max(l.x1 for l in covered), covered[-1].bottom)
    return Grid(page=page, rows=tuple(rows), bbox=bbox, ruled=False)


def _middle(word: Word) -> float:
    return (word["x0"] + word["x1"]) / 2


def _text_column(lines: Sequence[Line], ranges) -> int:
    """The column whose body words are mostly not numbers: the units' names."""
    counts = [0] * len(ranges)
    for line in lines:
        for word in line.words:
            if parse_number(word["text"]) is None:
                counts[_column_of(_middle(word), ranges)] += 1
    return max(range(len(counts)), key=counts.__getitem__)


def _continues(line: Line, ranges, x0: float, x1: float) -> bool:
    """A line that adds to a unit's cells: within the table, nothing in the row-number column."""
    return line.x0 >= x0 - 1 and line.x1 <= x1 + 1 and _column_of(line.words[0]["x0"], ranges) > 0


def _rows(
    lines: Sequence[Line], anchors: Sequence[int], offset: int, ranges, page: PageNo, top_aligned: bool
) -> list[TextRow]:
    """One row per unit: each line joins the data line above it when cells are top-aligned
    (the name starts on the figures' line), else the data line nearest to it."""
    marks = [a - offset for a in anchors]
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
    rows = []
    for mark in marks:
        group = sorted(groups[mark], key=lambda l: l.top)
        rows.append(_row(group, ranges, page))
    return rows


def _row(lines: Sequence[Line], ranges, page: PageNo) -> TextRow:
    per_column: list[list[Word]] = [[] for _ in ranges]
    for line in lines:
        for word in line.words:
            per_column[_column_of(_middle(word), ranges)].append(word)
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
