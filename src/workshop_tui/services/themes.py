"""Themes across reviews: the register findings are tagged from, counts by theme across
reviews and years (the Themes screen, ``workshop-tui themes``), and the annual report
extract (``workshop-tui annual-report``), which is built on the same reviews.

The register is the built-in taxonomy plus the partnership's own names (``extra``:
the settings supply them; until then the command line's ``--extra-theme``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from workshop_tui.domain.themes import ThemeTally, tally_themes, theme_register

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from workshop_tui.domain.annual import AnnualInput
    from workshop_tui.domain.clock import Clock
    from workshop_tui.domain.models import Finding, Review
    from workshop_tui.storage.repository import Repository


class Themes:
    """The use cases of this area (see the module's docstring)."""

    def __init__(
        self,
        repository: Repository,
        clock: Clock | None = None,
        extra: Iterable[str] = (),
        settings_themes: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        self._repository = repository
        self._clock = clock
        self.extra: tuple[str, ...] = tuple(extra)
        """Theme names given for this run (the command line's ``--extra-theme``)."""
        self._settings_themes = settings_themes

    def register(self) -> tuple[str, ...]:
        """Every theme a finding can be tagged with, in the order offered: the built-in
        ones, then the partnership's own from the settings file, then ``extra``."""
        own = tuple(self._settings_themes()) if self._settings_themes else ()
        return theme_register((*own, *self.extra))

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

    # the annual report extract ------------------------------------------------

    def _now(self) -> dt.datetime:
        from workshop_tui.domain.clock import system_clock

        return (self._clock or system_clock)()

    def annual(self, start: dt.date | None, end: dt.date | None) -> AnnualInput:
        """What the annual report extract for ``start``..``end`` says: the reviews held
        then (by workshop date, else period end) with their findings and actions;
        overdue is counted at today's date."""
        from workshop_tui.domain.annual import AnnualInput, ReviewRecord, partnership_of
        from workshop_tui.domain.themes import review_day

        records: list[ReviewRecord] = []
        left_out: list[Review] = []
        ranged = start is not None or end is not None
        for review in self._repository.list_reviews():
            day = review_day(review)
            if ranged and (day is None or (start and day < start) or (end and day > end)):
                left_out.append(review)
                continue
            assert review.id is not None
            records.append(
                ReviewRecord(
                    review,
                    tuple(self._repository.findings(review.id)),
                    tuple(self._repository.actions(review.id)),
                )
            )
        return AnnualInput(
            start=start,
            end=end,
            as_at=self._now().date(),
            records=tuple(records),
            register=self.register(),
            partnership=partnership_of([r.review for r in records]),
            left_out=tuple(left_out),
        )

    def write_annual(self, data: AnnualInput, target: Path, protected: Iterable[Path] = ()) -> str:
        """Write the extract to ``target`` in the format its extension names (.docx, .md,
        .csv), atomically and owner-only, never over the open database, another SQLite
        file or a case pack's file. Returns the format.

        Raises:
            ExportFailed: an extension the extract has no format for, or a target that
                must not be replaced (``TargetRefused``); nothing was written.
            OSError: the file could not be written.
        """
        from workshop_tui.exporters import UnsafeTarget, write_atomic
        from workshop_tui.exporters.annual import FORMATS, render_annual
        from workshop_tui.exporters.targets import check_target
        from workshop_tui.services.exports import ExportFailed, TargetRefused

        fmt = {"markdown": "md"}.get(target.suffix.lower().lstrip("."), target.suffix.lower()[1:])
        if fmt not in FORMATS:
            choices = ", ".join(f".{f}" for f in FORMATS)
            raise ExportFailed(f"{target.name}: the annual report extract is written as {choices}")
        database = self._repository.path
        protect = (*((database,) if database is not None else ()), *protected)
        try:
            check_target(target, protect)
            write_atomic(target, render_annual(data, fmt, self._now()), protect)
        except UnsafeTarget as unsafe:
            raise TargetRefused(str(unsafe)) from unsafe
        return fmt
