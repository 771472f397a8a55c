"""Legacy Vietnamese fonts: TCVN3 and VNI text layers decoded to NFC Unicode."""

from __future__ import annotations

import unicodedata

import pytest

from cchc_audit.extract.pdf.legacy_fonts import TCVN3, VNI, Legacy, decode_page_chars, decode_text, font_encoding, undecodable
from cchc_audit.extract.domain.text import normalise_text


def tcvn3_bytes(text: str) -> str:
    """Unicode text as a TCVN3 font's text layer reads it (Windows-1252 letters)."""
    codes = {v: k for k, v in TCVN3.items() if v.islower() or v in "ĂÂÊÔƠƯĐ"}
    return "".join(bytes([codes[c]]).decode("cp1252") if c in codes else c for c in text)


@pytest.mark.parametrize(("name", "expected"), [
    (".VnTime", (Legacy.TCVN3, False)),
    ("ABCDEF+.VnTimeH", (Legacy.TCVN3, True)),
    (".VnArialH,Bold", (Legacy.TCVN3, True)),
    ("VnTime-Italic", (Legacy.TCVN3, False)),
    ("VNI-Times", (Legacy.VNI, False)),
    ("AAAAAA+VNI-Helve-Bold", (Legacy.VNI, False)),
    ("VPS Times", (Legacy.VPS, False)),
    ("TimesNewRomanPSMT", None),
    ("ABCDEF+LiberationSerif-Bold", None),
])
def test_font_names_tell_the_encoding(name, expected):
    assert font_encoding(name) == expected


def test_tcvn3_mojibake_reads_as_vietnamese():
    assert decode_text("Céng hßa X· héi chñ nghÜa ViÖt Nam", Legacy.TCVN3) == "Cộng hòa Xã hội chủ nghĩa Việt Nam"
    assert decode_text("§éc lËp - Tù do - H¹nh phóc", Legacy.TCVN3) == "Độc lập - Tự do - Hạnh phúc"


def test_tcvn3_capitals_font_sets_lower_case_codes_as_capitals():
    assert decode_text("quyÕt ®Þnh", Legacy.TCVN3, capitals=True) == "QUYẾT ĐỊNH"
    assert decode_text("ñy ban nh©n d©n", Legacy.TCVN3, capitals=True) == "ỦY BAN NHÂN DÂN"


def test_tcvn3_table_covers_every_lower_case_vietnamese_letter_once():
    letters = "aăâeêioôơuưy"
    toned = {unicodedata.normalize("NFC", v + t) for v in letters for t in "\u0301\u0300\u0309\u0303\u0323"}
    assert toned | set("ăâêôơưđ") <= set(TCVN3.values())
    assert len(set(TCVN3.values())) == len(TCVN3)
    sample = "Thẩm định, Tự chấm, Xếp hạng, Phân loại: Xuất sắc, Tốt, Khá, Trung bình, Yếu"
    assert decode_text(tcvn3_bytes(sample), Legacy.TCVN3) == sample


def test_vni_marks_join_the_letter_before_them():
    assert normalise_text(decode_text("Coäng hoøa Xaõ hoäi chuû nghóa Vieät Nam", Legacy.VNI)) == (
        "Cộng hòa Xã hội chủ nghĩa Việt Nam")
    assert decode_text("THAÅM ÑÒNH", Legacy.VNI) == "THẨM ĐỊNH"
    assert decode_text("Tröôøng", Legacy.VNI) == "Trường"
    assert all(code >= 0xC0 for code in VNI)


def test_page_chars_are_decoded_in_place_and_vps_pages_go_to_ocr():
    chars = [{"text": c, "fontname": "XYZABC+.VnTime"} for c in "Céng"] + [{"text": "A", "fontname": "Arial"}]
    assert decode_page_chars(chars) == {Legacy.TCVN3}
    assert "".join(c["text"] for c in chars) == "CộngA"
    cid = [{"text": "(cid:233)", "fontname": ".VnTime"}]
    decode_page_chars(cid)
    assert cid[0]["text"] == "ộ"
    assert undecodable([{"text": "x", "fontname": "VPS Times"}] * 5)
    assert not undecodable(chars)
