"""Capturing, editing (audited), deleting and restoring perspectives, findings, actions and
escalations; drafts of half-typed forms.

Every kind goes through the same methods, named by ``domain.capture_kinds``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workshop_tui.domain.capture_kinds import CAPTURE_KINDS, Capture, CaptureKind, kind_of
from workshop_tui.domain.models import Action

if TYPE_CHECKING:
    from workshop_tui.domain.clock import Clock
    from workshop_tui.domain.models import Draft, Finding
    from workshop_tui.storage.repository import Repository


class Captures:
    """The use cases of this area (see the module's docstring)."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        self._repository = repository
        self._clock = clock

    # reads ------------------------------------------------------------------

    def for_kloe(self, review_id: int, kloe_id: int) -> list[tuple[CaptureKind, Capture]]:
        """What has been captured under one KLOE, kind by kind (the table's order)."""
        return [
            (kind, item)
            for kind in CAPTURE_KINDS
            for item in self._repository.captures(kind.kind, review_id, kloe_id)
        ]

    def of_kind(self, kind: CaptureKind, review_id: int) -> list[Capture]:
        """Every capture of ``kind`` in the review, in capture order."""
        items: list[Capture] = self._repository.captures(kind.kind, review_id)
        return items

    def findings(self, review_id: int) -> list[Finding]:
        """Every finding of the review (an action form offers them)."""
        return self._repository.findings(review_id)

    def item(self, kind: CaptureKind, review_id: int, item_id: int) -> Capture | None:
        """The capture of ``kind`` with ``item_id`` (ids are unique within a kind only),
        or None when it is gone."""
        return next((i for i in self.of_kind(kind, review_id) if i.id == item_id), None)

    def captured_kloe_ids(self, review_id: int) -> set[int]:
        """The KLOEs anything has been captured under (one query)."""
        return self._repository.captured_kloe_ids(review_id)

    # saving -----------------------------------------------------------------

    def save(self, review_id: int, item: Capture, original: Capture | None = None) -> Capture:
        """Store a confirmed capture (add when new, update when edited) and drop its draft,
        in one commit: either both happen or neither (the draft stays for another try).

        ``original`` is the item as it was when the form opened: only the fields edited
        since are written, so another window's changes to the same item are kept, and
        each change is audited.

        An action's status moves only as the action plan's rules allow
        (``domain.actions``): a new one starts open, or one step on.

        Raises:
            StorageError: nothing was saved (an edit clash, a locked database, a full disk,
                or an action's status move refused: ``services.actions.ActionRefused``).
        """
        kind = kind_of(item).kind
        repository = self._repository
        with repository.atomic():
            if isinstance(item, Action):  # a status move keeps to the plan's rules
                from workshop_tui.services.actions import check_edit

                stored = (
                    Action(description=item.description)
                    if item.id is None
                    else repository.action_with_review(item.id)[1]
                )
                check_edit(stored, item)
            if item.id is None:
                if item.meeting_id is None:  # it belongs to the meeting running now
                    meetings = repository.meetings(review_id)
                    if meetings:
                        item = item.model_copy(update={"meeting_id": meetings[-1].id})
                saved = repository.add_capture(kind, review_id, item)
            else:
                saved = repository.update_capture(kind, item, original=original)
            repository.discard_draft(review_id, kind)
        return saved

    def delete(self, kind: CaptureKind, item_id: int) -> int:
        """Delete a capture (softly: undo brings it back); returns the deletion's audit id."""
        return self._repository.delete_item(kind.kind, item_id)

    def undo_delete(self, review_id: int, audit_id: int | None = None) -> bool:
        """Bring back the capture deleted by ``audit_id``, or else the review's last
        deleted capture still gone. False when there was nothing to bring back."""
        if audit_id is None:
            last = self._repository.last_deletion(review_id)
            names = {kind.kind for kind in CAPTURE_KINDS}
            if last is None or last.entity not in names or last.id is None:
                return False
            audit_id = last.id
        self._repository.undo_delete(audit_id)
        return True

    # drafts -----------------------------------------------------------------

    def drafts(self, review_id: int) -> list[Draft]:
        """The review's unfinished capture forms."""
        return self._repository.drafts(review_id)

    def draft(self, review_id: int, kind: CaptureKind) -> Draft | None:
        """The unfinished form of ``kind`` for a new capture (not an edit), if one was kept."""
        return next(
            (
                d
                for d in self.drafts(review_id)
                if d.form == kind.kind and d.payload.get("item_id") is None
            ),
            None,
        )

    def save_draft(self, review_id: int, draft: Draft) -> Draft:
        """Keep a half-typed form (one per review and kind)."""
        return self._repository.save_draft(review_id, draft)

    def discard_draft(self, review_id: int, kind: CaptureKind) -> None:
        """Forget the unfinished form of ``kind`` (no-op if none)."""
        self._repository.discard_draft(review_id, kind.kind)
