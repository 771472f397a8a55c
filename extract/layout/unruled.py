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

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from cchc_audit.extract.domain.model import Cell
from cchc_audit.extract.domain.text import fold
from cchc_audit.extract.layout.words import (
    Grid,
    Line,
    Word,
    blocks_to_header,
    column_of,
    column_ranges,
    column_spans,
    header_blocks,
    is_figure,
    is_column_number,
    is_heading,
    middle,
    split_segments,
    word_gap,
    words_to_lines,
)
from cchc_audit.extract.roles.assemble import TextRow
from cchc_audit.extract.domain.types import PageNo
from cchc_audit.extract.layout.rows import first_row_top, line_owners
from cchc_audit.extract.layout.turned import is_turned, upright_words
from cchc_audit.extract.layout.wrap import rejoin_lines

UNIT, FIGURES, TITLE, MORE = "unit", "figures", "title", "more"
_ROW_NUMBER = re.compile(r"^\d{1,4}\.?$")  # "1", "01", "1."
_BLOCK_NUMBER = re.compile(r"^[IVX]{1,4}[.:)\-–]$")  # "II.", "IV -": a block's number, never a unit's
TRIMMED_LINES = 2  # one-piece lines on top of a header a reading may leave out: a running line, a title
SPACER_PITCHES = 4  # a blank spacer row between a header and its body: at most this many body rows tall
CLASS_WORDS = {"xuat", "sac", "tot", "kha", "trung", "binh", "yeu", "kem", "nhom", "a", "b", "c", "d", "i", "ii", "iii",
               "iv", "hoan", "thanh"}  # the words of every class vocabulary, folded


@dataclass(frozen=True)
class Span:
    """One column as the data lines print it, holding mostly figures or mostly text."""

    x0: float
    x1: float
    figures: bool

    def under(self, word: Word) -> bool:
        return min(self.x1, word["x1"]) - max(self.x0, word["x0"]) > 0


def is_data_line(line: Line) -> bool:
    """A unit's first line: a row number, then three or more figures; or, in a table of few
    figures (an index, a rank), a row number, then only figures and a class from the first
    figure on — after a name ("3  UBND xã Hòa Phú  86,5  3  Tốt"), or with the name wrapped
    above and below the line, centred on its row ("3.  86,5  3  Tốt")."""
    first = line.words[0]["text"]
    if _ROW_NUMBER.match(first) is None:
        return False
    figures = [i for i, w in enumerate(line.words) if i and is_figure(w["text"])]
    if len(figures) >= 3:
        return True
    if len(figures) < 2:
        return False
    tail = [w["text"] for w in line.words[figures[0]:]]
    return all(is_figure(t) or fold(t) in CLASS_WORDS for t in tail)


_GLUED_NUMBER = re.compile(r"^(\d{1,3}\.?)([^\W\d_]{2,}.*)$")  # "02UBND": a row number run into the name


def unglue_row_number(line: Line) -> Line:
    """A line whose first word is a row number run into the name's first word ("02UBND", OCR
    missing the gap between two cells), with the two parted, when that makes it a data line.
    The parting falls where the letters' share of the word begins, half a letter each side of
    it left blank (the gap OCR missed: the two are two columns' cells)."""
    glued = _GLUED_NUMBER.match(line.words[0]["text"])
    if glued is None or not glued.group(2)[0].isupper() or is_data_line(line):
        return line
    first = line.words[0]
    letter = (first["x1"] - first["x0"]) / len(first["text"])
    cut = first["x0"] + letter * len(glued.group(1))
    parted = Line(({**first, "text": glued.group(1), "x1": cut - letter / 2},
                   {**first, "text": glued.group(2), "x0": cut + letter / 2}, *line.words[1:]))
    return parted if is_data_line(parted) else line


def spans_of(lines: Sequence[Line]) -> list[Span]:
    """The data lines' columns, each marked as one of figures or of text."""
    out = []
    for x0, x1 in column_spans(lines, word_gap(lines)):
        words = [w for line in lines for w in line.words if x0 <= middle(w) <= x1]
        figures = sum(1 for w in words if is_figure(w["text"]))
        out.append(Span(x0, x1, figures * 2 > len(words)))
    return out


def row_number_edge(lines: Sequence[Line]) -> float:
    """Where row numbers start: the leftmost first word of the data lines that at least one
    other data line's first word stands close to (the row numbers' column)."""
    starts = sorted(line.words[0]["x0"] for line in lines)
    tolerance = 2 * statistics.median(line.bottom - line.top for line in lines)
    return next((x for x in starts if sum(1 for y in starts if abs(x - y) <= tolerance) >= min(2, len(starts))),
                starts[0])


