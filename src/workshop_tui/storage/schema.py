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


# The full-text index of every review (``search_index``, read by storage/search.py).
# Each searchable item is one row; its rowid is ``id * 8 + code`` of its kind, so a
# trigger finds the row to replace without a scan. The columns before ``body`` are
# only carried (UNINDEXED): where the item lives and what a hit shows.
_SEARCH_KINDS: dict[str, int] = {
    "entry": 1,
    "perspective": 2,
    "finding": 3,
    "action": 4,
    "escalation": 5,
    "kloe": 6,
}
_SEARCH_CODES: dict[str, int] = {**_SEARCH_KINDS, "decision": 7}
"""Every kind's code, decisions included (indexed from ``_search_decisions_and_progress``)."""
_NL = "char(10)"
_REVIEW_CREATED = (
    "EXISTS (SELECT 1 FROM audit_event WHERE audit_event.review_id = NEW.review_id"
    " AND audit_event.change = 'create' AND audit_event.entity = 'review')"
)
"""A trigger's condition: the item's review has been created (its import has finished)."""


def _json_values(column: str) -> str:
    """The values of a JSON list or object column, one a line ('' if none or not JSON)."""
    # Most are empty: skipping json_each for them halves the time to build the index.
    return (
        f"CASE WHEN {column} IN ('{{}}', '[]', '') OR NOT json_valid({column}) THEN ''"
        f" ELSE coalesce((SELECT group_concat(value, {_NL}) FROM json_each({column})), '') END"
    )


def _lines(*parts: str) -> str:
    """The non-empty ``parts``, one a line."""
    joined = " || ".join(f"coalesce(nullif({part}, '') || {_NL}, '')" for part in parts)
    return f"rtrim({joined}, {_NL})"


def _search_columns(kind: str, row: str, *, tracker: bool = False) -> str:
    """The SELECT list of one item's index row, its columns read from ``row``.

    With ``tracker`` (the migration ``_search_decisions_and_progress`` and after): an
    action's body also holds its recommendation, evidence, impact and progress log, and
    decisions are indexed. Without it, the SQL is exactly what ``_v7`` wrote.
    """
    r = f"{row}."
    speaker = (
        f"coalesce((SELECT name FROM participant WHERE id = {r}participant_id),"
        f" nullif({r}speaker_name, ''), '')"
    )
    captured = f"substr({r}captured_at, 1, 10)"
    columns: dict[str, tuple[str, str, str, str]] = {
        # kind: (day, agency, who, body)
        "entry": (
            f"{r}date",
            f"{r}agency",
            f"{r}agency",
            _lines(
                f"{r}practitioner",
                f"{r}event",
                f"{r}outcome",
                f"{r}analysis",
                _json_values(f"{r}extra"),
                f"CASE WHEN {r}error IS NOT NULL THEN {_json_values(f'{r}raw')} END",
            ),
        ),
        "perspective": (
            captured,
            f"coalesce((SELECT agency FROM participant WHERE id = {r}participant_id), '')",
            speaker,
            _lines(f"{r}text", speaker),
        ),
        "finding": (
            captured,
            "''",
            f"coalesce({r}recommendation_to, '')",
            _lines(f"{r}statement", _json_values(f"{r}themes"), f"{r}recommendation_to"),
        ),
        "action": (
            captured,
            f"{r}lead_agency",
            f"coalesce(nullif({r}lead_agency, ''), {r}owner)",
            _lines(
                f"{r}description",
                f"{r}owner",
                f"{r}lead_agency",
                f"{r}subgroup",
                f"{r}success_measure",
                f"{r}monitoring",
            ),
        ),
        "decision": (
            captured,
            f"coalesce((SELECT agency FROM participant WHERE id = {r}participant_id), '')",
            speaker,
            _lines(f"{r}text", speaker),
        ),
        "escalation": (
            captured,
            "''",
            f"{r}raised_by",
            _lines(f"{r}description", f"{r}raised_by", f"{r}escalate_to", f"{r}outcome"),
        ),
        "kloe": (
            "NULL",
            "''",
            "''",
            _lines(f"{r}title", f"{r}question", _json_values(f"{r}prompts")),
        ),
    }
    if tracker:
        progress = (
            f"coalesce((SELECT group_concat(nullif(json_extract(value, '$.text'), '')"
            f" || coalesce(' ' || nullif(json_extract(value, '$.evidence'), ''), ''), {_NL})"
            f" FROM json_each(CASE WHEN json_valid({r}progress) THEN {r}progress"
            f" ELSE '[]' END)), '')"
        )
        day, agency, who, body = columns["action"]
        body = _lines(
            body,
            f"{r}recommendation",
            f"{r}evidence_required",
            f"{r}evidence",
            f"{r}impact",
            _json_values(f"{r}milestones"),
            progress,
        )
        columns["action"] = (day, agency, who, body)
    day, agency, who, body = columns[kind]
    code = _SEARCH_CODES[kind]
    return f"{r}id * 8 + {code}, {r}review_id, '{kind}', {r}id, {day}, {agency}, {who}, {body}"


