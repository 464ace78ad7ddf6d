"""Pseudonymised output redacts by itself what looks identifying and is no name: dates
of birth, NHS numbers, phone numbers, postcodes and e-mail addresses."""

from __future__ import annotations

import re

from export_fixtures import GENERATED_AT, rich_review
from hypothesis import given
from hypothesis import strategies as st

from workshop_tui.exporters import prepare
from workshop_tui.exporters.pseudonymise import (
    check_text,
    nhs_number_valid,
    placeholder,
    pseudonymise_and_redact,
    redact,
)

SENTENCE = st.sampled_from(
    [
        "Mother said she would ring back on {}.",
        "Contact: {}",
        "{} was given to the school office",
        "Seen at home; the number on file was {} (checked).",
    ]
)
SEPARATOR = st.sampled_from([" ", "", "-"])


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=n, max_size=n)


@st.composite
def uk_mobile(draw: st.DrawFn) -> str:
    rest = draw(digits(9))
    form = draw(
        st.sampled_from(["07{0} {1}", "07{0}{1}", "+44 7{0} {1}", "+447{0}{1}", "(07{0}) {1}"])
    )
    return form.format(rest[:3], rest[3:])


@st.composite
def uk_landline(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["01632", "0161", "020", "0113", "01865"]))
    number = draw(digits(11 - len(area)))
    form = draw(st.sampled_from(["{a} {n}", "{a}{n}", "({a}) {n}", "+44 {b} {n}"]))
    return form.format(a=area, b=area[1:], n=number)


@st.composite
def nhs_number(draw: st.DrawFn) -> str:
    while True:
        body = draw(digits(9))
        total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            break
    number = body + str(check)
    sep = draw(SEPARATOR)
    return f"{number[:3]}{sep}{number[3:6]}{sep}{number[6:]}"


@st.composite
def postcode(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["AV", "WV", "M", "B", "SW", "EC", "LS", "N"]))
    district = draw(st.sampled_from(["1", "2", "12", "1A", "9"]))
    unit = draw(st.sampled_from(list("ABDEFGHJLNPQRSTUWXYZ")))
    unit += draw(st.sampled_from(list("ABDEFGHJLNPQRSTUWXYZ")))
    sep = draw(st.sampled_from([" ", ""]))
    text = f"{area}{district}{sep}{draw(st.integers(0, 9))}{unit}"
    return draw(st.sampled_from([text, text.lower()]))


@st.composite
def date_of_birth(draw: st.DrawFn) -> tuple[str, str]:
    day, month, year = (
        draw(st.integers(1, 28)),
        draw(st.integers(1, 12)),
        draw(st.integers(1960, 2024)),
    )
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    date = draw(
        st.sampled_from(
            [
                f"{day:02d}/{month:02d}/{year}",
                f"{day}.{month}.{year % 100:02d}",
                f"{year}-{month:02d}-{day:02d}",
                f"{day} {months[month - 1]} {year}",
                f"{day}th of {months[month - 1][:3]} {year}",
            ]
        )
    )
    lead = draw(
        st.sampled_from(["DOB", "D.O.B.", "dob:", "Date of birth", "born on", "born", "DoB -"])
    )
    return f"{lead} {date}", date


def _only_placeholder(text: str, value: str, kind: str) -> None:
    redacted, kinds = redact(text)
    assert value not in redacted
    assert placeholder(kind) in redacted
    assert kinds == [kind]
    # What is left is what was around it: the text outside the value is untouched.
    assert redacted == text.replace(value, placeholder(kind), 1)


@given(SENTENCE, st.one_of(uk_mobile(), uk_landline()))
def test_uk_phone_numbers_are_redacted(sentence: str, number: str) -> None:
    _only_placeholder(sentence.format(number), number, "phone number")


@given(SENTENCE, nhs_number())
def test_nhs_numbers_with_a_valid_check_digit_are_redacted(sentence: str, number: str) -> None:
    assert nhs_number_valid(re.sub(r"\D", "", number))
    _only_placeholder(sentence.format(f"NHS {number}"), number, "NHS number")


@given(digits(10))
def test_ten_digits_without_a_valid_check_digit_are_left(number: str) -> None:
    text = f"Reference {number[:3]} {number[3:6]} {number[6:]} on the file"
    _, kinds = redact(text)
    if nhs_number_valid(number):
        assert kinds == ["NHS number"]
    else:
        assert "NHS number" not in kinds


@given(SENTENCE, postcode())
def test_postcodes_are_redacted(sentence: str, code: str) -> None:
    _only_placeholder(sentence.format(code), code, "postcode")


@given(SENTENCE, date_of_birth())
def test_dates_of_birth_near_the_words_are_redacted(sentence: str, pair: tuple[str, str]) -> None:
    phrase, date = pair
    text = sentence.format(phrase)
    redacted, kinds = redact(text)
    assert kinds == ["date of birth"]
    assert date not in redacted
    # The word stays, so the reader knows what was there.
    assert redacted == text.replace(date, placeholder("date of birth"), 1)


@given(st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,8})?@[a-z]{2,8}\.(org|co\.uk|gov\.uk)", fullmatch=True))
def test_email_addresses_are_redacted(address: str) -> None:
    _only_placeholder(f"Sent to {address} on Monday", address, "e-mail")


def test_ordinary_dates_and_numbers_are_left() -> None:
    text = "On 12/03/2023 the school saw 3 children at 10:30; KLOE 2 covers 2022 to 2023."
    assert redact(text) == (text, [])


def test_what_is_redacted_is_what_the_check_would_have_found() -> None:
    text = "DOB 14/07/2019, NHS 943 476 5919, tel 07700 900123, AV1 2BD, a.b@example.org"
    redacted, kinds = redact(text)
    assert {leak.kind for leak in check_text(text, rich_review())} == set(kinds)
    assert check_text(redacted, rich_review()) == []


def test_the_review_is_redacted_field_by_field_and_the_log_has_no_value() -> None:
    data = rich_review()
    data.entries[0].event = "Mother gave the baby's DOB as 02/02/2022 and her number 07700 900461."
    data.escalations[0].outcome = "Write to AV3 9QT."
    published, redactions = pseudonymise_and_redact(data)
    assert "02/02/2022" not in published.entries[0].event
    assert "[redacted: date of birth]" in published.entries[0].event
    assert [(r.where, r.kind) for r in redactions] == [
        ("entries[0].event", "date of birth"),
        ("entries[0].event", "phone number"),
        ("escalations[0].outcome", "postcode"),
    ]
    for redaction in redactions:
        assert "02/02" not in str(redaction) and "07700" not in str(redaction)


def test_names_still_stop_the_export() -> None:
    data = rich_review()
    data.perspectives[0].text = "Kwame rang 07700 900123."
    rendered = prepare(data, "minutes", "md", pseudonymise=True, generated_at=GENERATED_AT)
    assert [(leak.kind, leak.text) for leak in rendered.leaks] == [("name", "Kwame")]
    assert [r.kind for r in rendered.redactions] == ["phone number"]
