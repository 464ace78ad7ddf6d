"""The demo database (services.demo): two reviews whose action plans hold every state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import ActionStatus
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services import Services
from workshop_tui.services.demo import DEMO_PACKS, build_demo
from workshop_tui.storage.repository import Repository

TODAY = dt.date(2027, 3, 10)


def test_the_demo_holds_two_reviews_and_actions_in_every_state(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, sample_cases_dir(), TODAY)
    clock = frozen_clock(dt.datetime.combine(TODAY, dt.time(9)))
    with Services(Repository.open(path, clock), clock) as services:
        reviews = services.reviews.list_reviews()
        rows = services.actions.list_actions()
    assert len(reviews) == len(DEMO_PACKS) >= 2
    assert {r.review_reference for r in rows} == {r.reference for r in reviews}
    statuses = {r.action.status for r in rows}
    assert statuses == set(ActionStatus)
    assert any(r.overdue for r in rows)
    assert any(r.due_soon for r in rows)
    assert any(r.action.revisions for r in rows)
    assert sum(len(r.action.progress) for r in rows) >= 10
    closed = [r.action for r in rows if r.action.status == ActionStatus.CLOSED]
    assert closed and all(a.evidence and a.assurance for a in closed)
    # Dates are relative to today: the same steps a year later give the same picture.
    later = tmp_path / "later.db"
    build_demo(later, sample_cases_dir(), TODAY + dt.timedelta(days=365))
    clock = frozen_clock(dt.datetime.combine(TODAY + dt.timedelta(days=365), dt.time(9)))
    with Services(Repository.open(later, clock), clock) as services:
        assert [r.due for r in services.actions.list_actions()] == [r.due for r in rows]


def test_the_second_pack_is_small_and_clean() -> None:
    from workshop_tui.services.reviews import check_pack

    assert check_pack(sample_cases_dir() / "child-s") == []
    chronologies = sample_cases_dir() / "child-s" / "chronologies"
    for csv_file in chronologies.glob("*.csv"):
        rows = len(csv_file.read_text("utf-8").splitlines()) - 1
        assert 15 <= rows <= 25, csv_file.name


def test_the_demo_themes_are_counted_over_its_three_reviews(tmp_path: Path) -> None:
    """Issue 14: themes counted across the demo's reviews (Child R, S and T)."""
    path = tmp_path / "demo.db"
    build_demo(path, sample_cases_dir(), TODAY)
    clock = frozen_clock(dt.datetime.combine(TODAY, dt.time(9)))
    with Services(Repository.open(path, clock), clock) as services:
        tally = services.themes.tally(None, None)
    counted = {c.theme: (c.findings, set(c.reviews)) for c in tally.themes if c.findings}
    r, s, t = "LR-2025-07", "LR-2026-02", "LR-2026-05"
    assert len(tally.reviews) == 3 and tally.untagged == 0
    assert counted["information sharing"] == (3, {r, s, t})
    assert counted["voice of the child"] == (2, {r, t})
    assert counted["risks outside the home"] == (2, {s, t})
    assert counted["good practice"] == (2, {r, t})
    assert counted["disability, health and not in school"] == (2, {r, t})
    assert counted["neglect and cumulative harm"] == (1, {r})
    assert counted["challenge and escalation"] == (1, {s})
    assert sum(n for n, _ in counted.values()) == 20  # tags: 7 (R) + 3 (S) + 10 (T)
