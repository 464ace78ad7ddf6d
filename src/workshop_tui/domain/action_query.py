"""The Actions screen's filter line, read into ``ActionFilters``: a pure function.

``review:LR-2025-07 owner:dsl agency:police status:open,in-progress rag:red overdue``:
each ``name:value`` sets one filter (a value may list several statuses or RAGs,
comma-separated), ``overdue`` and ``due`` (due within 30 days) and ``open`` (closed
left out) are words on their own, and any other word is part of the owner's name.
Nothing typed is dropped without a word: what cannot be read is returned as a
problem to show, and the rest still filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from workshop_tui.domain.actions import ActionFilters, parse_rag, parse_status
from workshop_tui.domain.models import ActionStatus, Rag

FILTER_NAMES = ("review", "owner", "agency", "status", "rag")


@dataclass(frozen=True)
class ActionQuery:
    """What the filter line asked for, and what it could not read."""

    filters: ActionFilters = field(default_factory=ActionFilters)
    problems: tuple[str, ...] = ()


def parse_action_query(text: str) -> ActionQuery:
    """Read the filter line (see the module's docstring)."""
    filters = ActionFilters()
    problems: list[str] = []
    owner_words: list[str] = []
    statuses: list[ActionStatus] = []
    rags: list[Rag] = []
    for word in text.split():
        name, colon, value = word.partition(":")
        key = name.casefold()
        if not colon:
            if key == "overdue":
                filters = replace(filters, overdue=True)
            elif key == "due":
                filters = replace(filters, due_soon=True)
            elif key == "open":
                filters = replace(filters, open_only=True)
            else:
                owner_words.append(word)
            continue
        if key not in FILTER_NAMES:
            problems.append(f"{name}: is not a filter (review, owner, agency, status, rag)")
            continue
        if not value:
            problems.append(f"{name}: needs a value after the colon")
            continue
        if key == "review":
            filters = replace(filters, review=value)
        elif key == "owner":
            owner_words.append(value)
        elif key == "agency":
            filters = replace(filters, agency=value)
        elif key == "status":
            for part in value.split(","):
                try:
                    statuses.append(parse_status(part))
                except ValueError as error:
                    problems.append(str(error))
        else:
            for part in value.split(","):
                try:
                    rags.append(parse_rag(part))
                except ValueError as error:
                    problems.append(str(error))
    if owner_words:
        filters = replace(filters, owner=" ".join(owner_words))
    if statuses:
        filters = replace(filters, statuses=tuple(dict.fromkeys(statuses)))
    if rags:
        filters = replace(filters, rags=tuple(dict.fromkeys(rags)))
    return ActionQuery(filters=filters, problems=tuple(problems))


def describe_filters(filters: ActionFilters) -> str:
    """The filters in force, in words (``owner dsl · rag red · overdue``), or ''."""
    parts = []
    if filters.review:
        parts.append(f"review {filters.review}")
    if filters.owner:
        parts.append(f"owner {filters.owner}")
    if filters.agency:
        parts.append(f"agency {filters.agency}")
    if filters.statuses:
        parts.append("status " + ", ".join(s.value for s in filters.statuses))
    if filters.rags:
        parts.append("RAG " + ", ".join(r.value for r in filters.rags))
    if filters.overdue:
        parts.append("overdue")
    if filters.due_soon:
        parts.append("due in 30 days")
    if filters.open_only:
        parts.append("not closed")
    return " · ".join(parts)
