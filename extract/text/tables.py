"""Find ranking tables in a decision's text: tab- or pipe-separated rows under a header."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cchc_audit.extract.domain.model import Extraction, Table, UnauditedRows
from cchc_audit.extract.domain.text import normalise_text
from cchc_audit.extract.metadata import table_title_year, text_to_metadata
from cchc_audit.extract.roles.assemble import (
    TextRow,
    UnplacedColumn,
    as_heading,
    block_to_tables,
    is_column_number_row,
    is_data_row,
)

_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class TextTables:
    tables: tuple[Table, ...]
    unplaced: tuple[UnplacedColumn, ...]
    title: str | None
    year: int | None
    unaudited: tuple[UnauditedRows, ...] = ()


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
    return join_continued(blocks)


def join_continued(blocks: Sequence[list[TextRow]]) -> list[list[TextRow]]:
    """Rejoin a table that a line of other text cut in two ("Trang 2", a running header):
    a block of figures with no header of its own continues the block before it, and a
    header with no figures under it goes on in the block after it, when both are as wide."""
    out: list[list[TextRow]] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous and _width(previous) == _width(block) and (_headless(block) or not _has_figures(previous)):
            out[-1] = previous + block
        else:
            out.append(list(block))
    return out


def _width(block: Sequence[TextRow]) -> int:
    return max(len(row.cells) for row in block)


def _has_figures(block: Sequence[TextRow]) -> bool:
    return any(is_data_row(row.cells) for row in block)


def _headless(block: Sequence[TextRow]) -> bool:
    """Figures from the first row, or after nothing but a column-number row."""
    first = next((row for row in block if not is_column_number_row(row.cells)), None)
    return first is not None and is_data_row(first.cells)



def text_to_tables(text: str) -> TextTables:
    """Every ranking table in a decision's text."""
    lines = text.splitlines()
    tables: list[Table] = []
    unplaced: list[UnplacedColumn] = []
    unaudited: list[UnauditedRows] = []
    title = year = None
    starts: list[int] = []
    for block in lines_to_blocks(lines):
        assembly = block_to_tables(block, first_index=len(tables) + 1)
        found, problem = assembly
        unaudited.extend(assembly.unaudited)
        if problem:
            unplaced.append(problem)
        if found and title is None:
            title, year = table_title_year(lines[: block[0].line - 1])
        tables.extend(found)
        starts.extend([block[0].line] * len(found))
    if len(tables) > 1:
        tables = [t if t.title else replace(t, title=_heading_above(lines, start)) for t, start in zip(tables, starts)]
    return TextTables(tuple(tables), tuple(unplaced), title, year, tuple(unaudited))



def _heading_above(lines: Sequence[str], line: int) -> str | None:
    """The text line just above a table, when it reads as a heading."""
    for text in reversed(lines[: line - 1]):
        if normalise_text(text):
            return as_heading(text)
    return None



def text_to_extraction(text: str) -> tuple[Extraction, tuple[UnplacedColumn, ...]]:
    """Metadata and ranking tables of a text decision."""
    found = text_to_tables(text)
    metadata = text_to_metadata(text.splitlines())
    if found.year is not None:
        metadata = replace(metadata, table_year=found.year)
    extraction = Extraction(metadata=metadata, tables=found.tables, reader="text", unaudited=found.unaudited)
    return extraction, found.unplaced
