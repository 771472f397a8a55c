"""Misread or misprint: on a table read by OCR, let the arithmetic tell which a failure is.

When a check fails on a scanned table, the figures in the failing rows are read again in
the ways OCR could have got them wrong: the other readings Tesseract offered, and — for a
score OCR was unsure of — one confusable digit (3/8, 1/7, 5/6 …), a digit doubled or lost,
or a decimal comma gained or lost; a score above its column's maximum may always have lost
its comma. A rank is only read as OCR itself offered. If one such reading clears errors
from its row without raising any there, and leaves fewer errors in the table — a misread
part clears its total and the ranks and classes that follow from it at once — the tool
believes it misread the figure (of two readings that clear as much, one OCR offered beats
a guessed digit; two alike leave the errors standing): the errors it explains give way to an `extraction-disagreement`
warning that shows both readings, and the rest of the audit goes on with that reading.
Otherwise the errors stand, each saying that its figures came from OCR and how sure OCR
was. A figure is never changed without a finding that shows both readings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from cchc_audit.extract.domain.findings import Code, Finding, Severity
from cchc_audit.extract.domain.model import Cell, Column, Role, Row, Table
from cchc_audit.extract.domain.numbers import parse_number

LOW_CONFIDENCE = 90.0  # below this, Tesseract's reading of a figure is questioned digit by digit
MAX_MISREADS = 6  # readings accepted per table; beyond that the scan is too poor to second-guess
MAX_TRIALS = 400  # re-audits tried per table (a few ms each); past that a bad scan's errors stand, said to come from OCR
CONFUSABLE = {
    "0": "896", "1": "74", "2": "7", "3": "859", "4": "19", "5": "693", "6": "580", "7": "12", "8": "36059", "9": "5438",
}

Audit = Callable[[Table], tuple[object, list[Finding]]]


@dataclass(frozen=True)
class Misread:
    """A cell OCR read as `read` that the arithmetic says reads `reading`."""

    row: int
    column: Column
    read: str
    reading: str
    confidence: float | None
    explains: tuple[Finding, ...]


def error_keys(findings: Sequence[Finding]) -> set[tuple]:
    """What a reading must clear: every error, and totals that only agree within rounding.

    A reading that turns a total's mismatch into a rounding difference has not made its
    row add up; it must not explain away a publication error.
    """
    return {
        (f.code, f.row, f.column, f.scorer)
        for f in findings
        if f.severity == Severity.ERROR or f.code == Code.TOTAL_ROUNDING
    }


def alternative_readings(cell: Cell, column: Column) -> list[str]:
    """Other ways OCR could have read a figure, most plausible first."""
    text = cell.text
    number = parse_number(text)
    out = [a for a in cell.alternatives if parse_number(a) is not None]
    if number is None:  # specks read beside a figure ("h 2", "15 „") or for its mark ("82/37")
        out += [a for a in _without_specks(text, column.is_score or column.role == Role.INDEX) if a not in out]
    if number is None or not column.is_score:
        return [a for a in out if number is None or parse_number(a).value != number.value]  # a rank has no sum to vouch for a guessed digit: only OCR's own readings
    unsure = cell.confidence is None or cell.confidence < LOW_CONFIDENCE or any(
        _digits(a) != _digits(text) for a in cell.alternatives
    )  # another reading with other digits; one that only places the mark elsewhere is tried as read
    too_big = column.maximum is not None and number.value > column.maximum
    if unsure or too_big:
        out += _comma_variants(text)
    if unsure or too_big:
        for index, letter in enumerate(text):
            for other in CONFUSABLE.get(letter, ""):
                out.append(text[:index] + other + text[index + 1 :])
    if unsure:  # a digit read once for two ("1" for "11") or twice for one
        for index, letter in enumerate(text):
            if letter.isdigit():
                out.append(text[:index] + letter + text[index:])
                if index + 1 < len(text) and text[index + 1] == letter:
                    out.append(text[:index] + text[index + 1 :])
    seen: list[str] = []
    for candidate in out:
        parsed = parse_number(candidate)
        if parsed is not None and parsed.value != number.value and candidate not in seen and not candidate.startswith("00"):
            seen.append(candidate)
    return seen


_MARK_READ_AS = re.compile(r"^(\d+)[^\d\s]{1,2}(\d{1,2})$")  # "82/37": one or two signs where a mark stands


def _without_specks(text: str, decimals: bool) -> list[str]:
    """An unreadable figure read as its digits alone (what else OCR saw beside them dropped),
    and, in a column of decimals, with a sign between its digits taken for the mark."""
    out = []
    words = [w for w in text.split() if any(letter.isdigit() for letter in w)]
    if len(words) == 1:
        kept = re.sub(r"^\D+|\D+$", "", words[0])
        found = _MARK_READ_AS.match(kept)
        if parse_number(kept) is not None:
            out.append(kept)
        elif decimals and found:
            out.append(f"{found[1]},{found[2]}")
    return out


def _digits(text: str) -> str:
    return "".join(letter for letter in text if letter.isdigit())


def _comma_variants(text: str) -> Iterator[str]:
    mark = "," if "." not in text else "."
    if mark in text:
        yield text.replace(mark, "")
    else:
        for places in (1, 2):
            if len(text) > places:
                yield text[:-places] + mark + text[-places:]


def with_reading(table: Table, row: int, column: Column, reading: str) -> Table:
    """The table with one cell read differently (its place and confidence kept)."""
    rows = list(table.rows)
    target = rows[row - 1]
    cells = list(target.cells)
    cells[column.index] = replace(cells[column.index], text=reading)
    rows[row - 1] = Row(number=target.number, cells=tuple(cells))
    return replace(table, rows=tuple(rows))


def _figure_columns(table: Table) -> list[Column]:
    return [c for c in table.columns if c.is_score or c.role in (Role.INDEX, Role.RANK)]


def suspects(table: Table, findings: Sequence[Finding]) -> list[tuple[int, Column]]:
    """The figures an error rests on: its own cell and, for a total, the parts it adds up."""
    out: list[tuple[int, Column]] = []
    figures = _figure_columns(table)
    for finding in findings:
        if finding.severity != Severity.ERROR or finding.row is None:
            continue
        for column in figures:
            own = column.name == finding.column and column.scorer == finding.scorer
            part = finding.code == Code.TOTAL_MISMATCH and column.scorer == finding.scorer and column.is_score
            if (own or part) and (finding.row, column) not in out:
                out.append((finding.row, column))
    return out


def review_misreads(table: Table, result, findings: list[Finding], audit: Audit) -> tuple[object, list[Finding]]:
    """The audit of an OCR-read table once the misreads the arithmetic exposes are set aside."""
    current, accepted = table, []
    trials, cut_short = 0, False  # bounded by a count, never by the clock: same bytes, same findings
    set_aside, explanations = set(), []
    if any(f.code == Code.EXTRACTION_DISAGREEMENT for f in findings):  # an earlier review (the header's maxima) explained errors
        _, plain = audit(table)
        set_aside = error_keys(plain) - error_keys(findings)
        explanations = [f for f in findings if f not in plain]  # the warnings it gave for them
    for _ in range(MAX_MISREADS):
        errors = error_keys(findings)
        candidates = []
        for row, column in suspects(current, findings):
            cell = current.rows[row - 1].cell(column)
            for reading in alternative_readings(cell, column):
                trials += 1
                if trials > MAX_TRIALS:
                    cut_short = True
                    break
                trial_result, trial = audit(with_reading(current, row, column, reading))
                trial = _kept_aside(trial, set_aside, explanations)
                keys = error_keys(trial)
                here, there = {k for k in errors if k[1] == row}, {k for k in keys if k[1] == row}
                # Its own row loses errors and gains none; elsewhere only ranks may shift, never more errors.
                if there < here and len(keys) < len(errors):
                    # Between readings that clear as much, one Tesseract itself offered beats a guessed digit.
                    offered = reading in cell.alternatives
                    score = (len(here - there), len(errors) - len(keys), offered, -len(trial))
                    candidates.append((score, row, column, reading, trial_result, trial, errors - keys))
            if cut_short:
                break
        if cut_short or not candidates:
            break  # a review cut short accepts nothing half-compared
        best = max(candidates, key=lambda c: c[0])
        rivals = [c for c in candidates if c[0] == best[0] and c[6] & best[6] and _differs(c, best)]
        if rivals:  # two readings explain the same errors equally well: OCR cannot tell which
            break
        _, row, column, reading, trial_result, trial, _ = best
        cell = current.rows[row - 1].cell(column)
        explained = tuple(f for f in findings if (f.code, f.row, f.column, f.scorer) in best[6])
        accepted.append(Misread(row, column, cell.text, reading, cell.confidence, explained))
        current, result, findings = with_reading(current, row, column, reading), trial_result, trial
    notes = [misnumbered(f) or from_ocr(f, current, cut_short) for f in findings]
    return result, [misread_finding(table, m) for m in accepted] + notes


def _kept_aside(trial: list[Finding], set_aside: set[tuple], explanations: Sequence[Finding]) -> list[Finding]:
    """A trial's findings with the errors an earlier review explained given way, again, to its warnings:
    a reading is judged by the errors it clears, not by those already accounted for."""
    if not set_aside:
        return trial
    kept = [f for f in trial if not (f.severity == Severity.ERROR and (f.code, f.row, f.column, f.scorer) in set_aside)]
    return [f for f in explanations if f not in kept] + kept


def misnumbered(finding: Finding) -> Finding | None:
    """A row number out of sequence by one confusable digit ("3" for "9"): a misread, said as such."""
    if finding.code != Code.ROW_NUMBER_SEQUENCE or not finding.published or not finding.expected:
        return None
    read, wanted = finding.published, finding.expected
    if len(read) != len(wanted) or sum(a != b for a, b in zip(read, wanted)) != 1:
        return None
    if not any(b in CONFUSABLE.get(a, "") for a, b in zip(read, wanted) if a != b):
        return None
    return replace(finding, code=Code.EXTRACTION_DISAGREEMENT, details=finding.details + (
        ("other_reader", "OCR"),
        ("note_vi", " Số thứ tự liền trước và liền sau cho thấy đây nhiều khả năng là lỗi nhận dạng."),
        ("note_en", " The row numbers around it say this is most likely a misread."),
    ))


def _differs(one: tuple, other: tuple) -> bool:
    """Two candidate readings that are not the same figure in the same cell ("6,5" and "6.5" are)."""
    return (one[1], one[2].index) != (other[1], other[2].index) or (
        parse_number(one[3]).value != parse_number(other[3]).value
    )


def misread_finding(table: Table, misread: Misread) -> Finding:
    """The warning that stands in for the errors a misread explains: both readings shown."""
    row = table.rows[misread.row - 1]
    unit_column = table.first(Role.UNIT)
    cell = row.cell(misread.column)
    codes = ", ".join(sorted({f.code.value for f in misread.explains}))
    sure = "?" if misread.confidence is None else f"{misread.confidence:.0f}"
    return Finding(
        code=Code.EXTRACTION_DISAGREEMENT,
        table=table.index,
        row=misread.row,
        unit=row.cell(unit_column).text if unit_column else None,
        column=misread.column.name,
        scorer=misread.column.scorer,
        published=misread.read,
        expected=misread.reading,
        page=cell.page,
        bbox=cell.bbox,
        details=(
            ("other_reader", "OCR"),
            ("note_vi", f" OCR chỉ chắc {sure}/100; đọc là \"{misread.reading}\" thì hết lỗi ({codes}), "
                        "nên nhiều khả năng đây là lỗi nhận dạng chứ không phải lỗi của văn bản. Hãy xem lại bản quét."),
            ("note_en", f" OCR was {sure}/100 sure; read as \"{misread.reading}\" the errors ({codes}) disappear, "
                        "so this is most likely a misread, not a publication error. Check the scan."),
        ),
    )


def from_ocr(finding: Finding, table: Table, cut_short: bool = False) -> Finding:
    """An error on an OCR-read table says its figure (or its header) came from OCR and how sure OCR was."""
    if finding.severity != Severity.ERROR or finding.table != table.index:
        return finding
    if finding.code in (Code.MISSING_VALUE, Code.UNREADABLE_VALUE):
        return unsure_reading(finding)
    if finding.row is None:
        if finding.code not in (Code.MAXIMA_SUM_MISMATCH, Code.MAX_LIKELY_MISPRINTED):
            return finding
        return replace(finding, details=finding.details + (
            ("ocr_note_vi", " (Tiêu đề bảng đọc bằng OCR; không cách đọc nào khác của điểm tối đa làm khớp số học.)"),
            ("ocr_note_en", " (Header read by OCR; no other reading of the maxima makes the arithmetic agree.)"),
        ))
    column = next((c for c in table.columns if c.name == finding.column and c.scorer == finding.scorer), None)
    cell = table.rows[finding.row - 1].cell(column) if column is not None else None
    sure = "?" if cell is None or cell.confidence is None else f"{cell.confidence:.0f}"
    if cut_short:  # too many suspect figures to try every reading: the error may still be a misread
        return replace(finding, details=finding.details + (
            ("ocr_note_vi", f" (Số liệu đọc bằng OCR, độ tin cậy {sure}/100; bản quét có quá nhiều lỗi để thử hết "
                            "các cách đọc khác, nên đây có thể là lỗi nhận dạng.)"),
            ("ocr_note_en", f" (Figures read by OCR, {sure}/100 sure; the scan has too many errors to try every "
                            "other reading, so this may be a misread.)"),
        ))
    return replace(finding, details=finding.details + (
        ("ocr_note_vi", f" (Số liệu đọc bằng OCR, độ tin cậy {sure}/100; không cách đọc nào khác làm khớp số học.)"),
        ("ocr_note_en", f" (Figures read by OCR, {sure}/100 sure; no other reading makes the arithmetic agree.)"),
    ))


def unsure_reading(finding: Finding) -> Finding:
    """A cell of an OCR-read table read empty or as no figure, rank or class: OCR cannot vouch
    for a blank or a garbled cell (a wrapped class it lost, a figure under a speck), so it is a
    warning that sends the reader to the scan, never an accusation."""
    read = finding.published or ""
    added = (("reading_vi", f"\"{read}\"" if read else "ô trống"), ("reading_en", f"\"{read}\"" if read else "empty"))
    if "expected_kind_vi" not in dict(finding.details):  # an empty cell: any reading was wanted
        added += (("expected_kind_vi", "giá trị cần có"), ("expected_kind_en", "required value"))
    return replace(finding, code=Code.UNSURE_READING, details=finding.details + added)
