"""The workshop invitation: a calendar event (``.ics``, RFC 5545, made with ``icalendar``)
and the letter that says the same (``.docx``, ``.md``).

The event starts at the workshop's date and start time (Europe/London, with its
VTIMEZONE), and lasts as long as the timetable: the KLOEs' time boxes plus breaks
(``domain.agenda.timetable``). Each participant with an e-mail address is an ATTENDEE;
those without one are named in the description, so nobody is left out unseen. The UID
is made from the review's reference, so the invitation sent again after a change
updates the same event in the invitees' calendars. Without a date or a start time
nothing is made: the refusal names what is missing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from workshop_tui.domain.agenda import timetable
from workshop_tui.domain.models import Participant, ReviewData

from .blocks import Document, details, spans
from .minutes import PEOPLE_COLUMNS, paragraphs, people_rows
from .preparation import (
    arrangements,
    preparation,
    preparation_text,
    require_workshop_details,
    slot_title,
    timetable_table,
)
from .review_view import ReviewView
from .text import clean, duration, hhmm, one_line, uk_date

WORKSHOP_ZONE = "Europe/London"
"""The workshops are held in England: times are local there, summer time included."""
PRODUCT_ID = "-//workshop-tui//Learning review workshop//EN"
_UID_NAMESPACE = uuid.UUID("6f1d3c2e-8a4b-5d7e-9f10-2b3c4d5e6f70")


def invitation_uid(reference: str) -> str:
    """The event's UID: the same for every invitation to the same review's workshop."""
    return f"{uuid.uuid5(_UID_NAMESPACE, reference)}@workshop-tui"


def summary(data: ReviewData) -> str:
    """The event's one-line title."""
    return one_line(f"Learning review workshop: {data.review.title} ({data.review.reference})")


def without_address(data: ReviewData) -> list[Participant]:
    """The participants the calendar file cannot invite (no e-mail address)."""
    return [p for p in data.participants if not p.email]


def _description(data: ReviewData, minutes: int) -> str:
    review = data.review
    view = ReviewView(data)
    lines = [clean(review.marking), "", summary(data), ""]
    lines += [
        "You are invited to the learning review workshop. It brings together the "
        "practitioners and managers who worked with the family, to learn how agencies worked "
        "together and what should change."
    ]
    lines += ["", "Preparing for the workshop", preparation_text()]
    start = review.workshop_start
    assert start is not None
    lines += ["", f"Timetable ({duration(minutes)}, breaks included)"]
    for slot in timetable(data.kloes):
        lines.append(
            f"{hhmm(slot.starts_at(start))}-{hhmm(slot.ends_at(start))} {slot_title(slot)}"
        )
    if data.kloes:
        lines += ["", "Key lines of enquiry"]
        for kloe in data.kloes:
            question = f": {kloe.question}" if kloe.question else ""
            lines.append(f"{kloe.number}. {kloe.title}{question}")
    missing = without_address(data)
    if missing:
        lines += ["", "Also invited (no e-mail address recorded, so not in this invitation):"]
        lines += [f"- {p.name} ({view.role_and_agency(p)})" for p in missing]
    return "\n".join(clean(line) for line in lines)


def render_ics(data: ReviewData, generated_at: dt.datetime) -> bytes:
    """The invitation as an iCalendar file with one event.

    Args:
        data: the review.
        generated_at: when it was made (DTSTAMP); a time without a zone is this
            machine's local time.

    Raises:
        ExportError: the review has no workshop date, start time or length.
    """
    day, start, minutes = require_workshop_details(data, "invitation")
    review = data.review
    zone = ZoneInfo(WORKSHOP_ZONE)
    begins = dt.datetime.combine(day, start, tzinfo=zone)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", invitation_uid(review.reference))
    stamp = generated_at if generated_at.tzinfo else generated_at.astimezone()
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", begins)
    event.add("dtend", begins + dt.timedelta(minutes=minutes))
    event.add("summary", summary(data))
    if review.location:
        event.add("location", one_line(review.location))
    event.add("description", _description(data, minutes))
    event.add("class", "CONFIDENTIAL")
    event.add("transp", "OPAQUE")
    organiser = next(
        (p for p in data.participants if p.email and p.name == review.lead_reviewer), None
    )
    if organiser is not None:
        address = vCalAddress(f"mailto:{organiser.email}")
        address.params["cn"] = vText(one_line(organiser.name))
        event.add("organizer", address, encode=False)
    for person in data.participants:
        if not person.email:
            continue
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(one_line(person.name))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(_london())
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def _london() -> Timezone:
    """Europe/London as a VTIMEZONE: GMT, and BST from the last Sunday of March to the
    last Sunday of October (the rules since 1996), as calendar programs expect it."""
    zone = Timezone()
    zone.add("tzid", WORKSHOP_ZONE)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", dt.datetime(1981, 3, 29, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    summer.add("tzoffsetfrom", dt.timedelta(0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", dt.datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(0))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def build_invitation_letter(data: ReviewData) -> Document:
    """The invitation as a letter (Word or Markdown): the same content as the event.

    Raises:
        ExportError: the review has no workshop date, start time or length.
    """
    require_workshop_details(data, "invitation")
    review = data.review
    view = ReviewView(data)
    doc = Document(
        title=f"Invitation: learning review workshop, {review.title}",
        marking=review.marking,
        footer_label=f"{review.reference} workshop invitation",
        header_label=review.partnership,
    )
    doc.blocks.append(
        details(
            ("Partnership", review.partnership),
            ("Review", f"{review.title} ({review.reference})"),
            *arrangements(data),
        )
    )
    doc.para("Dear colleague,")
    date = uk_date(review.workshop_date)
    doc.para(
        f"You are invited to the learning review workshop on {date}"
        + (f" at {one_line(review.location)}" if review.location else "")
        + ". It brings together the practitioners and managers who worked with the family, "
        "to learn how agencies worked together and what the partnership should change."
    )
    for paragraph in paragraphs(review.terms_of_reference)[:1]:
        doc.para(paragraph)
    doc.heading(1, "Preparing for the workshop")
    preparation(doc)
    doc.heading(1, "Timetable")
    timetable_table(doc, data)
    doc.heading(1, "Key lines of enquiry")
    if data.kloes:
        doc.bullets(
            [
                spans(f"{k.number}. {k.title}" + (f": {k.question}" if k.question else ""))
                for k in data.kloes
            ]
        )
    else:
        doc.note("No key lines of enquiry have been set yet.")
    doc.heading(1, "Invited")
    if data.participants:
        doc.table(PEOPLE_COLUMNS, people_rows(view, data.participants))
    else:
        doc.note("No participants have been added yet.")
    signer = review.lead_reviewer or "The lead reviewer"
    doc.para(
        "Please confirm whether you can attend, or send your apologies and the name of a "
        "colleague who can attend in your place."
    )
    doc.para("With thanks,")
    doc.para(signer)
    return doc
