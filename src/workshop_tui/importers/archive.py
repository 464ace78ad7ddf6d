"""Read a JSON archive written by ``exporters.archive`` back into a ``ReviewData``."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from pydantic import ValidationError

from workshop_tui.domain.capture_kinds import CAPTURE_KINDS
from workshop_tui.domain.models import ChronologyEntry, ReviewData
from workshop_tui.domain.problems import InputError, Problem
from workshop_tui.domain.publishing import BRIEFING_KEYS, PUBLISHED_DOCUMENTS, ReviewRecords
from workshop_tui.domain.settings import GROUP_KEYS

from .archive_integrity import (
    MAX_PROBLEMS,
    EntryIds,
    duplicate_ids,
    first_problems,
    integers_out_of_range,
    unknown_agencies,
)
from .json_stream import JsonError, JsonObjectReader, TooLong

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
"""What an archive import holds as it reads (issue 24): the chronology's entries are read
and let go one at a time, whatever their number; the rest of the archive (the review,
its captures, meetings and records: typed by people, a few megabytes at most) is held,
up to this many characters, and so is each entry. ``exporters.archive`` refuses to
write an archive over it."""
MAX_DEPTH = 32
"""The archive's own structure is 4 levels deep; anything far deeper is not an archive."""
_HEADER_KEYS = ("format", "version", "generated_at")
RECORDS_KEY = "records"
ENTRIES_KEY = "entries"


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

    Read a member at a time (``json_stream``): what is held is the review without its
    chronology, the entries read (returned), and a few bytes an entry for the checks.

    Args:
        source: a path to the archive, or its bytes.
        name: how to name the archive in messages (defaults to the file name).

    Returns:
        The review, ids as they are in the archive, and its records.

    Raises:
        InputError: the archive cannot be used; the message names the problem (not
            JSON, not an archive, a newer version, over a limit, or each invalid field
            with its JSON path such as ``$.entries[3].date``; an id used twice in one
            kind of record, a link or agency key that leads nowhere, a whole number
            SQLite cannot hold: see ``archive_integrity``).
    """
    label, opened = _open(source, name)
    with opened as handle:
        checked = _checked(JsonObjectReader(handle), label, keep=True)
    data = checked.data.model_copy(update={"entries": checked.kept})
    return Archived(data, checked.records)


@dataclass(slots=True)
class ArchiveChecked:
    """An archive read once and found sound (:func:`check_archive`), its entries let go."""

    label: str
    data: ReviewData
    """The review without its chronology's entries (those are read again to be stored)."""
    records: ReviewRecords
    count: int
    """How many entries the chronology has."""
    linked: frozenset[int]
    """The ids of the entries other records link to (the only ids an import must map)."""
    digest: bytes
    """Of the file's bytes: a second reading must find the same file."""
    kept: list[ChronologyEntry]
    """The entries, when asked to keep them."""


def check_archive(source: Path | str | bytes, *, name: str | None = None) -> ArchiveChecked:
    """Read an archive through once, as :func:`read_archived` does, holding none of its
    chronology's entries: every check (valid fields, unique ids, every link resolves,
    whole numbers in range) is made before anything is written. Read them again, to
    store, with :func:`archive_entries`.

    Raises:
        InputError: as :func:`read_archived`.
    """
    label, opened = _open(source, name)
    with opened as handle:
        return _checked(JsonObjectReader(handle), label, keep=False)


def archive_entries(
    source: Path | str | bytes, checked: ArchiveChecked, *, keep_ids: bool = False
) -> Iterator[ChronologyEntry]:
    """The chronology's entries of the archive ``checked`` found sound, read again one at
    a time; each keeps its id only if another record links to it (or ``keep_ids``).

    Raises:
        InputError: the file is no longer the one checked (it changed in between).
    """
    label = checked.label
    _, opened = _open(source, label)
    with opened as handle:
        reader = JsonObjectReader(handle)
        try:
            count = 0
            if reader.first() == "{":
                for key, first in reader.members():
                    if key != ENTRIES_KEY or first != "[":
                        continue
                    for item in reader.items():
                        entry = ChronologyEntry.model_validate(item)
                        if not keep_ids and entry.id not in checked.linked:
                            entry = entry.model_copy(update={"id": None})
                        count += 1
                        yield entry
            reader.drain()
        except (JsonError, RecursionError, ValueError, ValidationError) as exc:
            raise _changed(label) from exc
        if count != checked.count or reader.digest.digest() != checked.digest:
            raise _changed(label)


