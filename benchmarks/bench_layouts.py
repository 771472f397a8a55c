"""Read rate on seeded layout variants: how many documents are read cell for cell, and audited exactly.

    python benchmarks/bench_layouts.py                     # 240 tuning + 60 held-out variants, 40 scans
    python benchmarks/bench_layouts.py --limit 40 --no-scans --failures
    python benchmarks/bench_layouts.py --only rulings=none --only producer=docx --failures
    python benchmarks/bench_layouts.py --held-out --json out.json
    python benchmarks/bench_layouts.py --scans-only --limit 8 --jobs 1 --failures   # scans alone
    python benchmarks/bench_layouts.py --one-at-a-time     # one dimension varied per variant, the rest plain
    python benchmarks/bench_layouts.py --producer calc --limit 20 --failures   # a held-out producer only

Variants come from `fixtures.variants` (each a PDF and its truth: cells and exact findings,
computed by the generator, never by the code under test) and are cached under
`benchmarks/results/variants-<hash of the generator's code>/` (generated only when missing). Tuning seeds are 0…;
held-out seeds start at 10000 and are reported apart, so that reader work can be tuned on
one set and judged on the other. Held-out producers (`fixtures.variants.dimensions.HELD_OUT_PRODUCERS`:
a spreadsheet printed by LibreOffice Calc, HTML printed by Chromium), which no reader is tuned
on, print the held-out seeds' content again and are reported in their own section, never with
the tuning figures (`--no-producers-held-out` leaves them out; `--producer calc` runs one alone,
on every selected seed). Each variant is audited in a worker process with the
library (`flows.pipeline.audit_source` → `report.json_report.report_to_dict`); an exception
is that variant's failure, never the benchmark's.

Per document (columns of the tables printed): cells exact (every table, column and cell as printed; columns aligned by role,
scorer and name — see `fixtures.variants.compare`), findings exact (the same multiset of
code, table, row, column, scorer, published, expected), missed errors, false errors (error
findings not in the truth), silent passes (the truth has errors and the audit reported none,
or rows were lost without a `rows-not-audited` finding; a document the tool said it could
not read, exit 2, is "unread", never silent nor exact), crashes, rows not audited ("lost"),
median seconds per document.
With `--one-at-a-time` each variant varies one presentation dimension (taking turns by seed)
and prints the rest plainly (`fixtures.variants.dimensions.PLAIN`), so that a failure names
its dimension. Goals: born-digital ≥ 99 % exact with 0 false errors and 0 silent passes; scans ≥ 95 %
exact with 0 false errors.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import statistics
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.variants.build import parse_seeds  # noqa: E402
from fixtures.variants.compare import compare, failure_report  # noqa: E402
from fixtures.variants.dimensions import DIMENSIONS, HELD_OUT, HELD_OUT_PRODUCERS, PLAIN, one_at_a_time  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
TUNING, HELD = 240, 60
SCANS = 40


def cache_folder() -> Path:
    """The cache of generated variants, one folder per version of the generator's code."""
    digest = hashlib.sha256()
    for source in sorted((ROOT / "fixtures" / "variants").glob("*.py")):
        if source.name not in ("compare.py", "build.py"):  # judging and the sample do not change variants
            digest.update(source.read_bytes())
    return RESULTS / f"variants-{digest.hexdigest()[:12]}"


def audit_one(path: str) -> tuple[dict, float]:
    """The JSON report of one file, audited in this (worker) process, and its seconds."""
    started = time.perf_counter()
    try:
        from cchc_audit.flows.pipeline import audit_source
        from cchc_audit.report.json_report import report_to_dict

        report = report_to_dict(audit_source(path), lang="en")
    except Exception as error:  # a crash is the variant's failure, not the benchmark's
        report = failure_report(f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}")
    return report, time.perf_counter() - started


