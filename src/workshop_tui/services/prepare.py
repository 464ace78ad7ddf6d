"""Preparing a review: participants, KLOEs, agencies, pseudonyms and identifying places."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_tui.domain.models import (
        Attendance,
        IdentifyingPlace,
        Kloe,
        Participant,
        Pseudonym,
        Review,
    )
    from workshop_tui.storage.repository import Repository


class Prepare:
    """Preparing a review: participants, KLOEs, agencies, pseudonyms and identifying places."""

    def __init__(self, repository: Repository) -> None:
        self._repository = repository

    # the review's details ---------------------------------------------------------

    def save_details(self, review: Review, *, original: Review) -> Review:
        """Save the review's details as edited from ``original``: only the fields changed
        since are written, so another window's edits to the others are kept."""
        return self._repository.update_review(review, original=original)

    # participants -----------------------------------------------------------------

    def participants(self, review_id: int) -> list[Participant]:
        """The learning review group, in order."""
        return self._repository.participants(review_id)

    def save_participant(self, review_id: int, participant: Participant) -> Participant:
        """Add a participant (no id) or save an edited one; returns it as stored."""
        return self._repository.save_participant(review_id, participant)

    def set_attendance(self, participant_id: int, attendance: Attendance) -> Participant:
        """Mark a participant present, absent, apologies or invited."""
        return self._repository.set_attendance(participant_id, attendance)

    # KLOEs ------------------------------------------------------------------------

    def kloes(self, review_id: int) -> list[Kloe]:
        """The KLOEs in agenda order."""
        return self._repository.kloes(review_id)

    def save_kloe(self, review_id: int, kloe: Kloe) -> Kloe:
        """Add a KLOE (no id) or save an edited one; returns it as stored."""
        return self._repository.save_kloe(review_id, kloe)

    def move_kloe(self, kloe_id: int, offset: int) -> list[Kloe]:
        """Move a KLOE up (-1) or down (+1) the agenda; the KLOEs are renumbered."""
        return self._repository.move_kloe(kloe_id, offset)

    # pseudonyms and identifying places --------------------------------------------

    def pseudonyms(self, review_id: int) -> list[Pseudonym]:
        """The review's pseudonyms."""
        return self._repository.pseudonyms(review_id)

    def save_pseudonym(self, review_id: int, pseudonym: Pseudonym) -> Pseudonym:
        """Add a pseudonym (no id) or save an edited one (audited)."""
        return self._repository.save_pseudonym(review_id, pseudonym)

    def delete_pseudonym(self, pseudonym_id: int) -> None:
        """Delete a pseudonym (the audit keeps it)."""
        self._repository.delete_pseudonym(pseudonym_id)

    def identifying_places(self, review_id: int) -> list[IdentifyingPlace]:
        """The places the pseudonymisation check flags."""
        return self._repository.identifying_places(review_id)

    def save_identifying_place(self, review_id: int, place: IdentifyingPlace) -> IdentifyingPlace:
        """Add an identifying place (no id) or save an edited one (audited)."""
        return self._repository.save_identifying_place(review_id, place)

    def delete_identifying_place(self, place_id: int) -> None:
        """Delete an identifying place (the audit keeps it)."""
        self._repository.delete_identifying_place(place_id)
