"""The captures aggregate: perspectives, findings, actions and escalations, and the
drafts of half-typed capture forms."""

from __future__ import annotations

from typing import Any

from workshop_tui.domain.capture_kinds import CAPTURE_KINDS, capture_kind
from workshop_tui.domain.models import Action, Draft, Escalation, Finding, Perspective
from workshop_tui.storage.base import M, StoreBase
from workshop_tui.storage.convert import to_json


class CaptureStore(StoreBase):
    """What the room says and decides, captured during the workshop."""

    def _capture(self, table: str, review_id: int, item: M) -> M:
        if getattr(item, "captured_at", None) is None:
            return self._add(table, review_id, item, captured_at=self._now())
        return self._add(table, review_id, item)

    def _by_kloe(self, table: str, review_id: int, kloe_id: int | None) -> list[Any]:
        if kloe_id is None:
            return self._select(table, "review_id = ?", (review_id,))
        return self._select(table, "review_id = ? AND kloe_id = ?", (review_id, kloe_id))

    def add_perspective(self, review_id: int, p: Perspective) -> Perspective:
        """Store what a participant said (``captured_at`` from the clock if None)."""
        return self._capture("perspective", review_id, p)

    def update_perspective(
        self, p: Perspective, original: Perspective | None = None
    ) -> Perspective:
        """Save a perspective's changed fields, audited one by one (see ``_update``)."""
        return self._update("perspective", p, original=original)

    def perspectives(self, review_id: int, kloe_id: int | None = None) -> list[Perspective]:
        """Perspectives in capture order, optionally only those under one KLOE."""
        return self._by_kloe("perspective", review_id, kloe_id)

    def add_finding(self, review_id: int, f: Finding) -> Finding:
        """Store a finding (``captured_at`` from the clock if None)."""
        return self._capture("finding", review_id, f)

    def update_finding(self, f: Finding, original: Finding | None = None) -> Finding:
        """Save a finding's changed fields, audited one by one (see ``_update``)."""
        return self._update("finding", f, original=original)

    def findings(self, review_id: int, kloe_id: int | None = None) -> list[Finding]:
        """Findings in capture order, optionally only those linked to one KLOE."""
        if kloe_id is None:
            return self._select("finding", "review_id = ?", (review_id,))
        return self._select(
            "finding",
            "review_id = ? AND EXISTS (SELECT 1 FROM json_each(finding.kloe_ids)"
            " WHERE json_each.value = ?)",
            (review_id, kloe_id),
        )

    def add_action(self, review_id: int, a: Action) -> Action:
        """Store an action (``captured_at`` from the clock if None)."""
        return self._capture("action", review_id, a)

    def update_action(self, a: Action, original: Action | None = None) -> Action:
        """Save an action's changed fields, audited one by one (see ``_update``)."""
        return self._update("action", a, original=original)

    def actions(self, review_id: int, kloe_id: int | None = None) -> list[Action]:
        """Actions in capture order, optionally only those under one KLOE."""
        return self._by_kloe("action", review_id, kloe_id)

    def add_escalation(self, review_id: int, e: Escalation) -> Escalation:
        """Store an escalation (``captured_at`` from the clock if None)."""
        return self._capture("escalation", review_id, e)

    def update_escalation(self, e: Escalation, original: Escalation | None = None) -> Escalation:
        """Save an escalation's changed fields, audited one by one (see ``_update``)."""
        return self._update("escalation", e, original=original)

    def escalations(self, review_id: int, kloe_id: int | None = None) -> list[Escalation]:
        """Escalations in capture order, optionally only those under one KLOE."""
        return self._by_kloe("escalation", review_id, kloe_id)

    # -------------------------------------------------------------------- drafts

    # ------------------------------------------------ captures by kind (issue 12)
    # Every kind of capture through one set of methods, named by
    # ``domain.capture_kinds``: the services call these, never a method per kind.

    def add_capture(self, kind: str, review_id: int, item: M) -> M:
        """Store a capture of ``kind`` (``captured_at`` from the clock if None)."""
        return self._capture(capture_kind(kind).kind, review_id, item)

    def update_capture(self, kind: str, item: M, original: M | None = None) -> M:
        """Save a capture's changed fields, audited one by one (see ``_update``)."""
        return self._update(capture_kind(kind).kind, item, original=original)

    def captures(self, kind: str, review_id: int, kloe_id: int | None = None) -> list[Any]:
        """Captures of ``kind`` in capture order, optionally only those under one KLOE."""
        spec = capture_kind(kind)
        if kloe_id is None or not spec.many_kloes:
            return self._by_kloe(spec.kind, review_id, kloe_id)
        return self._select(
            spec.kind,
            f"review_id = ? AND EXISTS (SELECT 1 FROM json_each({spec.kind}.{spec.kloe_field})"
            " WHERE json_each.value = ?)",
            (review_id, kloe_id),
        )

    def captured_kloe_ids(self, review_id: int) -> set[int]:
        """The KLOEs anything (of any kind, not deleted) was captured under: one query."""
        parts = []
        for spec in CAPTURE_KINDS:
            table, column = spec.kind, spec.kloe_field
            if spec.many_kloes:
                parts.append(
                    f"SELECT json_each.value FROM {table}, json_each({table}.{column})"
                    f" WHERE {table}.review_id = ? AND {table}.deleted_at IS NULL"
                )
            else:
                parts.append(
                    f"SELECT {spec.kloe_field} FROM {spec.kind} WHERE review_id = ?"
                    f" AND deleted_at IS NULL AND {spec.kloe_field} IS NOT NULL"
                )
        rows = self._query(" UNION ".join(parts), [review_id] * len(parts))
        return {int(row[0]) for row in rows if row[0] is not None}

    def save_draft(self, review_id: int, draft: Draft) -> Draft:
        """Keep a half-typed form (one per review and form); ``updated_at`` from the clock.

        Drafts are scratch space, not review content, so they are not audited.
        """
        self._require_review(review_id)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO draft (review_id, form, kloe_id, payload, updated_at)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (review_id, form) DO UPDATE SET kloe_id = excluded.kloe_id,"
                " payload = excluded.payload, updated_at = excluded.updated_at",
                (
                    review_id,
                    draft.form,
                    draft.kloe_id,
                    to_json(draft.payload),
                    self._now().isoformat(),
                ),
            )
        rows = self._select("draft", "review_id = ? AND form = ?", (review_id, draft.form))
        saved: Draft = rows[0]
        return saved

    def drafts(self, review_id: int) -> list[Draft]:
        """The review's saved drafts."""
        return self._select("draft", "review_id = ?", (review_id,))

    def discard_draft(self, review_id: int, form: str) -> None:
        """Forget the draft of ``form`` (no-op if none)."""
        with self._write() as conn:
            conn.execute("DELETE FROM draft WHERE review_id = ? AND form = ?", (review_id, form))
