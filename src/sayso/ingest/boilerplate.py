"""Boilerplate around an article in plain text: marked as spans, never deleted.

Works line by line with anchored regexes, so it is linear in the input. Each rule
matches a whole (short) line, and the rules that could mistake a body line for
boilerplate only apply where boilerplate lives: masthead, title and byline in
the header (the lines before the first paragraph of prose), a bare author bio as
the last paragraph. Being conservative is the point: a missed share prompt costs
little, a body sentence marked as boilerplate is never analysed.

Kinds: header (masthead, tagline, navigation), dateline, byline, image_credit,
author_bio, link_list (a "Recently from …" heading and its items), related (one
"Read more: …" line), share_prompt, newsletter_prompt, comment_prompt,
advertisement, copyright.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from itertools import accumulate, compress

from ..document import Span


@dataclass
class Found:
    """What ``detect`` found: boilerplate spans (``label`` is the kind) and header metadata."""

    spans: list[Span] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date
    site: str | None = None


_LONG = 300  # characters: no boilerplate line is longer (this bounds all regex work)
_NEAR_TOP = 8  # a byline may follow a standfirst: look this many lines past the header
_HEADER_MAX = 60  # lines: no header is longer

# --- dates -----------------------------------------------------------------------------
_MONTHS = {m: i for i, ms in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for m in ms}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
_DATE = (rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
         rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})"
         r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
         r"|(?P<a4>\d{1,2})[/.](?P<b4>\d{1,2})[/.](?P<y4>\d{4}))")
_TIME = r"(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,5}|UTC[+-]?\d{0,2}))?)"
_SEP = r"\s*(?:[,|•·–—-]|\bat\b)?\s*"
_DATE_PREFIX = r"(?P<prefix>(?:first\s+)?published|posted|updated|last\s+updated|modified|last\s+modified|date)?(?:\s+on)?\s*:?\s*"
_DATELINE = re.compile(
    rf"{_DATE_PREFIX}(?:{_TIME}{_SEP})?(?:{_WEEKDAY},?\s+)?{_DATE}(?:{_SEP}{_TIME})?"
    rf"(?:\s*(?:[|•·–—-]\s*)?by\s+(?P<by>.+))?", re.I)
_DATE_ANYWHERE = re.compile(_DATE, re.I)

# --- bylines and names ------------------------------------------------------------------
_BYLINE = re.compile(r"(?:(?:written|words|story|text|posted|reported)\s+)?by\s*:?\s+(?P<names>.+)|author\s*:\s*(?P<names2>.+)", re.I)
_CREDITS = re.compile(r"(?:additional\s+)?(?:reporting|writing|editing|research)\s+by\s+(?P<names>.+)", re.I)
_PARTICLES = {"de", "la", "le", "van", "von", "der", "den", "da", "di", "du", "del", "al", "el", "bin", "ibn", "y", "dos", "das"}
_JOINERS = {"and", "&", ","}
# Capitalised words that start a sentence after "By" ("By Friday, …", "By Contrast").
_NOT_NAMES = {m.capitalize() for m in _MONTHS if m not in ("jan", "may", "june")} | {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Then", "Now", "Far",
    "Contrast", "Comparison", "Law", "Default", "Design", "Night", "Day", "Hand", "Chance", "Mistake",
    "Accident", "Way", "All", "Most", "Some", "Noon", "Midnight", "Tomorrow", "Today", "Tonight",
    "Yesterday", "Christmas", "Easter", "Next", "Last", "This", "That", "These", "Those", "It", "Its",
    "Our", "Their", "His", "Her", "My", "Your", "No", "Any", "One", "Two", "Nature", "Definition",
    "Lunchtime", "Dawn", "Dusk", "Sunset", "Sunrise", "Summer", "Winter", "Spring", "Autumn", "Fall",
}
_NAME_SUFFIX = re.compile(r"\s*(?:[,|•·–—(]|\s-\s|\bin\b|\bfor\b).*$")
_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*|&|,")

# --- whole-line kinds (anywhere in the text) -------------------------------------------
_NETWORK = r"(?:facebook|twitter|x|email|e-mail|mail|whatsapp|linkedin|reddit|pinterest|telegram|print|copy\s+link|tumblr|bluesky|threads|mastodon|messenger|flipboard|pocket|sms)"
_NETWORKS = rf"{_NETWORK}(?:\s*[|,/•·]?\s*{_NETWORK})*"
_PROMPTS = [(kind, re.compile(pattern, re.I)) for kind, pattern in (
    ("share_prompt", rf"share(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|link))?(?:\s+(?:on|via|with))?\s*[:\-–—]?\s*(?:{_NETWORKS})?[.!]?"),
    ("share_prompt", rf"{_NETWORK}(?:\s*[|,/•·]?\s*{_NETWORK})+"),
    ("share_prompt", rf"follow\s+(?:us|me|@\w+)\s+on\s+{_NETWORKS}[.!]?"),
    ("share_prompt", r"(?:tweet|email|print)\s+this(?:\s+(?:article|story|post|page))?[.!]?|copy\s+link|link\s+copied[.!]?"),
    ("newsletter_prompt", r"subscribe(?:\s+(?:now|today|here|for\s+free))?[.!]?|newsletter|sign\s+up(?:\s+(?:now|today|here))?[.!]?"),
    ("newsletter_prompt", r"(?:subscribe|sign\s+up|register)\s+(?:for|to)\s+(?:our|the|my)\s+[\w\s'’-]{0,40}?(?:newsletters?|mailing\s+list|updates|podcast|channel|feed|alerts|digest|briefing|emails?)\b[^.!?]{0,60}[.!]?"),
    ("newsletter_prompt", r"(?:get|receive)\s+(?:our|the)\s+[\w\s'’-]{0,40}?(?:newsletters?|briefing|digest)\b[^.!?]{0,60}[.!]?"),
    ("newsletter_prompt", r"join\s+(?:our|the)\s+(?:mailing\s+list|newsletter)[^.!?]{0,40}[.!]?|enter\s+your\s+e-?mail(?:\s+address)?[^.!?]{0,60}[.!:]?|never\s+miss\s+a\s+(?:story|post|thing|beat)[.!]?"),
    ("comment_prompt", r"(?:leave|post|add|write|submit)\s+(?:a|your)\s+(?:comment|reply)(?:\s+(?:below|here))?[.!:]?|leave\s+a\s+reply[.!:]?"),
    ("comment_prompt", r"join\s+the\s+(?:discussion|conversation|debate)(?:\s+below)?[.!:]?|be\s+the\s+first\s+to\s+comment[.!]?"),
    ("comment_prompt", r"comments?(?:\s*\(\d+\))?:?|\d+\s+(?:comments?|responses?|replies)|(?:show|view|hide|load|read)\s+(?:all\s+)?(?:\d+\s+)?comments"),
    ("comment_prompt", r"comments\s+are\s+(?:closed|moderated|disabled)\b[^.!?]{0,80}[.!]?"),
    ("comment_prompt", r"your\s+e-?mail(?:\s+address)?\s+will\s+not\s+be\s+(?:published|shared|displayed)[.!]?|required\s+fields\s+are\s+marked(?:\s+with\s+an\s+asterisk)?(?:\s*\*)?\.?"),
    ("comment_prompt", r"cancel\s+reply|post\s+comment|submit\s+comment|(?:name|e-?mail|website|comment)\s*\*|save\s+my\s+name,\s+email,\s+and\s+website\s+in\s+this\s+browser\s+for\s+the\s+next\s+time\s+i\s+comment\.?"),
    ("comment_prompt", r"you\s+must\s+be\s+(?:logged|signed)\s+in\s+to\s+(?:post|leave)\s+a\s+comment\.?|log\s+in\s+to\s+(?:comment|reply)[.!]?"),
)]
_CREDIT_WORDS = re.compile(r"(?:additional\s+)?(?:reporting|writing|editing|research)\s+by\s+", re.I)
_SENTENCES = re.compile(r"(?<=[.!?*])\s+")
_LINE_KINDS = [(kind, re.compile(pattern, re.I)) for kind, pattern in (
    ("advertisement", r"advertisements?|ad|sponsored(?:\s+content)?|paid\s+content|promoted(?:\s+content)?|skip\s+advert(?:isement)?"
                      r"|(?:story|article)\s+continues\s+below(?:\s+(?:this\s+)?advertisement)?|advertisement\s*[-–—:]\s*(?:scroll|continue)\b.{0,40}"),
    ("image_credit", r"(?:(?:top|main|header|featured|lead)\s+)?(?:photo(?:graph)?|image|picture|illustration|video|graphic)s?(?:\s+credit)?\s*[:|–—]\s*\S.*"
                     r"|(?:photo|image|picture)\s+(?:by|courtesy\s+of|via)\s+\S.*|credits?\s*:\s*\S.*"
                     r"|.{0,200}\((?:photo|image|picture|credit|illustration)s?(?:\s+credit)?\s*:\s*[^()]{1,100}\)"),
    ("copyright", r"(?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}\b.{0,120}|all\s+rights\s+reserved\.?"),
    ("author_bio", r"(?:about\s+the\s+(?:author|writer)|author\s+bio|the\s+author)\s*[:\-–—]\s*\S.*"),
    ("related", r"(?:related|read\s+more|read\s+next|read\s+also|also\s+read|see\s+also|more\s+on\s+this|watch)\s*:\s*\S.{0,200}"),
)]
_LIST_HEADING = re.compile(
    r"(?:recently\s+(?:from|on|in)\s+[^.!?]{1,60}|more\s+(?:from|on|in|by)\s+[^.!?]{1,60}|related(?:\s+(?:articles|stories|posts|coverage|content|reading|links))?"
    r"|read\s+more|read\s+next|more\s+stories|also\s+read|see\s+also|you\s+(?:may|might)\s+also\s+(?:like|enjoy)"
    r"|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed|shared)|popular\s+(?:posts|stories)|trending(?:\s+now)?"
    r"|further\s+reading|latest\s+(?:news|stories|posts)|keep\s+reading|don['’]t\s+miss|top\s+stories|recent\s+posts|what\s+to\s+read\s+next)\s*:?", re.I)
_ABOUT_HEADING = re.compile(r"about\s+the\s+(?:author|writer)s?\s*:?|author\s+bio\s*:?", re.I)
_BULLET = re.compile(r"(?:[-*•·–—+>]|\d{1,2}[.)])\s+\S")
_BIO = re.compile(r"(?P<name>[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){0,3})\s+(?:is|was)\s+(?:a|an|the)\s+\S.*", re.I)
_BIO_STRONG = re.compile(r"\b(?:who\s+writes\s+(?:about|for|on)|writes\s+about|is\s+the\s+author\s+of|(?:staff|freelance|contributing)\s+(?:writer|journalist|reporter|editor))\b", re.I)
_NAV_SEP = re.compile(r"\s+[|•·»>]\s+")
_QUOTES = "\"'“‘"
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "via"}


_EOL = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines breaks on
# Every whole-line rule in one alternation: one C-level match per short line decides
# whether the line needs a closer look (cheap on millions of lines).
_PROMPT_ANY = "(?:" + "|".join(p.pattern for _, p in _PROMPTS) + ")"
_ANY = re.compile(r"[\ufeff#>*_\s]*(?:" + "|".join(re.sub(r"\(\?P<\w+>", "(?:", p) for p in (
    *(p.pattern for _, p in _LINE_KINDS), _DATELINE.pattern, _CREDITS.pattern, _LIST_HEADING.pattern,
    _ABOUT_HEADING.pattern, rf"{_PROMPT_ANY}(?:(?<=[.!?*])\s+{_PROMPT_ANY})*")) + r")[*_\s]*", re.I)


class _Lines:
    """The text's lines as two flat lists (cheap even for millions of lines)."""

    __slots__ = ("text", "starts", "stripped")

    def __init__(self, text: str):
        raws = text.splitlines(keepends=True)
        self.text = text
        self.starts = list(accumulate(map(len, raws), initial=0))  # one more than there are lines
        self.stripped = list(map(str.strip, raws))  # "" for a blank line

    def __len__(self) -> int:
        return len(self.stripped)

    def end(self, i: int) -> int:
        """Where line ``i`` ends, before its line break."""
        start, stop = self.starts[i], self.starts[i + 1]
        return start + len(self.text[start:stop].rstrip(_EOL))

    def core(self, i: int) -> str:
        """The line without surrounding space, Markdown heading marks or emphasis."""
        s = self.stripped[i]
        return _core(s) if len(s) <= 2 * _LONG else s

    def short(self, i: int) -> bool:
        return 0 < len(self.stripped[i]) <= _LONG


