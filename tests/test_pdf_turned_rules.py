"""Ruled tables on a page stored turned: horizontal rules pdfplumber names vertical (their two
ends a rounding error apart in height) are given back to the table finder as horizontal."""

from __future__ import annotations

from cchc_audit.extract.pdf.reader import RULED, ruled_settings


def edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation, "object_type": "line"}


def test_a_horizontal_rule_named_vertical_is_given_back_as_horizontal():
    misnamed = edge(35.25, 157.85093700000004, 804.65, 157.8509370000001, "v")
    settings = ruled_settings([misnamed, edge(35.0, 69.4, 35.0, 173.5, "v"), edge(34.75, 69.65, 805.15, 69.65, "h")])
    assert settings["vertical_strategy"] == settings["horizontal_strategy"] == "lines"
    [mended] = settings["explicit_horizontal_lines"]
    assert (mended["orientation"], mended["top"], mended["x0"], mended["x1"]) == ("h", misnamed["top"], 35.25, 804.65)
    assert mended["object_type"] == "line_edge"  # taken as it is, not named again from its ends


def test_rules_named_right_leave_the_settings_as_they_are():
    assert ruled_settings([edge(35.0, 69.4, 35.0, 173.5, "v"), edge(34.75, 69.65, 805.15, 69.65, "h")]) == RULED
