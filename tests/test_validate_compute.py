"""validate/ and compute/ as plain functions on small hand-made tables."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import as_tuples

from cchc_audit.compute.classes import class_order_findings, recompute_classes
from cchc_audit.compute.ranks import Ties, rank_values, recompute_ranks, tie_convention
from cchc_audit.compute.rules import RulesError, find_rules, load_rules, rules_for
from cchc_audit.compute.totals import recompute_totals
from cchc_audit.extract.text.tables import text_to_tables
from cchc_audit.validate.checks import validate_table
from cchc_audit.validate.document import metadata_findings
from cchc_audit.validate.frame import Unreadable, table_to_frame
from cchc_audit.validate.schema import build_schema
from cchc_audit.extract.domain.model import Metadata

HEADER = "STT\tTên đơn vị\tThể chế (Tối đa 10 điểm)\tThủ tục (Tối đa 20 điểm)\tTổng điểm (Tối đa 30 điểm)\tXếp hạng\tPhân loại"


def table_of(*rows: str):
    return text_to_tables("\n".join([HEADER, *rows])).tables[0]


def test_schema_is_built_from_the_detected_columns():
    schema = build_schema(table_of("1\tA\t9\t18\t27\t1\tTốt"))
    assert list(schema.columns) == ["c0", "c1", "c2", "c3", "c4", "c5", "c6"]
    assert schema.columns["c1"].unique
    assert [c.name for c in schema.columns["c2"].checks] == ["unreadable-value", "negative-score", "score-above-max"]


def test_frame_types_cells():
    frame = table_to_frame(table_of("1\tA\t9,5\tx\t27\t1\tkhá"))
    assert frame.at[1, "c2"].value == Decimal("9.5")
    assert frame.at[1, "c3"] == Unreadable("x")
    assert frame.at[1, "c6"] == "Khá"


def test_validation_failures_become_findings():
    table = table_of(
        "1\tA\t11\t18\t29\t1\tTốt",
        "2\tB\t-1\t\t-1\t3\tGiỏi",
        "4\tA\t5\t10\t15\t2,5\tKhá",
        "5\tC\t5\t10\t15\t4\tKhá",
    )
    assert as_tuples(validate_table(table)) == [
        ("score-above-max", 1, "Thể chế", None, "11", None),
        ("negative-score", 2, "Thể chế", None, "-1", None),
        ("missing-value", 2, "Thủ tục", None, "", None),
        ("negative-score", 2, "Tổng điểm", None, "-1", None),
        ("unreadable-value", 2, "Phân loại", None, "Giỏi", None),
        ("row-number-sequence", 3, "STT", None, "4", "3"),
        ("duplicate-unit", 3, "Tên đơn vị", None, "A", None),
        ("unreadable-value", 3, "Xếp hạng", None, "2,5", None),
        ("row-number-sequence", 4, "STT", None, "5", "4"),
    ]


def test_maxima_that_do_not_add_up():
    text = HEADER.replace("Tối đa 30", "Tối đa 35")
    table = text_to_tables("\n".join([text, "1\tA\t9\t18\t27\t1\tTốt"])).tables[0]
    assert as_tuples(validate_table(table)) == [("maxima-sum-mismatch", None, "Tổng điểm", None, "35", "30")]


def test_totals_exact_rounding_and_mismatch():
    table = table_of(
        "1\tA\t9,33\t18,33\t27,66\t1\tTốt",
        "2\tB\t9,333\t18,333\t27,67\t2\tTốt",
        "3\tC\t9\t18\t28\t3\tTốt",
    )
    totals = recompute_totals(table, table_to_frame(table))
    assert as_tuples(totals.findings) == [
        ("total-rounding", 2, "Tổng điểm", None, "27,67", "27,666"),
        ("total-mismatch", 3, "Tổng điểm", None, "28", "27"),
    ]
    assert totals.basis == {1: Decimal("27.66"), 2: Decimal("27.666"), 3: Decimal("27")}


def test_binary_floats_would_have_flagged_this_sum():
    assert 0.1 + 0.2 != 0.3  # the reason for Decimal
    table = table_of("1\tA\t0,1\t0,2\t0,3\t1\tYếu")
    assert recompute_totals(table, table_to_frame(table)).findings == []


def test_rank_values_both_tie_conventions():
    basis = {1: Decimal(90), 2: Decimal(85), 3: Decimal(85), 4: Decimal(80)}
    assert rank_values(basis, Ties.COMPETITION) == {1: 1, 2: 2, 3: 2, 4: 4}
    assert rank_values(basis, Ties.DENSE) == {1: 1, 2: 2, 3: 2, 4: 3}


@pytest.mark.parametrize(
    ("ranks", "convention"),
    [([1, 2, 2, 4], Ties.COMPETITION), ([1, 2, 2, 3], Ties.DENSE), ([1, 2, 3, 4], None), ([1, 1], None)],
)
def test_tie_convention_is_read_from_the_document(ranks, convention):
    assert tie_convention(ranks) == convention


def test_ranks_are_judged_on_the_recomputed_totals():
    table = table_of(
        "1\tA\t9\t18\t27\t1\tTốt",
        "2\tB\t8\t18\t62\t2\tTốt",  # total typed wrong: 26 really, still second
        "3\tC\t8\t17\t25\t3\tTốt",
    )
    frame = table_to_frame(table)
    totals = recompute_totals(table, frame)
    assert as_tuples(totals.findings) == [("total-mismatch", 2, "Tổng điểm", None, "62", "26")]
    expected, findings, _ = recompute_ranks(table, frame, totals.basis)
    assert (expected, findings) == ({1: 1, 2: 2, 3: 3}, [])


def test_class_mismatch_and_order(tmp_path):
    rules = tmp_path / "r.toml"
    rules.write_text(
        'name = "t"\nprovinces = ["X"]\nvocabulary = "quality"\n'
        '[[bands]]\nclass = "Tốt"\nmin = "25"\n[[bands]]\nclass = "Khá"\nmin = "0"\n',
        encoding="utf-8",
    )
    table = table_of("1\tA\t9\t18\t27\t1\tTốt", "2\tB\t8\t18\t26\t2\tKhá", "3\tC\t8\t16\t24\t3\tTốt")
    frame = table_to_frame(table)
    basis = recompute_totals(table, frame).basis
    expected, findings = recompute_classes(table, frame, basis, load_rules(rules))
    assert expected == {1: "Tốt", 2: "Tốt", 3: "Khá"}
    assert as_tuples(findings) == [
        ("class-mismatch", 2, "Phân loại", None, "Khá", "Tốt"),
        ("class-mismatch", 3, "Phân loại", None, "Tốt", "Khá"),
    ]
    # Without a rule set, the fewest units out of order are blamed.
    assert as_tuples(class_order_findings(table, frame, basis, set())) == [
        ("class-order-violation", 2, "Phân loại", None, "Khá", None),
    ]


def test_rule_sets():
    rules = find_rules("bac-kan-2023")
    assert [b.name for b in rules.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    assert rules.classify(Decimal("89.99")).name == "Tốt"
    assert rules.classify(Decimal("90")).name == "Xuất sắc"
    assert rules_for("ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC KẠN", None, 2023).name == "bac-kan-2023"
    assert rules_for("ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", "Nam Định", 2023) is None
    with pytest.raises(RulesError, match="unknown rule set"):
        find_rules("atlantis-1999")


def test_bad_rule_set_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[[bands]]\nclass = "Khá"\nmin = "0"\n[[bands]]\nclass = "Tốt"\nmin = "50"\n')
    with pytest.raises(RulesError, match="highest minimum"):
        load_rules(bad)


def test_metadata_findings():
    blank = Metadata(number_text="Số: /QĐ-UBND", date_text="Hà Nội, ngày tháng 12 năm 2023", month=12, year=2023,
                     index_year=2023, table_year=2022, number_line=3, date_line=4)
    assert as_tuples(metadata_findings(blank)) == [
        ("missing-decision-number", None, None, None, "Số: /QĐ-UBND", None),
        ("missing-signing-date", None, None, None, "Hà Nội, ngày tháng 12 năm 2023", None),
        ("year-mismatch", None, None, None, "2022", "2023"),
    ]
    assert metadata_findings(Metadata(number="1/QĐ-UBND", number_text="Số: 1/QĐ-UBND")) == []
