"""Hostile files made at test time: damaged workbooks and documents, bombs, big files.

Anything large is built here, in the test's temporary folder, rather than kept
in the repository. Each builder returns bytes; ``CASES`` names them all.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Callable

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl import Workbook

LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
ROWS = [
    ("03/03/2023", "Home visit; nobody answered.", "Letter left"),
    ("04/03/2023", "Phone call with the school.", "Agreed to meet"),
]


def workbook(rows: list[tuple[object, ...]] | None = None, cover: bool = False) -> bytes:
    """A small, valid chronology workbook."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if cover:
        sheet.title = "Cover"
        sheet.append(["Chronology for the review", "Fernmoor Police"])
        sheet = book.create_sheet("Chronology")
    sheet.append(["Date", "Details", "Outcome"])
    for row in rows if rows is not None else ROWS:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def document(rows: list[tuple[str, ...]] | None = None, header: tuple[str, ...] = ()) -> bytes:
    """A small, valid chronology Word document."""
    doc = Document()
    doc.add_paragraph("Chronology of Fernmoor Police involvement")
    body = rows if rows is not None else ROWS
    table = doc.add_table(rows=0, cols=3)
    for values in [header or ("Date", "Details", "Outcome"), *body]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def rewrite(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The same package with each part passed through ``change`` (None drops the part)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


def in_part(name: str, change: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes | None]:
    return lambda part, content: change(content) if part == name else content


def bomb(data: bytes, part: str, size: int) -> bytes:
    """``part`` padded with ``size`` bytes of spaces: a few KB of ZIP, ``size`` unpacked."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename != part:
                target.writestr(info.filename, content)
                continue
            # Compressed in pieces, so the test never holds ``size`` bytes at once.
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(content)
                chunk = b" " * (1 << 20)
                for _ in range(size >> 20):
                    stream.write(chunk)
    return out.getvalue()


def corrupt_middle(data: bytes) -> bytes:
    """Bytes flipped inside the compressed data: the CRC check fails on reading."""
    damaged = bytearray(data)
    middle = len(damaged) // 2
    for offset in range(middle, middle + 64):
        damaged[offset] ^= 0x5A
    return bytes(damaged)


def deflate_size(data: bytes) -> int:
    return len(zlib.compress(data))


def docx_with_table_xml(tr_xml: str) -> bytes:
    """A document whose only table has one row written by hand."""
    doc = Document()
    table = doc.add_table(rows=1, cols=3)
    for cell, value in zip(table.rows[0].cells, ("Date", "Details", "Outcome"), strict=True):
        cell.text = value
    table._tbl.append(parse_xml(f"<w:tr {nsdecls('w')}>{tr_xml}</w:tr>"))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def nested_tables(depth: int) -> bytes:
    """A chronology table with tables nested ``depth`` deep inside one cell."""
    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Date"
    table.rows[0].cells[1].text = "Details"
    table.rows[1].cells[0].text = "03/03/2023"
    cell = table.rows[1].cells[1]
    for level in range(depth):
        inner = cell.add_table(rows=1, cols=1)
        cell = inner.rows[0].cells[0]
        cell.text = f"level {level}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def big_csv(rows: int, bad_every: int = 1000) -> tuple[bytes, int]:
    """A chronology of ``rows`` rows, every ``bad_every``-th with an impossible date."""
    start = dt.date(2020, 1, 1)
    lines = ["Date,Time,Details,Outcome,Practitioner\r\n"]
    bad = 0
    for i in range(rows):
        if i % bad_every == bad_every - 1:
            day = "31/02/2023"
            bad += 1
        else:
            day = (start + dt.timedelta(days=i % 1500)).strftime("%d/%m/%Y")
        lines.append(
            f'{day},{i % 24:02d}:{i % 60:02d},"Contact {i}, by phone",Noted,Worker {i % 37}\r\n'
        )
    return "".join(lines).encode(), bad
