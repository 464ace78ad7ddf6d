"""Searching every review at once: "have we seen this before?" (issue 22)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workshop_tui.domain.search import SearchFilters, SearchHit, parse_query

if TYPE_CHECKING:
    from workshop_tui.domain.models import Review
    from workshop_tui.storage.repository import Repository

DEFAULT_LIMIT = 100
"""How many hits a search returns unless asked for another number."""


@dataclass(frozen=True)
class SearchResult:
    """What a search found, and what the person should be told about their query."""

    hits: list[SearchHit] = field(default_factory=list)
    """Best first."""
    notes: tuple[str, ...] = ()
    """How the query was read where it was not taken as typed (one sentence each)."""
    message: str | None = None
    """Why nothing was searched (an empty query, nothing but punctuation), if so."""
    more: bool = False
    """More hits than ``hits`` exist."""


class Search:
    """The full-text search of every review."""

    def __init__(self, repository: Repository) -> None:
        self._repository = repository

    def find(
        self,
        query: str,
        filters: SearchFilters | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
    ) -> SearchResult:
        """Every chronology entry, perspective, finding, action, escalation and KLOE of
        every review that matches ``query`` (see ``domain.search``), best first.

        ``filters`` are combined with those typed in the query (``kind:finding``); a
        filter typed in the query wins. Never raises for what the query holds: a query
        whose operators do not make sense is searched as plain words, with a note.

        Raises:
            StorageError: the database failed.
        """
        from workshop_tui.storage.search import QueryNotUnderstood

        parsed = parse_query(query)
        chosen = (filters or SearchFilters()).merged(parsed.filters)
        notes = list(parsed.notes)
        if not parsed.match:
            reason = (
                "Type a word to find: NOT and -word only leave words out."
                if parsed.excluded
                else "Type a word to search for."
            )
            return SearchResult(notes=tuple(notes), message=reason)
        if chosen.review and not self._known_review(chosen.review):
            return SearchResult(
                notes=tuple(notes), message=f"No review {chosen.review} in this database."
            )
        try:
            hits = self._repository.search_index(parsed.match, chosen, limit + 1)
        except QueryNotUnderstood:
            notes.append(
                "The operators (AND, OR, NOT, brackets) did not make a whole query, so every"
                " word was searched for instead."
            )
            hits = self._repository.search_index(parsed.plain, chosen, limit + 1)
        named = self._with_agency_names(hits[:limit])
        return SearchResult(hits=named, notes=tuple(notes), more=len(hits) > limit)

    def _with_agency_names(self, hits: list[SearchHit]) -> list[SearchHit]:
        """Each hit with its agency's short name in its own review."""
        from dataclasses import replace

        from workshop_tui.domain.agenda import short_agency_names

        names: dict[int, dict[str, str]] = {}
        named = []
        for hit in hits:
            if not hit.agency:
                named.append(hit)
                continue
            if hit.review_id not in names:
                names[hit.review_id] = short_agency_names(self._repository.agencies(hit.review_id))
            name = names[hit.review_id].get(hit.agency, "")
            named.append(replace(hit, agency_name=name))
        return named

    def review(self, review_id: int) -> Review:
        """The review a hit belongs to, to open it (NotFound if it has gone)."""
        return self._repository.review(review_id)

    def _known_review(self, reference: str) -> bool:
        from workshop_tui.storage.errors import NotFound

        try:
            self._repository.get_review(reference)
        except NotFound:
            return False
        return True

    def document_count(self) -> int:
        """How many items the index holds (every review)."""
        return self._repository.search_document_count()

    @staticmethod
    def render(hits: list[SearchHit], fmt: str) -> str:
        """``hits`` as text for scripts: ``json`` (the documented objects) or ``md``."""
        from workshop_tui.exporters.search_hits import hits_json, hits_markdown

        if fmt == "json":
            return hits_json(hits)
        if fmt == "md":
            return hits_markdown(hits)
        raise ValueError(f"search hits are written as json or md, not {fmt!r}")
