"""The decision's identity from its text: issuer, number, signing date, index year, level."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cchc_audit.extract.domain.model import Metadata
from cchc_audit.extract.domain.text import fold, normalise_text

_MARKUP = re.compile(r"[*_#>]+")
_NUMBER = re.compile(r"^s[oố]\s*:?\s*(?P<number>[^\s/]*)\s*/?\s*(?P<suffix>Q[ĐD][\w\-Đđ]*)", re.IGNORECASE)
_DATE = re.compile(
    r"^(?P<place>[^,]{2,60}),\s*ngày\s*(?P<day>\d{1,2})?\s*(?:tháng|/)\s*(?P<month>\d{1,2})?\s*(?:năm|/)\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
_YEAR = re.compile(r"năm\s+(\d{4})", re.IGNORECASE)
_ISSUER = re.compile(
    r"^(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s+((?:TỈNH|THÀNH\s+PHỐ|HUYỆN|THỊ\s+XÃ|QUẬN|TP\.?)\s+[^\n,;()]+)$",
)
_LEVELS = (
    ("commune", ("cac xa", "xa, phuong", "phuong, xa", "thi tran", "cap xa")),
    ("district", ("cac huyen", "huyen, thanh pho", "huyen, thi xa", "cap huyen", "quan, huyen")),
    ("department", ("so, ban, nganh", "cac so", "co quan chuyen mon", "cap tinh")),
)


def clean_line(line: str) -> str:
    return normalise_text(_MARKUP.sub(" ", line))


def text_to_metadata(lines: Sequence[str], first_line: int = 1) -> Metadata:
    """Read the decision's metadata from its text lines (a text file, or a PDF's first pages)."""
    cleaned = [clean_line(line) for line in lines]
    number = number_text = None
    number_line = date_line = None
    place = date_text = None
    day = month = year = None
    for offset, line in enumerate(cleaned):
        lineno = first_line + offset
        if number_text is None and (match := _NUMBER.match(line)):
            number_text = f"Số: {match['number']}/{match['suffix']}".replace(": /", ": /")
            number = f"{match['number']}/{match['suffix']}" if match["number"] else None
            number_line = lineno
        if date_text is None and not fold(line).startswith("can cu") and (match := _DATE.match(line)):
            place = match["place"].strip()
            date_text = line[: match.end()]
            day = int(match["day"]) if match["day"] else None
            month = int(match["month"]) if match["month"] else None
            year = int(match["year"])
            date_line = lineno
    title = _title(cleaned)
    index_year = _year_of(title) if title else None
    issuer = _issuer([clean_line(line.split("\t")[0]) for line in lines])
    return Metadata(
        issuer=issuer,
        number=number,
        number_text=number_text,
        place=place,
        day=day,
        month=month,
        year=year,
        date_text=date_text,
        index_year=index_year,
        level=_level(title or ""),
        title=title,
        number_line=number_line,
        date_line=date_line,
    )


def _issuer(lines: Sequence[str]) -> str | None:
    """The committee issuing the decision, on one line or split over two."""
    filled = [line.upper() for line in lines if line]
    for line, following in zip(filled, filled[1:] + [""]):
        for candidate in (line, f"{line} {following}"):
            if match := _ISSUER.match(candidate):
                return normalise_text(f"ỦY BAN NHÂN DÂN {match[1]}")
    return None


def _title(lines: Sequence[str]) -> str | None:
    """The line saying what the decision publishes ("Công bố Chỉ số ... năm 2023")."""
    for line in lines:
        key = fold(line)
        if ("cong bo" in key or "phe duyet" in key) and "chi so" in key and not key.startswith(("can cu", "dieu 1")):
            return line
    for line in lines:
        key = fold(line)
        if "chi so" in key and _YEAR.search(line) and not key.startswith("can cu"):
            return line
    return None


def _year_of(text: str) -> int | None:
    found = _YEAR.findall(text)
    return int(found[-1]) if found else None


def _level(title: str) -> str | None:
    key = fold(title)
    for level, words in _LEVELS:
        if any(word in key for word in words):
            return level
    return None


def table_title_year(lines: Sequence[str]) -> tuple[str | None, int | None]:
    """The annex heading just above a table, and the year it names."""
    for line in reversed(lines):
        text = clean_line(line)
        key = fold(text)
        if not text or key.startswith("(kem theo") or key.startswith("kem theo"):
            continue
        if ("chi so" in key or "xep hang" in key or "ket qua" in key) and _YEAR.search(text):
            return text, _year_of(text)
    return None, None