def line_kind(line: Line, spans: Sequence[Span], gap: float, edge: float) -> str | None:
    """UNIT, FIGURES, TITLE or MORE for a line that can stand among a table's data lines, else
    None. A data line whose first word stands away from the row numbers' edge is a header's
    wrapped maxima ("8 điểm) 10 đa 15 25"), not a unit."""
    if is_data_line(line) and abs(line.words[0]["x0"] - edge) <= 2 * (line.bottom - line.top):
        return UNIT
    numbers, figure_columns = spans[0], [s for s in spans[1:] if s.figures]
    texts = [w for w in line.words if not is_figure(w["text"])]
    figures = len(line.words) - len(texts)
    text_under_figures = any(s.under(w) for w in texts for s in figure_columns)
    if figures >= 3 and not text_under_figures:
        return FIGURES
    if not figures and len(split_segments(line, gap)) == 1 and (
        line.words[0]["x0"] <= numbers.x1 and line.x1 > numbers.x1 + gap
        or is_numbered_title(line) and not text_under_figures
    ):
        return TITLE
    if not text_under_figures and not any(numbers.under(w) for w in line.words):
        return MORE  # a wrapped name or class, or the last digits of a wrapped figure
    return None


def is_numbered_title(line: Line) -> bool:
    """A line of text numbered as a block ("II. NHÓM THỨ HAI", "IV- Khối xã"): a block's title
    wherever it starts (a spreadsheet sets it against the names, not in the number column),
    never the wrapped end of a name."""
    return len(line.words) >= 2 and _BLOCK_NUMBER.match(line.words[0]["text"]) is not None


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
    return words_to_variants(words, page)[0]


def words_to_variants(words: Sequence[Word], page: PageNo) -> list[list[Grid]]:
    """The page's unruled tables as read; and, when some header's top lines are one piece of
    text each (a title or running line just above it, or a group label over every column
    below), read again with the top one, then the top two, left out: the engine's score
    chooses."""
    lines = [unglue_row_number(line) for line in words_to_lines(words)]
    units = [line for line in lines if is_data_line(line)]
    if not units:
        return [[]]
    edge = row_number_edge(units)
    units = [line for line in units if abs(line.words[0]["x0"] - edge) <= 2 * (line.bottom - line.top)]
    if not units:
        return [[]]
    gap = word_gap(units)
    spans = spans_of(units)
    kinds = [line_kind(line, spans, gap, edge) for line in lines]
    read: list[list[Grid]] = []
    floor = 0
    for first, last in body_runs(kinds):
        grids, floor = run_to_grids(lines, kinds, (first, last), floor, page)
        read.append(grids)
    most = max(len(grids) for grids in read)
    return [[grids[min(k, len(grids) - 1)] for grids in read] for k in range(most)]


def spacing(lines: Sequence[Line], kinds: Sequence[str | None], run: tuple[int, int]) -> tuple[float, float]:
    """How far apart two lines of one table may stand: `inner` between lines of the header or
    of the body (a little more than the body's usual gap between lines), `joint` between the
    header and the first unit (two rows more: a blank spacer row, padded)."""
    first, last = run
    body = [lines[i] for i in range(first, last + 1) if kinds[i] in (UNIT, MORE)]
    leading = 0.8 * statistics.median(l.bottom - l.top for l in body)
    # Lines of cells centred on their row overlap (a negative gap): they say nothing of spacing.
    gaps = [gap for a, b in zip(body, body[1:]) if (gap := b.top - a.bottom) > 0]
    units = [lines[i] for i in range(first, last + 1) if kinds[i] == UNIT]
    height = statistics.median(l.bottom - l.top for l in body)
    if not gaps and len(units) == 1:
        # A lone row (the last one alone on its page) says nothing of its table's spacing: its
        # header's rows may stand as far apart as the header from the row, up to two lines.
        top = first
        while top > 0 and kinds[top - 1] == MORE and lines[top].top - lines[top - 1].bottom < 0:
            top -= 1
        above = lines[top].top - lines[top - 1].bottom if top > 0 else 0.0
        gaps = [min(above, 2 * height)] if above > 0 else []
    inner = max(leading, 1.25 * statistics.median(gaps)) if gaps else leading
    # A lone unit (the last row alone on its page) gives no pitch: take two lines' height.
    pitch = statistics.median(b.top - a.top for a, b in zip(units, units[1:])) if len(units) > 1 else 2 * height
    return inner, inner + SPACER_PITCHES * pitch


def trim_top(lines: Sequence[Line], trim: int) -> int:
    """How many of the header's top lines to leave out: up to `trim` lines that are one piece of
    text each (a short title right above the header, or a running line above a page that goes
    on with the table before; the reading's score may prefer them out)."""
    count = 0
    while count < trim and count < len(lines) and _single(lines[count]):
        count += 1
    return count