def detect(text: str) -> Found:
    """Find boilerplate spans and header metadata in ``text``."""
    lines = _Lines(text)
    kinds: list[str | None] = [None] * len(lines)
    found = Found()
    _mark_anywhere(lines, kinds)
    top = _header_end(lines, kinds)
    _mark_top(text, lines, kinds, top, found)
    _mark_tail_bio(lines, kinds, found.author)
    found.spans = _spans(lines, kinds)
    return found


def _core(s: str) -> str:
    """``s`` without a BOM, Markdown heading/quote marks or emphasis around it."""
    s = s.strip().lstrip("\ufeff#> \t").strip()
    for mark in ("**", "__", "*", "_"):
        if len(s) > 2 * len(mark) and s.startswith(mark) and s.endswith(mark):
            return s[len(mark):-len(mark)].strip()
    return s


def _mark_anywhere(lines: _Lines, kinds: list[str | None]) -> None:
    """Rules specific enough to trust at any position: prompts, credits, lists, ads, dates."""
    stripped, memo, skip_to = lines.stripped, {}, 0
    for i in compress(range(len(stripped)), stripped):  # the non-blank lines
        s = stripped[i]
        if i < skip_to or len(s) > _LONG or kinds[i] is not None:
            continue
        if (kind := memo.get(s, "")) == "":  # repeated lines (share bars, dates) are classified once
            kind = memo[s] = _classify(lines.core(i)) if _ANY.fullmatch(s) else None
        if kind == "list heading":
            kinds[i] = "link_list"
            skip_to = _mark_list_items(lines, kinds, i + 1)
        elif kind == "about heading":  # "About the author" and the paragraph under it
            kinds[i] = "author_bio"
            j = i + 1
            while j < len(lines) and not stripped[j]:
                j += 1
            while j < len(lines) and stripped[j] and len(stripped[j]) <= 3 * _LONG:
                kinds[j] = "author_bio"
                j += 1
            skip_to = j
        else:
            kinds[i] = kind


