"""How well a reading of a page holds together, to choose among candidate readings.

A reading is a page's grids. Each grid goes through the shared assembly (header rows →
column roles → ranking tables); a grid that starts with a unit's row is read under the
header of the table the previous page ended with (so is one that starts with block titles over
a unit's row). Every unit row of a ranking table earns

    2 × fit − 1 + adds

where `fit` is the share of its cells holding what their column's role expects (a row
number, a name, a figure, a whole rank, a class) and `adds` is 1 when each scorer's total
equals the sum of its parts within their rounding (or when the table prints no total), else
0. A row read whole earns 2; a fragment of a row (a wrapped name taken for a unit) costs
almost 1. A table loses 2 points a row times the share of its area columns the header leaves
incoherent (an area named twice for one scorer, or missing a scorer's column, or without
the maximum most areas state: a title line taken into the header does that). Each unit-like row (a row number or name and two figures or more) that lands in
no ranking table costs 1, and so does a unit's whole line read into one cell (a ruled box
round a row with no rulings between its cells), and a header no role fits costs 1; a grid whose header repeats the
previous page's header row for row, and nothing more (no running line taken into it), earns
1. The highest sum wins; ties go to the reading listed first
(`extract.layout.engine.METHODS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cchc_audit.extract.domain.classes import is_class_text
from cchc_audit.extract.domain.model import Column, Role, Row, Table
from cchc_audit.extract.domain.numbers import half_unit, parse_number, parse_score
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.roles.assemble import TextRow, block_to_tables, is_crammed_row, is_data_row, is_title_row

FIGURE_ROLES = (Role.AREA, Role.TOTAL, Role.SURVEY, Role.INDEX, Role.MAXIMUM)


@dataclass(frozen=True)
class Score:
    points: float
    tables: int
    rows: int
    lost: int

    def __post_init__(self) -> None:
        if self.rows < 0 or self.lost < 0 or self.tables < 0:
            raise ValueError("counts are never negative")


def grids_to_score(grids: Sequence[Grid], header: Sequence[TextRow] = ()) -> Score:
    """The reading's points; `header` is the header of the table the previous page ended with."""
    points, tables, rows, lost = 0.0, 0, 0, 0
    for grid in grids:
        block = list(grid.rows)
        data = sum(1 for row in block if is_data_row(row.cells))
        lost += sum(1 for row in block if is_crammed_row(row.cells))
        own = not (header and opens_with_units(block))  # the grid prints a header of its own
        if not own:
            block = [*header, *block]
        elif header and repeats(block, header):
            points += 1
        found, problem = block_to_tables(block, first_index=1)
        if problem is not None and header and own:
            found, problem = under_previous(header, block, found, problem)
        if problem is not None:
            points -= 1
        held = sum(len(t.rows) + len(t.footer) for t in found)
        lost += max(0, data - held)
        for table in found:
            tables += 1
            rows += len(table.rows)
            points += sum(row_points(table, row) for row in table.rows)
            points -= 2 * len(table.rows) * (1 - header_fit(table))
    return Score(points=points - lost, tables=tables, rows=rows, lost=lost)


def under_previous(header: Sequence[TextRow], block: Sequence[TextRow], found: list, problem) -> tuple:
    """A grid whose own header cannot be interpreted but prints the previous page's header again
    with a few labels garbled (by OCR, on a scan: `nearly_repeats`) judged under the header of
    the table the page before ended with, when its rows make a table under that one; else as it
    was."""
    start = next((i for i, row in enumerate(block) if is_data_row(row.cells)), len(block))
    if start == len(block) or not nearly_repeats(block[:start], header):
        return found, problem
    again, trouble = block_to_tables([*header, *block[start:]], first_index=1)
    return (again, None) if trouble is None and again else (found, problem)


