"""Recompute each scorer's total from its parts, exactly.

A published total that differs from the sum only within the rounding of its parts is
`total-rounding` (info); otherwise `total-mismatch`. When the difference is explained by
one part whose decimal comma was dropped ("15,17" typed "1517"), the part is blamed and
the published total trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import pandas as pd

from cchc_audit.extract.domain.findings import Code, Finding, Scorer
from cchc_audit.extract.domain.model import Column, Role, Table
from cchc_audit.extract.domain.numbers import Number, format_number, half_unit
from cchc_audit.extract.domain.cells import cell_finding


@dataclass(frozen=True)
class Comma:
    """A part read as `printed` that makes its row add up when read as `value`."""

    row: int
    column: Column
    value: Decimal


@dataclass(frozen=True)
class Totals:
    """Per row, the total the ranking should be judged on, and the findings about totals."""

    basis: dict[int, Decimal]
    sums: dict[tuple[int, Scorer | None], Decimal]
    findings: list[Finding]
    commas: list[Comma]


def parts_of(table: Table, total: Column) -> list[Column]:
    """The columns a total adds up: its scorer's areas, and the survey score."""
    areas = [c for c in table.columns if c.role == Role.AREA and c.scorer == total.scorer]
    survey = [c for c in table.columns if c.role == Role.SURVEY]
    return areas + (survey if total.scorer in (None, Scorer.APPRAISED) else [])


def rounding_tolerance(parts: list[Number], total: Number) -> Decimal:
    """How far a correct total may sit from the sum of its rounded parts."""
    slack = sum((half_unit(p.places) for p in parts if p.places > 0), Decimal(0))
    return slack + (half_unit(total.places) if total.places > 0 else Decimal(0))


def recompute_totals(table: Table, frame: pd.DataFrame) -> Totals:
    findings: list[Finding] = []
    commas: list[Comma] = []
    sums: dict[tuple[int, Scorer | None], Decimal] = {}
    basis: dict[int, Decimal] = {}
    counted = table.counted_scorer
    totals = table.by_role(Role.TOTAL)
    for row in frame.index:
        for total in totals or [None]:
            scorer = total.scorer if total else counted
            columns = parts_of(table, total) if total else [
                c for c in table.columns if c.role in (Role.AREA, Role.SURVEY) and c.scorer == counted
            ]
            parts = [frame.at[row, c.key] for c in columns]
            published = frame.at[row, total.key] if total else None
            if not columns or not all(isinstance(p, Number) for p in parts):
                if isinstance(published, Number) and scorer == counted:
                    basis[row] = published.value
                continue
            computed = sum((p.value for p in parts), Decimal(0))
            sums[(row, scorer)] = computed
            trusted = computed
            if isinstance(published, Number) and published.value != computed:
                comma = _dropped_comma(row, columns, parts, published.value)
                if comma is not None:
                    commas.append(comma)
                    trusted = published.value
                if comma is None or comma.column.maximum is None or comma.value > comma.column.maximum or (
                    parts[columns.index(comma.column)].value <= comma.column.maximum
                ):
                    findings.append(_total_finding(table, row, total, parts, columns, published, computed, comma))
            if scorer == counted:
                basis[row] = trusted
    return Totals(basis=basis, sums=sums, findings=findings, commas=commas)


def _dropped_comma(row: int, columns: list[Column], parts: list[Number], published: Decimal) -> Comma | None:
    """The one part that, read with a decimal comma, makes the row add up."""
    total = sum((p.value for p in parts), Decimal(0))
    found = []
    for column, part in zip(columns, parts):
        if part.places:
            continue
        for shift in (1, 2, 3):
            value = part.value.scaleb(-shift)
            if total - part.value + value == published:
                found.append(Comma(row=row, column=column, value=value))
    return found[0] if len(found) == 1 else None


def _total_finding(
    table: Table,
    row: int,
    total: Column,
    parts: list[Number],
    columns: list[Column],
    published: Number,
    computed: Decimal,
    comma: Comma | None,
) -> Finding:
    arithmetic = " + ".join(p.text for p in parts)
    places = max([p.places for p in parts] + [published.places])
    code = Code.TOTAL_MISMATCH
    if comma is None and abs(published.value - computed) <= rounding_tolerance(parts, published):
        code = Code.TOTAL_ROUNDING
    details = [("arithmetic", arithmetic)]
    if comma is not None:
        value = format_number(comma.value)
        details.append(("hint_vi", f" Nếu ô {comma.column.name} là {value} (thiếu dấu phẩy) thì tổng điểm khớp."))
        details.append(("hint_en", f" If cell {comma.column.name} read {value} (a dropped comma), the total would add up."))
    return cell_finding(
        code, table, row, total, expected=format_number(computed, places), details=tuple(details)
    )


def explain_commas(findings: list[Finding], commas: list[Comma]) -> list[Finding]:
    """Give a `score-above-max` whose row adds up with a decimal comma that reading as expected."""
    fixes = {(c.row, c.column.name, c.column.scorer): c for c in commas}
    out = []
    for finding in findings:
        comma = fixes.get((finding.row, finding.column, finding.scorer))
        if finding.code == Code.SCORE_ABOVE_MAX and comma is not None:
            value = format_number(comma.value)
            finding = replace(
                finding,
                expected=value,
                details=finding.details
                + (
                    ("hint_vi", f" Có thể thiếu dấu phẩy thập phân: đọc là {value} thì tổng điểm khớp."),
                    ("hint_en", f" Likely a dropped decimal comma: read as {value}, the total adds up."),
                ),
            )
        out.append(finding)
    return out
