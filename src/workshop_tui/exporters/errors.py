"""The exporters' error types (kept apart so that ``files`` and ``targets`` can raise them)."""

from __future__ import annotations


class ExportError(Exception):
    """A document or format that cannot be written; the message says what would work."""


class UnsafeTarget(ExportError):
    """The file chosen for an export must not be replaced (a database, a pack's file, a link).

    The message names the file and why; nothing was written.
    """
