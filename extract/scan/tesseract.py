"""Tesseract, run as a program: is it here, and the words it reads in a batch of images.

Each call starts one Tesseract process for a whole list of images (a page, or every cell of
a pass), single-threaded, so a page costs a few processes, not hundreds; every word comes
back with its box, its confidence (0–100) and the line Tesseract put it on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from cchc_audit.extract.source import SourceError

LANGUAGE = "vie"
DIGITS_LANGUAGE = "eng"  # Tesseract's English model reads digits and commas better than its Vietnamese one
TIMEOUT = 180  # seconds for one Tesseract process (all the images of one batch)
IMAGE_SUFFIX = ".pgm"  # images only pass to Tesseract: uncompressed gray, ten times quicker to write than PNG


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in the image read
    line: tuple[int, int, int]  # (block, paragraph, line) as Tesseract numbered it


def tesseract_problem() -> str | None:
    """Why scans cannot be read here (in English), or None when Tesseract and Vietnamese are installed."""
    binary = shutil.which("tesseract")
    if binary is None:
        return "the tesseract program is not installed (Debian: tesseract-ocr tesseract-ocr-vie)"
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "the tesseract program cannot be run"
    if not {LANGUAGE, DIGITS_LANGUAGE} <= set(listed.stdout.split()):
        return "Tesseract has no Vietnamese model (Debian: tesseract-ocr-vie)"
    return None


def read_images(images: Sequence[np.ndarray], psm: int, whitelist: str | None = None,
                lang: str = LANGUAGE) -> list[list[OcrWord]]:
    """The words Tesseract reads in each image, all images in one process."""
    if not images:
        return []
    import pytesseract

    config = f"--psm {psm} -c preserve_interword_spaces=0"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as folder:
        paths = []
        for index, image in enumerate(images):
            path = Path(folder) / f"{index:04d}{IMAGE_SUFFIX}"
            cv2.imwrite(str(path), image)
            paths.append(str(path))
        listing = Path(folder) / "images.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        environment = {"OMP_THREAD_LIMIT": "1"}
        previous = {key: os.environ.get(key) for key in environment}
        os.environ.update(environment)
        try:
            data = pytesseract.image_to_data(
                str(listing), lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=TIMEOUT
            )
        except RuntimeError as error:  # pytesseract's timeout
            raise SourceError(f"OCR quá thời gian ({error})", f"OCR timed out ({error})") from None
        except pytesseract.TesseractError as error:
            raise SourceError(f"Tesseract lỗi: {error.message}", f"Tesseract failed: {error.message}") from None
        finally:
            for key, value in previous.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    words: list[list[OcrWord]] = [[] for _ in images]
    for i, text in enumerate(data["text"]):
        page = int(data["page_num"][i]) - 1
        confidence = float(data["conf"][i])
        if not text.strip() or confidence < 0 or not 0 <= page < len(images):
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        box = (left, top, left + int(data["width"][i]), top + int(data["height"][i]))
        line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words[page].append(OcrWord(text.strip(), confidence, box, line))
    return words
