"""The terminal report, drawn with rich into a string.

Article text only ever enters rich as ``rich.text.Text`` (never markup strings), so ``[bold]``
in an article prints literally; ``common.clean`` turns control characters into visible symbols
so an article cannot smuggle escape sequences into the terminal.
"""
from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .common import (CLAIMS_HEADING, EXTRA_SECTIONS, View, clean, generic_table, lines, marker_words, newlines, plural,
                     profile, segments, statement_marks, top_claims)
from .common import OUTLETS_HEADING, outlet_rows
from .common import TECHNIQUES_HEADING, technique_rate_line, techniques, voice_label

WIDTH = 100
# One colour per source (256-colour names that read on dark and light backgrounds).
PALETTE = (
    "dodger_blue2", "dark_orange3", "green3", "medium_purple", "gold3", "dark_cyan",
    "deep_pink3", "chartreuse3", "slate_blue1", "orange3", "cadet_blue", "orchid",
)


def _t(value, style: str = "") -> Text:
    return Text(clean(str(value)), style=style)


def _console(color: bool) -> Console:
    # Everything explicit, so neither the environment (FORCE_COLOR, COLUMNS, Jupyter) nor the
    # real stdout changes the output: color=False means no escape codes at all.
    return Console(
        file=io.StringIO(), width=WIDTH, color_system="256" if color else None, force_terminal=color,
        force_jupyter=False, force_interactive=False, no_color=not color, highlight=False,
        markup=False, emoji=False, legacy_windows=False, soft_wrap=False,
    )


def _header(view: View) -> Panel:
    parts = [_t(view.title(), "bold")]
    if view.byline():
        parts.append(_t(" · ".join(view.byline()), "italic"))
    if view.doc.get("url"):
        parts.append(_t(view.doc["url"], "underline"))
    parts.append(_t(view.summary_line(), "bold"))
    parts += [_t(f"{name}: {value}", "dim") for name, value in view.breakdown() + profile(view) + technique_rate_line(view)]
    return Panel(Group(*parts), title="sayso", title_align="left", box=box.ROUNDED, padding=(0, 1))


def _legend() -> Text:
    return Text.assemble(
        ("source", f"bold {PALETTE[0]}"), "  ", ("cue", "underline"), "  ",
        ("content (coloured per source)", PALETTE[0]), "  ", ("denial", "underline red"), "  ",
        ("[boilerplate: …]", "dim"), "  ", ("[claim 1] unsourced claim, ranked by check-worthiness", "italic"),
        style="",
    )


def _style(view: View, marks) -> str:
    """rich style for a run: bold sources, underlined cues, content coloured per source."""
    styles = []
    if any(m.role == "boilerplate" for m in marks):
        styles.append("dim")
    if any(m.role == "unsourced" for m in marks):
        styles.append("italic")
    attrs = view.innermost(marks)
    if attrs:
        roles = {m.role for m in marks if m.attr is not None}
        styles.append(PALETTE[view.colour(attrs[0]) % len(PALETTE)])
        if "source" in roles:
            styles.append("bold")
        if "cue" in roles:
            styles.append("underline")
            if any(m.role == "cue" and view.attributions[m.attr].get("negated") for m in marks if m.attr is not None):
                styles.append("red")
    return " ".join(styles)


def _article(view: View) -> Text:
    text = view.text
    out = Text()
    labelled: set[int] = set()
    marks = view.marks()
    marks += statement_marks(view, len(marks))
    for n, line in enumerate(lines(text, segments(len(text), marks, newlines(text)))):
        if n:
            out.append("\n")
        for seg in line:
            for m in seg.marks:
                if m.role == "boilerplate" and m.key not in labelled:
                    labelled.add(m.key)  # label each boilerplate block once, where it starts
                    out.append(clean(f"[boilerplate: {m.kind}] "), style="dim italic")
                if m.role == "unsourced" and m.kind and m.key not in labelled:
                    labelled.add(m.key)  # the rank of a top unsourced claim, where it starts
                    out.append(clean(f"[claim {m.kind}] "), style="bold reverse")
            out.append(clean(text[seg.start : seg.end]), style=_style(view, seg.marks))
    if not out.plain.strip():
        out = Text("(the article has no text)", style="italic")
    out.rstrip()
    return out


