"""A table's cells as typed values: exact numbers, canonical classes, unit names."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cchc_audit.extract.domain.classes import canonical_class
from cchc_audit.extract.domain.model import Column, Role, Table
from cchc_audit.extract.domain.numbers import parse_number, parse_row_number, parse_score
from cchc_audit.extract.domain.text import normalise_text

NUMERIC_ROLES = (Role.AREA, Role.TOTAL, Role.SURVEY, Role.INDEX, Role.MAXIMUM, Role.RANK, Role.ROW_NUMBER)


@dataclass(frozen=True)
class Unreadable:
    """A cell that should hold a number or a class but holds something else."""

    text: str


def cell_value(column: Column, text: str) -> object:
    """The typed value of one cell: Number, class name, unit name, Unreadable or None."""
    text = normalise_text(text)
    if not text:
        return None
    if column.role in NUMERIC_ROLES:
        if column.role in (Role.ROW_NUMBER, Role.RANK):
            number = parse_number(text) or parse_row_number(text)
        else:
            number = parse_score(text) if column.is_score else parse_number(text)
        return number if number is not None else Unreadable(text)
    if column.role == Role.CLASS:
        name = canonical_class(text)
        return name if name is not None else Unreadable(text)
    return text


def table_to_frame(table: Table, rows=None) -> pd.DataFrame:
    """One row per unit, one object column per table column (keyed `c<index>`)."""
    rows = table.rows if rows is None else rows
    data = {
        column.key: [cell_value(column, row.cell(column).text) for row in rows]
        for column in table.columns
        if column.role != Role.NOTE
    }
    return pd.DataFrame(data, index=pd.Index([row.number for row in rows], name="row"), dtype=object)
