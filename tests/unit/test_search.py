"""Searching every review (issue 22): the query, the index, its triggers and migration."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.search_cases import FIRST, SECOND, first_review, second_review
from workshop_tui.cli import main
from workshop_tui.domain.models import Decision, Finding, Perspective, ProgressEntry
from workshop_tui.domain.search import SearchFilters, marked, parse_query
from workshop_tui.services.search import Search, SearchResult
from workshop_tui.storage.repository import Repository
from workshop_tui.storage.schema import MIGRATIONS


@pytest.fixture
def repository() -> Iterator[Repository]:
    repo = Repository.memory()
    repo.create_review(first_review())
    repo.create_review(second_review())
    yield repo
    repo.close()


@pytest.fixture
def search(repository: Repository) -> Search:
    return Search(repository)


def found(result: SearchResult) -> set[tuple[str, str]]:
    """(review, kind) of every hit."""
    return {(hit.review, hit.kind) for hit in result.hits}


def review_id(repository: Repository, reference: str) -> int:
    review = repository.get_review(reference)
    assert review.id is not None
    return review.id


# --- what is found -----------------------------------------------------------------


def test_a_word_is_found_in_both_reviews_and_every_kind(search: Search) -> None:
    result = search.find("bruise")
    assert found(result) >= {
        (FIRST, "entry"),
        (FIRST, "finding"),
        (FIRST, "action"),
        (FIRST, "kloe"),
        (SECOND, "entry"),
    }
    assert result.notes == () and result.message is None


def test_stemming_finds_every_form_of_a_word(search: Search) -> None:
    for word in ("bruise", "bruised", "bruising", "bruises"):
        texts = {
            marked(hit.snippet) for hit in search.find(word, SearchFilters(kinds=("entry",))).hits
        }
        assert any("«Bruised» cheek" in t for t in texts), word
        assert any("«bruise» on the arm" in t for t in texts), word


def test_a_phrase_in_quotes_must_appear_in_order(search: Search) -> None:
    assert found(search.find('"home visit"')) == {(FIRST, "entry")}
    assert len(search.find('"home visit"').hits) == 2
    assert search.find('"visit home"').hits == []


def test_a_prefix_finds_the_words_that_start_with_it(search: Search) -> None:
    hits = search.find("neglec*").hits
    assert {marked(h.snippet).split("«")[1].split("»")[0] for h in hits} == {
        "neglect",
        "neglectful",
    }


def test_and_or_not(search: Search) -> None:
    assert found(search.find("bruise AND arm")) == {(SECOND, "entry")}
    assert found(search.find("dental OR sofa")) == {(SECOND, "entry"), (FIRST, "perspective")}
    not_arm = search.find("bruise NOT arm", SearchFilters(kinds=("entry",)))
    assert found(not_arm) == {(FIRST, "entry")}
    assert found(search.find("bruise AND NOT arm", SearchFilters(kinds=("entry",)))) == {
        (FIRST, "entry")
    }
    assert found(search.find("bruise -arm", SearchFilters(kinds=("entry",)))) == {(FIRST, "entry")}


def test_filters_for_review_kind_agency_and_dates(search: Search) -> None:
    assert found(search.find("bruise", SearchFilters(review=SECOND))) == {(SECOND, "entry")}
    assert found(search.find("bruise review:" + SECOND)) == {(SECOND, "entry")}
    assert found(search.find("bruise", SearchFilters(kinds=("finding", "kloe")))) == {
        (FIRST, "finding"),
        (FIRST, "kloe"),
    }
    assert found(search.find("bruise kind:findings")) == {(FIRST, "finding")}
    # An agency by key or by name, any case.
    assert found(search.find("visit", SearchFilters(agency="POLICE"))) == {(FIRST, "entry")}
    by_name = search.find("visit agency:school")
    assert by_name.hits == []
    thornbury = search.find("bruise", SearchFilters(agency="thornbury primary"))
    assert found(thornbury) == {(SECOND, "entry")}
    in_2097 = search.find("bruise from:2097-01-01 to:31/12/2097")
    assert found(in_2097) == {(SECOND, "entry")}
    before = search.find("bruise", SearchFilters(until=dt.date(2096, 12, 31), kinds=("entry",)))
    assert found(before) == {(FIRST, "entry")}


def test_extra_columns_and_the_speaker_are_searched(search: Search) -> None:
    assert found(search.find('"body map"')) == {(FIRST, "entry")}
    hit = search.find("Aldous").hits[0]
    assert (hit.kind, hit.who) == ("perspective", "Wren Aldous")


def test_an_unknown_review_is_said(search: Search) -> None:
    result = search.find("bruise", SearchFilters(review="LR-0000"))
    assert result.hits == [] and result.message == "No review LR-0000 in this database."


def test_the_best_hits_first_and_more_said(search: Search) -> None:
    result = search.find("bruise", limit=2)
    assert len(result.hits) == 2 and result.more
    ranks = [hit.rank for hit in search.find("bruise").hits]
    assert ranks == sorted(ranks)


# --- kept current by the database --------------------------------------------------


def test_a_capture_is_found_at_once(repository: Repository, search: Search) -> None:
    assert search.find("trampoline").hits == []
    stored = repository.add_perspective(
        review_id(repository, SECOND),
        Perspective(speaker_name="Oona Reed", text="The trampoline bruise was never queried."),
    )
    hits = search.find("trampoline").hits
    assert [(h.review, h.kind, h.item_id) for h in hits] == [(SECOND, "perspective", stored.id)]


def test_an_edit_replaces_the_old_text(repository: Repository, search: Search) -> None:
    finding = repository.findings(review_id(repository, SECOND))[0]
    repository.update_finding(finding.model_copy(update={"statement": "Appointments drifted."}))
    assert search.find("missed appointments", SearchFilters(kinds=("finding",))).hits == []
    assert [h.item_id for h in search.find("drifted").hits] == [finding.id]


def test_a_deleted_item_leaves_the_index_and_undo_brings_it_back(
    repository: Repository, search: Search
) -> None:
    stored = repository.add_finding(
        review_id(repository, FIRST), Finding(statement="The trampoline was never checked.")
    )
    assert stored.id is not None
    audit_id = repository.delete_item("finding", stored.id)
    assert search.find("trampoline").hits == []
    repository.undo_delete(audit_id)
    assert [h.item_id for h in search.find("trampoline").hits] == [stored.id]


def test_a_deleted_kloe_leaves_the_index(repository: Repository, search: Search) -> None:
    kloe = repository.kloes(review_id(repository, SECOND))[0]
    assert kloe.id is not None
    audit_id = repository.delete_item("kloe", kloe.id)
    assert search.find('"not brought"', SearchFilters(kinds=("kloe",))).hits == []
    repository.undo_delete(audit_id)
    assert len(search.find('"not brought"', SearchFilters(kinds=("kloe",))).hits) == 1


def test_a_fixed_entry_is_found_by_its_new_text(repository: Repository, search: Search) -> None:
    entry = repository.entries(review_id(repository, SECOND))[0]
    assert entry.id is not None
    repository.fix_entry(entry.id, event="Missed the orthodontist.")
    assert [h.item_id for h in search.find("orthodontist").hits] == [entry.id]
    assert search.find("dental").hits == []


def test_a_renamed_speaker_follows_their_perspectives(
    repository: Repository, search: Search
) -> None:
    first = review_id(repository, FIRST)
    ivo = repository.participants(first)[0]
    repository.add_perspective(first, Perspective(participant_id=ivo.id, text="I saw the mark."))
    assert search.find("mark Pennant").hits[0].who == "Ivo Pennant"
    repository.save_participant(first, ivo.model_copy(update={"name": "Ivo Larch"}))
    assert search.find("mark Pennant").hits == []
    assert search.find("mark Larch").hits[0].who == "Ivo Larch"


def test_a_decision_is_found_with_who_decided_and_follows_a_rename_and_a_delete(
    repository: Repository, search: Search
) -> None:
    first = review_id(repository, FIRST)
    ivo = repository.participants(first)[0]
    decision = repository.add_capture(
        "decision", first, Decision(participant_id=ivo.id, text="Refer the trampoline audit.")
    )
    assert decision.id is not None
    (hit,) = search.find("trampoline").hits
    assert (hit.kind, hit.item_id, hit.who) == ("decision", decision.id, "Ivo Pennant")
    assert search.find("trampoline", SearchFilters(kinds=("decision",))).hits == [hit]
    repository.save_participant(first, ivo.model_copy(update={"name": "Ivo Larch"}))
    assert [h.who for h in search.find("trampoline Larch").hits] == ["Ivo Larch"]
    audit_id = repository.delete_item("decision", decision.id)
    assert search.find("trampoline").hits == []
    repository.undo_delete(audit_id)
    assert [h.item_id for h in search.find("trampoline").hits] == [decision.id]


def test_an_actions_progress_evidence_and_impact_are_found(
    repository: Repository, search: Search
) -> None:
    (action,) = repository.actions(review_id(repository, FIRST))
    assert search.find("orthopaedic").hits == []
    update = ProgressEntry(
        at=dt.datetime(2026, 3, 2, 10, 0), text="Orthopaedic pathway agreed.", evidence="memo"
    )
    repository.update_action(
        action.model_copy(
            update={"progress": [update], "evidence": "Signed protocol", "impact": "Fewer gaps"}
        )
    )
    for words in ("orthopaedic", "memo", "signed protocol", "fewer gaps", "bruising protocol"):
        assert [(h.kind, h.item_id) for h in search.find(words).hits] == [("action", action.id)], (
            words
        )


# --- a database made by the previous release -----------------------------------------


def older_release(path: Path, migrations: int) -> tuple[Repository, sqlite3.Connection]:
    """A database at ``path`` as a release with the first ``migrations`` made it, and a
    repository writing to it as that release did (without migrating); commit and close
    the connection returned, then open it with this release."""
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:migrations]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {migrations}")
    conn.commit()
    conn.close()
    old = Repository.__new__(Repository)
    raw = sqlite3.connect(path, check_same_thread=False)
    raw.execute("PRAGMA foreign_keys = ON")
    Repository.__init__(old, raw, path)
    return old, raw


def test_a_database_of_the_previous_release_gains_the_index_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # The previous release's own writes (no index, no triggers) ...
    old, raw = older_release(path, 6)
    old.create_review(first_review())
    old.create_review(second_review())
    raw.commit()
    assert "search_index" not in {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()
    # ... and opened by this one.
    with Repository.open(path) as repository:
        search = Search(repository)
        assert found(search.find("bruise")) >= {(FIRST, "entry"), (SECOND, "entry")}
        assert search.document_count() == 11  # 7 items in the first review, 4 in the second
    assert list((tmp_path / "backups").iterdir())  # copied before the migration


def test_decisions_and_action_progress_stored_before_they_were_indexed_are_found(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old, raw = older_release(path, len(MIGRATIONS) - 1)
    old.create_review(first_review())
    first = review_id(old, FIRST)
    old.add_capture("decision", first, Decision(speaker_name="The panel", text="Keep the log."))
    (action,) = old.actions(first)
    at = dt.datetime(2026, 3, 2, 10, 0)
    old.update_action(
        action.model_copy(update={"progress": [ProgressEntry(at=at, text="Pathway agreed.")]})
    )
    raw.commit()
    raw.close()
    with Repository.open(path) as repository:
        search = Search(repository)
        assert [h.kind for h in search.find("log").hits] == ["decision"]
        assert [h.kind for h in search.find("pathway").hits] == ["action"]
        assert search.document_count() == 8  # the first review's 7 items and the decision


# --- what a person may type ------------------------------------------------------------

HOSTILE_QUERIES = [
    '"',
    '"home visit',
    'bruise "',
    "-",
    "--",
    "- bruise",
    "*",
    "bruise*",
    "**",
    "NEAR(",
    "NEAR(bruise visit",
    "NEAR(bruise visit, 2)",
    "bruise NEAR visit",
    "foo:bar",
    "body:bruise",
    "kind:",
    "kind:nonsense bruise",
    "from:yesterday bruise",
    "to:31/02/2097 bruise",
    "review:",
    "AND",
    "OR",
    "NOT",
    "NOT bruise",
    "bruise AND",
    "OR bruise",
    "bruise OR OR visit",
    "(bruise",
    "bruise)",
    "((bruise OR visit) AND",
    ")(",
    "[bold]bruise[/bold]",
    "[/]",
    "[link=http://example.invalid]x[/link]",
    "\x1b[31mbruise\x1b[0m",
    "bruise\x00visit",
    "\u202ebruise",
    "bruise\nvisit",
    "\t",
    "   ",
    "",
    "'; DROP TABLE entry; --",
    "^bruise",
    "bruise + visit",
    "{bruise visit}",
    "bruise:*",
    '"" AND ""',
    "_",
    "\ud800",
    "é" * 300,
    "bruise " * 200,
    "\ue000bruise\ue001",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_a_hostile_query_gets_hits_or_a_message_never_a_traceback(
    search: Search, query: str
) -> None:
    result = search.find(query)  # no exception: hits, none, or a message
    assert isinstance(result, SearchResult)
    if result.message is not None:
        assert "\n" not in result.message and result.hits == []
    for note in result.notes:
        assert "\n" not in note


def test_there_are_at_least_thirty_hostile_queries() -> None:
    assert len(set(HOSTILE_QUERIES)) >= 30


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ('"home visit', "A quote was not closed"),
        ("bruise:visit", "bruise: is not a filter"),
        ("kind:nonsense bruise", "kind:nonsense is not a kind"),
        ("from:yesterday bruise", "from:yesterday is not a date"),
        ("bruise AND", "did not make a whole query"),
        ("(bruise", "did not make a whole query"),
        ("- bruise", "- has no letters or digits"),
    ],
)
def test_what_was_not_taken_as_typed_is_said(search: Search, query: str, note: str) -> None:
    result = search.find(query)
    assert any(note in n for n in result.notes), result.notes
    assert result.hits  # and bruise (or home visit) is still searched


def test_a_query_of_nothing_searchable_gets_a_message(search: Search) -> None:
    assert search.find("   ").message == "Type a word to search for."
    assert search.find("*").message == "Type a word to search for."
    assert search.find("NOT bruise").message is not None
    assert search.find("-bruise").message is not None


def test_typed_text_never_reaches_fts5_as_syntax() -> None:
    parsed = parse_query('body:x NEAR(a b) "c d" e* -f (g OR h)')
    assert parsed.match == '"body" "x" "NEAR" ( "a" "b" ) "c d" "e"* ( "g" OR "h" ) NOT "f"'
    assert parsed.plain == '"body" "x" "NEAR" "a" "b" "c d" "e"* "g" "h"'


# --- the command line -----------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "search.db"
    with Repository.open(path) as repo:
        repo.create_review(first_review())
        repo.create_review(second_review())
        finding = repo.findings(review_id(repo, FIRST))[0]
        repo.update_finding(finding.model_copy(update={"statement": "[red]bruise\x1b[2J"}))
    return path


def test_cli_search_json_gives_what_a_script_needs(database: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", str(database), "search", "bruise", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert {(r["review"], r["kind"]) for r in records} >= {(FIRST, "entry"), (SECOND, "entry")}
    assert set(records[0]) == {
        "review",
        "kind",
        "id",
        "date",
        "agency",
        "agency_name",
        "speaker",
        "snippet",
    }
    school = next(r for r in records if r["agency"] == "school")
    assert school["agency_name"] == "Primary"  # short: "Thornbury" is shared
    assert school["date"] == "2097-06-20" and "«bruise»" in school["snippet"]
    assert isinstance(school["id"], int)


def test_cli_search_table_is_one_line_per_hit_shown_safely(database: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", str(database), "search", "bruise", "--review", FIRST, "--kind", "finding"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(FIRST)
    assert "[red]«bruise»␛[2J" in lines[0] and "\x1b" not in result.stdout


def test_cli_search_markdown_marks_the_match(database: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(database), "search", "dental", "--format", "md"])
    assert result.exit_code == 0, result.output
    # The agency by its short name in its review, not its key.
    assert "| LR-2097-02 | entry | 2097-01-15 | Health |" in result.stdout
    assert "**dental**" in result.stdout


def test_cli_search_says_what_it_could_not_read(database: Path) -> None:
    runner = CliRunner()
    nothing = runner.invoke(main, ["--db", str(database), "search", "NEAR("])
    assert nothing.exit_code == 0 and "note: The operators" in nothing.stderr
    empty = runner.invoke(main, ["--db", str(database), "search", "-"])
    assert empty.exit_code == 1
    assert "error: Type a word to search for." in empty.stderr
    assert "Traceback" not in empty.output
    bad_date = runner.invoke(main, ["--db", str(database), "search", "x", "--from", "soon"])
    assert bad_date.exit_code == 2 and "--from soon: not a date" in bad_date.stderr
