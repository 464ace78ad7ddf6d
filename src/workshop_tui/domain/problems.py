"""Problems found while reading input: each names where and what."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_tui.domain.intake import AgencyRequest
    from workshop_tui.domain.models import ReviewData
    from workshop_tui.domain.publishing import ReviewRecords


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, printed as ``LOCATION: message``.

    ``location`` is ``FILE:LINE`` (FILE relative to the case pack), ``FILE[Sheet]:ROW``
    for a workbook, ``FILE[table N]:ROW`` for a Word document, or just ``FILE``.
    """

    location: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.location}: {prefix}{self.message}"


class InputError(Exception):
    """Input that cannot be used at all; carries every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) if p.location else p.message for p in problems))


@dataclass(slots=True)
class CaseReading:
    """A case pack (or an archive) read: the review to create and every problem found
    (none of them fatal: a fatal one is an ``InputError``)."""

    data: ReviewData
    problems: list[Problem] = field(default_factory=list)
    requests: list[AgencyRequest] = field(default_factory=list)
    """What case.toml says was asked of each agency (requested, due); received is not set."""
    outstanding: list[str] = field(default_factory=list)
    """The keys of agencies with a file case.toml lists that is not there yet."""
    records: ReviewRecords | None = None
    """An archive's records (requests, briefing, publication, responses, group names)."""

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity error (rows that need attention)."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems of severity warning."""
        return [p for p in self.problems if p.severity is Severity.WARNING]
