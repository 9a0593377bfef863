"""The HTML report: one self-contained page (inline CSS and JS, no external resources).

Every string from the article or its metadata goes through ``_e`` (``html.escape`` after
``common.clean``); the only URL ever linked is the article's own, and only if it is http(s).
"""
from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from importlib import resources
from urllib.parse import urlsplit

from .common import (CLAIMS_HEADING, EXTRA_SECTIONS, STATEMENT_ROLES, View, claim_title, clean, generic_table, lines,
                     marker_words, newlines, plural, profile, segments, statement_marks, top_claims)
from .common import OUTLETS_HEADING, outlet_rows
from .common import TECHNIQUES_HEADING, technique_line, technique_marks, technique_names, technique_rate_line, techniques

PALETTE_SIZE = 12  # colour classes k0..k11 in report.css; sources beyond that reuse colours


def _e(value) -> str:
    return escape(clean(str(value)), quote=True)


def _asset(name: str) -> str:
    return resources.files("sayso").joinpath(f"report/templates/{name}").read_text("utf-8")


def _csp(script: str) -> str:
    # The script is allowed by its hash, so injected inline handlers or scripts could not run
    # even if escaping ever failed; base-uri/form-action are not covered by default-src.
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def _link(url: str) -> str:
    """The URL as text, linked only when it is an absolute http(s) URL."""
    text = _e(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return text
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not re.search(r"\s", url):
        return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{text}</a>'
    return text


# --- article ----------------------------------------------------------------------------------


def _segment(view: View, seg, text: str, anchored: set[int], labelled: set[int]) -> str:
    """One run of text as a ``<span>`` with the classes of every span covering it."""
    out = []
    bp = [m for m in seg.marks if m.role == "boilerplate"]
    for m in bp:
        if m.key not in labelled:  # label each boilerplate block once, where its text starts
            labelled.add(m.key)
            out.append(f'<span class="bp-tag">{_e(m.kind)}</span>')
    attrs = view.innermost(seg.marks)
    body = _e(text)
    claims = [m for m in seg.marks if m.role in STATEMENT_ROLES]
    for m in claims:
        if m.kind and seg.start == m.start:  # the rank of a top unsourced claim, in the margin of its start
            out.append(f'<span class="rank" title="unsourced claim #{_e(m.kind)} by check-worthiness">{_e(m.kind)}</span>')
    techs = [m for m in seg.marks if m.role == "technique"]
    if not attrs and not bp and not claims and not techs:
        return "".join(out) + body
    classes, titles = [], []
    tech_data = ""
    if techs:
        order = getattr(view, "technique_order", {})
        ks = sorted({order.get(m.kind, 0) for m in techs})
        classes += ["tq", "tq-on"]
        tech_data = f' data-t="{" ".join(str(k) for k in ks)}"'
        titles += [getattr(view, "technique_titles", {}).get((m.start, m.end, m.kind), m.kind) for m in techs]
    for m in claims:
        classes.append({"unsourced": "uns", "opinion": "opi"}[m.role])
        titles.append(getattr(view, "claim_titles", {}).get((m.start, m.end), m.role))
    if bp:
        classes.append("bp")
        titles.append("boilerplate: " + ", ".join(m.kind for m in bp))
    if attrs:
        inner = attrs[0]
        roles = {m.role for m in seg.marks if m.attr is not None}
        classes += sorted({"source": "src", "cue": "cue", "content": "con"}[r] for r in roles)
        # nested spans take the colour of the innermost (deepest) attribution covering them
        classes.append(f"k{view.colour(inner) % PALETTE_SIZE}")
        if any(m.role == "cue" and view.attributions[m.attr].get("negated") for m in seg.marks if m.attr is not None):
            classes.append("neg")
        if sum(1 for m in seg.marks if m.role == "content") > 1:
            classes.append("nest")
        titles += view.describe(attrs)
    # link targets for the attributions table, at each attribution's first visible run
    for i in attrs:
        if i not in anchored:
            anchored.add(i)
            out.append(f'<span id="att-{i}"></span>')
    data = f' data-a="{" ".join(str(i) for i in attrs)}"' if attrs else ""
    out.append(f'<span class="{" ".join(classes)}"{data}{tech_data} title="{_e(chr(10).join(titles))}">{body}</span>')
    return "".join(out)


def _article(view: View) -> str:
    text = view.text
    marks = view.marks()
    marks += statement_marks(view, len(marks))
    marks += technique_marks(view, len(marks))
    _technique_titles(view)
    view.claim_titles = {(r[0], r[1]): claim_title(st) for st in view.data.get("statements") or []
                         if isinstance(st, dict) and (r := view.span(st))}
    anchored: set[int] = set()
    labelled: set[int] = set()
    paras = []
    for line in lines(text, segments(len(text), marks, newlines(text))):
        if not line or not text[line[0].start : line[-1].end].strip():
            continue
        inner = "".join(_segment(view, s, text[s.start : s.end], anchored, labelled) for s in line)
        whole_bp = all(any(m.role == "boilerplate" for m in s.marks) for s in line)
        cls = ' class="bp-line"' if whole_bp else ""
        paras.append(f'<p dir="auto"{cls}>{inner}</p>')
    if not paras:
        return '<p class="empty">(the article has no text)</p>'
    return "\n".join(paras)


def _technique_titles(view: View) -> None:
    """Tooltips of technique spans (technique, voice, definition) and each technique's index."""
    from ..techniques_catalogue import definition

    view.technique_order = {n: k for k, n in enumerate(technique_names(view))}
    view.technique_titles = {}
    for t in techniques(view):
        r = view.span(t)
        name = str(t.get("technique"))
        view.technique_titles[(r[0], r[1], name)] = technique_line(view, t) + "\n" + definition(name)


def _techniques(view: View) -> str:
    """One toggle per technique used (count, definition on click), then every span."""
    from ..techniques_catalogue import definition, label

    items = techniques(view)
    if not items:
        return ""
    names = technique_names(view)
    counts = {n: sum(1 for t in items if str(t.get("technique")) == n) for n in names}
    toggles = []
    for k, n in enumerate(names):
        toggles.append(
            f'<li><label><input type="checkbox" class="tq-toggle" data-t="{k}" checked> '
            f'<span class="tq tq-on tq-swatch">{_e(label(n))}</span> <small>({counts[n]})</small></label>'
            f'<details><summary>what is it?</summary><p>{_e(definition(n) or n)}</p></details></li>')
    rows = []
    for t in items:
        n = str(t.get("technique"))
        try:
            conf = f"{float(t.get('confidence')):.2f}"
        except (TypeError, ValueError):
            conf = ""
        voice = technique_line(view, t).split(" — ", 1)[1].rsplit(", confidence", 1)[0]
        rows.append(f'<tr><td title="{_e(definition(n))}">{_e(label(n))}</td><td dir="auto">{_e(_excerpt(view.span_text(t), 200))}</td>'
                    f'<td>{_e(voice)}</td><td class="num">{conf}</td></tr>')
    head = _head("Technique", "Words", "Voice", "Conf.")
    return (f'<section id="techniques"><h2>{_e(TECHNIQUES_HEADING)} <small>({len(items)})</small></h2>'
            f'<p class="note">Highlighted in the article with a yellow underline; hover or click a highlight for the '
            f'technique, whose voice it is and what the technique is. Untick a technique to hide its highlights.</p>'
            f'<ul class="tq-list">{"".join(toggles)}</ul>'
            f'<div id="tq-panel" role="status" hidden></div>'
            f'<table class="techniques"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></section>')


# --- tables -----------------------------------------------------------------------------------


def _head(*names: str) -> str:
    return "<tr>" + "".join(f"<th>{_e(n)}</th>" for n in names) + "</tr>"


def _who(view: View) -> str:
    rows = []
    for r in view.sources:
        chains = "".join(f"<li>{_e(c)}</li>" for c in view.chains(r))
        swatch = f'<span class="sw k{r.colour % PALETTE_SIZE}"></span>' if r.attributions else ""
        denials = view.denials(r)
        denied = f'<strong class="neg-text">{denials}</strong>' if denials else ""
        role = f"<br><small>{_e(r.role)}</small>" if r.role else ""
        chains = f"<ul>{chains}</ul>" if chains else ""
        rows.append(
            "<tr>"
            f"<td>{swatch}<bdi>{_e(r.label)}</bdi>{role}</td>"
            f"<td>{_e(r.type)}</td>"
            f'<td class="num">{len(r.attributions)}</td>'
            f"<td>{_e(view.kinds(r))}</td>"
            f'<td class="num">{denied}</td><td>{chains}</td>'
            "</tr>"
        )
    if not rows:
        return '<p class="empty">No one is quoted or cited in this article.</p>'
    head = _head("Source", "Type", "Attributions", "Kinds", "Denials", "Chains (innermost first)")
    return f'<table class="who"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _excerpt(s: str, limit: int = 140) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _attributions(view: View) -> str:
    if not view.attributions:
        return ""
    rows = []
    for i, a in enumerate(view.attributions):
        content = " … ".join(view.span_text(c) for c in a.get("content") or [])
        notes = []
        if a.get("negated"):
            notes.append('<strong class="neg-text">denied</strong>')
        if view.depth[i]:
            notes.append(_e("chain: " + view.chain(i)))
        if a.get("outlet"):
            notes.append(_e(f"outlet: {a['outlet']}"))
        try:
            conf = f"{float(a.get('confidence')):.2f}"
        except (TypeError, ValueError):
            conf = ""
        rows.append(
            f'<tr><td><a href="#att-{i}">{i + 1}</a></td><td>{_e(a.get("kind") or "")}</td>'
            f'<td><span class="sw k{view.colour(i) % PALETTE_SIZE}"></span><bdi>{_e(view.label(i))}</bdi></td>'
            f'<td><bdi>{_e(_excerpt(view.span_text(a.get("cue"))))}</bdi></td>'
            f'<td dir="auto">{_e(_excerpt(content))}</td><td>{"<br>".join(notes)}</td><td class="num">{conf}</td></tr>'
        )
    head = _head("#", "Kind", "Source", "Cue", "Content", "Notes", "Conf.")
    return (
        f'<section><h2>All attributions</h2><table class="atts"><thead>{head}</thead>'
        f'<tbody>{"".join(rows)}</tbody></table></section>'
    )


def _claims(view: View) -> str:
    """"Claims on no one's authority": the top unsourced statements by check-worthiness."""
    top = top_claims(view)
    if not top:
        return ""
    rows = []
    for n, s in enumerate(top, 1):
        try:
            cw = f"{float(s.get('checkworthiness')):.2f}"
        except (TypeError, ValueError):
            cw = ""
        rows.append(f'<tr><td class="num">{n}</td><td dir="auto">{_e(_excerpt(view.span_text(s), 300))}</td>'
                    f'<td class="num">{cw}</td><td>{_e(marker_words(s))}</td></tr>')
    head = _head("#", "Statement the author makes on no one's authority", "Check-worthiness", "Markers")
    return (f'<section id="claims"><h2>{_e(CLAIMS_HEADING)} <small>(top {len(top)})</small></h2>'
            f'<table class="claims"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></section>')


def _outlets(view: View) -> str:
    """Cited outlets, the article's own first, with every loaded rater's rating."""
    rows = outlet_rows(view.data)
    if not rows:
        return ""
    body = []
    for r in rows:
        note = "this article's outlet" if r.own else plural(r.mentions, "mention")
        ratings = "<br>".join(_e(x) for x in r.ratings) or "—"
        own = ' class="own"' if r.own else ""
        body.append(
            f'<tr{own}><td><bdi>{_e(r.name)}</bdi><br><small>{_e(note)}</small></td>'
            f"<td>{_e(r.kind)}</td><td>{_e(r.country)}</td><td>{_e(r.domain)}</td><td>{ratings}</td></tr>")
    head = _head("Outlet", "Kind", "Country", "Domain", "Ratings")
    return (f'<section id="outlets"><h2>{_e(OUTLETS_HEADING)} <small>({len(rows)})</small></h2>'
            f'<table class="outlets"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table></section>')


def _extra(view: View) -> str:
    """Later sections (unsourced claims, techniques, outlets), rendered generically for now."""
    out = []
    for key, heading in EXTRA_SECTIONS:
        items = view.data.get(key) or []
        if not isinstance(items, list) or not items:
            continue
        columns, rows = generic_table(items, view.text)
        head = _head(*columns)
        body = "".join("<tr>" + "".join(f'<td dir="auto">{_e(v)}</td>' for v in row) + "</tr>" for row in rows)
        out.append(
            f'<section id="{key}"><h2>{_e(heading)} <small>({len(items)})</small></h2>'
            f'<table class="generic"><thead>{head}</thead><tbody>{body}</tbody></table></section>'
        )
    return "\n".join(out)


# --- page -------------------------------------------------------------------------------------


def _header(view: View) -> str:
    doc = view.doc
    meta = " · ".join(_e(x) for x in view.byline())
    meta = f'<p class="meta">{meta}</p>' if meta else ""
    breakdown = "".join(f"<li>{_e(name)}: {_e(v)}</li>" for name, v in view.breakdown() + profile(view) + technique_rate_line(view))
    breakdown = f'<ul class="breakdown">{breakdown}</ul>' if breakdown else ""
    url = f'<p class="url">{_link(str(doc["url"]))}</p>' if doc.get("url") else ""
    return (
        f'<header><h1 dir="auto">{_e(view.title())}</h1>'
        f"{meta}{url}"
        f'<p class="summary">{_e(view.summary_line())}</p>'
        f"{breakdown}</header>"
    )


_LEGEND = (
    '<p class="legend" aria-label="legend"><span class="src k0">source</span> '
    '<span class="cue k0">cue</span> <span class="con k0">quoted or reported content</span> '
    '<span class="con nest k1">nested content</span> <span class="cue neg k0">denial</span> '
    '<span class="bp"><span class="bp-tag">boilerplate</span>site furniture</span> '
    '<span class="uns"><span class="rank">1</span>unsourced claim (ranked by check-worthiness)</span> '
    '<span class="opi">opinion</span> '
    '<span class="tq tq-on">persuasion technique</span> '
    "<small>Content is tinted per source; hover for who says it and through whom.</small></p>"
)


def render(data: dict) -> str:
    """The report as one HTML5 document string."""
    view = View(data)
    script = _asset("report.js")
    lang = str(view.doc.get("language") or "")
    lang = lang if re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", lang) else "und"
    version = _e(data.get("sayso_version") or "")
    n = len(view.attributions)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sayso {version}">
<title>sayso — {_e(view.title())}</title>
<style>
{_asset("report.css")}
</style>
</head>
<body>
{_header(view)}
<main>
<section><h2>Article <small>({plural(n, 'attribution')})</small></h2>
{_LEGEND}
<article>
{_article(view)}
</article></section>
<section><h2>Who is quoted</h2>
{_who(view)}
</section>
{_attributions(view)}
{_claims(view)}
{_techniques(view)}
{_outlets(view)}
{_extra(view)}
</main>
<footer>sayso {version} · schema version {_e(data.get("schema_version", ""))} ·
spans are character offsets into the article text</footer>
<script>{script}</script>
</body>
</html>
"""
