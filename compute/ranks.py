"""Ranks from the recomputed totals, with the document's own tie convention."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from enum import StrEnum

import pandas as pd

from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Role, Table
from cchc_audit.extract.domain.numbers import Number, format_number
from cchc_audit.extract.domain.cells import cell_finding


class Ties(StrEnum):
    COMPETITION = "competition"  # 1, 2, 2, 4
    DENSE = "dense"  # 1, 2, 2, 3


def rank_values(
    basis: dict[int, Decimal], ties: Ties, tie_break: dict[int, tuple[Decimal, ...]] | None = None
) -> dict[int, int]:
    """Rank each row by its figure, highest first; equal figures share a rank.

    With `tie_break`, equal figures are ordered by those further figures first.
    """
    keys = {row: (value, *(tie_break or {}).get(row, ())) for row, value in basis.items()}
    ordered = sorted(set(keys.values()), reverse=True)
    counts = Counter(keys.values())
    position: dict[tuple, int] = {}
    next_rank = 1
    for key in ordered:
        position[key] = next_rank
        next_rank += counts[key] if ties == Ties.COMPETITION else 1
    return {row: position[key] for row, key in keys.items()}


def tie_convention(published: list[int]) -> Ties | None:
    """Read from the published ranks whether a shared rank skips the next one.

    None when the ranks show no tie followed by another rank, so either fits.
    """
    counts = Counter(published)
    votes: Counter[Ties] = Counter()
    for rank, count in counts.items():
        if count < 2:
            continue
        if rank + 1 in counts:
            votes[Ties.DENSE] += 1
        elif rank + count in counts:
            votes[Ties.COMPETITION] += 1
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def recompute_ranks(
    table: Table,
    frame: pd.DataFrame,
    basis: dict[int, Decimal],
    ties: Ties | None = None,
    tie_break: dict[int, tuple[Decimal, ...]] | None = None,
) -> tuple[dict[int, int], list[Finding], Ties | None]:
    """Expected ranks, a `rank-mismatch` for each published rank that differs, and the tie convention."""
    column = table.first(Role.RANK)
    if not basis:
        return {}, [], None
    if column is None:
        return row_order_ranks(table, basis)
    published = {
        row: int(value.value)
        for row, value in frame[column.key].items()
        if isinstance(value, Number) and value.value == value.value.to_integral_value()
    }
    read = ties or tie_convention(list(published.values()))
    convention = read or Ties.COMPETITION
    expected = rank_values(basis, convention, tie_break)
    offset = ranked_on_from(list(published.values()), len(basis))
    expected = {row: rank + offset for row, rank in expected.items()}
    unread = unread_ranked_rows(table, frame, list(published.values()), len(basis)) if not offset else 0
    # A row read but with no figure to rank it by (its total unreadable or left blank, reported
    # on its own) may stand above any other: the ranks below it cannot be called wrong for it.
    unread += sum(1 for row in frame.index if row not in basis)
    findings = []
    for row, rank in published.items():
        if row in expected and expected[row] != rank and not expected[row] < rank <= expected[row] + unread:
            findings.append(
                cell_finding(
                    Code.RANK_MISMATCH,
                    table,
                    row,
                    column,
                    expected=str(expected[row]),
                    details=(("basis", format_number(basis[row])), ("ties", convention.value)),
                )
            )
    return expected, findings, read


def ranked_on_from(published: list[int], count: int) -> int:
    """How far a table's ranks go on from ranks printed elsewhere: a part of a longer ranking
    (its ranks 13–17 on five rows, the table cut by a page the reader could not mend) is
    checked within itself, from its first rank, never against 1. Zero for a whole table."""
    if not published or min(published) <= 1 or max(published) <= count:
        return 0
    return min(published) - 1


def unread_ranked_rows(table: Table, frame: pd.DataFrame, published: list[int], count: int) -> int:
    """How many rows of the ranking were printed but not read (a scan's row lost, reported as
    `rows-not-audited`): the row numbers skip that many inside their run, and the ranks reach
    as far beyond the rows read. Each such row may stand above any row read, so a rank up to
    that many places below the one the rows read give cannot be called wrong. Zero when every
    row was read (a typist's skipped row number alone, or a rank too high alone, changes nothing)."""
    column = table.first(Role.ROW_NUMBER)
    if column is None or not published or max(published) <= count:
        return 0
    numbers = [int(v.value) for v in frame[column.key] if isinstance(v, Number) and v.value == v.value.to_integral_value()]
    if len(numbers) < 2 or len(set(numbers)) != len(numbers) or numbers != sorted(numbers):
        return 0
    skipped = numbers[-1] - numbers[0] + 1 - len(numbers)
    return min(skipped, max(published) - count)


def mostly_descending(values: list[Decimal]) -> bool:
    """Whether rows are listed best first (at least four in five steps go down or stay)."""
    steps = list(zip(values, values[1:]))
    return bool(steps) and sum(a >= b for a, b in steps) * 5 >= len(steps) * 4


def row_order_ranks(table: Table, basis: dict[int, Decimal]) -> tuple[dict[int, int], list[Finding], Ties | None]:
    """Without a rank column, a table listed best first ranks by its row order.

    A unit is out of place when its position is outside the positions its (possibly
    shared) rank spans. Tables not listed best first are not ranked at all.
    """
    rows = sorted(basis)
    if not mostly_descending([basis[r] for r in rows]):
        return {}, [], None
    expected = rank_values(basis, Ties.COMPETITION)
    counts = Counter(basis.values())
    column = table.first(Role.ROW_NUMBER) or table.first(Role.UNIT)
    findings = []
    for position, row in enumerate(rows, start=1):
        first = expected[row]
        if not first <= position <= first + counts[basis[row]] - 1:
            findings.append(
                cell_finding(
                    Code.RANK_MISMATCH,
                    table,
                    row,
                    column,
                    published=str(position),
                    expected=str(first),
                    details=(("basis", format_number(basis[row])), ("ties", "row-order")),
                )
            )
    return expected, findings, None
