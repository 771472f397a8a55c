"""Read published decisions: sources, text, tables, numbers and header roles."""