# The columns whose change changes an item's index row.
_SEARCH_WATCHED: dict[str, str] = {
    "entry": "review_id, agency, date, practitioner, event, outcome, analysis, extra, error, raw",
    "perspective": "review_id, participant_id, speaker_name, text, captured_at, deleted_at",
    "finding": "review_id, statement, themes, recommendation_to, captured_at, deleted_at",
    "action": (
        "review_id, description, owner, lead_agency, subgroup, success_measure, monitoring,"
        " captured_at, deleted_at"
    ),
    "escalation": (
        "review_id, description, raised_by, escalate_to, outcome, captured_at, deleted_at"
    ),
    "kloe": "review_id, title, question, prompts, deleted_at",
}
_SEARCH_INSERT = (
    "INSERT INTO search_index (rowid, review_id, kind, item_id, day, agency, who, body)"
)


def _search_kind(
    conn: sqlite3.Connection, kind: str, watched: str, *, tracker: bool = False
) -> str:
    """Index every live item of ``kind`` now and keep it current with three triggers (insert,
    update of the ``watched`` columns, delete); return the statement that indexes one
    whole review's items of that kind (for ``search_review_created``).

    An item inserted into a review being created is indexed with the whole review, when
    its "create" audit event is written (see ``_v7``).
    """
    code = _SEARCH_CODES[kind]
    live = "deleted_at IS NULL" if kind != "entry" else "1"
    new_live = live.replace("deleted_at", "NEW.deleted_at")
    created = _REVIEW_CREATED
    columns = _search_columns(kind, kind, tracker=tracker)
    conn.execute(f"{_SEARCH_INSERT} SELECT {columns} FROM {kind} WHERE {live}")
    conn.execute(
        f"""
        CREATE TRIGGER search_{kind}_insert AFTER INSERT ON {kind}
        WHEN {new_live} AND {created} BEGIN
            {_SEARCH_INSERT} SELECT {_search_columns(kind, "NEW", tracker=tracker)};
        END
        """
    )
    conn.execute(
        f"""
        CREATE TRIGGER search_{kind}_update AFTER UPDATE OF {watched}
        ON {kind} BEGIN
            DELETE FROM search_index WHERE rowid = OLD.id * 8 + {code};
            {_SEARCH_INSERT} SELECT {_search_columns(kind, "NEW", tracker=tracker)}
                WHERE {new_live};
        END
        """
    )
    conn.execute(
        f"""
        CREATE TRIGGER search_{kind}_delete AFTER DELETE ON {kind} BEGIN
            DELETE FROM search_index WHERE rowid = OLD.id * 8 + {code};
        END
        """
    )
    return _whole_review(kind, tracker=tracker)


def _whole_review(kind: str, *, tracker: bool = False) -> str:
    """The statement that indexes the live items of ``kind`` of the review being created."""
    live = "deleted_at IS NULL" if kind != "entry" else "1"
    columns = _search_columns(kind, kind, tracker=tracker)
    where = f"{kind}.review_id = NEW.review_id AND {live}"
    return f"{_SEARCH_INSERT} SELECT {columns} FROM {kind} WHERE {where};"


