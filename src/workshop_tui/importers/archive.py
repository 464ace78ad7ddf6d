"""Read a JSON archive written by ``exporters.archive`` back into a ``ReviewData``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from workshop_tui.domain.capture_kinds import CAPTURE_KINDS
from workshop_tui.domain.models import ReviewData
from workshop_tui.domain.problems import InputError, Problem
from workshop_tui.domain.publishing import BRIEFING_KEYS, PUBLISHED_DOCUMENTS, ReviewRecords
from workshop_tui.domain.settings import GROUP_KEYS

from .archive_integrity import (
    duplicate_ids,
    first_problems,
    integers_out_of_range,
    unknown_agencies,
)

ARCHIVE_FORMAT = "workshop-tui-archive"
ARCHIVE_VERSION = 4
"""2 added a perspective's ``speaker_name`` and a participant's ``arrived_at``;
a version 1 archive, without them, reads as before. 3 (one release) added a participant's
``email``, a finding's ``level`` and ``scope``, the action plan's fields (issue 13) and
changed an action's statuses: an older archive's "on track" reads as in progress and
green, and so on (``domain.actions.LEGACY_STATUS``). 4 added ``records``: what was asked of
each agency, the briefing's saved sections, publication blocks, responses and the
review's own group names, and ``meeting_attendance`` (who was at each later meeting); an
older archive has none."""
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_DEPTH = 32
"""The archive's own structure is 4 levels deep; anything far deeper is not an archive."""
_HEADER_KEYS = ("format", "version", "generated_at")
RECORDS_KEY = "records"


@dataclass(frozen=True, slots=True)
class Archived:
    """An archive read: the review, and the lead's records about it."""

    data: ReviewData
    records: ReviewRecords


def read_archive(source: Path | str | bytes, *, name: str | None = None) -> ReviewData:
    """Read and validate an archive's review (see ``read_archived``)."""
    return read_archived(source, name=name).data


def read_archived(source: Path | str | bytes, *, name: str | None = None) -> Archived:
    """Read and validate an archive: the review and the lead's records.

    Args:
        source: a path to the archive, or its bytes.
        name: how to name the archive in messages (defaults to the file name).

    Returns:
        The review, ids as they are in the archive, and its records.

    Raises:
        InputError: the archive cannot be used; the message names the problem (too large,
            not JSON, not an archive, a newer version, or each invalid field with its JSON
            path such as ``$.entries[3].date``; an id used twice in one kind of record,
            a link or agency key that leads nowhere, a whole number SQLite cannot hold:
            see ``archive_integrity``).
    """
    if isinstance(source, bytes):
        label = name or "archive"
        if len(source) > MAX_ARCHIVE_BYTES:
            raise _too_large(label, len(source))
        raw = source
    else:
        path = Path(source)
        label = name or path.name
        try:
            size = path.stat().st_size
            if size > MAX_ARCHIVE_BYTES:
                raise _too_large(label, size)
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(Problem(label, f"cannot read the archive: {exc.strerror}")) from exc
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(Problem(label, "not a workshop-tui archive: not UTF-8 text")) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(f"{label}:{exc.lineno}", f"not valid JSON: {exc.msg} (column {exc.colno})")
        ) from exc
    except RecursionError as exc:
        raise InputError(Problem(label, "not an archive: nested far too deeply")) from exc
    except ValueError as exc:  # e.g. a number with more digits than Python will convert
        raise InputError(Problem(label, f"not a workshop-tui archive: {exc}")) from exc
    return archived_from_dict(document, label)


def archive_from_dict(document: Any, label: str = "archive") -> ReviewData:
    """Validate an already parsed archive's review (see ``read_archive``)."""
    return archived_from_dict(document, label).data


