"""Two instances on one file (the chair's terminal and a second one).

Both read; two processes saving at once never lose or overwrite each other's
work and the audit trail never records a stale "old" value; a write lock held
too long gives a short retry and then a clear DatabaseBusy, never a traceback
and never a half-saved capture.
"""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_tui.domain.models import Finding, Perspective
from workshop_tui.storage.errors import DatabaseBusy, EditConflict
from workshop_tui.storage.repository import Repository

from .conftest import REFERENCE
from .harness import Zygote, integrity

WRITES_EACH = 300


def _audit_chains(path: Path) -> dict[tuple[str, int, str], list[tuple[str | None, str | None]]]:
    """(entity, id, field) -> the (old, new) of each update, in the order they committed."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT entity, entity_id, field, old, new FROM audit_event"
            " WHERE change = 'update' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    chains: dict[tuple[str, int, str], list[tuple[str | None, str | None]]] = {}
    for entity, entity_id, field, old, new in rows:
        chains.setdefault((entity, entity_id, field), []).append((old, new))
    return chains


def test_two_processes_saving_at_once_lose_and_overwrite_nothing(
    db_path: Path, zygote: Zygote
) -> None:
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        entry_ids = ",".join(str(e.id) for e in repo.entries(review.id))
        before = repo.participants(review.id)[0]
    pids = [
        zygote.fork("writer", seed, db_path, review.id, entry_ids, WRITES_EACH, role)
        for seed, role in ((1, "renamer"), (2, "other"))
    ]
    lines: list[str] = []
    for _ in pids:
        _, before_done = zygote.until(lambda text: text == "done", 120)
        lines.extend(before_done)
    for pid in pids:
        lines.extend(zygote.reap(pid))

    assert integrity(db_path) == "ok"
    confirmed: dict[int, str] = {}
    for line in lines:
        if line.startswith("capture "):
            _, item_id, text = line.split(" ", 2)
            confirmed[int(item_id)] = text
    with Repository.open(db_path) as repo:
        stored = {p.id: p.text for p in repo.perspectives(review.id)}
        assert {i: stored.get(i) for i in confirmed} == confirmed
        assert {t.split(" ")[0].split("-")[0] for t in stored.values()} == {"renamer", "other"}
        person = repo.participants(review.id)[0]

    chains = _audit_chains(db_path)
    assert chains, "the writers changed nothing?"
    for (entity, entity_id, field), chain in chains.items():
        # Each update's "old" is what the one before it wrote: nobody worked from a
        # stale read, so nobody silently overwrote the other's change.
        for (_, previous_new), (old, _) in itertools.pairwise(chain):
            assert old == previous_new, f"{entity} {entity_id} {field}: stale old value"
    # Only the renamer renames; setting attendance at the same time never puts an old
    # name back.
    assert before.id is not None
    names = [new for _, new in chains.get(("participant", before.id, "name"), [])]
    renamed = [line.split(" ", 1)[1] for line in lines if line.startswith("renamed ")]
    assert names == renamed
    if renamed:
        assert person.name == renamed[-1]


def test_a_second_instance_reads_while_the_first_writes(db_path: Path, zygote: Zygote) -> None:
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        entry_ids = ",".join(str(e.id) for e in repo.entries(review.id))
    reader = zygote.fork("reader", 3, db_path, review.id, 200)
    writer = zygote.fork("writer", 4, db_path, review.id, entry_ids, WRITES_EACH, "other")
    seen: list[int] = []
    done = 0
    while done < 2:
        line = zygote.next(120)
        assert line is not None, "a child stopped reporting"
        if line == "done":
            done += 1
        elif line.startswith("seen "):
            perspectives, entries = map(int, line.split()[1:])
            assert entries == 6
            seen.append(perspectives)
    zygote.reap(reader)
    zygote.reap(writer)
    assert len(seen) == 200
    assert seen == sorted(seen), "a reader saw captures disappear"


def test_a_held_write_lock_gives_a_short_retry_then_database_busy(db_path: Path) -> None:
    holder = sqlite3.connect(db_path, isolation_level=None)
    with Repository.open(db_path, busy_timeout=0.2) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        holder.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
        try:
            assert repo.get_review(REFERENCE) == review  # reading is never blocked
            with pytest.raises(DatabaseBusy) as info:
                repo.add_perspective(review.id, Perspective(text="said while locked"))
            message = str(info.value)
            assert "in use by another workshop-tui" in message
            assert "nothing was saved" in message and "try again" in message
        finally:
            holder.execute("ROLLBACK")
        assert repo.perspectives(review.id) == []  # nothing half-saved
        saved = repo.add_perspective(review.id, Perspective(text="said again"))
        assert repo.perspectives(review.id) == [saved]  # and the retry works
    holder.close()


def test_a_lock_released_within_the_retry_loses_nothing(db_path: Path, zygote: Zygote) -> None:
    # The other instance's write is short: the busy retry waits it out and saves.
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        entry_ids = ",".join(str(e.id) for e in repo.entries(review.id))
        pid = zygote.fork("writer", 5, db_path, review.id, entry_ids, WRITES_EACH, "other")
        ours = [repo.add_perspective(review.id, Perspective(text=f"ours {i}")) for i in range(50)]
        zygote.until(lambda line: line == "done", 120)
        zygote.reap(pid)
        texts = {p.id: p.text for p in repo.perspectives(review.id)}
    assert all(texts[p.id] == p.text for p in ours)


LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    # Some other program opened the file in exclusive mode: not even reads get in.
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("CREATE TABLE IF NOT EXISTS holder (x)")
    conn.execute("COMMIT")
    conn.execute("SELECT count(*) FROM review").fetchall()
else:
    conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
"""


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workshop_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("mode", ["write", "exclusive"])
def test_the_command_line_on_a_locked_database_gives_a_clear_message(
    db_path: Path, tmp_path: Path, mode: str
) -> None:
    pack = Path(__file__).parents[2] / "sample_cases" / "child-r"
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db_path), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        results = [_cli(db_path, "import", str(pack))]
        listing = _cli(db_path, "list")
        if mode == "write":
            assert listing.returncode == 0, listing.stderr  # a second instance still reads
            assert REFERENCE in listing.stdout
        else:
            results.append(listing)
    finally:
        holder.communicate("", timeout=30)
    for result in results:
        assert result.returncode == 1
        assert "Traceback" not in result.stderr + result.stdout
        assert result.stderr.splitlines()[-1].startswith("error: the database is in use by another")
    # Nothing of the refused import got in.
    with Repository.open(db_path) as repo:
        assert [r.reference for r in repo.list_reviews()] == [REFERENCE]


