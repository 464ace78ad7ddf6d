"""What the room sees: the room view's content, worked out from the review as pure data.

The room view (``workshop-tui room REF``) is a second window, shown on a projector or a
shared screen, that follows the chair. It shows where the workshop is and only wording
the room has agreed: the current KLOE (its position, title, question and time box), the
agenda, and agreed findings and actions. It never holds escalations, drafts, unagreed
items, perspectives, the chronology or pseudonym keys: :func:`room_view` is given none
of them, and what it builds has no field that could carry them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from workshop_tui.domain.agenda import not_discussed
from workshop_tui.domain.models import (
    Action,
    Finding,
    Kloe,
    KloeStatus,
    Review,
    ReviewStatus,
    WorkshopLogEntry,
)

WARNING_SHARE = 0.8
"""From this share of the time box on, the timer warns that time is nearly up."""


class AgendaState(StrEnum):
    """Where a KLOE stands, as the room's agenda says it."""

    DONE = "done"
    NOT_DISCUSSED = "not discussed"
    NOW = "now"
    NEXT = "next"
    LATER = ""


AGENDA_MARKS: dict[AgendaState, str] = {
    AgendaState.DONE: "✓",
    AgendaState.NOT_DISCUSSED: "–",
    AgendaState.NOW: "▶",
    AgendaState.NEXT: "›",
    AgendaState.LATER: " ",
}
"""A symbol per state, so the agenda reads without colour."""


@dataclass(frozen=True, slots=True)
class AgendaLine:
    number: int
    title: str
    minutes: int
    state: AgendaState


@dataclass(frozen=True, slots=True)
class RoomKloe:
    """The KLOE on screen: under discussion (``now``), or the one coming up."""

    position: int
    """1-based place in the agenda ("3 of 7")."""
    of: int
    title: str
    question: str
    minutes: int
    now: bool
    """Under discussion; False: the one coming up (before or between KLOEs)."""
    spent_before: dt.timedelta
    """Time spent on it in stretches that have ended (it was left and came back to)."""
    open_since: dt.datetime | None
    """When its current stretch began (None: not open now)."""

    def elapsed(self, now: dt.datetime) -> dt.timedelta:
        """Time spent on it so far, the open stretch up to ``now``."""
        open_part = now - self.open_since if self.open_since is not None else dt.timedelta()
        return max(self.spent_before + open_part, dt.timedelta())


@dataclass(frozen=True, slots=True)
class AgreedItem:
    """One agreed finding or action, as the room agreed its wording."""

    kind: str
    """``Finding (learning)``, ``Finding (good practice)`` or ``Action``."""
    text: str
    detail: str = ""
    """For an action: its owner (a role) and target date."""


@dataclass(frozen=True, slots=True)
class RoomView:
    """Everything the room view shows, and nothing else."""

    reference: str
    title: str
    status: ReviewStatus
    kloe: RoomKloe | None
    agenda: tuple[AgendaLine, ...]
    agreed: tuple[AgreedItem, ...]
    agreed_scope: str
    """What ``agreed`` covers: ``this KLOE`` or ``the workshop``."""
    agreed_findings: int
    """Agreed findings in the whole review."""
    agreed_actions: int
    workshop_started_at: dt.datetime | None
    workshop_ended_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class RoomTimer:
    """The KLOE timer as the room reads it: big digits and words that say the state."""

    digits: str
    """Time spent, ``12:40`` (minutes:seconds)."""
    words: str
    """``of 25:00 · 12:20 left``; past the time box ``▲ OVER TIME by 2:10 · time box 25:00``."""
    state: str
    """``ok``, ``warning`` (from 80% of the time box) or ``over``."""


def minutes_seconds(span: dt.timedelta) -> str:
    """``12:40``; an hour and more stays in minutes (``75:10``), as time boxes are."""
    whole = max(0, int(span.total_seconds()))
    return f"{whole // 60:d}:{whole % 60:02d}"


def room_timer(elapsed: dt.timedelta, time_box_minutes: int) -> RoomTimer:
    """The timer for ``elapsed`` against a time box: over time is said in words and a
    symbol, never by colour alone."""
    box = dt.timedelta(minutes=time_box_minutes)
    digits = minutes_seconds(elapsed)
    if elapsed > box:
        over = minutes_seconds(elapsed - box)
        return RoomTimer(digits, f"▲ OVER TIME by {over} · time box {minutes_seconds(box)}", "over")
    left = minutes_seconds(box - elapsed)
    if elapsed >= box * WARNING_SHARE:
        return RoomTimer(digits, f"of {minutes_seconds(box)} · ◔ only {left} left", "warning")
    return RoomTimer(digits, f"of {minutes_seconds(box)} · {left} left", "ok")


def _open_stretch(log: Sequence[WorkshopLogEntry]) -> WorkshopLogEntry | None:
    """The KLOE stretch open now (the latest, should a crash have left two open)."""
    open_rows = [e for e in log if e.kloe_id is not None and e.ended_at is None]
    return max(open_rows, key=lambda e: e.started_at) if open_rows else None


