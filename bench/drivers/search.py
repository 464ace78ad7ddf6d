"""Searching every review (issue 22): building the index on migration, and querying it.

Usage (run by bench/run.py):

    python search.py build OLD.db          # the previous release's database (schema 6,
                                           # no index): 100 reviews x (500 entries + 50
                                           # captures), from synth.search_reviews
    python search.py migrate OLD.db NEW.db # copy OLD to NEW, then time Repository.open(NEW):
                                           # the migration (with its backup copy) builds
                                           # the index of 55,000 documents
    python search.py query NEW.db          # the Search service against a bare FTS5 query
                                           # on the same connection, query by query

``query`` runs each of QUERIES through ``Search.find`` (parse, filters, join to the
review, snippet, best 200) and through the bare ``SELECT rowid FROM search_index WHERE
search_index MATCH ? ORDER BY rank LIMIT 200`` with the expression the service built,
alternating which goes first, ROUNDS times; it writes the median of each side in
milliseconds to the file named by ``BENCH_OUT``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import synth

from workshop_tui.domain.search import parse_query
from workshop_tui.services.search import DEFAULT_LIMIT, Search
from workshop_tui.storage.repository import Repository
from workshop_tui.storage.schema import MIGRATIONS

PREVIOUS_SCHEMA = 6
"""The schema of the release before the index."""

QUERIES = (
    "bruise",
    "neglect",
    '"home visit"',
    "neglec*",
    "dental OR interpreter",
    "cannabis AND stepfather",
    "hungry NOT coat",
    "trampoline",
    "safety plan grandmother",
    "bruise kind:entry from:2018 to:2019",
    "agency:police domestic",
    "supervision",
)
ROUNDS = 5


def report(values: dict[str, float]) -> None:
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as out:
        json.dump(values, out)


def build(path: Path) -> None:
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for migration in MIGRATIONS[:PREVIOUS_SCHEMA]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {PREVIOUS_SCHEMA}")
    conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = ON")
    repository = Repository(conn, path)  # the old schema: no index, no triggers
    for data in synth.search_reviews():
        repository.create_review(data)
    conn.close()


def migrate(old: Path, new: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{old}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{new}{suffix}")
    os.chmod(new, 0o600)
    started = time.perf_counter()
    repository = Repository.open(new)
    elapsed = (time.perf_counter() - started) * 1000
    documents = Search(repository).document_count()
    repository.close()
    report({"ms": elapsed, "documents": documents})


def query(path: Path) -> None:
    repository = Repository.open(path)
    search = Search(repository)
    bare = sqlite3.connect(path)
    bare_sql = "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?"
    ours: list[float] = []
    baseline: list[float] = []
    hits: dict[str, int] = {}
    for round_ in range(ROUNDS):
        for text in QUERIES:
            match = parse_query(text).match

            def ours_side(text: str = text) -> None:
                started = time.perf_counter()
                result = search.find(text)
                ours.append((time.perf_counter() - started) * 1000)
                hits[text] = len(result.hits)

            def bare_side(match: str = match) -> None:
                started = time.perf_counter()
                bare.execute(bare_sql, (match, DEFAULT_LIMIT + 1)).fetchall()
                baseline.append((time.perf_counter() - started) * 1000)

            for side in (ours_side, bare_side) if round_ % 2 == 0 else (bare_side, ours_side):
                side()
    repository.close()
    bare.close()
    report(
        {
            "ours_ms": statistics.median(ours),
            "baseline_ms": statistics.median(baseline),
            "ours_max_ms": max(ours),
            "hits": sum(hits.values()),
        }
    )


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "build":
        build(Path(sys.argv[2]))
    elif mode == "migrate":
        migrate(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        query(Path(sys.argv[2]))
