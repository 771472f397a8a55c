"""The born-digital PDF front end: pdfplumber pages, legacy fonts, the camelot cross-check."""
