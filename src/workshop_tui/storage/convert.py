"""Conversion between domain models and database rows: the one boundary.

Writing: dates, times and datetimes become ISO text, enums their value, bools
0/1, lists and dicts JSON. Reading: what was stored was validated on the way
in, so rows are turned back into models with ``model_construct`` and a
converter per field made from its annotation (ISO text to dates, values to
enums, 0/1 to bools). That skips building pydantic's validators, which the
models defer until first use: 27 ms for ``Review`` alone, at start-up. A
model with a field type not covered falls back to ``model_validate``. The
chronology, which can hold tens of thousands of rows, has its own
hand-written path.
"""

from __future__ import annotations

import datetime as dt
import json
import types
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

from workshop_tui.domain.dates import Precision
from workshop_tui.domain.models import ChronologyEntry, EntryFlag, construct_entry

M = TypeVar("M", bound=BaseModel)

ENTRY_COLUMNS: tuple[str, ...] = (
    "id",
    "agency",
    "date",
    "time",
    "date_approximate",
    "practitioner",
    "event",
    "outcome",
    "analysis",
    "source_file",
    "source_part",
    "source_line",
    "extra",
    "duplicate_group",
    "duplicate_confirmed",
    "flags",
    "in_period",
    "error",
    "raw",
    "date_precision",
    "end_date",
)
"""Entry columns in the order the fast path reads and writes them."""

ENTRY_SELECT = f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entry"
"""Every column of the entries (add ``WHERE ...``), in ``ENTRY_COLUMNS``' order."""


def _json_default(value: object) -> object:
    if isinstance(value, BaseModel):  # a model held in a list (agency.sources)
        return value.model_dump(mode="json")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return str(value)


# json.dumps builds an encoder for each call given options; one made once writes the same
# text (an import writes an entry's extra columns for each of 100,000 rows).
_ENCODE = json.JSONEncoder(default=_json_default, ensure_ascii=False).encode


def to_json(value: object) -> str:
    """JSON text for a list or dict column."""
    return _ENCODE(value)


def to_value(value: object) -> object:
    """One Python value as SQLite stores it."""
    kind = type(value)
    if kind is str or kind is int or value is None:
        return value
    if isinstance(value, Enum):  # before str and int: a StrEnum is a str
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | dict | tuple):
        return to_json(value)
    return str(value)


def audit_text(value: object) -> str | None:
    """One value as the audit trail records it (readable text, None for none)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    stored = to_value(value)
    return stored if isinstance(stored, str) else str(stored)


def to_row(model: BaseModel, columns: Iterable[str]) -> dict[str, object]:
    """The stored values of ``model`` for ``columns``."""
    return {name: to_value(getattr(model, name)) for name in columns}


def from_row(model_type: type[M], row: dict[str, Any], json_columns: Iterable[str] = ()) -> M:
    """A stored row back as ``model_type`` (for small tables)."""
    values = {k: v for k, v in row.items() if k in model_type.model_fields}
    for name in json_columns:
        if name in values and isinstance(values[name], str):
            values[name] = json.loads(values[name])
    readers = _readers(model_type)
    if readers is None:
        return model_type.model_validate(values)
    for name, value in values.items():
        if value is not None:
            values[name] = readers[name](value)
    return model_type.model_construct(**values)


_Reader = Callable[[Any], Any]
_READERS: dict[type, dict[str, _Reader] | None] = {}


def _same(value: Any) -> Any:
    return value


def _from_iso(kind: type[dt.date] | type[dt.time]) -> _Reader:
    parse = kind.fromisoformat

    def read(value: Any) -> Any:
        return parse(value) if isinstance(value, str) else value

    return read


def _reader(annotation: Any) -> _Reader | None:
    """How to turn a stored value back into ``annotation``'s type; None if not known."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _reader(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return _reader(options[0]) if len(options) == 1 else None
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        if isinstance(item, type) and issubclass(item, Enum):
            return lambda values: [item(v) for v in values]
        if isinstance(item, type) and issubclass(item, BaseModel):
            # Through from_row, so a nested date or enum is read back as one too.
            return lambda values: [from_row(item, v) for v in values]
        if item in (dt.datetime, dt.date, dt.time):  # agency_request.chased
            each = _from_iso(item)
            return lambda values: [each(v) for v in values]
        return _same if item in (int, str, Any) else None
    if origin is dict:
        return _same
    if annotation is bool:
        return bool
    if annotation in (int, str, float, Any, object):
        return _same
    if annotation in (dt.datetime, dt.date, dt.time):
        return _from_iso(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    return None


def _readers(model_type: type[BaseModel]) -> dict[str, _Reader] | None:
    """A reader per field of ``model_type``, or None if a field's type is not covered."""
    if model_type not in _READERS:
        readers = {name: _reader(f.annotation) for name, f in model_type.model_fields.items()}
        known = all(r is not None for r in readers.values())
        _READERS[model_type] = {k: r for k, r in readers.items() if r} if known else None
    return _READERS[model_type]


# The chronology fast path. Empty containers are common, so they skip json.loads.
_date = dt.date.fromisoformat
_time = dt.time.fromisoformat
_FLAG = {flag.value: flag for flag in EntryFlag}
_PRECISION = {precision.value: precision for precision in Precision}


def entry_to_tuple(review_id: int, entry_id: int | None, e: ChronologyEntry) -> tuple[object, ...]:
    """Entry values for ``INSERT INTO entry (review_id, *ENTRY_COLUMNS)``."""
    return (
        review_id,
        entry_id,
        e.agency,
        None if e.date is None else e.date.isoformat(),
        None if e.time is None else e.time.isoformat(),
        int(e.date_approximate),
        e.practitioner,
        e.event,
        e.outcome,
        e.analysis,
        e.source_file,
        e.source_part,
        e.source_line,
        to_json(e.extra) if e.extra else "{}",
        e.duplicate_group,
        int(e.duplicate_confirmed),
        to_json([f.value for f in e.flags]) if e.flags else "[]",
        int(e.in_period),
        e.error,
        to_json(e.raw) if e.raw else "{}",
        e.date_precision._value_,  # not .value: an Enum property, slow for every entry
        None if e.end_date is None else e.end_date.isoformat(),
    )


def entry_from_tuple(row: Sequence[Any]) -> ChronologyEntry:
    """Build an entry from a row in ``ENTRY_COLUMNS`` order, without re-validating.

    The row was validated on the way in, so ``model_construct`` is safe and
    keeps loading 50,000 entries quick.
    """
    (
        id_,
        agency,
        date,
        time,
        approx,
        practitioner,
        event,
        outcome,
        analysis,
        source_file,
        source_part,
        source_line,
        extra,
        group,
        confirmed,
        flags,
        in_period,
        error,
        raw,
        precision,
        end_date,
    ) = row
    return construct_entry(
        {
            "id": id_,
            "agency": agency,
            "date": None if date is None else _date(date),
            "time": None if time is None else _time(time),
            "date_approximate": bool(approx),
            "date_precision": _PRECISION[precision],
            "end_date": None if end_date is None else _date(end_date),
            "practitioner": practitioner,
            "event": event,
            "outcome": outcome,
            "analysis": analysis,
            "source_file": source_file,
            "source_part": source_part,
            "source_line": source_line,
            "extra": {} if extra == "{}" else json.loads(extra),
            "duplicate_group": group,
            "duplicate_confirmed": bool(confirmed),
            "flags": [] if flags == "[]" else [_FLAG[f] for f in json.loads(flags)],
            "in_period": bool(in_period),
            "error": error,
            "raw": {} if raw == "{}" else json.loads(raw),
        }
    )
