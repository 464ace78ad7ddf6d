"""The one display helper: hidden characters made visible, printable text unchanged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workshop_tui.domain.display import has_hidden, visible
from workshop_tui.ui.format import plain


def test_escape_sequences_are_shown_not_sent() -> None:
    shown = visible("Title\x1b]0;pwned\x07\x1b[2J")
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "Title␛]0;pwned␇␛[2J"


def test_c1_and_bidi_controls_are_named() -> None:
    assert visible("a\x9bb") == "a<U+009B>b"
    assert visible("abc\u202edef") == "abc<U+202E>def"
    assert visible("x\u2066y\u2069") == "x<U+2066>y<U+2069>"


def test_lone_surrogate_becomes_replacement_character() -> None:
    assert visible("a\udcffb") == "a\ufffdb"


def test_newlines_kept_or_marked() -> None:
    assert visible("one\r\ntwo\rthree") == "one\ntwo\nthree"
    assert visible("one\ntwo\tthree", one_line=True) == "one⏎two three"


def test_printable_text_is_unchanged() -> None:
    text = "Child B's mother [inaudible] said: «ça va» 😀 — [/x] [bold]"
    assert visible(text) == text
    assert not has_hidden(text)


def test_limit_cuts_with_ellipsis() -> None:
    assert visible("x" * 10_000, limit=20) == "x" * 19 + "…"


def test_plain_is_never_markup() -> None:
    text = plain("[/x] [bold]not bold[/bold] [link=http://x]y[/link]")
    assert text.plain == "[/x] [bold]not bold[/bold] [link=http://x]y[/link]"
    assert not text.spans


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    for shown in (visible(text), visible(text, one_line=True)):
        assert not has_hidden(shown)
        shown.encode("utf-8")  # a terminal can always encode it
    assert "\n" not in visible(text, one_line=True)
