"""case.toml: the review, its agencies, participants, KLOEs and pseudonyms (DESIGN.md section 3).

Every value is checked and every message names the key and the value, e.g.
``case.toml: [review] period_start: expected a date like 2023-04-01, got "01/04/2023"``.
An unknown key is an error, not a warning: a misspelt key would otherwise drop
what it holds without a word. All problems are collected before anything is
refused, so one run lists them all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from workshop_tui.domain.models import (
    Attendance,
    Kloe,
    NonEmpty,
    Participant,
    Pseudonym,
    Review,
)
from workshop_tui.domain.problems import InputError, Problem
from workshop_tui.importers.headers import FIELDS

CASE_FILE = "case.toml"

_TOP_LEVEL = ("review", "agencies", "participants", "kloes", "pseudonyms")
_REVIEW_TEXT = (
    "reference",
    "title",
    "subject",
    "partnership",
    "lead_reviewer",
    "note_taker",
    "marking",
    "location",
    "terms_of_reference",
)
_REVIEW_DATES = ("period_start", "period_end", "workshop_date")
_REVIEW_KEYS = (*_REVIEW_TEXT, *_REVIEW_DATES, "workshop_start")
_AGENCY_KEYS = ("key", "name", "files", "columns", "requested", "due")
_PARTICIPANT_KEYS = ("name", "role", "agency", "attendance", "email")
_KLOE_KEYS = ("title", "question", "minutes", "period_start", "period_end", "prompts")
_PSEUDONYM_KEYS = ("real", "label")
_HH_MM = re.compile(r"(\d{1,2}):(\d{2})")
MAX_CASE_TOML_BYTES = 1024 * 1024
"""A real case.toml is a few kilobytes; anything this large is not one."""
_MAX_DOTS_PER_LINE = 1000
_T = TypeVar("_T")
_M = TypeVar("_M", bound=BaseModel)
_ATTENDANCE = {member.value for member in Attendance}


@dataclass(frozen=True, slots=True)
class AgencySpec:
    """One ``[[agencies]]`` entry: its chronology files and any header overrides."""

    key: str
    name: str
    files: tuple[str, ...] = ()
    """Paths relative to the case pack, in posix form."""
    columns: dict[str, str] = field(default_factory=dict)
    """Field name to header text, overriding the synonym table."""
    requested: dt.date | None = None
    """When its chronology was asked for."""
    due: dt.date | None = None
    """When its chronology is due."""


@dataclass(slots=True)
class CaseConfig:
    """What case.toml says. ``agencies`` is None when it has no ``[[agencies]]``."""

    review: Review | None
    agencies: list[AgencySpec] | None = None
    participants: list[Participant] = field(default_factory=list)
    kloes: list[Kloe] = field(default_factory=list)
    pseudonyms: list[Pseudonym] = field(default_factory=list)


def show(value: object) -> str:
    """A value as TOML would write it, for messages: strings in quotes."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


# How case.toml may write a value, for the values it may write otherwise than the models
# hold them; what each field must be, for messages (", got VALUE" follows).
_EXPECTED = {
    **dict.fromkeys(_REVIEW_TEXT, "expected text in quotes"),
    **dict.fromkeys(
        ("name", "role", "agency", "key", "question", "real", "label", "email"),
        "expected text in quotes",
    ),
    **dict.fromkeys((*_REVIEW_DATES, "requested", "due"), "expected a date like 2023-04-01"),
    "workshop_start": 'expected a time like "09:30"',
    "minutes": "must be a whole number of minutes between 1 and 480",
    "prompts": 'expected a list of text like ["..."]',
    "attendance": f"must be one of {', '.join(member.value for member in Attendance)}",
}


