"""camelot as a second reader: each cell it reads differently is an `extraction-disagreement`.

Asked for with `--cross-check` (on in the scheduled flow). Ruled tables are read with
camelot's lattice flavor; unruled ones with its stream flavor inside the table's area and
between the column edges our reader found, so the two readings can be put side by side.
camelot's rows go through the same mending as ours (repeated headers dropped, rows broken
by a page end joined); its units' rows are then compared with ours in order, cell by cell.
A disagreement is a warning about reading, never a finding about the publication.
"""

from __future__ import annotations

from collections.abc import Sequence

from cchc_audit.extract.domain.cells import cell_finding
from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Cell, Document, Extraction, Role, Table
from cchc_audit.extract.layout.words import Grid
from cchc_audit.extract.source import SourceError
from cchc_audit.extract.domain.text import normalise_text
from cchc_audit.extract.roles.assemble import TextRow, is_data_row
from cchc_audit.extract.layout.wrap import rejoin_lines

OTHER_READER = "camelot"


def cross_check(document: Document, extraction: Extraction) -> list[Finding]:
    """Disagreements between our reading of each table and camelot's."""
    findings: list[Finding] = []
    for table in extraction.tables:
        theirs = camelot_rows(document, table)
        findings.extend(compare_rows(table, theirs))
    return findings


def table_pages(table: Table) -> list[int]:
    return sorted({c.page for row in table.rows for c in row.cells if c.page} | {
        c.page for c in table.header_cells if c.page})


def camelot_rows(document: Document, table: Table) -> list[tuple[str, ...]]:
    """camelot's units' rows for the pages our table covers, mended like ours."""
    import camelot  # heavy (OpenCV): only when a cross-check is asked for

    pages = table_pages(table)
    grids = []
    for page in pages:
        options = {"flavor": "lattice"} if table.ruled else _stream_options(document, table, page)
        try:
            found = camelot.read_pdf(document.data, pages=str(page), suppress_stdout=True, **options)
        except Exception as error:  # camelot raises many kinds; the audit goes on without it
            raise SourceError(
                f"{document.source}: camelot không đọc được trang {page} ({type(error).__name__})",
                f"{document.source}: camelot could not read page {page} ({type(error).__name__})",
            ) from None
        for result in found:
            rows = tuple(
                TextRow(line=None, cells=tuple(rejoin_lines(str(text).split("\n")) for text in values))
                for values in result.df.values.tolist()
            )
            grids.append(Grid(page=page, rows=rows, bbox=(0, 0, 0, 0), ruled=bool(table.ruled)))
    from cchc_audit.extract.layout.pages import block_rows, grids_to_blocks

    out: list[tuple[str, ...]] = []
    for block in grids_to_blocks(grids):
        out.extend(row.cells for row in block_rows(block) if is_data_row(row.cells))
    return out


def _stream_options(document: Document, table: Table, page: int) -> dict:
    """camelot stream inside our table's area on a page, with our column edges."""
    import pdfplumber

    with pdfplumber.open(_bytes(document)) as pdf:
        height = float(pdf.pages[page - 1].height)
    cells = [c for row in table.rows for c in row.cells if c.page == page and c.bbox and c.text]
    header = [c for c in table.header_cells if c.page == page and c.bbox]
    boxes = [c.bbox for c in cells + header]
    x0, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    edges = []
    for left, right in zip(table.columns, table.columns[1:]):
        lefts = [row.cell(left).bbox[2] for row in table.rows if row.cell(left).page == page and row.cell(left).text]
        rights = [row.cell(right).bbox[0] for row in table.rows if row.cell(right).page == page and row.cell(right).text]
        if lefts and rights:
            edges.append((max(lefts) + min(rights)) / 2)
    area = f"{x0 - 2:.1f},{height - top + 2:.1f},{x1 + 2:.1f},{height - bottom - 2:.1f}"
    return {"flavor": "stream", "table_areas": [area], "columns": [",".join(f"{e:.1f}" for e in edges)]}


def _bytes(document: Document):
    import io

    return io.BytesIO(document.data)


def compare_rows(table: Table, theirs: Sequence[Sequence[str]]) -> list[Finding]:
    """One finding per cell whose text differs; a row camelot lacks is questioned at its unit."""
    unit = table.first(Role.UNIT)
    findings = []
    for row in table.rows:
        other = theirs[row.number - 1] if row.number - 1 < len(theirs) else None
        for column in table.columns:
            if other is None and column is not unit:
                continue
            ours = row.cell(column)
            read = normalise_text(other[column.index]) if other is not None and column.index < len(other) else ""
            if normalise_text(ours.text) != read:
                findings.append(disagreement(table, row.number, column, ours, read))
    return findings


def disagreement(table: Table, row: int, column, ours: Cell, read: str) -> Finding:
    return cell_finding(
        Code.EXTRACTION_DISAGREEMENT, table, row, column, published=ours.text, expected=read,
        details=(("other_reader", OTHER_READER),),
    )