def _spent_before(log: Iterable[WorkshopLogEntry], kloe_id: int) -> dt.timedelta:
    total = dt.timedelta()
    for entry in log:
        if entry.kloe_id == kloe_id and entry.ended_at is not None:
            total += entry.ended_at - entry.started_at
    return max(total, dt.timedelta())


def room_view(
    review: Review,
    kloes: Sequence[Kloe],
    log: Sequence[WorkshopLogEntry],
    findings: Iterable[Finding],
    actions: Iterable[Action],
    captured_kloe_ids: Iterable[int] = (),
) -> RoomView:
    """What the room sees of ``review`` now.

    The KLOE on screen is the one whose stretch is open in the workshop log (the chair
    moved to it); before the workshop, or between KLOEs, the next one not yet started.
    Findings and actions that are not agreed are dropped here, whatever the caller
    passed. While a KLOE is under discussion the agreed items are that KLOE's; otherwise
    they are the whole workshop's.

    Args:
        review: The review.
        kloes: Its KLOEs in agenda order.
        log: Its workshop log.
        findings: Its findings (only the agreed ones are kept).
        actions: Its actions (only the agreed ones are kept).
        captured_kloe_ids: KLOEs something was captured for: a KLOE moved past within a
            minute with nothing captured was not discussed, as the chair's agenda says.
    """
    captured = set(captured_kloe_ids)
    ended = review.status in {ReviewStatus.DRAFT_MINUTES, ReviewStatus.FINAL}
    stretch = _open_stretch(log)
    index: int | None = None
    now = False
    if stretch is not None and not ended:
        index = next((i for i, k in enumerate(kloes) if k.id == stretch.kloe_id), None)
        now = index is not None
    if index is None and not ended:
        index = next((i for i, k in enumerate(kloes) if k.status == KloeStatus.NOT_STARTED), None)
    coming: int | None = None  # while one runs, the next after it still to discuss
    if now and index is not None:
        coming = next(
            (i for i in range(index + 1, len(kloes)) if kloes[i].status != KloeStatus.DONE),
            None,
        )
    agenda = []
    for position, kloe in enumerate(kloes):
        if position == index:
            state = AgendaState.NOW if now else AgendaState.NEXT
        elif kloe.status == KloeStatus.DONE:
            gone = not_discussed(kloe, log, captured=kloe.id in captured, workshop_over=ended)
            state = AgendaState.NOT_DISCUSSED if gone else AgendaState.DONE
        elif position == coming:
            state = AgendaState.NEXT
        else:
            state = AgendaState.LATER
        agenda.append(AgendaLine(kloe.number, kloe.title, kloe.minutes, state))
    shown: RoomKloe | None = None
    if index is not None:
        kloe = kloes[index]
        kloe_id = kloe.id if kloe.id is not None else -1
        shown = RoomKloe(
            position=index + 1,
            of=len(kloes),
            title=kloe.title,
            question=kloe.question,
            minutes=kloe.minutes,
            now=now,
            spent_before=_spent_before(log, kloe_id),
            open_since=stretch.started_at if now and stretch is not None else None,
        )
    agreed_findings = [f for f in findings if f.agreed]
    agreed_actions = [a for a in actions if a.agreed]
    if now and index is not None:
        current_id = kloes[index].id
        scope = "this KLOE"
        mine = [f for f in agreed_findings if current_id in f.kloe_ids]
        mine_ids = {f.id for f in mine}
        theirs = [a for a in agreed_actions if a.kloe_id == current_id or a.finding_id in mine_ids]
    else:
        scope = "the workshop"
        mine, theirs = agreed_findings, agreed_actions
    items = [AgreedItem(f"Finding ({f.kind})", f.statement) for f in mine]
    items += [AgreedItem("Action", a.description, _action_detail(a)) for a in theirs]
    workshop_rows = [e for e in log if e.kloe_id is None]
    started = min((e.started_at for e in workshop_rows), default=None)
    ends = [e.ended_at for e in workshop_rows]
    finished = max(e for e in ends if e is not None) if ends and None not in ends else None
    return RoomView(
        reference=review.reference,
        title=review.title,
        status=review.status,
        kloe=shown,
        agenda=tuple(agenda),
        agreed=tuple(items),
        agreed_scope=scope,
        agreed_findings=len(agreed_findings),
        agreed_actions=len(agreed_actions),
        workshop_started_at=started,
        workshop_ended_at=finished,
    )


def _action_detail(action: Action) -> str:
    parts = []
    if action.owner:
        parts.append(f"owner: {action.owner}")
    if action.lead_agency:
        parts.append(f"lead: {action.lead_agency}")
    if action.target_date is not None:
        parts.append(f"by {action.target_date:%d/%m/%Y}")
    return " · ".join(parts)
