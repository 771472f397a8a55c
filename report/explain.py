"""What a reviewer needs to believe a finding: the cells it questions and the arithmetic.

`finding_evidence` maps one finding onto its table: the cells it questions (keyed
`t<table>-r<row>-c<column>`, `t<table>-h-c<column>` for a header, `t<table>-f<n>-c<column>`
for a footer row), the cells it was computed from, a few labelled steps (the parts
summed, the band applied, the value against its maximum) and, for ranks and classes,
the neighbouring units in the order of their recomputed figures. Plain data, no markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cchc_audit.extract.domain.findings import SCORER_LABELS, Code, Finding
from cchc_audit.extract.domain.model import Column, Role, Table
from cchc_audit.extract.domain.numbers import Number, format_number
from cchc_audit.report.model import AuditReport, TableResult
from cchc_audit.validate.frame import cell_value

_WORDS = {
    "vi": {
        "published": "Công bố", "expected": "Tính lại", "sum": "Tổng các thành phần", "difference": "Chênh lệch",
        "maximum": "Điểm tối đa", "value": "Giá trị", "total": "Tổng điểm", "unit_maximum": "Điểm tối đa của đơn vị",
        "index": "Chỉ số = tổng ÷ tối đa × 100", "basis": "Điểm xếp hạng (tính lại)", "rules": "Quy tắc",
        "band": "Ngưỡng áp dụng", "average": "Trung bình",
        "count": "Số đơn vị", "first_row": "Lần đầu ở dòng",
        "exceeded": "Số giá trị vượt", "ties": "Cách xếp đồng hạng", "implied": "Ngưỡng suy ra từ tài liệu",
        "row": "Dòng", "others": "Đơn vị điểm thấp hơn mà phân loại cao hơn (hoặc ngược lại)",
    },
    "en": {
        "published": "Published", "expected": "Recomputed", "sum": "Sum of the parts", "difference": "Difference",
        "maximum": "Maximum", "value": "Value", "total": "Total", "unit_maximum": "The unit's maximum",
        "index": "Index = total ÷ maximum × 100", "basis": "Ranking figure (recomputed)", "rules": "Rule set",
        "band": "Band applied", "average": "Average",
        "count": "Units", "first_row": "First in row",
        "exceeded": "Values above", "ties": "Ties", "implied": "Bands the document implies",
        "row": "Row", "others": "Units with a lower figure and a better class (or the reverse)",
    },
}


def words(lang: str) -> dict[str, str]:
    return _WORDS["en" if lang == "en" else "vi"]


def cell_key(table: int, row: int, column: int) -> str:
    return f"t{table}-r{row}-c{column}"


def header_key(table: int, column: int) -> str:
    return f"t{table}-h-c{column}"


def footer_key(table: int, footer: int, column: int) -> str:
    return f"t{table}-f{footer}-c{column}"


@dataclass(frozen=True)
class Step:
    """One labelled line of a finding's arithmetic; `strong` marks the figures in question."""

    label: str
    value: str
    strong: bool = False


@dataclass(frozen=True)
class Neighbour:
    """A unit beside the questioned one, in the order of the recomputed figures."""

    row: int
    unit: str
    basis: str
    published_rank: str
    expected_rank: str
    published_class: str
    expected_class: str
    questioned: bool


@dataclass(frozen=True)
class Evidence:
    cells: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    neighbours: tuple[Neighbour, ...] = ()


def result_for(report: AuditReport, finding: Finding) -> TableResult | None:
    return next((t for t in report.tables if t.table.index == finding.table), None)


def finding_columns(table: Table, finding: Finding) -> tuple[Column, ...]:
    """The columns a finding names: by name and scorer, else by name alone."""
    if not finding.column:
        return ()
    named = tuple(c for c in table.columns if c.name == finding.column)
    if finding.code is Code.MAX_LIKELY_MISPRINTED:
        return named  # one finding for every scorer of the area
    exact = tuple(c for c in named if c.scorer == finding.scorer)
    return exact[:1] or named[:1]


def _number(column: Column, text: str) -> Number | None:
    value = cell_value(column, text)
    return value if isinstance(value, Number) else None


def _row_text(table: Table, row: int, column: Column | None) -> str:
    if column is None or not 1 <= row <= len(table.rows):
        return ""
    return table.rows[row - 1].cell(column).text


def _label(column: Column, lang: str) -> str:
    if column.scorer is None:
        return column.name
    return f"{column.name} ({SCORER_LABELS['en' if lang == 'en' else 'vi'][column.scorer]})"


