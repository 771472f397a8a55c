"""Issue 4's layouts: header roles, the index, row-order ranks, blocks, rule sets by province."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import FIXTURES, as_tuples

from cchc_audit.compute.index import matches_at_precision
from cchc_audit.compute.ranks import mostly_descending
from cchc_audit.compute.rules import find_rules, load_rules, rules_for
from cchc_audit.extract.domain.divisions import province_of
from cchc_audit.extract.roles.header import HeaderError, header_to_columns
from cchc_audit.extract.domain.model import Role
from cchc_audit.extract.domain.numbers import Number, parse_score
from cchc_audit.extract.source import bytes_to_document
from cchc_audit.flows.cli import main
from cchc_audit.flows.pipeline import audit_document, audit_source

TEXT = FIXTURES / "text"


def roles(header, rows=()):
    return [(c.role.value, c.name, c.scorer.value if c.scorer else None, c.maximum)
            for c in header_to_columns(header, rows)]


def test_survey_and_index_header():
    header = [["STT", "Đơn vị", "Điểm thẩm định (65)", "Điểm điều tra xã hội học (35)", "Tổng điểm (100)",
               "Điểm tối đa", "Chỉ số CCHC (%)", "Xếp hạng"]]
    assert roles(header) == [
        ("row-number", "STT", None, None),
        ("unit", "Tên đơn vị", None, None),
        ("area", "Điểm thẩm định", None, Decimal(65)),
        ("survey", "Điều tra xã hội học", None, Decimal(35)),
        ("total", "Tổng điểm", None, Decimal(100)),
        ("maximum", "Điểm tối đa", None, None),
        ("index", "Chỉ số CCHC (%)", None, None),
        ("rank", "Xếp hạng", None, None),
    ]


def test_total_first_header_and_thu_tu_xep_hang():
    header = [["Thứ tự xếp hạng", "Tên đơn vị", "Tổng điểm (100)", "Điểm đánh giá trực tiếp (70)",
               "Điểm điều tra XHH (30)", "Thứ hạng", "Ghi chú"]]
    assert [r[0] for r in roles(header)] == ["rank", "unit", "total", "area", "survey", "rank", "note"]


def test_comparison_with_last_year_is_not_summed():
    header = [["STT", "Tên đơn vị", "Cải cách thể chế (10)", "Tổng điểm", "Tăng, giảm so với năm 2022"]]
    assert [r[0] for r in roles(header)] == ["row-number", "unit", "area", "total", "note"]


def test_a_column_no_role_fits_is_named():
    with pytest.raises(HeaderError) as caught:
        header_to_columns([["STT", "Tên đơn vị", "Mã số", "Tổng điểm"]], [["1", "A", "07", "5"]])
    assert caught.value.header == "Mã số"


def test_unplaced_column_exits_2_and_names_it(tmp_path, capsys):
    path = tmp_path / "odd.txt"
    path.write_text("STT\tTên đơn vị\tMã số\tTổng điểm\n1\tA\t07\t5\n2\tB\t08\t4\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\"Mã số\"" in err


def test_scores_with_their_own_maximum():
    assert parse_score("43,26/60") == Number(Decimal("43.26"), 2, "43,26/60", Decimal(60))
    assert parse_score("43,26") == Number(Decimal("43.26"), 2, "43,26")
    assert parse_score("43,26/x") is None


def test_index_precision_half_up_or_cut():
    exact = Decimal("84.955")
    assert matches_at_precision(exact, Number(Decimal("84.96"), 2, "84,96"))
    assert matches_at_precision(exact, Number(Decimal("84.95"), 2, "84,95"))
    assert matches_at_precision(exact, Number(Decimal("85"), 0, "85"))
    assert not matches_at_precision(exact, Number(Decimal("84.8"), 1, "84,8"))
    assert not matches_at_precision(exact, Number(Decimal("84.94"), 2, "84,94"))
    assert matches_at_precision(exact, Number(Decimal("85.0"), 1, "85,0"))


def test_index_follows_the_units_maximum_and_ranks_follow_the_index():
    report = audit_source(str(TEXT / "layout-survey-index-10.txt"))
    result = report.tables[0]
    rows = {r.number: r for r in result.table.rows}
    lowered = [n for n, m in result.maxima.items() if m != 100]
    assert lowered, "the fixture has units whose maximum is below 100"
    for number in lowered:
        total = Decimal(rows[number].cells[4].text.replace(",", "."))
        assert result.basis[number] == total / result.maxima[number] * 100
    assert [result.ranks[n] for n in sorted(result.ranks)] == sorted(result.ranks.values())


def test_row_order_is_only_a_rank_when_listed_best_first():
    assert mostly_descending([Decimal(v) for v in (90, 85, 86, 80, 70, 65, 60, 50, 40, 30)])
    assert not mostly_descending([Decimal(v) for v in (70, 85, 60, 90, 75)])
    text = (TEXT / "layout-row-order-8.txt").read_text(encoding="utf-8").splitlines()
    header_end = next(i for i, line in enumerate(text) if line.startswith("1\t"))
    rows = text[header_end:]
    shuffled = "\n".join(text[:header_end] + rows[::-1])  # listed worst first
    report = audit_document(bytes_to_document("shuffled.txt", shuffled.encode()))
    assert report.summary["errors"] == 0  # not listed best first: not ranked, nobody accused


def test_blocks_are_audited_and_reported_separately(capsys):
    path = TEXT / "layout-blocks-wrong-total-15.txt"
    assert main(["check", str(path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(t["index"], t["title"], len(t["rows"])) for t in report["tables"]] == [
        (1, "I. CÁC SỞ, BAN, NGÀNH", 6), (2, "II. UBND CÁC HUYỆN, THÀNH PHỐ", 5),
        (3, "CƠ QUAN TRUNG ƯƠNG ĐÓNG TRÊN ĐỊA BÀN", 4),
    ]
    assert [(f["code"], f["table"], f["row"]) for f in report["findings"]] == [("total-mismatch", 2, 2)]
    assert main(["check", str(path), "--format", "markdown"]) == 1
    assert "## Bảng 2: II. UBND CÁC HUYỆN, THÀNH PHỐ" in capsys.readouterr().out


def test_implied_bands_without_a_rule_set(capsys):
    path = TEXT / "layout-group-letters-9.txt"
    assert main(["check", str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rules"] is None
    bands = report["tables"][0]["implied_bands"]
    assert [b["class"] for b in bands] == ["Nhóm A", "Nhóm B", "Nhóm C"]
    assert Decimal(bands[0]["lowest"].replace(",", ".")) >= 80 > Decimal(bands[1]["highest"].replace(",", "."))
    assert main(["check", str(path), "--lang", "en"]) == 0
    assert "Class bands the document's own classes imply: Nhóm A" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("issuer", "place", "province"),
    [
        ("ỦY BAN NHÂN DÂN HUYỆN BA BỂ", None, "Tỉnh Bắc Kạn"),
        (None, "Ba Bể", "Tỉnh Bắc Kạn"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC KẠN", "TP. Bắc Kạn", "Tỉnh Bắc Kạn"),
        ("ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", "Nam Định", "Tỉnh Nam Định"),
        ("ỦY BAN NHÂN DÂN QUẬN HOÀN KIẾM", "Hoàn Kiếm", "Thành phố Hà Nội"),
        ("ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH", "Châu Thành", None),  # in several provinces: not guessed
    ],
)
def test_province_of(issuer, place, province):
    assert province_of(issuer, place) == province


def test_rules_picked_by_district_in_the_date_line():
    assert rules_for(None, "Ba Bể", 2023).name == "bac-kan-2023"
    assert rules_for("ỦY BAN NHÂN DÂN HUYỆN PÁC NẶM", None, 2023).name == "bac-kan-2023"
    assert rules_for("ỦY BAN NHÂN DÂN HUYỆN BA BỂ", None, 2019) is None  # not a year the rule set covers


def test_percent_rules_with_fixed_ties_and_tie_break(tmp_path):
    path = tmp_path / "pct.toml"
    path.write_text(
        'name = "pct"\nbasis = "percent"\nvocabulary = "quality"\nties = "dense"\n'
        'tie_break = ["Điều tra xã hội học"]\n'
        '[[bands]]\nclass = "Tốt"\nmin = "85"\n[[bands]]\nclass = "Khá"\nmin = "0"\n',
        encoding="utf-8",
    )
    rules = load_rules(path)
    assert (rules.basis, rules.ties, rules.tie_break) == ("percent", "dense", ("Điều tra xã hội học",))
    text = "\n".join([
        "STT\tĐơn vị\tĐiểm thẩm định (65)\tĐiểm điều tra xã hội học (35)\tTổng điểm (100)\tĐiểm tối đa\tChỉ số CCHC (%)\tXếp hạng\tPhân loại",
        "1\tA\t55\t30\t85\t100\t85\t1\tTốt",
        "2\tB\t56\t29\t85\t100\t85\t2\tTốt",
        "3\tC\t50\t30\t80\t95\t84,21\t3\tKhá",
    ])
    report = audit_document(bytes_to_document("t.txt", text.encode()), options=_options(str(path)))
    assert as_tuples(report.findings) == []
    assert report.tables[0].ranks == {1: 1, 2: 2, 3: 3}


def _options(rules: str):
    from cchc_audit.flows.pipeline import AuditOptions

    return AuditOptions(rules=rules)


def test_bundled_rule_set_validates_itself():
    assert find_rules("bac-kan-2023").ties == "document"
    assert Role.INDEX.value == "index"
