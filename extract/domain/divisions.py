"""Resolve where a decision comes from to its province.

The issuer line ("ỦY BAN NHÂN DÂN HUYỆN BA BỂ") or the place in the date line ("Ba Bể,
ngày …") names a province, or a district that belongs to one. Districts are looked up in
the pre-2025 administrative divisions of the `vietnam-provinces` package (63 provinces,
691 districts), the ones in force for the decisions audited here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cchc_audit.extract.domain.text import fold

_PREFIXES = re.compile(
    r"^(uy ban nhan dan|ubnd)?\s*(tinh|thanh pho|tp\.?|huyen|quan|thi xa|tx\.?)?\s*", re.IGNORECASE
)


def _bare(name: str) -> str:
    """A division's name without its kind: "Huyện Ba Bể" → "ba be"."""
    key = fold(name).replace("tp.", "thanh pho ").replace("tx.", "thi xa ")
    return _PREFIXES.sub("", key.strip()).strip(" .,")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, set[str]]]:
    from vietnam_provinces.enums import DistrictEnum, ProvinceEnum

    provinces = {p.value.code: p.value.name for p in ProvinceEnum}
    by_province = {_bare(name): name for name in provinces.values()}
    by_district: dict[str, set[str]] = {}
    for district in DistrictEnum:
        by_district.setdefault(_bare(district.value.name), set()).add(provinces[district.value.province_code])
    return by_province, by_district


def province_of(issuer: str | None, place: str | None) -> str | None:
    """The province's name ("Tỉnh Bắc Kạn"), or None when it cannot be told for sure."""
    by_province, by_district = _tables()
    for text in (issuer, place):
        if not text:
            continue
        bare = _bare(text)
        if text == issuer and fold(text).removeprefix("uy ban nhan dan ").startswith("tinh ") and bare in by_province:
            return by_province[bare]
        owners = by_district.get(bare, set())
        if len(owners) == 1:
            return next(iter(owners))
        if not owners and bare in by_province:
            return by_province[bare]
    return None
