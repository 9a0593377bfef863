"""One Settings object, built once from CLI flags, config or keyword args, passed down.

Each setting has one name everywhere: the CLI flag is ``--max-bytes`` for
``Settings.max_bytes``, the environment variable ``SAYSO_MAX_BYTES``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

from .errors import Errors, SaysoError


@dataclass(frozen=True)
class Settings:
    # ingestion
    encoding: str | None = None  # None: UTF-8 (with BOM), else this codec
    max_bytes: int = 10_000_000  # larger inputs are refused (E004)
    max_chars: int = 500_000  # longer texts are refused (E010): ~80,000 words, past any news article
    content_type: str | None = None  # None: sniff; "text" | "html"
    boilerplate: bool = True  # detect boilerplate in plain text
    # fetching URLs
    timeout: float = 15.0  # seconds, connect and each read
    max_redirects: int = 5
    user_agent: str = "sayso/0.1 (+https://example.invalid/sayso)"
    # pipeline
    model: str | None = None  # spaCy pipeline name or path; None: the default English one
    span_tagger: bool = True  # run the learned attribution tagger beside the rules
    statements: bool = True  # split into statements: status, check-worthiness, markers
    techniques: bool = True  # find persuasion-technique spans
    batch_size: int = 64  # articles per batch: larger batches are faster
    max_batch_tokens: int = 3000  # tokens per tok2vec call: bounds peak memory whatever the batch
    n_process: int = 1
    # outlets and ratings
    outlets_file: str | None = None  # the user's own outlet registry (TSV), read before the built-in one
    home: str | None = None  # sayso's data directory (ratings store); None: $XDG_DATA_HOME/sayso

    def replace(self, **changes) -> "Settings":
        return replace(self, **changes).validated()

    def validated(self) -> "Settings":
        for f in fields(self):  # a keyword argument of the wrong type gets E040, not a TypeError
            value = getattr(self, f.name)
            kind = {"int": int, "float": (int, float), "bool": bool}.get(str(f.type))
            if kind is not None and (not isinstance(value, kind) or (kind is not bool and isinstance(value, bool))):
                raise SaysoError(Errors.E040, name=f.name, value=value, reason=f"must be {f.type}")
        for name, ok, why in (
            ("max_bytes", self.max_bytes > 0, "must be positive"),
            ("max_chars", self.max_chars > 0, "must be positive"),
            ("timeout", self.timeout > 0, "must be positive"),
            ("max_redirects", self.max_redirects >= 0, "must be zero or more"),
            ("batch_size", self.batch_size > 0, "must be positive"),
            ("max_batch_tokens", self.max_batch_tokens > 0, "must be positive"),
            ("n_process", self.n_process > 0, "must be positive"),
            ("content_type", self.content_type in (None, "text", "html"), "must be 'text' or 'html'"),
        ):
            if not ok:
                raise SaysoError(Errors.E040, name=name, value=getattr(self, name), reason=why)
        return self

    @classmethod
    def from_env(cls, environ=None, **overrides) -> "Settings":
        """Defaults, then ``SAYSO_<NAME>`` environment variables, then ``overrides``."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f"SAYSO_{f.name.upper()}")
            if raw is None:
                continue
            try:
                values[f.name] = _coerce(f.type, raw)
            except ValueError:
                raise SaysoError(Errors.E040, name=f.name, value=raw, reason="not a valid value") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).validated()


def _coerce(type_name, raw: str):
    t = str(type_name)
    if t.startswith("bool"):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(raw)
    if t.startswith("int"):
        return int(raw)
    if t.startswith("float"):
        return float(raw)
    return raw