class _Reader:
    """Reads case.toml's tables into the models, naming each problem by its table and key
    (``[[kloes]] #3 minutes: ...``). The models hold every rule (:meth:`validate`); this
    only knows the file: its tables, its keys, and how TOML writes dates and times."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self.problems = problems

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.name, f"{where}: {message}"))

    def table(self, where: str, value: object, known: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"expected a table, got {show(value)}")
            return {}
        for key in value:
            if key not in known:
                hint = difflib.get_close_matches(key, known, n=1)
                suggestion = f'; did you mean "{hint[0]}"?' if hint else ""
                self.fail(
                    f"{where} {key}" if where else key,
                    f"unknown key (known keys: {', '.join(known)}){suggestion}",
                )
        return {key: item for key, item in value.items() if key in known}

    def array(self, key: str, value: object) -> list[Any]:
        if isinstance(value, list):
            return value
        self.fail(key, f"expected [[{key}]] tables (a list), got {show(value)}; write [[{key}]]")
        return []

    def validate(self, model: type[_M], where: str, values: dict[str, Any]) -> _M | None:
        """``model.model_validate`` in strict mode (TOML's types are the types: no number
        read from text, no true read as 1), each problem named by its key."""
        try:
            return model.model_validate(values, strict=True)
        except ValidationError as error:
            reported: set[str] = set()
            for item in error.errors():
                # A model's own rule (a period that ends before it starts) has no key:
                # it is named by the key to change.
                key = str(item["loc"][0]) if item["loc"] else "period_end"
                # Each of an agency's files and columns is named on its own.
                seen = str(item["loc"][:2]) if key in ("files", "columns") else key
                if seen in reported:
                    continue
                reported.add(seen)
                self.fail(f"{where} {key}" if key else where, _message(item, key, values))
            return None


def _message(item: ErrorDetails, key: str, values: dict[str, Any]) -> str:
    kind, loc = item["type"], item["loc"]
    if key == "columns" and len(loc) > 1:  # one column: { date = "When" }
        if loc[-1] == "[key]":
            return str(item["msg"])
        if kind == "case_toml":
            return f"{loc[1]}: {item['msg']}"
        return f"{loc[1]}: expected a header in quotes, got {show(item['input'])}"
    if key == "files" and len(loc) > 1 and kind != "case_toml":
        return f"expected a path in quotes, got {show(item['input'])}"
    if key in ("files", "columns") and kind != "case_toml":
        example = (
            f'a list of paths like ["chronologies/{values.get("key") or "police"}.csv"]'
            if key == "files"
            else 'a table like { date = "When" }'
        )
        return f"expected {example}, got {show(values.get(key))}"
    if kind == "case_toml":
        return str(item["msg"])
    if kind == "missing":
        return f'required, e.g. {key} = "..."'
    if kind == "string_too_short":
        return "required, and must not be empty"
    if not item["loc"] and "period_start" in values and "period_end" in values:
        return f"{values['period_end']} is before period_start {values['period_start']}"
    if kind == "value_error" and isinstance(values.get(key), str):
        return str(item["msg"]).removeprefix("Value error, ")  # a model's own rule (an address)
    if key in _EXPECTED:
        return f"{_EXPECTED[key]}, got {show(values.get(key))}"
    return str(item["msg"]).removeprefix("Value error, ")


def parse_case_toml(text: str | bytes, name: str = CASE_FILE) -> tuple[CaseConfig, list[Problem]]:
    """Read case.toml text, collecting every problem instead of stopping at the first.

    Args:
        text: The file's content.
        name: The location used in problems (normally ``case.toml``).

    Returns:
        What could be read (``review`` None when it is unusable) and every problem found.
    """
    problems: list[Problem] = []
    if len(text) > MAX_CASE_TOML_BYTES:
        size = len(text) / 1024 / 1024
        problems.append(
            Problem(
                name,
                f"refused: {size:,.1f} MB is far too large for a case.toml "
                f"(the limit is {MAX_CASE_TOML_BYTES // 1024 // 1024} MB)",
            )
        )
        return CaseConfig(review=None), problems
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(name, "cannot read: case.toml must be UTF-8 text"))
            return CaseConfig(review=None), problems
    for number, line_text in enumerate(text.splitlines(), start=1):
        # tomllib takes quadratic time over a dotted key thousands of parts long.
        if line_text.count(".") > _MAX_DOTS_PER_LINE:
            problems.append(
                Problem(
                    f"{name}:{number}",
                    f"refused: more than {_MAX_DOTS_PER_LINE:,} dots on one line "
                    "(a key nested thousands deep?); nothing in a case.toml needs that",
                )
            )
            return CaseConfig(review=None), problems
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = re.search(r"\(at line (\d+), column \d+\)", message)
        location = f"{name}:{line[1]}" if line else name
        problems.append(Problem(location, f"not valid TOML: {message}"))
        return CaseConfig(review=None), problems
    except RecursionError:
        problems.append(Problem(name, "not valid TOML: arrays or tables nested far too deeply"))
        return CaseConfig(review=None), problems

    read = _Reader(name, problems)
    read.table("", document, _TOP_LEVEL)

    if "review" not in document:
        read.fail("[review]", "required, with at least reference and title")
        review = None
    else:
        before = len(problems)
        review = _review(read, document["review"])
        if len(problems) > before:  # an unknown key too: nothing half-read is kept
            review = None

    agencies = None
    if "agencies" in document:
        agencies = _many(read, "agencies", document["agencies"], _AGENCY_KEYS, _agency)
        _check_unique_agencies(read, agencies)
    participants = _many(
        read, "participants", document.get("participants", []), _PARTICIPANT_KEYS, _participant
    )
    kloes = _many(read, "kloes", document.get("kloes", []), _KLOE_KEYS, _kloe)
    kloes = [kloe.model_copy(update={"number": number}) for number, kloe in enumerate(kloes, 1)]
    pseudonyms = _many(
        read, "pseudonyms", document.get("pseudonyms", []), _PSEUDONYM_KEYS, _pseudonym
    )
    config = CaseConfig(review, agencies, participants, kloes, pseudonyms)
    return config, problems


def read_case_toml(text: str | bytes, name: str = CASE_FILE) -> CaseConfig:
    """Read case.toml text, refusing it if anything is wrong.

    Args:
        text: The file's content.
        name: The location used in problems.

    Returns:
        The validated configuration.

    Raises:
        InputError: With every problem found.
    """
    config, problems = parse_case_toml(text, name)
    if problems or config.review is None:
        raise InputError(problems or [Problem(name, "[review]: required")])
    return config


def _many(
    read: _Reader,
    key: str,
    value: object,
    known: tuple[str, ...],
    build: Callable[[_Reader, str, dict[str, Any]], _T | None],
) -> list[_T]:
    built: list[_T] = []
    for number, item in enumerate(read.array(key, value), start=1):
        where = f"[[{key}]] #{number}"
        before = len(read.problems)
        table = read.table(where, item, known)
        if not table and not isinstance(item, dict):
            continue
        result = build(read, where, table)
        if result is not None and len(read.problems) == before:
            built.append(result)
    return built


def _review(read: _Reader, value: object) -> Review | None:
    where = "[review]"
    table = read.table(where, value, _REVIEW_KEYS)
    values = dict(table)
    for key in _REVIEW_DATES:
        if key in values:
            values[key] = _toml_date(values[key])
    if "workshop_start" in values:
        values["workshop_start"] = _toml_time(values["workshop_start"])
    return read.validate(Review, where, values)


def _toml_date(value: object) -> object:
    """A TOML date as it is; a date in quotes, ``"2023-04-01"``, read as one."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    return value


