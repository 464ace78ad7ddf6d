"""The Actions screen's filter line, read into filters (domain.action_query)."""

from __future__ import annotations

from workshop_tui.domain.action_query import describe_filters, parse_action_query
from workshop_tui.domain.actions import ActionFilters
from workshop_tui.domain.models import ActionStatus, Rag


def test_every_filter_is_read() -> None:
    query = parse_action_query(
        "review:LR-1 owner:dsl agency:police status:open,in_progress rag:r,amber overdue due open"
    )
    assert query.problems == ()
    assert query.filters == ActionFilters(
        review="LR-1",
        owner="dsl",
        agency="police",
        statuses=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS),
        rags=(Rag.RED, Rag.AMBER),
        overdue=True,
        due_soon=True,
        open_only=True,
    )


def test_plain_words_are_the_owner_and_what_cannot_be_read_is_said_not_dropped() -> None:
    query = parse_action_query("head of qa colour:red rag:purple status:")
    assert query.filters.owner == "head of qa"
    assert query.filters.rags == ()
    assert query.problems == (
        "colour: is not a filter (review, owner, agency, status, rag)",
        "'purple' is not a RAG status: red, amber or green",
        "status: needs a value after the colon",
    )


def test_the_filters_in_words() -> None:
    filters = parse_action_query("rag:red overdue owner:dsl").filters
    assert describe_filters(filters) == "owner dsl · RAG red · overdue"
    assert describe_filters(ActionFilters()) == ""
