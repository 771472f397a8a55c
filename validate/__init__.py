"""Check a table's structure and ranges with pandera schemas built from its header."""
