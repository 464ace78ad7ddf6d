"""Pseudonymisation and the check for what still looks identifying."""

from __future__ import annotations

import pytest
from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.domain.models import Participant, Pseudonym, ReviewData
from workshop_tui.exporters import DOCUMENTS, formats_for, leaks_for, prepare, render
from workshop_tui.exporters.pseudonymise import (
    check,
    check_text,
    known_names,
    make_replacer,
    nhs_number_valid,
    pseudonymise,
)


def _review(*pseudonyms: tuple[str, str]) -> ReviewData:
    data = rich_review()
    data.pseudonyms = [Pseudonym(real=r, label=label) for r, label in pseudonyms]
    return data


def test_participants_become_role_and_agency() -> None:
    out = pseudonymise(rich_review())
    names = [p.name for p in out.participants]
    # Priya Lennox has a pseudonym: the label configured for her names her as a speaker.
    assert names[0] == "Health Visitor 1"
    assert names[2] == "Detective Sergeant, Westshire Police"
    # A pseudonym applies inside a label too (the school is itself pseudonymised).
    assert names[3] == "Designated Safeguarding Lead, the primary school"
    assert out.pseudonyms == []
    assert out.review.lead_reviewer == "Lead reviewer"
    assert out.review.note_taker == "Note-taker"


def test_same_role_in_same_agency_is_numbered() -> None:
    data = rich_review()
    data.participants.append(
        Participant(id=9, name="Ola Brandt", role="Social Worker", agency="social_care")
    )
    names = [p.name for p in pseudonymise(data).participants]
    assert "Social Worker 1, Corrow Children's Social Care" in names
    assert "Social Worker 2, Corrow Children's Social Care" in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priya Lennox visited.", "Health Visitor 1 visited."),
        ("PRIYA's notes", "Health Visitor 1's notes"),
        ("priya’s notes", "Health Visitor 1’s notes"),
        ("Shannon  Dray said", "Mother said"),
        ("Shannon Dray's partner", "Mother's partner"),
        ("Ms Lennox rang", "Health Visitor 1 rang"),
        # Whole words only.
        ("Priyanka and Dray-Smith", "Priyanka and Dray-Smith"),
        ("Jordan met Jo Marchetti", "Jordan met Detective Sergeant, Westshire Police"),
        # Surnames alone, after a title or not, when unique.
        (
            "DS Marchetti and Okafor agreed",
            "DS Detective Sergeant, Westshire Police and "
            "Social Worker, Corrow Children's Social Care agreed",
        ),
        # Labels are not replaced again.
        ("Health Visitor 1", "Health Visitor 1"),
        # An e-mail address is left whole (the check lists it), the text around it is not.
        (
            "Lennox wrote from p.lennox@corrow.example.org",
            "Health Visitor 1 wrote from p.lennox@corrow.example.org",
        ),
    ],
)
def test_replacement(text: str, expected: str) -> None:
    replace = make_replacer(rich_review())
    assert replace(text) == expected


def test_longest_name_first() -> None:
    replace = make_replacer(_review(("Jo", "Aunt"), ("Jo Smith", "Grandmother")))
    assert replace("Jo Smith and Jo") == "Grandmother and Aunt"
    assert replace("Jordan and Jo-Anne and O'Jo") == "Jordan and Jo-Anne and O'Jo"


def test_pseudonymise_reaches_every_text_field() -> None:
    data = rich_review()
    data.perspectives[0].text = "Priya said Shannon Dray's flat was cold."
    data.entries[0].extra = {"Notes": "Seen by Priya Lennox"}
    data.entries[6].raw = {"Details": "Shannon Dray not in"}
    data.escalations[0].raised_by = "Priya Lennox"
    out = pseudonymise(data)
    assert out.perspectives[0].text == "Health Visitor 1 said Mother's flat was cold."
    assert out.entries[0].practitioner == "Health Visitor 1"
    assert out.entries[0].extra == {"Notes": "Seen by Health Visitor 1"}
    assert out.entries[6].raw == {"Details": "Mother not in"}
    assert out.escalations[0].raised_by == "Health Visitor 1"
    assert out.entries[0].agency == "health_visiting"  # keys are never touched
    assert check(out, data) == []


@pytest.mark.parametrize(
    ("number", "valid"),
    [("9434765919", True), ("943 476 5919", True), ("4010232137", True),
     ("9434765918", False), ("1234567890", False), ("0000000000", True)],
)  # fmt: skip
def test_nhs_check_digit(number: str, valid: bool) -> None:
    assert nhs_number_valid(number.replace(" ", "")) is valid


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(leak.kind, leak.text) for leak in check_text(text, rich_review())]


def test_check_finds_nhs_numbers_with_valid_check_digit_only() -> None:
    assert _kinds("NHS 943 476 5919 noted") == [("NHS number", "943 476 5919")]
    assert _kinds("NHS 9434765919.") == [("NHS number", "9434765919")]
    assert _kinds("ref 943 476 5918") == []
    assert _kinds("ref 94347659190") == []


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("DOB 03/03/2019", "date of birth", "DOB 03/03/2019"),
        ("d.o.b. 3 March 2019", "date of birth", "d.o.b. 3 March 2019"),
        ("born on 3rd March 2019 at home", "date of birth", "born on 3rd March 2019"),
        ("Date of birth: 2019-03-03", "date of birth", "Date of birth: 2019-03-03"),
        ("lives at CV4 7AL now", "postcode", "CV4 7AL"),
        ("sw1a1aa", "postcode", "sw1a1aa"),
        ("call 07700 900123", "phone number", "07700 900123"),
        ("call +44 7700 900123.", "phone number", "+44 7700 900123"),
        ("(01632) 960001", "phone number", "(01632) 960001"),
        ("mail p.lennox@corrow.example.org.", "e-mail", "p.lennox@corrow.example.org"),
    ],
)
def test_check_patterns(text: str, kind: str, found: str) -> None:
    assert (kind, found) in _kinds(text)


