"""The crash test under load: two CPU burners keep both cores busy while the test runs N times.

    python benchmarks/crash_loop.py            # 10 runs of tests/test_sweep_crash.py
    python benchmarks/crash_loop.py --runs 3 --burners 0

Prints one line per run (passed or failed, and its wall time) and the pass count; the exit
code is 0 only when every run passed. The burners are this script's own child processes
and are stopped when it ends.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/test_sweep_crash.py"
BURN = "while True:\n    pass\n"


def start_burners(count: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(count)]


def run_test_once() -> tuple[bool, float, str]:
    """(passed, seconds, pytest's last line) of one run of the crash test in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines() or [done.stderr.strip()]
    return done.returncode == 0, time.perf_counter() - started, lines[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--burners", type=int, default=2, help="busy processes (default: 2, one per core of a 2-core machine)")
    args = parser.parse_args(argv)
    burners = start_burners(args.burners)
    passed = 0
    try:
        for number in range(1, args.runs + 1):
            ok, seconds, last = run_test_once()
            passed += ok
            print(f"run {number:2}: {'passed' if ok else 'FAILED'} in {seconds:5.1f} s  ({last})", flush=True)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    load = os.getloadavg()[0]
    print(f"{passed}/{args.runs} passed with {args.burners} CPU burners (load average at the end {load:.1f})")
    return 0 if passed == args.runs else 1


if __name__ == "__main__":
    raise SystemExit(main())