def _v7(conn: sqlite3.Connection) -> None:
    """The full-text index of every review, kept current by triggers (issue 22).

    Chronology entries (every text field, ``extra``, and the cells of an entry
    that needs attention), perspectives (with the speaker's name), findings,
    actions, escalations and KLOEs: porter-stemmed, so ``bruised`` finds
    ``bruising``. A soft-deleted item leaves the index and its undo brings it back
    (the update of ``deleted_at`` re-runs its trigger). Built here for the reviews
    already stored.

    A review being created (an import: thousands of entries in one transaction) is
    indexed in one statement when its "create" audit event is written, the last
    write of ``create_review``: FTS5 writes its pending terms to disk at every
    trigger's statement, so indexing 10,000 inserted rows one trigger at a time took
    seven times as long as the import itself. An item added to a review that exists
    (a capture) is indexed by its own insert trigger.
    """
    conn.execute(
        """
        CREATE VIRTUAL TABLE search_index USING fts5(
            review_id UNINDEXED, kind UNINDEXED, item_id UNINDEXED, day UNINDEXED,
            agency UNINDEXED, who UNINDEXED, body,
            tokenize = 'porter unicode61 remove_diacritics 2'
        )
        """
    )
    whole_review = [_search_kind(conn, kind, _SEARCH_WATCHED[kind]) for kind in _SEARCH_KINDS]
    newline = "\n"
    conn.execute(
        f"""
        CREATE TRIGGER search_review_created AFTER INSERT ON audit_event
        WHEN NEW.entity = 'review' AND NEW.change = 'create' BEGIN
            {newline.join(whole_review)}
        END
        """
    )
    # A participant's name and agency are shown with (and found in) their perspectives.
    code = _SEARCH_KINDS["perspective"]
    conn.execute(
        f"""
        CREATE TRIGGER search_participant_update AFTER UPDATE OF name, agency
        ON participant BEGIN
            DELETE FROM search_index WHERE rowid IN
                (SELECT id * 8 + {code} FROM perspective WHERE participant_id = NEW.id);
            {_SEARCH_INSERT} SELECT {_search_columns("perspective", "perspective")}
                FROM perspective WHERE participant_id = NEW.id AND deleted_at IS NULL;
        END
        """
    )


def _entry_date_precision(conn: sqlite3.Connection) -> None:
    """A chronology entry's date precision and end date (issue 16).

    ``date_precision`` is ``day``, ``week``, ``month``, ``season`` or ``year`` (a month's
    entry is dated its first day); ``end_date`` is the last day of a range (NULL for
    one date). Existing rows are day dates and keep their meaning: an approximate one
    stays approximate (``c. 01/05/2016``). ``date_rank`` is computed by SQLite from the
    two (``domain.dates.date_rank``: an exact day 0, approximate 1, a week 2, a month 4,
    a season 6, a year 8, plus 1 when approximate), so that the index orders a day's
    entries as ``domain.chronology.merge_key`` does, without any code writing it.
    """
    conn.execute("ALTER TABLE entry ADD COLUMN date_precision TEXT NOT NULL DEFAULT 'day'")
    conn.execute("ALTER TABLE entry ADD COLUMN end_date TEXT")
    conn.execute(
        """
        ALTER TABLE entry ADD COLUMN date_rank INTEGER GENERATED ALWAYS AS (
            (CASE date_precision WHEN 'day' THEN 0 WHEN 'week' THEN 2 WHEN 'month' THEN 4
             WHEN 'season' THEN 6 ELSE 8 END) + date_approximate
        ) VIRTUAL
        """
    )
    conn.execute("DROP INDEX IF EXISTS entry_order")
    conn.execute(
        """
        CREATE INDEX entry_order ON entry(
            review_id, date, date_rank, time, end_date, agency, source_file, source_part,
            source_line
        )
        """
    )


