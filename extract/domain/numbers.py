"""Vietnamese numbers as exact decimals: "15,17", "21.5", "94,5 điểm", "83,2%"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cchc_audit.extract.domain.text import fold, normalise_text

_SUFFIX = re.compile(r"\s*(%|diem|d)\s*$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class Number:
    """A figure as printed: its exact value and how many decimals it shows."""

    value: Decimal
    places: int
    text: str
    maximum: Decimal | None = None  # "43,26/60" states its own maximum


def parse_score(text: str) -> Number | None:
    """Read a score, which may state its maximum after a slash: "43,26/60"."""
    value, slash, maximum = normalise_text(text).partition("/")
    if not slash:
        return parse_number(text)
    number, top = parse_number(value), parse_number(maximum)
    if number is None or top is None:
        return None
    return Number(value=number.value, places=number.places, text=normalise_text(text), maximum=top.value)


def parse_number(text: str) -> Number | None:
    """Read one figure; None when the text is not a single number.

    Scores never carry thousands separators, so a lone "," or "." is the decimal
    mark; with both present the last one is.
    """
    printed = normalise_text(text)
    body = _SUFFIX.sub("", fold(printed)).replace(" ", "")
    if "," in body and "." in body:
        mark = max(body.rfind(","), body.rfind("."))
        body = body[:mark].replace(",", "").replace(".", "") + "." + body[mark + 1 :]
    body = body.replace(",", ".")
    if not _NUMBER.match(body):
        return None
    try:
        value = Decimal(body)
    except InvalidOperation:  # pragma: no cover - the pattern above rules it out
        return None
    places = len(body.partition(".")[2])
    return Number(value=value, places=places, text=printed)


_ROW_NUMBER = re.compile(r"^\(?(\d{1,4})\s*[.)]?$")


def parse_row_number(text: str) -> Number | None:
    """A row number or rank as printed: "1", "01", "1.", "1)", "(1)"."""
    printed = normalise_text(text)
    match = _ROW_NUMBER.match(printed)
    if match is None or (printed.startswith("(") and not printed.endswith(")")):
        return None
    return Number(value=Decimal(int(match[1])), places=0, text=printed)


def format_number(value: Decimal, places: int | None = None) -> str:
    """Print a figure the Vietnamese way: decimal comma, no trailing zeros unless asked."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
        text = f"{value:f}"
    else:
        text = f"{value.normalize():f}" if value != value.to_integral() else f"{value.to_integral():f}"
    return text.replace(".", ",")


def half_unit(places: int) -> Decimal:
    """Half of the last printed digit: the rounding a figure with `places` decimals may hide."""
    return Decimal(5).scaleb(-(places + 1))
