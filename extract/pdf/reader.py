"""Read a born-digital PDF decision with pdfplumber.

Each page is read once and closed: its characters de-duplicated (fake bold prints every
letter twice), ruled tables taken from their ruling lines, an unruled table inferred from
word positions (`pdf_words`), and the rest of its words kept as text lines for the
decision's metadata. A table running over several pages is one run of rows: the header
repeated on later pages is dropped and a row broken by the page end is mended before the
rows go through the same assembly as a text decision's (`text_tables.block_to_tables`).
"""

from __future__ import annotations

import bisect
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from cchc_audit.extract.layout.lines import TextLine, page_lines
from cchc_audit.extract.pdf.legacy_fonts import decode_page_chars, garbled, undecodable
from cchc_audit.extract.metadata import table_title_year, text_to_metadata
from cchc_audit.extract.domain.model import OCR_READER, Cell, Document, Extraction, Omission, UnauditedRows
from cchc_audit.extract.domain.numbers import parse_number, parse_row_number
from cchc_audit.extract.layout.words import Grid, is_figure, words_to_lines
from cchc_audit.extract.source import SourceError
from cchc_audit.extract.roles.continuity import mend_numbering
from cchc_audit.extract.roles.assemble import (
    TextRow,
    UnplacedColumn,
    as_heading,
    block_to_tables,
    is_crammed_row,
)
from cchc_audit.extract.layout.engine import inside, last_header, page_to_grids
from cchc_audit.extract.layout.pages import PAGE_NUMBER, blank_pages, block_rows, grids_to_blocks, headed, running_lines
from cchc_audit.extract.pdf.page_words import page_to_words
from cchc_audit.extract.layout.turned import upright_words
from cchc_audit.extract.domain.types import BBox, PageNo
from cchc_audit.extract.layout.wrap import rejoin_lines

READER = "pdfplumber"
MAX_PAGES = 300
MAX_CHARS_PER_PAGE = 100_000
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MERGED_ROWS = 4  # a header cell merged down over at most this many rows


@dataclass(frozen=True)
class PageReading:
    """What one page holds: its tables as grids and its other text as lines."""

    number: PageNo
    grids: tuple[Grid, ...]
    lines: tuple[TextLine, ...]
    scanned: bool