def _agency_requests(conn: sqlite3.Connection) -> None:
    """Each agency's chronology request: requested on, due by, received on, chased on
    (a JSON list of dates), replaced on, not involved, and case.toml's header overrides
    (used again when its file is added later). One row per agency key of a review; an
    agency without a row has had nothing recorded (its status follows its entries)."""
    conn.execute(
        """
        CREATE TABLE agency_request (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES review(id),
            agency TEXT NOT NULL,
            requested TEXT,
            due TEXT,
            received TEXT,
            chased TEXT NOT NULL DEFAULT '[]',
            replaced TEXT,
            not_involved INTEGER NOT NULL DEFAULT 0,
            columns TEXT NOT NULL DEFAULT '{}',
            UNIQUE (review_id, agency)
        )
        """
    )


def _deferred_entry_index(conn: sqlite3.Connection) -> None:
    """Index a chronology file added to a review that exists in one statement, not one
    trigger per row (FTS5 flushes its pending terms at every trigger's statement: 500 rows
    added to a 10,000-entry review took 0.6 s in the trigger against 3 ms without it).

    While a review has a row in ``search_deferred`` its new entries are not indexed by
    ``search_entry_insert``; the writer indexes them itself, then deletes the row, in the
    same transaction (``storage.intake.IntakeStore.insert_entries``).
    """
    conn.execute("CREATE TABLE search_deferred (review_id INTEGER PRIMARY KEY)")
    created = _REVIEW_CREATED
    deferred = "NOT EXISTS (SELECT 1 FROM search_deferred WHERE review_id = NEW.review_id)"
    conn.execute("DROP TRIGGER search_entry_insert")
    conn.execute(
        f"""
        CREATE TRIGGER search_entry_insert AFTER INSERT ON entry
        WHEN {created} AND {deferred} BEGIN
            {_SEARCH_INSERT} SELECT {_search_columns("entry", "NEW")};
        END
        """
    )


ENTRY_INDEX_SELECT = f"{_SEARCH_INSERT} SELECT {_search_columns('entry', 'entry')} FROM entry"
"""Index entries (add ``WHERE ...``): for writers that deferred their indexing."""


def _participant_email(conn: sqlite3.Connection) -> None:
    """Give each participant an optional e-mail address (empty: not known), for the
    workshop invitation's attendees."""
    conn.execute("ALTER TABLE participant ADD COLUMN email TEXT NOT NULL DEFAULT ''")


def _action_tracker(conn: sqlite3.Connection) -> None:
    """The action plan followed for months (issue 13): what an action answers, its scope
    and level, milestones, revisions of its target (the old date kept), RAG, a progress
    log, evidence required and of completion, impact and the assurance rating.

    Every new column starts empty. The status of an action stored before this had five
    values mixing progress and RAG; each becomes the status and RAG it meant
    (``domain.actions.LEGACY_STATUS``): "on track" is in progress and green, "at risk"
    amber, "off track" red, "not started" open, "complete" completed.
    """
    columns = (
        "recommendation TEXT NOT NULL DEFAULT ''",
        "scope TEXT",
        "level TEXT",
        "milestones TEXT NOT NULL DEFAULT '[]'",
        "revisions TEXT NOT NULL DEFAULT '[]'",
        "rag TEXT",
        "progress TEXT NOT NULL DEFAULT '[]'",
        "evidence_required TEXT NOT NULL DEFAULT ''",
        "evidence TEXT NOT NULL DEFAULT ''",
        "impact TEXT NOT NULL DEFAULT ''",
        "assurance TEXT",
    )
    for column in columns:
        conn.execute(f"ALTER TABLE action ADD COLUMN {column}")
    # The mapping is written out here: a migration never changes with the code.
    conn.execute(
        """
        UPDATE action SET
            rag = CASE status WHEN 'on track' THEN 'green' WHEN 'at risk' THEN 'amber'
                WHEN 'off track' THEN 'red' ELSE rag END,
            status = CASE status WHEN 'not started' THEN 'open'
                WHEN 'on track' THEN 'in progress' WHEN 'at risk' THEN 'in progress'
                WHEN 'off track' THEN 'in progress' WHEN 'complete' THEN 'completed'
                ELSE status END
        """
    )


