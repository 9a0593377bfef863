"""The outlet registry: news outlets by name, alias and domain.

The built-in registry is ``data/*.tsv`` (written for sayso: facts only). A user's own file in
the same format is read first, so its rows win over built-in ones with the same id. Columns::

    id  name  kind  country  funding  domains  aliases

``domains`` is a comma-separated list, the primary domain first. ``aliases`` is ``|``-separated;
each alias is a way articles name the outlet, optionally flagged:

* no flag: safe anywhere ("WSJ", "Wall Street Journal");
* ``?``: only as the name of a source, or once the article tied it ("The Hill", "Time");
* ``~``: only once the article tied it — the outlet is named before, or is the article's own
  ("the Journal", "the Times").

The name itself counts as an unflagged alias unless an alias with the same key carries a flag.
A form written with "The" needs the article in running text ("The Guardian"); a multi-word
form also matches without it.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import Errors, SaysoError
from . import domains as _domains

KINDS = ("newspaper", "broadcaster", "state-controlled media", "news agency", "digital native", "magazine",
         "blog", "aggregator")
FUNDING = ("state", "public")
COLUMNS = ("id", "name", "kind", "country", "funding", "domains", "aliases")

STRONG, SPEAKER, TIED = 3, 2, 1  # how much context a form needs before it names the outlet
_FLAGS = {"?": SPEAKER, "~": TIED}
_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")


@dataclass(frozen=True, slots=True)
class Outlet:
    id: str
    name: str
    kind: str
    country: str | None
    funding: str | None
    domains: tuple[str, ...]
    aliases: tuple[str, ...]  # as written in the file, flags included

    @property
    def domain(self) -> str | None:
        return self.domains[0] if self.domains else None


@dataclass(frozen=True, slots=True)
class Form:
    """One way of writing an outlet's name, with how much context it needs."""

    outlet: Outlet
    text: str  # as written, without flag or leading "The"
    article: bool  # written with "The": running text needs the article
    strength: int


