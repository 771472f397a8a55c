"""Rows of cell texts → ranking tables, for every front end: which rows are the header, the
units, block titles, footers and repeated headers, and the header's column roles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from extract.roles.header import HeaderError, header_to_columns, is_ranking_header
from extract.domain.model import Cell, Role, Row, Table
from extract.domain.numbers import parse_number
from extract.domain.text import fold, normalise_text, squash

_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2}|[A-Za-z])\s*\)?$|^\(?\d{1,2}\s*[=+]\s*[\d+\s]+\)?$")
MAX_HEADER_ROWS = 3


@dataclass(frozen=True)
class TextRow:
    """One row's cell texts; `located` holds the same cells with their page and bbox (PDF)."""

    line: int | None
    cells: tuple[str, ...]
    located: tuple[Cell, ...] = ()

    def source_cells(self) -> tuple[Cell, ...]:
        return self.located or tuple(Cell(text, line=self.line) for text in self.cells)


@dataclass(frozen=True)
class UnplacedColumn:
    """A table-like block whose header names a column no role fits."""

    header: str
    line: int | None
    page: int | None = None


def is_data_row(cells: Sequence[str]) -> bool:
    """A unit's row: a row number or a name followed by figures."""
    numeric = sum(1 for c in cells if parse_number(c) is not None)
    return numeric >= 2 and not is_column_number_row(cells)


def is_column_number_row(cells: Sequence[str]) -> bool:
    """The "(1) (2) (3) …" row that numbers a table's columns."""
    filled = [c for c in cells if c]
    if len(filled) < 3 or not all(_COLUMN_NUMBER.match(c) for c in filled):
        return False
    numbers = [int(m[1]) for c in filled if (m := re.match(r"^\(?\s*(\d+)\s*\)?$", c))]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def is_title_row(cells: Sequence[str]) -> bool:
    """A row holding only a block title ("I. Khối sở, ban, ngành")."""
    filled = [c for c in cells if c]
    return len(filled) == 1 and parse_number(filled[0]) is None or (
        len(filled) == 2 and re.match(r"^[IVXLA-D]+\.?$", filled[0]) is not None and parse_number(filled[1]) is None
    )


_AVERAGE_WORDS = ("gia tri trung binh", "trung binh chung", "binh quan", "diem trung binh", "trung binh cong")


def is_average_row(cells: Sequence[str], unit_index: int) -> bool:
    """A footer row of averages ("Giá trị trung bình"), not a unit."""
    texts = [fold(c) for c in cells[: unit_index + 2] if c and parse_number(c) is None]
    return any(t.strip(" .:") in ("trung binh",) or any(w in t for w in _AVERAGE_WORDS) for t in texts)


def is_repeated_header(cells: Sequence[str], header_rows: Sequence[Sequence[str]]) -> bool:
    """A header row printed again on a later page, allowing for OCR's small misreadings.

    It holds no figures, and most of its labels read (almost) as the first page's do.
    """
    if tuple(cells) in [tuple(r) for r in header_rows]:
        return True
    if is_data_row(cells):
        return False
    for header in header_rows:
        pairs = [(squash(a), squash(b)) for a, b in zip(cells, header) if a or b]
        if len(pairs) >= 2:
            alike = sum(1 for a, b in pairs if a == b or (a and b and SequenceMatcher(None, a, b).ratio() >= 0.8))
            if alike * 4 >= len(pairs) * 3:
                return True
    return False


def block_to_tables(
    block: Sequence[TextRow], first_index: int, reader: str = "text", ruled: bool | None = None
) -> tuple[list[Table], UnplacedColumn | None]:
    """Tables found in one run of rows: a header, then units, maybe split by block titles."""
    start = next((i for i, row in enumerate(block) if is_data_row(row.cells)), None)
    if start is None or start == 0:
        return [], None
    header = [row for row in block[:start] if not is_column_number_row(row.cells)]
    titles_above = [row for row in header if is_title_row(row.cells)]
    header = [row for row in header if not is_title_row(row.cells)][-MAX_HEADER_ROWS:]
    if not header:
        return [], None
    body = block[start:]
    try:
        columns = header_to_columns([r.cells for r in header], [r.cells for r in body])
    except HeaderError as error:
        return [], UnplacedColumn(error.header, header[0].line, header[0].source_cells()[0].page)
    if not is_ranking_header(columns):
        return [], None
    header_cells = header[0].source_cells()
    header_texts = [tuple(r.cells) for r in header]
    tables: list[Table] = []
    title = " ".join(c for c in titles_above[-1].cells if c) if titles_above else None
    rows: list[Row] = []
    footer: list[Row] = []
    unit_column = next(c for c in columns if c.role == Role.UNIT)

    def close() -> None:
        if rows:
            tables.append(
                Table(
                    index=first_index + len(tables),
                    columns=columns,
                    rows=tuple(rows),
                    reader=reader,
                    title=title,
                    header_cells=header_cells,
                    footer=tuple(footer),
                    ruled=ruled,
                )
            )

    for text_row in body:
        cells = text_row.cells
        if is_repeated_header(cells, header_texts) or is_column_number_row(cells):
            continue  # a header repeated on a later page
        if is_title_row(cells) and not is_average_row(cells, unit_column.index):
            close()
            title = " ".join(c for c in cells if c)
            rows, footer = [], []
            continue
        if not any(cells):
            continue
        if is_average_row(cells, unit_column.index):
            footer.append(Row(number=len(footer) + 1, cells=text_row.source_cells()))
            continue
        rows.append(Row(number=len(rows) + 1, cells=text_row.source_cells()))
    close()
    return tables, None


def as_heading(text: str | None) -> str | None:
    """A line of text as a table's title: short, not a parenthesis ("(Kèm theo …)")."""
    text = normalise_text(text or "")
    return text if text and len(text) <= 120 and not text.startswith("(") else None
