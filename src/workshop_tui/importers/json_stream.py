"""A JSON object read from a file a member at a time, with ``json``'s own scanner.

An archive's chronology may be larger than the memory it is imported with (issue 24).
:class:`JsonObjectReader` reads the top-level object's members one by one, and the items
of a member that is a list one by one, each decoded by the C scanner that ``json.loads``
uses (``JSONDecoder.scan_once``) on a window of the text; the window grows only to hold
the value being decoded. The result, and every error (its message, line and column),
are those of ``json.loads`` over the whole text: the tests hold the two side by side.

The top-level object's members are yielded in order, a key used twice each time
(``json.loads`` keeps the last value at the first key's place): the caller decides.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 1 << 17
"""Characters read at a time."""
_WHITESPACE = " \t\n\r"
_SURE = 32
"""An error this far before the end of the window is the text's own, not the window's:
more text cannot change it (the longest token cut short, ``-Infinity`` or ``\\uXXXX``,
is shorter). An unterminated string is always read on."""


def _key(text: str, pos: int) -> tuple[str, int]:
    """The string whose opening quote is at ``pos``."""
    key, end = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
    return key, end


class JsonError(Exception):
    """The text is not valid JSON: ``json.JSONDecodeError``'s message, line and column."""

    def __init__(self, msg: str, lineno: int, colno: int) -> None:
        super().__init__(f"{msg}: line {lineno} column {colno}")
        self.msg = msg
        self.lineno = lineno
        self.colno = colno


class TooLong(Exception):
    """A value is longer than the limit it was read with (nothing more of it is read)."""


