"""Publishing the learning: briefing sections, publication blocks, responses to the
recommendations and a review's own group names. Each write is audited."""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.publishing import Publication, PublicationStatus
from workshop_tui.storage.base import StoreBase
from workshop_tui.storage.convert import to_json


class PublishingStore(StoreBase):
    """What a review's published documents say besides the review itself."""

    # the 7-minute briefing ---------------------------------------------------------

    def briefing_sections(self, review_id: int) -> dict[str, str]:
        """The briefing sections the lead has saved, by key (the others are prefilled)."""
        rows = self._query(
            "SELECT section, text FROM briefing_section WHERE review_id = ?", (review_id,)
        )
        return {section: text for section, text in rows}

    def save_briefing_section(self, review_id: int, section: str, text: str) -> None:
        """Save one section's text as typed (committed at once, audited)."""
        with self._write() as conn:
            self._require_review(review_id)
            old = conn.execute(
                "SELECT text FROM briefing_section WHERE review_id = ? AND section = ?",
                (review_id, section),
            ).fetchone()
            conn.execute(
                "INSERT INTO briefing_section (review_id, section, text, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (review_id, section)"
                " DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (review_id, section, text, self._now().isoformat()),
            )
            self._audit(
                conn,
                review_id,
                "briefing_section",
                None,
                "update" if old else "create",
                section,
                old[0] if old else None,
                text,
            )

    # publication blocks ------------------------------------------------------------

    def publications(self, review_id: int) -> dict[str, Publication]:
        """Each document's publication block that has been set, by document."""
        rows = self._query(
            "SELECT document, status, approved_by, date FROM publication WHERE review_id = ?",
            (review_id,),
        )
        return {
            document: Publication(
                status=PublicationStatus(status),
                approved_by=approved_by,
                date=dt.date.fromisoformat(date) if date else None,
            )
            for document, status, approved_by, date in rows
        }

    def set_publication(self, review_id: int, document: str, publication: Publication) -> None:
        """Set where ``document`` stands (committed at once, audited)."""
        new = publication.model_dump(mode="json")
        with self._write() as conn:
            self._require_review(review_id)
            old = self.publications(review_id).get(document)
            conn.execute(
                "INSERT INTO publication (review_id, document, status, approved_by, date)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (review_id, document) DO UPDATE SET"
                " status = excluded.status, approved_by = excluded.approved_by,"
                " date = excluded.date",
                (review_id, document, new["status"], new["approved_by"], new["date"]),
            )
            self._audit(
                conn,
                review_id,
                "publication",
                None,
                "update" if old else "create",
                document,
                to_json(old.model_dump(mode="json")) if old else None,
                to_json(new),
            )

    # responses to recommendations --------------------------------------------------

    def responses(self, review_id: int) -> dict[int, str]:
        """The partnership's response to each recommendation, by finding id."""
        rows = self._query(
            "SELECT finding_id, response FROM recommendation_response WHERE review_id = ?",
            (review_id,),
        )
        return {int(finding_id): response for finding_id, response in rows}

    def save_response(self, review_id: int, finding_id: int, response: str) -> None:
        """Record the partnership's response to the recommendation ``finding_id``."""
        with self._write() as conn:
            self._require_review(review_id)
            finding = self._get_row("finding", finding_id)
            if finding["review_id"] != review_id:
                raise ValueError(f"finding {finding_id} is not in this review")
            old = self.responses(review_id).get(finding_id)
            conn.execute(
                "INSERT INTO recommendation_response (review_id, finding_id, response)"
                " VALUES (?, ?, ?) ON CONFLICT (review_id, finding_id)"
                " DO UPDATE SET response = excluded.response",
                (review_id, finding_id, response),
            )
            self._audit(
                conn,
                review_id,
                "recommendation_response",
                finding_id,
                "update" if old is not None else "create",
                "response",
                old,
                response,
            )

    # the review's own group names --------------------------------------------------

    def review_groups(self, review_id: int) -> dict[str, str]:
        """The group names this review uses instead of the settings', by group key."""
        rows = self._query(
            "SELECT group_key, name FROM review_group WHERE review_id = ?", (review_id,)
        )
        return {key: name for key, name in rows}

    def set_review_group(self, review_id: int, key: str, name: str) -> None:
        """Name group ``key`` for this review; an empty name goes back to the settings'."""
        with self._write() as conn:
            self._require_review(review_id)
            old = self.review_groups(review_id).get(key)
            if name.strip():
                conn.execute(
                    "INSERT INTO review_group (review_id, group_key, name) VALUES (?, ?, ?)"
                    " ON CONFLICT (review_id, group_key) DO UPDATE SET name = excluded.name",
                    (review_id, key, name.strip()),
                )
            else:
                conn.execute(
                    "DELETE FROM review_group WHERE review_id = ? AND group_key = ?",
                    (review_id, key),
                )
            self._audit(
                conn, review_id, "review_group", None, "update", key, old, name.strip() or None
            )

    # the export log ----------------------------------------------------------------

    def log_export(
        self, review_id: int, document: str, file_name: str, redactions: list[dict[str, str]]
    ) -> None:
        """Record a pseudonymised export and what it redacted (where and what kind only:
        the values never reach the log)."""
        with self._write() as conn:
            self._audit(
                conn,
                review_id,
                "export",
                None,
                "export",
                document,
                None,
                to_json({"file": file_name, "redactions": redactions}),
            )
