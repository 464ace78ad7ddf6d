"""The action tracker workbook, as data: its columns, the cells of one action, and what an
agency's edited copy proposes (issue 13). Pure functions; ``exporters.tracker`` writes the
workbook, ``importers.tracker`` reads it back, ``services.actions`` applies a proposal.

The workbook keeps, in a hidden sheet, the text of every editable cell as written. A cell
whose text differs from that was edited in the copy, and is proposed as a change (action,
column, old -> new). A cell nobody edited is never proposed, even where the database has
moved on since; a cell edited in the copy whose field also changed in the database since
the tracker was written is refused (someone else's update would be overwritten).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from workshop_tui.domain.actions import (
    MoveRefused,
    check_move,
    check_revision,
    due_words,
    parse_assurance,
    parse_rag,
    parse_status,
)
from workshop_tui.domain.models import (
    Action,
    ActionLevel,
    ActionScope,
    ActionStatus,
    Assurance,
    Rag,
)

TRACKER_FORMAT = "workshop-tui-tracker"
TRACKER_VERSION = 1
MAIN_SHEET = "Action tracker"
HIDDEN_SHEET = "workshop-tui"
"""The very hidden sheet holding the cells as written (and the format marker)."""

Cell = str | dt.date | None


@dataclass(frozen=True, slots=True)
class TrackerColumn:
    key: str
    header: str
    width: float
    kind: str = "text"
    """``text``, ``lines`` (one item a line), ``date``, or a list's name: ``status``,
    ``rag``, ``assurance``, ``scope``, ``level``."""
    editable: bool = False


COLUMNS: tuple[TrackerColumn, ...] = (
    TrackerColumn("id", "Action id", 9),
    TrackerColumn("review", "Review", 12),
    TrackerColumn("ref", "Ref", 6),
    TrackerColumn("recommendation", "Recommendation", 28, editable=True),
    TrackerColumn("description", "Action", 48, editable=True),
    TrackerColumn("scope", "Scope", 14, "scope", editable=True),
    TrackerColumn("level", "Level", 13, "level", editable=True),
    TrackerColumn("lead_agency", "Lead agency", 22),
    TrackerColumn("owner", "Owner (role)", 22, editable=True),
    TrackerColumn("milestones", "Milestones (one a line)", 32, "lines", editable=True),
    TrackerColumn("target_date", "Target date agreed", 12, "date"),
    TrackerColumn("revised_target", "Revised target date", 12, "date", editable=True),
    TrackerColumn("revision_reason", "Reason for revised date", 28, editable=True),
    TrackerColumn("status", "Status", 12, "status", editable=True),
    TrackerColumn("rag", "RAG", 8, "rag", editable=True),
    TrackerColumn("due", "Due", 18),
    TrackerColumn("progress", "Progress log", 48, "lines"),
    TrackerColumn("new_progress", "New progress update", 40, editable=True),
    TrackerColumn("evidence_required", "Evidence required", 30, editable=True),
    TrackerColumn("evidence", "Evidence of completion", 30, editable=True),
    TrackerColumn("impact", "Impact noted", 30, editable=True),
    TrackerColumn("assurance", "Assurance", 12, "assurance", editable=True),
    TrackerColumn("last_update", "Last update", 12, "date"),
)
"""The tracker's columns in order. ``New progress update`` is empty when written: text
typed there is added to the progress log."""

BY_KEY: dict[str, TrackerColumn] = {c.key: c for c in COLUMNS}
BY_HEADER: dict[str, TrackerColumn] = {c.header.casefold(): c for c in COLUMNS}

CHOICES: dict[str, tuple[str, ...]] = {
    "status": tuple(s.value for s in ActionStatus),
    "rag": tuple(r.value.capitalize() for r in Rag),
    "assurance": tuple(a.value for a in Assurance),
    "scope": tuple(s.value for s in ActionScope),
    "level": tuple(lv.value for lv in ActionLevel),
}
"""The values each list column offers (the workbook's data validation)."""


def column_letter(index: int) -> str:
    """``A`` for the first column (1), ``Z``, ``AA`` ..."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def progress_line(entry_at: dt.datetime, by: str, text: str, rag: Rag | None) -> str:
    """One progress entry as the tracker shows it: ``2027-03-01 QA lead: text [amber]``."""
    who = f" {by}" if by else ""
    tail = f" [{rag.value}]" if rag else ""
    return f"{entry_at:%Y-%m-%d}{who}: {text}{tail}"


def action_cells(
    action: Action,
    *,
    review: str,
    ref: str,
    agency_name: str,
    today: dt.date,
) -> dict[str, Cell]:
    """The cells of one action's row, by column key (dates as dates, the rest text)."""
    last = action.progress[-1].at.date() if action.progress else None
    reason = action.revisions[-1].reason if action.revisions else ""
    revised = action.revisions[-1].target if action.revisions else None
    assert action.id is not None
    return {
        "id": str(action.id),
        "review": review,
        "ref": ref,
        "recommendation": action.recommendation,
        "description": action.description,
        "scope": action.scope.value if action.scope else "",
        "level": action.level.value if action.level else "",
        "lead_agency": agency_name,
        "owner": action.owner,
        "milestones": "\n".join(action.milestones),
        "target_date": action.target_date,
        "revised_target": revised,
        "revision_reason": reason,
        "status": action.status.value,
        "rag": action.rag.value.capitalize() if action.rag else "",
        "due": due_words(action, today),
        "progress": "\n".join(progress_line(p.at, p.by, p.text, p.rag) for p in action.progress),
        "new_progress": "",
        "evidence_required": action.evidence_required,
        "evidence": action.evidence,
        "impact": action.impact,
        "assurance": action.assurance.value if action.assurance else "",
        "last_update": last,
    }


def cell_text(value: object) -> str:
    """A cell's value as text to compare: a date (or datetime) as ISO ``YYYY-MM-DD``,
    nothing as '', text with line ends normalised and spaces around it dropped."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row of the tracker as read back: its sheet row number and cells by key."""

    row: int
    cells: dict[str, object]


@dataclass(frozen=True, slots=True)
class TrackerProblem:
    """Why the tracker cannot be imported, where: sheet row and column (0: the whole)."""

    row: int
    column: str
    """The column's letter and header (``N Status``), or '' for the whole row or file."""
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "the workbook"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class TrackerRefused(ValueError):
    """The tracker cannot be imported; nothing was written. ``problems`` says where."""

    def __init__(self, problems: Sequence[TrackerProblem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"the tracker was not imported (nothing written):\n{lines}")


@dataclass(frozen=True, slots=True)
class CellChange:
    """One edited cell: which action, which column, the text before and after."""

    action_id: int
    review: str
    ref: str
    row: int
    column: str
    """The column's header."""
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.review} {self.ref} (action {self.action_id}), {self.column}: " + (
            f"{_quoted(self.old)} -> {_quoted(self.new)}"
        )


