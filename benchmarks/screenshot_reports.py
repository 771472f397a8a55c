"""Render HTML reports and photograph them with headless Chromium.

    python benchmarks/screenshot_reports.py [--out DIR] [--lang vi|en] [--docs DIR]

Writes `seed.html` and `seed.png` (the bundled seed decision) into DIR (default
`build/screenshots`), and the same for each PDF decision in `fixtures/pdf/` once the PDF
reader can audit them (skipped with a message otherwise). With `--docs DIR`, also a small
palette PNG of the seed report's first screen for the README (`DIR/report-seed.png`).
Needs `chromium` (Debian: `apt-get install chromium`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "fixtures" / "seed" / "000_c0db76a65c12b58c.txt"
PDFS = ROOT / "fixtures" / "pdf"
WIDTH, HEIGHT = 1400, 1800


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(browser: str, page: Path, png: Path, width: int = WIDTH, height: int = HEIGHT) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}", "--hide-scrollbars",
                f"--screenshot={png}", f"--window-size={width},{height}", page.resolve().as_uri(),
            ],
            check=True, capture_output=True, timeout=120,
        )


def write_report(source: Path, out: Path, lang: str) -> Path | None:
    """Audit `source` and write its HTML report; None when it cannot be audited."""
    from cchc_audit.flows.cli import render_html
    from cchc_audit.flows.pipeline import audit_source

    report = audit_source(str(source.relative_to(ROOT)))  # the report names the file as the project does
    if report.status != "ok":
        print(f"skipped {source.name}: {report.error('en')}")
        return None
    page = out / f"{source.stem}.html"
    page.write_text(render_html(report, lang), encoding="utf-8")
    return page


def small_copy(png: Path, target: Path, height: int = 1150) -> None:
    """The first screen of a screenshot as a 256-colour PNG, small enough for a README."""
    from PIL import Image

    with Image.open(png) as image:
        top = image.crop((0, 0, image.width, min(height, image.height))).convert("RGB")
        top.quantize(colors=256).save(target, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "screenshots"), help="output directory")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--docs", metavar="DIR", help="also write DIR/report-seed.png for the README")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    browser = chromium()
    if browser is None:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 1
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    sources = [SEED]
    pdfs = sorted(PDFS.glob("*.pdf")) if PDFS.is_dir() else []
    if not pdfs:
        print(f"no PDF decision in {PDFS.relative_to(ROOT)}: PDF report skipped")
    sources += pdfs
    for source in sources:
        page = write_report(source, out, args.lang)
        if page is None:
            continue
        png = page.with_suffix(".png")
        screenshot(browser, page, png)
        print(f"{png}  ({png.stat().st_size // 1024} KiB)")
        if source == SEED and args.docs:
            target = Path(args.docs) / "report-seed.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            small_copy(png, target)
            print(f"{target}  ({target.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
