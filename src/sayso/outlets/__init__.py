"""News outlets: the registry sayso ships (names, aliases, domains, kinds) and how an article's
mentions and sources resolve to them. Ratings are not here: users import them (``sayso.store``)."""
from .registry import KINDS, Outlet, Registry

__all__ = ["KINDS", "Outlet", "Registry"]
