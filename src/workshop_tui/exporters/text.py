"""Text helpers shared by every exporter: cleaning, UK dates, spreadsheet safety."""

from __future__ import annotations

import datetime as dt
import re

from workshop_tui.domain.dates import approximately
from workshop_tui.domain.display import REPLACEMENT, visible

# The two XML non-characters: python-docx and openpyxl refuse them, and they mean nothing.
_NON_CHARACTERS = re.compile("[\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # CR arrives as LF after clean()
# A formula character after a list separator inside a cell: a spreadsheet whose locale
# separates lists with ";", or text pasted as tab-separated values, starts a new cell
# there ("ok;=HYPERLINK(...)"). Spaces between are allowed for ("Trim spaces" on import).
_FORMULA_AFTER_SEPARATOR = re.compile(r"([;,\t] *)(?=[=+\-@])")


def clean(text: str) -> str:
    """Normalise line ends and make every other hidden character visible.

    C0 and C1 controls (an ESC sequence, NUL, the vertical tab Word pastes), DEL,
    bidi overrides and lone surrogates become visible stand-ins (``␛``, ``␀``,
    ``<U+202E>``; see ``domain.display.visible``): python-docx and openpyxl refuse
    most of them, a reader's viewer would act on the rest, and a silent drop would
    hide that something was there. Tab and line feed stay. The original is kept in
    the database and the archive.
    """
    if not text:
        return ""
    # A vertical tab is Word's and Excel's line break inside a cell: a line break here.
    return _NON_CHARACTERS.sub(REPLACEMENT, visible(text.replace("\x0b", "\n")))


def one_line(text: str) -> str:
    """``clean`` text folded onto one line (for table cells in Markdown)."""
    return " ".join(clean(text).split())


def cell_safe(text: str) -> str:
    """Clean text for a spreadsheet cell, neutralising anything that could run as a formula.

    A cell that begins with ``=``, ``+``, ``-``, ``@``, tab, carriage return or line break
    is prefixed with an apostrophe, so Excel or LibreOffice shows it as text and never
    evaluates it. So is such a character after a ``;``, ``,`` or tab inside the cell
    (``ok;'=1+1``): opened where ``;`` separates lists, or pasted as tab-separated text,
    what follows the separator becomes a cell of its own. Nothing else changes: taking
    the added apostrophes out gives the text back.
    """
    text = clean(text)
    if ";" in text or "," in text or "\t" in text:
        text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    if text.startswith(_FORMULA_START) or text.lstrip(" ").startswith(_FORMULA_START[:4]):
        return "'" + text  # spaces first too: an import may trim them
    return text


def uk_date(value: dt.date | None, *, approximate: bool = False) -> str:
    """``21 May 2024`` (``c. 21 May 2024`` when approximate); empty for None."""
    if value is None:
        return ""
    text = f"{value.day} {value:%B %Y}"
    return approximately(text, approximate)


def generated_note(generated_at: dt.datetime) -> str:
    """The line that closes every document: ``Generated on 22 May 2024 at 16:45 by ...``."""
    return f"Generated on {uk_date(generated_at.date())} at {generated_at:%H:%M} by workshop-tui."


def period(start: dt.date | None, end: dt.date | None) -> str:
    """``1 April 2023 to 31 March 2024``, ``from 1 April 2023`` or ``up to 31 March 2024``;
    empty when neither end is set."""
    if start and end:
        return f"{uk_date(start)} to {uk_date(end)}"
    if start:
        return f"from {uk_date(start)}"
    if end:
        return f"up to {uk_date(end)}"
    return ""


def short_date(value: dt.date | None) -> str:
    """``21/05/2024`` for dense tables; empty for None."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def hhmm(value: dt.time | dt.datetime | None) -> str:
    """``09:30``; empty for None."""
    return "" if value is None else value.strftime("%H:%M")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 entry``, ``3 entries``."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def duration(minutes: int) -> str:
    """``25 minutes``, ``1 hour 5 minutes``."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(plural(hours, "hour"))
    if rest or not hours:
        parts.append(plural(rest, "minute"))
    return " ".join(parts)
