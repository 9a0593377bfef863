"""sayso's local store: data the user imports (rating lists)."""
