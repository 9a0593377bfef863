"""sayso's spaCy pipeline components. Importing this package registers their factories."""
from .extensions import setup_extensions

__all__ = ["setup_extensions"]
