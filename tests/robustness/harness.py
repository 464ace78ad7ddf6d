"""Driving child processes from a test: a warm zygote that forks them, lines read with timeouts.

Every wait here is bounded, so a child that hangs fails the test instead of
hanging the suite.
"""

from __future__ import annotations

import collections
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

CHILDREN = Path(__file__).with_name("children.py")
START_TIMEOUT = 60.0
"""Seconds for a zygote or child to get going (generous: CI machines are slow)."""


class ChildFailed(AssertionError):
    """A child reported an error, or did not answer in time."""


class Lines:
    """Lines from a pipe, read as they arrive, each wait bounded."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._fd = stream.fileno()
        self._buffer = b""
        self._lines: collections.deque[str] = collections.deque()
        self._closed = False

    def _fill(self, timeout: float) -> None:
        ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout))
        if not ready:
            return
        chunk = os.read(self._fd, 65536)
        if not chunk:
            self._closed = True
            return
        self._buffer += chunk
        *complete, self._buffer = self._buffer.split(b"\n")
        self._lines.extend(line.decode() for line in complete)

    def next(self, timeout: float) -> str | None:
        """The next line, or None when none arrives within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not self._lines:
            left = deadline - time.monotonic()
            if left <= 0 or self._closed:
                return None
            self._fill(left)
        line = self._lines.popleft()
        if line.startswith("error "):
            raise ChildFailed(line)
        return line

    def until(self, predicate, timeout: float) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
        """Read until a line satisfies ``predicate``; return it and the lines before it."""
        before: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            line = self.next(deadline - time.monotonic())
            if line is None:
                raise ChildFailed(f"no answer within {timeout:.0f} s; last lines: {before[-5:]}")
            if predicate(line):
                return line, before
            before.append(line)

    def drain(self, timeout: float) -> list[str]:
        """Every line that arrives within ``timeout`` seconds (a bounded wait, no more)."""
        lines: list[str] = []
        deadline = time.monotonic() + timeout
        while (line := self.next(deadline - time.monotonic())) is not None:
            lines.append(line)
        return lines


class Zygote:
    """A warm interpreter that forks one child per job (see ``children.py``)."""

    def __init__(self, log: Path, *, app: bool = False) -> None:
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILDREN), "zygote", "app" if app else "plain"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            bufsize=0,
        )
        assert self.proc.stdout is not None
        self.lines = Lines(self.proc.stdout)
        self.lines.until(lambda line: line == "zygote", START_TIMEOUT)
        self.pending: list[str] = []

    def _send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")

    def fork(self, job: str, seed: int, *args: object) -> int:
        """Start ``job`` in a new child; return its pid (lines it wrote so far are pending)."""
        self._send(" ".join(["fork", job, str(seed), *map(str, args)]))
        line, before = self.lines.until(lambda text: text.startswith("pid "), START_TIMEOUT)
        self.pending.extend(before)
        return int(line.split()[1])

    def next(self, timeout: float) -> str | None:
        """The next line from the children (pending ones first), or None after ``timeout``."""
        if self.pending:
            return self.pending.pop(0)
        return self.lines.next(timeout)

    def until(self, predicate, timeout: float) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
        """Read until a line satisfies ``predicate``; return it and the lines before it."""
        before: list[str] = []
        while self.pending:
            line = self.pending.pop(0)
            if predicate(line):
                return line, before
            before.append(line)
        line, more = self.lines.until(predicate, timeout)
        return line, [*before, *more]

    def reap(self, pid: int) -> list[str]:
        """Wait for child ``pid`` to die; return every line it wrote that was not yet read."""
        self._send(f"reap {pid}")
        _, before = self.lines.until(lambda text: text == f"reaped {pid}", START_TIMEOUT)
        lines, self.pending = [*self.pending, *before], []
        return lines

    def kill(self, pid: int) -> list[str]:
        """SIGKILL child ``pid`` and reap it."""
        os.kill(pid, signal.SIGKILL)
        return self.reap(pid)

    def close(self) -> None:
        try:
            self._send("quit")
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            self._log.close()

    def stderr(self) -> str:
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-4000:]


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of the database at ``path`` (opening it recovers the WAL)."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()