def _quoted(text: str) -> str:
    return '""' if not text else '"' + text.replace("\n", " / ") + '"'


@dataclass(slots=True)
class ActionUpdate:
    """What the edited tracker asks of one action, checked against the rules."""

    action_id: int
    details: dict[str, object] = field(default_factory=dict)
    """Fields written as they are (``services.actions.set_details``)."""
    revised_target: dt.date | None = None
    revision_reason: str = ""
    progress: str = ""
    rag: Rag | None = None
    rag_changed: bool = False
    status: ActionStatus | None = None
    assurance: Assurance | None = None
    assurance_changed: bool = False


@dataclass(slots=True)
class TrackerProposal:
    """Every edited cell of a tracker and the updates they make, ready to confirm."""

    changes: list[CellChange] = field(default_factory=list)
    updates: list[ActionUpdate] = field(default_factory=list)
    ignored: list[CellChange] = field(default_factory=list)
    """Edits of columns workshop-tui works out or that are changed elsewhere (Due,
    Progress log, Lead agency ...): shown, never written."""
    source: str = ""


_FORMULA_GUARD = re.compile(r"^'(?=\s*[=+\-@\t\r\n])")


def _unguarded(text: str) -> str:
    """The text typed, without the apostrophe written before a formula-like start."""
    return _FORMULA_GUARD.sub("", text, count=1)


def _parse_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for form in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (write it as 31/01/2027)")


