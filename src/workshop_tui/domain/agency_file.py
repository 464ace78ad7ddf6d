"""One agency's chronology file as read, before it is added to a review."""

from __future__ import annotations

from dataclasses import dataclass

from workshop_tui.domain.models import ChronologyEntry, SourceColumns
from workshop_tui.domain.problems import Problem, Severity


@dataclass(slots=True)
class AgencyFile:
    """One agency's chronology file read: its entries in file order (ids None, not linked),
    how its columns were read, and its problems (bad rows as errors, warnings)."""

    agency: str
    source_file: str
    entries: list[ChronologyEntry]
    sources: list[SourceColumns]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity error (rows that need attention)."""
        return [p for p in self.problems if p.severity is Severity.ERROR]