class JsonObjectReader:
    """Read a JSON text from ``source`` (UTF-8, a byte order mark allowed) a piece at a time.

    Raises (from any method):
        UnicodeDecodeError: the bytes are not UTF-8.
        JsonError: the text is not valid JSON.
        RecursionError: a value is nested too deeply for ``json`` to decode.
        ValueError: a number ``json`` will not convert (too many digits).
    """

    def __init__(self, source: IO[bytes], chunk: int = CHUNK) -> None:
        self._source = source
        self._chunk = chunk
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._text = ""
        self._pos = 0
        self._eof = False
        self._lines = 0
        """Line breaks before the window."""
        self._column = 0
        """Characters since the last line break before the window."""
        self._scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
        self.digest = hashlib.blake2b()
        """Of every byte read: a second reading of the file can tell it is the same."""
        self.size = 0
        """Bytes read so far."""
        self._reads = 0
        self._dropped = 0

    # the window ------------------------------------------------------------------

    def _more(self) -> bool:
        """Read on (at least as much again as the window holds); False at the end."""
        if self._eof:
            return False
        self._drop()
        want = max(self._chunk, len(self._text))
        raw = self._source.read(want)
        self.size += len(raw)
        self.digest.update(raw)
        if not raw:
            self._eof = True
            self._text += self._decoder.decode(b"", final=True)
            return True
        self._text += self._decoder.decode(raw)
        return True

    def _drop(self) -> None:
        """Forget the text before the reading position (noting its lines for errors)."""
        pos = self._pos
        if not pos:
            return
        text = self._text
        breaks = text.count("\n", 0, pos)
        if breaks:
            self._lines += breaks
            self._column = pos - text.rindex("\n", 0, pos) - 1
        else:
            self._column += pos
        self._text = text[pos:]
        self._dropped += pos
        self._pos = 0

    def _error(self, msg: str, pos: int) -> JsonError:
        text = self._text
        breaks = text.count("\n", 0, pos)
        lineno = self._lines + breaks + 1
        colno = pos - text.rindex("\n", 0, pos) if breaks else self._column + pos + 1
        return JsonError(msg, lineno, colno)

    def _next_char(self) -> str:
        """The next character that is not white space (the position left on it); '' at
        the end of the text."""
        while True:
            text, pos = self._text, self._pos
            end = len(text)
            while pos < end and text[pos] in _WHITESPACE:
                pos += 1
            self._pos = pos
            if pos < end:
                return text[pos]
            if not self._more():
                return ""

    @property
    def position(self) -> int:
        """Characters read past so far."""
        return self._dropped + self._pos

    def _decode(self, scan: Any, limit: int | None = None) -> Any:
        """``scan(text, pos)`` at the reading position, reading on until the value is
        whole (or longer than ``limit`` characters: TooLong); the position moves past it."""
        while True:
            if limit is not None and len(self._text) - self._pos > limit + self._chunk:
                raise TooLong
            try:
                value, end = scan(self._text, self._pos)
            except StopIteration as stop:
                if self._read_on(stop.value, "Expecting value"):
                    continue
                raise self._error("Expecting value", stop.value) from None
            except json.JSONDecodeError as error:
                if self._read_on(error.pos, error.msg):
                    continue
                raise self._error(error.msg, error.pos) from None
            if isinstance(value, int | float) and end + _SURE >= len(self._text) and self._more():
                continue  # a number cut short by the window (``1`` of ``1.5e3``) reads on
            self._pos = end
            return value

    def _read_on(self, pos: int, msg: str) -> bool:
        """Whether an error at ``pos`` may be the window's end, and more text was read."""
        if self._eof:
            return False
        if pos + _SURE < len(self._text) and not msg.startswith("Unterminated string"):
            return False
        return self._more()

    def _expect(self, msg: str) -> JsonError:
        return self._error(msg, self._pos)

    # the object ------------------------------------------------------------------

    def first(self) -> str:
        """The first character of the value at the reading position ('' at the end)."""
        return self._next_char()

    def members(self) -> Iterator[tuple[str, str]]:
        """The top-level object's keys, in order, each with the first character of its
        value (``[`` for a list); the caller may read the value with :meth:`value` or
        :meth:`items` before asking for the next key (one not read is decoded and
        dropped). Call it where :meth:`first` is ``{``; what follows the object is
        checked (:meth:`end`).

        """
        if self._next_char() != "{":
            return
        self._pos += 1
        char = self._next_char()
        if char == "}":
            self._pos += 1
            self.end()
            return
        while True:
            if char != '"':
                raise self._expect("Expecting property name enclosed in double quotes")
            key = self._decode(_key)
            if self._next_char() != ":":
                raise self._expect("Expecting ':' delimiter")
            self._pos += 1
            first = self._next_char()
            reads = self._reads
            yield key, first
            if self._reads == reads:  # the caller did not read it
                self.value()
            char = self._next_char()
            if char == "}":
                self._pos += 1
                self.end()
                return
            if char != ",":
                raise self._expect("Expecting ',' delimiter")
            self._pos += 1
            char = self._next_char()

    def value(self, limit: int | None = None) -> Any:
        """The value at the reading position, decoded whole.

        Raises:
            TooLong: it is longer than ``limit`` characters (read no further than that).
        """
        self._reads += 1
        self._next_char()
        return self._decode(self._scan, limit)

    def items(self, limit: int | None = None) -> Iterator[Any]:
        """The items of the list at the reading position, each decoded as it is reached
        (TooLong: one is longer than ``limit`` characters)."""
        self._reads += 1
        if self._next_char() != "[":
            raise self._expect("Expecting value")
        self._pos += 1
        if self._next_char() == "]":
            self._pos += 1
            return
        while True:
            yield self.value(limit)
            char = self._next_char()
            if char == "]":
                self._pos += 1
                return
            if char != ",":
                raise self._expect("Expecting ',' delimiter")
            self._pos += 1

    def end(self) -> None:
        """Nothing but white space may follow the value read."""
        if self._next_char():
            raise self._expect("Extra data")

    def drain(self) -> None:
        """Read the rest of the bytes (checking they are UTF-8), keeping none of them."""
        while not self._eof:
            self._pos = len(self._text)
            self._more()
        self._pos = len(self._text)
        self._drop()