def _who(view: View) -> Table | Text:
    if not view.sources:
        return Text("No one is quoted or cited in this article.", style="italic")
    table = Table(title="Who is quoted", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Source", max_width=34, overflow="fold")
    table.add_column("Type", no_wrap=True)
    table.add_column("Count", justify="right", no_wrap=True)
    table.add_column("Chain (innermost first) / denials", overflow="fold")
    for r in view.sources:
        name = _t(r.label, f"bold {PALETTE[r.colour % len(PALETTE)]}" if r.attributions else "")
        if r.role:
            name.append(clean(f"\n{r.role}"), style="dim")
        chains = _t("\n".join(view.chains(r)))
        table.add_row(name, _t(r.type), _t(len(r.attributions)), chains)
    return table


def _attributions(view: View) -> Table | None:
    if not view.attributions:
        return None
    table = Table(title="All attributions", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Source", max_width=24, overflow="fold")
    table.add_column("Cue", max_width=14, overflow="fold")
    table.add_column("Content", overflow="fold")
    for i, a in enumerate(view.attributions):
        content = " … ".join(" ".join(view.span_text(c).split()) for c in a.get("content") or [])
        if len(content) > 160:
            content = content[:159] + "…"
        notes = []
        if a.get("negated"):
            notes.append("denied")
        if view.depth[i]:
            notes.append("chain: " + view.chain(i))
        source = _t(view.label(i), PALETTE[view.colour(i) % len(PALETTE)])
        cell = _t(content)
        if notes:
            cell.append(clean("\n" + "; ".join(notes)), style="italic")
        table.add_row(_t(i + 1), _t(a.get("kind") or ""), source, _t(" ".join(view.span_text(a.get("cue")).split())), cell)
    return table


def _claims(view: View) -> Table | None:
    """"Claims on no one's authority": the top unsourced statements by check-worthiness."""
    top = top_claims(view)
    if not top:
        return None
    table = Table(title=f"{CLAIMS_HEADING} (top {len(top)})", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Statement", overflow="fold")
    table.add_column("Check-worthiness", justify="right", no_wrap=True)
    table.add_column("Markers", max_width=28, overflow="fold")
    for n, s in enumerate(top, 1):
        try:
            cw = f"{float(s.get('checkworthiness')):.2f}"
        except (TypeError, ValueError):
            cw = ""
        table.add_row(_t(n), _t(" ".join(view.span_text(s).split())), _t(cw), _t(marker_words(s)))
    return table


def _outlets(view: View) -> Text | None:
    """Cited outlets, the article's own first, each with every loaded rater's rating on its own
    line (a list, not a table: rating lines are long and must not be cut)."""
    rows = outlet_rows(view.data)
    if not rows:
        return None
    out = Text()
    out.append(clean(f"{OUTLETS_HEADING} ({len(rows)})"), style="italic")
    for r in rows:
        facts = [f for f in (r.kind, r.country, r.domain) if f != "—"]
        facts.append("this article's outlet" if r.own else plural(r.mentions, "mention"))
        out.append("\n  ")
        out.append(clean(r.name), style="bold")
        out.append(clean(" — " + " · ".join(facts)), style="dim" if not r.own else "")
        for line in r.ratings:
            out.append(clean("\n      " + line))
    out.append("\n")
    return out


def _techniques(view: View) -> Table | None:
    """Persuasion techniques: each span with its technique and whose voice it is
    (``sayso techniques`` explains each technique)."""
    from ..techniques_catalogue import label

    items = techniques(view)
    if not items:
        return None
    table = Table(title=f"{TECHNIQUES_HEADING} ({len(items)}) — `sayso techniques` explains each",
                  title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Technique", max_width=26, overflow="fold")
    table.add_column("Words", overflow="fold")
    table.add_column("Voice", max_width=24, overflow="fold")
    table.add_column("Conf.", justify="right", no_wrap=True)
    for t in items:
        words = " ".join(view.span_text(t).split())
        if len(words) > 160:
            words = words[:159] + "…"
        try:
            conf = f"{float(t.get('confidence')):.2f}"
        except (TypeError, ValueError):
            conf = ""
        table.add_row(_t(label(str(t.get("technique")))), _t(words), _t(voice_label(view, t.get("voice"))), _t(conf))
    return table


def _extra(view: View) -> list[Table]:
    out = []
    for key, heading in EXTRA_SECTIONS:
        items = view.data.get(key) or []
        if not isinstance(items, list) or not items:
            continue
        columns, rows = generic_table(items, view.text, max_columns=5)
        table = Table(title=f"{heading} ({len(items)})", title_justify="left", box=box.SIMPLE_HEAD)
        for c in columns:
            table.add_column(_t(c), overflow="fold")
        for row in rows:
            table.add_row(*(_t(v) for v in row))
        out.append(table)
    return out


def render(data: dict, color: bool = False) -> str:
    """The report as a string; with ``color=False`` it holds no ANSI escape codes."""
    view = View(data)
    console = _console(color)
    console.print(_header(view))
    console.print(_legend())
    console.rule(Text(f"Article ({plural(len(view.attributions), 'attribution')})"), align="left")
    console.print(_article(view))
    console.print()
    console.print(_who(view))
    for part in [_attributions(view), _claims(view), _techniques(view), _outlets(view), *_extra(view)]:
        if part is not None:
            console.print(part)
    return console.file.getvalue()
