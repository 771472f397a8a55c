"""Time `cchc-audit check` on the seed as a whole process, beside a bare `import pandas`.

    python benchmarks/bench_check.py [--runs N]

Prints the median wall time of each (N runs, after one warm-up), their ratio (goal: at
most 3x) and the peak resident memory of one `check` run.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "000_c0db76a65c12b58c.txt"


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, capture_output=True, cwd=ROOT)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mib(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(command, capture_output=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    check = [sys.executable, "-m", "cchc_audit.flows.cli", "check", str(SEED), "--format", "json"]
    pandas = [sys.executable, "-c", "import pandas"]
    check_s = median_seconds(check, args.runs)
    pandas_s = median_seconds(pandas, args.runs)
    print(f"check seed (whole process): median {check_s * 1000:.0f} ms over {args.runs} runs")
    print(f"python -c 'import pandas':  median {pandas_s * 1000:.0f} ms over {args.runs} runs")
    print(f"ratio: {check_s / pandas_s:.2f}x (goal: at most 3x)")
    print(f"peak RSS of check: {peak_rss_mib(check):.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
