"""One self-contained HTML page per audited document, for a reviewer to act on.

The page holds the decision's metadata, the findings counted by severity and code, the
annex table re-drawn with each questioned cell highlighted (its findings on hover and as
numbered marks linking to the list), and for each finding the published and recomputed
figures, the arithmetic behind them, a picture of the cell for PDFs, and its review.
Inline CSS and a few lines of inline script; nothing is fetched, so it works offline and
prints. `report_to_view` builds plain data; the Jinja2 template only lays it out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict

from cchc_audit.extract.domain.findings import SCORER_LABELS, Code, Finding, Severity
from cchc_audit.extract.domain.model import Role
from cchc_audit.extract.domain.numbers import format_number
from cchc_audit.report.explain import cell_key, finding_evidence, footer_key, header_key
from cchc_audit.report.flat import column_label, finding_row
from cchc_audit.report.model import AuditReport, TableResult
from cchc_audit.report.reviews import DECISION_LABELS, Carried, Review, carry_reviews, document_key, finding_fingerprint

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

WORDS = {
    "vi": {
        "title": "Báo cáo kiểm tra Chỉ số CCHC", "document": "Quyết định", "issuer": "Cơ quan ban hành",
        "number": "Số", "date": "Ngày ký", "place": "Địa danh", "year": "Năm của Chỉ số", "subject": "Trích yếu",
        "level": "Cấp", "source": "Tệp", "sha256": "SHA-256", "reader": "Cách đọc", "rules": "Quy tắc phân loại",
        "assumed": "giả định, chưa đối chiếu tiêu chí của tỉnh", "no_rules": "không có (chỉ kiểm tra thứ tự phân loại)",
        "blank": "(bỏ trống)", "summary": "Tóm tắt", "severity": "Mức", "code": "Mã", "count": "Số lượng",
        "error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin", "table": "Bảng", "findings": "Phát hiện",
        "no_findings": "Không có phát hiện nào.", "unit": "Đơn vị", "row": "Dòng", "rows": "Các dòng",
        "column": "Cột", "where": "Vị trí", "published": "Công bố", "expected": "Tính lại",
        "arithmetic": "Cách tính", "neighbours": "Các đơn vị liền kề (theo điểm tính lại)",
        "rank_published": "Hạng công bố", "rank_expected": "Hạng tính lại", "class_published": "Phân loại công bố",
        "class_expected": "Phân loại tính lại", "basis": "Điểm tính lại", "picture": "Ô trong bản gốc",
        "recomputed": "Tính lại", "total": "Tổng", "rank": "Xếp hạng", "class": "Phân loại", "index": "Chỉ số",
        "self": "Tự chấm", "appraised": "Thẩm định",
        "review": "Ý kiến rà soát", "not_reviewed": "Chưa rà soát", "reviewed": "đã rà soát",
        "record": "Ghi nhận", "stale": "Ý kiến rà soát không còn khớp phát hiện nào (đã cũ)",
        "stale_help": "Các phát hiện này không còn xuất hiện trong lần kiểm tra này (đã sửa hoặc đọc khác).",
        "legend": "Ô tô màu: ô bị nghi vấn; số nhỏ trong ô dẫn tới phát hiện tương ứng; di chuột để xem nội dung.",
        "failed": "Không kiểm tra được tài liệu", "document_level": "Về văn bản", "id": "Mã phát hiện",
        "generated": "Tạo bởi cchc-audit", "line": "dòng", "page": "trang",
        "decision": {"confirm": "--confirm", "dismiss": "--dismiss", "follow-up": "--follow-up"},
    },
    "en": {
        "title": "PAR Index audit report", "document": "Decision", "issuer": "Issuer", "number": "Number",
        "date": "Signed", "place": "Place", "year": "Index year", "subject": "Title", "level": "Level",
        "source": "File", "sha256": "SHA-256", "reader": "Reader", "rules": "Class rules",
        "assumed": "assumed, not yet checked against the province's criteria",
        "no_rules": "none (class order checked only)", "blank": "(blank)", "summary": "Summary",
        "severity": "Severity", "code": "Code", "count": "Count", "error": "Errors", "warning": "Warnings",
        "info": "Info", "table": "Table", "findings": "Findings", "no_findings": "No findings.", "unit": "Unit",
        "row": "Row", "rows": "Rows", "column": "Column", "where": "Where", "published": "Published",
        "expected": "Recomputed", "arithmetic": "Arithmetic", "neighbours": "Neighbouring units (by recomputed figure)",
        "rank_published": "Published rank", "rank_expected": "Recomputed rank", "class_published": "Published class",
        "class_expected": "Recomputed class", "basis": "Recomputed figure", "picture": "The cell as printed",
        "recomputed": "Recomputed", "total": "Total", "rank": "Rank", "class": "Class", "index": "Index",
        "self": "Self-assessed", "appraised": "Appraised",
        "review": "Review", "not_reviewed": "Not reviewed", "reviewed": "reviewed", "record": "Record",
        "stale": "Stale reviews (no finding matches them any more)",
        "stale_help": "These findings no longer appear in this audit (fixed, or read differently).",
        "legend": "Coloured cells are questioned; the small numbers link to their findings; hover to read them.",
        "failed": "The document could not be audited", "document_level": "About the document",
        "id": "Finding id", "generated": "Generated by cchc-audit", "line": "line", "page": "page",
        "decision": {"confirm": "--confirm", "dismiss": "--dismiss", "follow-up": "--follow-up"},
    },
}

# Which metadata field a document-level finding questions.
_METADATA_CODES = {
    Code.MISSING_DECISION_NUMBER: "number",
    Code.MISSING_SIGNING_DATE: "date",
    Code.YEAR_MISMATCH: "year",
}


def _words(lang: str) -> dict:
    return WORDS["en" if lang == "en" else "vi"]


def _where(finding: Finding, w: dict) -> str:
    if finding.page is not None:
        return f"{w['page']} {finding.page}"
    if finding.line is not None:
        return f"{w['line']} {finding.line}"
    return ""


def _worst(findings: Sequence[Finding]) -> Severity:
    return min((f.severity for f in findings), key=_SEVERITY_ORDER.__getitem__)


def drawn_cells(report: AuditReport, keys: Sequence[str]) -> list[str]:
    """Cell keys as drawn: the columns under one group label share the label's key."""
    aliases = {k: v for result in report.tables for k, v in header_aliases(result).items()}
    return list(dict.fromkeys(aliases.get(key, key) for key in keys))


