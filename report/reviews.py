"""Reviewers' decisions on findings, and how they follow a document from audit to audit.

A finding is "the same finding" in a later audit when its fingerprint is equal: the
SHA-256 of the document key (the SHA-256 of the document's bytes), the code, the table,
the unit (its name NFC-normalised and case-folded; the row number only when the finding
names no unit), the column and scorer, and the published figure as printed. Left out on
purpose: the expected value, the message, the row number of a named unit, and the place
on the page (line, page, bbox) — a better reader or a corrected rule set changes those
without changing what the reviewer looked at. A review whose fingerprint no finding of the new
audit has is stale: the finding went away (fixed, or read differently).

Plain functions and values: the audit store keeps `Review` rows, nothing here touches it.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum

from cchc_audit.extract.domain.findings import Finding
from cchc_audit.extract.domain.text import normalise_text

SHORT = 10  # hex digits of a fingerprint shown to reviewers


class Decision(StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"  # a reading error, not the document's
    FOLLOW_UP = "follow-up"


DECISION_LABELS = {
    "vi": {Decision.CONFIRM: "Xác nhận", Decision.DISMISS: "Bác bỏ (lỗi đọc)", Decision.FOLLOW_UP: "Cần xem xét thêm"},
    "en": {Decision.CONFIRM: "Confirmed", Decision.DISMISS: "Dismissed (reading error)",
           Decision.FOLLOW_UP: "Needs follow-up"},
}

_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Review:
    """One reviewer's decision on one finding, by fingerprint."""

    fingerprint: str
    decision: Decision
    note: str
    who: str
    when: datetime

    def __post_init__(self) -> None:
        if not _HEX.match(self.fingerprint):
            raise ValueError(f"fingerprint must be 64 lowercase hex digits, not {self.fingerprint!r}")
        if not isinstance(self.decision, Decision):
            raise ValueError(f"decision must be one of {[d.value for d in Decision]}, not {self.decision!r}")
        if not self.who.strip():
            raise ValueError("a review needs a reviewer (who)")
        if self.when.tzinfo is None:
            raise ValueError("a review's time must carry its time zone")

    @property
    def short(self) -> str:
        return self.fingerprint[:SHORT]


def _part(value: object) -> str:
    return "" if value is None else normalise_text(str(value))


def finding_fingerprint(document: str, finding: Finding) -> str:
    """The identity of a finding across audits of one document (see the module's docstring)."""
    unit = normalise_text(finding.unit).casefold() if finding.unit else ""
    fields = (
        document,
        finding.code.value,
        _part(finding.table),
        unit or _part(finding.row),
        _part(finding.column),
        finding.scorer.value if finding.scorer else "",
        _part(finding.published),
    )
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def document_key(report) -> str:
    """The key reviews of a report's document are made under: its bytes' SHA-256."""
    return report.sha256 or report.source


def new_review(
    document: str,
    finding: Finding,
    decision: Decision | str,
    note: str = "",
    who: str | None = None,
    when: datetime | None = None,
) -> Review:
    """A decision on `finding` now, by the named reviewer (default: $CCHC_AUDIT_REVIEWER or the login)."""
    return Review(
        fingerprint=finding_fingerprint(document, finding),
        decision=Decision(decision),
        note=note.strip(),
        who=who or os.environ.get("CCHC_AUDIT_REVIEWER") or getpass.getuser(),
        when=when or datetime.now(timezone.utc),
    )


@dataclass(frozen=True)
class Carried:
    """Reviews laid over a new audit: those whose finding reappeared, and the stale rest."""

    document: str
    attached: tuple[tuple[Finding, Review], ...]
    stale: tuple[Review, ...]
    total: int

    def review_of(self, finding: Finding) -> Review | None:
        return next((review for f, review in self.attached if f is finding), None)

    @property
    def progress(self) -> tuple[int, int]:
        """(findings reviewed, findings)"""
        return len(self.attached), self.total


def latest_reviews(reviews: Iterable[Review]) -> dict[str, Review]:
    """The last decision per fingerprint (a reviewer may change their mind)."""
    latest: dict[str, Review] = {}
    for review in sorted(reviews, key=lambda r: r.when):
        latest[review.fingerprint] = review
    return latest


def carry_reviews(document: str, findings: Sequence[Finding], reviews: Iterable[Review]) -> Carried:
    """Attach each finding's latest review; reviews no finding claims are stale."""
    latest = latest_reviews(reviews)
    attached = []
    claimed = set()
    for finding in findings:
        fingerprint = finding_fingerprint(document, finding)
        if fingerprint in latest:
            attached.append((finding, latest[fingerprint]))
            claimed.add(fingerprint)
    stale = tuple(r for fp, r in latest.items() if fp not in claimed)
    return Carried(document=document, attached=tuple(attached), stale=stale, total=len(findings))


def resolve_finding(document: str, findings: Sequence[Finding], token: str) -> Finding:
    """The finding a reviewer names: a fingerprint or its prefix (6+ digits), or its number (1-based)."""
    token = token.strip().lower().lstrip("#")
    if token.isdigit() and len(token) < 6:
        number = int(token)
        if 1 <= number <= len(findings):
            return findings[number - 1]
        raise LookupError(f"no finding number {number} (the report has {len(findings)})")
    if len(token) < 6 or not re.fullmatch(r"[0-9a-f]+", token):
        raise LookupError(f"{token!r} is neither a finding number nor a fingerprint prefix of 6+ hex digits")
    matches = [f for f in findings if finding_fingerprint(document, f).startswith(token)]
    if len(matches) != 1:
        raise LookupError(f"{len(matches)} findings have a fingerprint starting with {token!r}")
    return matches[0]


def review_to_dict(review: Review, lang: str = "vi") -> dict:
    return {
        "fingerprint": review.fingerprint,
        "decision": review.decision.value,
        "label": DECISION_LABELS["en" if lang == "en" else "vi"][review.decision],
        "note": review.note,
        "who": review.who,
        "when": review.when.isoformat(timespec="seconds"),
    }


def review_from_dict(data: dict) -> Review:
    return Review(
        fingerprint=data["fingerprint"],
        decision=Decision(data["decision"]),
        note=data.get("note", ""),
        who=data["who"],
        when=datetime.fromisoformat(data["when"]),
    )


def reviews_section(report, data: dict, reviews: Iterable[Review], lang: str = "vi") -> dict:
    """Add each finding's fingerprint and review, and a `reviews` section, to a JSON report dict."""
    document = document_key(report)
    carried = carry_reviews(document, report.findings, reviews)
    for finding, entry in zip(report.findings, data["findings"]):
        review = carried.review_of(finding)
        entry["fingerprint"] = finding_fingerprint(document, finding)
        entry["review"] = review_to_dict(review, lang) if review else None
    reviewed, total = carried.progress
    data["reviews"] = {
        "document": document,
        "reviewed": reviewed,
        "total": total,
        "stale": [review_to_dict(r, lang) for r in carried.stale],
    }
    return data
