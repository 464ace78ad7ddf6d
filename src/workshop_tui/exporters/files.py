"""Writing export files: owner-only, atomic, never half-written."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from workshop_tui.domain.display import BIDI_CONTROLS, SEPARATORS_AND_SURROGATES

from .targets import check_target

#: The longest default file stem, in UTF-8 bytes: a document name and an extension
#: still fit under the 255 bytes most file systems allow.
MAX_STEM_BYTES = 120
# Path separators, characters Windows refuses in a name (a shared drive, a USB stick),
# controls, bidi controls and line separators: each run becomes one "_".
_UNSAFE_IN_NAME = re.compile(
    r'[/\\<>:"|?*\x00-\x1f\x7f-\x9f' + BIDI_CONTROLS + SEPARATORS_AND_SURROGATES + r"\ufffe\uffff]+"
)


def safe_file_stem(text: str, fallback: str = "review") -> str:
    """``text`` (a review's reference, say) made fit to be part of a file name.

    The result names a file in the folder it is joined to, never another folder: path
    separators, ``..`` and leading dots go, so do the characters Windows refuses,
    control and bidi characters (each run is one ``_``) and white space at either
    end; it is cut to :data:`MAX_STEM_BYTES`. ``LR-2099-01`` stays as it is; a
    text with nothing usable left gives ``fallback``.
    """
    stem = _UNSAFE_IN_NAME.sub("_", text[:MAX_STEM_BYTES])  # a character is 1 byte or more
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.strip(" ._")
    return stem or fallback


def write_atomic(path: Path | str, data: bytes, protected: Iterable[Path | str] = ()) -> Path:
    """Write ``data`` to ``path`` so that the file is either the old one or the whole new one.

    The target is checked first (:func:`~workshop_tui.exporters.targets.check_target`):
    never a database (``protected`` names the open one), its journal, a backup, a case
    pack's file or a symbolic link.

    The bytes go to a temporary file in the same folder (created 0600, so only the owner
    can read it), are flushed to disk, and the file is renamed over ``path``. On any
    error the temporary file is removed and ``path`` is untouched.

    Returns:
        The path written.

    Raises:
        UnsafeTarget: ``path`` must not be replaced; nothing was written.
        OSError: the file could not be written; ``path`` is untouched.
    """
    return write_atomic_stream(path, lambda handle: handle.write(data), protected)


def write_atomic_stream(
    path: Path | str, write: Callable[[IO[bytes]], object], protected: Iterable[Path | str] = ()
) -> Path:
    """:func:`write_atomic`, the content written by ``write(handle)`` as it is made (a
    document written a row at a time), never held whole; an exception from ``write``
    leaves ``path`` untouched.

    Raises:
        UnsafeTarget: ``path`` must not be replaced; nothing was written.
        OSError: the file could not be written; ``path`` is untouched.
    """
    target = check_target(path, protected)
    folder = target.parent if str(target.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)  # mkstemp does this already; say so anyway
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    # Make the rename itself durable.
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return target


def default_export_root() -> Path:
    """Where exports go unless the user says otherwise: ``Documents/workshop-tui``.

    The user's documents folder as the platform names it (``~/Documents`` on Linux,
    macOS and Windows), never the folder the app happened to be started from.
    """
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "workshop-tui"


def review_folder(root: Path, reference: str) -> Path:
    """The folder for one review's exports under ``root``, named by its reference.

    A reference is typed by a person, so it is made safe as a file name is
    (:func:`safe_file_stem`): a ``/`` or ``..`` cannot lead elsewhere.
    """
    return root / safe_file_stem(reference)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by its owner only (0700).

    A folder that exists already is left as it is.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
            os.chmod(path, 0o700)  # the umask may have taken bits off mkdir's mode