def findings_by_cell(report: AuditReport) -> dict[str, list[int]]:
    """For each questioned cell as drawn, the positions of the findings that question it."""
    cells: dict[str, list[int]] = {}
    for number, finding in enumerate(report.findings):
        for key in drawn_cells(report, finding_evidence(report, finding).cells):
            cells.setdefault(key, []).append(number)
    return cells


def _cell(text: str, key: str, questioned: dict[str, list[int]], report: AuditReport, lang: str, **extra) -> dict:
    numbers = questioned.get(key, [])
    found = [report.findings[n] for n in numbers]
    return _plain_cell(
        text,
        key=key,
        refs=[n + 1 for n in numbers],
        severity=_worst(found).value if found else None,
        title="\n".join(f"[{n + 1}] {report.findings[n].message(lang)}" for n in numbers),
        **extra,
    )


def _plain_cell(text: str, **fields) -> dict:
    """A cell of the re-drawn table with every field the template reads."""
    cell = {"text": text, "key": "", "refs": [], "severity": None, "title": "", "colspan": 1, "rowspan": 1,
            "group": None, "numeric": False, "recomputed": False, "role": ""}
    cell.update(fields)
    return cell


def _header_parts(header: str) -> list[str]:
    """"Group label / Sub-label" as its two parts, or the single label."""
    return header.rsplit(" / ", 1) if " / " in header else [header]


def header_aliases(result: TableResult) -> dict[str, str]:
    """Header keys drawn as one group label, mapped to the key of the label's first column."""
    table = result.table
    aliases: dict[str, str] = {}
    previous: tuple[str, str] | None = None
    for column in table.columns:
        parts = _header_parts(column.header)
        key = header_key(table.index, column.index)
        if len(parts) == 2 and previous is not None and previous[0] == parts[0]:
            aliases[key] = previous[1]
        else:
            previous = (parts[0], key) if len(parts) == 2 else None
    return aliases


