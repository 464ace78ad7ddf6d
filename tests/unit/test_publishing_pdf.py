"""LibreOffice opens the briefing, its action plan form and the partnership response, and
every page of the PDF is headed with the protective marking and the partnership's name
from the settings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.domain.publishing import PublishingData, prefill_briefing
from workshop_tui.domain.settings import Settings
from workshop_tui.exporters import render

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) and pdftotext are needed; CI installs libreoffice-writer-nogui",
)
PARTNERSHIP = "Fernleigh Safeguarding Children Partnership"


def test_every_page_is_headed_with_the_marking_and_the_settings_partnership(
    tmp_path: Path,
) -> None:
    assert SOFFICE is not None and PDFTOTEXT is not None
    data = rich_review()
    data.review.partnership = ""  # none of its own: the settings' name heads every page
    settings = Settings(partnership=PARTNERSHIP)
    extras = PublishingData(settings=settings, briefing=prefill_briefing(data, settings))
    sources = []
    for document in ("briefing", "briefing-plan", "response"):
        path = tmp_path / f"{document}.docx"
        content = render(data, document, "docx", generated_at=GENERATED_AT, publishing=extras)
        path.write_bytes(content)
        sources.append(path)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, sources)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    for source in sources:
        pdf = source.with_suffix(".pdf")
        assert pdf.exists(), f"{pdf.name} was not produced"
        text = subprocess.run(
            [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages = [page for page in text.split("\f") if page.strip()]
        assert 1 <= len(pages) <= 2, f"{pdf.name}: {len(pages)} pages"  # one or two pages
        for number, page in enumerate(pages, start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            assert lines[:2] == ["OFFICIAL-SENSITIVE", PARTNERSHIP], (pdf.name, number)
            assert "OFFICIAL-SENSITIVE" in lines[-2:], (pdf.name, number)
