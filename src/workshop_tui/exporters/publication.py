"""The publication block: where a report or briefing stands (draft, approved, published)."""

from __future__ import annotations

from workshop_tui.domain.publishing import Publication, PublicationStatus

from .blocks import Details, details
from .text import uk_date


def publication_block(publication: Publication) -> Details:
    """``Publication status``, ``Approved by`` and the date, as a title block."""
    dated = "Published on" if publication.status is PublicationStatus.PUBLISHED else "Approved on"
    return details(
        ("Publication status", str(publication.status).capitalize()),
        ("Approved by", publication.approved_by),
        (dated, uk_date(publication.date)),
    )
