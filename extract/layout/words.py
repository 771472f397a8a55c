"""Words on a PDF page → text lines, and an unruled table's columns and header.

pdfplumber's "text" table strategy guesses column edges from word alignment and splits a
wrapped header or a left-aligned name into several columns. Here the columns come from
the figures: the x-extents of the cells in the data rows (a row number, then three or more
figures) are merged into one span per column, and the header's text blocks are placed over
those spans (a block over two spans is a group label). `unruled` finds the tables and
their rows.
"""

from __future__ import annotations

import re
import statistics
from functools import cached_property, lru_cache
from itertools import accumulate
from collections.abc import Sequence
from dataclasses import dataclass

from cchc_audit.extract.domain.model import Cell
from cchc_audit.extract.domain.numbers import parse_score
from cchc_audit.extract.domain.text import fold, normalise_text
from cchc_audit.extract.roles.assemble import TextRow
from cchc_audit.extract.domain.types import BBox, PageNo
from cchc_audit.extract.layout.wrap import rejoin_lines

Word = dict  # a pdfplumber word: text, x0, x1, top, bottom

LINE_TOLERANCE = 2.5  # points: words whose tops differ less sit on one line
SPAN_GAP = 1.0  # points: word extents closer than this belong to one column
_COLUMN_NUMBER = re.compile(r"^\(\s*\d{1,2}\s*\)(\s*=.*)?$")
_LEADING_NUMBER = re.compile(r"^\(\s*(\d{1,2})")
_WHOLE_NUMBER = re.compile(r"^\(\s*\d{1,3}(?:[.,]\d+)?\s*\)$")  # "(13)", "(21,5)": whole, no formula
_NUMBER_PIECE = re.compile(r"^[()\d=+\s]+$")  # a piece of a wrapped column number: "(11", ")", "+(4)"
_ROW_NUMBER = re.compile(r"^\d{1,4}\.?$")  # "1", "01", "1."


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
    below: str | None = None  # on a page's last grid: the text line right below it, if any

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
    """A line cut where words stand further apart than `gap` (columns of a masthead, cells), and
    on either side of a turned label (`turned.merge_label`): a cell of its own, however close."""
    segments: list[list[Word]] = [[line.words[0]]]
    for word in line.words[1:]:
        if word["x0"] - segments[-1][-1]["x1"] > gap or word.get("turned") or segments[-1][-1].get("turned"):
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


def cell_segments(line: Line, gap: float) -> list[Line]:
    """A body line cut into its cells: where words stand further apart than `gap`, and after
    the row number that begins a line of figures (a narrow number column sets "10." as close
    to the name as two words of the name stand); on such a line, also after a figure that
    begins a cell and stands apart from the text after it (`figure_cells`)."""
    first, rest = line.words[0], line.words[1:]
    numbered = _ROW_NUMBER.match(first["text"]) is not None and sum(is_figure(w["text"]) for w in rest) >= 2
    if not numbered or not rest or is_figure(rest[0]["text"]):
        return [piece for segment in split_segments(line, gap) for piece in figure_cells(segment, numbered)]
    return [Line((first,)),
            *(piece for segment in split_segments(Line(rest), gap) for piece in figure_cells(segment, numbered))]


FIGURE_SPACE = 0.4  # of a word's height: two figures further apart than this are two cells


def figure_cells(segment: Line, data_line: bool = False) -> list[Line]:
    """A segment cut between two figures standing further apart than a space ("95,18  1", an
    index and a rank in columns set close together): a cell holds one figure. On a unit's data
    line, a figure alone so far is cut from text standing as far after it ("11  Trung bình", a
    rank aligned right and a class centred in the next cell)."""
    pieces: list[list[Word]] = [[segment.words[0]]]
    for word in segment.words[1:]:
        before = pieces[-1][-1]
        apart = word["x0"] - before["x1"] > FIGURE_SPACE * (word["bottom"] - word["top"])
        lone = data_line and len(pieces[-1]) == 1
        if apart and is_figure(before["text"]) and (is_figure(word["text"]) or lone):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [Line(tuple(p)) for p in pieces]


def column_spans(lines: Sequence[Line], gap: float) -> list[tuple[float, float]]:
    """The x-extents of the body's cells merged into one span per column.

    A line's words closer than `gap` are one cell's text: names that all begin with the
    same word ("Sở …") would otherwise part that word from the rest. A cell that reaches over
    the gap between two figures most other lines print apart (two figures OCR read as one
    word, a note merged over two columns) does not join their columns."""
    cells = [cell_segments(line, gap) for line in lines]
    extents = sorted((s.x0, s.x1) for index, segments in enumerate(cells) for s in segments
                     if not _bridges(s, [c for other, c in enumerate(cells) if other != index]))
    spans: list[list[float]] = []
    for x0, x1 in extents:
        if spans and x0 <= spans[-1][1] + SPAN_GAP:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return [(a, b) for a, b in spans]