def judge(path: Path, report: dict, seconds: float) -> dict:
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
    verdict = compare(report, truth)
    crashed = report.get("status") == "crashed"
    return {
        "name": path.stem,
        "seed": truth["seed"],
        "held_out": truth["seed"] >= HELD_OUT,
        "producer_held_out": truth["dimensions"]["producer"] in HELD_OUT_PRODUCERS,
        "scan": "scan" in truth["dimensions"],
        "dimensions": truth["dimensions"],
        "cells_exact": verdict.cells_exact and not crashed,
        "findings_exact": verdict.findings_exact and not crashed,
        "missed_errors": verdict.missed_errors,
        "false_errors": 0 if crashed else verdict.false_errors,
        "silent": verdict.silent and not crashed,
        "crashed": crashed,
        "unread": report.get("status") == "failed",
        "rows_not_audited": verdict.rows_not_audited,
        "seconds": round(seconds, 3),
        "cell_diffs": verdict.cell_diffs[:8] + ([f"… {len(verdict.cell_diffs) - 8} more"] if len(verdict.cell_diffs) > 8 else []),
        "missing": [list(f) for f in verdict.missing],
        "extra": [list(f) for f in verdict.extra][:8],
        "error": report.get("error"),
    }


def build_held_out_producer(seeds: list[int], producer: str, single: bool = False) -> list[Path]:
    """The seeds' content printed by a held-out producer (cached apart: the names are the seeds')."""
    from fixtures.variants.generate import generate

    folder = cache_folder() / ("one-at-a-time" if single else "") / f"producer-{producer}"
    if single:
        return generate(seeds, folder, overrides=lambda seed: dict(one_at_a_time(seed)[1], producer=producer))
    return generate(seeds, folder, overrides={"producer": producer})


def build(seeds: list[int], scans: list[int], producer: str | None, single: bool = False) -> list[Path]:
    from fixtures.variants.generate import generate
    from fixtures.variants.scan import write_scan

    if producer in HELD_OUT_PRODUCERS:
        return build_held_out_producer(seeds, producer, single)
    cache = cache_folder() / "one-at-a-time" if single else cache_folder()
    paths = generate(seeds, cache, overrides=(lambda seed: one_at_a_time(seed)[1]) if single else None)
    out = []
    for path in paths:
        truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
        if producer and truth["dimensions"]["producer"] != producer:
            continue
        out.append(path)
    for seed in scans:
        source = cache / f"v{seed:05d}.pdf"
        target = cache / "scans" / f"v{seed:05d}-scan.pdf"
        if source in out and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_scan(source, seed, target)
        if source in out:
            out.append(target)
    return out


def selected(path: Path, only: list[tuple[str, str]]) -> bool:
    if not only:
        return True
    dims = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))["dimensions"]
    return all(dims.get(name) == value for name, value in only)


def run(paths: list[Path], jobs: int) -> list[dict]:
    results = []
    pending = list(paths)
    while pending:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(audit_one, str(p)): p for p in pending}
            done: set[Path] = set()
            try:
                for future in concurrent.futures.as_completed(futures):
                    path = futures[future]
                    report, seconds = future.result()
                    results.append(judge(path, report, seconds))
                    done.add(path)
            except concurrent.futures.process.BrokenProcessPool:
                broken = [p for p in pending if p not in done]
                results.append(judge(broken[0], failure_report("worker process died"), 0.0))
                done.add(broken[0])
        pending = [p for p in pending if p not in done]
    return sorted(results, key=lambda r: (r["producer_held_out"], r["dimensions"]["producer"], r["scan"], r["seed"]))


def summary(rows: list[dict]) -> dict:
    count = len(rows)
    return {
        "n": count,
        "cells": sum(r["cells_exact"] for r in rows),
        "findings": sum(r["findings_exact"] for r in rows),
        "missed": sum(r["missed_errors"] for r in rows),
        "false": sum(r["false_errors"] for r in rows),
        "silent": sum(r["silent"] for r in rows),
        "crashed": sum(r["crashed"] for r in rows),
        "unread": sum(r["unread"] for r in rows),
        "rows_lost": sum(r["rows_not_audited"] for r in rows),
        "median_s": statistics.median(r["seconds"] for r in rows) if rows else 0.0,
    }


