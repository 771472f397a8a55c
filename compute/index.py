"""The PAR Index: total ÷ the unit's maximum × 100, compared at the published precision."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pandas as pd

from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Role, Table
from cchc_audit.extract.domain.numbers import Number, format_number
from cchc_audit.extract.domain.cells import cell_finding

HUNDRED = Decimal(100)


def unit_maxima(table: Table, frame: pd.DataFrame) -> dict[int, Decimal]:
    """Each unit's maximum: its own "Điểm tối đa" cell, a "43,26/60" total, the header's, or 100."""
    maximum_column = table.first(Role.MAXIMUM)
    counted = [c for c in table.by_role(Role.TOTAL) if c.scorer == table.counted_scorer]
    total = counted[0] if counted else None
    parts = [c for c in table.columns if c.role in (Role.AREA, Role.SURVEY) and c.scorer == table.counted_scorer]
    stated_parts = sum((c.maximum for c in parts), Decimal(0)) if parts and all(c.maximum for c in parts) else None
    maxima = {}
    for row in frame.index:
        candidates = [
            frame.at[row, maximum_column.key].value
            if maximum_column is not None and isinstance(frame.at[row, maximum_column.key], Number)
            else None,
            frame.at[row, total.key].maximum if total is not None and isinstance(frame.at[row, total.key], Number) else None,
            total.maximum if total is not None else None,
            stated_parts,
        ]
        maxima[row] = next((c for c in candidates if c), HUNDRED)
    return maxima


def index_values(totals: dict[int, Decimal], maxima: dict[int, Decimal]) -> dict[int, Decimal]:
    """The exact index of each unit (not rounded: ranks and bands use it as is)."""
    return {row: total / maxima[row] * HUNDRED for row, total in totals.items()}


def published_index(table: Table, frame: pd.DataFrame) -> dict[int, Decimal]:
    """The index as printed, per row: what a table printing no scores ranks and classes by."""
    column = table.first(Role.INDEX)
    if column is None:
        return {}
    return {row: value.value for row, value in frame[column.key].items() if isinstance(value, Number)}


def matches_at_precision(exact: Decimal, published: Number) -> bool:
    """Whether the published figure is the exact one rounded half-up, or cut, to its decimals."""
    step = Decimal(1).scaleb(-published.places)
    return published.value in (exact.quantize(step, ROUND_HALF_UP), exact.quantize(step, ROUND_DOWN))


def check_index(
    table: Table, frame: pd.DataFrame, totals: dict[int, Decimal], maxima: dict[int, Decimal]
) -> list[Finding]:
    column = table.first(Role.INDEX)
    if column is None:
        return []
    findings = []
    for row, exact in index_values(totals, maxima).items():
        published = frame.at[row, column.key]
        if not isinstance(published, Number) or matches_at_precision(exact, published):
            continue
        arithmetic = f"{format_number(totals[row])} ÷ {format_number(maxima[row])} × 100"
        findings.append(
            cell_finding(
                Code.INDEX_MISMATCH,
                table,
                row,
                column,
                expected=format_number(exact, published.places),
                details=(("arithmetic", arithmetic),),
            )
        )
    return findings
