"""The one `Finding` type and the closed catalogue of finding codes.

Every check in every stage returns `Finding` values; codes are stable and only ever
added. Each code carries its severity, a title and a message template in Vietnamese
and English; templates are filled from the finding's own fields and `details`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from cchc_audit.extract.domain.types import BBox, LineNo, PageNo


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Scorer(StrEnum):
    """Who gave a score: the unit itself or the appraisal council."""

    SELF = "self"
    APPRAISED = "appraised"


SCORER_LABELS = {
    "vi": {Scorer.SELF: "Tự chấm", Scorer.APPRAISED: "Thẩm định"},
    "en": {Scorer.SELF: "self-assessed", Scorer.APPRAISED: "appraised"},
}


@dataclass(frozen=True)
class CodeInfo:
    severity: Severity
    title_vi: str
    title_en: str
    message_vi: str
    message_en: str


class Code(StrEnum):
    NO_RANKING_TABLE = "no-ranking-table"
    UNREADABLE_VALUE = "unreadable-value"
    UNPLACED_COLUMN = "unplaced-column"
    EXTRACTION_DISAGREEMENT = "extraction-disagreement"
    MAXIMA_SUM_MISMATCH = "maxima-sum-mismatch"
    MAX_LIKELY_MISPRINTED = "max-likely-misprinted"
    SCORE_ABOVE_MAX = "score-above-max"
    NEGATIVE_SCORE = "negative-score"
    DUPLICATE_UNIT = "duplicate-unit"
    MISSING_VALUE = "missing-value"
    ROW_NUMBER_SEQUENCE = "row-number-sequence"
    TOTAL_MISMATCH = "total-mismatch"
    TOTAL_ROUNDING = "total-rounding"
    INDEX_MISMATCH = "index-mismatch"
    AVERAGE_MISMATCH = "average-mismatch"
    RANK_MISMATCH = "rank-mismatch"
    CLASS_MISMATCH = "class-mismatch"
    CLASS_ORDER_VIOLATION = "class-order-violation"
    APPRAISED_ABOVE_SELF = "appraised-above-self"
    MISSING_DECISION_NUMBER = "missing-decision-number"
    MISSING_SIGNING_DATE = "missing-signing-date"
    YEAR_MISMATCH = "year-mismatch"
    ROWS_NOT_AUDITED = "rows-not-audited"
    TABLE_NOT_CHECKED = "table-not-checked"
    UNSURE_READING = "unsure-reading"

    @property
    def info(self) -> CodeInfo:
        return CATALOGUE[self]

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self].severity


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[Code, CodeInfo] = {
    Code.NO_RANKING_TABLE: CodeInfo(
        _E, "Không tìm thấy bảng xếp hạng", "No ranking table",
        "Không tìm thấy bảng xếp hạng Chỉ số CCHC trong tài liệu{reason_vi}.",
        "No PAR Index ranking table was found in the document{reason_en}.",
    ),
    Code.UNREADABLE_VALUE: CodeInfo(
        _E, "Không đọc được giá trị", "Unreadable value",
        "{unit}: ô {column} ghi \"{published}\", không đọc được là {expected_kind_vi}.",
        "{unit}: cell {column} reads \"{published}\", which is not a {expected_kind_en}.",
    ),
    Code.UNPLACED_COLUMN: CodeInfo(
        _E, "Không xác định được cột", "Column not placed",
        "Không xác định được vai trò của cột \"{column}\" trong tiêu đề bảng; bảng không được kiểm tra.",
        "Could not tell what column \"{column}\" of the table header holds; the table is not audited.",
    ),
    Code.EXTRACTION_DISAGREEMENT: CodeInfo(
        _W, "Hai cách đọc khác nhau", "Readers disagree",
        "{unit}: ô {column} được đọc là \"{published}\" nhưng {other_reader} đọc là \"{expected}\".{note_vi}",
        "{unit}: cell {column} reads \"{published}\" but {other_reader} reads \"{expected}\".{note_en}",
    ),
    Code.MAXIMA_SUM_MISMATCH: CodeInfo(
        _E, "Tổng điểm tối đa không khớp", "Maxima do not add up",
        "Điểm tối đa các lĩnh vực cộng lại là {expected}, nhưng tổng điểm tối đa ghi {published}.",
        "The areas' maxima add up to {expected}, but the stated total maximum is {published}.",
    ),
    Code.MAX_LIKELY_MISPRINTED: CodeInfo(
        _E, "Điểm tối đa có thể ghi sai", "Maximum likely misprinted",
        "Cột {column}: {count}/{total} giá trị vượt điểm tối đa ghi trong tiêu đề ({published}); "
        "điểm tối đa có thể bị ghi sai. Các dòng: {rows}.",
        "Column {column}: {count} of {total} values exceed the stated maximum ({published}); "
        "the maximum is likely misprinted. Rows: {rows}.",
    ),
    Code.SCORE_ABOVE_MAX: CodeInfo(
        _E, "Điểm vượt tối đa", "Score above maximum",
        "{unit}: {column} ({scorer}) là {published}, vượt điểm tối đa {maximum}.{hint_vi}",
        "{unit}: {column} ({scorer}) is {published}, above its maximum of {maximum}.{hint_en}",
    ),
    Code.NEGATIVE_SCORE: CodeInfo(
        _E, "Điểm âm", "Negative score",
        "{unit}: {column} ({scorer}) là {published}, nhỏ hơn 0.",
        "{unit}: {column} ({scorer}) is {published}, below zero.",
    ),
    Code.DUPLICATE_UNIT: CodeInfo(
        _E, "Đơn vị trùng lặp", "Duplicate unit",
        "Đơn vị \"{unit}\" xuất hiện lại ở dòng {row} (đã có ở dòng {first_row}).",
        "Unit \"{unit}\" appears again in row {row} (first in row {first_row}).",
    ),
    Code.MISSING_VALUE: CodeInfo(
        _E, "Thiếu giá trị", "Missing value",
        "{unit}: ô {column} ({scorer}) bị bỏ trống.",
        "{unit}: cell {column} ({scorer}) is empty.",
    ),
    Code.ROW_NUMBER_SEQUENCE: CodeInfo(
        _W, "Số thứ tự không liên tục", "Row numbers out of sequence",
        "Dòng {row}: số thứ tự ghi {published}, đúng ra là {expected}.",
        "Row {row}: the row number reads {published}, expected {expected}.",
    ),
    Code.TOTAL_MISMATCH: CodeInfo(
        _E, "Tổng điểm sai", "Total mismatch",
        "{unit}: tổng điểm ({scorer}) ghi {published}, nhưng cộng các thành phần được {expected} ({arithmetic}).{hint_vi}",
        "{unit}: the {scorer} total reads {published}, but its parts add up to {expected} ({arithmetic}).{hint_en}",
    ),
    Code.TOTAL_ROUNDING: CodeInfo(
        _I, "Tổng điểm lệch do làm tròn", "Total differs by rounding",
        "{unit}: tổng điểm ({scorer}) ghi {published}, cộng các thành phần được {expected}; "
        "chênh lệch nằm trong phạm vi làm tròn.",
        "{unit}: the {scorer} total reads {published} and its parts add up to {expected}; "
        "the difference is within the rounding of the parts.",
    ),
    Code.INDEX_MISMATCH: CodeInfo(
        _E, "Chỉ số sai", "Index mismatch",
        "{unit}: Chỉ số CCHC ghi {published}, nhưng {arithmetic} = {expected}.",
        "{unit}: the index reads {published}, but {arithmetic} = {expected}.",
    ),
    Code.AVERAGE_MISMATCH: CodeInfo(
        _E, "Giá trị trung bình sai", "Average mismatch",
        "{unit}: {column} ({scorer}) ghi {published}, nhưng trung bình của {count} đơn vị là {expected}.",
        "{unit}: {column} ({scorer}) reads {published}, but the average of the {count} units is {expected}.",
    ),
    Code.RANK_MISMATCH: CodeInfo(
        _E, "Xếp hạng sai", "Rank mismatch",
        "{unit}: xếp hạng ghi {published}, nhưng theo tổng điểm {basis} thì xếp hạng là {expected}.",
        "{unit}: the rank reads {published}, but its total of {basis} gives rank {expected}.",
    ),
    Code.CLASS_MISMATCH: CodeInfo(
        _E, "Phân loại sai", "Class mismatch",
        "{unit}: phân loại ghi \"{published}\", nhưng với {basis} điểm, quy tắc {rules} cho \"{expected}\" ({band}).",
        "{unit}: the class reads \"{published}\", but with {basis} points rule set {rules} gives \"{expected}\" ({band}).",
    ),
    Code.CLASS_ORDER_VIOLATION: CodeInfo(
        _E, "Phân loại ngược thứ tự điểm", "Class out of order",
        "{unit}: tổng điểm {basis} nhưng phân loại \"{published}\", trong khi {others}.",
        "{unit}: total {basis} but class \"{published}\", while {others}.",
    ),
    Code.APPRAISED_ABOVE_SELF: CodeInfo(
        _I, "Điểm thẩm định cao hơn tự chấm", "Appraisal above self-assessment",
        "{unit}: {column}: thẩm định {expected} cao hơn tự chấm {published}.",
        "{unit}: {column}: appraised {expected} is above the self-assessed {published}.",
    ),
    Code.MISSING_DECISION_NUMBER: CodeInfo(
        _W, "Thiếu số quyết định", "Decision number missing",
        "Số quyết định bị bỏ trống (\"{published}\").",
        "The decision number is blank (\"{published}\").",
    ),
    Code.MISSING_SIGNING_DATE: CodeInfo(
        _W, "Thiếu ngày ký", "Signing date incomplete",
        "Ngày ký chưa đầy đủ: \"{published}\".",
        "The signing date is incomplete: \"{published}\".",
    ),
    Code.YEAR_MISMATCH: CodeInfo(
        _W, "Năm không khớp", "Year mismatch",
        "Năm của Chỉ số trong tiêu đề quyết định là {expected}, nhưng trong bảng là {published}.",
        "The index year in the decision's title is {expected}, but the table says {published}.",
    ),
    Code.ROWS_NOT_AUDITED: CodeInfo(
        _W, "Có dòng số liệu không được kiểm tra", "Rows not audited",
        "{count} dòng số liệu{where_vi} không thuộc bảng nào được kiểm tra ({reason_vi}): {published}.",
        "{count} data rows{where_en} are in no audited table ({reason_en}): {published}.",
    ),
    Code.TABLE_NOT_CHECKED: CodeInfo(
        _E, "Bảng không kiểm tra được", "Table not checked",
        "Bảng {table_name}: không tính lại được tổng điểm, xếp hạng hay phân loại nào ({reason_vi}); "
        "bảng chưa được kiểm tra.",
        "Table {table_name}: no total, rank or class could be recomputed ({reason_en}); the table is not checked.",
    ),
    Code.UNSURE_READING: CodeInfo(
        _W, "OCR đọc không chắc", "Unsure OCR reading",
        "{unit}: ô {column} ({scorer}) đọc bằng OCR là {reading_vi}, không phải {expected_kind_vi}; "
        "nhiều khả năng OCR đọc sai chứ không phải văn bản ghi sai. Hãy xem lại bản quét.",
        "{unit}: cell {column} ({scorer}) reads {reading_en} by OCR, not a {expected_kind_en}; "
        "most likely a misread rather than a publication error. Check the scan.",
    ),
}


@dataclass(frozen=True)
class Finding:
    """One discrepancy, with the evidence a reviewer needs to judge it."""

    code: Code
    table: int | None = None
    row: int | None = None
    unit: str | None = None
    column: str | None = None
    scorer: Scorer | None = None
    published: str | None = None
    expected: str | None = None
    page: PageNo | None = None
    bbox: BBox | None = None
    line: LineNo | None = None
    rows: tuple[int, ...] = ()
    details: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # The cell the questioned one is judged against (a total, a header's maximum), PDFs only.
    compared_page: PageNo | None = field(default=None, compare=False)
    compared_bbox: BBox | None = field(default=None, compare=False)

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def detail(self, key: str, default: str = "") -> str:
        return dict(self.details).get(key, default)

    def located(self, page: PageNo | None, bbox: BBox | None, line: LineNo | None) -> Finding:
        return replace(self, page=page, bbox=bbox, line=line)

    def message(self, lang: str = "vi") -> str:
        info = self.code.info
        template = info.message_en if lang == "en" else info.message_vi
        scorer = SCORER_LABELS["en" if lang == "en" else "vi"].get(self.scorer, "") if self.scorer else ""
        values = {
            "unit": self.unit or (f"Row {self.row}" if lang == "en" else f"Dòng {self.row}"),
            "column": self.column or "",
            "scorer": scorer,
            "published": self.published or "",
            "expected": self.expected or "",
            "row": self.row or "",
            "rows": ", ".join(str(r) for r in self.rows),
            "count": len(self.rows),
        }
        values.update(self.details)
        # A finding on figures read by OCR says so (compute/misreads.py).
        return _fill(template, values) + values.get("ocr_note_en" if lang == "en" else "ocr_note_vi", "")


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _fill(template: str, values: dict) -> str:
    text = template.format_map(_Blank(values))
    text = text.replace(" ()", "").replace("()", "")
    return re.sub(r" {2,}", " ", text)
