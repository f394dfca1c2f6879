"""Texts of the condense step's panels, in both languages (merged into the catalogs)."""

EN: dict[str, str] = {}

FI: dict[str, str] = {}
