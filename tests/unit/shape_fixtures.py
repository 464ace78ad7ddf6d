"""Chronology files in the shapes issue 16 lists, each built for its test (every name
fictional): guidance above the header row (CSV, XLSX, DOCX), Word tables continued across
pages and header rows repeated inside a table, the merging tool's template columns, a
workbook of one sheet per team, hidden rows and columns, and files that are not
chronologies at all (.doc, .odt, .ods, .pdf, .rtf, an encrypted .xlsx/.docx)."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl

HEADER = ["Date", "Practitioner", "Event", "Outcome"]
GUIDANCE = (
    "Guidance: list every contact with the child or family, one row each, in date "
    "order; give the date as DD/MM/YYYY and mark a date you are unsure of with c."
)


def _workbook_bytes(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _document_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: docx.document.Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


# --- a title, guidance and case details above the header row ------------------------------


def preamble_csv() -> bytes:
    """Lines 1-4: a title, guidance (with commas), the case, a blank line; header on 5."""
    return (
        "Multi-agency chronology: Child Q (Tallowmere Partnership)\n"
        f'"{GUIDANCE}"\n'
        "Case reference,LR-2099-04,Agency,Tallowmere Police\n"
        "\n"
        "Date,Practitioner,Event,Outcome\n"
        "03/03/2023,PC Orrin Vale,Visit to the home,Advice given\n"
        "c. May 2023,PC Orrin Vale,Neighbour reported shouting,No further action\n"
    ).encode()


def preamble_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(["Multi-agency chronology: Child Q"])
    sheet.append([GUIDANCE])
    sheet.append(["Agency", "Tallowmere Health"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(["04/03/2023", "HV Senna Rook", "Health visit", "Weight checked"])
    return _workbook_bytes(book)


def preamble_docx() -> bytes:
    """Guidance paragraphs, then one table whose first two rows are instructions."""
    document = docx.Document()
    document.add_paragraph("Multi-agency chronology: Child Q")
    document.add_paragraph(GUIDANCE)
    _table(
        document,
        [
            ["Agency: Tallowmere Children's Services", "", "", ""],
            ["Complete one row per contact, newest last", "", "", ""],
            HEADER,
            ["05/03/2023", "SW Idris Marle", "Strategy discussion", "Section 47"],
        ],
    )
    return _document_bytes(document)


# --- Word tables continued across pages; a header row repeated inside a table --------------


def continued_docx() -> bytes:
    document = docx.Document()
    _table(
        document,
        [
            HEADER,
            ["01/02/2023", "SW Idris Marle", "Home visit", "Plan agreed"],
            HEADER,  # Word's repeated header row, typed in by hand
            ["02/02/2023", "SW Idris Marle", "School meeting", "Review booked"],
        ],
    )
    document.add_page_break()  # type: ignore[no-untyped-call]
    _table(
        document,
        [
            HEADER,  # the next page's table repeats the header row
            ["03/02/2023", "SW Idris Marle", "Core group", "Plan reviewed"],
        ],
    )
    return _document_bytes(document)


# --- the chronology merging tool's template ----------------------------------------------


def template_csv() -> bytes:
    return (
        b"Sequence,Agency,Start Date,Start Time,End Date,End Time,Source,Practitioner,"
        b"Event,Outcome\n"
        b"1,Tallowmere Police,03/03/2023,09:00,05/03/2023,17:00,Niche,PC Orrin Vale,"
        b"Child stayed with grandparent,Checks made\n"
        b"2,Tallowmere Police,06/03/2023,10:30,,,Niche,PC Orrin Vale,Visit,Advice\n"
        b"3,Tallowmere Police,May 2023,,June 2023,,Niche,PC Orrin Vale,Period of absences,"
        b"Referred\n"
        b"4,Tallowmere Police,07/03/2023,,01/03/2023,,Niche,PC Orrin Vale,Wrong end,None\n"
    )


# --- one workbook, one sheet per team; hidden rows and columns -----------------------------


def teams_xlsx() -> bytes:
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Read me"
    cover.append(["Chronology for Child Q, one sheet per team"])
    for team, rows in (
        ("Early Help", [["01/01/2023", "EH Wren Tolley", "Family support starts", "Plan"]]),
        (
            "Safeguarding",
            [
                ["10/01/2023", "SW Idris Marle", "Referral received", "Strategy"],
                ["12/01/2023", "SW Idris Marle", "Strategy meeting", "S47"],
            ],
        ),
    ):
        sheet = book.create_sheet(team)
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
    return _workbook_bytes(book)


def hidden_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append([*HEADER, "Internal notes"])
    sheet.append(["01/01/2023", "HV Senna Rook", "Visit", "Fine", "seen"])
    sheet.append(["02/01/2023", "HV Senna Rook", "Hidden visit", "Concern", "not shared"])
    sheet.append(["03/01/2023", "HV Senna Rook", "Visit", "Fine", ""])
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["E"].hidden = True
    return _workbook_bytes(book)


# --- files that are not chronologies ----------------------------------------------------------


def _ole(*streams: str) -> bytes:
    """The start of an OLE compound file whose directory names ``streams``."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in streams
    )
    return header + directory


def doc_file() -> bytes:
    return _ole("Root Entry", "WordDocument", "1Table")


def encrypted_office_file() -> bytes:
    """What Excel and Word write for a password-protected .xlsx or .docx."""
    return _ole("Root Entry", "EncryptionInfo", "EncryptedPackage")


def _opendocument(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{kind}")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def odt_file() -> bytes:
    return _opendocument("text")


def ods_file() -> bytes:
    return _opendocument("spreadsheet")


def pdf_file() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


def rtf_file() -> bytes:
    return b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Calibri;}} Chronology: Child Q\\par}"
