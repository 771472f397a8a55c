"""Review decisions: fingerprints, carried to a re-audit, stale when the finding is gone; the index page."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from conftest import FIXTURES, SEED
from html_helpers import parse_html

from cchc_audit.flows.pipeline import audit_source
from cchc_audit.report.html import report_to_html
from cchc_audit.report.index_page import index_to_html, report_to_entry
from cchc_audit.report.json_report import report_to_dict
from cchc_audit.report.reviews import (
    Decision,
    Review,
    carry_reviews,
    document_key,
    finding_fingerprint,
    new_review,
    resolve_finding,
    review_from_dict,
    review_to_dict,
)

WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def seed_report():
    return audit_source(str(SEED))


def review(report, number: int, decision: str, note: str = "", minutes: int = 0) -> Review:
    finding = report.findings[number - 1]
    return new_review(document_key(report), finding, decision, note, who="thanh.nv",
                      when=WHEN + timedelta(minutes=minutes))


def test_fingerprint_ignores_place_and_expected_but_not_the_figure(seed_report):
    document = document_key(seed_report)
    finding = seed_report.findings[4]
    same = replace(finding, line=99, page=3, bbox=(1.0, 2.0, 3.0, 4.0), expected="21,5", row=7)
    assert finding_fingerprint(document, same) == finding_fingerprint(document, finding)
    for changed in (replace(finding, published="21,53"), replace(finding, unit="UBND phường Xuất Hóa"),
                    replace(finding, scorer=None), replace(finding, table=2)):
        assert finding_fingerprint(document, changed) != finding_fingerprint(document, finding)
    assert finding_fingerprint("0" * 64, finding) != finding_fingerprint(document, finding)
    fingerprints = {finding_fingerprint(document, f) for f in seed_report.findings}
    assert len(fingerprints) == 13


def test_reviews_survive_a_reaudit_of_the_same_document(tmp_path, seed_report):
    reviews = [
        review(seed_report, 3, "confirm", "Điểm tối đa đúng là 10 theo Quyết định 1416"),
        review(seed_report, 5, "dismiss", "Đọc nhầm dấu phẩy"),
        review(seed_report, 5, "follow-up", "Hỏi lại Phòng Nội vụ", minutes=5),  # the later decision wins
    ]
    copy = tmp_path / "tai-lieu.txt"  # the same bytes under another name: the same document
    shutil.copy(SEED, copy)
    again = audit_source(str(copy))
    carried = carry_reviews(document_key(again), again.findings, reviews)
    assert [(again.findings.index(f) + 1, r.decision) for f, r in carried.attached] == [
        (3, Decision.CONFIRM), (5, Decision.FOLLOW_UP),
    ]
    assert carried.stale == () and carried.progress == (2, 13)
    page = parse_html(report_to_html(again, reviews=reviews))
    decided = {i.attrs["data-number"]: i.attrs.get("data-review") for i in page.find_all("li", cls="finding")}
    assert {n: d for n, d in decided.items() if d} == {"3": "confirm", "5": "follow-up"}
    assert "Hỏi lại Phòng Nội vụ" in page.find("li", id="f-5").find("div", cls="review").text()
    assert "thanh.nv" in page.find("li", id="f-5").find("div", cls="review").text()
    progress = page.find(id="review-progress")
    assert (progress.attrs["data-reviewed"], progress.attrs["data-total"]) == ("2", "13")
    assert page.find("section", id="stale") is None


def test_review_of_a_finding_that_is_gone_is_stale(seed_report):
    reviews = [review(seed_report, 5, "confirm"), review(seed_report, 13, "dismiss", "lỗi đọc")]
    fewer = seed_report.findings[:12]  # say a better reader no longer questions the last cell
    carried = carry_reviews(document_key(seed_report), fewer, reviews)
    assert [r.fingerprint for r in carried.stale] == [reviews[1].fingerprint]
    assert len(carried.attached) == 1
    page = parse_html(report_to_html(replace(seed_report, findings=fewer), lang="en", reviews=reviews))
    stale = page.find("section", id="stale").find_all("li", cls="stale-review")
    assert [s.attrs["data-fingerprint-short"] for s in stale] == [reviews[1].fingerprint[:10]]
    assert "Dismissed (reading error)" in stale[0].text()


def test_json_report_carries_fingerprints_reviews_and_stale(seed_report):
    assert "reviews" not in report_to_dict(seed_report)
    reviews = [review(seed_report, 1, "follow-up", "Hỏi Văn phòng UBND")]
    data = json.loads(json.dumps(report_to_dict(seed_report, "en", reviews=reviews)))
    assert data["reviews"] == {"document": seed_report.sha256, "reviewed": 1, "total": 13, "stale": []}
    first = data["findings"][0]
    assert first["fingerprint"] == reviews[0].fingerprint
    assert first["review"] == {
        "fingerprint": reviews[0].fingerprint, "decision": "follow-up", "label": "Needs follow-up",
        "note": "Hỏi Văn phòng UBND", "who": "thanh.nv", "when": "2025-03-01T09:30:00+00:00",
    }
    assert all(f["review"] is None for f in data["findings"][1:])
    assert review_from_dict(first["review"]) == reviews[0]


def test_review_values_check_themselves(seed_report):
    good = review(seed_report, 1, "confirm")
    assert review_from_dict(review_to_dict(good)) == good
    with pytest.raises(ValueError):
        review(seed_report, 1, "approve")
    with pytest.raises(ValueError):
        replace(good, who=" ")
    with pytest.raises(ValueError):
        replace(good, when=datetime(2025, 3, 1))
    with pytest.raises(ValueError):
        replace(good, fingerprint="abc")


def test_resolve_finding_by_number_or_fingerprint(seed_report):
    document = document_key(seed_report)
    findings = seed_report.findings
    assert resolve_finding(document, findings, "5") is findings[4]
    assert resolve_finding(document, findings, "#13") is findings[12]
    prefix = finding_fingerprint(document, findings[6])[:10]
    assert resolve_finding(document, findings, prefix.upper()) is findings[6]
    for token in ("14", "zzzzzz", "abc"):
        with pytest.raises(LookupError):
            resolve_finding(document, findings, token)


def test_index_page_lists_documents_with_filters(seed_report):
    clean = audit_source(str(FIXTURES / "text" / "clean-single-scorer-12.txt"))
    errors = audit_source(str(FIXTURES / "text" / "layout-group-letters-errors-9.txt"))
    reviews = [review(seed_report, 3, "confirm")]
    entries = [
        report_to_entry(seed_report, "seed.html", reviews, audited="2025-03-01T09:00:00+00:00"),
        report_to_entry(clean, "clean.html"),
        report_to_entry(errors, "errors.html"),
    ]
    page = parse_html(index_to_html(entries, lang="en"))
    rows = {tr.find("a").attrs["href"]: tr for tr in page.find_all("tr", cls="document")}
    assert set(rows) == {"seed.html", "clean.html", "errors.html"}
    seed = rows["seed.html"]
    assert (seed.attrs["data-severities"], seed.attrs["data-issuer"], seed.attrs["data-year"]) == (
        "error warning info", "ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC KẠN", "2023")
    assert seed.attrs["data-codes"].split() == sorted(
        ["appraised-above-self", "max-likely-misprinted", "missing-decision-number", "missing-signing-date",
         "score-above-max"])
    assert seed.find("td", cls="progress").text().startswith("1/13")
    assert seed.attrs["data-pending"] == "1" and rows["clean.html"].attrs["data-pending"] == "0"
    assert [td.text() for td in rows["errors.html"].find_all("td", cls="count")] == ["2", "0", "0"]
    form = page.find("form", id="filters")
    options = {s.attrs["name"]: [o.attrs["value"] for o in s.find_all("option")] for s in form.find_all("select")}
    assert options["severity"] == ["", "error", "warning", "info"]
    assert options["year"] == ["", "2023"]
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC KẠN" in options["issuer"]
    assert {"average-mismatch", "class-order-violation", "score-above-max"} <= set(options["code"])
    assert page.find("script") is not None and page.find("link") is None


def test_index_page_without_documents():
    page = parse_html(index_to_html([]))
    assert page.find("p").text() == "Chưa có tài liệu nào được kiểm tra."
