"""Find ranking tables in a decision's text: tab- or pipe-separated rows under a header."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extract.domain.model import Extraction, Table
from extract.domain.text import normalise_text
from extract.metadata import table_title_year, text_to_metadata
from extract.roles.assemble import TextRow, UnplacedColumn, as_heading, block_to_tables

_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


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



def text_to_extraction(text: str) -> tuple[Extraction, tuple[UnplacedColumn, ...]]:
    """Metadata and ranking tables of a text decision."""
    found = text_to_tables(text)
    metadata = text_to_metadata(text.splitlines())
    if found.year is not None:
        metadata = replace(metadata, table_year=found.year)
    return Extraction(metadata=metadata, tables=found.tables, reader="text"), found.unplaced