def _single(line: Line) -> bool:
    return len(split_segments(line, max(3 * word_gap([line]), 12.0))) == 1


def run_to_grids(
    lines: Sequence[Line], kinds: Sequence[str | None], run: tuple[int, int], floor: int, page: PageNo
) -> tuple[list[Grid], int]:
    """One table: the lines of its run, those that carry on below it, and its header above
    (no higher than `floor`, where the table above ends); with the line after its last. When
    the header's top lines are one piece of text each, further grids leave out the top one,
    then the top two (`TRIMMED_LINES`)."""
    first, last = run
    body = [lines[i] for i in range(first, last + 1) if kinds[i] in (UNIT, MORE)]
    inner, joint = spacing(lines, kinds, run)
    gap = word_gap(body)
    ranges = column_ranges(body, gap)
    body_x0 = min(l.x0 for l in body)
    body_x1 = max(l.x1 for l in body)
    end = last + 1
    while end < len(lines) and lines[end].top - lines[end - 1].bottom < inner and (
        kinds[end] == FIGURES or kinds[end] == MORE and _continues(lines[end], ranges, body_x0, body_x1)
    ):
        end += 1
    if end < len(lines) and kinds[end] == TITLE and lines[end].top - lines[end - 1].bottom < inner and (
        UNIT not in kinds[end:]
    ):
        end += 1  # a block's title left at the foot of the page: its rows go on on the next page
    start = first
    while start > floor and lines[start].top - lowest(lines[floor:start]) < (
        joint if (in_body := all(k in (UNIT, MORE, TITLE) for k in kinds[start:first])) or numbers_line(lines[start])
        else inner
    ) and not is_heading(lines[start - 1], body_x1 - body_x0, gap) and (in_body or kinds[start - 1] != TITLE):
        start -= 1  # a block title above the header ("II. KHỐI HUYỆN") is the next table's heading
    leading = 0.8 * statistics.median(l.bottom - l.top for l in body)
    # Lines between the header and the first unit's row: title rows, and name text alone (the
    # end of a row that began on the previous page).
    unit = _text_column([lines[i] for i in range(first, end) if kinds[i] in (UNIT, MORE)], ranges)
    unit_lines = [lines[i] for i in range(first, last + 1) if kinds[i] == UNIT]
    named = sum(any(column_of(middle(w), ranges) == unit for w in line.words) for line in unit_lines)
    top_aligned = named * 2 > len(unit_lines)
    begin = first
    while begin > start and kinds[begin - 1] == MORE:
        begin -= 1
    marks = [i for i in range(first, end) if kinds[i] in (UNIT, FIGURES)]
    body_from = first_row_top(lines, first, begin, marks, ranges) if begin < first else first
    ranges = first_row_columns(ranges, body, lines[body_from:first], gap)
    if len(unit_lines) == 1:  # a lone row's columns: from all its lines (its name may be centred off its line)
        ranges = column_ranges(lines[body_from:end], gap)
        row_x0, row_x1 = min(l.x0 for l in lines[body_from:end]), max(l.x1 for l in lines[body_from:end])
        while end < len(lines) and lines[end].top - lines[end - 1].bottom < inner and (
            kinds[end] == MORE and _continues(lines[end], ranges, row_x0, row_x1)
        ):
            end += 1
        ranges = column_ranges(lines[body_from:end], gap)
        unit = _text_column(lines[body_from:end], ranges)
    body_rows = _body_rows(lines[body_from:end], kinds[body_from:end], ranges, page, top_aligned)
    grids = []
    tops = sorted({start + trim_top(lines[start:first], trim) for trim in range(TRIMMED_LINES + 1)})
    for top in tops:
        split = body_from
        while split > top and (kinds[split - 1] == TITLE or all(
            column_of(middle(w), ranges) == unit for w in lines[split - 1].words)
        ):
            split -= 1
        if all(_single(line) and not any(is_turned(w) for w in line.words) for line in lines[top:split]):
            top = split  # one piece of text each, none turned (a running line over a page without header): no header
        header_lines = upright_lines(lines[top:split], ranges)
        rows = blocks_to_header(header_blocks(header_lines, ranges, gap, leading), len(ranges), page) if header_lines else []
        rows += _prefix_rows(lines[split:body_from], kinds[split:body_from], ranges, page)
        covered = lines[top:end]
        bbox = (min(l.x0 for l in covered), covered[0].top, max(l.x1 for l in covered), covered[-1].bottom)
        grids.append(Grid(page=page, rows=tuple(rows + body_rows), bbox=bbox, ruled=False))
    return grids, end


