"""Misread or misprint, for the maxima a scanned table's header states.

A header read by OCR can lose or gain a decimal mark ("6.5" read "65") or confuse a digit
("10" read "19"); the areas' maxima then no longer add up to the total's, or every score
of an area sits above its maximum. Before such a `maxima-sum-mismatch`, `max-likely-misprinted`
or `score-above-max` is reported, each maximum the error rests on is read again in the ways
OCR could have got it wrong. If exactly one reading makes the maxima add up, leaves every
score of its area within it, and clears errors without raising any, the header most likely
reads so: the errors give way to an `extraction-disagreement` warning that shows both
readings, and the audit goes on with that reading. Otherwise the errors stand, saying the
header came from OCR (`misreads.from_ocr`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from cchc_audit.compute.misreads import CONFUSABLE, error_keys
from cchc_audit.extract.domain.findings import Code, Finding
from cchc_audit.extract.domain.model import Column, Role, Table
from cchc_audit.extract.domain.numbers import parse_number
from cchc_audit.validate.checks import maxima_findings

HEADER_CODES = (Code.MAXIMA_SUM_MISMATCH, Code.MAX_LIKELY_MISPRINTED, Code.SCORE_ABOVE_MAX)
MAX_ROUNDS = 3  # header cells re-read per table
HEADER_UNIT = "Tiêu đề bảng (header)"
# Digit confusions both ways: a maximum has no confidence of its own to narrow them.
_EITHER_WAY = {d: "".join(sorted(set(CONFUSABLE[d]) | {o for o, c in CONFUSABLE.items() if d in c})) for d in CONFUSABLE}

Audit = Callable[[Table], tuple[object, list[Finding]]]


@dataclass(frozen=True)
class MaximumMisread:
    """An area's (or the total's) maximum OCR read as `read` that the arithmetic says reads `reading`."""

    columns: tuple[Column, ...]
    read: str
    reading: str
    explains: tuple[Finding, ...]


def maximum_readings(text: str) -> list[str]:
    """Other ways OCR could have read a stated maximum: a decimal mark lost or gained, one
    confusable digit, a digit doubled or lost, a "1" lost (one thin stroke, taken for a speck
    or the cell's rule: "(2)" for "(12)")."""
    out: list[str] = list(_marks(text))
    for index, letter in enumerate(text):
        for other in _EITHER_WAY.get(letter, ""):
            out.append(text[:index] + other + text[index + 1 :])
        if letter.isdigit():
            out.append(text[:index] + letter + text[index:])
            out.append(text[:index] + text[index + 1 :])
    out += [text[:index] + "1" + text[index:] for index in range(len(text) + 1)]
    value = parse_number(text)
    seen: list[str] = []
    for candidate in out:
        parsed = parse_number(candidate)
        if (parsed is not None and parsed.value > 0 and (value is None or parsed.value != value.value)
                and candidate not in seen and not candidate.startswith("0") and not candidate.endswith((".", ","))):
            seen.append(candidate)
    return seen


def _marks(text: str) -> Iterator[str]:
    digits = text.replace(",", "").replace(".", "")
    if digits != text:
        yield digits
    else:
        for mark in (".", ","):
            for places in (1, 2):
                if len(text) > places:
                    yield text[:-places] + mark + text[-places:]


def _groups(table: Table) -> dict[tuple[Role, str], tuple[Column, ...]]:
    """Columns that share one header cell's maximum: an area's self and appraised scores."""
    out: dict[tuple[Role, str], list[Column]] = {}
    for column in table.columns:
        if column.is_score and column.maximum_text:
            out.setdefault((column.role, column.name), []).append(column)
    return {key: tuple(columns) for key, columns in out.items()}


def suspect_groups(table: Table, findings: Sequence[Finding]) -> list[tuple[Column, ...]]:
    """The header maxima the header errors rest on."""
    groups = _groups(table)
    out: list[tuple[Column, ...]] = []
    for finding in findings:
        if finding.code not in HEADER_CODES:
            continue
        for (role, name), columns in groups.items():
            wanted = finding.code == Code.MAXIMA_SUM_MISMATCH or name == finding.column
            if wanted and columns not in out:
                out.append(columns)
    return out


def with_maximum(table: Table, columns: Sequence[Column], reading: str) -> Table:
    """The table with the maximum of some columns read differently."""
    value = parse_number(reading).value
    indices = {c.index for c in columns}
    changed = tuple(replace(c, maximum=value, maximum_text=reading) if c.index in indices else c for c in table.columns)
    return replace(table, columns=changed)


def _scores_fit(table: Table, columns: Sequence[Column], maximum: Decimal) -> bool:
    for row in table.rows:
        for column in columns:
            number = parse_number(row.cell(column).text)
            if number is not None and number.maximum is None and number.value > maximum:
                return False
    return True


def review_maxima(table: Table, result, findings: list[Finding], audit: Audit) -> tuple[Table, object, list[Finding]]:
    """The audit of an OCR-read table once the misread maxima its header errors expose are
    set aside; the table returned carries the readings accepted."""
    accepted: list[MaximumMisread] = []
    for _ in range(MAX_ROUNDS):
        if not any(f.code in HEADER_CODES for f in findings):
            break
        errors = error_keys(findings)
        candidates = []
        for columns in suspect_groups(table, findings):
            for reading in maximum_readings(columns[0].maximum_text):
                trial_table = with_maximum(table, columns, reading)
                if maxima_findings(trial_table):
                    continue  # the maxima must add up as read again (and a reading must not break them)
                if not _scores_fit(trial_table, columns, parse_number(reading).value):
                    continue
                trial_result, trial = audit(trial_table)
                keys = error_keys(trial)
                if keys < errors:
                    candidates.append((len(errors - keys), columns, reading, trial_table, trial_result, trial))
        if not candidates:
            break
        best = max(candidates, key=lambda c: c[0])
        value = parse_number(best[2]).value
        rivals = [c for c in candidates if c[0] == best[0]
                  and (c[1] != best[1] or parse_number(c[2]).value != value)]
        if rivals:  # several readings explain the errors: not a publication error, but OCR cannot tell which
            common = set.intersection(*(errors - error_keys(c[5]) for c in [best, *rivals]))
            explained = tuple(f for f in findings if _key(f) in common)
            readings = tuple(MaximumMisread(c[1], c[1][0].maximum_text, c[2], explained) for c in [best, *rivals])
            return table, result, [undecided_finding(table, readings)] + [f for f in findings if _key(f) not in common]
        _, columns, reading, table, result, trial = best
        explained = tuple(f for f in findings if _key(f) in errors - error_keys(trial))
        accepted.append(MaximumMisread(columns, columns[0].maximum_text, reading, explained))
        findings = trial
    return table, result, [maximum_finding(table, m) for m in accepted] + findings


def _key(finding: Finding) -> tuple:
    return finding.code, finding.row, finding.column, finding.scorer


def undecided_finding(table: Table, readings: Sequence[MaximumMisread]) -> Finding:
    """The warning for header maxima that several readings make add up: each reading shown."""
    codes = ", ".join(sorted({f.code.value for f in readings[0].explains}))
    shown = "; ".join(f"{m.columns[0].name}: \"{m.read}\" → \"{m.reading}\"" for m in readings)
    cell = table.header_cells[0] if table.header_cells else None
    return Finding(
        code=Code.EXTRACTION_DISAGREEMENT,
        table=table.index,
        unit=HEADER_UNIT,
        column=", ".join(dict.fromkeys(m.columns[0].name for m in readings)),
        published=", ".join(dict.fromkeys(m.read for m in readings)),
        expected=", ".join(dict.fromkeys(m.reading for m in readings)),
        page=cell.page if cell else None,
        line=cell.line if cell else None,
        details=(
            ("other_reader", "OCR"),
            ("note_vi", f" Các điểm tối đa đọc bằng OCR không khớp, nhưng đọc lại một ô ({shown}) thì hết lỗi ({codes}); "
                        "nhiều khả năng đây là lỗi nhận dạng chứ không phải lỗi của văn bản. Hãy xem lại bản quét."),
            ("note_en", f" The maxima read by OCR do not add up, but reading one cell again ({shown}) clears the errors "
                        f"({codes}); most likely a misread, not a publication error. Check the scan."),
        ),
    )


def maximum_finding(table: Table, misread: MaximumMisread) -> Finding:
    """The warning that stands in for the errors a misread maximum explains: both readings shown."""
    column = misread.columns[0]
    cell = table.header_cells[column.index] if column.index < len(table.header_cells) else None
    codes = ", ".join(sorted({f.code.value for f in misread.explains}))
    return Finding(
        code=Code.EXTRACTION_DISAGREEMENT,
        table=table.index,
        unit=HEADER_UNIT,
        column=column.name,
        published=misread.read,
        expected=misread.reading,
        page=cell.page if cell else None,
        bbox=cell.bbox if cell else None,
        line=cell.line if cell else None,
        details=(
            ("other_reader", "OCR"),
            ("note_vi", f" Điểm tối đa này đọc bằng OCR; đọc là \"{misread.reading}\" thì hết lỗi ({codes}), "
                        "nên nhiều khả năng đây là lỗi nhận dạng chứ không phải lỗi của văn bản. Hãy xem lại bản quét."),
            ("note_en", f" This maximum was read by OCR; read as \"{misread.reading}\" the errors ({codes}) disappear, "
                        "so this is most likely a misread, not a publication error. Check the scan."),
        ),
    )
