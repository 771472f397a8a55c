"""Time `cchc-audit check` on PDF decisions against camelot's lattice extraction alone.

    python benchmarks/bench_pdf.py [--runs 5]

Each measurement is a whole process, started fresh (interpreter, imports, reading, and for
`check` the validation, recomputation and report), so the two sides pay the same start-up.
Prints the median wall time of each, their ratio, and each process's peak memory (RSS).
Goal: the whole `check` faster than camelot's extraction alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "1-page annex": ROOT / "fixtures" / "pdf" / "seed-ruled.pdf",
    "5-page annex": ROOT / "fixtures" / "pdf" / "annex-5-pages-ruled.pdf",
}
CHECK = "import sys; from cchc_audit.flows.cli import main; sys.exit(main(['check', sys.argv[1], '--format', 'json']))"
CAMELOT = (
    "import sys, camelot; tables = camelot.read_pdf(sys.argv[1], pages='all', flavor='lattice'); "
    "print(sum(t.shape[0] for t in tables))"
)


def run_once(code: str, path: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{path.name}: exit code {process.returncode}")
    return elapsed, usage.ru_maxrss


def measure(code: str, path: Path, runs: int) -> tuple[float, int]:
    results = [run_once(code, path) for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    args = parser.parse_args(argv)
    print(f"{'file':<14} {'check s':>8} {'camelot s':>10} {'ratio':>6} {'check MiB':>10} {'camelot MiB':>12}")
    for label, path in FILES.items():
        run_once(CHECK, path)  # warm the file cache and compiled bytecode once
        check_time, check_memory = measure(CHECK, path, args.runs)
        camelot_time, camelot_memory = measure(CAMELOT, path, args.runs)
        print(
            f"{label:<14} {check_time:>8.2f} {camelot_time:>10.2f} {check_time / camelot_time:>6.2f} "
            f"{check_memory / 1024:>10.0f} {camelot_memory / 1024:>12.0f}"
        )
    print(f"median of {args.runs} runs each; ratio = check / camelot lattice (below 1: check is faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
