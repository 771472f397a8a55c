"""The layout-variant generator itself: reproducible, arithmetically right, balanced over its dimensions.

None of these tests audits anything: they check the generator's truth with plain
arithmetic of their own, so that the benchmark and the sample judge the readers on sound
ground.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from fixtures.variants.content import fixed, places_of
from fixtures.variants.dimensions import DIMENSIONS, HELD_OUT, choose
from fixtures.variants.layout import plan
from fixtures.variants.places import CLASSES
from fixtures.variants.reportlab_pdf import render
from fixtures.variants.truth import truth_json, truth_of
from fixtures.variants.variant import make_variant

from conftest import needs_fonts

SEEDS = list(range(0, 84)) + list(range(HELD_OUT, HELD_OUT + 21))


def number(text: str) -> Decimal:
    return Decimal(text.rstrip(".").replace(",", "."))


def printed_truth(seed: int) -> dict:
    variant = make_variant(seed)
    return truth_of(variant, plan(variant.content, variant.dims).dims)


@needs_fonts
def test_same_seed_same_truth_and_same_bytes():
    for seed in (3, 8, 14, HELD_OUT + 5):  # ReportLab variants: byte for byte
        first, second = make_variant(seed), make_variant(seed)
        assert first == second
        dims = dict(first.dims, producer="reportlab")
        assert render(first.content, plan(first.content, dims)) == render(second.content, plan(second.content, dims))
        assert truth_json(printed_truth(seed)) == truth_json(printed_truth(seed))


def test_other_seeds_other_variants():
    assert make_variant(1).content != make_variant(2).content
    assert make_variant(5).content != make_variant(HELD_OUT + 5).content


def test_every_value_of_every_dimension_at_least_15_times_in_300_seeds():
    seeds = list(range(240)) + list(range(HELD_OUT, HELD_OUT + 60))
    counts = Counter((name, value) for seed in seeds for name, value in choose(seed).items())
    for name, values in DIMENSIONS.items():
        for value in values:
            assert counts[(name, value)] >= 15, (name, value, counts[(name, value)])


@needs_fonts
def test_every_value_is_printed_at_least_15_times_in_300_seeds():
    """After the adjustments a variant makes to fit its content (measured, not intended)."""
    seeds = list(range(240)) + list(range(HELD_OUT, HELD_OUT + 60))
    counts: Counter = Counter()
    for seed in seeds:
        variant = make_variant(seed)
        counts.update((name, value) for name, value in plan(variant.content, variant.dims).dims.items())
    wanted = {name: values for name, values in DIMENSIONS.items() if name not in ("breaks",)}
    wanted["injection"] = ("none", "wrong-total", "swapped-rank", "wrong-class", "above-max", "wrong-index",
                           "repeated-row-number")
    for name, values in wanted.items():
        for value in values:
            assert counts[(name, value)] >= 15, (name, value, counts[(name, value)])


@pytest.mark.parametrize("seed", SEEDS)
def test_truth_arithmetic(seed):
    """Where no error was typed, totals add up, ranks count 1…n best first, classes follow the
    totals, the index is total ÷ maximum × 100; every injected error is in the findings."""
    variant = make_variant(seed)
    truth = truth_of(variant, variant.dims)
    accused = {(f[1], f[2]) for f in truth["findings"]}
    for table, block in enumerate(truth["tables"], start=1):
        columns = block["columns"]
        roles = [c["role"] for c in columns]
        rows = block["rows"]
        basis = []
        for position, row in enumerate(rows, start=1):
            cells = dict(enumerate(row))
            for index, column in enumerate(columns):
                if column["role"] != "total" or (table, position) in accused:
                    continue
                parts = [number(cells[i]) for i, c in enumerate(columns)
                         if (c["role"] == "area" and c["scorer"] == column["scorer"])
                         or (c["role"] == "survey" and column["scorer"] != "self")]
                assert sum(parts, Decimal(0)) == number(cells[index]), (table, position, column)
            if "index" in roles and "total" in roles and (table, position) not in accused:
                total = next(number(cells[i]) for i, c in enumerate(columns)
                             if c["role"] == "total" and c["scorer"] in (None, "appraised"))
                maximum = number(cells[roles.index("maximum")]) if "maximum" in roles else Decimal(100)
                assert cells[roles.index("index")] == fixed(total / maximum * 100, 2)
            if "index" in roles:
                basis.append(number(cells[roles.index("index")]))
        if "index" in roles and len(rows) > 1:
            assert basis == sorted(basis, reverse=True) or any(f[1] == table for f in truth["findings"])
        if "rank" in roles:
            ranks = [row[roles.index("rank")] for row in rows]
            swapped = [f for f in truth["findings"] if f[0] == "rank-mismatch" and f[1] == table]
            for finding in swapped:
                ranks[finding[2] - 1] = finding[6]
            assert ranks == [str(i) for i in range(1, len(rows) + 1)]
        if "class" in roles:
            classes = [CLASSES.index(row[roles.index("class")]) for row in rows]
            wrong = {f[2] for f in truth["findings"] if f[0] in ("class-mismatch", "class-order-violation") and f[1] == table}
            kept = [c for i, c in enumerate(classes, start=1) if i not in wrong]
            assert kept == sorted(kept)
    kinds = {f[0] for f in truth["findings"]}
    expected_code = {
        "wrong-total": {"total-mismatch"}, "swapped-rank": {"rank-mismatch"}, "above-max": {"score-above-max"},
        "wrong-class": {"class-mismatch", "class-order-violation"}, "wrong-index": {"index-mismatch"},
        "repeated-row-number": {"row-number-sequence"},
    }.get(variant.injection, set())
    assert not expected_code or kinds & expected_code, (variant.injection, kinds)
    if variant.injection is None:
        assert kinds <= {"appraised-above-self"}


@pytest.mark.parametrize("seed", SEEDS)
def test_each_finding_states_its_figures(seed):
    """Published figures are the printed cells; a wrong total's expected value is the sum of its
    parts at the precision of the figures printed."""
    variant = make_variant(seed)
    truth = truth_of(variant, variant.dims)
    for code, table, row, column, scorer, published, expected in truth["findings"]:
        block = truth["tables"][table - 1]
        cells = block["rows"][row - 1]
        names = [(c["name"], c["scorer"]) for c in block["columns"]]
        if code == "appraised-above-self":  # published: the self-assessment; expected: the appraisal
            assert (published, expected) == (cells[names.index((column, "self"))], cells[names.index((column, scorer))])
            assert number(expected) > number(published)
            continue
        assert published == cells[names.index((column, scorer if (column, scorer) in names else None))]
        if code == "total-mismatch":
            parts = [number(cells[i]) for i, c in enumerate(block["columns"])
                     if (c["role"] == "area" and c["scorer"] == scorer)
                     or (c["role"] == "survey" and scorer != "self")]
            places = max(places_of(published), *(places_of(cells[i]) for i, c in enumerate(block["columns"])
                                                 if c["role"] in ("area", "survey")))
            assert expected == fixed(sum(parts, Decimal(0)), places)
            assert abs(number(published) - number(expected)) >= Decimal("0.5")
        if code == "score-above-max":
            maximum = next(c["maximum"] for c in block["columns"] if (c["name"], c["scorer"]) == (column, scorer))
            assert number(published) > number(maximum)


def test_about_half_the_variants_carry_an_error():
    injected = sum(make_variant(seed).injection is not None for seed in range(120))
    assert 50 <= injected <= 70


@needs_fonts
@pytest.mark.parametrize("seed", SEEDS[::3])
def test_figures_never_wrap(seed):
    """Every figure, rank and row number fits its column on one line (names and classes may wrap)."""
    from fixtures.variants.geometry import wrap

    variant = make_variant(seed)
    layout = plan(variant.content, variant.dims)
    g = layout.geometry
    for block in variant.content.blocks:
        for row in block.rows:
            for col, text, width in zip(variant.content.columns, row, g.widths):
                if col.role not in ("unit", "class", "note"):
                    assert len(wrap(text, g.font, g.size, width - 2 * g.pad)) == 1, (col.name, text, width)
