"""Findings and tables as JSON, Markdown, CSV and terminal reports."""
