"""What a chronology file really is, by its first bytes, whatever its extension says.

Agencies send Word 97 documents, OpenDocument files, PDFs and RTF, and sometimes
rename them; and a password-protected .xlsx or .docx is not a ZIP package at all
but an OLE compound file holding an ``EncryptedPackage`` stream. Each is refused
with what the file is and how to save it so that it can be read (a pure function
of the bytes: no library is asked to open the file first).
"""

from __future__ import annotations

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS = "save it as .docx (Word), .xlsx (Excel) or .csv and add that file instead"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def foreign_kind(data: bytes) -> str | None:
    """What the file is when it is none of CSV, .xlsx or .docx, with what to do; else None.

    Args:
        data: The file's bytes.

    Returns:
        A sentence for the refusal, e.g. ``a PDF file, ...``; None for a ZIP package
        (.xlsx, .docx) other than an OpenDocument file, and for text.
    """
    head = data[:512]
    if head.startswith(_OLE):
        if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
            return (
                "a password-protected (encrypted) Office file: open it, remove the "
                "password (File > Info > Protect, or Save As > Tools > General Options), "
                f"then {_SAVE_AS}"
            )
        if _utf16("WordDocument") in data:
            return f"an old Word document (.doc, Word 97-2003): {_SAVE_AS}"
        if _utf16("Workbook") in data or _utf16("Book") in data:
            return f"an old Excel workbook (.xls, Excel 97-2003): {_SAVE_AS}"
        return f"an old Office file (OLE compound document, .doc or .xls): {_SAVE_AS}"
    if head.startswith(b"%PDF"):
        return (
            "a PDF file, which holds no table the app can read reliably: ask the "
            f"agency for the file the PDF was made from, or {_SAVE_AS}"
        )
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return f"a Rich Text Format document (.rtf): open it in Word and {_SAVE_AS}"
    if head.startswith(b"PK\x03\x04") and b"mimetypeapplication/vnd.oasis.opendocument" in head:
        if b"opendocument.spreadsheet" in head:
            return f"an OpenDocument spreadsheet (.ods, LibreOffice Calc): {_SAVE_AS}"
        if b"opendocument.text" in head:
            return f"an OpenDocument text document (.odt, LibreOffice Writer): {_SAVE_AS}"
        return f"an OpenDocument file (LibreOffice): {_SAVE_AS}"
    return None
