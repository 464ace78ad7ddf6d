"""Pathological shapes of chronology file (issue 24), built at run time, fictional.

Shared by the tests (``tests/hostile/test_shapes.py``) and the benchmark's rows on
them: a workbook that declares the whole sheet as its used range, a Word table whose
agency column is merged down every row, a workbook with a date cell Excel would
never write.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable

WHOLE_SHEET = "A1:XFD1048576"
SHEET_PART = "xl/worksheets/sheet1.xml"


def workbook(rows: int = 3, dimension: str | None = None) -> bytes:
    """A chronology workbook of ``rows`` rows; ``dimension`` overrides its declared used range."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Details", "Outcome"])
    start = dt.date(2023, 3, 1)
    for i in range(rows):
        sheet.append([(start + dt.timedelta(days=i)).strftime("%d/%m/%Y"), f"Visit {i}", "Seen"])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if dimension is None:
        return data
    return _rewrite(
        data,
        SHEET_PART,
        lambda xml: re.sub(
            rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), xml
        ),
    )


def workbook_with_cell(row: int, cell_xml: str) -> bytes:
    """A 3-row chronology workbook whose date cell in ``row`` is replaced by ``cell_xml``."""
    data = workbook(3)

    def change(xml: bytes) -> bytes:
        pattern = rf'<c r="A{row}"[^>]*>.*?</c>'.encode()
        return re.sub(pattern, cell_xml.encode(), xml, count=1)

    return _rewrite(data, SHEET_PART, change)


def merged_docx(rows: int, merged: bool = True) -> bytes:
    """A Word chronology of ``rows`` rows whose Agency column is merged down all of them."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    doc.add_paragraph("Chronology of Fernmoor Police involvement")
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Date", "Details", "Agency"), strict=True):
        cell.text = text
    tbl = table._tbl  # the header row by python-docx, the rest by hand (quicker)
    start = dt.date(2023, 1, 1)
    for i in range(rows):
        day = (start + dt.timedelta(days=i % 700)).strftime("%d/%m/%Y")
        if merged:
            vmerge = '<w:vMerge w:val="restart"/>' if i == 0 else "<w:vMerge/>"
            agency = "Fernmoor Police" if i == 0 else ""
        else:
            vmerge, agency = "", "Fernmoor Police"
        tbl.append(
            parse_xml(
                f"<w:tr {nsdecls('w')}>"
                f"<w:tc><w:p><w:r><w:t>{day}</w:t></w:r></w:p></w:tc>"
                f"<w:tc><w:p><w:r><w:t>Contact {i}</w:t></w:r></w:p></w:tc>"
                f"<w:tc><w:tcPr>{vmerge}</w:tcPr><w:p><w:r><w:t>{agency}</w:t></w:r></w:p></w:tc>"
                "</w:tr>"
            )
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _rewrite(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()