def _changed(label: str) -> InputError:
    return InputError(
        Problem(label, "the archive changed while it was being imported; nothing imported")
    )


def _open(source: Path | str | bytes, name: str | None) -> tuple[str, IO[bytes]]:
    if isinstance(source, bytes):
        return name or "archive", io.BytesIO(source)
    path = Path(source)
    label = name or path.name
    try:
        return label, path.open("rb")
    except OSError as exc:
        raise InputError(Problem(label, f"cannot read the archive: {exc.strerror}")) from exc


def _checked(reader: JsonObjectReader, label: str, *, keep: bool) -> ArchiveChecked:
    """Read the archive through, then check it as :func:`archived_from_dict` does."""
    try:
        try:
            read = _read_through(reader, label, keep=keep)
        except (JsonError, RecursionError, ValueError):
            reader.drain()  # bytes that are not UTF-8 further on come first, as before
            raise
    except UnicodeDecodeError as exc:
        raise InputError(Problem(label, "not a workshop-tui archive: not UTF-8 text")) from exc
    except JsonError as exc:
        raise InputError(
            Problem(f"{label}:{exc.lineno}", f"not valid JSON: {exc.msg} (column {exc.colno})")
        ) from exc
    except RecursionError as exc:
        raise InputError(Problem(label, "not an archive: nested far too deeply")) from exc
    except ValueError as exc:  # e.g. a number with more digits than Python will convert
        raise InputError(Problem(label, f"not a workshop-tui archive: {exc}")) from exc
    except OSError as exc:
        raise InputError(Problem(label, f"cannot read the archive: {exc.strerror}")) from exc
    if not read.is_object:
        archived_from_dict(read.document, label)  # refused: not an object
    version = _check_header(read.header, label)
    if read.twice is not None:
        raise InputError(
            Problem(label, f"$.{read.twice}: the key is used twice; each may be used once")
        )
    if read.deepest > MAX_DEPTH:
        raise InputError(Problem(label, f"not an archive: nested more than {MAX_DEPTH} deep"))
    body = read.body
    if version < 3:
        body = _legacy_action_statuses(body)
    if read.out_of_range:
        raise InputError(read.out_of_range)
    entries = read.entries
    data = _validated_streamed(body, entries, label)
    records = _validated(ReviewRecords, read.records, label, (RECORDS_KEY,))
    ids = entries.ids
    linked = _linked_entries(data)
    present = ids.present(linked)
    problems = duplicate_ids(data, label, ids) + unknown_agencies(data, label, ids)
    problems += _dangling_links(data, label, present) + _dangling_records(data, records, label)
    if problems:
        raise InputError(first_problems(problems, label, more=ids.dropped))
    return ArchiveChecked(
        label,
        data,
        records,
        ids.count,
        frozenset(present),
        reader.digest.digest(),
        entries.kept,
    )


def archive_from_dict(document: Any, label: str = "archive") -> ReviewData:
    """Validate an already parsed archive's review (see ``read_archive``)."""
    return archived_from_dict(document, label).data


def archived_from_dict(document: Any, label: str = "archive") -> Archived:
    """Validate an already parsed archive (see ``read_archived``)."""
    if not isinstance(document, dict):
        raise InputError(Problem(label, "not a workshop-tui archive: expected a JSON object"))
    version = _check_header(document, label)
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


def _check_header(document: dict[str, Any], label: str) -> int:
    """The archive's format and version (returned), or the refusal that says why not."""
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
    return version


_M = TypeVar("_M", ReviewData, ReviewRecords)


def _validated(model: type[_M], value: Any, label: str, at: tuple[str, ...]) -> _M:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise InputError(first_problems(_invalid(exc, label, at), label)) from exc


class _Entries:
    """The chronology's entries as they are read: each validated, its invalid fields
    named (the first ones kept, all counted), what the checks need of it noted."""

    def __init__(self, label: str, keep: bool) -> None:
        self.label = label
        self.keep = keep
        self.kept: list[ChronologyEntry] = []
        self.ids = EntryIds()
        self.errors: list[Problem] = []
        self.error_count = 0

    def add(self, index: int, item: Any) -> None:
        try:
            entry = ChronologyEntry.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                self.error_count += 1
                if len(self.errors) <= MAX_PROBLEMS:
                    at = _json_path((ENTRIES_KEY, index, *err["loc"]))
                    self.errors.append(Problem(self.label, f"{at}: {err['msg']}"))
            return
        self.ids.add(entry)
        if self.keep:
            self.kept.append(entry)


