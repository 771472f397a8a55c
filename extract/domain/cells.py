"""Findings about one table cell, located where the cell stands in the source."""

from __future__ import annotations

from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Column, Role, Table


def cell_finding(code: Code, table: Table, row_number: int, column: Column, **fields) -> Finding:
    """A finding about one cell, carrying the cell's place in the source."""
    row = table.rows[row_number - 1]
    cell = row.cell(column)
    unit_column = table.first(Role.UNIT)
    unit = row.cell(unit_column).text if unit_column else None
    fields.setdefault("published", cell.text)
    return Finding(
        code=code,
        table=table.index,
        row=row_number,
        unit=unit or None,
        column=column.name,
        scorer=column.scorer,
        page=cell.page,
        bbox=cell.bbox,
        line=cell.line,
        **fields,
    )
