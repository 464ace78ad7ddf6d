"""The top-level object read a member at a time gives what ``json.loads`` gives.

``importers.json_stream`` reads an archive a piece at a time with ``json``'s own scanner
(issue 24). Whatever the text (valid, cut short, damaged, not UTF-8, nested too deeply)
and wherever the window's edges fall, it must give the same value or the same error,
at the same line and column, as ``json.loads`` over the whole text.
"""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_tui.importers.json_stream import JsonError, JsonObjectReader, TooLong

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)
documents = st.dictionaries(
    st.sampled_from(["entries", "lines", "review", "kloes", "x", "\u00e9t\u00e9"]),
    values,
    max_size=5,
)


def whole(raw: bytes) -> tuple[Any, ...]:
    try:
        return ("value", json.loads(raw.decode("utf-8-sig")))
    except UnicodeDecodeError:
        return ("not utf-8",)
    except json.JSONDecodeError as error:
        return ("json", error.msg, error.lineno, error.colno)
    except RecursionError:
        return ("too deep",)
    except ValueError as error:
        return ("value error", str(error))


def streamed(raw: bytes, chunk: int) -> tuple[Any, ...]:
    reader = JsonObjectReader(io.BytesIO(raw), chunk=chunk)
    try:
        try:
            if reader.first() != "{":
                value = reader.value()
                reader.end()
                return ("value", value)
            found: dict[str, Any] = {}
            for key, first in reader.members():
                if first == "[" and key in ("entries", "lines"):
                    found[key] = list(reader.items())
                elif key != "x":  # "x" is left unread: the reader decodes and drops it
                    found[key] = reader.value()
                else:
                    found[key] = json.loads(json.dumps(key))  # a marker, replaced below
            return ("value", found)
        except (JsonError, RecursionError, ValueError):
            reader.drain()  # bytes that are not UTF-8 further on are the first problem
            raise
    except UnicodeDecodeError:
        return ("not utf-8",)
    except JsonError as error:
        return ("json", error.msg, error.lineno, error.colno)
    except RecursionError:
        return ("too deep",)
    except ValueError as error:
        return ("value error", str(error))


def _unread_x(result: tuple[Any, ...], raw: bytes) -> tuple[Any, ...]:
    """The whole read's value with "x" as the stream test records it (unread)."""
    if result[0] == "value" and isinstance(result[1], dict) and "x" in result[1]:
        return ("value", {**result[1], "x": "x"})
    return result


def layouts(document: dict[str, Any]) -> st.SearchStrategy[bytes]:
    return st.sampled_from([None, 0, 2, "\t"]).map(
        lambda indent: json.dumps(document, indent=indent, ensure_ascii=False).encode()
    )


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    raw = draw(documents.flatmap(layouts))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(raw)))
        cut = draw(st.integers(0, 4))
        put = draw(
            st.sampled_from([b"", b",", b"]", b"}", b'"', b"\\", b"\xff", b"\n", b"[[", b"1"])
        )
        raw = raw[:at] + put + raw[at + cut :]
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    if draw(st.booleans()):
        raw = b"\xef\xbb\xbf" + raw
    return raw


PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


@PROPERTY
@given(raw=damaged(), chunk=st.integers(1, 40))
def test_any_text_reads_as_json_loads_reads_it(raw: bytes, chunk: int) -> None:
    expected = _unread_x(whole(raw), raw)
    if expected[0] == "value" and isinstance(expected[1], dict):
        keys = [k for k in json.loads(raw.decode("utf-8-sig"))]
        assert len(keys) == len(set(keys))
    assert streamed(raw, chunk) == expected


def test_a_value_longer_than_its_limit_is_not_read_whole() -> None:
    raw = b'{"review": "' + b"x" * 100_000 + b'", "entries": []}'
    reader = JsonObjectReader(io.BytesIO(raw), chunk=1000)
    for _key, _first in reader.members():
        try:
            reader.value(limit=5000)
        except TooLong:
            assert len(reader._text) < 10_000
            return
    raise AssertionError("the long value was read")


def test_deep_nesting_and_long_numbers_are_json_loads_errors() -> None:
    assert streamed(b"[" * 100_000 + b"]" * 100_000, 7) == ("too deep",)
    long_number = b'{"entries": [' + b"9" * 5000 + b"]}"
    assert streamed(long_number, 64) == whole(long_number)
    assert streamed(b"", 3) == whole(b"")
    assert streamed(b'{"a": 1} x', 3) == whole(b'{"a": 1} x')


def test_a_list_is_read_an_item_at_a_time() -> None:
    """The window holds about one item: the text before it is dropped as it is read."""
    items = [{"n": n, "text": "y" * 500} for n in range(2000)]
    raw = json.dumps({"entries": items}).encode()
    reader = JsonObjectReader(io.BytesIO(raw), chunk=1024)
    widest = 0
    count = 0
    for _key, _first in reader.members():
        for item in reader.items():
            assert item == items[count]
            count += 1
            widest = max(widest, len(reader._text))
    assert count == 2000
    assert widest < 4 * 1024, widest
