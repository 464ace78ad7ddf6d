"""Pure helpers for the interface: parsing what people type, formatting what they see.

No Textual here, so these are tested as plain functions. Every string that came
from a file or a person reaches the screen through :func:`plain` (or, where a
widget wants ``str``, :func:`visible`): shown as the text it is, never as markup,
with control characters made visible.
"""

from __future__ import annotations

import datetime as dt
import re

from rich.text import Text

from workshop_tui.domain.display import visible

__all__ = ["cell", "plain", "visible"]


def plain(
    text: object, *, one_line: bool = False, limit: int | None = None, style: str = ""
) -> Text:
    """Untrusted text as a Rich ``Text``: never parsed as markup, controls made visible.

    Use it for every table cell, label, header and notification that shows what a
    file or a person wrote (``Static(plain(kloe.title))``, ``table.add_row(plain(name))``).
    """
    return Text(visible(text, one_line=one_line, limit=limit), style=style, end="")


def cell(text: object, width: int | None = None) -> Text:
    """Untrusted text as a one-line table cell: whitespace collapsed, controls made
    visible, never parsed as markup, cut to ``width`` with an ellipsis when given.

    A ``DataTable`` parses a ``str`` cell as markup (a stray ``[/x]`` ends the app);
    this is the cell to pass instead: ``table.add_row(cell(kloe.title, 40))``.
    """
    line = " ".join(visible(text).split())
    if width is not None and len(line) > width:
        line = line[: max(0, width - 1)] + "…"
    return Text(line, end="", no_wrap=True)


def parse_date(text: str) -> dt.date | None:
    """A date typed in a form, read by the one date grammar (:mod:`workshop_tui.domain.dates`):
    UK day-first ``21/05/2024``, ``21/5/24``, ``21.05/24``, ``21 May 2024``, or ``2024-05-21``.

    A form's dates are exact days still to come or of this review (target dates, the
    workshop, review periods): two-digit years as everywhere (00-69 are 20xx, 70-99 19xx:
    ``domain.dates.TWO_DIGIT_YEAR_PIVOT``), and an approximate date
    (``c. 21/05/2024``) or a time is refused rather than dropped, as the form cannot keep it.
    Returns None for an empty field.

    Raises:
        ValueError: with a message fit to show beside the field.
    """
    from workshop_tui.domain.dates import (
        APPROXIMATE,
        DateError,
        format_date,
        parse_datetime_cell,
    )

    text = text.strip()
    if not text:
        return None
    try:
        parsed = parse_datetime_cell(text)
    except DateError as error:
        if error.unreadable:
            raise ValueError(f'"{text}" is not a date: type 21/05/2024 or 2024-05-21') from None
        raise ValueError(f'"{text}" is not a real date: {error.reason}') from None
    exact = format_date(parsed.date)
    if parsed.approximate:
        raise ValueError(
            f'"{text}" is marked approximate ({APPROXIMATE}), and this date must be exact: '
            f"type the day, like {exact}"
        )
    if parsed.time is not None:
        raise ValueError(f'"{text}" has a time, and this field takes a date: type {exact}')
    return parsed.date


def parse_time(text: str) -> dt.time | None:
    """A time typed in a form, read by the one grammar: ``09:30``, ``0930``, ``9.30am``;
    None for an empty field.

    Raises:
        ValueError: with a message fit to show beside the field.
    """
    from workshop_tui.domain.dates import DateError
    from workshop_tui.domain.dates import parse_time as read_time

    text = text.strip()
    if not text:
        return None
    try:
        return read_time(text)
    except DateError as error:
        if error.unreadable:
            raise ValueError(f'"{text}" is not a time: type 09:30') from None
        raise ValueError(f'"{text}" is not a time of day: {error.reason}') from None


def parse_ids(text: str) -> list[int]:
    """Entry ids typed as ``12, 15 19``; an empty field is no ids.

    Raises:
        ValueError: naming the part that is not a number.
    """
    ids: list[int] = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        if not part.lstrip("#").isdigit():
            raise ValueError(f'"{part}" is not an entry number')
        number = int(part.lstrip("#"))
        if number not in ids:
            ids.append(number)
    return ids


def split_list(text: str) -> list[str]:
    """Comma-separated words (themes): stripped, empties dropped, order kept."""
    return [part.strip() for part in text.split(",") if part.strip()]


def format_date(value: dt.date | None) -> str:
    """UK day-first, as the partnership writes dates: ``21/05/2024``; empty for None."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_duration(seconds: float) -> str:
    """``12:40`` (minutes:seconds); hours roll into minutes, as a time box is in minutes."""
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def timer_text(elapsed: dt.timedelta, time_box_minutes: int) -> tuple[str, str]:
    """What the KLOE timer shows, and its state.

    Returns:
        ``("12:40 / 25:00", "ok")``; the state is ``warning`` from 80% of the time box
        and ``over`` past it, when the text gains ``+02:10 over``.
    """
    spent = elapsed.total_seconds()
    box = time_box_minutes * 60
    text = f"{format_duration(spent)} / {format_duration(box)}"
    if spent > box:
        return f"{text}  +{format_duration(spent - box)} over", "over"
    if spent >= box * 0.8:
        return text, "warning"
    return text, "ok"


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut with an ellipsis; controls made visible."""
    line = " ".join(visible(text).split())
    return line if len(line) <= width else line[: max(0, width - 1)] + "…"


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Text typed with hard line breaks as paragraphs the screen can wrap.

    Lines of one paragraph are joined with a space; blank lines and list items
    (``- ``, ``* ``, ``1. ``) start new lines, and a list item's continuation
    lines join the item.
    """
    out: list[str] = []
    for line in text.strip().splitlines():
        stripped = line.strip()
        if not stripped:
            if out and out[-1]:
                out.append("")
            continue
        if out and out[-1] and not _LIST_ITEM.match(line):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(line.rstrip() if _LIST_ITEM.match(line) else stripped)
    return "\n".join(out)
