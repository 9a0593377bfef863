"""Readers for the rating lists a user can import: each file → one rater's rows.

Every reader returns a ``RatingList``; domains are normalised with ``outlets.domains`` (the
key ratings are stored and looked up under). A malformed file raises E070 with the reason.

Formats:

* ``lin2023`` — Lin et al. (2023) aggregate, ``domain,pc1``. The released values are imputed
  for every domain, including those no underlying rater covered. Coverage comes from the
  per-rater matrix ``data_domain_ratings.csv`` (the same file, or found beside it, or named
  with ``coverage=``): there observed ratings have at most four decimals (fractions of small
  scales) while imputed ones carry full float precision; a domain counts as covered when at
  least one rater column (``misinfome_bin`` aside: a 0/1 flag cannot tell) holds an observed
  value. Without the matrix, coverage is stored as unknown, never as covered.
* ``mbfc`` — a Media Bias/Fact Check scrape with ``domain`` and ``factual_reporting`` /
  ``bias_rating`` / ``credibility_rating`` columns: one row per domain and scale. Rows whose
  ``source`` URL points into a section of a site ("whitehouse.gov/1600daily") rate that
  section, not the domain, and are skipped.
* ``opensources`` — OpenSources ``sources.csv`` or ``sources.json``: the tags given a domain.
* ``iffy`` — an Iffy+ snapshot: one site per line ("https://www.example.com/*"); each listed
  domain is rated "listed". A date in the file name ("2024-08-01__iffy_list.txt") is its as-of.
* ``csv`` — any CSV with a domain column and a value column (names chosen with
  ``domain_column=`` / ``value_column=``; defaults ``domain`` or ``url``, and ``value``);
  optional ``scale``, ``covered`` and ``as_of`` columns. Several rows for one domain keep all
  their distinct values, joined with "; ".
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import Errors, SaysoError
from ..outlets import domains as _domains

FORMATS = ("lin2023", "mbfc", "opensources", "iffy", "csv")
_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2}|\d{4}-\d{2})(?!\d)")
_LIN_SCALE = "pc1: 0 (lowest quality) to 1 (highest)"
_LIN_SKIP = {"domain", "pc1", "misinfome_bin"}
_MBFC_SCALES = (
    ("factual_reporting", "factual reporting: very high, high, mostly factual, mixed, low, very low"),
    ("bias_rating", "bias: left … least biased … right; conspiracy-pseudoscience, satire, pro-science"),
    ("credibility_rating", "credibility: high, medium, low"),
)
_OPENSOURCES_SCALE = ("tags: fake, satire, bias, conspiracy, rumor, state, junksci, hate, clickbait, "
                      "unreliable, political, reliable")
_IFFY_SCALE = "listed on Iffy+ (sites MBFC rates low or very low in factual reporting; older snapshots also mixed)"


@dataclass(slots=True)
class Row:
    domain: str
    scale: str
    value: float | str
    covered: bool | None = True
    as_of: str | None = None


@dataclass
class RatingList:
    """One rater's rows from one file, with what was skipped and why."""

    rater: str
    format: str
    rows: list[Row]
    as_of: str | None = None
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    @property
    def scales(self) -> list[str]:
        return list(dict.fromkeys(r.scale for r in self.rows))


def _bad(path: Path, reason: str) -> SaysoError:
    return SaysoError(Errors.E070, path=str(path), reason=reason)


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaysoError(Errors.E005, what=str(path)) from None
    except IsADirectoryError:
        raise SaysoError(Errors.E006, what=str(path), reason="it is a directory") from None
    except OSError as exc:
        raise SaysoError(Errors.E006, what=str(path), reason=exc.strerror or str(exc)) from None
    if b"\x00" in raw[:4096]:
        raise _bad(path, "it is a binary file, not a text rating list")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _bad(path, "it is not UTF-8 text") from None


def _csv(path: Path, text: str) -> tuple[list[str], list[dict]]:
    """Header and rows; unnamed columns are called "_1", "_2", … by position (OpenSources'
    first column, the domain, has no name)."""
    try:
        table = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise _bad(path, f"not valid CSV ({exc})") from None
    if not table:
        return [], []
    header = [h.strip() or f"_{i + 1}" for i, h in enumerate(table[0])]
    rows = [{h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)} for row in table[1:] if any(c.strip() for c in row)]
    return header, rows