def name_key(text: str) -> str:
    """Lookup key of a name: accents, case, a leading "the", possessive "'s", dots, hyphens and
    "&" folded, so "The Washington Post's" and "washington post" meet."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("’", "'").replace("‘", "'").strip()
    s = re.sub(r"'s?$", "", s)
    s = s.replace("&", " and ")
    s = re.sub(r"\.(?=\w)|(?<=\w)\.", "", s)
    s = re.sub(r"[-–—/_]", " ", s)
    s = re.sub(r"[^\w\s+]", "", s)
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def _split_the(form: str) -> tuple[str, bool]:
    return (form[4:].strip(), True) if form[:4] in ("The ", "the ") else (form, False)


def _domain_list(raw: str, where: str) -> tuple[str, ...]:
    out = []
    for d in filter(None, (x.strip() for x in raw.split(","))):
        key = _domains.normalise(d) if "." in d else None
        host = _domains.host_of(d)
        if key is None or host is None:
            raise SaysoError(Errors.E077, where=where, reason=f"{d!r} is not a domain")
        # keep a host that names a section of a portal ("news.yahoo.com"), minus "www."
        out.append(_domains.candidates(host)[0])
    return tuple(dict.fromkeys(out))


def parse(text: str, origin: str = "registry") -> list[Outlet]:
    """Outlets from the text of one registry file (TSV with a header; ``#`` lines are comments).
    Raises E077 naming the line on a malformed row."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return []
    header = [h.strip().lower() for h in lines[0].split("\t")]
    missing = [c for c in ("id", "name", "kind") if c not in header]
    if missing:
        raise SaysoError(Errors.E077, where=f"{origin}, header", reason="missing column(s) " + ", ".join(missing))
    out = []
    reader = csv.reader(io.StringIO("\n".join(lines[1:])), delimiter="\t", quoting=csv.QUOTE_NONE)
    for n, row in enumerate(reader, 2):
        where = f"{origin}, row {n}"
        rec = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        rec = {k: ("" if v == "-" else v) for k, v in rec.items()}
        if not _ID.fullmatch(rec["id"]):
            raise SaysoError(Errors.E077, where=where, reason=f"id {rec['id']!r} must be lower-case letters, digits, '_', '-' or '.'")
        if not rec["name"]:
            raise SaysoError(Errors.E077, where=where, reason="the name is empty")
        if rec["kind"] not in KINDS:
            raise SaysoError(Errors.E077, where=where, reason=f"kind {rec['kind']!r} is not one of {', '.join(KINDS)}")
        funding = rec.get("funding") or None
        if funding not in (None, *FUNDING):
            raise SaysoError(Errors.E077, where=where, reason=f"funding {funding!r} is not 'state', 'public' or empty")
        country = (rec.get("country") or "").upper() or None
        if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
            raise SaysoError(Errors.E077, where=where, reason=f"country {country!r} is not a two-letter code")
        aliases = tuple(a.strip() for a in (rec.get("aliases") or "").split("|") if a.strip())
        out.append(Outlet(rec["id"], rec["name"], rec["kind"], country, funding,
                          _domain_list(rec.get("domains") or "", where), aliases))
    return out


def _forms(outlet: Outlet) -> list[Form]:
    flagged: dict[str, int] = {}
    forms: list[Form] = []
    for raw in outlet.aliases:
        strength = _FLAGS.get(raw[0], STRONG)
        text, article = _split_the(raw.lstrip("?~").strip())
        if not text:
            continue
        if strength != STRONG:
            key = name_key(text)
            flagged[key] = min(flagged.get(key, STRONG), strength)
        forms.append(Form(outlet, text, article, strength))
    name, article = _split_the(outlet.name)
    forms.insert(0, Form(outlet, name, article, flagged.get(name_key(name), STRONG)))
    extra = []
    for f in forms:
        # "The Wall Street Journal" is also written "a Wall Street Journal report"
        if f.article and f.strength == STRONG and len(f.text.split()) > 1:
            extra.append(Form(outlet, f.text, False, STRONG))
    return forms + extra


class Registry:
    """Outlets indexed by name key and by domain. Build with ``Registry.load``."""

    def __init__(self, outlets: list[Outlet]):
        self.outlets: dict[str, Outlet] = {}
        for o in outlets:
            self.outlets.setdefault(o.id, o)  # the first file read wins (the user's)
        self.forms: list[Form] = []
        self.by_key: dict[str, list[Form]] = {}
        self.by_domain: dict[str, Outlet] = {}
        for o in self.outlets.values():
            for f in _forms(o):
                self.forms.append(f)
                self.by_key.setdefault(name_key(f.text), []).append(f)
            for d in o.domains:
                self.by_domain.setdefault(d, o)

    @classmethod
    def load(cls, extra: str | Path | None = None) -> "Registry":
        """The built-in registry, with the rows of the user's file ``extra`` first."""
        outlets = []
        if extra:
            path = Path(extra)
            try:
                text = path.read_text("utf-8")
            except FileNotFoundError:
                raise SaysoError(Errors.E005, what=str(path)) from None
            except (OSError, UnicodeDecodeError) as exc:
                raise SaysoError(Errors.E006, what=str(path), reason=getattr(exc, "strerror", None) or str(exc)) from None
            outlets += parse(text, str(path))
        return cls(outlets + list(builtin()))

    def __len__(self) -> int:
        return len(self.outlets)

    def lookup(self, name: str) -> list[tuple[Outlet, int]]:
        """Outlets a name may denote, in file order, each with how much context the name needs:
        the weakest of the outlet's forms with this key ("TIME" and "?Time": speaker-only)."""
        best: dict[str, tuple[Outlet, int]] = {}
        for f in self.by_key.get(name_key(name), ()):
            have = best.get(f.outlet.id)
            if have is None or f.strength < have[1]:
                best[f.outlet.id] = (f.outlet, f.strength)
        return list(best.values())

    def by_url(self, url: str) -> Outlet | None:
        """The outlet a URL, host or domain belongs to ("edition.cnn.com" → CNN)."""
        for key in _domains.candidates(url):
            if key in self.by_domain:
                return self.by_domain[key]
        return None


@lru_cache(maxsize=1)
def builtin() -> tuple[Outlet, ...]:
    """The outlets that ship with sayso (``outlets/data/*.tsv``, in file-name order)."""
    out: list[Outlet] = []
    folder = resources.files("sayso.outlets").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".tsv"):
            out += parse(entry.read_text("utf-8"), f"sayso/outlets/data/{entry.name}")
    return tuple(out)
