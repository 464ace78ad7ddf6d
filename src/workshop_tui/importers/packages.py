"""What the .xlsx and .docx readers share: limits on the ZIP package inside the file,
checked before any XML is parsed, and how a library's error is described.

A few kilobytes of ZIP can unpack to gigabytes (a "zip bomb"); openpyxl and
python-docx would try to read it all. Declared sizes can be trusted as an
upper bound: Python's zipfile never returns more bytes than a member declares.
"""

from __future__ import annotations

import io
import zipfile

from workshop_tui.domain.problems import InputError, Problem

MAX_PART_BYTES = 128 * 1024 * 1024
"""The largest single part (a 100,000-row sheet is about 30 MB of XML; openpyxl streams it)."""
MAX_WORD_XML_BYTES = 48 * 1024 * 1024
"""The largest XML part of a Word document, which python-docx holds in memory whole
(about 20 times its size for a part made of tiny elements)."""
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_PARTS = 10_000


def check_package(data: bytes, name: str, what: str, max_xml: int = MAX_PART_BYTES) -> None:
    """Refuse a package that would unpack to far more than any chronology needs.

    Args:
        data: The file's bytes.
        name: The file name for messages.
        what: "workbook" or "Word document".
        max_xml: The largest XML part allowed (other parts: ``MAX_PART_BYTES``).

    Raises:
        InputError: Too many parts, a part too large, or too much in all. A file
            that is not a ZIP at all passes: the reader reports that in its own words.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception:  # zipfile raises several types for a damaged directory
        return
    if len(infos) > MAX_PARTS:
        raise InputError(
            Problem(name, f"refused: the {what} has {len(infos):,} parts; it looks damaged")
        )
    for info in infos:
        xml = info.filename.lower().endswith((".xml", ".rels"))
        limit = min(max_xml, MAX_PART_BYTES) if xml else MAX_PART_BYTES
        if info.file_size > limit:
            raise InputError(Problem(name, _refusal(what, info.filename, info.file_size, limit)))
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise InputError(Problem(name, _refusal(what, "its parts", total, MAX_TOTAL_BYTES)))


def _refusal(what: str, part: str, size: int, limit: int) -> str:
    return (
        f"refused: {part} in the {what} unpacks to {size / 1024 / 1024:,.0f} MB "
        f"(the limit is {limit // 1024 // 1024} MB); the file is damaged or built to "
        "exhaust memory"
    )


def describe_error(error: Exception) -> str:
    """``KeyError: first line of the message`` (openpyxl's and python-docx's can run on)."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