def line(label: str, s: dict) -> str:
    pct = (lambda k: f"{100 * s[k] / s['n']:5.1f}%") if s["n"] else (lambda k: "    -")
    return (f"{label:<44} {s['n']:>4} {pct('cells'):>7} {pct('findings'):>7} {s['missed']:>6} {s['false']:>6} "
            f"{s['silent']:>6} {s['unread']:>6} {s['crashed']:>5} {s['rows_lost']:>6} {s['median_s']:>7.2f}")


HEAD = (f"{'':<44} {'docs':>4} {'cells':>7} {'finds':>7} {'missed':>6} {'false':>6} {'silent':>6} "
        f"{'unread':>6} {'crash':>5} {'lost':>6} {'med s':>7}")


def print_one_at_a_time(results: list[dict]) -> None:
    """Each variant under the one dimension it varies (the others printed plainly); held-out
    producers apart."""
    for label, held in (("born-digital", False), ("held-out producers", True)):
        groups = defaultdict(list)
        for r in results:
            if not r["scan"] and r["producer_held_out"] == held:
                varied = one_at_a_time(r["seed"])[0]
                groups[(varied, r["dimensions"].get(varied, "?"))].append(r)
        if not groups:
            continue
        print(f"\nOne dimension at a time (the others at their plain value), {label}:")
        print(HEAD)
        for name in PLAIN:
            for key in sorted(k for k in groups if k[0] == name):
                plain = " (plain)" if key[1] == PLAIN[name] else ""
                print(line(f"{name}={key[1]}{plain}", summary(groups[key])))


def print_dimension_values(rows: list[dict]) -> None:
    print(HEAD)
    for name in [*DIMENSIONS, "figures", "injection", "classes"]:
        values = defaultdict(list)
        for r in rows:
            if name in r["dimensions"]:
                values[r["dimensions"][name]].append(r)
        for value in sorted(values):
            print(line(f"{name}={value}", summary(values[value])))


def print_held_out_producers(results: list[dict]) -> None:
    """Producers no reader is tuned on: their own section, overall and per dimension value."""
    rows = [r for r in results if r["producer_held_out"]]
    if not rows:
        return
    print("\nHeld-out producers (no reader is tuned on them; not in the figures above):")
    print(HEAD)
    printed = {r["seed"] for r in rows}
    same = [r for r in results if not r["producer_held_out"] and not r["scan"] and r["seed"] in printed]
    if same:
        print(line("the same seeds by the tuning producers", summary(same)))
    for producer in HELD_OUT_PRODUCERS:
        mine = [r for r in rows if r["dimensions"]["producer"] == producer]
        if mine:
            print(line(f"producer={producer}", summary(mine)))
    print(line("all held-out producers", summary(rows)))
    print()
    print("Per dimension value (held-out producers):")
    print_dimension_values(rows)


def print_tables(results: list[dict]) -> None:
    everything, results = results, [r for r in results if not r["producer_held_out"]]
    groups = {
        "born-digital, tuning": [r for r in results if not r["scan"] and not r["held_out"]],
        "born-digital, held-out": [r for r in results if not r["scan"] and r["held_out"]],
        "scans (200 dpi), tuning": [r for r in results if r["scan"] and not r["held_out"]],
        "scans (200 dpi), held-out": [r for r in results if r["scan"] and r["held_out"]],
    }
    if results:
        print(HEAD)
        for label, rows in groups.items():
            if rows:
                print(line(label, summary(rows)))
        born = [r for r in results if not r["scan"]]
        kind = "born-digital" if born else "scans"
        if born:
            print(line("all born-digital", summary(born)))
        print()
        print(f"Per dimension value ({kind}, tuning and held-out together):")
        print_dimension_values(born or results)
    print_held_out_producers(everything)


