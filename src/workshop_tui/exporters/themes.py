"""Counts by theme across reviews (``domain.themes.ThemeTally``) as text: a table for
the terminal, CSV, JSON or Markdown. Pure: a tally in, text out.

Only the themes some finding carries are listed; the notes under the table say how
many findings carry no theme and which reviews the date range left out, so that a
count is never silently smaller than what is stored.
"""

from __future__ import annotations

import csv
import io
import json

from workshop_tui.domain.display import visible
from workshop_tui.domain.themes import ThemeCount, ThemeTally, counter_text

from .markdown_writer import escape
from .text import cell_safe, one_line

FORMATS = ("table", "csv", "json", "md")


def year_label(year: int | None) -> str:
    """A year column's heading: ``2024``, or ``no date`` for reviews without one."""
    return "no date" if year is None else str(year)


def notes(tally: ThemeTally) -> list[str]:
    """What the counts leave out, in words (empty when nothing is)."""
    out: list[str] = []
    if tally.untagged:
        out.append(f"{tally.untagged} finding(s) in these reviews have no theme yet.")
    if tally.left_out:
        refs = ", ".join(r.reference for r in tally.left_out)
        out.append(f"Outside the date range or undated, not counted: {refs}.")
    if not tally.reviews:
        out.append("No review is counted.")
    unregistered = [t.theme for t in tally.used() if not t.in_register]
    if unregistered:
        out.append(f"Not in the theme register (counted as typed): {', '.join(unregistered)}.")
    return out


def _record(count: ThemeCount, years: list[int | None]) -> dict[str, object]:
    return {
        "theme": count.theme,
        "in_register": count.in_register,
        "findings": count.findings,
        "agreed": count.agreed,
        "reviews": list(count.reviews),
        "by_year": {year_label(y): count.by_year.get(y, 0) for y in years},
        "levels": dict(count.levels.most_common()),
        "scopes": dict(count.scopes.most_common()),
    }


def themes_json(tally: ThemeTally) -> str:
    """One object: the reviews counted, every theme used, and the notes."""
    document = {
        "reviews": [r.reference for r in tally.reviews],
        "years": [year_label(y) for y in tally.years],
        "themes": [_record(t, tally.years) for t in tally.used()],
        "untagged_findings": tally.untagged,
        "left_out": [r.reference for r in tally.left_out],
        "notes": notes(tally),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _header(tally: ThemeTally) -> list[str]:
    years = [year_label(y) for y in tally.years]
    return ["Theme", "Findings", "Agreed", "Reviews", *years, "Level", "Scope", "Which reviews"]


def _cells(count: ThemeCount, tally: ThemeTally) -> list[str]:
    name = count.theme if count.in_register else f"{count.theme} (not in register)"
    return [
        name,
        str(count.findings),
        str(count.agreed),
        str(len(count.reviews)),
        *(str(count.by_year.get(y, 0)) for y in tally.years),
        counter_text(count.levels),
        counter_text(count.scopes),
        ", ".join(count.reviews),
    ]


def themes_csv(tally: ThemeTally) -> str:
    """A header row and a row per theme used; every text cell safe from formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_header(tally))
    for count in tally.used():
        writer.writerow([cell_safe(one_line(c)) for c in _cells(count, tally)])
    return out.getvalue()


def themes_markdown(tally: ThemeTally) -> str:
    """A Markdown table and its notes."""
    header = _header(tally)
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for count in tally.used():
        cells = [escape(one_line(c), line_start=False) for c in _cells(count, tally)]
        lines.append("| " + " | ".join(cells) + " |")
    if not tally.used():
        lines.append("")
        lines.append("No finding carries a theme.")
    for note in notes(tally):
        lines.append("")
        lines.append(escape(note))
    return "\n".join(lines) + "\n"


def themes_table(tally: ThemeTally) -> str:
    """Aligned columns for a terminal, counts right-aligned; every person's text through
    ``visible`` (controls shown, one line). The last column (which reviews) is never cut."""
    header = _header(tally)
    rows = [[visible(c, one_line=True) for c in _cells(count, tally)] for count in tally.used()]
    numeric = range(1, 4 + len(tally.years))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    if not rows:
        lines.append("No finding carries a theme.")
    lines.extend(visible(note, one_line=True) for note in notes(tally))
    return "\n".join(lines) + "\n"


def render_themes(tally: ThemeTally, fmt: str) -> str:
    """The tally in ``fmt`` (one of ``FORMATS``).

    Raises:
        ValueError: another format.
    """
    if fmt == "json":
        return themes_json(tally)
    if fmt == "csv":
        return themes_csv(tally)
    if fmt == "md":
        return themes_markdown(tally)
    if fmt == "table":
        return themes_table(tally)
    raise ValueError(f"themes are written as {', '.join(FORMATS)}, not {fmt!r}")
