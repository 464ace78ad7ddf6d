"""Private by default: no network, nothing sensitive in logs, every file owner-only.

One test runs the whole life of a review with network sockets forbidden (and
an audit hook listening for any that slip past the patch): import the sample
case, export every document in every format (and pseudonymised), and a
workshop driven through the interface's keys. Then: no network was touched,
no log record holds a word of the chronology or of what was captured, no
file appeared except the database, its backups and the exports, and each of
those is readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import TextArea

from tests.pilot_text import type_text
from workshop_tui.app import make_app
from workshop_tui.cli import main
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.exporters import DOCUMENTS, formats_for
from workshop_tui.resources import sample_cases_dir
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import PerspectiveForm
from workshop_tui.ui.screens.workshop import WorkshopScreen

PACK = sample_cases_dir() / "child-r"
REFERENCE = "LR-2025-07"
SAID = "Nobody asked the boy himself what mealtimes were like at home"
NETWORK_FAMILIES = {socket.AF_INET, socket.AF_INET6}

_network_events: list[str] = []
_listening: list[bool] = [False]


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Hears sockets made or used anywhere, C code included (an audit hook stays for good)."""
    if not _listening[0]:
        return
    if event == "socket.__new__" and args[1] in NETWORK_FAMILIES:
        _network_events.append(f"{event} {args[1:]}")
    elif event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname"):
        _network_events.append(f"{event} {args[1:]!r}")


sys.addaudithook(_audit)


class NetworkForbidden(OSError):
    """Raised by the patched socket functions: this test allows no network."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    real_socket = socket.socket

    class LocalOnly(real_socket):  # type: ignore[misc, valid-type]
        """Unix sockets (asyncio's wake-up pair) are allowed; network families are not."""

        def __init__(self, family: int = -1, type: int = -1, proto: int = -1, fileno=None):  # type: ignore[no-untyped-def]
            if fileno is None and (family == -1 or family in NETWORK_FAMILIES):
                raise NetworkForbidden(f"network socket {family!r} forbidden")
            super().__init__(family, type, proto, fileno)

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkForbidden(f"network call forbidden: {args!r}")

    monkeypatch.setattr(socket, "socket", LocalOnly)
    for name in ("create_connection", "create_server", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)
    _network_events.clear()
    _listening[0] = True
    yield _network_events
    _listening[0] = False


def _private(path: Path) -> bool:
    mode = stat.S_IMODE(path.stat().st_mode)
    return mode & 0o077 == 0


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


async def test_a_whole_review_runs_offline_privately(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    no_network: list[str],
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(home))
    monkeypatch.delenv("TEXTUAL_LOG", raising=False)
    caplog.set_level(logging.DEBUG)  # every record from every logger, at every level
    logging.getLogger("workshop_tui.probe").debug("probe")  # the net is really there
    assert [r.getMessage() for r in caplog.records] == ["probe"]
    data = tmp_path / "data"
    db = data / "workshop.db"
    exports = tmp_path / "exports"
    exports.mkdir()
    runner = CliRunner()

    result = runner.invoke(main, ["--db", str(db), "import", str(PACK)])
    assert result.exit_code == 0, result.output

    written = 0
    for document in DOCUMENTS:
        for fmt in formats_for(document):
            for pseudonymise in (False, True):
                target = exports / f"{document}{'-public' if pseudonymise else ''}.{fmt}"
                args = ["--db", str(db), "export", REFERENCE, document, "-o", str(target)]
                if pseudonymise:
                    args += ["--pseudonymise", "--accept-leaks"]
                result = runner.invoke(main, args)
                assert result.exit_code == 0, result.output
                written += 1

    clock = frozen_clock(dt.datetime(2025, 7, 21, 10, 5))
    with Repository.open(db, clock=clock) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        app = make_app(repo, clock=clock, review_reference=REFERENCE)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
            # The sample's workshop was planned for 11/02/2025: keep that date.
            await pilot.press("s", "n", "p")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, PerspectiveForm)
            await type_text(pilot, "jo pe")
            await pilot.press("enter")
            await pilot.press(*SAID[:5])
            form.query_one("#f-text", TextArea).insert(SAID[5:])
            await pilot.pause()
            form.save_draft_now()  # what the debounce timer does as the note-taker types
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
        (saved,) = repo.perspectives(review.id)
        assert saved.text == SAID
        participant = next(p for p in repo.participants(review.id) if p.id == saved.participant_id)
        assert participant.name == "Jo Pell"
        sensitive = {SAID, participant.name}
        for entry in repo.entries(review.id):
            sensitive.update(
                text
                for text in (entry.event, entry.outcome, entry.analysis, entry.practitioner)
                if len(text) >= 12
            )
        for person in repo.participants(review.id):
            sensitive.add(person.name)
        # While the database is open, its side files hold recent work: owner-only too.
        sides = [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm")]
        assert all(side.exists() and _private(side) for side in sides)

    # 1. No network, not even a lookup.
    assert no_network == []

    # 2. Nothing from the chronology or the capture in any log record.
    assert len(sensitive) > 50
    for record in caplog.records:
        message = record.getMessage()
        leaked = [text for text in sensitive if text in message]
        assert not leaked, f"{record.name} logged {leaked[0]!r}"

    # 3. Only the database, its side files and its backups in the data folder;
    #    nothing at all in the home folder; the exports where they were asked for.
    assert _files(home) == set()
    allowed = {"workshop.db", "workshop.db-wal", "workshop.db-shm", "backups"}
    listing = _files(data)
    backups = {name for name in listing if name.startswith("backups/")}
    assert listing - backups <= allowed, listing
    assert backups and all(name.endswith("-before-workshop.db") for name in backups)
    assert len(_files(exports)) == written

    # 4. Every one of them owner-only (the exports folder is the user's own).
    for path in [data, *data.rglob("*"), *exports.iterdir()]:
        assert _private(path), f"{path} is {oct(stat.S_IMODE(path.stat().st_mode))}"


def test_the_network_guard_works(no_network: list[str]) -> None:
    # The guard itself: a test that passes only because nothing was watched proves nothing.
    with pytest.raises(NetworkForbidden):
        socket.create_connection(("192.0.2.1", 9))
    with pytest.raises(NetworkForbidden):
        socket.socket()
    left, right = socket.socketpair()  # local only: allowed
    left.close()
    right.close()
    import _socket

    raw = _socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # past the patch, not the hook
    raw.close()
    assert no_network and "socket.__new__" in no_network[0]