def _classify(s: str) -> str | None:
    """The kind of a line on its own, or "list heading" / "about heading" (lines follow)."""
    if _LIST_HEADING.fullmatch(s):
        return "list heading"
    if _ABOUT_HEADING.fullmatch(s):
        return "about heading"
    return _line_kind(s)


def _line_kind(s: str) -> str | None:
    for kind, pattern in _LINE_KINDS:
        if pattern.fullmatch(s):
            return kind
    if (m := _DATELINE.fullmatch(s)) and (m.group("by") is None or _names(m.group("by"))):
        return "dateline"
    if _CREDITS.fullmatch(s) and all(_names(_NAME_SUFFIX.sub("", part)) for part in
                                     re.split(r"\s*;\s*", _CREDIT_WORDS.sub("", s).rstrip("."))):
        return "byline"  # "Reporting by Jane Roe in London; Editing by John Doe"
    return _prompt_kind(s)


def _prompt_kind(s: str) -> str | None:
    """A line made only of prompt sentences ("Leave a comment below. Your email …") → its kind."""
    first = None
    for sentence in _SENTENCES.split(s):
        kind = next((k for k, p in _PROMPTS if p.fullmatch(sentence)), None)
        if kind is None:
            return None
        first = first or kind
    return first


def _mark_list_items(lines: _Lines, kinds: list[str | None], i: int) -> int:
    """The short lines after a list heading; one blank line may come before the first item
    or before a bulleted one. Returns the index after the list."""
    stripped, items = lines.stripped, 0
    while i < len(lines):
        if not stripped[i]:  # a single blank line, then an item that may be separated so
            nxt = i + 1
            if nxt < len(lines) and stripped[nxt] and (items == 0 or _BULLET.match(stripped[nxt])) \
                    and stripped[i - 1]:
                i = nxt
                continue
            break
        if kinds[i] is not None or not _list_item(lines.core(i)):
            break
        kinds[i] = "link_list"
        items += 1
        i += 1
    return i


