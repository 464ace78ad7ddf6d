"""The 7-minute briefing, its action plan form and the partnership response: golden
files, the publication block, the Word header, and pseudonymised exports of every
document holding no name and no date of birth.

Regenerate the golden files with ``WORKSHOP_TUI_UPDATE_GOLDEN=1`` (see
test_export_documents.py) and read the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from docx import Document as WordDocument
from export_fixtures import GENERATED_AT, empty_review, rich_review
from openpyxl import load_workbook
from test_export_documents import _golden

from workshop_tui.domain.models import ChronologyEntry, ReviewData
from workshop_tui.domain.publishing import (
    BRIEFING_KEYS,
    Publication,
    PublicationStatus,
    PublishingData,
    prefill_briefing,
)
from workshop_tui.domain.settings import Groups, Settings
from workshop_tui.exporters import DOCUMENTS, formats_for, prepare, render

SETTINGS = Settings(
    partnership="Corrow Valley Children's Safeguarding Partnership",
    groups=Groups(case_review="Practice Review Panel", quality_assurance="QA subgroup"),
)


def publishing(data: ReviewData) -> PublishingData:
    """A briefing the lead has edited in places, responses and an approved briefing."""
    briefing = prefill_briefing(data, SETTINGS)
    briefing["why"] = (
        "Babies and young children cannot tell us what is happening to them.\n"
        "- Small signs add up.\n- Ask who else knows the family."
    )
    finding = next(f for f in data.findings if f.recommendation_to is not None)
    assert finding.id is not None
    return PublishingData(
        settings=SETTINGS,
        briefing=briefing,
        publications={
            "briefing": Publication(
                status=PublicationStatus.APPROVED,
                approved_by="Practice Review Panel",
                date=dt.date(2024, 6, 12),
            )
        },
        responses={finding.id: "Accepted. The MASH screening tool is being revised."},
    )


@pytest.mark.parametrize(
    ("document", "golden"),
    [("briefing", "briefing.md"), ("response", "response.md")],
)
def test_golden(document: str, golden: str) -> None:
    data = rich_review()
    text = render(data, document, "md", generated_at=GENERATED_AT, publishing=publishing(data))
    _golden(golden, text.decode("utf-8"))


def test_golden_empty_review_briefing() -> None:
    data = empty_review()
    text = render(data, "briefing", "md", generated_at=GENERATED_AT)
    _golden("briefing_empty.md", text.decode("utf-8"))


def _word_text(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    doc = WordDocument(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def test_golden_briefing_plan_form() -> None:
    data = rich_review()
    content = render(
        data, "briefing-plan", "docx", generated_at=GENERATED_AT, publishing=publishing(data)
    )
    paragraphs, tables = _word_text(content)
    text = "\n".join(paragraphs) + "\n" + json.dumps(tables, indent=1) + "\n"
    _golden("briefing_plan.txt", text)
    assert tables[0][0] == ["Team", "Date discussed"]
    assert tables[1][0] == ["What we will do differently", "Who", "By when"]
    assert len(tables[1]) == 7  # the header and six blank rows to fill in


def test_the_briefing_has_its_six_sections_in_order_and_the_publication_block() -> None:
    data = rich_review()
    text = render(
        data, "briefing", "md", generated_at=GENERATED_AT, publishing=publishing(data)
    ).decode()
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == [
        "1. Background",
        "2. Why it matters",
        "3. Key findings",
        "4. Things to note",
        "5. What to do, by role",
        "6. Three reflective questions for teams",
    ]
    assert "- **Publication status:** Approved" in text
    assert "- **Approved by:** Practice Review Panel" in text
    assert "- **Approved on:** 12 June 2024" in text
    assert "- Small signs add up." in text  # the lead's edit, as typed


def test_the_briefing_is_built_from_agreed_findings_and_actions_only() -> None:
    data = rich_review()
    briefing = prefill_briefing(data, SETTINGS)
    assert set(briefing) == set(BRIEFING_KEYS)
    for finding in data.findings:
        shown = finding.statement in briefing["findings"] + briefing["note"]
        assert shown == finding.agreed, finding.statement
    for action in data.actions:
        assert (action.description in briefing["roles"]) == action.agreed
    assert briefing["questions"].count("?") == 3


def test_the_response_answers_each_recommendation_with_its_actions() -> None:
    data = rich_review()
    text = render(
        data, "response", "md", generated_at=GENERATED_AT, publishing=publishing(data)
    ).decode()
    assert "Accepted. The MASH screening tool is being revised." in text
    assert text.count("### The partnership's response") == sum(
        f.kind == "learning" for f in data.findings
    )
    for action in data.actions:
        if action.finding_id is not None:
            assert action.description in text
    assert "No response has been recorded yet." in text  # the others


WORD_DOCUMENTS = ["briefing", "briefing-plan", "response", "report", "minutes", "chronology"]


@pytest.mark.parametrize("document", WORD_DOCUMENTS)
def test_every_word_page_is_headed_with_the_partnership_and_the_marking(document: str) -> None:
    data = rich_review()
    data.review.partnership = ""  # the settings' name stands
    extras = publishing(data).model_copy(
        update={"settings": SETTINGS.model_copy(update={"partnership": "Fernleigh Partnership"})}
    )
    content = render(data, document, "docx", generated_at=GENERATED_AT, publishing=extras)
    doc = WordDocument(io.BytesIO(content))
    for section in doc.sections:
        head = [p.text for p in section.header.paragraphs]
        assert head[:2] == ["OFFICIAL-SENSITIVE", "Fernleigh Partnership"]
        assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"


# --- pseudonymised: no name, no date of birth -------------------------------------------

REAL_NAMES = ("Priya", "Lennox", "Okafor", "Marchetti", "Treharne", "Asante", "Vell",
              "Morag", "Ellery", "Haverly", "Shannon", "Dray", "Millbrook")  # fmt: skip
BIRTH_DATES = ("14/07/2019", "2019-07-14", "03/11/1996", "3 November 1996")


def _with_identifiers(data: ReviewData) -> tuple[ReviewData, PublishingData]:
    """The review with dates of birth in the chronology and names in the briefing and a
    response: what every pseudonymised export must leave out."""
    data.entries.append(
        ChronologyEntry(
            id=900,
            agency="health_visiting",
            date=dt.date(2023, 1, 5),
            event="Child B (DOB 14/07/2019) seen with mother Shannon Dray, born 03/11/1996.",
            outcome="Date of birth: 2019-07-14 confirmed with the GP.",
            extra={"Notes": "Mother's DOB 3 November 1996"},
        )
    )
    extras = publishing(data)
    extras.briefing["background"] += "\nPriya Lennox visited Shannon Dray (DOB 03/11/1996)."
    finding_id = next(iter(extras.responses))
    extras.responses[finding_id] += " Dan Okafor will report; Child B born 14/07/2019."
    return data, extras


CASES = [(d, f) for d in DOCUMENTS for f in formats_for(d)]


def _text_of(content: bytes, fmt: str) -> str:
    if fmt == "docx":
        doc = WordDocument(io.BytesIO(content))
        parts = [p.text for p in doc.paragraphs]
        parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        for section in doc.sections:
            parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        return "\n".join(parts)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
            if v is not None
        )  # fmt: skip
    return content.decode("utf-8-sig")


@pytest.mark.parametrize(("document", "fmt"), CASES)
def test_every_pseudonymised_export_holds_no_name_and_no_date_of_birth(
    document: str, fmt: str
) -> None:
    data, extras = _with_identifiers(rich_review())
    rendered = prepare(
        data, document, fmt, pseudonymise=True, generated_at=GENERATED_AT, publishing=extras
    )
    assert rendered.leaks == ()
    text = _text_of(rendered.content, fmt)
    for name in REAL_NAMES:
        assert not re.search(rf"\b{name}\b", text, flags=re.IGNORECASE), (document, fmt, name)
    for date in BIRTH_DATES:
        assert date not in text, (document, fmt, date)
    # Each redaction is listed, never with its value.
    for redaction in rendered.redactions:
        assert not any(d in str(redaction) for d in BIRTH_DATES)
    # Only what reached the document is listed: the chronology's redactions with it.
    added = f"entries[{len(data.entries) - 1}]"
    from_chronology = any(r.where.startswith(added) for r in rendered.redactions)
    assert from_chronology == (document in ("minutes", "report", "chronology", "archive"))