def nearly_repeats(own: Sequence[TextRow], header: Sequence[TextRow]) -> bool:
    """Whether header rows print `header` again, cell for cell, but for a few cells: as many
    rows with labels, as many cells, and two thirds at least of the labelled cells the same."""
    mine = [row.cells for row in own if any(row.cells)]
    theirs = [row.cells for row in header if any(row.cells)]
    if not mine or len(mine) != len(theirs) or any(len(a) != len(b) for a, b in zip(mine, theirs)):
        return False
    pairs = [(a, b) for x, y in zip(mine, theirs) for a, b in zip(x, y) if a or b]
    return 3 * sum(a == b for a, b in pairs) >= 2 * len(pairs)


def opens_with_units(rows: Sequence[TextRow]) -> bool:
    """Whether rows start with a unit's row, or with block titles over one ("II. KHỐI XÃ"): a
    body without a header of its own."""
    first = next((row for row in rows if not is_title_row(row.cells)), None)
    return first is not None and is_data_row(first.cells)


def repeats(rows: Sequence[TextRow], header: Sequence[TextRow]) -> bool:
    """Whether a grid's header rows (those above its first unit row) print the previous page's
    header again, row for row and word for word, and nothing more (no running line or title
    taken into it)."""
    start = next((i for i, row in enumerate(rows) if is_data_row(row.cells)), len(rows))
    own = [row.cells for row in rows[:start] if any(row.cells)]
    return bool(own) and own == [row.cells for row in header if any(row.cells)]


def header_fit(table: Table) -> float:
    """The share of area columns the header describes coherently: each area named once per
    scorer, printed for every scorer, and stating a maximum if most areas do."""
    areas = table.by_role(Role.AREA)
    if not areas:
        return 1.0
    scorers = {c.scorer for c in areas}
    names: dict[str, list[Column]] = {}
    for column in areas:
        names.setdefault(column.name, []).append(column)
    stated = sum(1 for c in areas if c.maximum is not None) * 2 > len(areas)
    good = sum(
        1 for c in areas
        if len(names[c.name]) == len(scorers) and {x.scorer for x in names[c.name]} == scorers
        and (c.maximum is not None) == stated
    )
    return good / len(areas)


def row_points(table: Table, row: Row) -> float:
    checked = [c for c in table.columns if c.role != Role.NOTE]
    fit = sum(cell_fits(c, row.cell(c).text) for c in checked) / len(checked) if checked else 0.0
    return 2 * fit - 1 + adds_up(table, row)


def cell_fits(column: Column, text: str) -> bool:
    role = column.role
    if role == Role.ROW_NUMBER:
        return text.rstrip(".").isdigit()
    if role == Role.UNIT:
        return bool(text) and parse_number(text) is None
    if role in FIGURE_ROLES:
        return parse_score(text) is not None
    if role == Role.RANK:
        return text.isdigit()
    if role == Role.CLASS:
        return is_class_text(text)
    return True


def adds_up(table: Table, row: Row) -> int:
    """1 when every printed total is the sum of its parts within their rounding (or no total)."""
    for total in table.by_role(Role.TOTAL):
        areas = [c for c in table.by_role(Role.AREA) if c.scorer == total.scorer]
        surveys = list(table.by_role(Role.SURVEY)) if total.scorer != _self(table) else []
        published = _value(row, total)
        if published is None or not areas and not surveys:
            continue
        with_survey = _sum(row, areas + surveys)
        without = _sum(row, areas)
        if not any(s is not None and abs(s[0] - published) <= s[1] for s in (with_survey, without)):
            return 0
    return 1


def _self(table: Table):
    scorers = [s for s in table.scorers if s is not None]
    return scorers[0] if len(scorers) > 1 else object()


def _value(row: Row, column: Column) -> Decimal | None:
    number = parse_score(row.cell(column).text)
    return number.value if number is not None else None


def _sum(row: Row, columns: Sequence[Column]) -> tuple[Decimal, Decimal] | None:
    """The parts' sum and the rounding it allows, or None when a part is unreadable."""
    total, slack = Decimal(0), Decimal("0.0001")
    for column in columns:
        number = parse_score(row.cell(column).text)
        if number is None:
            return None
        total += number.value
        slack += half_unit(number.places)
    return total, slack
