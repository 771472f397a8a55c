"""Class vocabularies ("phân loại") and their order, best first."""

from __future__ import annotations

from cchc_audit.extract.domain.text import fold, normalise_text

# Each vocabulary lists its classes best first; spellings fold to the canonical name.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "quality": ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"),
    "group-letter": ("Nhóm A", "Nhóm B", "Nhóm C", "Nhóm D"),
    "group-roman": ("Nhóm I", "Nhóm II", "Nhóm III"),
}

_ALIASES = {
    "xuat sac": "Xuất sắc",
    "tot": "Tốt",
    "kha": "Khá",
    "trung binh": "Trung bình",
    "tb": "Trung bình",
    "yeu": "Yếu",
    "kem": "Yếu",
    "yeu kem": "Yếu",
    "yeu, kem": "Yếu",
}
for _names in list(VOCABULARIES.values())[1:]:
    for _name in _names:
        _ALIASES[fold(_name)] = _name
        _ALIASES[fold(_name).removeprefix("nhom ")] = _name


def canonical_class(text: str) -> str | None:
    """The canonical class name for a printed class, or None if it is not one."""
    key = fold(text).strip(" .")
    return _ALIASES.get(key)


def class_rank(name: str) -> tuple[str, int] | None:
    """The vocabulary a class belongs to and its position there (0 is best)."""
    for vocabulary, names in VOCABULARIES.items():
        if name in names:
            return vocabulary, names.index(name)
    return None


def is_class_text(text: str) -> bool:
    return canonical_class(normalise_text(text)) is not None
