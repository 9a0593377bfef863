"""The local ratings store: rating lists the user imported, in one SQLite file.

It lives in sayso's data directory: ``Settings.home`` (``SAYSO_HOME``), else
``$XDG_DATA_HOME/sayso``, else ``~/.local/share/sayso``. Importing replaces a rater's rows in
one transaction; importing the same file with the same options again changes nothing (not even
the import time). The Analyzer opens the store read-only, once; no store means no ratings.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from ..errors import Errors, SaysoError
from ..outlets import domains as _domains
from .formats import RatingList

FILENAME = "ratings.sqlite3"
VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS raters (
    rater TEXT PRIMARY KEY,
    format TEXT NOT NULL,
    scales TEXT NOT NULL,          -- JSON list
    file TEXT NOT NULL,
    fingerprint TEXT NOT NULL,     -- sha256 of the file and the import options
    rows INTEGER NOT NULL,
    covered INTEGER NOT NULL,      -- rows the rater actually rated
    as_of TEXT,
    imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ratings (
    rater TEXT NOT NULL REFERENCES raters(rater) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    scale TEXT NOT NULL,
    value,                         -- REAL or TEXT, as the rater gives it
    covered INTEGER,               -- 1 rated, 0 imputed/not rated, NULL unknown
    as_of TEXT,
    PRIMARY KEY (rater, domain, scale)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ratings_by_domain ON ratings (domain);
"""


def home(settings=None) -> Path:
    """sayso's data directory (not created here)."""
    configured = getattr(settings, "home", None) or os.environ.get("SAYSO_HOME")
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "sayso"


def fingerprint(path: Path, options: dict) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    return h.hexdigest()


class RatingStore:
    """One open store. ``open`` creates it for writing; ``open_readonly`` reads an existing one."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool):
        self.conn, self.path, self.readonly = conn, path, readonly

    @classmethod
    def open(cls, directory: Path) -> "RatingStore":
        path = Path(directory) / FILENAME
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > VERSION:
                raise SaysoError(Errors.E072, path=str(path), reason=f"it has format {version}, newer than this sayso's {VERSION}")
            with conn:
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version = {VERSION}")
        except (sqlite3.Error, OSError) as exc:
            raise SaysoError(Errors.E072, path=str(path), reason=str(exc)) from None
        return cls(conn, path, False)

    @classmethod
    def open_readonly(cls, directory: Path) -> "RatingStore | None":
        """The store in ``directory``, read-only; ``None`` when there is none."""
        path = Path(directory) / FILENAME
        if not path.is_file():
            return None
        try:
            # check_same_thread=False: an Analysis may be serialised on another thread; the
            # connection only ever reads.
            conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, check_same_thread=False)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT 1 FROM ratings LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise SaysoError(Errors.E072, path=str(path), reason=str(exc)) from None
        if version != VERSION:
            conn.close()
            raise SaysoError(Errors.E072, path=str(path), reason=f"it has format {version}, this sayso reads {VERSION}")
        return cls(conn, path, True)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # writing

    def import_list(self, ratings: RatingList, file: Path, fingerprint_: str) -> bool:
        """Replace ``ratings.rater``'s rows with ``ratings``; False when the same file with the
        same options was already imported (nothing changes then)."""
        row = self.conn.execute("SELECT fingerprint FROM raters WHERE rater = ?", (ratings.rater,)).fetchone()
        if row and row[0] == fingerprint_:
            return False
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        covered = sum(1 for r in ratings.rows if r.covered)
        try:
            with self.conn:  # one transaction: a failed import leaves the old rows in place
                self.conn.execute("DELETE FROM ratings WHERE rater = ?", (ratings.rater,))
                self.conn.execute(
                    "INSERT OR REPLACE INTO raters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (ratings.rater, ratings.format, json.dumps(ratings.scales, ensure_ascii=False), str(file),
                     fingerprint_, len(ratings.rows), covered, ratings.as_of, now))
                self.conn.executemany(
                    "INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?)",
                    ((ratings.rater, r.domain, r.scale, r.value, None if r.covered is None else int(r.covered), r.as_of)
                     for r in ratings.rows))
        except sqlite3.Error as exc:
            raise SaysoError(Errors.E072, path=str(self.path), reason=str(exc)) from None
        return True

    def remove(self, rater: str) -> int:
        """Delete a rater and its rows; E071 when it is not loaded."""
        with self.conn:
            n = self.conn.execute("DELETE FROM ratings WHERE rater = ?", (rater,)).rowcount
            gone = self.conn.execute("DELETE FROM raters WHERE rater = ?", (rater,)).rowcount
        if not gone:
            raise SaysoError(Errors.E071, rater=rater)
        return n

    # reading

    def raters(self) -> list[dict]:
        cols = ("rater", "format", "scales", "file", "rows", "covered", "as_of", "imported_at")
        out = []
        for row in self.conn.execute(f"SELECT {', '.join(cols)} FROM raters ORDER BY rater"):
            d = dict(zip(cols, row))
            d["scales"] = json.loads(d["scales"])
            out.append(d)
        return out

    def lookup(self, domains) -> list[dict]:
        """Every loaded rating of the first of ``domains`` (and their parent domains) each rater
        rated: ``[{"rater", "scale", "value", "covered", "as_of", "domain"}]``."""
        keys: list[str] = []
        for d in domains:
            for k in _domains.candidates(d) if d else ():
                if k not in keys:
                    keys.append(k)
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT rater, scale, value, covered, as_of, domain FROM ratings WHERE domain IN ({marks})", keys).fetchall()
        rank = {k: i for i, k in enumerate(keys)}
        best: dict[tuple[str, str], tuple] = {}
        for row in rows:
            k = (row[0], row[1])
            if k not in best or rank[row[5]] < rank[best[k][5]]:
                best[k] = row
        return [
            {"rater": r[0], "scale": r[1], "value": r[2], "covered": None if r[3] is None else bool(r[3]),
             "as_of": r[4], "domain": r[5]}
            for r in sorted(best.values(), key=lambda r: (r[0], r[1]))
        ]
