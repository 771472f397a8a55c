"""`rows-not-audited`: the body rows a reader found that no audited table holds.

A front end passes on what `block_to_tables` left out (`Extraction.unaudited`); each run of
such rows becomes one warning per page, listing the rows (their lines, or their page and the
box around them) and the units they name, so that no row read is dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.compute.ranks import ranked_on_from
from cchc_audit.extract.domain.model import Cell, Omission, Role, Table, UnauditedRows
from cchc_audit.extract.domain.numbers import parse_row_number, parse_score
from cchc_audit.extract.domain.types import BBox

REASONS = {
    Omission.NO_HEADER: ("không có tiêu đề bảng ở trên", "no table header above them"),
    Omission.NOT_RANKING: ("tiêu đề ở trên không phải của bảng xếp hạng", "the header above them is not a ranking table's"),
    Omission.UNPLACED_COLUMN: ("bảng của chúng có cột không xác định được", "their table has a column that could not be placed"),
    Omission.OUTSIDE_TABLE: ("nằm ngoài mọi bảng đọc được trên trang", "outside every table read on the page"),
    Omission.CRAMMED_ROW: (
        "số liệu của dòng bị đọc dồn vào một ô, không đặt được vào các cột của bảng",
        "the row's figures were read into one cell and could not be placed under the table's columns",
    ),
    Omission.RANKED_ELSEWHERE: (
        "thứ hạng của chúng tiếp nối các dòng không được đọc cùng bảng, chỉ được kiểm tra trong phần này",
        "their ranks go on from rows not read with their table, and are checked only within this part",
    ),
}


def row_label(cells: Sequence[Cell]) -> str:
    """What names a row: its first cell of words, else all its cells."""
    for cell in cells:
        text = cell.text
        if parse_score(text) is None and parse_row_number(text) is None and sum(ch.isalpha() for ch in text) >= 2:
            return text
    return " ".join(c.text for c in cells if c.text)


def _box(cells: Sequence[Cell]) -> BBox | None:
    boxes = [c.bbox for c in cells if c.bbox is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _page(row: Sequence[Cell]) -> int | None:
    return next((c.page for c in row if c.page is not None), None)


def _line(row: Sequence[Cell]) -> int | None:
    return next((c.line for c in row if c.line is not None), None)


def _where(rows: Sequence[Sequence[Cell]], page: int | None) -> tuple[str, str]:
    lines = [line for row in rows if (line := _line(row)) is not None]
    if lines:
        span = f"{lines[0]}" if len(lines) == 1 else f"{lines[0]}–{lines[-1]}"
        return f" (dòng {span})", f" (line{'s' if len(lines) > 1 else ''} {span})"
    if page is not None:
        return f" (trang {page})", f" (page {page})"
    return "", ""


def ranked_elsewhere(tables: Sequence[Table]) -> list[UnauditedRows]:
    """The tables that are a part of a longer ranking (ranks 13–17 on five rows): the reader
    could not join the part to the rows ranked before it, so its ranks are checked only within
    the part (`ranked_on_from`) and the ranking's rows may be lost. Said, never passed."""
    out = []
    for table in tables:
        column = table.first(Role.RANK)
        if column is None:
            continue
        published = [
            int(number.value) for row in table.rows
            if (number := parse_row_number(row.cell(column).text)) is not None
            and number.value == number.value.to_integral_value()
        ]
        if ranked_on_from(published, len(table.rows)):
            out.append(UnauditedRows(Omission.RANKED_ELSEWHERE, tuple(row.cells for row in table.rows)))
    return out


def unaudited_findings(unaudited: Sequence[UnauditedRows]) -> list[Finding]:
    """One `rows-not-audited` warning per run of left-out rows and page."""
    findings = []
    for run in unaudited:
        reason_vi, reason_en = REASONS[run.reason]
        for page, grouped in groupby(run.rows, key=_page):
            rows = list(grouped)
            where_vi, where_en = _where(rows, page)
            findings.append(
                Finding(
                    code=Code.ROWS_NOT_AUDITED,
                    published="; ".join(row_label(row) for row in rows),
                    page=page,
                    bbox=_box([cell for row in rows for cell in row]),
                    line=_line(rows[0]),
                    details=(
                        ("count", str(len(rows))),
                        ("reason", run.reason.value),
                        ("reason_vi", reason_vi),
                        ("reason_en", reason_en),
                        ("where_vi", where_vi),
                        ("where_en", where_en),
                    ),
                )
            )
    return findings
