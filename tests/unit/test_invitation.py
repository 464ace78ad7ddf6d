"""The workshop invitation: an iCalendar file that calendar programs (and icalendar itself)
read back as the right date, time, place and attendees; the letter that says the same; a
clear refusal when the review lacks what an invitation needs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from export_fixtures import GENERATED_AT, rich_review
from icalendar import Calendar

from workshop_tui.domain.models import ReviewData
from workshop_tui.exporters import ExportError, prepare, render
from workshop_tui.exporters.invitation import invitation_uid

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("WORKSHOP_TUI_UPDATE_GOLDEN") == "1"
STAMP = GENERATED_AT.replace(tzinfo=dt.UTC)
LONDON = ZoneInfo("Europe/London")


def invited() -> ReviewData:
    """The rich review (workshop 21 May 2024 at 09:30, KLOEs of 25, 30 and 20 minutes),
    with addresses for three of its six participants."""
    data = rich_review()
    data.participants[0].email = "priya.lennox@corrow-health.example"
    data.participants[1].email = "dan.okafor@corrow.example"
    data.participants[3].email = "a.treharne@millbrook.example"
    return data


def event_of(content: bytes) -> Any:
    calendar = Calendar.from_ical(content)
    (event,) = calendar.events
    return event


def test_the_ics_reads_back_with_the_date_time_place_and_attendees() -> None:
    data = invited()
    rendered = prepare(data, "invitation", "ics", generated_at=STAMP)
    event = event_of(rendered.content)

    assert event.start == dt.datetime(2024, 5, 21, 9, 30, tzinfo=LONDON)
    assert event.start.utcoffset() == dt.timedelta(hours=1)  # British Summer Time
    # 25 + 30 + 20 minutes of KLOEs, no break needed: 75 minutes.
    assert event.end == dt.datetime(2024, 5, 21, 10, 45, tzinfo=LONDON)
    assert str(event["location"]) == "Corrow House, Room 2 (and Teams)"
    attendees = event.get("attendee")
    assert [(str(a), a.params["CN"]) for a in attendees] == [
        ("mailto:priya.lennox@corrow-health.example", "Priya Lennox"),
        ("mailto:dan.okafor@corrow.example", "Dan Okafor"),
        ("mailto:a.treharne@millbrook.example", "Alison Treharne"),
    ]
    assert all(a.params["RSVP"] == "TRUE" for a in attendees)
    assert str(event["uid"]) == invitation_uid("LR-2024-03")
    assert event["dtstamp"].dt == STAMP
    assert "Learning Review: Child B" in str(event["summary"])


def test_the_description_holds_the_preparation_prompts_and_names_who_it_cannot_invite() -> None:
    data = invited()
    rendered = prepare(data, "invitation", "ics", generated_at=STAMP)
    description = str(event_of(rendered.content)["description"])
    assert description.startswith("OFFICIAL-SENSITIVE")
    for words in (
        "Key interventions and opportunities for intervention",
        "Actions and decision-making",
        "09:30-09:55 KLOE 1: Cumulative risk",
        "3. Voice of the child",
        "Jo Marchetti (Detective Sergeant, Westshire Police)",
    ):
        assert words in description
    assert "Priya Lennox" not in description  # invited as an attendee, not listed
    assert rendered.notes == (
        "3 participant(s) have no e-mail address, so a calendar invitation cannot invite "
        "them (the event's description names them): Jo Marchetti, Kwame Asante, Rhiannon Vell",
    )


def test_the_uid_is_stable_and_the_stamp_follows_the_clock() -> None:
    first = event_of(render(invited(), "invitation", "ics", generated_at=STAMP))
    later = STAMP + dt.timedelta(days=3)
    data = invited()
    data.review.workshop_date = dt.date(2024, 6, 4)  # moved: the same event, updated
    second = event_of(render(data, "invitation", "ics", generated_at=later))
    assert str(first["uid"]) == str(second["uid"])
    assert second["dtstamp"].dt == later
    other = invited()
    other.review.reference = "LR-2024-04"
    assert str(event_of(render(other, "invitation", "ics", generated_at=STAMP))["uid"]) != str(
        first["uid"]
    )


def test_a_long_agenda_gets_its_breaks_in_the_length() -> None:
    data = invited()
    for kloe in data.kloes:
        kloe.minutes = 45  # 135 minutes: one break after the second KLOE
    event = event_of(render(data, "invitation", "ics", generated_at=STAMP))
    assert event.end - event.start == dt.timedelta(minutes=135 + 15)


def test_in_winter_the_time_is_greenwich_mean_time() -> None:
    data = invited()
    data.review.workshop_date = dt.date(2025, 2, 11)
    event = event_of(render(data, "invitation", "ics", generated_at=STAMP))
    assert event.start.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    ("unset", "missing"),
    [
        (("workshop_date",), "this review has no workshop date:"),
        (("workshop_start",), "this review has no start time:"),
        (
            ("workshop_date", "workshop_start"),
            "this review has no workshop date and no start time:",
        ),
    ],
)
@pytest.mark.parametrize("fmt", ["ics", "docx", "md"])
def test_without_a_date_or_a_time_the_refusal_names_what_is_missing(
    unset: tuple[str, ...], missing: str, fmt: str
) -> None:
    data = invited()
    for name in unset:
        setattr(data.review, name, None)
    with pytest.raises(ExportError) as caught:
        render(data, "invitation", fmt, generated_at=STAMP)
    assert missing in str(caught.value)
    assert "Prepare" in str(caught.value) and "nothing was written" in str(caught.value)


def test_without_kloes_the_planned_length_is_used_and_without_either_it_is_refused() -> None:
    data = invited()
    data.kloes = []
    data.review.workshop_minutes = 180
    event = event_of(render(data, "invitation", "ics", generated_at=STAMP))
    assert event.end - event.start == dt.timedelta(hours=3)
    data.review.workshop_minutes = None
    with pytest.raises(ExportError, match="no KLOEs with time boxes and no planned length"):
        render(data, "invitation", "ics", generated_at=STAMP)


def test_the_invitation_is_not_pseudonymised() -> None:
    with pytest.raises(ExportError, match="invitation is not made pseudonymised"):
        prepare(invited(), "invitation", "ics", pseudonymise=True, generated_at=STAMP)


def test_the_letter_says_what_the_event_says() -> None:
    text = render(invited(), "invitation", "md", generated_at=STAMP).decode()
    for words in (
        "21 May 2024",
        "09:30 to 10:45 (1 hour 15 minutes, breaks included)",
        "Corrow House, Room 2 (and Teams)",
        "Key interventions and opportunities for intervention",
        "| 09:55 to 10:25 | KLOE 2: Information sharing | 30 minutes |",
        "Rhiannon Vell",
    ):
        assert words in text


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8", newline="")
        if not UPDATE:
            pytest.fail(f"{name} did not exist and was written; check it and run again")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; if that is intended, rerun with WORKSHOP_TUI_UPDATE_GOLDEN=1"
    )


def test_golden_letter() -> None:
    _golden("invitation.md", render(invited(), "invitation", "md", generated_at=STAMP).decode())


def test_golden_ics_byte_for_byte() -> None:
    """The calendar file as written: CRLF line ends and lines folded at 75 octets, as RFC
    5545 requires (kept byte for byte by tests/golden/.gitattributes)."""
    content = render(invited(), "invitation", "ics", generated_at=STAMP)
    assert b"\r\n" in content and b"\n" not in content.replace(b"\r\n", b"")
    assert max(len(line) for line in content.split(b"\r\n")) <= 75
    path = GOLDEN / "invitation.ics"
    if UPDATE:
        path.write_bytes(content)
    assert content == path.read_bytes(), (
        "invitation.ics changed; if that is intended, rerun with WORKSHOP_TUI_UPDATE_GOLDEN=1"
    )
