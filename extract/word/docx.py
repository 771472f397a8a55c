"""Read Word (.docx) decisions: paragraphs and tables in document order.

A Word file holds the table's logical cells, so no layout has to be guessed: each table
row becomes one row of cells, a merged cell keeps its text in its first grid column and
leaves the columns and rows it spans empty (as the text export does), and the result
goes through the same table and metadata readers as a text decision. Findings locate
their cells by table, row and column; line numbers refer to no real line and are dropped.
"""

from __future__ import annotations

import io
from dataclasses import replace

from cchc_audit.extract.domain.model import Document, Extraction
from cchc_audit.extract.source import SourceError
from cchc_audit.extract.domain.text import normalise_text
from cchc_audit.extract.metadata import text_to_metadata
from cchc_audit.extract.roles.assemble import UnplacedColumn
from cchc_audit.extract.text.tables import text_to_tables

MAX_TABLE_CELLS = 200_000


def _rows_of(table) -> list[list[str]]:
    """A Word table's rows with merged cells emptied after their first grid position."""
    rows: list[list[str]] = []
    above: list[object] = []
    for row in table.rows:
        texts, elements = [], []
        for position, cell in enumerate(row.cells):
            element = cell._tc
            repeated = (elements and elements[-1] is element) or (position < len(above) and above[position] is element)
            texts.append("" if repeated else normalise_text(" ".join(p.text for p in cell.paragraphs)))
            elements.append(element)
        rows.append(texts)
        above = elements
    return rows


def docx_to_lines(data: bytes) -> tuple[list[str], list[str]]:
    """The document as text lines twice over.

    For tables: a paragraph a line, a table row as tab-separated cells. For metadata: a
    paragraph a line, each paragraph of a table cell too (the masthead is a table whose
    cells stack the issuer, the number and the date).
    """
    try:
        from docx import Document as open_docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise SourceError("cần gói python-docx để đọc tệp Word", "python-docx is needed to read Word files") from None
    try:
        word = open_docx(io.BytesIO(data))
    except Exception as error:  # python-docx raises zipfile, KeyError and lxml errors for broken files
        raise SourceError(f"tệp Word hỏng ({type(error).__name__})", f"broken Word file ({type(error).__name__})") from None
    lines: list[str] = []
    metadata_lines: list[str] = []
    cells = 0
    for child in word.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, word).text.replace("\t", " ").splitlines() or [""]
            lines.extend(text)
            metadata_lines.extend(text)
        elif tag == "tbl":
            table = Table(child, word)
            for row in _rows_of(table):
                cells += len(row)
                if cells > MAX_TABLE_CELLS:
                    raise SourceError("bảng quá lớn", "table too large")
                lines.append("\t".join(row))
            lines.append("")
            if len(table.rows) <= 4:  # a masthead or signature block, not an annex
                for row in table.rows:
                    for cell in row.cells:
                        metadata_lines.extend(p.text for p in cell.paragraphs)
    return lines, metadata_lines


def docx_to_extraction(document: Document) -> tuple[Extraction, tuple[UnplacedColumn, ...]]:
    """Metadata and ranking tables of a Word decision."""
    try:
        lines, metadata_lines = docx_to_lines(document.data)
    except SourceError as error:
        raise SourceError(f"{document.source}: {error.message_vi}", f"{document.source}: {error.message_en}") from None
    found = text_to_tables("\n".join(lines))
    metadata = replace(text_to_metadata(metadata_lines), number_line=None, date_line=None, table_year=found.year)
    tables = tuple(
        replace(table, reader="python-docx", rows=tuple(_unlined(row) for row in table.rows),
                footer=tuple(_unlined(row) for row in table.footer),
                header_cells=tuple(replace(c, line=None) for c in table.header_cells))
        for table in found.tables
    )
    unplaced = tuple(replace(u, line=None) for u in found.unplaced)
    unaudited = tuple(
        replace(run, rows=tuple(tuple(replace(c, line=None) for c in row) for row in run.rows))
        for run in found.unaudited
    )
    return Extraction(metadata=metadata, tables=tables, reader="python-docx", unaudited=unaudited), unplaced


def _unlined(row):
    return replace(row, cells=tuple(replace(cell, line=None) for cell in row.cells))
