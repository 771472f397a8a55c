"""Rows of cell texts → ranking tables, for every front end: which rows are the header, the
units, block titles, footers and repeated headers, and the header's column roles.

Every body row of a block either lands in a table or is returned, with the reason, as
`Assembly.unaudited`; a front end only passes those on in its `Extraction`, and the audit
reports them (`rows-not-audited`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from cchc_audit.extract.domain.classes import is_class_text
from cchc_audit.extract.roles.header import HeaderError, header_to_columns, is_ranking_header
from cchc_audit.extract.roles.labels import classify, is_column_number_row
from cchc_audit.extract.domain.model import Cell, Omission, Role, Row, Table, UnauditedRows
from cchc_audit.extract.domain.numbers import parse_number, parse_row_number
from cchc_audit.extract.domain.text import fold, normalise_text, squash

MAX_HEADER_ROWS = 3
MAX_WRAPPED_WORDS = 3  # words of a wrapped cell a crammed row may start with, before its row number


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


def is_title_row(cells: Sequence[str]) -> bool:
    """A row holding only a block title ("I. Khối sở, ban, ngành")."""
    filled = [c for c in cells if c]
    return len(filled) == 1 and parse_number(filled[0]) is None or (
        len(filled) == 2 and re.match(r"^[IVXLA-D]+\.?$", filled[0]) is not None and parse_number(filled[1]) is None
    )


def is_sub_label_row(cells: Sequence[str], above: Sequence[TextRow]) -> bool:
    """A header row with one label, standing under a group label of the header row above it
    ("Kết quả đánh giá" over one column's "Điểm điều tra xã hội học"): a sub-label, not a
    block title (those stand in the row number's or the name's column), nor the wrapped end of
    the label above it ("điểm)", "(Tối đa 21,5 điểm)": a label starts with a capital letter,
    under a label whose parentheses are closed)."""
    filled = [i for i, c in enumerate(cells) if c]
    if len(filled) != 1 or not above or is_title_row(above[-1].cells):
        return False
    label = cells[filled[0]]
    over = above[-1].cells[filled[0]] if filled[0] < len(above[-1].cells) else ""
    return (bool(over) and classify(over).role not in (Role.ROW_NUMBER, Role.UNIT, None)
            and over.count("(") == over.count(")") and label[0].isupper())


_AVERAGE_WORDS = ("gia tri trung binh", "trung binh chung", "binh quan", "diem trung binh", "trung binh cong")


def is_average_row(cells: Sequence[str], unit_index: int) -> bool:
    """A footer row of averages ("Giá trị trung bình"), not a unit."""
    texts = [fold(c) for c in cells[: unit_index + 2] if c and parse_number(c) is None]
    return any(t.strip(" .:") in ("trung binh",) or any(w in t for w in _AVERAGE_WORDS) for t in texts)


def is_repeated_header(cells: Sequence[str], header_rows: Sequence[Sequence[str]]) -> bool:
    """A header row printed again on a later page, allowing for OCR's small misreadings.

    It holds no figures, and most of its labels read (almost) as the first page's do, or
    every one of its labels (two at least) is one of the first page's, wherever it stood there
    (a label read one header row higher or lower on this page).
    """
    if tuple(cells) in [tuple(r) for r in header_rows]:
        return True
    if is_data_row(cells):
        return False
    if is_column_number_row([_numbered_end(c) for c in cells]):
        return True  # labels with their columns' numbers run into them ("Tổng điểm (100) (5)")
    filled = [squash(c) for c in cells if c]
    if len(filled) >= 2 and set(filled) <= {squash(c) for row in header_rows for c in row if c}:
        return True
    for header in header_rows:
        pairs = [(squash(a), squash(b)) for a, b in zip(cells, header) if a or b]
        if len(pairs) >= 2:
            alike = sum(1 for a, b in pairs if a == b or (a and b and SequenceMatcher(None, a, b).ratio() >= 0.8))
            if alike * 4 >= len(pairs) * 3:
                return True
    return False


_NUMBERED_END = re.compile(r"\(\s*\d{1,2}\s*\)\W*$")


def is_label_row(cells: Sequence[str], columns) -> bool:
    """A row of labels among a table's rows, clear of its row number's and its names' columns (a
    header row a later page prints that the first page's reading took apart or left out: "Điểm
    đạt được của các chỉ số thành phần" over the areas): no figure, no class, no unit's row."""
    kept = {c.index for c in columns if c.role in (Role.ROW_NUMBER, Role.UNIT)}
    filled = [i for i, text in enumerate(cells) if text]
    return bool(filled) and not kept & set(filled) and not any(
        parse_number(cells[i]) is not None or is_class_text(cells[i]) for i in filled)


def _numbered_end(cell: str) -> str:
    """A header cell's column number, when it ends with one ("Điểm thẩm định (65) (3)" → "(3)")."""
    found = _NUMBERED_END.search(cell)
    return found[0].strip(" )") + ")" if found and found.start() > 0 else cell


@dataclass(frozen=True)
class Assembly:
    """What one block of rows gave: its tables, the column it could not place, and the body
    rows no table holds. It unpacks as `tables, unplaced`, as `block_to_tables` always did."""

    tables: tuple[Table, ...]
    unplaced: UnplacedColumn | None = None
    unaudited: tuple[UnauditedRows, ...] = ()

    def __iter__(self):
        return iter((self.tables, self.unplaced))


_HEADER_ROLES = (Role.ROW_NUMBER, Role.UNIT, Role.TOTAL, Role.SURVEY, Role.INDEX, Role.MAXIMUM, Role.RANK, Role.CLASS)


def is_header_row(cells: Sequence[str]) -> bool:
    """A row of labels starting a table: three labels or more, no figure, one of them naming
    the row number or the units ("STT", "Tên đơn vị", "Xã, phường, thị trấn") and another a
    column's role ("Tổng điểm", "Xếp hạng" …)."""
    filled = [c for c in cells if c]
    if len(filled) < 3 or any(parse_number(c) is not None for c in filled) or is_column_number_row(cells):
        return False
    roles = [role for c in filled if (role := classify(c).role) in _HEADER_ROLES]
    return len(roles) >= 2 and bool({Role.ROW_NUMBER, Role.UNIT} & set(roles))


def is_numbered_unit(cells: Sequence[str]) -> bool:
    """A row number, a name and a figure: a unit's row with too few figures read apart to be a
    data row ("11. | UBND xã A | 63,57 | 11 Trung bình", a rank run into its class), which a block
    of such rows alone reports rather than loses."""
    filled = [c for c in cells if c]
    return (len(filled) >= 3 and parse_row_number(filled[0]) is not None and not is_column_number_row(cells)
            and any(c[:1].isalpha() for c in filled[1:]) and any(parse_number(c) is not None for c in filled[1:]))


def is_crammed_row(cells: Sequence[str]) -> bool:
    """A unit's row (a row number, a name, then figures) read whole into one cell of a grid, so
    that no column holds its figures (a ruled box round rows with no rulings between their cells):
    the table would leave it out unsaid. The words of a cell wrapped round the row's line may
    come before its row number ("Trung 4 UBND huyện A 8 6 … 4 bình"), a name right after it."""
    filled = [c for c in cells if c]
    if len(filled) != 1 or len(cells) < 3:
        return False
    words = filled[0].split()
    return any(parse_row_number(word) is not None and (not at or words[at + 1][:1].isalpha()) and is_data_row(words[at + 1:])
               for at, word in enumerate(words[:MAX_WRAPPED_WORDS + 1]) if at + 1 < len(words))


def left_out(rows: Sequence[TextRow], reason: Omission) -> tuple[UnauditedRows, ...]:
    """The figure rows among `rows`, as one run left out of the audit for `reason`."""
    body = tuple(row.source_cells() for row in rows if is_data_row(row.cells))
    return (UnauditedRows(reason, body),) if body else ()


def block_to_tables(
    block: Sequence[TextRow], first_index: int, reader: str = "text", ruled: bool | None = None
) -> Assembly:
    """Tables found in one run of rows: a header, then units, maybe split by block titles.

    Figure rows before any header, under a header that is not a ranking table's, or under
    one with a column no role fits, are returned as `unaudited`.
    """
    start = next((i for i, row in enumerate(block) if is_data_row(row.cells)), None)
    if start is None:
        numbered = tuple(row.source_cells() for row in block if is_numbered_unit(row.cells))
        return Assembly((), unaudited=(UnauditedRows(Omission.NO_HEADER, numbered),) if numbered else ())
    if start == 0:  # figures before any header: left out up to the next header
        after = next((i for i, row in enumerate(block) if is_header_row(row.cells)), len(block))
        rest = block_to_tables(block[after:], first_index, reader, ruled)
        return replace(rest, unaudited=left_out(block[:after], Omission.NO_HEADER) + rest.unaudited)
    header = [row for row in block[:start] if not is_column_number_row(row.cells)]
    title = [is_title_row(row.cells) and not is_sub_label_row(row.cells, header[:i]) for i, row in enumerate(header)]
    titles_above = [row for row, is_title in zip(header, title) if is_title]
    header = [row for row, is_title in zip(header, title) if not is_title][-MAX_HEADER_ROWS:]
    body = list(block[start:])
    numbers_only = not header
    if numbers_only:  # the column numbers, if printed, are all the header there is
        header = [row for row in block[:start] if is_column_number_row(row.cells)][-1:]
    if not header:
        return Assembly((), unaudited=left_out(body, Omission.NO_HEADER))
    following = next((i for i, row in enumerate(body) if is_header_row(row.cells)
                      and not is_repeated_header(row.cells, [r.cells for r in header])), None)
    if following is not None:  # another table's header inside the block
        body, later = body[:following], body[following:]
    try:
        columns = header_to_columns([r.cells for r in header], [r.cells for r in body])
    except HeaderError as error:
        if numbers_only:  # no label was printed (or read): the rows have no header, no column is "unknown"
            found = Assembly((), unaudited=left_out(body, Omission.NO_HEADER))
        else:
            unplaced = UnplacedColumn(error.header, header[0].line, header[0].source_cells()[0].page)
            found = Assembly((), unplaced, left_out(body, Omission.UNPLACED_COLUMN))
    else:
        if is_ranking_header(columns):
            found = Assembly(tuple(_body_to_tables(body, header, titles_above, columns, first_index, reader, ruled)))
        else:
            found = Assembly((), unaudited=left_out(body, Omission.NOT_RANKING))
    if following is None:
        return found
    rest = block_to_tables(later, first_index + len(found.tables), reader, ruled)
    return Assembly(found.tables + rest.tables, found.unplaced or rest.unplaced, found.unaudited + rest.unaudited)


def _body_to_tables(
    body: Sequence[TextRow],
    header: Sequence[TextRow],
    titles_above: Sequence[TextRow],
    columns,
    first_index: int,
    reader: str,
    ruled: bool | None,
) -> list[Table]:
    """The units under a ranking header, a table per block title."""
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
        if is_label_row(cells, columns):
            continue  # a header row printed again, read otherwise than the first page's
        rows.append(Row(number=len(rows) + 1, cells=text_row.source_cells()))
    close()
    return tables


def as_heading(text: str | None) -> str | None:
    """A line of text as a table's title: short, not a parenthesis ("(Kèm theo …)")."""
    text = normalise_text(text or "")
    return text if text and len(text) <= 120 and not text.startswith("(") else None
