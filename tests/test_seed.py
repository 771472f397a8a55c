"""The seed decision (Bắc Kạn city, 2023): its exact findings, held golden."""

from __future__ import annotations

from conftest import SEED, as_tuples

from cchc_audit.flows.pipeline import audit_source

DIGITAL = "Xây dựng và phát triển chính quyền điện tử, chính quyền số"

SEED_FINDINGS = [
    ("missing-decision-number", None, None, None, "Số: /QĐ-UBND", None),
    ("missing-signing-date", None, None, None, "TP. Bắc Kạn, ngày tháng 12 năm 2023", None),
    ("max-likely-misprinted", None, "Cải cách tổ chức bộ máy hành chính", None, "6,5", None),
    ("max-likely-misprinted", None, "Cải cách chế độ công vụ", None, "6,5", None),
    ("score-above-max", 2, DIGITAL, "self", "21,52", None),
    ("score-above-max", 3, DIGITAL, "self", "22,5", None),
    ("score-above-max", 5, DIGITAL, "self", "22,5", None),
    ("score-above-max", 6, DIGITAL, "self", "22,5", None),
    ("score-above-max", 7, DIGITAL, "self", "22,5", None),
    ("appraised-above-self", 1, "Cải cách chế độ công vụ", "appraised", "9", "10"),
    ("appraised-above-self", 3, "Cải cách tổ chức bộ máy hành chính", "appraised", "7", "9"),
    ("appraised-above-self", 7, "Cải cách chế độ công vụ", "appraised", "9", "10"),
    ("appraised-above-self", 7, "Cải cách tài chính công", "appraised", "4", "7"),
]


def test_seed_findings_are_exactly_the_known_ones():
    report = audit_source(str(SEED))
    assert report.status == "ok"
    assert as_tuples(report.findings) == SEED_FINDINGS
    assert report.summary == {"errors": 7, "warnings": 2, "info": 4}
    assert report.exit_code == 1


def test_seed_misprinted_maxima_list_every_row_and_count_both_scorers():
    report = audit_source(str(SEED))
    misprinted = [f for f in report.findings if f.code.value == "max-likely-misprinted"]
    assert [f.rows for f in misprinted] == [tuple(range(1, 9))] * 2
    assert [(f.detail("count"), f.detail("total")) for f in misprinted] == [("16", "16")] * 2
    assert "16/16" in misprinted[0].message("vi")


def test_seed_findings_point_at_their_lines():
    report = audit_source(str(SEED))
    lines = {(f.code.value, f.row): f.line for f in report.findings}
    assert lines[("missing-decision-number", None)] == 3
    assert lines[("missing-signing-date", None)] == 5
    assert lines[("score-above-max", 2)] == 53
    assert lines[("score-above-max", 7)] == 58


def test_seed_metadata():
    metadata = audit_source(str(SEED)).metadata
    assert metadata.issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC KẠN"
    assert (metadata.number, metadata.number_text) == (None, "Số: /QĐ-UBND")
    assert (metadata.place, metadata.day, metadata.month, metadata.year) == ("TP. Bắc Kạn", None, 12, 2023)
    assert (metadata.index_year, metadata.table_year, metadata.level) == (2023, 2023, "commune")


def test_seed_recomputed_values_match_the_published_ones():
    report = audit_source(str(SEED))
    result = report.tables[0]
    assert [str(result.basis[r]) for r in range(1, 9)] == [
        "90.6", "89.77", "88.12", "85.63", "84.21", "83.66", "80.78", "77.25",
    ]
    assert [result.ranks[r] for r in range(1, 9)] == list(range(1, 9))
    assert [result.classes[r] for r in range(1, 9)] == ["Xuất sắc"] + ["Tốt"] * 6 + ["Khá"]
    assert report.rules == "bac-kan-2023"
