"""Wrapped cell text is rejoined: a space where Word broke at a space, none inside a word."""

import pytest

from cchc_audit.extract.layout.wrap import rejoin_lines


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["Thẩ", "m", "định"], "Thẩm định"),
        (["Tự", "chấ", "m"], "Tự chấm"),
        (["ST", "T"], "STT"),
        (["S T", "T"], "S T T"),
        (["S", "T", "T"], "S T T"),
        (["Ph", "ân", "loại"], "Phân loại"),
        (["Tổng điểm", "(Tối đa 100", "điểm)"], "Tổng điểm (Tối đa 100 điểm)"),
        (["UBND phường Nguyễn", "Thị Minh Khai"], "UBND phường Nguyễn Thị Minh Khai"),
        (["92,5", "2"], "92,52"),
        (["Tối đa", "21.5 điểm"], "Tối đa 21.5 điểm"),
    ],
)
def test_rejoin_lines(lines, text):
    assert rejoin_lines(lines) == text


def test_fake_bold_is_detected_only_when_letters_are_printed_twice():
    from cchc_audit.extract.pdf.reader import has_doubled_chars

    letters = [{"text": t, "x0": 10.0 + 5 * i, "top": 20.0} for i, t in enumerate("Thẩm định")]
    assert not has_doubled_chars(letters)
    doubled = letters + [{**c, "x0": c["x0"] + 0.3, "top": c["top"] + 0.2} for c in letters]
    assert has_doubled_chars(doubled)
