"""What reading a scanned table page costs, against one whole-page Tesseract pass over it.

    python benchmarks/bench_scan_cost.py [--only SLUG ...] [--repeat N]

For every page of the committed scans (`fixtures/scans/*.pdf`) that holds a ruled table,
in one run and single-threaded (`OMP_THREAD_LIMIT=1`, OpenCV on one thread), it measures
side by side the CPU seconds of

- one whole-page Tesseract pass: the page rendered at its scan's resolution, then
  `tesseract page.png - --psm 3 -l vie` (the process's own CPU, user + system), and
- our whole read of that page: rendering, straightening and despeckling it
  (`page_image`), finding its grid and reading every cell and the words around it
  (`read_scanned_page`), and the layout engine's choice of reading (`scanned_page_tables`):
  this process's CPU plus that of every Tesseract it starts,

and prints their ratio per page and the median ratio. Goal: at most 2×. With `--repeat N`
each page is measured N times and the least CPU of each side kept (noise only adds).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCANS = ROOT / "fixtures" / "scans"
GOAL = 2.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_page_pass_cpu(pixels, folder: Path) -> float:
    """CPU seconds of `tesseract page.png - --psm 3 -l vie` on the page's pixels."""
    import cv2

    path = folder / "page.png"
    cv2.imwrite(str(path), pixels)
    before = children_cpu()
    subprocess.run(["tesseract", str(path), "-", "--psm", "3", "-l", "vie"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return children_cpu() - before


def our_read_cpu(page, number: int) -> tuple[float, int]:
    """CPU seconds (ours and our Tesseracts') of reading one scanned page, and its table rows."""
    from cchc_audit.extract.scan.image import page_image
    from cchc_audit.extract.scan.ocr import read_scanned_page
    from cchc_audit.extract.scan.pages import scanned_page_tables

    before_own, before_children = time.process_time(), children_cpu()
    image = page_image(page)
    grids, _ = scanned_page_tables(image, read_scanned_page(image, number))
    spent = time.process_time() - before_own + children_cpu() - before_children
    return spent, sum(len(g.rows) for g in grids)


def table_pages(path: Path) -> list[int]:
    """The pages of a scanned PDF that hold a ruled table (found as the reader finds them)."""
    import pypdfium2

    from cchc_audit.extract.scan.grid import find_grids
    from cchc_audit.extract.scan.image import page_image

    document = pypdfium2.PdfDocument(str(path))
    try:
        out = []
        for index in range(len(document)):
            image = page_image(document[index])
            if find_grids(image.pixels, image.dpi):
                out.append(index + 1)
        return out
    finally:
        document.close()


def measure_page(path: Path, number: int, repeat: int, folder: Path) -> tuple[float, float, int]:
    """(whole-page pass CPU, our read's CPU, table rows read) for one page, least of `repeat`."""
    import pypdfium2

    from cchc_audit.extract.scan.image import render_page, scan_dpi

    document = pypdfium2.PdfDocument(str(path))
    try:
        reference, ours, rows = [], [], 0
        for _ in range(repeat):
            page = document[number - 1]
            pixels, _ = render_page(page, scan_dpi(page))
            reference.append(whole_page_pass_cpu(pixels, folder))
            spent, rows = our_read_cpu(page, number)
            ours.append(spent)
            page.close()
        return min(reference), min(ours), rows
    finally:
        document.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", metavar="SLUG", help="only these scans")
    parser.add_argument("--repeat", type=int, default=1, help="measure each page N times, keep the least")
    args = parser.parse_args(argv)
    import cv2
    import pytesseract  # noqa: F401  (imported before measuring: imports are not a page's cost)

    import cchc_audit.extract.layout.engine  # noqa: F401

    cv2.setNumThreads(1)
    ratios = []
    print(f"{'page':<46} {'tesseract':>9} {'ours':>7} {'ratio':>6}  rows")
    with tempfile.TemporaryDirectory(prefix="cchc-cost-") as scratch:
        for path in sorted(SCANS.glob("*.pdf")):
            if args.only and path.stem not in args.only:
                continue
            for number in table_pages(path):
                reference, ours, rows = measure_page(path, number, args.repeat, Path(scratch))
                ratios.append(ours / reference)
                print(f"{path.stem + ' p.' + str(number):<46} {reference:8.2f}s {ours:6.2f}s {ours / reference:5.2f}x  {rows}",
                      flush=True)
    if ratios:
        median = statistics.median(ratios)
        verdict = "goal met" if median <= GOAL else f"goal {GOAL}x not met"
        print(f"\nmedian ratio over {len(ratios)} table pages: {median:.2f}x ({verdict}); "
              f"worst {max(ratios):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
