"""Recompute totals, index, ranks and classes with exact decimals; flag what differs."""
