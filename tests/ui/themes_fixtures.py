"""Three small fictional reviews with themed findings, for the Themes screen's tests and
snapshot."""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.models import Finding, FindingKind, FindingLevel, FindingScope, Review
from workshop_tui.storage.errors import NotFound
from workshop_tui.storage.repository import Repository

from .conftest import fictional_review

REVIEWS: tuple[tuple[str, str, dt.date | None], ...] = (
    ("LR-2099-01", "Learning Review: Child Q", dt.date(2099, 5, 21)),
    ("LR-2100-03", "Learning Review: Child V", dt.date(2100, 2, 9)),
    ("LR-2100-07", "Learning Review: Child W", None),
)

FINDINGS: dict[str, list[Finding]] = {
    "LR-2099-01": [
        Finding(
            statement="Risk was held in separate records.",
            themes=["information sharing", "neglect and cumulative harm"],
            level=FindingLevel.PARTNERSHIP,
            scope=FindingScope.MULTI_AGENCY,
            agreed=True,
        ),
        Finding(statement="Nobody asked Child Q about home.", themes=["voice of the child"]),
    ],
    "LR-2100-03": [
        Finding(
            statement="The school was not told of the [bold]police[/bold] visit.",
            themes=["information sharing"],
            level=FindingLevel.ORGANISATIONAL,
            agreed=True,
        ),
        Finding(
            statement="Breakfast club noticed the hunger.",
            kind=FindingKind.GOOD_PRACTICE,
            themes=["good practice", "Online safety"],
        ),
    ],
    "LR-2100-07": [
        Finding(statement="Child W's voice was heard.", themes=["Voice of the Child"]),
        Finding(statement="Not tagged yet."),
    ],
}


def three_reviews(repository: Repository) -> None:
    """Add the three reviews (the first may be there already) and their findings."""
    for reference, title, day in REVIEWS:
        try:
            review = repository.get_review(reference)
        except NotFound:
            data = fictional_review()
            data.review = Review(
                reference=reference, title=title, workshop_date=day, period_end=None
            )
            review = repository.create_review(data)
        assert review.id is not None
        for finding in FINDINGS[reference]:
            repository.add_finding(review.id, finding)
