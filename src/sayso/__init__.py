"""sayso: on whose say-so does each statement in a news article stand?"""
from __future__ import annotations

__version__ = "0.1.0"

from .analyzer import Analyzer, analyze  # noqa: E402
from .analysis import Analysis  # noqa: E402
from .document import Document, Span  # noqa: E402
from .errors import SaysoError  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = ["Analyzer", "Analysis", "Document", "Span", "SaysoError", "Settings", "analyze", "__version__"]
