"""Rule sets: the class bands a province uses, kept as TOML files under compute/rulesets/."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from cchc_audit.extract.domain.classes import VOCABULARIES, canonical_class
from cchc_audit.extract.domain.text import fold

RULES_DIR = Path(__file__).parent / "rulesets"


class RulesError(Exception):
    """A rule set that does not exist or does not make sense."""


@dataclass(frozen=True)
class Band:
    name: str
    minimum: Decimal


@dataclass(frozen=True)
class RuleSet:
    name: str
    title: str
    provinces: tuple[str, ...]
    years: tuple[int, ...]
    basis: str
    vocabulary: str
    bands: tuple[Band, ...]
    assumed: bool = False
    ties: str = "document"  # "document" (read from the published ranks), "competition" or "dense"
    tie_break: tuple[str, ...] = ()  # column names that order equal totals, in turn

    def __post_init__(self) -> None:
        if self.basis not in ("points", "percent"):
            raise RulesError(f"{self.name}: basis must be 'points' or 'percent', not {self.basis!r}")
        if self.vocabulary not in VOCABULARIES:
            raise RulesError(f"{self.name}: unknown vocabulary {self.vocabulary!r}")
        if self.ties not in ("document", "competition", "dense"):
            raise RulesError(f"{self.name}: ties must be 'document', 'competition' or 'dense', not {self.ties!r}")
        if not self.bands:
            raise RulesError(f"{self.name}: no bands")
        minima = [band.minimum for band in self.bands]
        if minima != sorted(minima, reverse=True):
            raise RulesError(f"{self.name}: bands must be listed from the highest minimum down")
        for band in self.bands:
            if band.name not in VOCABULARIES[self.vocabulary]:
                raise RulesError(f"{self.name}: class {band.name!r} is not in vocabulary {self.vocabulary!r}")

    def classify(self, value: Decimal) -> Band:
        for band in self.bands:
            if value >= band.minimum:
                return band
        return self.bands[-1]

    def band_text(self, band: Band) -> str:
        index = self.bands.index(band)
        upper = f" < {self.bands[index - 1].minimum}" if index else ""
        return f"{band.name}: ≥ {band.minimum}{upper}"

    def names_province(self, text: str | None) -> bool:
        """Whether one of the rule set's provinces is named in `text`."""
        key = fold(text or "")
        return bool(key) and any(fold(province) in key for province in self.provinces)

    def applies_to(self, year: int | None) -> bool:
        return year is None or not self.years or year in self.years


def load_rules(path: Path) -> RuleSet:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RulesError(f"{path}: cannot read rule set ({error})") from None
    try:
        bands = tuple(
            Band(name=canonical_class(b["class"]) or b["class"], minimum=Decimal(str(b["min"])))
            for b in data["bands"]
        )
        return RuleSet(
            name=data.get("name", path.stem),
            title=data.get("title", path.stem),
            provinces=tuple(data.get("provinces", ())),
            years=tuple(data.get("years", ())),
            basis=data.get("basis", "points"),
            vocabulary=data.get("vocabulary", "quality"),
            bands=bands,
            assumed=bool(data.get("assumed", False)),
            ties=data.get("ties", "document"),
            tie_break=tuple(data.get("tie_break", ())),
        )
    except (KeyError, TypeError, InvalidOperation) as error:
        raise RulesError(f"{path}: malformed rule set ({error!r})") from None


def bundled_rules() -> list[RuleSet]:
    return [load_rules(path) for path in sorted(RULES_DIR.glob("*.toml"))]


def find_rules(name_or_path: str) -> RuleSet:
    """A bundled rule set by name, or a TOML file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        return load_rules(path)
    bundled = RULES_DIR / f"{name_or_path}.toml"
    if bundled.exists():
        return load_rules(bundled)
    names = ", ".join(p.stem for p in sorted(RULES_DIR.glob("*.toml")))
    raise RulesError(f"unknown rule set {name_or_path!r} (bundled: {names})")


def rules_for(issuer: str | None, place: str | None, year: int | None) -> RuleSet | None:
    """The bundled rule set for the province a decision comes from, if there is one.

    The issuer or place may name the province itself; otherwise a district named there
    is resolved to its province through the list of administrative divisions.
    """
    candidates = [rules for rules in bundled_rules() if rules.applies_to(year)]
    for text in (issuer, place):
        for rules in candidates:
            if rules.names_province(text):
                return rules
    if not candidates or not (issuer or place):
        return None
    from cchc_audit.extract.domain.divisions import province_of

    province = province_of(issuer, place)
    return next((rules for rules in candidates if rules.names_province(province)), None)
