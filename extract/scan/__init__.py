"""The scan front end: page images cleaned and read by Tesseract."""
