"""The layout engine: positioned words on a page (from a PDF's text layer or from OCR) →
text lines and tables."""
