"""The index page over many audits: one line per document, filtered in the browser.

Entries are plain dicts, so the audit store (or anything else) can build them:

    source    the document's path or URL            sha256   its bytes' SHA-256
    issuer    the issuing committee, or None        year     the index year, or None
    counts    {"errors": n, "warnings": n, "info": n}
    codes     {finding code: n}                      reviewed / total   findings reviewed / findings
    report    the link to the document's HTML report (relative or absolute)
    optional: title, number, date, audited (an ISO time), status ("ok" | "failed")

`report_to_entry` builds one from an `AuditReport`. The page filters by severity, code,
issuer, year and review progress with a few lines of inline script; it needs no server.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from cchc_audit.extract.domain.findings import CATALOGUE, Code
from cchc_audit.report.model import AuditReport
from cchc_audit.report.reviews import Review, carry_reviews, document_key

WORDS = {
    "vi": {
        "title": "Danh sách tài liệu đã kiểm tra", "document": "Tài liệu", "issuer": "Cơ quan ban hành",
        "year": "Năm", "errors": "Lỗi", "warnings": "Cảnh báo", "info": "Thông tin", "reviewed": "Đã rà soát",
        "audited": "Kiểm tra lúc", "all": "Tất cả", "severity": "Mức", "code": "Mã", "pending": "Chưa rà soát xong",
        "shown": "Đang hiện", "of": "trên", "none": "Chưa có tài liệu nào được kiểm tra.", "failed": "không đọc được",
        "error": "lỗi", "warning": "cảnh báo", "info_one": "thông tin",
    },
    "en": {
        "title": "Audited documents", "document": "Document", "issuer": "Issuer", "year": "Year",
        "errors": "Errors", "warnings": "Warnings", "info": "Info", "reviewed": "Reviewed", "audited": "Audited",
        "all": "All", "severity": "Severity", "code": "Code", "pending": "Review not finished", "shown": "Showing",
        "of": "of", "none": "No document has been audited yet.", "failed": "unreadable",
        "error": "error", "warning": "warning", "info_one": "info",
    },
}

_KEYS = ("errors", "warnings", "info")
_SEVERITY_OF = {"errors": "error", "warnings": "warning", "info": "info"}


def report_to_entry(report: AuditReport, link: str, reviews: Sequence[Review] | None = None,
                    audited: str | None = None) -> dict:
    """The index entry of one audit; `reviews` are those recorded for its document."""
    carried = carry_reviews(document_key(report), report.findings, reviews or ())
    metadata = report.metadata
    return {
        "source": report.source,
        "sha256": report.sha256,
        "issuer": metadata.issuer if metadata else None,
        "year": (metadata.index_year or metadata.year) if metadata else None,
        "title": metadata.title if metadata else None,
        "number": metadata.number if metadata else None,
        "date": metadata.date if metadata else None,
        "counts": dict(report.summary),
        "codes": dict(Counter(f.code.value for f in report.findings)),
        "reviewed": carried.progress[0],
        "total": carried.progress[1],
        "report": link,
        "audited": audited,
        "status": report.status,
    }


def _row(entry: Mapping) -> dict:
    counts = {key: int(entry.get("counts", {}).get(key, 0)) for key in _KEYS}
    codes = entry.get("codes", {}) or {}
    total, reviewed = int(entry.get("total", 0)), int(entry.get("reviewed", 0))
    return {
        "source": entry["source"],
        "sha": (entry.get("sha256") or "")[:12],
        "title": entry.get("title") or entry["source"],
        "issuer": entry.get("issuer") or "",
        "year": "" if entry.get("year") is None else str(entry["year"]),
        "number": entry.get("number") or "",
        "date": entry.get("date") or "",
        "counts": counts,
        "severities": " ".join(_SEVERITY_OF[k] for k in _KEYS if counts[k]),
        "codes": " ".join(sorted(codes)),
        "reviewed": reviewed,
        "total": total,
        "pending": reviewed < total,
        "percent": round(100 * reviewed / total) if total else 100,
        "report": entry.get("report") or "",
        "audited": (entry.get("audited") or "").replace("T", " ")[:16],
        "failed": entry.get("status") == "failed",
    }


def index_to_view(entries: Iterable[Mapping], lang: str = "vi") -> dict:
    rows = [_row(entry) for entry in entries]
    rows.sort(key=lambda r: (r["year"] or "0", r["issuer"], r["title"]), reverse=True)
    codes = sorted({code for r in rows for code in r["codes"].split()})
    known = {code.value for code in Code}
    return {
        "lang": "en" if lang == "en" else "vi",
        "w": WORDS["en" if lang == "en" else "vi"],
        "rows": rows,
        "issuers": sorted({r["issuer"] for r in rows if r["issuer"]}),
        "years": sorted({r["year"] for r in rows if r["year"]}, reverse=True),
        "codes": [
            {"code": code, "title": (CATALOGUE[Code(code)].title_en if lang == "en" else CATALOGUE[Code(code)].title_vi)
             if code in known else code}
            for code in codes
        ],
    }


def index_to_html(entries: Iterable[Mapping], lang: str = "vi") -> str:
    """The self-contained index page over `entries` (see the module's docstring)."""
    from cchc_audit.report.html import _environment

    return _environment().get_template("index.html.j2").render(**index_to_view(entries, lang))