def _publishing(conn: sqlite3.Connection) -> None:
    """Publishing the learning (issue 14): the 7-minute briefing's edited sections, the
    publication block of the report and the briefing, the partnership's response to each
    recommendation, and a review's own names for the partnership's groups."""
    for statement in (
        """
        CREATE TABLE briefing_section (
            review_id INTEGER NOT NULL REFERENCES review(id),
            section TEXT NOT NULL,
            text TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (review_id, section)
        )
        """,
        """
        CREATE TABLE publication (
            review_id INTEGER NOT NULL REFERENCES review(id),
            document TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft',
            approved_by TEXT NOT NULL DEFAULT '',
            date TEXT,
            PRIMARY KEY (review_id, document)
        )
        """,
        """
        CREATE TABLE recommendation_response (
            review_id INTEGER NOT NULL REFERENCES review(id),
            finding_id INTEGER NOT NULL REFERENCES finding(id),
            response TEXT NOT NULL,
            PRIMARY KEY (review_id, finding_id)
        )
        """,
        """
        CREATE TABLE review_group (
            review_id INTEGER NOT NULL REFERENCES review(id),
            group_key TEXT NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (review_id, group_key)
        )
        """,
    ):
        conn.execute(statement)


def _finding_level_scope(conn: sqlite3.Connection) -> None:
    """A finding's level (practice, organisational, partnership) and scope (single
    agency, multi-agency), both unset (NULL) until someone decides: the Themes screen
    and the annual report count findings by them (issue 14). Themes themselves are
    already kept (``finding.themes``, a JSON list since the first schema)."""
    conn.execute("ALTER TABLE finding ADD COLUMN level TEXT")
    conn.execute("ALTER TABLE finding ADD COLUMN scope TEXT")


def _decisions(conn: sqlite3.Connection) -> None:
    """Decisions (issue 13): what the room decided, by whom (a participant, or a name as
    typed), under which KLOE; deleted softly like every capture."""
    conn.execute(
        """
        CREATE TABLE decision (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES review(id),
            kloe_id INTEGER REFERENCES kloe(id),
            participant_id INTEGER REFERENCES participant(id),
            speaker_name TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            captured_at TEXT,
            deleted_at TEXT
        )
        """
    )
    conn.execute("CREATE INDEX decision_review ON decision(review_id, kloe_id)")


def _left_early(conn: sqlite3.Connection) -> None:
    """When a participant left before the meeting ended (``arrived_at`` already says
    when someone joined late): the minutes say "left 12:05"."""
    conn.execute("ALTER TABLE participant ADD COLUMN left_at TEXT")