def _bridges(cell: Line, others: Sequence[Sequence[Line]]) -> bool:
    """A cell over the gap between two figure cells of other lines: of the lines with a cell
    under it, two or more and over half print two figures apart there. A cell that begins with
    a figure ("11 Trung bình", a rank run into a class wider than "Tốt") bridges a figure and
    any cell printed apart (a name reaching over where figures begin widens its column)."""
    def under(segment: Line) -> bool:
        return segment.x0 < cell.x1 and cell.x0 < segment.x1

    def figures(segment: Line) -> bool:
        return all(is_figure(w["text"]) for w in segment.words)

    below = [[s for s in segments if under(s)] for segments in others]
    below = [found for found in below if found]
    wanted = 1 if is_figure(cell.words[0]["text"]) else 2
    apart = sum(1 for found in below if len(found) >= 2 and sum(map(figures, found)) >= wanted)
    return apart >= 2 and apart * 2 > len(below)


def boundaries(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Each column's range: from the middle of the gap on its left to the middle on its right."""
    return _cut_at([(left[1] + right[0]) / 2 for left, right in zip(spans, spans[1:])])


def _cut_at(cuts: Sequence[float]) -> list[tuple[float, float]]:
    edges = [float("-inf"), *cuts, float("inf")]
    return list(zip(edges, edges[1:]))


ALIGNED_EDGE = 0.5  # points: cell edges closer than this are one alignment edge


def column_ranges(lines: Sequence[Line], gap: float) -> list[tuple[float, float]]:
    """Each column's range (`boundaries`), with the cut between two columns aligned alike moved
    to the side their cells leave free: after the left one's right edge when both are aligned
    right (a spreadsheet's figures: each cell's free room is on its left, where its centred
    label stands), before the right one's left edge when both are aligned left. A column of
    figures all as wide (its alignment not told) is aligned as the page's other figures. Words
    OCR read (with a confidence) do not tell it: their boxes follow the ink to the pixel."""
    spans = column_spans(lines, gap)
    if any("confidence" in w for line in lines for w in line.words):
        return boundaries(spans)
    cells = [s for line in lines for s in cell_segments(line, gap)]
    held = [[c for c in cells if a <= (c.x0 + c.x1) / 2 <= b] for a, b in spans]
    sides = [alignment(column) for column in held]
    figures = [sum(is_figure(w["text"]) for c in column for w in c.words) * 2 > sum(len(c.words) for c in column)
               for column in held]
    told = {side for side, figure in zip(sides[1:], figures[1:]) if figure and side}  # row numbers aside
    if len(told) == 1:
        common = told.pop()
        sides = [sides[0], *(side or common if figure else side for side, figure in zip(sides[1:], figures[1:]))]
    cuts = []
    for (left, right), pair in zip(zip(spans, spans[1:]), zip(sides, sides[1:])):
        halfway = (left[1] + right[0]) / 2
        if pair == ("right", "right"):
            cuts.append(min(left[1] + gap / 2, halfway))
        elif pair == ("left", "left"):
            cuts.append(max(right[0] - gap / 2, halfway))
        else:
            cuts.append(halfway)
    return _cut_at(cuts)


def alignment(cells: Sequence[Line]) -> str | None:
    """How a column's cells are aligned: "left" or "right" when they share that edge and not
    the other (cells of different widths), else None (centred, or too few cells to tell)."""
    if len(cells) < 2:
        return None
    lefts = max(c.x0 for c in cells) - min(c.x0 for c in cells)
    rights = max(c.x1 for c in cells) - min(c.x1 for c in cells)
    if rights <= ALIGNED_EDGE < lefts - ALIGNED_EDGE:
        return "right"
    if lefts <= ALIGNED_EDGE < rights - ALIGNED_EDGE:
        return "left"
    return None


def column_of(x: float, ranges: Sequence[tuple[float, float]]) -> int:
    return next(i for i, (a, b) in enumerate(ranges) if a <= x < b)


def _span_of(segment: Line, ranges: Sequence[tuple[float, float]]) -> tuple[int, ...]:
    """The columns a header segment stands over. A label wider than its column's figures may
    reach a little into the next column's range; a group label covers a fair part of each,
    or stands over the middle of its group: one over a single column but reaching past both
    its sides stands over every column it reaches into."""
    least = max(1.0, 0.25 * (segment.x1 - segment.x0))
    span = tuple(i for i, (a, b) in enumerate(ranges) if min(b, segment.x1) - max(a, segment.x0) > least)
    if len(span) == 1 and segment.x0 < ranges[span[0]][0] - SPAN_GAP and segment.x1 > ranges[span[0]][1] + SPAN_GAP:
        return tuple(i for i, (a, b) in enumerate(ranges) if min(b, segment.x1) - max(a, segment.x0) > SPAN_GAP)
    return span


@dataclass
class _Block:
    """Header text stacked in one cell (a working value while the header is read)."""

    span: tuple[int, ...]
    lines: list[Line]
    numbers: bool = False  # from a line of column numbers ("(1) (2) (3)=(1)+(2)")

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
        if self.numbers:  # "(5)=(3)" over "+(4)", "(11" over ")": a number has no space
            return "".join(line.text.replace(" ", "") for line in self.lines)
        return rejoin_lines(line.text for line in self.lines)


ALIGNED = 0.5  # points: label lines whose middles differ less stand centred in one cell


def column_pieces(segment: Line, ranges: Sequence[tuple[float, float]]) -> list[Line]:
    """A header segment cut wherever two neighbouring words stand over different columns."""
    pieces: list[list[Word]] = [[segment.words[0]]]
    for word in segment.words[1:]:
        if column_of(middle(word), ranges) != column_of(middle(pieces[-1][-1]), ranges):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [Line(tuple(p)) for p in pieces]


def _columns(line: Line, ranges) -> tuple[int, int]:
    """The columns under a line's first and last words."""
    return column_of(middle(line.words[0]), ranges), column_of(middle(line.words[-1]), ranges)


def _stacked(piece: Line, other: Line, leading: float) -> bool:
    """Two lines of one label wrapped in its cell: one right above the other, both centred on
    its middle."""
    return (abs((piece.x0 + piece.x1) - (other.x0 + other.x1)) <= 2 * ALIGNED
            and -leading / 4 < max(piece.top - other.bottom, other.top - piece.bottom) < leading)


def label_segments(lines: Sequence[Line], ranges, gap: float, leading: float) -> list[list[Line]]:
    """Each header line cut into its labels. Labels of neighbouring narrow columns (or column
    groups) may stand as close as two words of one label ("Cải cách Cải cách", each column's
    first line): a segment over several columns is cut at column edges into the most labels
    such that each is a line of its own label, centred right above or below a line standing
    over the same columns (the lines of neighbouring labels may stand offset, each centred in
    its cell's height); the labels cut out so stand for their lines in turn, so that a column's
    lines joined to their neighbours' on several lines in a row are cut one after another. A
    group label's pieces are not: it is centred over its group."""
    segmented = [split_segments(line, gap) for line in lines]
    anchors = [(i, s, _columns(s, ranges)) for i, segments in enumerate(segmented) for s in segments]

    def anchored(part: Line, i: int) -> bool:
        columns = _columns(part, ranges)
        return any(j != i and columns[0] <= held[0] <= held[1] <= columns[1] and _stacked(part, other, leading)
                   for j, other, held in anchors)

    while True:  # a label cut out is a line of its column's label too, for the lines next to it
        labels = [[label for segment in segments
                   for label in _cut_labels(segment, ranges, lambda part, i=i: anchored(part, i))]
                  for i, segments in enumerate(segmented)]
        new = [(i, s, _columns(s, ranges)) for i, line in enumerate(labels) for s in line
               if not any(j == i and other == s for j, other, _ in anchors)]
        if not new:  # anchors only grow, so this ends
            return labels
        anchors += new


def _cut_labels(segment: Line, ranges, anchored) -> list[Line]:
    """A segment cut at column edges into the most pieces that are each anchored, or whole."""
    words = segment.words
    cuts = [0, *accumulate(len(piece.words) for piece in column_pieces(segment, ranges))]
    if len(cuts) == 2:
        return [segment]
    best: dict[int, list[Line]] = {0: []}  # the most anchored pieces that cover the words before a cut
    for b in cuts[1:]:
        found = [best[a] + [piece] for a in cuts if a < b and a in best
                 for piece in (Line(words[a:b]),) if anchored(piece)]
        if found:
            best[b] = max(found, key=len)
    pieces = best.get(len(words), [])
    return pieces if len(pieces) > 1 else [segment]


def header_blocks(lines: Sequence[Line], ranges, gap: float, leading: float) -> list[_Block]:
    """Header segments stacked into blocks: one block per cell of the header."""
    blocks: list[_Block] = []
    # The column numbers' row: from the first line of three column numbers or more down, and a
    # column number just above it (one wrapped in a narrow column and centred, "(5)=(3)" over
    # "+(4)", starts above the others).
    numbered = [line.top for line in lines if is_numbering([w["text"] for w in line.words])]
    numbers_top = min(numbered, default=float("inf")) - 1
    numbers = [w for line in lines if line.top >= numbers_top for w in line.words]  # however OCR read them
    labelled = label_segments(lines, ranges, gap, leading)
    labels = [s for segments in labelled for s in segments]
    for line, segments in zip(lines, labelled):
        if line.top >= numbers_top:  # "(1) (2)" close together in narrow columns: one number each
            segments = [Line((w,)) if is_column_number(w["text"]) else s for s in segments for w in s.words]
            segments = list({id(s): s for s in segments}.values())
        for segment in segments:
            span = _own_column(segment, labels, ranges, leading) or _span_of(segment, ranges)
            if not span:
                continue
            numbering = segment.top >= numbers_top or (
                _NUMBER_PIECE.match(segment.text) is not None
                and numbers_top - segment.top < 2 * (segment.bottom - segment.top)
                and not _maximum_over_number(segment, numbers))
            above = [
                b for b in blocks
                if (b.span == span or not numbering and _capitals_go_on(b, segment, leading))
                and segment.top - b.bottom < leading
                and min(b.bbox[2], segment.x1) > max(b.bbox[0], segment.x0)
                and numbering == b.numbers and not _heading_over(b, segment)
            ]
            if above:
                above[-1].lines.append(segment)
            else:
                blocks.append(_Block(span, [segment], numbering))
    return blocks


def _own_column(segment: Line, labels: Sequence[Line], ranges, leading: float) -> tuple[int] | None:
    """The one column a label's line stands in when it overreaches that column's range by less
    than a quarter of its height on either side (a wide line in a narrow column: its figures
    stand close to its neighbours') and is centred right above or below another line of that
    column alone, no wider; not a group label, which would reach further."""
    column = column_of((segment.x0 + segment.x1) / 2, ranges)
    a, b = ranges[column]
    slack = (segment.bottom - segment.top) / 4
    if not (segment.x0 < a or segment.x1 > b) or segment.x0 < a - slack or segment.x1 > b + slack:
        return None
    stacked = any(o is not segment and _columns(o, ranges) == (column, column) and _stacked(segment, o, leading)
                  and o.x0 >= a - slack and o.x1 <= b + slack for o in labels)
    return (column,) if stacked else None


def _capitals_go_on(block: _Block, segment: Line, leading: float) -> bool:
    """A line in capitals centred right under a label's last line in capitals, within its width:
    the label wrapped ("KẾT QUẢ ĐÁNH" over "GIÁ"), whatever columns the shorter line stands over."""
    last = block.lines[-1]
    return (_capitals(last.text) and _capitals(segment.text) and _stacked(last, segment, leading)
            and block.bbox[0] <= segment.x0 and segment.x1 <= block.bbox[2])


def _capitals(text: str) -> bool:
    return any(c.isalpha() for c in text) and text == text.upper()


def _heading_over(block: _Block, segment: Line) -> bool:
    """A label in capitals ("KẾT QUẢ ĐÁNH GIÁ", two words or more) over a line in sentence case
    ("Điểm đánh giá trực tiếp"): a group label right above a column's own, not its first line."""
    text, below = block.text, segment.text
    return len(text.split()) >= 2 and _capitals(text) and below[:1].isupper() and any(c.islower() for c in below)


def _maximum_over_number(segment: Line, numbers: Sequence[Word]) -> bool:
    """A whole "(13)" right above its column's own number (a word of the numbers' row, however
    OCR read it): the end of a label (its maximum, "… viên chức (13)"), not the first piece of
    a column number wrapped."""
    return _WHOLE_NUMBER.match(segment.text) is not None and any(
        min(w["x1"], segment.x1) > max(w["x0"], segment.x0) for w in numbers)


def is_numbering(texts: Sequence[str]) -> bool:
    """Column numbers in a row: three or more, rising, mostly one by one ("(1) (2) (3)"), not
    maxima wrapped onto one line ("(13) (10) (14)"). OCR may garble a few ("@)", "(1)" for
    "(11)"): the longest rising run of the numbers read is taken, when it holds most of them."""
    numbers = [int(m[1]) for t in texts if (m := _LEADING_NUMBER.match(t)) and is_column_number(t)]
    rising = _longest_rising(numbers)
    steps = [b - a for a, b in zip(rising, rising[1:])]
    ones = sum(step == 1 for step in steps)
    return len(rising) >= 3 and len(rising) * 4 >= len(numbers) * 3 and ones * 2 >= len(steps)


def _longest_rising(numbers: Sequence[int]) -> list[int]:
    """The longest strictly rising subsequence (the first found of equals)."""
    best: list[list[int]] = []
    for index, number in enumerate(numbers):
        before = [run for run in best[:index] if run[-1] < number]
        best.append(max(before, key=len, default=[]) + [number])
    return max(best, key=len, default=[])


def is_column_number(text: str) -> bool:
    """A column's number printed under its label: "(1)", "(5)=(3)+(4)"."""
    return _COLUMN_NUMBER.match(text) is not None


def blocks_to_header(blocks: Sequence[_Block], width: int, page: PageNo) -> list[TextRow]:
    """The header rows: each label on the row of its depth (how many wider labels stand above
    it over its columns: group labels over sub-labels, a label over them all over those), a
    label with nothing above it on the top row whatever its height; column numbers last. A
    label standing apart above another over the same columns is a label over it too (a group
    label narrower than its group, centred over one of its columns), when the one below stands
    level with another column's label: not a stray line below the header's labels."""
    numbers = [b for b in blocks if b.numbers]
    labels = [b for b in blocks if not b.numbers]

    def level(block: _Block) -> bool:
        return any(not set(o.span) & set(block.span) and o.top < block.bottom and block.top < o.bottom for o in labels)

    def depth(block: _Block) -> int:
        return sum(1 for g in labels if g is not block and set(block.span) <= set(g.span) and g.bottom <= block.top + 1
                   and (len(g.span) > len(block.span) or level(block)))

    widen_groups(labels)
    depths = {id(b): depth(b) for b in labels}
    levels = max(depths.values(), default=0) + 1
    grid: list[list[Cell | None]] = [[None] * width for _ in range(levels + bool(numbers))]
    for block in sorted(labels, key=lambda b: b.top):
        _place(grid[depths[id(block)]], block, page)
    for block in numbers:
        _place(grid[-1], block, page)
    rows = [grid[0]] + [row for row in grid[1:] if any(c and c.text for c in row)]
    out = []
    for r, cells in enumerate(rows):
        filled = [c if c is not None else _cover(rows[max(r - 1, 0)], i, page) for i, c in enumerate(cells)]
        rows[r] = filled
        out.append(TextRow(line=None, cells=tuple(c.text for c in filled), located=tuple(filled)))
    return out


def widen_groups(labels: Sequence[_Block]) -> None:
    """A label standing over part of a label below it and part of that label's neighbour (a
    group label much narrower than its group, centred over it: "Điểm thẩm định các lĩnh vực"
    over seven areas) is widened over every label below it that it stands over in part: a
    label below is never cut by one above."""
    for block in sorted(labels, key=lambda b: b.top):
        while True:
            crossed = [o for o in labels if o is not block and o.top >= block.bottom - 1 and _crosses(block.span, o.span)]
            if not crossed:
                break
            columns = [*block.span, *(i for o in crossed for i in o.span)]
            block.span = tuple(range(min(columns), max(columns) + 1))


def _crosses(upper: tuple[int, ...], lower: tuple[int, ...]) -> bool:
    """Whether two spans share columns and neither holds the other."""
    shared = set(upper) & set(lower)
    return bool(shared) and shared != set(upper) and shared != set(lower)


def _place(row: list[Cell | None], block: _Block, page: PageNo) -> None:
    cell = Cell(block.text, page=page, bbox=block.bbox)
    first = block.span[0]
    held = row[first]
    row[first] = cell if held is None or not held.text else Cell(f"{held.text} {cell.text}", page=page, bbox=held.bbox)
    for covered in block.span[1:]:
        row[covered] = row[covered] or Cell("", page=page, bbox=block.bbox)


def _cover(top: Sequence[Cell | None], index: int, page: PageNo) -> Cell:
    """An empty header cell, placed where the label above it stands."""
    above = top[index]
    return Cell("", page=page, bbox=above.bbox if above else None)


def is_heading(line: Line, table_width: float, gap: float) -> bool:
    """A sentence above the table (its title, "Kèm theo …"), not a line of header cells."""
    key = fold(line.text)
    sentence = len(split_segments(line, gap)) == 1 and (line.x1 - line.x0) > 0.6 * table_width
    return key.startswith(("(kem theo", "kem theo")) or sentence
