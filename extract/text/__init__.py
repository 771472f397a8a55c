"""The plain-text front end: tab- or pipe-separated annex tables."""
