"""Hostile text imported from a case pack and typed in captures, through every export.

Markup and formula prefixes arrive in agencies' files and in what people say.
End to end (case pack -> database -> command line export), every document in
every format, plain and pseudonymised, is read back: no live ``<script>``,
``<img>`` or ``javascript:`` link in HTML or Markdown, no formula cell and no
cell starting with a formula character in a spreadsheet, no control
character anywhere, the Word file opens and shows the text as typed, and the
archive imports again.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from workshop_tui.cli import main
from workshop_tui.domain.models import Action, Escalation, Finding, Participant, Perspective
from workshop_tui.exporters import DOCUMENTS, formats_for
from workshop_tui.storage.repository import Repository

from . import builders

CORPUS = Path(__file__).with_name("corpus")
REFERENCE = "LR-<b>2099</b>"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://example.invalid","click")'
CONTROL = "bell\x07 nul\x00 escape\x1b[2J vertical\x0b del\x7f"
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CASE_TOML = f'''
[review]
reference = "{REFERENCE}"
title = "Child Z {SCRIPT}"
subject = "Child Z"
partnership = "=1+1 Partnership"
lead_reviewer = "@lead"
terms_of_reference = """
# Not a heading
<img src=x onerror=alert(1)>
[click](javascript:alert(1))
| a | b |
"""

[[agencies]]
key = "police"
name = "<i>Police</i>"
files = ["chronologies/injection.csv"]

[[agencies]]
key = "health"
name = "-Health"
files = ["chronologies/health.xlsx"]

[[agencies]]
key = "school"
name = "+School"
files = ["chronologies/school.docx"]

[[participants]]
name = "=Zed Formula"
role = "<script>Role</script>"
agency = "police"

[[kloes]]
title = "{SCRIPT} risk"
question = "@what | happened?"

[[pseudonyms]]
real = "Zed Formula"
label = "<u>Officer 1</u>"
'''


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links.extend(v or "" for k, v in attrs if k in ("href", "src"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every document in every format, plain and pseudonymised, of a hostile review."""
    root = tmp_path_factory.mktemp("hostile-exports")
    pack = root / "pack"
    (pack / "chronologies").mkdir(parents=True)
    (pack / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    (pack / "chronologies" / "injection.csv").write_bytes(
        (CORPUS / "csv" / "injection.csv").read_bytes()
    )
    (pack / "chronologies" / "health.xlsx").write_bytes(
        builders.workbook([("03/03/2023", FORMULA, "-2+3"), ("04/03/2023", "@SUM(A1)", "\\t tab")])
    )
    (pack / "chronologies" / "school.docx").write_bytes(
        builders.document([("05/03/2023", SCRIPT, "+44 1632 960000"), ("06/03/2023", "=1+1", "")])
    )
    db = root / "data" / "workshop.db"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db), "import", str(pack)])
    assert result.exit_code == 0, result.output

    with Repository.open(db) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        kloe = repo.kloes(review.id)[0]
        person = repo.participants(review.id)[0]
        assert isinstance(person, Participant)
        repo.add_perspective(
            review.id,
            Perspective(kloe_id=kloe.id, participant_id=person.id, text=f"{SCRIPT} {CONTROL}"),
        )
        finding = repo.add_finding(
            review.id, Finding(kloe_ids=[kloe.id], statement=FORMULA, themes=[SCRIPT, "+1"])
        )
        repo.add_action(
            review.id,
            Action(
                finding_id=finding.id,
                kloe_id=kloe.id,
                description="-1 " + CONTROL,
                owner="@SUM(A1:A9)",
                success_measure="\tTabbed",
            ),
        )
        repo.add_escalation(
            review.id, Escalation(kloe_id=kloe.id, description="=cmd|' /C calc'!A0 " + SCRIPT)
        )

    outputs: dict[str, bytes] = {}
    for document in DOCUMENTS:
        for fmt in formats_for(document):
            for public in (False, True):
                name = f"{document}{'-public' if public else ''}.{fmt}"
                args = ["--db", str(db), "export", REFERENCE, document, "-o", str(root / name)]
                if public:
                    args += ["--pseudonymise", "--accept-leaks"]
                result = runner.invoke(main, args)
                assert result.exit_code == 0, result.output
                assert "Traceback" not in result.output
                outputs[name] = (root / name).read_bytes()
    return outputs


def _cells_safe(values: list[str], where: str) -> None:
    for value in values:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), (where, value)
        assert not CONTROL_RE.search(value), (where, value)


CASES = [
    f"{document}{suffix}.{fmt}"
    for document in DOCUMENTS
    for fmt in formats_for(document)
    for suffix in ("", "-public")
]


@pytest.mark.parametrize("name", CASES)
def test_hostile_text_is_inert_in_every_export(name: str, exported: dict[str, bytes]) -> None:
    content = exported[name]
    fmt = name.rsplit(".", 1)[1]
    if fmt in ("md", "html"):
        text = content.decode("utf-8")
        assert not CONTROL_RE.search(text)
        # Markdown as a viewer shows it: rendered to HTML (raw HTML allowed through).
        html = MarkdownIt("commonmark").render(text) if fmt == "md" else text
        parser = _Tags()
        parser.feed(html)
        assert not {"script", "img", "iframe", "object", "i", "u", "b"} & set(parser.tags)
        assert not any(link.strip().lower().startswith("javascript:") for link in parser.links)
        assert "&lt;script&gt;" in html
        if fmt == "md":
            assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(javascript:", text)
            assert "<h1>Not a heading" not in html
    elif fmt == "docx":
        doc = Document(io.BytesIO(content))
        texts = [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        for section in doc.sections:
            texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        joined = "\n".join(texts)
        assert not CONTROL_RE.search(joined)
        assert SCRIPT in joined and "&lt;" not in joined  # shown as typed, not escaped
    elif fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        values: list[str] = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        values.append(cell.value)
        _cells_safe(values, name)
        # The formulas are there, as text (the tracker holds the action's own fields only:
        # its description "-1 ..." and owner "@SUM(...)").
        guarded = ("'-", "'@") if name.startswith("tracker") else ("'=",)
        assert any(v.startswith(guarded) for v in values)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        _cells_safe([v for row in rows for v in row], name)
    else:
        archive = json.loads(content)
        assert archive["review"]["reference"] == REFERENCE


def test_the_hostile_archive_imports_again(exported: dict[str, bytes], tmp_path: Path) -> None:
    archive = tmp_path / "review.json"
    archive.write_bytes(exported["archive.json"])
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "again.db"), "import", str(archive)])
    assert result.exit_code == 0, result.output
    with Repository.open(tmp_path / "again.db") as repo:
        review = repo.get_review(REFERENCE)
        assert review.title == f"Child Z {SCRIPT}"  # stored exactly as given
        assert review.id is not None
        texts = [p.text for p in repo.perspectives(review.id)]
    assert texts == [f"{SCRIPT} {CONTROL}"]