def archived_from_dict(document: Any, label: str = "archive") -> Archived:
    """Validate an already parsed archive (see ``read_archived``)."""
    if not isinstance(document, dict):
        raise InputError(Problem(label, "not a workshop-tui archive: expected a JSON object"))
    found = document.get("format")
    if found != ARCHIVE_FORMAT:
        what = 'has no "format"' if found is None else f'has "format": {json.dumps(found)}'
        raise InputError(
            Problem(label, f'not a workshop-tui archive: it {what}, expected "{ARCHIVE_FORMAT}"')
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(
            Problem(label, f'archive "version" must be a whole number, not {json.dumps(version)}')
        )
    if version > ARCHIVE_VERSION:
        raise InputError(
            Problem(
                label,
                f"archive version {version} was written by a newer workshop-tui; this one "
                f"reads version {ARCHIVE_VERSION}. Update workshop-tui to import it.",
            )
        )
    if _depth(document) > MAX_DEPTH:
        raise InputError(Problem(label, f"not an archive: nested more than {MAX_DEPTH} deep"))
    body = {k: v for k, v in document.items() if k not in (*_HEADER_KEYS, RECORDS_KEY)}
    if version < 3:
        body = _legacy_action_statuses(body)
    raw_records = document.get(RECORDS_KEY, {})
    out_of_range = integers_out_of_range({**body, RECORDS_KEY: raw_records}, label)
    if out_of_range:
        raise InputError(out_of_range)
    data = _validated(ReviewData, body, label, ())
    records = _validated(ReviewRecords, raw_records, label, (RECORDS_KEY,))
    # Unique ids first: a link to an id used twice is ambiguous, not merely dangling.
    problems = duplicate_ids(data, label) + unknown_agencies(data, label)
    problems += _dangling_links(data, label) + _dangling_records(data, records, label)
    if problems:
        raise InputError(first_problems(problems, label))
    return Archived(data, records)


_M = TypeVar("_M", ReviewData, ReviewRecords)


def _validated(model: type[_M], value: Any, label: str, at: tuple[str, ...]) -> _M:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise InputError(_invalid(exc, label, at)) from exc


def _invalid(exc: ValidationError, label: str, at: tuple[str, ...]) -> list[Problem]:
    """Each invalid field, named by its JSON path such as ``$.entries[3].date``."""
    return [
        Problem(label, f"{_json_path((*at, *err['loc']))}: {err['msg']}")
        for err in exc.errors(include_url=False)
    ]


def _legacy_action_statuses(body: dict[str, Any]) -> dict[str, Any]:
    """An archive before version 3: each action's old status as the status and RAG it
    means now (a status not of the old five is left for validation to name)."""
    from workshop_tui.domain.actions import LEGACY_STATUS

    actions = body.get("actions")
    if not isinstance(actions, list):
        return body
    converted: list[Any] = []
    for action in actions:
        if isinstance(action, dict) and isinstance(action.get("status"), str):
            legacy = LEGACY_STATUS.get(action["status"])
            if legacy is not None:
                status, rag = legacy
                action = {**action, "status": status.value}
                if rag is not None and action.get("rag") is None:
                    action["rag"] = rag.value
        converted.append(action)
    return {**body, "actions": converted}


def _too_large(label: str, size: int) -> InputError:
    return InputError(
        Problem(
            label,
            f"archive is {size / 1024 / 1024:,.0f} MB; the limit is "
            f"{MAX_ARCHIVE_BYTES // 1024 // 1024} MB",
        )
    )


def _json_path(loc: tuple[int | str, ...]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _depth(value: Any) -> int:
    """Nesting depth, iteratively (a hostile archive must not exhaust the stack)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                return deepest
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def _dangling_links(data: ReviewData, label: str) -> list[Problem]:
    """Links between records must point at records in the archive (ids are remapped on import)."""
    kloes = {k.id for k in data.kloes if k.id is not None}
    entries = {e.id for e in data.entries if e.id is not None}
    people = {p.id for p in data.participants if p.id is not None}
    perspectives = {p.id for p in data.perspectives if p.id is not None}
    findings = {f.id for f in data.findings if f.id is not None}
    problems: list[Problem] = []

    def check(path: str, value: int | None, known: set[int], what: str) -> None:
        if value is not None and value not in known:
            problems.append(Problem(label, f"{path}: no {what} with id {value} in the archive"))

    for i, k in enumerate(data.kloes):
        for j, e in enumerate(k.entry_ids):
            check(f"$.kloes[{i}].entry_ids[{j}]", e, entries, "chronology entry")
    for kind in CAPTURE_KINDS:  # every kind of capture names its KLOE (a finding, several)
        for i, item in enumerate(kind.of_review(data)):
            at = f"$.{kind.plural}[{i}].{kind.kloe_field}"
            for j, kloe_id in enumerate(kind.kloe_ids(item)):
                check(f"{at}[{j}]" if kind.many_kloes else at, kloe_id, kloes, "KLOE")
    for i, p in enumerate(data.perspectives):
        check(f"$.perspectives[{i}].participant_id", p.participant_id, people, "participant")
        for j, e in enumerate(p.entry_ids):
            check(f"$.perspectives[{i}].entry_ids[{j}]", e, entries, "chronology entry")
    for i, f in enumerate(data.findings):
        for j, e in enumerate(f.entry_ids):
            check(f"$.findings[{i}].entry_ids[{j}]", e, entries, "chronology entry")
        for j, perspective_id in enumerate(f.perspective_ids):
            check(
                f"$.findings[{i}].perspective_ids[{j}]", perspective_id, perspectives, "perspective"
            )
    for i, a in enumerate(data.actions):
        check(f"$.actions[{i}].finding_id", a.finding_id, findings, "finding")
    for i, w in enumerate(data.workshop_log):
        check(f"$.workshop_log[{i}].kloe_id", w.kloe_id, kloes, "KLOE")
    meetings = {m.id for m in data.meetings if m.id is not None}
    actions = {a.id for a in data.actions if a.id is not None}
    for i, note in enumerate(data.meeting_notes):
        check(f"$.meeting_notes[{i}].meeting_id", note.meeting_id, meetings, "meeting")
        check(f"$.meeting_notes[{i}].action_id", note.action_id, actions, "action")
    recorded: set[tuple[int, int]] = set()
    for i, present in enumerate(data.meeting_attendance):
        at = f"$.meeting_attendance[{i}]"
        check(f"{at}.meeting_id", present.meeting_id, meetings, "meeting")
        check(f"{at}.participant_id", present.participant_id, people, "participant")
        pair = (present.meeting_id, present.participant_id)
        if pair in recorded:
            problems.append(
                Problem(
                    label, f"{at}: participant {pair[1]} at meeting {pair[0]} is recorded twice"
                )
            )
        recorded.add(pair)
    return problems


def _dangling_records(data: ReviewData, records: ReviewRecords, label: str) -> list[Problem]:
    """The records name agencies and findings of the archive's review, each agency once."""
    agencies = {a.key for a in data.agencies}
    findings = {f.id for f in data.findings if f.id is not None}
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, request in enumerate(records.requests):
        at = f"$.{RECORDS_KEY}.requests[{i}].agency"
        if request.agency not in agencies:
            problems.append(Problem(label, f"{at}: no agency {request.agency!r} in the archive"))
        elif request.agency in seen:
            problems.append(Problem(label, f"{at}: agency {request.agency!r} asked twice"))
        seen.add(request.agency)
    for field, keys, what in (
        ("briefing", BRIEFING_KEYS, "briefing section"),
        ("publications", PUBLISHED_DOCUMENTS, "published document"),
        ("groups", GROUP_KEYS, "group"),
    ):
        for key in getattr(records, field):
            if key not in keys:
                at = f"$.{RECORDS_KEY}.{field}"
                problems.append(
                    Problem(label, f"{at}: no {what} {key!r} (known: {', '.join(keys)})")
                )
    for finding_id in records.responses:
        if finding_id not in findings:
            at = f"$.{RECORDS_KEY}.responses.{finding_id}"
            problems.append(Problem(label, f"{at}: no finding with id {finding_id} in the archive"))
    return problems
