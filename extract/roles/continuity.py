"""Tables told apart by their own numbering, when the page layout told them wrong.

A reader can cut one table in two (a running line or a repeated header between two pages
read as a new table) or run two tables into one (a second table printed right under the
first). Either way the audit would rank the wrong rows together and accuse units falsely.
The printed numbering says what belongs together:

- two tables with the same columns, the second numbered on from the first (STT 13, 14 … after
  12) and not ranked afresh from 1, are one table;
- a table whose STT starts again at 1 and counts up, with each part ranked from 1 (or not
  ranked), is two tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from cchc_audit.extract.domain.model import Column, Role, Row, Table
from cchc_audit.extract.domain.numbers import parse_row_number

MIN_RESTART_ROWS = 3  # a restart at 1 counts only when it goes on 1, 2, 3 at least


def _numbers(table: Table, role: Role, rows: Sequence[Row] | None = None) -> list[Decimal | None]:
    column = table.first(role)
    if column is None:
        return []
    out = []
    for row in table.rows if rows is None else rows:
        number = parse_row_number(row.cell(column).text)
        out.append(number.value if number else None)
    return out


def _shape(columns: Sequence[Column]) -> tuple:
    return tuple((c.index, c.role, c.name, c.scorer) for c in columns)


def _continues(first: Table, second: Table) -> bool:
    """The second table numbers its rows on from the first and does not rank afresh."""
    if _shape(first.columns) != _shape(second.columns) or first.footer or second.title not in (None, first.title):
        return False
    before, after = _numbers(first, Role.ROW_NUMBER), _numbers(second, Role.ROW_NUMBER)
    if not before or not after or before[-1] is None or after[0] is None or after[0] != before[-1] + 1:
        return False
    ranks = [r for r in _numbers(second, Role.RANK) if r is not None]
    return not ranks or min(ranks) > 1


def _renumbered(rows: Sequence[Row]) -> tuple[Row, ...]:
    return tuple(replace(row, number=number) for number, row in enumerate(rows, start=1))


def join_continued(tables: Sequence[Table]) -> list[Table]:
    """Consecutive tables that are one table by their numbering, joined."""
    out: list[Table] = []
    for table in tables:
        if out and _continues(out[-1], table):
            last = out[-1]
            out[-1] = replace(last, rows=_renumbered(last.rows + table.rows), footer=table.footer)
        else:
            out.append(table)
    return _reindexed(out, tables)


def _restarts(table: Table) -> list[int]:
    """Where a table's STT starts again at 1 and counts up, each part ranked from 1."""
    numbers = _numbers(table, Role.ROW_NUMBER)
    cuts = [
        i for i in range(1, len(numbers))
        if numbers[i] == 1 and (_counted_to(numbers[:i]) or 0) >= 2
        and numbers[i : i + MIN_RESTART_ROWS] == [Decimal(k) for k in range(1, MIN_RESTART_ROWS + 1)]
    ]
    if not cuts:
        return []
    bounds = [0, *cuts, len(table.rows)]
    for start, end in zip(bounds, bounds[1:]):
        ranks = [r for r in _numbers(table, Role.RANK, table.rows[start:end]) if r is not None]
        if ranks and min(ranks) != 1:
            return []
    return cuts


def _counted_to(numbers: Sequence[Decimal | None]) -> Decimal | None:
    """The last row number counted before a point, past rows that number nothing (a line of
    a heading or noise read as a row, "0,0" or no number at all, between two tables)."""
    return next((n for n in reversed(numbers) if n is not None and n >= 1), None)


def split_restarted(tables: Sequence[Table]) -> list[Table]:
    """Each table whose numbering starts again at 1 split where it does."""
    out: list[Table] = []
    for table in tables:
        cuts = _restarts(table)
        bounds = [0, *cuts, len(table.rows)]
        for part, (start, end) in enumerate(zip(bounds, bounds[1:])):
            last = end == len(table.rows)
            out.append(replace(
                table,
                rows=_renumbered(table.rows[start:end]),
                footer=table.footer if last else (),
                title=table.title if part == 0 else None,
            ))
    return _reindexed(out, tables)


def _reindexed(tables: Sequence[Table], before: Sequence[Table]) -> list[Table]:
    first = before[0].index if before else 1
    return [replace(table, index=first + i) for i, table in enumerate(tables)]


def mend_numbering(tables: Sequence[Table]) -> list[Table]:
    """Tables split where their numbering restarts, then joined where it carries on."""
    return join_continued(split_restarted(tables))