def _list_item(s: str) -> bool:
    if len(s) > 150:
        return False
    if _BULLET.match(s):
        return True
    return _headline_like(s)


def _words(s: str) -> int:
    return len(s.split())


def _headline_like(s: str) -> bool:
    """Short, starts with a capital/digit/quote, and does not end like a sentence or clause."""
    if not 0 < len(s) <= 160 or not 1 <= _words(s) <= 20 or _BULLET.match(s):
        return False
    first = s[0]
    if not (first.isupper() or first.isdigit() or first in _QUOTES):
        return False
    return not s.endswith((".", ",", ";", ":")) or s.endswith("...")


def _title_case(s: str) -> bool:
    """Every word capitalised but the small ones ("The Coastal Watchdog", "Voice of the Harbour")."""
    return all(w[0].isupper() or w in _SMALL_WORDS for w in s.split())


def _all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _header_end(lines: _Lines, kinds: list[str | None]) -> int:
    """Index of the first line of the body: the first unmarked line that is not headline-like
    (or a byline). A header is short, so at most ``_HEADER_MAX`` lines are looked at."""
    for i in range(min(len(lines), _HEADER_MAX)):
        s = lines.core(i)
        if s and kinds[i] is None and not _headline_like(s) and not (lines.short(i) and _byline(s)):
            return i
    return min(len(lines), _HEADER_MAX)


