"""tests/law needs no Django: the engine is pure Python (DESIGN, Layout)."""
