"""A participant's optional e-mail address: checked as one address wherever it comes from
(the model, case.toml, an archive), stored, migrated into an older database, and never
silently dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_fixtures import GENERATED_AT, rich_review
from pydantic import ValidationError

from workshop_tui.domain.clock import Clock
from workshop_tui.domain.models import Participant, Review, ReviewData
from workshop_tui.domain.problems import InputError
from workshop_tui.exporters.archive import render_archive
from workshop_tui.importers.archive import read_archive
from workshop_tui.importers.case_toml import parse_case_toml
from workshop_tui.storage import connection
from workshop_tui.storage.repository import Repository
from workshop_tui.storage.schema import MIGRATIONS

CASE = """
[review]
reference = "LR-2099-01"
title = "Learning Review: Child Q"

[[participants]]
name = "Cora Wren"
email = {email}
"""


@pytest.mark.parametrize(
    "address", ["cora.wren@corrow-health.example", "c.o'wren+review@sub.corrow.example"]
)
def test_an_address_is_kept_trimmed(address: str) -> None:
    assert Participant(name="Cora Wren", email=f"  {address} ").email == address


def test_no_address_is_allowed() -> None:
    assert Participant(name="Cora Wren").email == ""
    assert Participant(name="Cora Wren", email="   ").email == ""


@pytest.mark.parametrize(
    "typed",
    [
        "cora.wren",
        "cora.wren@corrow",
        "Cora Wren <cora.wren@corrow.example>",
        "cora@corrow.example; tom@corrow.example",
        "cora wren@corrow.example",
        "cora@@corrow.example",
    ],
)
def test_what_is_not_one_address_is_refused_saying_what_was_typed(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Participant(name="Cora Wren", email=typed)
    assert f'"{typed}" is not an e-mail address' in str(caught.value)
    assert "name@agency.gov.uk" in str(caught.value)


def test_case_toml_reads_an_address() -> None:
    config, problems = parse_case_toml(CASE.format(email='"cora.wren@corrow.example"'))
    assert problems == []
    assert [p.email for p in config.participants] == ["cora.wren@corrow.example"]


def test_case_toml_names_a_bad_address_by_its_table_and_key() -> None:
    config, problems = parse_case_toml(CASE.format(email='"cora.wren at corrow"'))
    assert [str(p) for p in problems] == [
        'case.toml: [[participants]] #1 email: "cora.wren at corrow" is not an e-mail '
        "address; type one address like name@agency.gov.uk, or leave it empty"
    ]
    assert config.participants == []  # an error: the import stops and says so
    _, problems = parse_case_toml(CASE.format(email="42"))
    assert [p.message for p in problems] == [
        "[[participants]] #1 email: expected text in quotes, got 42"
    ]


def test_the_address_is_stored_and_read_back(repo: Repository) -> None:
    review = repo.create_review(
        ReviewData(
            review=Review(reference="R", title="T"),
            participants=[Participant(name="Cora Wren", email="cora@corrow.example")],
        )
    )
    assert review.id is not None
    (cora,) = repo.participants(review.id)
    assert cora.email == "cora@corrow.example"
    repo.save_participant(review.id, cora.model_copy(update={"email": "c.wren@corrow.example"}))
    assert [p.email for p in repo.participants(review.id)] == ["c.wren@corrow.example"]


def test_an_older_database_gains_the_address_column_and_keeps_its_people(
    tmp_db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(connection, "MIGRATIONS", MIGRATIONS[:-1])
        patch.setattr(connection, "SCHEMA_VERSION", len(MIGRATIONS) - 1)
        with Repository.open(tmp_db_path, clock=clock) as old:
            review = old.create_review(
                ReviewData(
                    review=Review(reference="R", title="T"),
                    participants=[Participant(name="Cora Wren", role="Health Visitor")],
                )
            )
    assert review.id is not None
    with Repository.open(tmp_db_path, clock=clock) as repo:
        (cora,) = repo.participants(review.id)
        assert (cora.name, cora.role, cora.email) == ("Cora Wren", "Health Visitor", "")
        repo.save_participant(review.id, cora.model_copy(update={"email": "cora@corrow.example"}))
        assert repo.participants(review.id)[0].email == "cora@corrow.example"


def test_an_archive_keeps_the_address_and_refuses_a_bad_one() -> None:
    data = rich_review()
    data.participants[0].email = "priya.lennox@corrow-health.example"
    content = render_archive(data, GENERATED_AT)
    assert read_archive(content).participants[0].email == "priya.lennox@corrow-health.example"
    document = json.loads(content)
    document["participants"][0]["email"] = "priya at corrow"
    with pytest.raises(InputError) as caught:
        read_archive(json.dumps(document).encode())
    assert "$.participants[0].email" in str(caught.value)


def test_a_pseudonymised_review_holds_no_address() -> None:
    from workshop_tui.exporters import prepare
    from workshop_tui.exporters.pseudonymise import pseudonymise

    data = rich_review()
    data.participants[0].email = "priya.lennox@corrow-health.example"
    assert [p.email for p in pseudonymise(data).participants] == [""] * len(data.participants)
    rendered = prepare(data, "archive", "json", pseudonymise=True, generated_at=GENERATED_AT)
    assert b"corrow-health.example" not in rendered.content
    assert rendered.leaks == ()