def _mark_top(text: str, lines: _Lines, kinds: list[str | None], top: int, found: Found) -> None:
    """Bylines, masthead, tagline, navigation and title in the header; the published date."""
    for i in range(min(len(lines), top + _NEAR_TOP)):
        if kinds[i] is None and lines.short(i) and (author := _byline(lines.core(i))):
            kinds[i] = "byline"
            found.author = found.author or author
            found.published = found.published or _date_in(lines.core(i))
        elif kinds[i] == "dateline":
            m = _DATELINE.fullmatch(lines.core(i))
            found.published = found.published or _iso(m)
            if m.group("by") and not found.author:
                found.author = _names(m.group("by"))
    if found.published is None:  # a dateline further down ("Published March 14, 2026" at the end)
        if "dateline" in kinds:
            found.published = _iso(_DATELINE.fullmatch(lines.core(kinds.index("dateline"))))

    candidates = [i for i in range(top) if kinds[i] is None and _headline_like(lines.core(i))]
    for i in candidates:  # "Home | News | Politics | Sport": site navigation
        if len(parts := _NAV_SEP.split(lines.core(i))) >= 3 and all(_words(p) <= 3 for p in parts):
            kinds[i] = "header"
    candidates = [i for i in candidates if kinds[i] is None]
    if not candidates:
        return
    first = candidates[0]
    block = _block(lines, first)  # the lines around ``first`` with no blank line between
    later = [i for i in candidates if i not in block]
    taglines = [i for i in candidates[1:] if i in block]
    # A masthead is a short name on the first line, either ALL CAPS or in Title Case with a
    # tagline under it, and a title follows; alone, it is the title.
    name = lines.core(first)
    titles_after = any(lines.core(i)[0] not in _QUOTES for i in candidates[1:])
    if not any(lines.stripped[:first]) and titles_after and _words(name) <= 6 \
            and (_all_caps(name) or (_title_case(name) and taglines and later)):
        kinds[first] = "header"
        found.site = _site_name(text, lines, first)
        # Taglines: the masthead block's other lines, as long as a title remains after them.
        for i in taglines[: len(taglines) if later else len(taglines) - 1]:
            kinds[i] = "header"
        candidates = [i for i in candidates if kinds[i] is None]
    found.title = next((lines.core(i) for i in candidates if _words(lines.core(i)) >= 2), None)


def _block(lines: _Lines, i: int) -> range:
    """The lines around ``i`` with no blank line between (its paragraph)."""
    start = i
    while start > 0 and lines.stripped[start - 1]:
        start -= 1
    end = i
    while end < len(lines) and lines.stripped[end]:
        end += 1
    return range(start, end)


