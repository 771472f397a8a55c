"""Inject one publication error at a time and assert exactly the finding it produces.

Each mutation is applied to the seed and to every generated text decision (different
unit counts, a single scorer, both tie conventions). The errors of the mutated document
must be those of the original plus exactly the expected ones: nothing else accused.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SEED, errors_of

from cchc_audit.extract.domain.numbers import parse_number
from cchc_audit.extract.source import bytes_to_document
from fixtures.decisions import AREAS_2023, Decision, Unit, catalogue, column_names, render_text
from cchc_audit.flows.pipeline import audit_document

SEED_LAYOUT = Decision(
    slug="seed", issuer="", place="", year=2023, subject="", areas=AREAS_2023,
    units=(Unit("", (Decimal(0),) * 7, (Decimal(0),) * 7),),
)
DOCUMENTS = [("seed", SEED.read_text(encoding="utf-8"), SEED_LAYOUT)] + [
    (d.slug, render_text(d), d) for d in catalogue()
]


class Table:
    """The rendered table's cells, addressable by row number and column name."""

    def __init__(self, text: str, layout: Decision) -> None:
        self.lines = text.split("\n")
        self.names = column_names(layout)
        self.two_scorers = layout.two_scorers
        self.areas = [name for name, _ in layout.areas]
        self.maxima = {name: Decimal(m.replace(",", ".")) for name, m in layout.areas}

    def _line(self, row: int) -> int:
        for index, line in enumerate(self.lines):
            cells = line.split("\t")
            if len(cells) > 5 and cells[0] == str(row) and cells[1]:
                return index
        raise KeyError(row)

    def get(self, row: int, name: str) -> str:
        return self.lines[self._line(row)].split("\t")[self.names.index(name)]

    def set(self, row: int, name: str, text: str) -> None:
        index = self._line(row)
        cells = self.lines[index].split("\t")
        cells[self.names.index(name)] = text
        self.lines[index] = "\t".join(cells)

    def area(self, name: str) -> str:
        return f"{name}/appraised" if self.two_scorers else name

    @property
    def total(self) -> str:
        return "total/appraised" if self.two_scorers else "total"

    @property
    def scorer(self) -> str | None:
        return "appraised" if self.two_scorers else None

    def text(self) -> str:
        return "\n".join(self.lines)


def errors(text: str) -> list[tuple]:
    report = audit_document(bytes_to_document("mutated.txt", text.encode("utf-8")))
    assert report.status == "ok"
    return errors_of(report.findings)


def value(text: str) -> Decimal:
    return parse_number(text).value


@pytest.fixture(params=DOCUMENTS, ids=[slug for slug, _, _ in DOCUMENTS])
def document(request):
    slug, text, layout = request.param
    return text, Table(text, layout)


def assert_adds(original: str, mutated: str, expected: list[tuple]) -> list[tuple]:
    before, after = errors(original), errors(mutated)
    added = [e for e in after if e not in before]
    assert [e for e in before if e not in after] == []
    assert sorted(added, key=repr) == sorted(expected, key=repr)
    return added


def test_wrong_total(document):
    original, table = document
    published = table.get(2, table.total)
    wrong = str(value(published) + 9).replace(".", ",")
    table.set(2, table.total, wrong)
    added = errors(table.text())
    new = [e for e in added if e not in errors(original)]
    assert [(code, row, column, scorer, pub) for code, row, column, scorer, pub, _ in new] == [
        ("total-mismatch", 2, "Tổng điểm", table.scorer, wrong)
    ]
    assert value(new[0][5]) == value(published)


def test_two_ranks_swapped(document):
    original, table = document
    table.set(1, "rank", "2")
    table.set(2, "rank", "1")
    assert_adds(
        original,
        table.text(),
        [("rank-mismatch", 1, "Xếp hạng", None, "2", "1"), ("rank-mismatch", 2, "Xếp hạng", None, "1", "2")],
    )


BANDS = ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_class_one_band_off(document):
    original, table = document
    published = table.get(2, "class")
    position = BANDS.index(published)
    wrong = BANDS[position + 1] if position + 1 < len(BANDS) else BANDS[position - 1]
    table.set(2, "class", wrong)
    assert_adds(original, table.text(), [("class-mismatch", 2, "Phân loại", None, wrong, published)])


def test_score_over_its_maximum_with_the_total_kept(document):
    """One area raised above its maximum, another lowered as much: the total still adds up."""
    original, table = document
    raised, lowered = table.areas[1], table.areas[2]
    old = value(table.get(3, table.area(raised)))
    new = table.maxima[raised] + 1
    other = value(table.get(3, table.area(lowered))) - (new - old)
    assert other >= 0
    text = str(new).replace(".", ",")
    table.set(3, table.area(raised), text)
    table.set(3, table.area(lowered), str(other).replace(".", ","))
    assert_adds(original, table.text(), [("score-above-max", 3, raised, table.scorer, text, None)])


def test_duplicated_unit(document):
    original, table = document
    name = table.get(2, "unit")
    table.set(3, "unit", name)
    assert_adds(original, table.text(), [("duplicate-unit", 3, "Tên đơn vị", None, name, None)])


def test_decimal_comma_dropped(document):
    """"15,17" typed "1517": the cell is blamed with its likely reading; the total is not."""
    original, table = document
    for name in table.areas:
        printed = table.get(2, table.area(name))
        if "," in printed and int(printed.replace(",", "")) > table.maxima[name]:
            break
    else:
        pytest.skip("no area with decimals in row 2")
    typed = printed.replace(",", "")
    table.set(2, table.area(name), typed)
    assert_adds(original, table.text(), [("score-above-max", 2, name, table.scorer, typed, printed)])