def open_pdf(document: Document) -> pdfplumber.PDF:
    """Open a PDF and count its pages, refusing what pdfminer cannot read."""
    name = document.source
    try:
        pdf = pdfplumber.open(io.BytesIO(document.data))
    except PdfminerException as error:
        raise _unreadable(name, error) from None
    except (MalformedPDFException, PSException, PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise _unreadable(name, error) from None
    try:
        count = len(pdf.pages)
    except (PdfminerException, PSException, ValueError, KeyError, TypeError) as error:
        pdf.close()
        raise _unreadable(name, error) from None
    if count == 0:
        pdf.close()
        raise SourceError(f"{name}: PDF không có trang nào", f"{name}: the PDF has no pages")
    if count > MAX_PAGES:
        pdf.close()
        raise SourceError(
            f"{name}: PDF quá dài ({count} trang, tối đa {MAX_PAGES})",
            f"{name}: PDF too long ({count} pages, at most {MAX_PAGES})",
        )
    return pdf


def _unreadable(name: str, error: Exception) -> SourceError:
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return SourceError(
            f"{name}: PDF được mã hóa bằng mật khẩu, không đọc được",
            f"{name}: the PDF is encrypted with a password and cannot be read",
        )
    return SourceError(
        f"{name}: PDF hỏng hoặc không đúng định dạng ({type(cause).__name__})",
        f"{name}: damaged or malformed PDF ({type(cause).__name__})",
    )


def read_pages(document: Document) -> Iterator[PageReading]:
    """Each page's grids and text lines; pages are closed as soon as they are read. A page is
    read knowing the header of the table the page before ended with."""
    pdf = open_pdf(document)
    header: tuple[TextRow, ...] = ()
    try:
        for page in pdf.pages:
            try:
                reading = read_page(page, document.source, header)
                header = last_header(reading.grids, header)
                yield reading
            except (PdfminerException, PSException, ValueError, KeyError, TypeError) as error:
                raise _unreadable(document.source, error) from None
            finally:
                page.close()
    finally:
        pdf.close()


def read_page(page, name: str, header: Sequence[TextRow] = ()) -> PageReading:
    """One page's tables, as the layout engine's best reading of its words and rulings."""
    number = page.page_number
    decode_page_chars(page.chars)  # TCVN3 / VNI fonts to Unicode, in place
    if len(page.chars) > MAX_CHARS_PER_PAGE:
        raise SourceError(
            f"{name}: trang {number} có quá nhiều ký tự ({len(page.chars)})",
            f"{name}: page {number} holds too many characters ({len(page.chars)})",
        )
    clean = page.dedupe_chars() if has_doubled_chars(page.chars) else page
    try:
        positioned = page_to_words(page, clean, number)
        words = list(positioned.words)
        ruled = [ruled_grid(table, words, number) for table in clean.find_tables(ruled_settings(clean.edges))]
        reading = page_to_grids(positioned, [g for g in ruled if g is not None], header)
        grids = list(reading.grids)
        outside = [w for w in words if not any(inside(w, g.bbox) for g in grids)]
        scanned = (not page.chars and bool(page.images)) or garbled(page.chars) or undecodable(page.chars)
    finally:
        if clean is not page:
            clean.close()
    lines = page_lines(outside, number)
    grids = [replace(grid, above=line_above(grid, grids, lines)) for grid in grids]
    if grids:
        grids[-1] = replace(grids[-1], below=line_below(grids[-1], lines))
    return PageReading(number, tuple(grids), tuple(lines), scanned)


def ruled_settings(edges: Sequence[dict]) -> dict:
    """How pdfplumber finds ruled tables (`RULED`), with the horizontal rules it took for
    vertical ones given back as horizontal: on a page stored turned (/Rotate 90) a horizontal
    rule's two ends come out a rounding error apart in height, and pdfplumber calls a line
    vertical unless they are equal."""
    mended = [dict(e, orientation="h", object_type="line_edge") for e in edges
              if e["orientation"] == "v" and e["x1"] - e["x0"] > 1 and e["bottom"] - e["top"] < 0.01]
    return {**RULED, "explicit_horizontal_lines": mended} if mended else RULED


def line_above(grid: Grid, grids: Sequence[Grid], lines: Sequence[TextLine]) -> str | None:
    """The text line right above a grid and below any grid above it; None when the grid
    starts the page. A page number ("2", "- 2 -") is not text."""
    ceiling = max((g.bbox[3] for g in grids if g.bbox[3] <= grid.bbox[1] + 1), default=0.0)
    above = [
        line for line in lines
        if ceiling - 1 <= line.bbox[1] and line.bbox[3] <= grid.bbox[1] + 1 and not PAGE_NUMBER.match(line.text)
    ]
    return max(above, key=lambda line: line.bbox[3]).text if above else None


def line_below(grid: Grid, lines: Sequence[TextLine]) -> str | None:
    """The text line right below a page's last grid (a heading whose table starts on the next
    page, or the text after the table); None when nothing but a page number follows."""
    below = [line for line in lines if line.bbox[1] >= grid.bbox[3] - 1 and not PAGE_NUMBER.match(line.text)]
    return min(below, key=lambda line: line.bbox[1]).text if below else None


def has_doubled_chars(chars: Sequence[dict], tolerance: float = 1.0) -> bool:
    """Whether some letter is printed twice within a point of itself (fake bold).

    De-duplicating costs as much as reading the page, so it runs only when needed.
    """
    seen: set[tuple[str, int, int]] = set()
    for char in chars:
        x, y = int(char["x0"] // tolerance), int(char["top"] // tolerance)
        text = char["text"]
        if text.strip() and any((text, x + dx, y + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            return True
        seen.add((text, x, y))
    return False


def ruled_grid(table, words: Sequence[dict], page: PageNo) -> Grid | None:
    """A ruled table's rows: each cell's text with wrapped words mended, and its bbox.

    A cell covered by a merged cell is empty and takes the merged cell's bbox.
    """
    rows = table.rows
    if len(rows) < 2 or max(len(r.cells) for r in rows) < 3:
        return None
    lines = cell_lines(rows, words)
    if any(stacks_rows([lines.get((r, c), []) for c in range(len(row.cells))]) for r, row in enumerate(rows)):
        return None  # rows ruled apart only by their columns: read from the words, row by row
    texts = {key: rejoin_lines(found) for key, found in lines.items()}
    columns = [_column_range(table, c) for c in range(len(rows[0].cells))]
    out = []
    for r, row in enumerate(rows):
        located = []
        for index, box in enumerate(row.cells):
            if box is None:
                located.append(Cell("", page=page, bbox=_covering(table.cells, columns[index], row.bbox)))
            else:
                located.append(Cell(texts.get((r, index), ""), page=page, bbox=_rounded(box)))
        if any(c.text for c in located):  # a blank spacer row (under the header) holds nothing
            out.append(TextRow(line=None, cells=tuple(c.text for c in located), located=tuple(located)))
    if len(out) < 2:
        return None
    return Grid(page=page, rows=tuple(out), bbox=_rounded(table.bbox), ruled=True)


def cell_lines(rows, words: Sequence[dict]) -> dict[tuple[int, int], list[str]]:
    """Each cell's lines of words (placed by their middle), top to bottom."""
    tops = [row.bbox[1] for row in rows]
    placed: dict[tuple[int, int], list[dict]] = {}
    for word in words:
        x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        # The row it falls in, or a row above whose cell is merged down over it.
        below = bisect.bisect_right(tops, y) - 1
        for r in range(below, max(below - MERGED_ROWS, -1), -1):
            cell = next((c for c, box in enumerate(rows[r].cells)
                         if box is not None and box[0] <= x < box[2] and box[1] <= y < box[3]), None)
            if cell is not None:
                placed.setdefault((r, cell), []).append(word)
                break
    return {
        key: [line.text for line in words_to_lines(upright_words(found, lambda word: key))]
        for key, found in placed.items()
    }


STACKED_CELLS = 2  # cells of one ruled row holding figures one under another: several units' rows


def stacks_rows(cells: Sequence[Sequence[str]]) -> bool:
    """Whether a ruled row's cells (each as its lines) hold several units' rows one under
    another, the rules between them not drawn: two cells at least each print two figures or
    more, one a line. A label wrapped over lines, or a figure over its unit ("15,5" / "điểm"),
    prints one figure a cell."""
    return sum(1 for lines in cells if sum(1 for line in lines if is_figure(line)) >= 2) >= STACKED_CELLS


def _column_range(table, index: int) -> tuple[float, float] | None:
    boxes = [row.cells[index] for row in table.rows if index < len(row.cells) and row.cells[index]]
    if not boxes:
        return None
    narrowest = min(boxes, key=lambda b: b[2] - b[0])
    return narrowest[0], narrowest[2]


def _covering(cells: Sequence[BBox], column: tuple[float, float] | None, row: BBox) -> BBox | None:
    if column is None:
        return None
    x = (column[0] + column[1]) / 2
    y = (row[1] + row[3]) / 2
    for box in cells:
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            return _rounded(box)
    return None


def _rounded(box) -> BBox:
    return tuple(round(float(v), 2) for v in box)  # type: ignore[return-value]


def pdf_to_extraction(document: Document) -> tuple[Extraction, tuple[UnplacedColumn, ...]]:
    """Metadata from the text before the first table, and every ranking table."""
    pages = list(read_pages(document))
    ocr_pages: set[int] = set()
    if any(page.scanned for page in pages):
        from cchc_audit.extract.scan.pages import read_scanned_pages  # OpenCV and Tesseract load only for scans

        pages, ocr_pages = read_scanned_pages(document, pages)
    running = running_lines(pages)
    grids = headed([grid for page in pages for grid in page.grids], running)
    tables = []
    unplaced: list[UnplacedColumn] = []
    unaudited: list[UnauditedRows] = list(stray_figure_lines(pages))
    above: list[str | None] = []
    for block in grids_to_blocks(grids, running, blank_pages(pages)):
        reader = OCR_READER if block[0].page in ocr_pages else f"{READER}/{block[0].method}"
        rows = block_rows(block)
        crammed = [row for row in rows if is_crammed_row(row.cells)]
        if crammed:
            unaudited.append(UnauditedRows(Omission.CRAMMED_ROW, tuple(row.source_cells() for row in crammed)))
        assembly = block_to_tables(rows, first_index=len(tables) + 1, reader=reader, ruled=block[0].ruled)
        if assembly.unplaced:
            unplaced.append(assembly.unplaced)
        unaudited.extend(assembly.unaudited)
        tables.extend(assembly.tables)
        above.extend([block[0].above] * len(assembly.tables))
    headings = {id(t.rows[0].cells): text for t, text in zip(tables, above) if t.rows}
    tables = mend_numbering(tables)  # one table cut in two, or two run into one, by the layout
    if len(tables) > 1:  # as in a text decision: the heading above a table without a title row
        tables = [t if t.title else replace(t, title=as_heading(headings.get(id(t.rows[0].cells)))) for t in tables]
    if not tables and not unplaced and ocr_pages:
        listed = ", ".join(map(str, sorted(ocr_pages)[:10]))
        raise SourceError(
            f"{document.source}: PDF quét: OCR không tìm thấy bảng xếp hạng có kẻ ô nào trên trang {listed}",
            f"{document.source}: scanned PDF: OCR found no ruled ranking table on page {listed}",
        )
    first_page = tables[0].header_cells[0].page if tables and tables[0].header_cells else None
    lines = [line for page in pages for line in page.lines if first_page is None or page.number <= first_page]
    metadata = text_to_metadata([line.text for line in lines])
    if tables:
        header_top = tables[0].header_cells[0].bbox[1] if tables[0].header_cells[0].bbox else None
        before = [
            line.text for line in lines
            if line.page < first_page or header_top is None or line.bbox[1] < header_top
        ]
        _, year = table_title_year(before)
        if year is not None:
            metadata = replace(metadata, table_year=year)
    places = {number: (line.page, line.bbox) for number, line in enumerate(lines, start=1)}
    reader = OCR_READER if any(t.reader == OCR_READER for t in tables) else READER
    extraction = Extraction(
        metadata=metadata, tables=tuple(tables), reader=reader, places=places, unaudited=tuple(unaudited)
    )
    return extraction, tuple(unplaced)


def stray_figure_lines(pages: Sequence[PageReading]) -> Iterator[UnauditedRows]:
    """Lines of a page's running text that read as a unit's row — a row number, a name, then
    a run of three figures or more to the end of the line — that no table reading took in:
    reported rather than lost. A sentence with a year or a count in it is not such a line."""
    for page in pages:
        rows = [
            tuple(Cell(word, page=line.page, bbox=line.bbox) for word in line.text.split())
            for line in page.lines
            if is_figure_line(line.text.split())
        ]
        if rows:
            yield UnauditedRows(Omission.OUTSIDE_TABLE, tuple(rows))


def is_figure_line(words: Sequence[str]) -> bool:
    """A row number first, then words, then at least three figures — followed by at most two
    words, a class such as "Trung bình" — ending the line."""
    if len(words) < 5 or parse_row_number(words[0]) is None:
        return False
    end = len(words)
    while end > len(words) - 2 and parse_number(words[end - 1]) is None:
        end -= 1
    start = end
    while start > 1 and parse_number(words[start - 1]) is not None:
        start -= 1
    return end - start >= 3 and start > 1
