"""Views of workshops (a package: one module per group of pages)."""