def _need(path: Path, header: list[str], *names: str) -> None:
    missing = [n for n in names if n not in header]
    if missing:
        raise _bad(path, f"no {', '.join(missing)} column (columns: {', '.join(header[:8]) or 'none'})")


def _date_in_name(path: Path) -> str | None:
    m = _DATE.search(path.name)
    return m.group(1) if m else None


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


class _Rows:
    """Collects rows keyed by (domain, scale); keeps a bare-domain row over a "www." one."""

    def __init__(self):
        self.rows: dict[tuple[str, str], Row] = {}
        self.exact: set[tuple[str, str]] = set()
        self.skipped: Counter = Counter()

    def add(self, raw_domain: str, scale: str, value, covered=True, as_of=None, merge: bool = False) -> None:
        host = _domains.host_of(raw_domain)
        key = _domains.normalise(raw_domain) if host else None
        if key is None:
            self.skipped["not a domain"] += 1
            return
        if value is None or value == "":
            self.skipped["no value"] += 1
            return
        k = (key, scale)
        exact = host == key
        if k in self.rows:
            old = self.rows[k]
            if merge:
                values = [v for v in str(old.value).split("; ") if v]
                if str(value) not in values:
                    old.value = "; ".join(values + [str(value)])
                return
            if exact and k not in self.exact:
                self.rows[k] = Row(key, scale, value, covered, as_of)
                self.exact.add(k)
            self.skipped["same domain listed again"] += 1
            return
        self.rows[k] = Row(key, scale, value, covered, as_of)
        if exact:
            self.exact.add(k)

    def result(self) -> list[Row]:
        return sorted(self.rows.values(), key=lambda r: (r.domain, r.scale))


# --------------------------------------------------------------------------- formats


def _observed(value: str) -> bool:
    """An observed rating in Lin et al.'s matrix: at most four decimals (imputed values have ~15)."""
    if _number(value) is None:
        return False
    return len(value.partition(".")[2]) <= 4


def _lin_coverage(path: Path, coverage: Path | None) -> tuple[dict[str, bool] | None, str | None]:
    candidates = [coverage] if coverage else [path.with_name("data_domain_ratings.csv"), path.with_name("domain_ratings.csv")]
    for c in candidates:
        if c is None or not c.is_file() or c.resolve() == path.resolve():
            continue
        header, rows = _csv(c, read_text(c))
        _need(c, header, "domain")
        raters = [h for h in header if h not in _LIN_SKIP]
        if not raters:
            raise _bad(c, "it holds no per-rater columns to tell covered domains from imputed ones")
        return {r["domain"].lower(): any(_observed(r.get(h, "")) for h in raters) for r in rows}, str(c)
    if coverage:
        raise SaysoError(Errors.E005, what=str(coverage))
    return None, None


def read_lin2023(path: Path, text: str, coverage: Path | None = None) -> RatingList:
    header, rows = _csv(path, text)
    _need(path, header, "domain", "pc1")
    notes = []
    raters = [h for h in header if h not in _LIN_SKIP]
    if raters:  # the per-rater matrix itself: coverage from its own columns
        covered = {r["domain"].lower(): any(_observed(r.get(h, "")) for h in raters) for r in rows}
        notes.append("coverage from this file's per-rater columns")
    else:
        covered, source = _lin_coverage(path, coverage)
        notes.append(f"coverage from {source}" if source else
                     "no per-rater matrix (data_domain_ratings.csv) found: coverage stored as unknown")
    out = _Rows()
    for r in rows:
        value = _number(r.get("pc1", ""))
        if value is None:
            out.skipped["pc1 is not a number"] += 1
            continue
        if "/" in r["domain"]:
            out.skipped["rates a section of a site (has a path)"] += 1
            continue
        cov = None if covered is None else covered.get(r["domain"].lower(), False)
        out.add(r["domain"], _LIN_SCALE, round(value, 4), cov)
    return RatingList("lin2023", "lin2023", out.result(), "2023", out.skipped, notes)


_LANG_PATH = re.compile(r"^/?([a-z]{2}(-[a-z]{2})?)?/?$", re.I)


def read_mbfc(path: Path, text: str) -> RatingList:
    header, rows = _csv(path, text)
    _need(path, header, "domain")
    scales = [(c, s) for c, s in _MBFC_SCALES if c in header]
    if not scales:
        raise _bad(path, "no factual_reporting, bias_rating or credibility_rating column")
    out = _Rows()
    for r in rows:
        source = r.get("source", "")
        try:
            section = bool(source) and not _LANG_PATH.match(urlsplit(source).path or "/")
        except ValueError:
            section = False
        if section:
            out.skipped["rates a section of a site (has a path)"] += 1
            continue
        for column, scale in scales:
            value = " ".join(r.get(column, "").split())
            if value:
                out.add(r["domain"], scale, value)
    return RatingList("mbfc", "mbfc", out.result(), None, out.skipped)


