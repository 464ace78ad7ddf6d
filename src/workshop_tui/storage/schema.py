"""The database schema, as an ordered list of migrations.

The schema version lives in ``PRAGMA user_version``: version N means the first
N migrations have been applied. A migration is a function that takes the open
connection and runs inside the caller's transaction, so a failed upgrade
leaves the file as it was. Never edit a released migration; append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]

# Lists and dicts (flags, extra, raw, *_ids, themes, prompts, payload) are JSON
# text. Dates, times and datetimes are ISO 8601 text, so they sort correctly.
# Items that can be deleted carry ``deleted_at``: deletion is soft, so it can
# be undone.
_V1 = [
    """
    CREATE TABLE review (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        partnership TEXT NOT NULL DEFAULT '',
        lead_reviewer TEXT NOT NULL DEFAULT '',
        note_taker TEXT NOT NULL DEFAULT '',
        marking TEXT NOT NULL DEFAULT 'OFFICIAL-SENSITIVE',
        period_start TEXT,
        period_end TEXT,
        workshop_date TEXT,
        workshop_start TEXT,
        location TEXT NOT NULL DEFAULT '',
        terms_of_reference TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'preparing'
    )
    """,
    """
    CREATE TABLE agency (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        key TEXT NOT NULL,
        name TEXT NOT NULL
    )
    """,
    "CREATE INDEX agency_review ON agency(review_id)",
    """
    CREATE TABLE participant (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        agency TEXT NOT NULL DEFAULT '',
        attendance TEXT NOT NULL DEFAULT 'invited',
        deleted_at TEXT
    )
    """,
    "CREATE INDEX participant_review ON participant(review_id)",
    """
    CREATE TABLE kloe (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        question TEXT NOT NULL DEFAULT '',
        prompts TEXT NOT NULL DEFAULT '[]',
        minutes INTEGER NOT NULL DEFAULT 20,
        period_start TEXT,
        period_end TEXT,
        status TEXT NOT NULL DEFAULT 'not started',
        entry_ids TEXT NOT NULL DEFAULT '[]',
        deleted_at TEXT
    )
    """,
    "CREATE INDEX kloe_review ON kloe(review_id, number)",
    """
    CREATE TABLE entry (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        agency TEXT NOT NULL,
        date TEXT,
        time TEXT,
        date_approximate INTEGER NOT NULL DEFAULT 0,
        practitioner TEXT NOT NULL DEFAULT '',
        event TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        analysis TEXT NOT NULL DEFAULT '',
        source_file TEXT NOT NULL DEFAULT '',
        source_part TEXT NOT NULL DEFAULT '',
        source_line INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}',
        duplicate_group INTEGER,
        duplicate_confirmed INTEGER NOT NULL DEFAULT 0,
        flags TEXT NOT NULL DEFAULT '[]',
        in_period INTEGER NOT NULL DEFAULT 1,
        error TEXT,
        raw TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE INDEX entry_order ON entry(
        review_id, date, time, agency, source_file, source_part, source_line
    )
    """,
    """
    CREATE TABLE perspective (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        kloe_id INTEGER REFERENCES kloe(id),
        participant_id INTEGER REFERENCES participant(id),
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        entry_ids TEXT NOT NULL DEFAULT '[]',
        captured_at TEXT,
        deleted_at TEXT
    )
    """,
    "CREATE INDEX perspective_review ON perspective(review_id, kloe_id)",
    """
    CREATE TABLE finding (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        kloe_ids TEXT NOT NULL DEFAULT '[]',
        kind TEXT NOT NULL,
        statement TEXT NOT NULL,
        recommendation_to TEXT,
        themes TEXT NOT NULL DEFAULT '[]',
        entry_ids TEXT NOT NULL DEFAULT '[]',
        perspective_ids TEXT NOT NULL DEFAULT '[]',
        agreed INTEGER NOT NULL DEFAULT 0,
        captured_at TEXT,
        deleted_at TEXT
    )
    """,
    "CREATE INDEX finding_review ON finding(review_id)",
    """
    CREATE TABLE action (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        finding_id INTEGER REFERENCES finding(id),
        kloe_id INTEGER REFERENCES kloe(id),
        description TEXT NOT NULL,
        lead_agency TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        subgroup TEXT NOT NULL DEFAULT '',
        target_date TEXT,
        success_measure TEXT NOT NULL DEFAULT '',
        monitoring TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'not started',
        agreed INTEGER NOT NULL DEFAULT 0,
        captured_at TEXT,
        deleted_at TEXT
    )
    """,
    "CREATE INDEX action_review ON action(review_id, kloe_id)",
    """
    CREATE TABLE escalation (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        kloe_id INTEGER REFERENCES kloe(id),
        description TEXT NOT NULL,
        raised_by TEXT NOT NULL DEFAULT '',
        escalate_to TEXT NOT NULL DEFAULT '',
        route TEXT NOT NULL DEFAULT 'managerial',
        immediate_risk INTEGER NOT NULL DEFAULT 0,
        due TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        outcome TEXT NOT NULL DEFAULT '',
        captured_at TEXT,
        deleted_at TEXT
    )
    """,
    "CREATE INDEX escalation_review ON escalation(review_id, kloe_id)",
    """
    CREATE TABLE pseudonym (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        real TEXT NOT NULL,
        label TEXT NOT NULL
    )
    """,
    "CREATE INDEX pseudonym_review ON pseudonym(review_id)",
    """
    CREATE TABLE workshop_log (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        kloe_id INTEGER REFERENCES kloe(id),
        started_at TEXT NOT NULL,
        ended_at TEXT
    )
    """,
    "CREATE INDEX workshop_log_review ON workshop_log(review_id)",
    """
    CREATE TABLE audit_event (
        id INTEGER PRIMARY KEY,
        review_id INTEGER REFERENCES review(id),
        at TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        change TEXT NOT NULL,
        field TEXT NOT NULL DEFAULT '',
        old TEXT,
        new TEXT
    )
    """,
    "CREATE INDEX audit_event_review ON audit_event(review_id, change)",
    """
    CREATE TABLE draft (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES review(id),
        form TEXT NOT NULL,
        kloe_id INTEGER,
        payload TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT,
        UNIQUE (review_id, form)
    )
    """,
]


def _v1(conn: sqlite3.Connection) -> None:
    """Create every table of the first schema."""
    for statement in _V1:
        conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    """Index entries by duplicate group.

    A chronology's first screen counts the other members of each visible
    group; without this index every count scans the whole review.
    """
    conn.execute("CREATE INDEX entry_duplicate_group ON entry(review_id, duplicate_group)")


def _v3(conn: sqlite3.Connection) -> None:
    """Give the review the workshop's planned length in minutes (none: not set).

    Prepare adds up the KLOEs' time boxes against it, and the Workshop screen
    shows the time remaining.
    """
    conn.execute("ALTER TABLE review ADD COLUMN workshop_minutes INTEGER")


def _v4(conn: sqlite3.Connection) -> None:
    """Keep a speaker not on the participant list, and when a late arrival joined.

    A perspective's ``speaker_name`` holds the name as the note-taker typed it, so
    the minutes attribute the words to that person, not to the room; a participant
    added during the workshop records ``arrived_at``.
    """
    conn.execute("ALTER TABLE perspective ADD COLUMN speaker_name TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE participant ADD COLUMN arrived_at TEXT")


def _v5(conn: sqlite3.Connection) -> None:
    """Remember how each agency's chronology files were read (``agency.sources``).

    The headers of each file and the column behind each field, so that the lead can
    remap an agency's columns after import (a column the synonyms missed).
    """
    conn.execute("ALTER TABLE agency ADD COLUMN sources TEXT NOT NULL DEFAULT '[]'")


def _v6(conn: sqlite3.Connection) -> None:
    """Identifying places: names (or "... Suffix" patterns) of schools, surgeries and
    streets that the pseudonymisation check flags, per review."""
    conn.execute(
        """
        CREATE TABLE identifying_place (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES review(id),
            name TEXT NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX identifying_place_review ON identifying_place(review_id)")


MIGRATIONS: list[Migration] = [_v1, _v2, _v3, _v4, _v5, _v6]
"""Applied in order; ``user_version`` counts how many have run."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The newest schema this version of workshop-tui knows."""
