"""Terminal control sequences and bidi overrides in a review: every document shows them
visibly (``␛``), none holds them raw, and the archive keeps them exactly.

A title holding ``ESC[2J`` or an OSC window title, a participant's name holding a C1
control or a right-to-left override (which makes ``exe.txt`` read ``txt.exe``): a
document opened in a viewer, or printed to a terminal, must not act on them, and the
reader should see that something was there.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from docx import Document
from export_fixtures import GENERATED_AT, rich_review
from openpyxl import load_workbook

from workshop_tui.domain.models import ReviewData
from workshop_tui.exporters import DOCUMENTS, formats_for, render
from workshop_tui.importers.archive import read_archive

CONTROLS = "\x1b[2J \x1b]0;pwned\x07 \x9b31m \u202eesrever \x00nul \x7fdel"
HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def controlled_review() -> ReviewData:
    data = rich_review()
    data.review.title = f"Child B {CONTROLS}"
    data.review.partnership = f"Partnership {CONTROLS}"
    data.review.terms_of_reference = f"Terms {CONTROLS}"
    data.agencies[0].name = f"Agency {CONTROLS}"
    data.participants[0].name = f"Name {CONTROLS}"
    data.kloes[0].title = f"KLOE {CONTROLS}"
    for perspective in data.perspectives:
        perspective.text = f"Said {CONTROLS}"
    data.findings[0].statement = f"Finding {CONTROLS}"
    data.actions[0].description = f"Action {CONTROLS}"
    data.actions[0].owner = f"Owner {CONTROLS}"
    data.escalations[0].description = f"Escalation {CONTROLS}"
    for entry in data.entries:
        entry.event = f"Event {CONTROLS}"
        entry.practitioner = f"Practitioner {CONTROLS}"
    return data


def document_text(content: bytes, fmt: str) -> str:
    """Every piece of text a reader or a viewer sees in the document (metadata too)."""
    if fmt in ("md", "html"):
        return content.decode("utf-8")
    if fmt == "csv":
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        return "\n".join(cell for row in rows for cell in row)
    if fmt == "docx":
        doc = Document(io.BytesIO(content))
        texts = [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        for section in doc.sections:
            texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        props = doc.core_properties
        texts += [props.title or "", props.subject or "", props.comments or ""]
        return "\n".join(texts)
    assert fmt == "xlsx"
    book = load_workbook(io.BytesIO(content))
    texts = [book.properties.title or ""]
    for sheet in book.worksheets:
        texts.append(sheet.title)
        texts += [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    return "\n".join(texts)


CASES = [(d, f) for d in DOCUMENTS for f in formats_for(d) if f != "json"]


@pytest.mark.parametrize(("document", "fmt"), CASES)
def test_controls_are_shown_never_written_raw(document: str, fmt: str) -> None:
    content = render(controlled_review(), document, fmt, generated_at=GENERATED_AT)
    text = document_text(content, fmt)
    raw = sorted({f"U+{ord(c):04X}" for c in HIDDEN.findall(text)})
    assert not raw, f"{document}.{fmt} holds {raw}"
    assert "␛" in text and "␀nul" in text  # shown, not silently dropped
    assert "U+202E" in text


def test_the_archive_keeps_every_character() -> None:
    data = controlled_review()
    content = render(data, "archive", "json", generated_at=GENERATED_AT)
    assert read_archive(content) == data
    archive = json.loads(content)
    assert archive["review"]["title"] == f"Child B {CONTROLS}"


EVERY_CONTROL = "".join(map(chr, [*range(0x00, 0x20), *range(0x7F, 0xA0)]))
OTHER_HIDDEN = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
EVERY_HIDDEN = f"{EVERY_CONTROL}{OTHER_HIDDEN}\u2028\u2029\ufffe\uffff"


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_every_control_character_in_a_cell_is_written_visibly(fmt: str) -> None:
    # openpyxl raises IllegalCharacterError and python-docx ValueError for most C0 controls:
    # one character the exporters missed would make the whole export fail.
    data = rich_review()
    for entry in data.entries:
        entry.event = f"Event {EVERY_HIDDEN} end"
        entry.extra = {f"Ref {EVERY_HIDDEN}": f"R {EVERY_HIDDEN}"}
        entry.raw = {"Date": f"D {EVERY_HIDDEN}"}
    content = render(data, "chronology", fmt, generated_at=GENERATED_AT)
    text = document_text(content, fmt)
    raw = sorted({f"U+{ord(c):04X}" for c in HIDDEN.findall(text)})
    assert not raw, f"chronology.{fmt} holds {raw}"
    assert "␛" in text and "␀" in text and "U+009B" in text


def test_the_archive_keeps_every_control_character_in_entries() -> None:
    data = rich_review()
    for entry in data.entries:
        entry.event = f"Event {EVERY_HIDDEN} end"
        entry.extra = {f"Ref {EVERY_HIDDEN}": f"R {EVERY_HIDDEN}"}
    content = render(data, "archive", "json", generated_at=GENERATED_AT)
    assert read_archive(content) == data
