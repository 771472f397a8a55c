"""Messages for every code in both languages; the flat views' fixed column order."""

from __future__ import annotations

import pytest

from cchc_audit.extract.domain.findings import Code, Finding, Scorer
from cchc_audit.report.flat import CSV_FIELDS


@pytest.mark.parametrize("code", list(Code), ids=lambda c: c.value)
def test_every_code_has_messages_in_both_languages(code):
    finding = Finding(code=code, row=2, unit="UBND xã A", column="Cải cách thể chế", scorer=Scorer.SELF,
                      published="11", expected="10", rows=(1, 2))
    vi, en = finding.message("vi"), finding.message("en")
    assert vi and en and vi != en
    assert "{" not in vi + en


def test_message_fills_details():
    finding = Finding(code=Code.SCORE_ABOVE_MAX, unit="UBND xã A", column="Cải cách thể chế",
                      scorer=Scorer.APPRAISED, published="11", details=(("maximum", "10,5"),))
    assert finding.message("vi") == "UBND xã A: Cải cách thể chế (Thẩm định) là 11, vượt điểm tối đa 10,5."
    assert finding.message("en") == "UBND xã A: Cải cách thể chế (appraised) is 11, above its maximum of 10,5."


def test_csv_column_order_is_fixed():
    assert CSV_FIELDS == (
        "source", "code", "severity", "table", "row", "unit", "column", "scorer",
        "published", "expected", "message", "page", "bbox", "line",
    )