def print_failures(results: list[dict]) -> None:
    print("\nFailing variants:")
    for r in results:
        if r["cells_exact"] and r["findings_exact"]:
            continue
        d = r["dimensions"]
        keys = ("producer", "layout", "rulings", "header_rows", "narrow_header", "gap", "page", "breaks", "size", "font",
                "injection")
        print(f"- {r['name']}{' (scan)' if r['scan'] else ''}: " + " ".join(f"{k}={d.get(k)}" for k in keys))
        if r["error"]:
            print(f"    error: {r['error'].splitlines()[0][:200]}")
        for diff in r["cell_diffs"][:4]:
            print(f"    cells: {diff}")
        for finding in r["missing"][:4]:
            print(f"    missing: {finding}")
        for finding in r["extra"][:4]:
            print(f"    extra:   {finding}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N tuning seeds (and N/4 held-out)")
    parser.add_argument("--seeds", help="a seed range A-B instead of the default sets")
    parser.add_argument("--producer", choices=DIMENSIONS["producer"] + HELD_OUT_PRODUCERS,
                        help="only this producer (calc, html: a held-out producer on every selected seed)")
    parser.add_argument("--producers-held-out", action=argparse.BooleanOptionalAction, default=True,
                        help="also print the held-out seeds with the held-out producers, in a section of their own")
    parser.add_argument("--only", action="append", default=[], metavar="DIM=VALUE")
    parser.add_argument("--held-out", action="store_true", help="only the held-out seeds")
    parser.add_argument("--scans", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--scans-only", action="store_true",
                        help="only the scanned variants (--seeds A-B: those among them; --limit N: the first N tuning scans and N/4 held-out)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--failures", action="store_true", help="list failing variants with their diffs")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every result as JSON")
    parser.add_argument("--one-at-a-time", action="store_true",
                        help="vary one presentation dimension per variant, the others plain (no scans)")
    args = parser.parse_args(argv)
    if args.scans_only:
        seeds = list(range(TUNING)) + list(range(HELD_OUT, HELD_OUT + HELD))
    elif args.seeds:
        seeds = parse_seeds(args.seeds)
    else:
        tuning = args.limit if args.limit is not None else TUNING
        held = (args.limit // 4) if args.limit is not None else HELD
        seeds = ([] if args.held_out else list(range(tuning))) + list(range(HELD_OUT, HELD_OUT + held))
    scans = seeds[:: max(1, len(seeds) // SCANS)][:SCANS] if args.scans and not args.one_at_a_time and args.producer not in HELD_OUT_PRODUCERS else []
    if args.scans_only:
        if args.seeds:
            scans = [s for s in scans if s in set(parse_seeds(args.seeds))]
        if args.limit is not None:
            scans = [s for s in scans if s < HELD_OUT][: args.limit] + [s for s in scans if s >= HELD_OUT][: args.limit // 4]
        seeds = scans
    only = [tuple(item.split("=", 1)) for item in args.only]
    started = time.perf_counter()
    paths = build(seeds, scans, args.producer, args.one_at_a_time)
    if args.scans_only:
        paths = [p for p in paths if p.parent.name == "scans"]
    elif args.producers_held_out and args.producer is None:
        held_seeds = [s for s in seeds if s >= HELD_OUT]
        for producer in HELD_OUT_PRODUCERS:
            paths += build_held_out_producer(held_seeds, producer, args.one_at_a_time)
    paths = [p for p in paths if selected(p, only)]
    print(f"{len(paths)} documents ({len(seeds)} variants, {len(scans)} scans) ready in "
          f"{time.perf_counter() - started:.0f} s; auditing with {args.jobs} workers …", flush=True)
    results = run(paths, args.jobs)
    print_tables(results)
    if args.one_at_a_time:
        print_one_at_a_time(results)
    if args.failures:
        print_failures(results)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