def _meetings(conn: sqlite3.Connection) -> None:
    """Meetings (issue 13): a review holds the workshop and later meetings (follow-up,
    sign-off), each with a date; every capture belongs to one. Each review stored gets
    its workshop meeting (dated as the review's workshop) and every capture already
    there, deleted ones too, is put in it: nothing is lost or left without a meeting.
    ``meeting_note`` holds what a later meeting said about an earlier action."""
    conn.execute(
        """
        CREATE TABLE meeting (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES review(id),
            kind TEXT NOT NULL DEFAULT 'workshop',
            date TEXT,
            started_at TEXT
        )
        """
    )
    conn.execute("CREATE INDEX meeting_review ON meeting(review_id)")
    conn.execute(
        """
        CREATE TABLE meeting_note (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES review(id),
            meeting_id INTEGER NOT NULL REFERENCES meeting(id),
            action_id INTEGER NOT NULL REFERENCES action(id),
            text TEXT NOT NULL,
            rag TEXT,
            status TEXT,
            by TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX meeting_note_meeting ON meeting_note(meeting_id)")
    conn.execute(
        "INSERT INTO meeting (review_id, kind, date) SELECT id, 'workshop', workshop_date"
        " FROM review ORDER BY id"
    )
    # Written out here (a migration never changes with the code): every capture table.
    for table in ("perspective", "finding", "action", "escalation", "decision"):
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not present:
            continue  # a table this database does not have (kept self-contained)
        conn.execute(f"ALTER TABLE {table} ADD COLUMN meeting_id INTEGER REFERENCES meeting(id)")
        conn.execute(
            f"UPDATE {table} SET meeting_id = (SELECT meeting.id FROM meeting"
            f" WHERE meeting.review_id = {table}.review_id AND meeting.kind = 'workshop')"
        )


def _search_decisions_and_progress(conn: sqlite3.Connection) -> None:
    """Search finds decisions, and an action's recommendation, evidence, impact,
    milestones and progress log (they came with issue 13 after the index): a search for
    what an agency reported in March finds the action it was reported on.

    The action's triggers are made again with the new columns and its rows indexed again;
    decisions get triggers of their own and are indexed; the triggers that index a whole
    review being created and a participant's renamed items take in the new kind.
    """
    for trigger in ("insert", "update", "delete"):
        conn.execute(f"DROP TRIGGER search_action_{trigger}")
    conn.execute("DELETE FROM search_index WHERE kind = 'action'")
    watched = {
        **_SEARCH_WATCHED,
        "action": _SEARCH_WATCHED["action"]
        + ", recommendation, evidence_required, evidence, impact, milestones, progress",
        "decision": "review_id, participant_id, speaker_name, text, captured_at, deleted_at",
    }
    action = _search_kind(conn, "action", watched["action"], tracker=True)
    decision = _search_kind(conn, "decision", watched["decision"], tracker=True)
    whole_review = [_whole_review(kind) for kind in _SEARCH_KINDS if kind != "action"]
    conn.execute("DROP TRIGGER search_review_created")
    conn.execute(
        f"""
        CREATE TRIGGER search_review_created AFTER INSERT ON audit_event
        WHEN NEW.entity = 'review' AND NEW.change = 'create' BEGIN
            {chr(10).join([*whole_review, action, decision])}
        END
        """
    )
    # A participant's name and agency are shown with (and found in) what they said.
    conn.execute("DROP TRIGGER search_participant_update")
    spoken = ("perspective", "decision")
    conn.execute(
        f"""
        CREATE TRIGGER search_participant_update AFTER UPDATE OF name, agency
        ON participant BEGIN
            {
            chr(10).join(
                f"DELETE FROM search_index WHERE rowid IN (SELECT id * 8 + {_SEARCH_CODES[k]}"
                f" FROM {k} WHERE participant_id = NEW.id);"
                f" {_SEARCH_INSERT} SELECT {_search_columns(k, k)} FROM {k}"
                f" WHERE participant_id = NEW.id AND deleted_at IS NULL;"
                for k in spoken
            )
        }
        END
        """
    )


def _meeting_attendance(conn: sqlite3.Connection) -> None:
    """Who was at each later meeting (a follow-up, the sign-off): one row per participant
    whose attendance was recorded. The workshop's stays on the participant."""
    conn.execute(
        """
        CREATE TABLE meeting_attendance (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES review(id),
            meeting_id INTEGER NOT NULL REFERENCES meeting(id),
            participant_id INTEGER NOT NULL REFERENCES participant(id),
            attendance TEXT NOT NULL,
            UNIQUE (meeting_id, participant_id)
        )
        """
    )


MIGRATIONS: list[Migration] = [
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
    _v6,
    _v7,
    _entry_date_precision,
    _agency_requests,
    _deferred_entry_index,
    _participant_email,
    _action_tracker,
    _publishing,
    _finding_level_scope,
    _decisions,
    _left_early,
    _meetings,
    _search_decisions_and_progress,
    _meeting_attendance,
]
"""Applied in order; ``user_version`` counts how many have run."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The newest schema this version of workshop-tui knows."""
