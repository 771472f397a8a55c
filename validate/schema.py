"""Build a pandera schema at run time from the columns a header was found to have.

Each check is named after the finding code its failures become, so translating
pandera's failure cases into findings needs no second table of rules.
"""

from __future__ import annotations

from decimal import Decimal

import pandera.pandas as pa

from cchc_audit.extract.domain.findings import Code
from cchc_audit.extract.domain.model import Column, Role, Table
from cchc_audit.extract.domain.numbers import Number
from cchc_audit.validate.frame import NUMERIC_ROLES, Unreadable

REQUIRED_ROLES = (Role.UNIT, Role.AREA, Role.TOTAL, Role.SURVEY, Role.INDEX, Role.RANK, Role.CLASS)
# pandera's own names for its built-in checks, and the codes they become.
NOT_NULLABLE = "not_nullable"
UNIQUE = "field_uniqueness"


def _readable(value: object) -> bool:
    return not isinstance(value, Unreadable)


def _not_negative(value: object) -> bool:
    return not isinstance(value, Number) or value.value >= 0


def _at_most(maximum: Decimal | None):
    """A score within its own stated maximum ("43,26/60"), else within the column's."""

    def check(value: object) -> bool:
        if not isinstance(value, Number):
            return True
        limit = value.maximum if value.maximum is not None else maximum
        return limit is None or value.value <= limit

    return check


def _positive_integer(value: object) -> bool:
    if not isinstance(value, Number):
        return True
    return value.value > 0 and value.value == value.value.to_integral_value()


def column_schema(column: Column) -> pa.Column:
    checks = []
    if column.role in NUMERIC_ROLES or column.role == Role.CLASS:
        checks.append(pa.Check(_readable, element_wise=True, name=Code.UNREADABLE_VALUE.value))
    if column.role in (Role.AREA, Role.TOTAL, Role.SURVEY, Role.INDEX):
        checks.append(pa.Check(_not_negative, element_wise=True, name=Code.NEGATIVE_SCORE.value))
    if column.is_score:
        checks.append(pa.Check(_at_most(column.maximum), element_wise=True, name=Code.SCORE_ABOVE_MAX.value))
    if column.role == Role.RANK:
        checks.append(pa.Check(_positive_integer, element_wise=True, name="rank-not-integer"))
    return pa.Column(
        object,
        checks=checks,
        nullable=column.role not in REQUIRED_ROLES,
        unique=column.role == Role.UNIT,
        report_duplicates="exclude_first",
        name=column.key,
        title=column.name,
    )


def build_schema(table: Table) -> pa.DataFrameSchema:
    """A schema for one table: ranges from its stated maxima, unique non-empty unit names."""
    return pa.DataFrameSchema(
        {column.key: column_schema(column) for column in table.columns if column.role != Role.NOTE},
        strict=True,
        coerce=False,
        name=table.title or f"table {table.index}",
    )
