"""Themes across reviews: the register findings are tagged from, and counts by theme
across reviews and years (the Themes screen, ``workshop-tui themes``, the annual report).

The register is the built-in taxonomy plus the partnership's own names (``extra``:
the settings supply them; until then the command line's ``--extra-theme``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from workshop_tui.domain.themes import ThemeTally, tally_themes, theme_register

if TYPE_CHECKING:
    import datetime as dt

    from workshop_tui.domain.models import Finding, Review
    from workshop_tui.storage.repository import Repository


class Themes:
    """The use cases of this area (see the module's docstring)."""

    def __init__(self, repository: Repository, extra: Iterable[str] = ()) -> None:
        self._repository = repository
        self.extra: tuple[str, ...] = tuple(extra)
        """The partnership's own theme names, offered after the built-in ones."""

    def register(self) -> tuple[str, ...]:
        """Every theme a finding can be tagged with, in the order offered."""
        return theme_register(self.extra)

    def reviews_with_findings(self) -> list[tuple[Review, list[Finding]]]:
        """Every review with its live findings, in the reviews list's order."""
        out: list[tuple[Review, list[Finding]]] = []
        for review in self._repository.list_reviews():
            assert review.id is not None
            out.append((review, self._repository.findings(review.id)))
        return out

    def tally(self, start: dt.date | None = None, end: dt.date | None = None) -> ThemeTally:
        """Findings counted by theme across every review whose workshop (else period end)
        falls between ``start`` and ``end`` (either open when None)."""
        return tally_themes(self.reviews_with_findings(), self.register(), start=start, end=end)

    @staticmethod
    def render(tally: ThemeTally, fmt: str) -> str:
        """``tally`` as text: ``table``, ``csv``, ``json`` or ``md``."""
        from workshop_tui.exporters.themes import render_themes

        return render_themes(tally, fmt)