@dataclass(slots=True)
class _Read:
    """An archive read through once (``_read_through``), before it is checked."""

    entries: _Entries
    document: Any = None
    """The value, when the archive is not a JSON object."""
    is_object: bool = True
    header: dict[str, Any] = dataclasses.field(default_factory=dict)
    body: dict[str, Any] = dataclasses.field(default_factory=dict)
    records: Any = dataclasses.field(default_factory=dict)
    twice: str | None = None
    deepest: int = 0
    out_of_range: list[Problem] = dataclasses.field(default_factory=list)


def _read_through(reader: JsonObjectReader, label: str, *, keep: bool) -> _Read:
    """Read every member of the archive; the chronology's entries one at a time."""
    read = _Read(_Entries(label, keep))
    if reader.first() != "{":
        read.document = reader.value()
        reader.end()
        read.is_object = False
        return read
    seen: set[str] = set()
    order: list[str] = []
    ranges: dict[str, list[Problem]] = {}
    held = 0
    for key, first in reader.members():
        if key in seen:
            read.twice = read.twice or key
            continue
        seen.add(key)
        order.append(key)
        if key == ENTRIES_KEY and first == "[":
            index = -1
            try:
                for index, item in enumerate(reader.items(MAX_ARCHIVE_BYTES)):
                    read.deepest = max(read.deepest, 2 + _depth(item))
                    if key not in ranges:
                        found = integers_out_of_range(item, label, f"$.{key}[{index}]")
                        if found:
                            ranges[key] = found
                    read.entries.add(index, item)
            except TooLong:
                raise _over_limit(label, f"$.{key}[{index + 1}]") from None
            continue
        start = reader.position
        try:
            value = reader.value(MAX_ARCHIVE_BYTES - held)
        except TooLong:
            raise _over_limit(label, f"$.{key}") from None
        held += reader.position - start
        if held > MAX_ARCHIVE_BYTES:
            raise _over_limit(label, f"$.{key}")
        read.deepest = max(read.deepest, 1 + _depth(value))
        if key in _HEADER_KEYS:
            read.header[key] = value
            continue
        if key == RECORDS_KEY:
            read.records = value
        else:
            read.body[key] = value
        found = integers_out_of_range(value, label, f"$.{key}")
        if found:
            ranges[key] = found
    # As the whole read: the review's own fields in the file's order, then the records.
    for key in [k for k in order if k not in (*_HEADER_KEYS, RECORDS_KEY)] + [RECORDS_KEY]:
        if key in ranges:
            read.out_of_range = ranges[key]
            break
    return read


def _over_limit(label: str, at: str) -> InputError:
    limit = MAX_ARCHIVE_BYTES / 1024 / 1024
    return InputError(
        Problem(
            label,
            f"{at}: refused: too large to import; the limit is {limit:,.0f} MB for the "
            "archive without its chronology's entries (which may be any number), and for "
            "one entry",
        )
    )


def _validated_streamed(body: dict[str, Any], entries: _Entries, label: str) -> ReviewData:
    """``ReviewData`` of ``body``, the chronology's entries' problems (already found)
    named in their place, as validating the whole review names them."""
    try:
        data = ReviewData.model_validate(body)
        errors: list[Any] = []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    if not errors and not entries.error_count:
        return data
    fields = list(ReviewData.model_fields)
    before = set(fields[: fields.index(ENTRIES_KEY)])
    split = next((i for i, e in enumerate(errors) if e["loc"][0] not in before), len(errors))
    problems = [
        Problem(label, f"{_json_path(tuple(e['loc']))}: {e['msg']}") for e in errors[:split]
    ]
    problems += entries.errors
    problems += [
        Problem(label, f"{_json_path(tuple(e['loc']))}: {e['msg']}") for e in errors[split:]
    ]
    more = entries.error_count - len(entries.errors)
    raise InputError(first_problems(problems, label, more=more))


def _linked_entries(data: ReviewData) -> set[int]:
    """The entry ids the archive's other records link to."""
    linked: set[int] = set()
    for kloe in data.kloes:
        linked.update(kloe.entry_ids)
    for perspective in data.perspectives:
        linked.update(perspective.entry_ids)
    for finding in data.findings:
        linked.update(finding.entry_ids)
    return linked


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


def _dangling_links(data: ReviewData, label: str, entries: set[int] | None = None) -> list[Problem]:
    """Links between records must point at records in the archive (ids are remapped on
    import); ``entries``, where given, the ids of the entries linked to that are in it
    (the entries are not held)."""
    kloes = {k.id for k in data.kloes if k.id is not None}
    if entries is None:
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
