"""Data shapes named once and shared by every stage."""

from __future__ import annotations

from typing import TypeAlias

PageNo: TypeAlias = int
"""A 1-based page number in a PDF."""

LineNo: TypeAlias = int
"""A 1-based line number in a text document."""

BBox: TypeAlias = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, origin at the page's top-left corner."""