def test_two_windows_editing_one_item_keep_each_others_changes(db_path: Path) -> None:
    """Each window writes only what it edited; the same field edited two ways is refused."""
    first, second = Repository.open(db_path), Repository.open(db_path)
    try:
        review_id = first.get_review(REFERENCE).id
        assert review_id is not None
        kloe_id = first.kloes(review_id)[0].id
        loaded = first.add_finding(
            review_id, Finding(kloe_ids=[kloe_id], statement="Risk was seen in pieces.")
        )
        in_second = second.findings(review_id)[0]
        # The chair agrees the finding in one window; the note-taker rewords it in the other.
        first.update_finding(loaded.model_copy(update={"agreed": True}), original=loaded)
        second.update_finding(
            in_second.model_copy(update={"statement": "Risk was held in separate records."}),
            original=in_second,
        )
        stored = first.findings(review_id)[0]
        assert stored.agreed is True
        assert stored.statement == "Risk was held in separate records."
        # Both reword it from the same starting point: the second is refused, nothing written.
        with pytest.raises(EditConflict, match="statement"):
            first.update_finding(
                loaded.model_copy(update={"statement": "Agencies did not share."}), original=loaded
            )
        assert first.findings(review_id)[0].statement == "Risk was held in separate records."
    finally:
        first.close()
        second.close()
