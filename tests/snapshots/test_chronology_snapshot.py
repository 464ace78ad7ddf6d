"""Snapshot of the chronology view at 120x40 (plain ``def``: the plugin fails in ``async def``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.app import App

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import (
    Agency,
    ChronologyEntry,
    EntryFlag,
    Kloe,
    Review,
    ReviewData,
)
from workshop_tui.resources import styles_dir
from workshop_tui.services import Services
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.chronology import ChronologyScreen


def _review() -> ReviewData:
    def entry(
        agency: str, line: int, day: int | None, event: str, **more: object
    ) -> ChronologyEntry:
        return ChronologyEntry(
            agency=agency,
            date=None if day is None else dt.date(2098, 2, 1) + dt.timedelta(days=day),
            event=event,
            source_file=f"chronologies/{agency}.csv",
            source_line=line,
            **more,
        )

    return ReviewData(
        review=Review(reference="LR-2099-02", title="Learning Review: Child P"),
        agencies=[
            Agency(key="police", name="Westmere Police"),
            Agency(key="health_visiting", name="Westmere Health Visiting"),
            Agency(key="social_care", name="Westmere Children's Social Care"),
        ],
        kloes=[Kloe(number=1, title="Recognising neglect")],
        entries=[
            entry(
                "police",
                2,
                3,
                "Domestic incident at the family home; Child P present.",
                time=dt.time(22, 15),
                practitioner="PC Orrin Vale",
                outcome="DASH completed; referral to children's social care.",
                extra={"Incident ref": "WP-0000-2"},
                flags=[EntryFlag.KEY_PRACTICE_EPISODE],
            ),
            entry(
                "social_care",
                2,
                10,
                "Strategy discussion held with police and health.",
                time=dt.time(10, 0),
                practitioner="SW Ida Farrow",
                duplicate_group=1,
            ),
            entry(
                "police",
                3,
                10,
                "Strategy discussion with social care and health.",
                time=dt.time(10, 0),
                practitioner="DC Lyle Marsh",
                duplicate_group=1,
            ),
            entry(
                "health_visiting",
                2,
                30,
                "Missed 12-month review; no follow-up recorded.",
                practitioner="HV Tamsin Reed",
                date_approximate=True,
                flags=[EntryFlag.MISSED_OPPORTUNITY],
            ),
            entry(
                "social_care",
                3,
                None,
                "Called mother about the nursery place",
                error='invalid date "31/02/2098": February 2098 has 28 days',
                raw={"Date of contact": "31/02/2098", "Details": "Called mother"},
            ),
        ],
    )


class ChronologySnapshotApp(App[None]):
    TITLE = "workshop-tui"
    CSS_PATH = [str(styles_dir() / "chronology.tcss")]

    def __init__(self) -> None:
        super().__init__()
        clock = frozen_clock(dt.datetime(2099, 6, 1, 10, 0))
        self.services = Services(Repository.memory(clock=clock), clock)
        review = self.services.reviews.create(_review())
        assert review.id is not None
        self.review_id = review.id

    def on_mount(self) -> None:
        self.push_screen(ChronologyScreen(self.review_id))


def test_chronology_screen(snap_compare: Callable[..., bool]) -> None:
    # Cursor on the police record, a duplicate group expanded under it.
    assert snap_compare(
        ChronologySnapshotApp(), terminal_size=(120, 40), press=["down", "down", "space"]
    )


def test_chronology_agency_list_open(snap_compare: Callable[..., bool]) -> None:
    # The agency chooser, stepped to the second agency, with its list dropped down.
    assert snap_compare(
        ChronologySnapshotApp(),
        terminal_size=(120, 40),
        press=["slash", "tab", "right", "right", "enter"],
    )
