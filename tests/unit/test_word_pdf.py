"""A real word processor opens every Word document we write (LibreOffice, headless)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.exporters import render

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui",
)


def test_word_documents_convert_to_pdf(tmp_path: Path) -> None:
    assert SOFFICE is not None
    data = rich_review()
    sources = []
    for document in ("minutes", "report", "chronology"):
        path = tmp_path / f"{document}.docx"
        path.write_bytes(render(data, document, "docx", generated_at=GENERATED_AT))
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
        content = pdf.read_bytes()
        assert content.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", content))
        assert pages >= 1, f"{pdf.name} has no pages"
