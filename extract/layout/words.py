"""Words on a PDF page → text lines, and an unruled table's columns and header.

pdfplumber's "text" table strategy guesses column edges from word alignment and splits a
wrapped header or a left-aligned name into several columns. Here the columns come from
the figures: the x-extents of the cells in the data rows (a row number, then three or more
figures) are merged into one span per column, and the header's text blocks are placed over
those spans (a block over two spans is a group label). `unruled` finds the tables and
their rows.
"""

from __future__ import annotations

import statistics
from functools import cached_property, lru_cache
from collections.abc import Sequence
from dataclasses import dataclass

from extract.domain.model import Cell
from extract.domain.numbers import parse_score
from extract.domain.text import fold, normalise_text
from extract.roles.assemble import TextRow
from extract.domain.types import BBox, PageNo
from extract.layout.wrap import rejoin_lines

Word = dict  # a pdfplumber word: text, x0, x1, top, bottom

LINE_TOLERANCE = 2.5  # points: words whose tops differ less sit on one line
SPAN_GAP = 1.0  # points: word extents closer than this belong to one column


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @cached_property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @cached_property
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @cached_property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @cached_property
    def text(self) -> str:
        return normalise_text(" ".join(w["text"] for w in self.words))

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Grid:
    """A table as read on one page: its rows, the area it covers, and the line of text right
    above it on the page, if any (a heading, or the end of the text before the table)."""

    page: PageNo
    rows: tuple[TextRow, ...]
    bbox: BBox
    ruled: bool
    above: str | None = None

    @property
    def method(self) -> str:
        """How the grid was read: "lines" (from rulings) or "words" (from word alignment)."""
        return "lines" if self.ruled else "words"


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


@lru_cache(maxsize=4096)
def is_figure(text: str) -> bool:
    """A score as printed, with or without its own maximum ("12,5/14")."""
    return parse_score(text) is not None


def middle(word: Word) -> float:
    return (word["x0"] + word["x1"]) / 2


def word_gap(lines: Sequence[Line]) -> float:
    """The horizontal gap that separates cells rather than words, from the text's height."""
    heights = [w["bottom"] - w["top"] for line in lines for w in line.words]
    return 0.6 * statistics.median(heights) if heights else 5.0


def column_spans(lines: Sequence[Line], gap: float) -> list[tuple[float, float]]:
    """The x-extents of the body's cells merged into one span per column.

    A line's words closer than `gap` are one cell's text: names that all begin with the
    same word ("Sở …") would otherwise part that word from the rest."""
    extents = sorted((s.x0, s.x1) for line in lines for s in split_segments(line, gap))
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


def column_of(x: float, ranges: Sequence[tuple[float, float]]) -> int:
    return next(i for i, (a, b) in enumerate(ranges) if a <= x < b)


def _span_of(segment: Line, ranges: Sequence[tuple[float, float]]) -> tuple[int, ...]:
    """The columns a header segment stands over. A label wider than its column's figures may
    reach a little into the next column's range; a group label covers a fair part of each."""
    least = max(1.0, 0.25 * (segment.x1 - segment.x0))
    return tuple(i for i, (a, b) in enumerate(ranges) if min(b, segment.x1) - max(a, segment.x0) > least)


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


def is_heading(line: Line, table_width: float, gap: float) -> bool:
    """A sentence above the table (its title, "Kèm theo …"), not a line of header cells."""
    key = fold(line.text)
    sentence = len(split_segments(line, gap)) == 1 and (line.x1 - line.x0) > 0.6 * table_width
    return key.startswith(("(kem theo", "kem theo")) or sentence