def lowest(lines: Sequence[Line]) -> float:
    """The bottom of the lowest of lines above another: a turned label or a cell centred on a
    taller row may reach below the line that starts last."""
    return max(line.bottom for line in lines)


def first_row_columns(ranges, body: Sequence[Line], above: Sequence[Line], gap: float):
    """The columns again with the first row's lines above its data line counted in (a name
    wrapped over its data line whose first line is the widest of the body's names), when that
    keeps as many columns."""
    if not above:
        return ranges
    wider = column_ranges([*above, *body], gap)
    return wider if len(wider) == len(ranges) else ranges


def numbers_line(line: Line) -> bool:
    """A row of column numbers ("(1) (2) (3)=(4)+(5)"): a header row of its own, which the
    header's labels above may stand as far from as the header from the body."""
    return len(line.words) >= 3 and all(is_column_number(w["text"]) for w in line.words)


def upright_lines(lines: Sequence[Line], ranges) -> list[Line]:
    """Header lines with each column's turned words merged into one label."""
    if not any(is_turned(w) for line in lines for w in line.words):
        return list(lines)
    words = [w for line in lines for w in line.words]
    return words_to_lines(upright_words(words, lambda word: column_of(middle(word), ranges)))


def _text_column(lines: Sequence[Line], ranges) -> int:
    """The column whose body words are mostly not numbers: the units' names."""
    counts = [0] * len(ranges)
    for line in lines:
        for word in line.words:
            if not is_figure(word["text"]):
                counts[column_of(middle(word), ranges)] += 1
    return max(range(len(counts)), key=counts.__getitem__)


def _continues(line: Line, ranges, x0: float, x1: float) -> bool:
    """A line that adds to a unit's cells: within the table (each word's middle; a wrapped
    cell's last word, centred, may stand out a little further than the body's widest), nothing
    in the row-number column."""
    inside = all(x0 - 1 <= middle(w) <= x1 + 1 for w in line.words)
    return inside and line.x0 >= x0 - 1 and column_of(line.words[0]["x0"], ranges) > 0


def _prefix_rows(lines: Sequence[Line], kinds: Sequence[str | None], ranges, page: PageNo) -> list[TextRow]:
    """Title rows above the first unit, and the rest of a row broken by the page end."""
    rows = []
    fragment: list[Line] = []
    for line, kind in zip(lines, kinds):
        if kind == TITLE:
            if fragment:
                rows.append(_row([w for l in fragment for w in l.words], ranges, page))
                fragment = []
            rows.append(_title_row([line], len(ranges), page))
        else:
            fragment.append(line)
    if fragment:
        rows.append(_row([w for l in fragment for w in l.words], ranges, page))
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
    """One row per mark (a data line or a row of figures), wrapped cells kept whole (`rows`)."""
    owners = line_owners(lines, marks, ranges, top_aligned)
    groups: dict[int, list[Word]] = {m: [] for m in marks}
    for index, line in enumerate(lines):
        for word in line.words:
            groups[owners[(index, column_of(middle(word), ranges))]].append(word)
    return [_row(groups[mark], ranges, page) for mark in marks]


def _title_row(lines: Sequence[Line], width: int, page: PageNo) -> TextRow:
    """A block's title, in the first cell as the text reader has it."""
    box = (min(l.x0 for l in lines), lines[0].top, max(l.x1 for l in lines), lines[-1].bottom)
    title = Cell(rejoin_lines(l.text for l in lines), page=page, bbox=box)
    cells = (title,) + (Cell("", page=page, bbox=box),) * (width - 1)
    return TextRow(line=None, cells=tuple(c.text for c in cells), located=cells)


def _row(words: Sequence[Word], ranges, page: PageNo) -> TextRow:
    per_column: list[list[Word]] = [[] for _ in ranges]
    for word in words:
        per_column[column_of(middle(word), ranges)].append(word)
    top = min(w["top"] for w in words)
    bottom = max(w["bottom"] for w in words)
    cells = []
    for (left, right), found in zip(ranges, per_column):
        if not found:
            x0 = left if left != float("-inf") else min(w["x0"] for w in words)
            x1 = right if right != float("inf") else max(w["x1"] for w in words)
            cells.append(Cell("", page=page, bbox=(x0, top, x1, bottom)))
            continue
        text = rejoin_lines(line.text for line in words_to_lines(found))
        box = (min(w["x0"] for w in found), min(w["top"] for w in found),
               max(w["x1"] for w in found), max(w["bottom"] for w in found))
        cells.append(Cell(text, page=page, bbox=box))
    return TextRow(line=None, cells=tuple(c.text for c in cells), located=tuple(cells))