def _toml_time(value: object) -> object:
    """A TOML time to the minute; a time in quotes, ``"09:30"``, read as one."""
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        match = _HH_MM.fullmatch(value.strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return dt.time(int(match[1]), int(match[2]))
    return value


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def default_agency_name(key: str) -> str:
    """An agency's name when the pack gives none: its key in words (``early_help``: Early Help)."""
    return key.replace("_", " ").replace("-", " ").strip().title() or key


def _refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError("case_toml", message)


def _pack_path(path: str, info: ValidationInfo) -> str:
    if not path.strip():
        raise _refuse(f"expected a path in quotes, got {show(path)}")
    safe = safe_relative_path(path)
    if safe is None:
        key = info.data.get("key") or "police"
        raise _refuse(
            f"{show(path)} is outside the case pack; give a path inside it, "
            f'like "chronologies/{key}.csv"'
        )
    return safe


def _column_field(name: str) -> str:
    if name not in FIELDS:
        raise _refuse(f"unknown field {show(name)} (fields: {', '.join(FIELDS)})")
    return name


def _header(text: str) -> str:
    if not text.strip():
        raise _refuse(f"expected a header in quotes, got {show(text)}")
    return text


class AgencyTable(BaseModel):
    """One ``[[agencies]]`` table as case.toml writes it (read into :class:`AgencySpec`)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    key: NonEmpty
    name: str = ""
    files: list[Annotated[str, AfterValidator(_pack_path)]] = Field(default_factory=list)
    columns: dict[
        Annotated[str, AfterValidator(_column_field)], Annotated[str, AfterValidator(_header)]
    ] = Field(default_factory=dict)
    requested: dt.date | None = None
    due: dt.date | None = None

    @field_validator("due")
    @classmethod
    def _due_after_requested(cls, due: dt.date | None, info: ValidationInfo) -> dt.date | None:
        requested = info.data.get("requested")
        if due is not None and requested is not None and due < requested:
            raise _refuse(f"{due.isoformat()} is before requested {requested.isoformat()}")
        return due

    @field_validator("files")
    @classmethod
    def _each_file_once(cls, files: list[str]) -> list[str]:
        for number, path in enumerate(files):
            if path in files[:number]:
                raise _refuse(f"{show(path)} is listed twice")
        return files


def _agency(read: _Reader, where: str, table: dict[str, Any]) -> AgencySpec | None:
    values = {key: _stripped(value) if key == "key" else value for key, value in table.items()}
    for key in ("requested", "due"):
        if key in values:
            values[key] = _toml_date(values[key])
    agency = read.validate(AgencyTable, where, values)
    if agency is None:
        return None
    name = agency.name.strip() or default_agency_name(agency.key)
    return AgencySpec(
        agency.key,
        name,
        tuple(agency.files),
        dict(agency.columns),
        agency.requested,
        agency.due,
    )


def _check_unique_agencies(read: _Reader, agencies: list[AgencySpec]) -> None:
    seen_keys: set[str] = set()
    seen_files: dict[str, str] = {}
    for agency in agencies:
        if agency.key in seen_keys:
            read.fail("[[agencies]] key", f"{show(agency.key)} is used by two agencies")
        seen_keys.add(agency.key)
        for path in agency.files:
            if path in seen_files and seen_files[path] != agency.key:
                read.fail(
                    "[[agencies]] files",
                    f"{show(path)} belongs to both {show(seen_files[path])} and {show(agency.key)}",
                )
            seen_files[path] = agency.key


def safe_relative_path(path: str) -> str | None:
    """A pack-relative path in posix form, or None when it would leave the pack.

    Absolute paths (``/x``, ``C:\\x``, ``\\\\server\\x``), any ``..`` component and a
    drive anywhere (``./C:x`` is ``C:x`` on Windows, the current folder of drive C) are refused.
    """
    if PureWindowsPath(path).anchor or PurePosixPath(path).is_absolute():
        return None
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or ".." in parts or any(PureWindowsPath(part).drive for part in parts):
        return None
    return "/".join(parts)


def _participant(read: _Reader, where: str, table: dict[str, Any]) -> Participant | None:
    values = {key: _stripped(value) for key, value in table.items()}
    attendance = values.get("attendance")
    if isinstance(attendance, str) and attendance.lower() in _ATTENDANCE:
        values["attendance"] = Attendance(attendance.lower())
    return read.validate(Participant, where, values)


def _kloe(read: _Reader, where: str, table: dict[str, Any]) -> Kloe | None:
    values: dict[str, Any] = {key: _stripped(value) for key, value in table.items()}
    values["number"] = 1  # numbered in order once every KLOE is read
    for key in ("period_start", "period_end"):
        if key in values:
            values[key] = _toml_date(values[key])
    prompts = values.get("prompts")
    if isinstance(prompts, list) and all(isinstance(p, str) for p in prompts):
        values["prompts"] = [p.strip() for p in prompts if p.strip()]
    return read.validate(Kloe, where, values)


def _pseudonym(read: _Reader, where: str, table: dict[str, Any]) -> Pseudonym | None:
    return read.validate(Pseudonym, where, {k: _stripped(v) for k, v in table.items()})
