"""Untrusted text made safe to show: the one place every displayed string passes through.

Anything that came from a file or from a person (an agency's cell, a KLOE title,
a participant's name, a file name, a sheet name) may hold terminal control
sequences (``ESC[2J``, an OSC window title), other C0/C1 controls, bidi overrides
that reorder what is read, or lone surrogates that a terminal cannot encode.
:func:`visible` replaces each with a visible stand-in, so the reader sees that
something was there and what, and the terminal never acts on it. The original
stays untouched in the database, the archive and the documents' text.

Markup is a separate matter: this module returns plain ``str``; the interface
wraps it as text that is never parsed as markup (``ui.format.plain``), and the
command line prints it with click, which parses nothing.

No Textual and no Rich here: the command line, the exporters and the interface
all use it.
"""

from __future__ import annotations

import re

# C0 controls (but tab and newline, handled by the caller's choice), DEL, C1 controls.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
#: Bidi embeddings, overrides and isolates, the marks, and the Arabic letter mark
#: (a regex character-class body, as is the next one).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Line and paragraph separators and lone surrogates (unencodable, from surrogateescape).
SEPARATORS_AND_SURROGATES = "\u2028\u2029\ud800-\udfff"
_UNSAFE = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}{SEPARATORS_AND_SURROGATES}]")
_UNSAFE_OR_TAB = re.compile(f"[\t{_CONTROLS}{BIDI_CONTROLS}{SEPARATORS_AND_SURROGATES}]")
_NEWLINES = re.compile(r"\r\n|\r|\n")

NEWLINE_MARK = "⏎"
"""What a line break looks like in a one-line rendering."""

REPLACEMENT = "\ufffd"


def _stand_in(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code == 0x09:
        return " "
    if code < 0x20:
        # The Unicode "control pictures" block: ESC -> ␛, NUL -> ␀, BEL -> ␇.
        return chr(0x2400 + code)
    if code == 0x7F:
        return "␡"
    if 0xD800 <= code <= 0xDFFF:
        return REPLACEMENT
    return f"<U+{code:04X}>"


def visible(text: object, *, one_line: bool = False, limit: int | None = None) -> str:
    """``text`` as it is safe to show in a terminal, every hidden character made visible.

    Args:
        text: anything; ``None`` is the empty string, other objects their ``str``.
        one_line: line breaks become ``⏎`` and tabs a space, for a table cell, a
            header or a line of command-line output.
        limit: at most this many characters (after replacement), cut with ``…``.

    Returns:
        The text with ESC shown as ``␛`` (other C0 controls as their control
        pictures), DEL as ``␡``, C1 controls and bidi controls as ``<U+202E>``,
        and a lone surrogate as ``\ufffd``. Printable text, including every
        script and emoji, is unchanged.
    """
    if text is None:
        return ""
    value = text if isinstance(text, str) else str(text)
    if one_line:
        value = _NEWLINES.sub(NEWLINE_MARK, value)
        value = _UNSAFE_OR_TAB.sub(_stand_in, value)
    else:
        value = _UNSAFE.sub(_stand_in, value.replace("\r\n", "\n").replace("\r", "\n"))
    if limit is not None and len(value) > limit:
        value = value[: max(0, limit - 1)] + "…"
    return value


def _one_for_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return NEWLINE_MARK
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "␡"
    return REPLACEMENT


_UNSAFE_OR_NEWLINE = re.compile(f"[\n{_CONTROLS}{BIDI_CONTROLS}{SEPARATORS_AND_SURROGATES}]")


def visible_in_place(text: str, *, one_line: bool = False) -> str:
    """``text`` with every hidden character replaced by exactly one visible character.

    For a field being edited (an ``Input``, a ``TextArea``): the cursor counts
    characters, so the text shown must be as long as the value. ESC is ``␛`` (C0
    controls their control pictures), DEL ``␡``, and C1 controls, bidi controls and
    lone surrogates ``\ufffd``. Tabs stay; line breaks too, unless ``one_line``
    (then ``⏎``). The value itself is not changed: this is only what is drawn.
    """
    pattern = _UNSAFE_OR_NEWLINE if one_line else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_one_for_one, text)


def has_hidden(text: str) -> bool:
    """Whether ``text`` holds anything :func:`visible` would replace (tab and newline aside)."""
    return _UNSAFE.search(text) is not None


# A whole terminal sequence: CSI (``ESC[31m``, or the C1 CSI) or OSC (``ESC]0;title BEL``).
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)


def without_hidden(text: str, *, sequences: bool = True) -> str:
    """``text`` with every character :func:`visible` would replace removed (tab and newline
    stay), and with ``sequences`` whole terminal sequences (``ESC[31m``, an OSC title) first.

    For comparing and searching only, never for storing or showing: a colour code
    or a bidi override inside a word should not split it, nor make two otherwise
    identical accounts of one event differ.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub("", _SEQUENCE.sub("", text) if sequences else text)