def test_check_ignores_ordinary_dates_and_numbers() -> None:
    assert _kinds("Visit on 03/03/2023 at 14:20, LR-2024-03, 28 cases, 2024-05-21") == []


def test_check_finds_names_whole_words_any_case() -> None:
    assert ("name", "LENNOX") in _kinds("seen by LENNOX")
    assert ("name", "Priya Lennox") in _kinds("seen by Priya Lennox")
    assert ("name", "Priya") in _kinds("Priya's visit")
    assert _kinds("Priyanka visited; the Lennoxes moved") == []
    # Roles, agency names and pseudonym labels are not names.
    names = known_names(rich_review())
    assert "Jo" not in names  # shorter than three letters
    assert "Marchetti" in names and "Dray" in names
    assert "School" not in names and "Primary" not in names


def test_check_on_data_names_the_field() -> None:
    data = rich_review()
    data.findings[0].statement = "Dray's DOB 1/2/1990"
    leaks = check(data, data)
    assert {(leak.where, leak.kind) for leak in leaks} >= {
        ("findings[0].statement", "name"),
        ("findings[0].statement", "date of birth"),
    }


@pytest.mark.parametrize(("document", "fmt"), [(d, f) for d in DOCUMENTS for f in formats_for(d)])
def test_pseudonymised_documents_hold_no_names(document: str, fmt: str) -> None:
    data = rich_review()
    rendered = prepare(data, document, fmt, pseudonymise=True, generated_at=GENERATED_AT)
    assert rendered.leaks == ()
    if fmt in ("md", "csv", "json", "html"):
        text = rendered.content.decode("utf-8-sig")
        for name in ("Priya", "Lennox", "Okafor", "Marchetti", "Morag", "Millbrook"):
            assert name not in text


def test_leaks_are_listed_before_writing() -> None:
    data = rich_review()
    data.perspectives[0].text = "Kwame's colleague Kwaku rang 07700 900123 about NHS 943 476 5919"
    leaks = leaks_for(data, "minutes", "md", generated_at=GENERATED_AT)
    found = [(leak.kind, leak.text) for leak in leaks]
    # A first name alone is left in place and reported; "Kwaku" is not a name from the review.
    # The phone and NHS numbers are redacted by themselves (no longer a leak to decide on).
    assert found == [("name", "Kwame")]
    assert leaks[0].where.startswith("line ")
    rendered = prepare(data, "minutes", "md", pseudonymise=True, generated_at=GENERATED_AT)
    text = rendered.content.decode("utf-8")
    assert r"\[redacted: phone number\] about NHS \[redacted: NHS number\]" in text
    assert [(r.kind, r.where) for r in rendered.redactions] == [
        ("phone number", "perspectives[0].text"),
        ("NHS number", "perspectives[0].text"),
    ]
    # Not pseudonymised: no check at all.
    assert prepare(data, "minutes", "md", generated_at=GENERATED_AT).leaks == ()
    assert render(data, "minutes", "md", pseudonymise=True, generated_at=GENERATED_AT)


def test_first_names_alone_are_flagged_not_replaced() -> None:
    data = rich_review()
    data.perspectives[0].text = "Dan thought the case could close."
    out = pseudonymise(data)
    assert out.perspectives[0].text.startswith("Dan thought")
    leaks = check(out, data)
    assert [(leak.kind, leak.text) for leak in leaks] == [("name", "Dan")]


def test_parts_of_place_pseudonyms_are_flagged_only_as_names() -> None:
    data = _review(("Tannery Court", "the family's block of flats"))
    found = [(leak.kind, leak.text) for leak in check_text("Remanded to the next court date", data)]
    assert found == []
    found = [(leak.kind, leak.text) for leak in check_text("moved out of Tannery last May", data)]
    assert found == [("name", "Tannery")]
    assert check_text("tannery court", data)[0].text == "tannery court"


def _with_unlisted_speaker() -> ReviewData:
    data = rich_review()
    data.perspectives[0].participant_id = None
    data.perspectives[0].speaker_name = "Tom Ashdown"
    data.perspectives[0].text = "I covered the duty desk that week."
    data.perspectives[1].text = "Tom Ashdown took the call."
    return data


def test_a_speaker_not_on_the_list_is_named_in_the_minutes_and_not_in_the_report() -> None:
    data = _with_unlisted_speaker()
    minutes = render(data, "minutes", "md", generated_at=GENERATED_AT).decode()
    assert "**Tom Ashdown:** I covered the duty desk that week." in minutes
    report = render(data, "report", "md", generated_at=GENERATED_AT).decode()
    assert "**A participant:** I covered the duty desk that week." in report
    assert "Unattributed: I covered" not in minutes + report


def test_a_speaker_not_on_the_list_is_pseudonymised_and_checked() -> None:
    data = _with_unlisted_speaker()
    assert "Tom Ashdown" in known_names(data)
    out = pseudonymise(data)
    assert out.perspectives[0].speaker_name == "Unlisted participant"
    assert out.perspectives[1].text == "Unlisted participant took the call."
    minutes = render(data, "minutes", "md", pseudonymise=True, generated_at=GENERATED_AT)
    assert b"Ashdown" not in minutes