def _header_rows(result: TableResult, questioned, report, lang: str, recomputed: list[str]) -> list[list[dict]]:
    """Two header rows: group labels spanning their sub-columns, then the sub-columns."""
    table = result.table
    split = [_header_parts(c.header) for c in table.columns]
    two_levels = any(len(parts) == 2 for parts in split) or bool(recomputed)
    aliases = header_aliases(result)
    top: list[dict] = []
    bottom: list[dict] = []
    for column, parts in zip(table.columns, split):
        key = header_key(table.index, column.index)
        if len(parts) == 1:
            top.append(_cell(parts[0], key, questioned, report, lang, rowspan=2 if two_levels else 1))
            continue
        if key in aliases:
            top[-1]["colspan"] += 1
        else:
            top.append(_cell(parts[0], key, questioned, report, lang))
        bottom.append(_plain_cell(parts[1]))
    if recomputed:
        top.append(_plain_cell(_words(lang)["recomputed"], colspan=len(recomputed), recomputed=True))
        bottom += [_plain_cell(label, recomputed=True) for label in recomputed]
    return [top, bottom] if two_levels else [top]


def _recomputed_columns(result: TableResult, lang: str) -> list[tuple[str, object]]:
    """Labels and per-row getters of the recomputed figures shown beside the table."""
    w = _words(lang)
    table = result.table
    summed = {s for _, s in result.sums}
    scorers = [s for s in table.scorers if s in summed] + [s for s in summed if s not in table.scorers]
    columns: list[tuple[str, object]] = []
    for scorer in scorers:
        label = w["total"] if scorer is None or len(scorers) == 1 else (
            f"{w['total']} ({SCORER_LABELS['en' if lang == 'en' else 'vi'][scorer]})"
        )
        columns.append((label, lambda row, s=scorer: result.sums.get((row, s))))
    if table.first(Role.INDEX) is not None and result.basis:
        columns.append((w["index"], lambda row: result.basis.get(row)))
    if result.ranks:
        columns.append((w["rank"], lambda row: result.ranks.get(row)))
    if result.classes:
        columns.append((w["class"], lambda row: result.classes.get(row)))
    return columns


def _shown(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "as_tuple"):
        places = -value.as_tuple().exponent
        return format_number(value, 2) if places > 4 else format_number(value)
    return str(value)


def table_view(result: TableResult, report: AuditReport, questioned: dict[str, list[int]], lang: str) -> dict:
    table = result.table
    extra = _recomputed_columns(result, lang)
    rows = []
    for row in table.rows:
        cells = [
            _cell(row.cell(c).text, cell_key(table.index, row.number, c.index), questioned, report, lang,
                  numeric=c.role not in (Role.UNIT, Role.CLASS, Role.NOTE), role=c.role.value)
            for c in table.columns
        ]
        cells += [_plain_cell(_shown(get(row.number)), recomputed=True, numeric=True) for _, get in extra]
        rows.append({"number": row.number, "cells": cells})
    footer = []
    for position, row in enumerate(table.footer, start=1):
        cells = [
            _cell(row.cell(c).text, footer_key(table.index, position, c.index), questioned, report, lang,
                  numeric=c.role not in (Role.UNIT, Role.CLASS, Role.NOTE))
            for c in table.columns
        ]
        cells += [_plain_cell("", recomputed=True) for _ in extra]
        footer.append({"cells": cells})
    return {
        "index": table.index,
        "title": table.title,
        "header": _header_rows(result, questioned, report, lang, [label for label, _ in extra]),
        "rows": rows,
        "footer": footer,
        "implied_bands": [
            f"{name} {format_number(low)}–{format_number(high)}" for name, low, high in result.implied_bands
        ],
    }


def _review_view(review: Review | None, lang: str) -> dict | None:
    if review is None:
        return None
    return {
        "decision": review.decision.value,
        "label": DECISION_LABELS["en" if lang == "en" else "vi"][review.decision],
        "note": review.note,
        "who": review.who,
        "when": review.when.strftime("%Y-%m-%d %H:%M %Z").strip(),
        "short": review.short,
    }


def finding_view(report: AuditReport, number: int, lang: str, carried: Carried | None,
                 pictures: Mapping[int, bytes]) -> dict:
    from cchc_audit.report.pictures import png_data_uri

    w = _words(lang)
    finding = report.findings[number]
    evidence = finding_evidence(report, finding, lang)
    fingerprint = finding_fingerprint(document_key(report), finding)
    picture = pictures.get(number)
    return {
        "number": number + 1,
        "code": finding.code.value,
        "title": finding.code.info.title_en if lang == "en" else finding.code.info.title_vi,
        "severity": finding.severity.value,
        "message": finding.message(lang),
        "table": finding.table,
        "row": finding_row(finding).replace(",", ", "),
        "unit": finding.unit or "",
        "column": column_label(finding, lang),
        "published": finding.published,
        "expected": finding.expected,
        "published_label": w["self"] if finding.code is Code.APPRAISED_ABOVE_SELF else w["published"],
        "expected_label": w["appraised"] if finding.code is Code.APPRAISED_ABOVE_SELF else w["expected"],
        "where": _where(finding, w),
        "cells": drawn_cells(report, evidence.cells),
        "context": drawn_cells(report, evidence.context),
        "steps": [asdict(step) for step in evidence.steps],
        "neighbours": [asdict(n) for n in evidence.neighbours],
        "picture": png_data_uri(picture) if picture else None,
        "fingerprint": fingerprint,
        "short": fingerprint[:10],
        "review": _review_view(carried.review_of(finding) if carried else None, lang),
    }


