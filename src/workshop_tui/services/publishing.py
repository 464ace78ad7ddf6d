"""Publishing the learning: the settings in force, the 7-minute briefing's text, the
publication blocks of the report and briefing, the partnership's responses to the
recommendations, and the export log of what pseudonymised output redacted.

The settings file is read each time it is asked for (it is small), so an edit to it is
seen without restarting; a bad file gives the defaults and a message (``settings_problem``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workshop_tui.domain.publishing import (
    BRIEFING_KEYS,
    BRIEFING_SECTIONS,
    PUBLISHED_DOCUMENTS,
    Publication,
    PublicationStatus,
    PublishingData,
    ReviewRecords,
    prefill_briefing,
    recommendations,
)
from workshop_tui.domain.settings import GROUP_KEYS, Settings, effective_settings

if TYPE_CHECKING:
    from workshop_tui.domain.clock import Clock
    from workshop_tui.domain.models import Finding, ReviewData
    from workshop_tui.exporters import Rendered
    from workshop_tui.settings_file import LoadedSettings
    from workshop_tui.storage.repository import Repository


class PublishingRefused(ValueError):
    """What was asked cannot be recorded (an unknown section, document, status, group or
    recommendation); the message says what would work. Nothing was written."""


@dataclass(frozen=True, slots=True)
class BriefingSection:
    """One section of the 7-minute briefing as the Briefing screen shows it."""

    key: str
    heading: str
    text: str
    edited: bool
    """False while the text is the prefill from the agreed findings and actions."""


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommendation (a learning finding) with the partnership's response to it."""

    number: int
    """F1, F2... as the documents number the findings."""
    finding: Finding
    response: str


