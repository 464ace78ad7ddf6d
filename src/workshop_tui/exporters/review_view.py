"""Read-only lookups over a ``ReviewData`` that every document builder needs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cached_property

from workshop_tui.domain.agenda import not_discussed
from workshop_tui.domain.dates import Precision
from workshop_tui.domain.models import (
    Action,
    Attendance,
    Decision,
    Finding,
    Kloe,
    Participant,
    Perspective,
    RecommendationTo,
    ReviewData,
    ReviewStatus,
)
from workshop_tui.domain.settings import Settings

from .text import duration, hhmm, uk_date


class ReviewView:
    """Cross-references of one review: names for ids, numbering, time spent."""

    def __init__(self, data: ReviewData, settings: Settings | None = None) -> None:
        self.data = data
        self.review = data.review
        self.settings = settings or Settings(partnership=data.review.partnership)
        """The names of the partnership and its groups for this review."""
        self._agency_names = {a.key: a.name for a in data.agencies}
        self._participants = {p.id: p for p in data.participants if p.id is not None}
        self._kloes = {k.id: k for k in data.kloes if k.id is not None}
        self._entries = {e.id: e for e in data.entries if e.id is not None}
        self._finding_refs = {
            f.id: f"F{n}" for n, f in enumerate(data.findings, 1) if f.id is not None
        }
        self._findings = {f.id: f for f in data.findings if f.id is not None}

    # --- names -------------------------------------------------------------------------
    @property
    def partnership(self) -> str:
        """The partnership's name: the review's own, else the settings'."""
        return self.review.partnership or self.settings.partnership

    def group(self, to: RecommendationTo) -> str:
        """The partnership's name for the group a recommendation goes to."""
        groups = self.settings.groups
        return groups.case_review if to is RecommendationTo.CASE_REVIEW_GROUP else groups.business

    def agency_name(self, key: str) -> str:
        """The agency's name for a key; free text (someone from outside) as it is."""
        return self._agency_names.get(key, key)

    def role_and_agency(self, participant: Participant) -> str:
        parts = [p for p in (participant.role, self.agency_name(participant.agency)) if p]
        return ", ".join(parts)

    def participant(self, participant_id: int | None) -> Participant | None:
        return self._participants.get(participant_id) if participant_id else None

    def attribution(self, participant_id: int | None) -> str:
        """``Name (Role, Agency name)``; the name alone when it already says the role."""
        participant = self.participant(participant_id)
        if participant is None:
            return "Unattributed"
        detail = self.role_and_agency(participant)
        # A pseudonymised participant is already named by role ("Social Worker 2, ...").
        if (
            not detail
            or participant.name == detail
            or (participant.role and participant.name.startswith(participant.role))
        ):
            return participant.name
        return f"{participant.name} ({detail})"

    def kloe(self, kloe_id: int | None) -> Kloe | None:
        return self._kloes.get(kloe_id) if kloe_id is not None else None

    def kloe_label(self, kloe_id: int | None) -> str:
        kloe = self.kloe(kloe_id)
        return f"KLOE {kloe.number}: {kloe.title}" if kloe else ""

    def entry_label(self, entry_id: int) -> str:
        entry = self._entries.get(entry_id)
        if entry is None:
            return ""
        if entry.date_precision is Precision.DAY and entry.end_date is None:
            when = uk_date(entry.date, approximate=entry.date_approximate)
        else:
            when = entry.when
        return f"{when}, " + self.agency_name(entry.agency)

    def evidence(self, entry_ids: list[int]) -> str:
        labels = [label for label in (self.entry_label(i) for i in entry_ids) if label]
        return "; ".join(labels)

    # --- numbering ---------------------------------------------------------------------
    def finding_ref(self, finding: Finding) -> str:
        if finding.id is not None and finding.id in self._finding_refs:
            return self._finding_refs[finding.id]
        return f"F{self.data.findings.index(finding) + 1}"

    def action_ref(self, action: Action) -> str:
        return f"A{self.data.actions.index(action) + 1}"

    def finding_of(self, action: Action) -> Finding | None:
        return self._findings.get(action.finding_id) if action.finding_id is not None else None

    # --- captures per KLOE -------------------------------------------------------------
    def perspectives_for(self, kloe_id: int | None) -> list[Perspective]:
        return [p for p in self.data.perspectives if self._same_kloe(p.kloe_id, kloe_id)]

    def findings_for(self, kloe_id: int | None) -> list[Finding]:
        if kloe_id is None:
            return [f for f in self.data.findings if not any(k in self._kloes for k in f.kloe_ids)]
        return [f for f in self.data.findings if kloe_id in f.kloe_ids]

    def action_kloe(self, action: Action) -> int | None:
        """The KLOE an action belongs to: its own, else its finding's first."""
        if action.kloe_id in self._kloes:
            return action.kloe_id
        finding = self.finding_of(action)
        if finding:
            for kloe_id in finding.kloe_ids:
                if kloe_id in self._kloes:
                    return kloe_id
        return None

    def actions_for(self, kloe_id: int | None) -> list[Action]:
        return [a for a in self.data.actions if self.action_kloe(a) == kloe_id]

    def decisions_for(self, kloe_id: int | None) -> list[Decision]:
        return [d for d in self.data.decisions if self._same_kloe(d.kloe_id, kloe_id)]

    def _same_kloe(self, item_kloe: int | None, kloe_id: int | None) -> bool:
        if kloe_id is None:
            return item_kloe not in self._kloes
        return item_kloe == kloe_id

    # --- people ------------------------------------------------------------------------
    def attending(self, attendance: Attendance) -> list[Participant]:
        return [p for p in self.data.participants if p.attendance == attendance]

    @cached_property
    def entry_counts(self) -> Counter[str]:
        return Counter(e.agency for e in self.data.entries)

    # --- time --------------------------------------------------------------------------
    def workshop_times(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        starts = [w.started_at for w in self.data.workshop_log if w.kloe_id is None]
        ends = [w.ended_at for w in self.data.workshop_log if w.kloe_id is None and w.ended_at]
        return (min(starts) if starts else None, max(ends) if ends else None)

    def not_discussed(self, kloe: Kloe) -> bool:
        """Whether the room moved past the KLOE (or never reached it) with nothing captured."""
        captured = bool(
            self.perspectives_for(kloe.id)
            or self.findings_for(kloe.id)
            or self.actions_for(kloe.id)
            or any(e.kloe_id == kloe.id for e in self.data.escalations)
            or self.decisions_for(kloe.id)
        )
        over = self.review.status in {ReviewStatus.DRAFT_MINUTES, ReviewStatus.FINAL}
        return not_discussed(kloe, self.data.workshop_log, captured=captured, workshop_over=over)

    def workshop_date(self) -> dt.date | None:
        """The one workshop date every document gives: the review's, else the day it started."""
        started, _ = self.workshop_times()
        return self.review.workshop_date or (started.date() if started else None)

    def time_spent(self, kloe: Kloe) -> str:
        """``27 minutes (time box 25 minutes)``, or why no time can be given."""
        spans = [w for w in self.data.workshop_log if w.kloe_id == kloe.id]
        box = f"time box {duration(kloe.minutes)}"
        if not spans:
            return f"Not recorded ({box})"
        seconds = sum(
            (w.ended_at - w.started_at).total_seconds() for w in spans if w.ended_at is not None
        )
        open_spans = [w for w in spans if w.ended_at is None]
        if open_spans and not seconds:
            return f"Started at {hhmm(open_spans[0].started_at)}, end not recorded ({box})"
        minutes = round(seconds / 60)
        spent = duration(minutes) if minutes else "under a minute"
        text = f"{spent} ({box})"
        if open_spans:
            text += "; a later discussion has no recorded end"
        return text
