"""What the readers produce: documents, their metadata, and ranking tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from cchc_audit.extract.domain.findings import Scorer
from cchc_audit.extract.domain.types import BBox, LineNo, PageNo


OCR_READER = "tesseract"  # the reader named on tables and reports read from scans


class Kind(StrEnum):
    TEXT = "text"
    PDF = "pdf"
    DOCX = "docx"


@dataclass(frozen=True)
class Document:
    """A source's bytes, what they are, and their text when they are text."""

    source: str
    data: bytes
    sha256: str
    kind: Kind
    text: str | None = None


@dataclass(frozen=True)
class Metadata:
    """The decision's identity as printed; blanks are kept as None."""

    issuer: str | None = None
    number: str | None = None
    number_text: str | None = None
    place: str | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    date_text: str | None = None
    index_year: int | None = None
    table_year: int | None = None
    level: str | None = None
    title: str | None = None
    number_line: LineNo | None = None
    date_line: LineNo | None = None

    @property
    def date(self) -> str | None:
        if self.year is None:
            return None
        day = f"{self.day:02d}" if self.day else "??"
        month = f"{self.month:02d}" if self.month else "??"
        return f"{self.year}-{month}-{day}"


class RoleSource(StrEnum):
    """How a column's role was decided: from its header label, or from its cells."""

    HEADER = "header"
    CONTENT = "content"


class Role(StrEnum):
    ROW_NUMBER = "row-number"
    UNIT = "unit"
    AREA = "area"
    TOTAL = "total"
    SURVEY = "survey"
    INDEX = "index"
    MAXIMUM = "maximum"
    RANK = "rank"
    CLASS = "class"
    NOTE = "note"


ROLE_LABELS = {
    Role.ROW_NUMBER: "STT",
    Role.UNIT: "Tên đơn vị",
    Role.TOTAL: "Tổng điểm",
    Role.SURVEY: "Điều tra xã hội học",
    Role.INDEX: "Chỉ số CCHC (%)",
    Role.MAXIMUM: "Điểm tối đa",
    Role.RANK: "Xếp hạng",
    Role.CLASS: "Phân loại",
    Role.NOTE: "Ghi chú",
}


@dataclass(frozen=True)
class Column:
    """One column of a ranking table and what it holds."""

    index: int
    role: Role
    header: str
    name: str
    scorer: Scorer | None = None
    maximum: Decimal | None = None
    maximum_text: str | None = None
    role_source: RoleSource = RoleSource.HEADER

    @property
    def key(self) -> str:
        return f"c{self.index}"

    @property
    def is_score(self) -> bool:
        return self.role in (Role.AREA, Role.TOTAL, Role.SURVEY)


@dataclass(frozen=True)
class Cell:
    """A cell's text as printed and where it stands in the source.

    A cell read from a scan also carries how sure OCR was of it (0–100) and the other
    readings OCR offered, most plausible first; the text is always OCR's best reading.
    """

    text: str
    line: LineNo | None = None
    page: PageNo | None = None
    bbox: BBox | None = None
    confidence: float | None = None
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One unit's row; `number` is its 1-based position among the table's rows."""

    number: int
    cells: tuple[Cell, ...]

    def cell(self, column: Column) -> Cell:
        return self.cells[column.index] if column.index < len(self.cells) else Cell("")


@dataclass(frozen=True)
class Table:
    """One separately ranked block of a ranking table."""

    index: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    reader: str
    title: str | None = None
    header_cells: tuple[Cell, ...] = ()
    footer: tuple[Row, ...] = ()  # "Giá trị trung bình" rows: not units, checked as averages
    ruled: bool | None = None  # PDF only: read from ruling lines (True) or from word positions

    def by_role(self, role: Role) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.role == role)

    def first(self, role: Role) -> Column | None:
        found = self.by_role(role)
        return found[0] if found else None

    @property
    def scorers(self) -> tuple[Scorer | None, ...]:
        seen: list[Scorer | None] = []
        for column in self.columns:
            if column.role in (Role.AREA, Role.TOTAL) and column.scorer not in seen:
                seen.append(column.scorer)
        return tuple(seen)

    @property
    def counted_scorer(self) -> Scorer | None:
        """The scorer whose figures decide the rank: the appraisal when there is one."""
        scorers = self.scorers
        if Scorer.APPRAISED in scorers:
            return Scorer.APPRAISED
        return scorers[-1] if scorers else None


class Omission(StrEnum):
    """Why body rows read from a document are in no audited table."""

    NO_HEADER = "no-header"  # figures with no table header above them
    NOT_RANKING = "not-ranking"  # under a header that is not a ranking table's
    UNPLACED_COLUMN = "unplaced-column"  # their table has a column no role fits
    OUTSIDE_TABLE = "outside-table"  # a line of figures on a page that no table reading took in
    CRAMMED_ROW = "crammed-row"  # a unit's row read into fewer cells than its figures (one cell)
    RANKED_ELSEWHERE = "ranked-elsewhere"  # a part of a ranking whose other rows no table read joins it


@dataclass(frozen=True)
class UnauditedRows:
    """One run of body rows read from the document that no audited table holds, and why."""

    reason: Omission
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Extraction:
    """A document's metadata, the ranking tables found in it, and the body rows left out."""

    metadata: Metadata
    tables: tuple[Table, ...]
    reader: str
    # PDF only: where each numbered text line stands, for findings located by line.
    places: Mapping[LineNo, tuple[PageNo, BBox]] = field(default_factory=dict)
    # Body rows no table holds (`block_to_tables` returns them): reported, never dropped silently.
    unaudited: tuple[UnauditedRows, ...] = ()
