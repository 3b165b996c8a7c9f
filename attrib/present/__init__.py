"""Presenting claims: terminal tables, bidirectional text, the annotated HTML page, exports."""
