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
from typing import Any, TypeVar

from workshop_tui.domain.models import (
    DEFAULT_MARKING,
    Attendance,
    Kloe,
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
_AGENCY_KEYS = ("key", "name", "files", "columns")
_PARTICIPANT_KEYS = ("name", "role", "agency", "attendance")
_KLOE_KEYS = ("title", "question", "minutes", "period_start", "period_end", "prompts")
_PSEUDONYM_KEYS = ("real", "label")
_HH_MM = re.compile(r"(\d{1,2}):(\d{2})")
MAX_CASE_TOML_BYTES = 1024 * 1024
"""A real case.toml is a few kilobytes; anything this large is not one."""
_MAX_DOTS_PER_LINE = 1000
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class AgencySpec:
    """One ``[[agencies]]`` entry: its chronology files and any header overrides."""

    key: str
    name: str
    files: tuple[str, ...] = ()
    """Paths relative to the case pack, in posix form."""
    columns: dict[str, str] = field(default_factory=dict)
    """Field name to header text, overriding the synonym table."""


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


class _Checker:
    """Collects problems while reading one table, naming it like ``[[kloes]] #3``."""

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
        return value

    def text(self, where: str, table: dict[str, Any], key: str, *, required: bool = False) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.fail(f"{where} {key}", f'required, e.g. {key} = "..."')
            return ""
        if not isinstance(value, str):
            self.fail(f"{where} {key}", f"expected text in quotes, got {show(value)}")
            return ""
        if required and not value.strip():
            self.fail(f"{where} {key}", "required, and must not be empty")
        return value

    def date(self, where: str, table: dict[str, Any], key: str) -> dt.date | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(f"{where} {key}", f"expected a date like 2023-04-01, got {show(value)}")
        return None

    def period(
        self, where: str, start: dt.date | None, end: dt.date | None
    ) -> tuple[dt.date | None, dt.date | None]:
        if start and end and start > end:
            self.fail(
                f"{where} period_end",
                f"{end.isoformat()} is before period_start {start.isoformat()}",
            )
            return None, None
        return start, end

    def array(self, key: str, value: object) -> list[Any]:
        if isinstance(value, list):
            return value
        self.fail(key, f"expected [[{key}]] tables (a list), got {show(value)}; write [[{key}]]")
        return []


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

    check = _Checker(name, problems)
    check.table("", document, _TOP_LEVEL)

    if "review" not in document:
        check.fail("[review]", "required, with at least reference and title")
        review = None
    else:
        review = _review(check, document["review"])

    agencies = None
    if "agencies" in document:
        agencies = _many(check, "agencies", document["agencies"], _AGENCY_KEYS, _agency)
        _check_unique_agencies(check, agencies)
    participants = _many(
        check, "participants", document.get("participants", []), _PARTICIPANT_KEYS, _participant
    )
    kloes = _many(check, "kloes", document.get("kloes", []), _KLOE_KEYS, _kloe)
    kloes = [kloe.model_copy(update={"number": number}) for number, kloe in enumerate(kloes, 1)]
    pseudonyms = _many(
        check, "pseudonyms", document.get("pseudonyms", []), _PSEUDONYM_KEYS, _pseudonym
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
    check: _Checker,
    key: str,
    value: object,
    known: tuple[str, ...],
    build: Callable[[_Checker, str, dict[str, Any]], _T | None],
) -> list[_T]:
    built: list[_T] = []
    for number, item in enumerate(check.array(key, value), start=1):
        where = f"[[{key}]] #{number}"
        table = check.table(where, item, known)
        if not table and not isinstance(item, dict):
            continue
        result = build(check, where, table)
        if result is not None:
            built.append(result)
    return built


def _review(check: _Checker, value: object) -> Review | None:
    where = "[review]"
    table = check.table(where, value, _REVIEW_KEYS)
    before = len(check.problems)
    texts = {
        key: check.text(where, table, key, required=key in ("reference", "title"))
        for key in _REVIEW_TEXT
    }
    if "marking" not in table:
        texts["marking"] = DEFAULT_MARKING
    dates = {key: check.date(where, table, key) for key in _REVIEW_DATES}
    dates["period_start"], dates["period_end"] = check.period(
        where, dates["period_start"], dates["period_end"]
    )
    start = _workshop_start(check, table.get("workshop_start"))
    if len(check.problems) > before:
        return None
    return Review(**texts, **dates, workshop_start=start)


def _workshop_start(check: _Checker, value: object) -> dt.time | None:
    if value is None:
        return None
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        match = _HH_MM.fullmatch(value.strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return dt.time(int(match[1]), int(match[2]))
    check.fail("[review] workshop_start", f'expected a time like "09:30", got {show(value)}')
    return None


def default_agency_name(key: str) -> str:
    """An agency's name when the pack gives none: its key in words (``early_help``: Early Help)."""
    return key.replace("_", " ").replace("-", " ").strip().title() or key


def _agency(check: _Checker, where: str, table: dict[str, Any]) -> AgencySpec | None:
    before = len(check.problems)
    key = check.text(where, table, "key", required=True).strip()
    name = check.text(where, table, "name").strip() or default_agency_name(key)
    files: list[str] = []
    raw_files = table.get("files", [])
    if not isinstance(raw_files, list):
        check.fail(
            f"{where} files",
            f'expected a list of paths like ["chronologies/{key or "police"}.csv"], '
            f"got {show(raw_files)}",
        )
        raw_files = []
    for path in raw_files:
        if not isinstance(path, str) or not path.strip():
            check.fail(f"{where} files", f"expected a path in quotes, got {show(path)}")
            continue
        safe = safe_relative_path(path)
        if safe is None:
            check.fail(
                f"{where} files",
                f"{show(path)} is outside the case pack; give a path inside it, "
                f'like "chronologies/{key or "police"}.csv"',
            )
            continue
        if safe in files:
            check.fail(f"{where} files", f"{show(path)} is listed twice")
            continue
        files.append(safe)
    columns: dict[str, str] = {}
    raw_columns = table.get("columns", {})
    if not isinstance(raw_columns, dict):
        check.fail(
            f"{where} columns",
            f'expected a table like {{ date = "When" }}, got {show(raw_columns)}',
        )
        raw_columns = {}
    for field_name, header in raw_columns.items():
        if field_name not in FIELDS:
            check.fail(
                f"{where} columns",
                f"unknown field {show(field_name)} (fields: {', '.join(FIELDS)})",
            )
        elif not isinstance(header, str) or not header.strip():
            check.fail(
                f"{where} columns",
                f"{field_name}: expected a header in quotes, got {show(header)}",
            )
        else:
            columns[field_name] = header
    if len(check.problems) > before:
        return None
    return AgencySpec(key, name, tuple(files), columns)


def _check_unique_agencies(check: _Checker, agencies: list[AgencySpec]) -> None:
    seen_keys: set[str] = set()
    seen_files: dict[str, str] = {}
    for agency in agencies:
        if agency.key in seen_keys:
            check.fail("[[agencies]] key", f"{show(agency.key)} is used by two agencies")
        seen_keys.add(agency.key)
        for path in agency.files:
            if path in seen_files and seen_files[path] != agency.key:
                check.fail(
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


def _participant(check: _Checker, where: str, table: dict[str, Any]) -> Participant | None:
    before = len(check.problems)
    name = check.text(where, table, "name", required=True)
    role = check.text(where, table, "role")
    agency = check.text(where, table, "agency")
    attendance = Attendance.INVITED
    raw = table.get("attendance")
    if raw is not None:
        allowed = [member.value for member in Attendance]
        if isinstance(raw, str) and raw.strip().lower() in allowed:
            attendance = Attendance(raw.strip().lower())
        else:
            check.fail(
                f"{where} attendance",
                f"must be one of {', '.join(allowed)}, got {show(raw)}",
            )
    if len(check.problems) > before:
        return None
    return Participant(
        name=name.strip(), role=role.strip(), agency=agency.strip(), attendance=attendance
    )


def _kloe(check: _Checker, where: str, table: dict[str, Any]) -> Kloe | None:
    before = len(check.problems)
    title = check.text(where, table, "title", required=True)
    question = check.text(where, table, "question")
    minutes = table.get("minutes", 20)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 480:
        check.fail(
            f"{where} minutes",
            f"must be a whole number of minutes between 1 and 480, got {show(minutes)}",
        )
    start, end = check.period(
        where, check.date(where, table, "period_start"), check.date(where, table, "period_end")
    )
    prompts = table.get("prompts", [])
    if not isinstance(prompts, list) or not all(isinstance(p, str) for p in prompts):
        check.fail(f"{where} prompts", f'expected a list of text like ["..."], got {show(prompts)}')
        prompts = []
    if len(check.problems) > before:
        return None
    return Kloe(
        number=1,
        title=title.strip(),
        question=question.strip(),
        minutes=minutes,
        period_start=start,
        period_end=end,
        prompts=[p.strip() for p in prompts if p.strip()],
    )


def _pseudonym(check: _Checker, where: str, table: dict[str, Any]) -> Pseudonym | None:
    before = len(check.problems)
    real = check.text(where, table, "real", required=True)
    label = check.text(where, table, "label", required=True)
    if len(check.problems) > before:
        return None
    return Pseudonym(real=real.strip(), label=label.strip())