def _choice(value: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise PublishingRefused(f"unknown {what} {value!r}: choose one of {', '.join(choices)}")
    return value


class Publishing:
    """The use cases of publishing a review's learning."""

    def __init__(self, repository: Repository, clock: Clock, settings_path: Path | None = None):
        self._repository = repository
        self._clock = clock
        self._settings_path = settings_path
        self._settings_read: tuple[object, LoadedSettings] | None = None

    # settings ---------------------------------------------------------------------

    def loaded_settings(self) -> LoadedSettings:
        """The settings file as it is now (defaults, and why, when it is wrong).

        Read again only when the file changed (its path, size or modification time):
        every capture form asks for the theme register, and reading and validating the
        file each time was work on the note-taker's path.
        """
        from workshop_tui.settings_file import load_settings, settings_path

        path = self._settings_path or settings_path()
        try:
            found = path.stat()
            stamp: object = (path, found.st_mtime_ns, found.st_size)
        except OSError:
            stamp = (path, None)
        if self._settings_read is None or self._settings_read[0] != stamp:
            self._settings_read = (stamp, load_settings(path))
        return self._settings_read[1]

    def settings_problem(self) -> str:
        """Why the defaults are in force instead of the settings file; empty when fine."""
        return self.loaded_settings().problem

    def settings_for(self, review_id: int) -> Settings:
        """The settings for one review: its partnership (case.toml) and group names over
        the file's."""
        review = self._repository.review(review_id)
        return effective_settings(
            self.loaded_settings().settings,
            review.partnership,
            self._repository.review_groups(review_id),
        )

    def set_group(self, review_id: int, key: str, name: str) -> None:
        """Name one of the partnership's groups for this review only (empty: the
        settings' name again)."""
        self._repository.set_review_group(review_id, _choice(key, GROUP_KEYS, "group"), name)

    # the briefing -----------------------------------------------------------------

    def briefing(self, review_id: int, review: ReviewData | None = None) -> list[BriefingSection]:
        """The briefing's sections: as saved, or prefilled from the agreed findings and
        actions where the lead has not saved them (``review``: the review, when the
        caller has loaded it already)."""
        saved = self._repository.briefing_sections(review_id)
        data = review if review is not None else self._repository.load_review(review_id)
        return _sections(saved, prefill_briefing(data, self.settings_for(review_id)))

    def prefilled(self, review_id: int) -> dict[str, str]:
        """Each section as made from the agreed findings and actions now, by key."""
        return prefill_briefing(
            self._repository.load_review(review_id), self.settings_for(review_id)
        )

    def save_briefing_section(self, review_id: int, key: str, text: str) -> None:
        """Save one section as typed (committed at once, audited)."""
        self._repository.save_briefing_section(
            review_id, _choice(key, BRIEFING_KEYS, "briefing section"), text
        )

    # publication blocks -----------------------------------------------------------

    def publication(self, review_id: int, document: str) -> Publication:
        """Where ``document`` (report or briefing) stands; a draft until set."""
        _choice(document, PUBLISHED_DOCUMENTS, "document")
        return self._repository.publications(review_id).get(document) or Publication()

    def set_publication(
        self,
        review_id: int,
        document: str,
        status: str,
        approved_by: str = "",
        date: dt.date | None = None,
    ) -> Publication:
        """Set ``document``'s publication block. Approved or published without a date:
        today. A draft keeps no approver or date.

        Raises:
            PublishingRefused: unknown document or status, or approved without an approver.
        """
        _choice(document, PUBLISHED_DOCUMENTS, "document")
        state = PublicationStatus(_choice(status, tuple(PublicationStatus), "status"))
        if state is PublicationStatus.DRAFT:
            block = Publication()
        else:
            if not approved_by.strip():
                raise PublishingRefused(
                    f"say who approved the {document} (e.g. the Case Review Group)"
                )
            block = Publication(
                status=state,
                approved_by=approved_by.strip(),
                date=date or self._clock().date(),
            )
        self._repository.set_publication(review_id, document, block)
        return block

    # responses --------------------------------------------------------------------

    def recommendations(self, review_id: int) -> list[Recommendation]:
        """The review's recommendations with the response recorded for each."""
        data = self._repository.load_review(review_id)
        responses = self._repository.responses(review_id)
        numbers = {f.id: n for n, f in enumerate(data.findings, start=1)}
        return [
            Recommendation(numbers[f.id], f, responses.get(f.id or -1, ""))
            for f in recommendations(data)
        ]

    def save_response(self, review_id: int, number: int, text: str) -> None:
        """Record the partnership's response to recommendation F``number``.

        Raises:
            PublishingRefused: no recommendation has that number.
        """
        recommendations = self.recommendations(review_id)
        for recommendation in recommendations:
            if recommendation.number == number and recommendation.finding.id is not None:
                self._repository.save_response(review_id, recommendation.finding.id, text)
                return
        numbers = ", ".join(f"F{r.number}" for r in recommendations) or "none"
        raise PublishingRefused(f"no recommendation F{number}; the recommendations are {numbers}")

    # what the documents need ------------------------------------------------------

    def data(self, review_id: int, review: ReviewData | None = None) -> PublishingData:
        """Everything the briefing, the response and the report's publication block say
        (``review``: the review, when the caller has loaded it already)."""
        records = self.records(review_id)  # each stored table read once
        data = review if review is not None else self._repository.load_review(review_id)
        settings = effective_settings(
            self.loaded_settings().settings, data.review.partnership, records.groups
        )
        sections = _sections(records.briefing, prefill_briefing(data, settings))
        return PublishingData(
            settings=settings,
            briefing={s.key: s.text for s in sections},
            publications=records.publications,
            responses=records.responses,
            records=records,
        )

    def records(self, review_id: int) -> ReviewRecords:
        """What the lead recorded about the review besides its content, as stored."""
        repository = self._repository
        return ReviewRecords(
            requests=repository.agency_requests(review_id),
            briefing=repository.briefing_sections(review_id),
            publications=repository.publications(review_id),
            responses=repository.responses(review_id),
            groups=repository.review_groups(review_id),
        )

    def log_export(self, review_id: int, rendered: Rendered, target: Path) -> None:
        """Record a pseudonymised export in the review's history: the document, the file's
        name and each redaction (where and what kind, never the value)."""
        self._repository.log_export(
            review_id,
            rendered.document,
            target.name,
            [{"where": r.where, "kind": r.kind} for r in rendered.redactions],
        )


def _sections(saved: dict[str, str], prefill: dict[str, str]) -> list[BriefingSection]:
    """The briefing's sections in order: as saved, else as prefilled."""
    return [
        BriefingSection(key, heading, saved.get(key, prefill[key]), key in saved)
        for key, heading in BRIEFING_SECTIONS
    ]
