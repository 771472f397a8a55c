"""Flat views of findings in one fixed column order: CSV, Markdown and the terminal table."""

from __future__ import annotations

import csv
import io

from cchc_audit.extract.domain.findings import SCORER_LABELS, Finding
from cchc_audit.extract.domain.numbers import format_number
from cchc_audit.report.json_report import FINDING_FIELDS
from cchc_audit.report.model import AuditReport

CSV_FIELDS = ("source",) + FINDING_FIELDS

_HEADINGS = {
    "vi": {
        "severity": "Mức", "code": "Mã", "row": "Dòng", "unit": "Đơn vị", "column": "Cột",
        "published": "Công bố", "expected": "Tính lại", "where": "Vị trí",
        "summary": "{errors} lỗi, {warnings} cảnh báo, {info} thông tin",
        "rules": "Quy tắc phân loại", "assumed": " (giả định, chưa đối chiếu tiêu chí của tỉnh)",
        "none": "không có (chỉ kiểm tra thứ tự phân loại)", "document": "Quyết định",
        "no_findings": "Không có phát hiện nào.", "message": "Nội dung",
        "table": "Bảng", "implied": "Ngưỡng phân loại suy ra từ tài liệu",
        "reader": "Đọc bằng", "checked": " (đối chiếu với {other})",
    },
    "en": {
        "severity": "Severity", "code": "Code", "row": "Row", "unit": "Unit", "column": "Column",
        "published": "Published", "expected": "Expected", "where": "Where",
        "summary": "{errors} errors, {warnings} warnings, {info} info",
        "rules": "Class rules", "assumed": " (assumed, not yet checked against the province's criteria)",
        "none": "none (class order checked only)", "document": "Decision",
        "no_findings": "No findings.", "message": "Message",
        "table": "Table", "implied": "Class bands the document's own classes imply",
        "reader": "Read with", "checked": " (cross-checked with {other})",
    },
}


def _lang(lang: str) -> dict:
    return _HEADINGS["en" if lang == "en" else "vi"]


def where(finding: Finding) -> str:
    if finding.page is not None:
        return f"p.{finding.page}"
    if finding.line is not None:
        return f"l.{finding.line}"
    return ""


def column_label(finding: Finding, lang: str) -> str:
    if not finding.column:
        return ""
    if finding.scorer:
        return f"{finding.column} ({SCORER_LABELS['en' if lang == 'en' else 'vi'][finding.scorer]})"
    return finding.column


def finding_row(finding: Finding) -> str:
    if finding.rows:
        return ",".join(str(r) for r in finding.rows)
    return str(finding.row) if finding.row is not None else ""


def reports_to_csv(reports: list[AuditReport], lang: str = "vi") -> str:
    from cchc_audit.report.json_report import finding_to_dict

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for report in reports:
        for finding in report.findings:
            row = finding_to_dict(finding, lang)
            row["bbox"] = " ".join(f"{v:.1f}" for v in finding.bbox) if finding.bbox else ""
            writer.writerow({"source": report.source, **row})
    return out.getvalue()


def _header_lines(report: AuditReport, lang: str) -> list[str]:
    words = _lang(lang)
    lines = [f"{report.source}  [{report.sha256[:12] if report.sha256 else '-'}]"]
    metadata = report.metadata
    if metadata is not None:
        parts = [metadata.issuer, metadata.number_text, metadata.date_text]
        lines.append(f"{words['document']}: " + " · ".join(p for p in parts if p))
    if report.reader and report.reader != "text":
        checked = words["checked"].format(other=report.cross_check) if report.cross_check else ""
        lines.append(f"{words['reader']}: {report.reader}{checked}")
    if report.status == "ok":
        rules = (report.rules + (words["assumed"] if report.rules_assumed else "")) if report.rules else words["none"]
        lines.append(f"{words['rules']}: {rules}")
    for result in report.tables:
        if result.implied_bands:
            bands = "; ".join(
                f"{name} {format_number(low)}–{format_number(high)}" for name, low, high in result.implied_bands
            )
            prefix = f"{words['table']} {result.table.index}: " if len(report.tables) > 1 else ""
            lines.append(f"{words['implied']}: {prefix}{bands}")
    lines.append(words["summary"].format(**report.summary))
    return lines


def table_heading(report: AuditReport, index: int | None, lang: str) -> str | None:
    """"Bảng 2: UBND các huyện" when a decision holds several tables, or a titled one."""
    if index is None:
        return None
    title = next((t.table.title for t in report.tables if t.table.index == index), None)
    if title is None and len(report.tables) < 2:
        return None
    name = _lang(lang)["table"]
    return f"{name} {index}: {title}" if title else f"{name} {index}"


def report_to_markdown(report: AuditReport, lang: str = "vi") -> str:
    words = _lang(lang)
    head = _header_lines(report, lang)
    lines = [f"# {head[0]}", ""] + [f"- {line}" for line in head[1:]] + [""]
    if report.status != "ok" and report.error(lang):
        lines += [f"**Error:** {report.error(lang)}", ""]
    if not report.findings:
        return "\n".join(lines + [words["no_findings"], ""])
    columns = ("severity", "code", "row", "unit", "column", "published", "expected", "where", "message")
    current = object()
    for finding in report.findings:
        if finding.table != current:
            current = finding.table
            heading = table_heading(report, finding.table, lang)
            if heading:
                lines += ["", f"## {heading}", ""]
            lines += ["| " + " | ".join(words[c] for c in columns) + " |", "|" + "---|" * len(columns)]
        values = (
            finding.severity.value, f"`{finding.code.value}`", finding_row(finding), finding.unit or "",
            column_label(finding, lang), finding.published or "", finding.expected or "", where(finding),
            finding.message(lang),
        )
        lines.append("| " + " | ".join(v.replace("|", "\\|") for v in values) + " |")
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def report_to_table(report: AuditReport, lang: str = "vi") -> str:
    """A terminal table: one finding a line, then its message indented."""
    words = _lang(lang)
    lines = _header_lines(report, lang)
    if report.status != "ok" and report.error(lang):
        lines.append(f"Error: {report.error(lang)}")
    if not report.findings:
        return "\n".join(lines + [words["no_findings"]]) + "\n"
    widths = (8, 24, 6, 28, 30, 10, 10, 6)
    heads = ("severity", "code", "row", "unit", "column", "published", "expected", "where")
    lines.append("  ".join(_clip(words[h], w).ljust(w) for h, w in zip(heads, widths)).rstrip())
    current = object()
    for finding in report.findings:
        if finding.table != current:
            current = finding.table
            heading = table_heading(report, finding.table, lang)
            if heading:
                lines.append(f"── {heading}")
        values = (
            finding.severity.value, finding.code.value, finding_row(finding), finding.unit or "",
            column_label(finding, lang), finding.published or "", finding.expected or "", where(finding),
        )
        lines.append("  ".join(_clip(v, w).ljust(w) for v, w in zip(values, widths)).rstrip())
        lines.append(f"    {finding.message(lang)}")
    return "\n".join(lines) + "\n"