def finding_evidence(report: AuditReport, finding: Finding, lang: str = "vi") -> Evidence:
    """The questioned cells and the arithmetic behind one finding."""
    w = words(lang)
    result = result_for(report, finding)
    if result is None:
        return Evidence()
    table = result.table
    columns = finding_columns(table, finding)
    explain = _EXPLAINERS.get(finding.code, _plain)
    return explain(result, finding, columns, w, lang)


def _plain(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    table = result.table
    cells: tuple[str, ...] = ()
    if finding.row is not None:
        column = columns[0] if columns else table.first(Role.UNIT)
        cells = (cell_key(table.index, finding.row, column.index),) if column else ()
    return Evidence(cells=cells)


def _above_max(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    evidence = _plain(result, finding, columns, w, lang)
    steps = [Step(w["value"], finding.published or "", True), Step(w["maximum"], finding.detail("maximum"))]
    hint = finding.detail("hint_en" if lang == "en" else "hint_vi").strip()
    if hint:
        steps.append(Step("", hint))
    context = tuple(header_key(result.table.index, c.index) for c in columns)
    return Evidence(cells=evidence.cells, context=context, steps=tuple(steps))


def _misprinted_max(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    """Every cell above the stated maximum, and the headers that state it."""
    table = result.table
    maximum = columns[0].maximum if columns and columns[0].maximum is not None else None
    cells = [header_key(table.index, c.index) for c in columns]
    steps = [Step(w["maximum"], finding.published or "", True)]
    for column in columns:
        above = []
        for row in finding.rows:
            number = _number(column, _row_text(table, row, column))
            if number is not None and maximum is not None and number.value > maximum:
                cells.append(cell_key(table.index, row, column.index))
                above.append(f"{w['row']} {row}: {number.text}")
        steps.append(Step(_label(column, lang), "; ".join(above)))
    steps.append(Step(w["exceeded"], f"{finding.detail('count')}/{finding.detail('total')}"))
    return Evidence(cells=tuple(cells), steps=tuple(steps))


def _maxima_sum(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    table = result.table
    totals = [c for c in table.by_role(Role.TOTAL)]
    parts = [c for c in table.columns if c.role in (Role.AREA, Role.SURVEY) and c.scorer == finding.scorer]
    steps = [Step(c.name, c.maximum_text or format_number(c.maximum)) for c in parts if c.maximum is not None]
    steps += [Step(w["sum"], finding.expected or "", True), Step(w["maximum"] + " (" + w["total"] + ")",
                                                                 finding.published or "", True)]
    return Evidence(
        cells=tuple(header_key(table.index, c.index) for c in totals),
        context=tuple(header_key(table.index, c.index) for c in parts),
        steps=tuple(steps),
    )


def _total(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    from cchc_audit.compute.totals import parts_of

    table = result.table
    evidence = _plain(result, finding, columns, w, lang)
    if not columns or finding.row is None:
        return evidence
    parts = parts_of(table, columns[0])
    steps = [Step(_label(c, lang), _row_text(table, finding.row, c)) for c in parts]
    steps.append(Step(w["sum"], finding.expected or "", True))
    steps.append(Step(w["published"], finding.published or "", True))
    published = _number(columns[0], finding.published or "")
    computed = result.sums.get((finding.row, columns[0].scorer))
    if published is not None and computed is not None:
        steps.append(Step(w["difference"], format_number(published.value - computed)))
    hint = finding.detail("hint_en" if lang == "en" else "hint_vi").strip()
    if hint:
        steps.append(Step("", hint))
    context = tuple(cell_key(table.index, finding.row, c.index) for c in parts)
    return Evidence(cells=evidence.cells, context=context, steps=tuple(steps))


def _index(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    table = result.table
    evidence = _plain(result, finding, columns, w, lang)
    row = finding.row
    total = next((c for c in table.by_role(Role.TOTAL) if c.scorer == table.counted_scorer), None)
    maximum_column = table.first(Role.MAXIMUM)
    steps = []
    if total is not None and row is not None:
        steps.append(Step(w["total"], _row_text(table, row, total)))
    if row in result.maxima:
        steps.append(Step(w["unit_maximum"], format_number(result.maxima[row])))
    steps.append(Step(w["index"], f"{finding.detail('arithmetic')} = {finding.expected or ''}", True))
    context = tuple(
        cell_key(table.index, row, c.index) for c in (total, maximum_column) if c is not None and row is not None
    )
    return Evidence(cells=evidence.cells, context=context, steps=tuple(steps))


def _average(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    table = result.table
    unit = table.first(Role.UNIT)
    footer = next(
        (n for n, row in enumerate(table.footer, start=1) if unit is not None and row.cell(unit).text == finding.unit),
        1 if table.footer else None,
    )
    cells = (footer_key(table.index, footer, columns[0].index),) if footer and columns else ()
    values = [n for row in table.rows if columns and (n := _number(columns[0], row.cell(columns[0]).text))]
    total = sum((n.value for n in values), Decimal(0))
    steps = (
        Step(w["sum"], " + ".join(n.text for n in values) + f" = {format_number(total)}"),
        Step(w["count"], str(len(values))),
        Step(w["average"], finding.expected or "", True),
        Step(w["published"], finding.published or "", True),
    )
    return Evidence(cells=cells, steps=steps)


def _pair(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    """Appraisal above self-assessment: the two cells side by side."""
    table = result.table
    evidence = _plain(result, finding, columns, w, lang)
    own = next((c for c in table.columns if c.name == finding.column and c.scorer != finding.scorer), None)
    context = (cell_key(table.index, finding.row, own.index),) if own is not None and finding.row else ()
    return Evidence(cells=evidence.cells, context=context)  # the pair itself is the published/expected


def _duplicate(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    evidence = _plain(result, finding, columns, w, lang)
    first = finding.detail("first_row")
    context = ()
    if first.isdigit() and columns:
        context = (cell_key(result.table.index, int(first), columns[0].index),)
    return Evidence(cells=evidence.cells, context=context, steps=(Step(w["first_row"], first),))


def _figure(value: Decimal) -> str:
    """A recomputed figure; exact quotients are shown to 4 decimals, as in the JSON report."""
    return format_number(value, 4) if -value.as_tuple().exponent > 4 else format_number(value)


def neighbours(result: TableResult, row: int, width: int = 2) -> tuple[Neighbour, ...]:
    """The questioned unit and up to `width` units either side, by recomputed figure."""
    table = result.table
    unit, rank, klass = table.first(Role.UNIT), table.first(Role.RANK), table.first(Role.CLASS)
    ordered = sorted(result.basis, key=lambda r: (-result.basis[r], r))
    if row not in ordered:
        return ()
    at = ordered.index(row)
    chosen = ordered[max(0, at - width): at + width + 1]
    return tuple(
        Neighbour(
            row=r,
            unit=_row_text(table, r, unit),
            basis=_figure(result.basis[r]),
            published_rank=_row_text(table, r, rank) if rank is not None else str(sorted(result.basis).index(r) + 1),
            expected_rank=str(result.ranks.get(r, "")),
            published_class=_row_text(table, r, klass),
            expected_class=result.classes.get(r, ""),
            questioned=r == row,
        )
        for r in chosen
    )


def _rank(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    evidence = _plain(result, finding, columns, w, lang)
    steps = [Step(w["basis"], finding.detail("basis"))]
    if finding.detail("ties"):
        steps.append(Step(w["ties"], finding.detail("ties")))
    around = neighbours(result, finding.row) if finding.row is not None else ()
    return Evidence(cells=evidence.cells, steps=tuple(steps), neighbours=around)


def _class(result: TableResult, finding: Finding, columns, w, lang) -> Evidence:
    evidence = _plain(result, finding, columns, w, lang)
    steps = [Step(w["basis"], finding.detail("basis"))]
    if finding.detail("band"):
        steps += [Step(w["rules"], finding.detail("rules")), Step(w["band"], finding.detail("band"), True)]
    if finding.detail("others"):
        steps.append(Step(w["others"], finding.detail("others")))
    if result.implied_bands:
        bands = "; ".join(f"{n} {format_number(lo)}–{format_number(hi)}" for n, lo, hi in result.implied_bands)
        steps.append(Step(w["implied"], bands))
    around = neighbours(result, finding.row) if finding.row is not None else ()
    return Evidence(cells=evidence.cells, steps=tuple(steps), neighbours=around)


_EXPLAINERS = {
    Code.SCORE_ABOVE_MAX: _above_max,
    Code.MAX_LIKELY_MISPRINTED: _misprinted_max,
    Code.MAXIMA_SUM_MISMATCH: _maxima_sum,
    Code.TOTAL_MISMATCH: _total,
    Code.TOTAL_ROUNDING: _total,
    Code.INDEX_MISMATCH: _index,
    Code.AVERAGE_MISMATCH: _average,
    Code.APPRAISED_ABOVE_SELF: _pair,
    Code.DUPLICATE_UNIT: _duplicate,
    Code.RANK_MISMATCH: _rank,
    Code.CLASS_MISMATCH: _class,
    Code.CLASS_ORDER_VIOLATION: _class,
}