def _mark_tail_bio(lines: _Lines, kinds: list[str | None], author: str | None) -> None:
    """"X is a … who writes about …" as the last paragraph, after which only boilerplate follows."""
    i = len(lines) - 1
    while i >= 0 and (not lines.stripped[i] or kinds[i] is not None):
        i -= 1
    if i < 0 or not lines.short(i) or (i > 0 and lines.stripped[i - 1] and kinds[i - 1] is None):
        return  # a bio is a one-line paragraph of its own
    m = _BIO.fullmatch(lines.core(i))
    if not m:
        return
    name = m.group("name")
    by_author = author is not None and (name.lower() in ("he", "she", "they")
                                        or any(t in author.split() for t in name.split()))
    if by_author or _BIO_STRONG.search(lines.core(i)):
        kinds[i] = "author_bio"


def _byline(s: str) -> str | None:
    """The author names of a byline ("By Martin Keel, Staff Writer" → "Martin Keel")."""
    m = _BYLINE.fullmatch(s)
    if not m:
        return None
    names = m.group("names") or m.group("names2")
    date = _DATE_ANYWHERE.search(names)
    if date:  # "By Martin Keel | March 14, 2026"
        names = names[: date.start()]
    return _names(_NAME_SUFFIX.sub("", names).strip(" |-–—,"))


def _names(s: str) -> str | None:
    """``s`` if it is only names ("Jane Roe", "Jane Roe and John Doe"), recased if ALL CAPS."""
    s = s.strip().rstrip(".")
    tokens = _TOKEN.findall(s)
    if not tokens or len(tokens) > 12 or sum(len(t) for t in tokens) < len(s.replace(" ", "")) - 1:
        return None  # something other than words (digits, quotes…)
    names = 0
    for t in tokens:
        if t.lower() in _JOINERS or t.lower() in _PARTICLES:
            continue
        if not t[0].isupper() or (names == 0 and t.capitalize() in _NOT_NAMES):
            return None
        names += 1
    if not 1 <= names <= 8 or tokens[-1].lower() in _JOINERS | _PARTICLES:
        return None
    return _recase(s) if _all_caps(s) else s


def _date_in(s: str) -> str | None:
    m = _DATE_ANYWHERE.search(s)
    return _iso(m) if m else None


def _iso(m: re.Match | None) -> str | None:
    """The date matched by ``_DATE`` as YYYY-MM-DD, None when ambiguous or impossible."""
    if m is None:
        return None
    g = m.groupdict()
    try:
        if g["y1"] or g["y2"]:
            year = int(g["y1"] or g["y2"])
            month = _MONTHS[(g["m1"] or g["m2"]).lower().rstrip(".")]
            day = int(g["d1"] or g["d2"])
        elif g["y3"]:
            year, month, day = int(g["y3"]), int(g["m3"]), int(g["d3"])
        else:  # 14/03/2026 or 03/14/2026: only when one reading is impossible
            a, b, year = int(g["a4"]), int(g["b4"]), int(g["y4"])
            if a > 12 >= b:
                day, month = a, b
            elif b > 12 >= a:
                day, month = b, a
            else:
                return None
        return datetime.date(year, month, day).isoformat()
    except (KeyError, ValueError):
        return None


def _site_name(text: str, lines: _Lines, i: int) -> str:
    """The masthead as written; ALL CAPS is recased, preferring a spelling found in the text."""
    name = lines.core(i)
    if not _all_caps(name):
        return name
    pattern = re.compile(r"\b" + re.escape(name).replace(r"\ ", r"\s+") + r"\b", re.I)
    for m in pattern.finditer(text, lines.end(i)):
        if not _all_caps(m.group()):
            return re.sub(r"\s+", " ", m.group())
    return _recase(name)


def _recase(s: str) -> str:
    words = s.lower().split()
    return " ".join(w if 0 < i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _spans(lines: _Lines, kinds: list[str | None]) -> list[Span]:
    """One span per run of consecutive lines of one kind (a blank line ends a run)."""
    spans: list[Span] = []
    run = last = -2  # first and last line of the current run
    for i in compress(range(len(kinds)), kinds):  # the marked lines
        if i != last + 1 or kinds[i] != kinds[last]:
            if run >= 0:
                spans.append(Span(lines.starts[run], lines.end(last), kinds[run]))
            run = i
        last = i
    if run >= 0:
        spans.append(Span(lines.starts[run], lines.end(last), kinds[run]))
    return spans