def read_opensources(path: Path, text: str) -> RatingList:
    out = _Rows()
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _bad(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise _bad(path, "expected an object mapping each domain to its tags")
        items = [(d, [v.get("type"), v.get("2nd type"), v.get("3rd type")]) for d, v in data.items()]
    else:
        header, rows = _csv(path, text)
        _need(path, header, "type")
        first = header[0] if header else ""
        items = [(r.get(first, ""), [r.get("type"), r.get("2nd type"), r.get("3rd type")]) for r in rows]
    for domain, tags in items:
        tags = [" ".join(str(t).split()).lower() for t in tags if t and str(t).strip()]
        out.add(domain, _OPENSOURCES_SCALE, ", ".join(dict.fromkeys(tags)))
    return RatingList("opensources", "opensources", out.result(), None, out.skipped)


def read_iffy(path: Path, text: str) -> RatingList:
    out = _Rows()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if lines and "," in lines[0] and "domain" in lines[0].lower():  # the CSV export
        header, rows = _csv(path, text)
        col = next(h for h in header if h.lower() == "domain")
        lines = [r.get(col, "") for r in rows]
    for ln in lines:
        if " " in ln or "\t" in ln:
            raise _bad(path, f"line {ln[:40]!r} is not a site (one URL or domain per line)")
        out.add(ln.replace("*", ""), _IFFY_SCALE, "listed")
    return RatingList("iffy", "iffy", out.result(), _date_in_name(path), out.skipped)


def read_csv(path: Path, text: str, domain_column: str | None = None, value_column: str | None = None,
             scale: str | None = None) -> RatingList:
    header, rows = _csv(path, text)
    lower = {h.lower(): h for h in header}
    dcol = domain_column or lower.get("domain") or lower.get("url") or lower.get("site")
    vcol = value_column or lower.get("value")
    if not dcol or not vcol:
        raise _bad(path, "need a domain column and a value column (name them with --domain-column and --value-column)")
    _need(path, header, dcol, vcol)
    out = _Rows()
    for r in rows:
        value = r.get(vcol, "")
        number = _number(value)
        cov = r.get(lower.get("covered", ""), "") if "covered" in lower else ""
        covered = {"": True, "1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}.get(cov.lower())
        if covered is None:
            out.skipped["covered is not true/false"] += 1
            continue
        as_of = r.get(lower["as_of"], "") if "as_of" in lower else ""
        row_scale = (r.get(lower["scale"], "") if "scale" in lower else "") or scale or vcol
        out.add(r.get(dcol, ""), row_scale, number if number is not None else value, covered, as_of or None, merge=True)
    return RatingList(path.stem, "csv", out.result(), _date_in_name(path), out.skipped)


def read(path: str | Path, fmt: str, *, rater: str | None = None, as_of: str | None = None,
         coverage: str | Path | None = None, domain_column: str | None = None,
         value_column: str | None = None, scale: str | None = None) -> RatingList:
    """Read one rating list. ``rater`` and ``as_of`` override the format's defaults."""
    path = Path(path)
    if fmt not in FORMATS:
        raise _bad(path, f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    text = read_text(path)
    if not text.strip():
        raise _bad(path, "it is empty")
    if fmt == "lin2023":
        result = read_lin2023(path, text, Path(coverage) if coverage else None)
    elif fmt == "mbfc":
        result = read_mbfc(path, text)
    elif fmt == "opensources":
        result = read_opensources(path, text)
    elif fmt == "iffy":
        result = read_iffy(path, text)
    else:
        result = read_csv(path, text, domain_column, value_column, scale)
    if not result.rows:
        raise _bad(path, f"no rows with a domain and a value were found for format {fmt}")
    if rater:
        result.rater = rater
    if not re.fullmatch(r"[\w.-]{1,64}", result.rater):
        raise _bad(path, f"rater name {result.rater!r} must be 1-64 letters, digits, '_', '-' or '.' (use --rater)")
    if as_of:
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", as_of):
            raise _bad(path, f"as-of date {as_of!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        result.as_of = as_of
    for row in result.rows:
        row.as_of = row.as_of or result.as_of
    return result
