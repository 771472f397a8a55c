"""Footer rows of averages ("Giá trị trung bình") checked as averages of the units above."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from cchc_audit.compute.index import matches_at_precision
from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Role, Table
from cchc_audit.extract.domain.numbers import Number, format_number
from cchc_audit.validate.frame import cell_value


def check_averages(table: Table, frame: pd.DataFrame) -> list[Finding]:
    findings = []
    for footer in table.footer:
        for column in table.columns:
            if column.role not in (Role.AREA, Role.TOTAL, Role.SURVEY, Role.INDEX):
                continue
            cell = footer.cell(column)
            published = cell_value(column, cell.text)
            values = [v.value for v in frame[column.key] if isinstance(v, Number)]
            if not isinstance(published, Number) or not values:
                continue
            exact = sum(values, Decimal(0)) / len(values)
            if matches_at_precision(exact, published):
                continue
            findings.append(
                Finding(
                    code=Code.AVERAGE_MISMATCH,
                    table=table.index,
                    unit=footer.cell(table.first(Role.UNIT)).text or None,
                    column=column.name,
                    scorer=column.scorer,
                    published=cell.text,
                    expected=format_number(exact, published.places),
                    page=cell.page,
                    bbox=cell.bbox,
                    line=cell.line,
                    details=(("count", str(len(values))),),
                )
            )
    return findings