def _metadata_view(report: AuditReport, lang: str, flagged: dict[str, list[int]]) -> list[dict]:
    w = _words(lang)
    metadata = report.metadata
    fields = []
    if metadata is not None:
        fields += [
            ("issuer", metadata.issuer),
            ("number", metadata.number_text if metadata.number is None else metadata.number),
            ("date", metadata.date_text),
            ("year", metadata.index_year or metadata.year),
            ("subject", metadata.title),
        ]
    fields += [("source", report.source), ("sha256", report.sha256), ("reader", report.reader)]
    if report.status == "ok":
        rules = (f"{report.rules} ({w['assumed']})" if report.rules_assumed else report.rules) if report.rules \
            else w["no_rules"]
        fields.append(("rules", rules))
    return [
        {"label": w[name], "value": "" if value is None else str(value), "refs": flagged.get(name, []),
         "mono": name == "sha256"}
        for name, value in fields
    ]


def report_to_view(report: AuditReport, lang: str = "vi", pictures: Mapping[int, bytes] | None = None,
                   reviews: Sequence[Review] | None = None) -> dict:
    """Everything the template shows, as plain data."""
    w = _words(lang)
    carried = carry_reviews(document_key(report), report.findings, reviews) if reviews is not None else None
    questioned = findings_by_cell(report)
    findings = [finding_view(report, n, lang, carried, pictures or {}) for n in range(len(report.findings))]
    flagged: dict[str, list[int]] = {}
    for number, finding in enumerate(report.findings, start=1):
        if finding.code in _METADATA_CODES:
            flagged.setdefault(_METADATA_CODES[finding.code], []).append(number)
    codes = Counter(f.code for f in report.findings)
    groups = []
    for result in report.tables:
        heading = f"{w['table']} {result.table.index}" + (f": {result.table.title}" if result.table.title else "")
        groups.append({"heading": heading, "findings": [v for v in findings if v["table"] == result.table.index]})
    loose = [v for v in findings if v["table"] is None or v["table"] not in {t.table.index for t in report.tables}]
    if loose:
        groups.insert(0, {"heading": w["document_level"], "findings": loose})
    summary = report.summary
    return {
        "lang": "en" if lang == "en" else "vi",
        "w": w,
        "title": (report.metadata.title if report.metadata and report.metadata.title else report.source),
        "issuer": report.metadata.issuer if report.metadata else None,
        "status": report.status,
        "error": report.error(lang),
        "metadata": _metadata_view(report, lang, flagged),
        "summary": [
            {"severity": s, "label": w[s], "count": summary[key]}
            for s, key in (("error", "errors"), ("warning", "warnings"), ("info", "info"))
        ],
        "codes": [
            {"code": code.value, "severity": code.severity.value,
             "title": code.info.title_en if lang == "en" else code.info.title_vi, "count": count}
            for code, count in sorted(codes.items(), key=lambda item: (_SEVERITY_ORDER[item[0].severity], item[0]))
        ],
        "tables": [table_view(result, report, questioned, lang) for result in report.tables],
        "groups": [g for g in groups if g["findings"]],
        "findings_count": len(findings),
        "reviews": carried is not None,
        "progress": carried.progress if carried else None,
        "stale": [_review_view(r, lang) for r in carried.stale] if carried else [],
        "source": report.source,
    }


def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def report_to_html(report: AuditReport, lang: str = "vi", pictures: Mapping[int, bytes] | None = None,
                   reviews: Sequence[Review] | None = None) -> str:
    """The self-contained HTML report of one audit.

    `pictures` maps a finding's position in `report.findings` to a PNG of its cell
    (`report.pictures.finding_pictures`); `reviews` are every review recorded for the
    document, latest decision per finding wins, the rest are listed as stale.
    """
    view = report_to_view(report, lang, pictures, reviews)
    return _environment().get_template("report.html.j2").render(**view)
