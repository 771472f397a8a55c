"""Whether anything was checked on a table: a table on which no total, index, rank or class
could be recomputed and compared is `table-not-checked` (an error), never an empty report."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pandas as pd

from cchc_audit.compute.totals import Totals, parts_of
from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Role, Table
from cchc_audit.extract.domain.numbers import Number


def _numbers(frame: pd.DataFrame, key: str) -> list[int]:
    return [row for row, value in frame[key].items() if isinstance(value, Number)]


def compared_something(
    table: Table, frame: pd.DataFrame, totals: Totals, basis: dict[int, Decimal], ranks: dict[int, int],
    classes: dict[int, str],
) -> bool:
    """Whether a published total, index, rank or class was set against a recomputed figure;
    `basis` is what ranks and classes were judged on (the totals, or the index)."""
    for total in table.by_role(Role.TOTAL):
        if any((row, total.scorer) in totals.sums for row in _numbers(frame, total.key)):
            return True
    index = table.first(Role.INDEX)
    if index is not None and any(row in totals.basis for row in _numbers(frame, index.key)):
        return True
    rank = table.first(Role.RANK)
    if ranks and (rank is None or any(row in ranks for row in _numbers(frame, rank.key))):
        return True  # without a rank column, the row order was checked
    column = table.first(Role.CLASS)
    if column is not None:
        published = [row for row, value in frame[column.key].items() if isinstance(value, str) and row in basis]
        if classes and published or len(published) >= 2:
            return True
    return False


def why_not_checked(table: Table, frame: pd.DataFrame, basis: dict[int, Decimal]) -> tuple[list[str], list[str]]:
    """The reasons, in Vietnamese and in English, that nothing could be recomputed."""
    vi: list[str] = []
    en: list[str] = []
    scores = [c for c in table.columns if c.is_score]
    if scores and not any(_numbers(frame, c.key) for c in scores):
        vi.append("không đọc được ô điểm nào")
        en.append("no score could be read")
    areas = Counter((c.name, c.scorer) for c in table.by_role(Role.AREA))
    if any(count > 1 for count in areas.values()):
        vi.append("các cột lĩnh vực không có tên riêng")
        en.append("the area columns have no names of their own")
    totals = table.by_role(Role.TOTAL)
    if not totals:
        vi.append("không có cột tổng điểm")
        en.append("there is no total column")
    elif not any(parts_of(table, total) for total in totals):
        vi.append("không có cột điểm thành phần cùng người chấm với tổng điểm")
        en.append("no part column is scored by the total's scorer")
    if table.first(Role.RANK) is None:
        vi.append("không có cột xếp hạng và các dòng không xếp theo điểm" if basis else "không có cột xếp hạng")
        en.append("there is no rank column and the rows are not listed best first" if basis else "there is no rank column")
    if table.first(Role.CLASS) is None:
        vi.append("không có cột phân loại")
        en.append("there is no class column")
    return vi, en


def table_not_checked(
    table: Table, frame: pd.DataFrame, totals: Totals, basis: dict[int, Decimal], ranks: dict[int, int],
    classes: dict[int, str],
) -> list[Finding]:
    """`table-not-checked` naming why, when nothing on the table could be recomputed."""
    if compared_something(table, frame, totals, basis, ranks, classes):
        return []
    vi, en = why_not_checked(table, frame, basis)
    header = table.header_cells[0] if table.header_cells else None
    return [
        Finding(
            code=Code.TABLE_NOT_CHECKED,
            table=table.index,
            published=table.title,
            line=header.line if header else None,
            page=header.page if header else None,
            details=(
                ("table_name", table.title or str(table.index)),
                ("reason_vi", "; ".join(vi) or "không rõ lý do"),
                ("reason_en", "; ".join(en) or "for no reason the tool can tell"),
            ),
        )
    ]
