"""Ranks from the recomputed totals, with the document's own tie convention."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from enum import StrEnum

import pandas as pd

from extract.findings import Code, Finding
from extract.model import Role, Table
from extract.numbers import Number, format_number
from validate.checks import cell_finding


class Ties(StrEnum):
    COMPETITION = "competition"  # 1, 2, 2, 4
    DENSE = "dense"  # 1, 2, 2, 3


def rank_values(basis: dict[int, Decimal], ties: Ties) -> dict[int, int]:
    """Rank each row by its figure, highest first; equal figures share a rank."""
    ordered = sorted(set(basis.values()), reverse=True)
    counts = Counter(basis.values())
    position: dict[Decimal, int] = {}
    next_rank = 1
    for value in ordered:
        position[value] = next_rank
        next_rank += counts[value] if ties == Ties.COMPETITION else 1
    return {row: position[value] for row, value in basis.items()}


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
    table: Table, frame: pd.DataFrame, basis: dict[int, Decimal], ties: Ties | None = None
) -> tuple[dict[int, int], list[Finding], Ties | None]:
    """Expected ranks, a `rank-mismatch` for each published rank that differs, and the tie convention."""
    column = table.first(Role.RANK)
    if column is None or not basis:
        return {}, [], None
    published = {
        row: int(value.value)
        for row, value in frame[column.key].items()
        if isinstance(value, Number) and value.value == value.value.to_integral_value()
    }
    read = ties or tie_convention(list(published.values()))
    convention = read or Ties.COMPETITION
    expected = rank_values(basis, convention)
    findings = []
    for row, rank in published.items():
        if row in expected and expected[row] != rank:
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
