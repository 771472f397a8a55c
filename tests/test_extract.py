"""extract/: numbers, text normalisation, sources, header roles, tables and metadata."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc_audit.extract.domain.findings import Scorer
from cchc_audit.extract.roles.header import HeaderError, area_name, header_maximum, header_to_columns
from cchc_audit.extract.metadata import text_to_metadata
from cchc_audit.extract.domain.model import Kind, Role
from cchc_audit.extract.domain.numbers import format_number, parse_number
from cchc_audit.extract.source import SourceError, bytes_to_document, load_source
from cchc_audit.extract.domain.text import fold, normalise_text, squash
from cchc_audit.extract.text.tables import split_row, text_to_tables


@pytest.mark.parametrize(
    ("text", "value", "places"),
    [
        ("15,17", "15.17", 2),
        ("21.5", "21.5", 1),
        ("94,5", "94.5", 1),
        ("100", "100", 0),
        ("83,2%", "83.2", 1),
        ("43,26 điểm", "43.26", 2),
        (" 7,125 ", "7.125", 3),
        ("1.234,5", "1234.5", 1),
    ],
)
def test_parse_number(text, value, places):
    number = parse_number(text)
    assert (number.value, number.places) == (Decimal(value), places)


@pytest.mark.parametrize("text", ["", "Tốt", "1,2,3", "12a", "--", "x/60"])
def test_parse_number_refuses_non_numbers(text):
    assert parse_number(text) is None


def test_format_number_uses_a_decimal_comma():
    assert format_number(Decimal("89.77")) == "89,77"
    assert format_number(Decimal("100.00")) == "100"
    assert format_number(Decimal("82.1"), 2) == "82,10"


def test_text_normalisation():
    decomposed = "Thẩm định"  # combining marks
    assert normalise_text(decomposed) == "Thẩm định"
    assert normalise_text("\u00d0ức  Xuân") == "Đức Xuân"
    assert fold("THẨM  ĐỊNH") == "tham dinh"
    assert squash("S T T") == squash("ST/T") == "stt"


def test_bytes_to_document_sniffs_kinds():
    assert bytes_to_document("a.txt", "Số: 1/QĐ-UBND".encode()).kind == Kind.TEXT
    assert bytes_to_document("a.txt", b"%PDF-1.7\n...").kind == Kind.PDF


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\t ", "the file is empty"),
        (b"\x7fELF\x02\x01\x00\x00binary", "binary file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "Word 97-2003 (.doc)"),
        ("Phân loại: Tốt, Khá".encode("latin-1", "replace") + b"\xe0\xe1", "not UTF-8 text"),
    ],
)
def test_unreadable_bytes_raise_one_clear_error(data, message):
    with pytest.raises(SourceError) as caught:
        bytes_to_document("x", data)
    assert message in caught.value.message("en")
    assert caught.value.message("vi") != caught.value.message("en")


def test_load_source_missing_and_directory(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        load_source(tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="directory"):
        load_source(tmp_path)


def test_header_maximum_forms():
    assert header_maximum("Cải cách thể chế (Tối đa 10.5 điểm)") == (Decimal("10.5"), "10.5")
    assert header_maximum("Cải cách thể chế (Tối đa 14,5 điểm)")[0] == Decimal("14.5")
    assert header_maximum("Cải cách thể chế (14,5)")[0] == Decimal("14.5")
    assert header_maximum("Cải cách thể chế (max 14.5)")[0] == Decimal("14.5")
    assert header_maximum("Cải cách thể chế") is None
    assert area_name("Cải cách thể chế (Tối đa 10.5 điểm)") == "Cải cách thể chế"


def test_two_row_header_with_mislabelled_rank_and_class_group():
    header = [
        ["S T T", "TÊN ĐƠN VỊ", "Cải cách thể chế (Tối đa 10.5 điểm)", "", "Tổng điểm (Tối đa 100 điểm)", "",
         "Kết quả xếp hạng và phân loại", ""],
        ["", "", "Tự chấm", "Thẩm định", "Tự chấm", "Thẩm định", "Tự chấm", "Thẩm định"],
    ]
    rows = [["1", "UBND xã A", "10", "9", "10", "9", "1", "Xuất sắc"]]
    columns = header_to_columns(header, rows)
    assert [(c.index, c.role, c.name, c.scorer, c.maximum) for c in columns] == [
        (0, Role.ROW_NUMBER, "STT", None, None),
        (1, Role.UNIT, "Tên đơn vị", None, None),
        (2, Role.AREA, "Cải cách thể chế", Scorer.SELF, Decimal("10.5")),
        (3, Role.AREA, "Cải cách thể chế", Scorer.APPRAISED, Decimal("10.5")),
        (4, Role.TOTAL, "Tổng điểm", Scorer.SELF, Decimal(100)),
        (5, Role.TOTAL, "Tổng điểm", Scorer.APPRAISED, Decimal(100)),
        (6, Role.RANK, "Xếp hạng", None, None),
        (7, Role.CLASS, "Phân loại", None, None),
    ]


def test_single_row_header_and_spacer_columns():
    header = [["STT", "Tên đơn vị", "", "Cải cách thể chế (10)", "Tổng điểm", "Xếp hạng", "Xếp loại"]]
    rows = [["1", "Sở Nội vụ", "", "9", "9", "1", "Tốt"]]
    columns = header_to_columns(header, rows)
    assert [(c.index, c.role) for c in columns] == [
        (0, Role.ROW_NUMBER), (1, Role.UNIT), (3, Role.AREA), (4, Role.TOTAL), (5, Role.RANK), (6, Role.CLASS),
    ]


def test_a_column_without_header_but_with_data_is_not_guessed():
    with pytest.raises(HeaderError) as caught:
        header_to_columns([["STT", "Tên đơn vị", "", "Tổng điểm"]], [["1", "A", "5", "5"]])
    assert caught.value.column == 2


def test_split_row_tabs_and_pipes():
    assert split_row("1\tUBND xã A\t10,5") == ("1", "UBND xã A", "10,5")
    assert split_row("| 1 | UBND xã A | 10,5 |") == ("1", "UBND xã A", "10,5")
    assert split_row("|---|---|---|") == ()
    assert split_row("Điều 1. Công bố") is None


def test_pipe_table_with_column_numbers_and_repeated_header():
    text = "\n".join(
        [
            "| STT | Tên đơn vị | Cải cách thể chế (Tối đa 10 điểm) | Tổng điểm | Xếp hạng |",
            "|---|---|---|---|---|",
            "| (1) | (2) | (3) | (4) | (5) |",
            "| 1 | Sở Nội vụ | 9,5 | 9,5 | 1 |",
            "| STT | Tên đơn vị | Cải cách thể chế (Tối đa 10 điểm) | Tổng điểm | Xếp hạng |",
            "| 2 | Sở Tài chính | 8 | 8 | 2 |",
        ]
    )
    found = text_to_tables(text)
    assert len(found.tables) == 1
    table = found.tables[0]
    assert [(r.number, r.cells[1].text, r.cells[1].line) for r in table.rows] == [
        (1, "Sở Nội vụ", 4), (2, "Sở Tài chính", 6),
    ]


def test_block_title_rows_split_tables():
    text = "\n".join(
        [
            "STT\tTên đơn vị\tTổng điểm\tXếp hạng",
            "I\tKhối sở, ban, ngành",
            "1\tSở Nội vụ\t90\t1",
            "2\tSở Tài chính\t80\t2",
            "II\tUBND các huyện",
            "1\tHuyện Ba Bể\t85\t1",
        ]
    )
    tables = text_to_tables(text).tables
    assert [(t.index, t.title, len(t.rows)) for t in tables] == [
        (1, "I Khối sở, ban, ngành", 2), (2, "II UBND các huyện", 1),
    ]


def test_text_without_a_table_finds_none():
    assert text_to_tables("QUYẾT ĐỊNH\nĐiều 1. Công bố Chỉ số CCHC năm 2023.\n").tables == ()


def test_metadata_with_number_and_full_date():
    lines = [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN BA BỂ",
        "Số: 1234/QĐ-UBND",
        "Ba Bể, ngày 05 tháng 01 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc công bố Chỉ số cải cách hành chính của UBND các xã, thị trấn năm 2023",
    ]
    metadata = text_to_metadata(lines)
    assert metadata.issuer == "ỦY BAN NHÂN DÂN HUYỆN BA BỂ"
    assert (metadata.number, metadata.day, metadata.month, metadata.year) == ("1234/QĐ-UBND", 5, 1, 2024)
    assert (metadata.index_year, metadata.level, metadata.date) == (2023, "commune", "2024-01-05")


def test_a_header_repeated_with_ocr_misreadings_is_still_a_header():
    from cchc_audit.extract.roles.assemble import is_repeated_header

    header = [("STT", "Tên đơn vị", "Cải cách thể chế (Tối đa 10 điểm)", "Tổng điểm", "Xếp hạng")]
    assert is_repeated_header(("STT", "Tên đơn vị", "Cải cách thể chế (Tối đa 10 điểm)", "Tổng điểm", "Xếp hạng"), header)
    assert is_repeated_header(("STT", "Tên đơn vi", "Cải cách thế chế (Tối đa 10 điểm)", "Tổng diểm", "Xếp hang"), header)
    assert not is_repeated_header(("3", "UBND xã Đồng Phúc", "9,5", "9,5", "3"), header)
    assert not is_repeated_header(("I.", "KHỐI SỞ, BAN, NGÀNH", "", "", ""), header)


@pytest.mark.parametrize("label", ["ST T1", "5TT", "STI", "S.T.T"])
def test_a_slipped_row_number_label_over_counted_cells_is_the_row_number(label):
    rows = [["1", "A", "5"], ["2", "B", "6"], ["3", "C", "7"], ["1", "D", "8"]]  # a group restarts at 1
    columns = header_to_columns([[label, "Tên đơn vị", "Tổng điểm"]], rows)
    assert [(c.role, c.name, c.header) for c in columns][0] == (Role.ROW_NUMBER, "STT", label)


@pytest.mark.parametrize("label, first", [("ST T1", ["1", "5", "3"]), ("Nhóm", ["1", "2", "3"])])
def test_a_slipped_label_needs_both_a_near_key_and_cells_counting_up(label, first):
    rows = [[number, "A", "5"] for number in first]
    with pytest.raises(HeaderError):
        header_to_columns([[label, "Tên đơn vị", "Tổng điểm"]], rows)
