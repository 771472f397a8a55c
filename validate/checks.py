"""Validate a table lazily and turn every failure case into a `Finding`."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pandas as pd
import pandera.errors

from cchc_audit.extract.domain.cells import cell_finding
from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Column, Role, Table
from cchc_audit.extract.domain.numbers import Number, format_number
from cchc_audit.extract.domain.text import fold
from cchc_audit.validate.frame import Unreadable, table_to_frame
from cchc_audit.validate.schema import NOT_NULLABLE, UNIQUE, build_schema

_EXPECTED_KIND = {
    Role.CLASS: ("phân loại", "class"),
    Role.RANK: ("số nguyên dương", "positive whole number"),
}


def failure_cases(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """pandera's failure cases for the table, empty when it passes."""
    try:
        build_schema(table).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        return cases[cases["index"].notna()]
    return pd.DataFrame(columns=["column", "check", "index", "failure_case"])


def validate_table(table: Table, frame: pd.DataFrame | None = None) -> list[Finding]:
    """Structure and range findings for one table, in row then column order."""
    frame = table_to_frame(table) if frame is None else frame
    cases = failure_cases(table, frame)
    by_key = {column.key: column for column in table.columns}
    per_cell: list[tuple[int, int, Finding]] = []
    excess: dict[Column, list[int]] = defaultdict(list)
    for case in cases.itertuples(index=False):
        column = by_key[case.column]
        row = int(case.index)
        check = str(case.check)
        if check == Code.SCORE_ABOVE_MAX.value:
            excess[column].append(row)
            continue
        finding = _translate(check, table, frame, row, column)
        if finding is not None:
            per_cell.append((row, column.index, finding))
    table_level, above = _excess_findings(table, frame, excess)
    per_cell.extend(above)
    per_cell.extend(row_number_findings(table, frame))
    per_cell.sort(key=lambda item: (item[0], item[1]))
    return maxima_findings(table) + table_level + [finding for _, _, finding in per_cell]


def _translate(check: str, table: Table, frame: pd.DataFrame, row: int, column: Column) -> Finding | None:
    if check == NOT_NULLABLE:
        return cell_finding(Code.MISSING_VALUE, table, row, column, published="")
    if check == UNIQUE:
        first = _first_row_with(frame, column, row)
        return cell_finding(Code.DUPLICATE_UNIT, table, row, column, details=(("first_row", str(first)),))
    if check in (Code.UNREADABLE_VALUE.value, "rank-not-integer"):
        vi, en = _EXPECTED_KIND.get(column.role, ("số", "number"))
        return cell_finding(
            Code.UNREADABLE_VALUE, table, row, column, details=(("expected_kind_vi", vi), ("expected_kind_en", en))
        )
    if check == Code.NEGATIVE_SCORE.value:
        return cell_finding(Code.NEGATIVE_SCORE, table, row, column)
    raise ValueError(f"no finding for pandera check {check!r}")  # a schema check without a code


def _first_row_with(frame: pd.DataFrame, column: Column, row: int) -> int:
    wanted = fold(str(frame.at[row, column.key]))
    for number, value in frame[column.key].items():
        if fold(str(value)) == wanted:
            return int(number)
    return row


def _excess_findings(
    table: Table, frame: pd.DataFrame, excess: dict[Column, list[int]]
) -> tuple[list[Finding], list[tuple[int, int, Finding]]]:
    """One `max-likely-misprinted` for a mostly-exceeded area, else one finding per cell.

    An area's scores are counted over all its scorers: 9 of 16 above the maximum is "most".
    """
    groups: dict[tuple[Role, str], list[Column]] = defaultdict(list)
    for column in table.columns:
        if column.role in (Role.AREA, Role.TOTAL, Role.SURVEY):
            groups[(column.role, column.name)].append(column)
    table_level: list[Finding] = []
    cells: list[tuple[int, int, Finding]] = []
    for (_, name), columns in groups.items():
        exceeded = [(column, row) for column in columns for row in excess.get(column, [])]
        if not exceeded:
            continue
        scores = sum(isinstance(v, Number) for column in columns for v in frame[column.key])
        if len(exceeded) * 2 > scores and columns[0].maximum is not None:
            maximum = columns[0].maximum
            table_level.append(
                Finding(
                    code=Code.MAX_LIKELY_MISPRINTED,
                    table=table.index,
                    column=name,
                    published=format_number(maximum),
                    rows=tuple(sorted({row for _, row in exceeded})),
                    details=(("total", str(scores)), ("count", str(len(exceeded)))),
                    line=table.header_cells[0].line if table.header_cells else None,
                    page=table.header_cells[0].page if table.header_cells else None,
                )
            )
            continue
        for column, row in exceeded:
            value = frame.at[row, column.key]
            limit = value.maximum if value.maximum is not None else column.maximum
            finding = cell_finding(
                Code.SCORE_ABOVE_MAX,
                table,
                row,
                column,
                expected=None,
                details=(("maximum", format_number(limit)),),
            )
            cells.append((row, column.index, finding))
    return table_level, cells


def maxima_findings(table: Table) -> list[Finding]:
    """`maxima-sum-mismatch` when every area states a maximum and they do not add up."""
    findings = []
    for total in table.by_role(Role.TOTAL):
        parts = [c for c in table.columns if c.role in (Role.AREA, Role.SURVEY) and c.scorer == total.scorer]
        if total.maximum is None or not parts or any(c.maximum is None for c in parts):
            continue
        stated = sum((c.maximum for c in parts), Decimal(0))
        if stated != total.maximum:
            findings.append(
                Finding(
                    code=Code.MAXIMA_SUM_MISMATCH,
                    table=table.index,
                    column=total.name,
                    scorer=total.scorer,
                    published=format_number(total.maximum),
                    expected=format_number(stated),
                    line=table.header_cells[0].line if table.header_cells else None,
                )
            )
            break  # one scorer's header says it for all
    return findings


def row_number_findings(table: Table, frame: pd.DataFrame) -> list[tuple[int, int, Finding]]:
    """STT should count 1, 2, 3 …; where it doubles as the rank it may repeat."""
    column = table.first(Role.ROW_NUMBER)
    if column is None:
        return []
    values = list(frame[column.key])
    rank = table.first(Role.RANK)
    if rank is not None and all(
        isinstance(a, Number) and isinstance(b, Number) and a.value == b.value
        for a, b in zip(values, frame[rank.key])
    ):
        return []
    findings = []
    for position, value in enumerate(values, start=1):
        if isinstance(value, Number) and value.value != position:
            finding = cell_finding(Code.ROW_NUMBER_SEQUENCE, table, position, column, expected=str(position))
            findings.append((position, column.index, finding))
        elif isinstance(value, Unreadable):
            continue
    return findings
