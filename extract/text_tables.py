"""Find ranking tables in a decision's text: tab- or pipe-separated rows under a header."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from extract.header import HeaderError, header_to_columns, is_ranking_header
from extract.metadata import table_title_year, text_to_metadata
from extract.model import Cell, Column, Extraction, Role, Row, Table
from extract.numbers import parse_number
from extract.text import fold, normalise_text, squash

_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
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


@dataclass(frozen=True)
class TextTables:
    tables: tuple[Table, ...]
    unplaced: tuple[UnplacedColumn, ...]
    title: str | None
    year: int | None


def split_row(line: str) -> tuple[str, ...] | None:
    """The cells of a table line, or None when the line is not a table row."""
    stripped = line.strip()
    if "\t" in line:
        cells = line.rstrip("\r\n").split("\t")
    elif stripped.startswith("|") and stripped.count("|") >= 2:
        if _RULE.match(stripped):
            return ()
        cells = stripped.strip("|").split("|")
    else:
        return None
    cells = [normalise_text(c) for c in cells]
    if sum(1 for c in cells if c) < 2:
        return None if not any(cells) else tuple(cells)
    return tuple(cells)


def lines_to_blocks(lines: Sequence[str]) -> list[list[TextRow]]:
    """Runs of table rows; blank lines inside a run do not end it."""
    blocks: list[list[TextRow]] = []
    current: list[TextRow] = []
    for number, line in enumerate(lines, start=1):
        cells = split_row(line)
        if cells is None:
            if line.strip():
                if current:
                    blocks.append(current)
                current = []
            continue
        if cells:
            current.append(TextRow(number, cells))
    if current:
        blocks.append(current)
    return blocks


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


def text_to_tables(text: str) -> TextTables:
    """Every ranking table in a decision's text."""
    lines = text.splitlines()
    tables: list[Table] = []
    unplaced: list[UnplacedColumn] = []
    title = year = None
    starts: list[int] = []
    for block in lines_to_blocks(lines):
        found, problem = block_to_tables(block, first_index=len(tables) + 1)
        if problem:
            unplaced.append(problem)
        if found and title is None:
            title, year = table_title_year(lines[: block[0].line - 1])
        tables.extend(found)
        starts.extend([block[0].line] * len(found))
    if len(tables) > 1:
        tables = [t if t.title else replace(t, title=_heading_above(lines, start)) for t, start in zip(tables, starts)]
    return TextTables(tuple(tables), tuple(unplaced), title, year)


def _heading_above(lines: Sequence[str], line: int) -> str | None:
    """The text line just above a table, when it reads as a heading."""
    for text in reversed(lines[: line - 1]):
        if normalise_text(text):
            return as_heading(text)
    return None


def as_heading(text: str | None) -> str | None:
    """A line of text as a table's title: short, not a parenthesis ("(Kèm theo …)")."""
    text = normalise_text(text or "")
    return text if text and len(text) <= 120 and not text.startswith("(") else None


def text_to_extraction(text: str) -> tuple[Extraction, tuple[UnplacedColumn, ...]]:
    """Metadata and ranking tables of a text decision."""
    found = text_to_tables(text)
    metadata = text_to_metadata(text.splitlines())
    if found.year is not None:
        metadata = replace(metadata, table_year=found.year)
    return Extraction(metadata=metadata, tables=found.tables, reader="text"), found.unplaced


def unit_key(text: str) -> str:
    """A unit name folded for duplicate detection."""
    return fold(text)


def column_by_key(columns: Sequence[Column], key: str) -> Column | None:
    return next((c for c in columns if c.key == key), None)
