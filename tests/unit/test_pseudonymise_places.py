"""Identifying places, configured speaker labels and the labels offered for a leak."""

from __future__ import annotations

import pytest
from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.domain.models import IdentifyingPlace, Participant, Pseudonym, ReviewData
from workshop_tui.exporters import prepare
from workshop_tui.exporters.pseudonymise import (
    check_text,
    participant_labels,
    pseudonymise,
    suggest_label,
)


def _places(text: str, *places: str) -> list[str]:
    data = rich_review()
    data.identifying_places = [IdentifyingPlace(name=p) for p in places]
    return [leak.text for leak in check_text(text, data) if leak.kind == "place"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Seen at Hollins Lane Primary School today.", ["Hollins Lane Primary School"]),
        ("Letter from Millbeck Medical Practice.", ["Millbeck Medical Practice"]),
        ("Moved to 14 Orchard Close last May.", ["Orchard Close"]),
        ("Then Kestrel Road was closed.", ["Kestrel Road"]),  # "Then" is not part of it
        ("Listed at the Family Court and the High Street.", []),
        ("The School nurse and the Primary School both knew.", []),
        ("Hollins Lane Primary\tSchool", ["Hollins Lane"]),  # never across a table cell
    ],
)
def test_built_in_place_patterns(text: str, found: list[str]) -> None:
    assert _places(text) == found


def test_the_reviews_own_places_and_patterns() -> None:
    text = "Seen at the Larchfield hub, then at Beech Rise and at the Hub."
    assert _places(text) == []
    assert _places(text, "Larchfield", "... Rise") == ["Larchfield", "Beech Rise"]
    assert _places("met at larchfield", "Larchfield") == ["larchfield"]


def test_a_place_pseudonym_clears_the_place() -> None:
    data = rich_review()
    data.identifying_places = [IdentifyingPlace(name="Larchfield Road")]
    data.perspectives[0].text = "The family moved to Larchfield Road."
    found = prepare(data, "minutes", "md", pseudonymise=True, generated_at=GENERATED_AT).leaks
    assert [(leak.kind, leak.text) for leak in found] == [("place", "Larchfield Road")]
    data.pseudonyms.append(Pseudonym(real="Larchfield Road", label="Street A"))
    assert prepare(data, "minutes", "md", pseudonymise=True, generated_at=GENERATED_AT).leaks == ()


def test_configured_labels_name_the_speakers() -> None:
    data: ReviewData = rich_review()
    data.participants.append(Participant(name="DS Mina Hale", role="Detective Sergeant"))
    data.pseudonyms += [
        Pseudonym(real="Priya Lennox", label="Health Visitor 1"),
        Pseudonym(real="Mina Hale", label="Police Officer 2"),
    ]
    labels = participant_labels(data)
    assert labels[0] == "Health Visitor 1"
    assert labels[len(data.participants) - 1] == "Police Officer 2"  # without the rank
    out = pseudonymise(data)
    assert out.participants[0].name == "Health Visitor 1"
    minutes = prepare(data, "minutes", "md", pseudonymise=True, generated_at=GENERATED_AT)
    text = minutes.content.decode("utf-8")
    assert "**Health Visitor 1: **" in text or "**Health Visitor 1:**" in text
    assert "Health Visitor, Corrow Community Health:" not in text


@pytest.mark.parametrize(
    ("kind", "text", "taken", "label"),
    [
        ("name", "Dev", [], "Person A"),
        ("name", "Dev", ["Person A", "person b"], "Person C"),
        ("place", "Hollins Lane Primary School", [], "the primary school"),
        ("place", "Millbeck Medical Practice", [], "the GP practice"),
        ("place", "Orchard Close", [], "Place A"),
        ("phone number", "01632 960418", [], "[phone number]"),
    ],
)
def test_suggested_labels(kind: str, text: str, taken: list[str], label: str) -> None:
    assert suggest_label(kind, text, taken) == label
