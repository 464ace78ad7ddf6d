"""The small pieces that keep untrusted text inert on screen, one by one."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content

from workshop_tui.domain.display import visible_in_place
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.ui.commands import escape_markup
from workshop_tui.ui.format import cell
from workshop_tui.ui.screens.chronology import entry_detail
from workshop_tui.ui.widgets.chronology_table import _fit

HOSTILE = "[/x] \x1b[2J \x9b31m \u202eRLO\x00"


def test_a_cell_is_one_line_of_text_never_markup() -> None:
    shown = cell(f"line one\n{HOSTILE}", 200)
    assert shown.plain == "line one [/x] ␛[2J <U+009B>31m <U+202E>RLO␀"
    assert not shown.spans  # no style came from the text
    assert cell("x" * 50, 10).plain == "x" * 9 + "…"


def test_fields_draw_one_visible_character_for_each_hidden_one() -> None:
    assert visible_in_place("a\x1b[2J\x7f\x9b\u202e\tb") == "a␛[2J␡\ufffd\ufffd\tb"
    assert visible_in_place("a\nb", one_line=True) == "a⏎b"
    assert visible_in_place("plain text") == "plain text"


@given(st.text())
def test_fields_keep_the_length_so_the_cursor_lines_up(text: str) -> None:
    assert len(visible_in_place(text)) == len(text)
    assert len(visible_in_place(text, one_line=True)) == len(text)


@given(st.text())
def test_escaped_markup_shows_exactly_the_text(text: str) -> None:
    text = text.replace("\r", "").replace("\x07", "").replace("\x08", "")
    text = text.replace("\x0b", "").replace("\x0c", "")  # Content drops these itself
    assert Content.from_markup(escape_markup(text)).plain == text


def test_the_chronology_table_draws_controls_visibly_at_the_cell_width() -> None:
    fitted = _fit(f"Visit {HOSTILE}", 20)
    assert fitted == "Visit [/x] ␛[2J <U+…"
    assert len(fitted) == 20 and "\x1b" not in fitted


def test_the_detail_pane_shows_a_file_name_on_one_line() -> None:
    entry = ChronologyEntry(
        agency="police",
        date=dt.date(2098, 3, 3),
        event=f"Event {HOSTILE}",
        source_file="evil\nINJECTED.csv",
        source_line=2,
    )
    detail = entry_detail(entry, [entry], {"police": f"Police {HOSTILE}"}).plain
    assert "Source: evil⏎INJECTED.csv:2" in detail
    assert "Event [/x] ␛[2J" in detail and "Police [/x] ␛[2J" in detail
    assert not any(c in detail for c in "\x1b\x9b\u202e\x00")