def propose(
    rows: Sequence[SheetRow],
    written: Mapping[int, Mapping[str, str]],
    current: Mapping[int, Mapping[str, str]],
    actions: Mapping[int, tuple[str, str, Action]],
) -> TrackerProposal:
    """Compare an edited tracker with the cells as written and the database now.

    Args:
        rows: the tracker's rows as read back.
        written: per action id, the text of each cell as the tracker was written.
        current: per action id, the text of each cell the database would write now.
        actions: per action id in the database, its review reference, ref and action.

    Returns:
        Every edited cell, and per action what to do, checked against the rules.

    Raises:
        TrackerRefused: an action id changed, unknown or twice; a bad date or list
            value; a revised date without a reason; a status move the rules refuse; a
            cell also changed in workshop-tui since: every problem, with row and column.
    """
    problems: list[TrackerProblem] = []
    proposal = TrackerProposal()
    seen: dict[int, int] = {}
    letters = {c.key: column_letter(i) for i, c in enumerate(COLUMNS, 1)}

    def where(key: str) -> str:
        return f"{letters[key]} ({BY_KEY[key].header})"

    for row in rows:
        raw_id = cell_text(row.cells.get("id"))
        if not raw_id:
            if any(cell_text(v) for v in row.cells.values()):
                problems.append(
                    TrackerProblem(
                        row.row,
                        where("id"),
                        "a row without an action id: add actions in workshop-tui, not here",
                    )
                )
            continue
        if not raw_id.isdigit() or int(raw_id) not in actions or int(raw_id) not in written:
            problems.append(
                TrackerProblem(
                    row.row, where("id"), f"no action {raw_id!r} in this tracker and database"
                )
            )
            continue
        action_id = int(raw_id)
        review, ref, action = actions[action_id]
        if cell_text(row.cells.get("review")) != review or cell_text(row.cells.get("ref")) != ref:
            problems.append(
                TrackerProblem(
                    row.row,
                    where("id"),
                    f"the action id was changed: {action_id} is {review} {ref}, but this row "
                    f"is {cell_text(row.cells.get('review'))} {cell_text(row.cells.get('ref'))}",
                )
            )
            continue
        if action_id in seen:
            problems.append(
                TrackerProblem(
                    row.row, where("id"), f"action {action_id} is also on row {seen[action_id]}"
                )
            )
            continue
        seen[action_id] = row.row
        before = written[action_id]
        now = current.get(action_id, {})
        update = ActionUpdate(action_id)
        edited_any = False
        for column in COLUMNS:
            if column.key in ("id", "review", "ref"):
                continue
            new_text = _unguarded(cell_text(row.cells.get(column.key)))
            old_text = _unguarded(before.get(column.key, ""))
            if new_text == old_text:
                continue
            change = CellChange(action_id, review, ref, row.row, column.header, old_text, new_text)
            if not column.editable:
                proposal.ignored.append(change)
                continue
            if _already_applied(column.key, new_text, now, before, action):
                continue  # this copy was imported before: nothing is added twice
            if column.key != "new_progress" and now.get(column.key, "") != before.get(
                column.key, ""
            ):
                problems.append(
                    TrackerProblem(
                        row.row,
                        where(column.key),
                        "changed in workshop-tui too since this tracker was written "
                        f"(now {_quoted(_unguarded(now.get(column.key, '')))}): write a new "
                        "tracker and make the change there",
                    )
                )
                continue
            try:
                _take(update, column, row.cells.get(column.key), new_text)
            except ValueError as error:
                problems.append(TrackerProblem(row.row, where(column.key), str(error)))
                continue
            proposal.changes.append(change)
            edited_any = True
        if edited_any:
            problem = _check_update(update, action, row.row, where)
            if problem is not None:
                problems.append(problem)
            else:
                proposal.updates.append(update)
    if problems:
        raise TrackerRefused(problems)
    return proposal


def _already_applied(
    key: str,
    new_text: str,
    now: Mapping[str, str],
    before: Mapping[str, str],
    action: Action,
) -> bool:
    """Whether the database already holds what this cell asks, since the tracker was
    written: the same copy imported again (an edited cell now equal to the database; a
    progress update already in the log, added after the tracker was written)."""
    if key == "new_progress":
        written = set(before.get("progress", "").split("\n"))
        return any(
            entry.text == new_text
            and _unguarded(progress_line(entry.at, entry.by, entry.text, entry.rag)) not in written
            for entry in action.progress
        )
    return _unguarded(now.get(key, "")) == new_text


def _take(update: ActionUpdate, column: TrackerColumn, raw: object, text: str) -> None:
    """Put one edited cell into ``update``; ValueError names a bad value."""
    key = column.key
    if key == "revised_target":
        day = _parse_date(raw)
        if day is None:
            raise ValueError("a revised target date cannot be emptied; revise it to a date")
        update.revised_target = day
    elif key == "revision_reason":
        update.revision_reason = text
    elif key == "new_progress":
        update.progress = text
    elif key == "status":
        update.status = parse_status(text)
    elif key == "rag":
        update.rag = parse_rag(text) if text else None
        update.rag_changed = True
    elif key == "assurance":
        update.assurance = parse_assurance(text) if text else None
        update.assurance_changed = True
    elif key == "scope":
        update.details["scope"] = _choice(ActionScope, text)
    elif key == "level":
        update.details["level"] = _choice(ActionLevel, text)
    elif key == "milestones":
        update.details["milestones"] = [line.strip() for line in text.split("\n") if line.strip()]
    elif key == "description":
        if not text:
            raise ValueError("an action cannot be emptied")
        update.details["description"] = text
    else:
        update.details[key] = text


def _choice(kind: type[ActionScope] | type[ActionLevel], text: str) -> object:
    if not text:
        return None
    for member in kind:
        if text.casefold() == member.value:
            return member
    names = ", ".join(m.value for m in kind)
    raise ValueError(f"{text!r} is not one of {names}")


def _check_update(
    update: ActionUpdate, action: Action, row: int, where: object
) -> TrackerProblem | None:
    """The rules, on the action as the update would leave it (evidence before status)."""
    assert callable(where)
    after = action.model_copy(update={k: v for k, v in update.details.items()})
    if update.revised_target is not None:
        if not update.revision_reason:
            return TrackerProblem(
                row, where("revision_reason"), "a revised target date needs a reason here"
            )
        try:
            check_revision(after, update.revised_target, update.revision_reason)
        except MoveRefused as refused:
            return TrackerProblem(row, where("revised_target"), str(refused))
    elif update.revision_reason:
        return TrackerProblem(
            row,
            where("revision_reason"),
            "a reason without a new revised target date: change the date too, or undo this",
        )
    if update.status is not None and update.status != action.status:
        try:
            check_move(after, update.status, reason=update.progress)
        except MoveRefused as refused:
            return TrackerProblem(row, where("status"), str(refused))
    return None
