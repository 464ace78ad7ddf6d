"""Write a ``blocks.Document`` as a Word document with python-docx.

Real Heading 1 to 3 styles (so Word's navigation pane works), the protective marking in
the header and the footer of every section, page numbers, and tables whose header row
repeats on every page. Tables are written in one piece as WordprocessingML and parsed
once: the size is known up front, and going through ``cell.text`` for the thousands of
cells of a chronology appendix costs several times more than the rest of the document.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from xml.sax.saxutils import escape as xml_escape

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from .blocks import (
    Bullets,
    Details,
    Document,
    Heading,
    Inline,
    LandscapeSection,
    Paragraph,
    Table,
)
from .text import clean, generated_note

NAVY = RGBColor(0x1F, 0x38, 0x64)
BLUE = RGBColor(0x2F, 0x54, 0x96)
MARKING_RED = RGBColor(0xA0, 0x00, 0x00)
GREY = RGBColor(0x55, 0x55, 0x55)
A4_SHORT, A4_LONG = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.0)
HEADER_FILL = "D9E2F3"
TABLE_TEXT_STYLE = "Table Text"
_TWIPS_PER_CM = 566.93


def render_word(doc: Document, generated_at: dt.datetime) -> bytes:
    """The whole document as ``.docx`` bytes."""
    word = new_docx()
    _styles(word)
    _page(word.sections[0], landscape=doc.landscape)
    props = word.core_properties
    props.title = clean(doc.title)
    props.subject = clean(doc.footer_label)
    props.author = "workshop-tui"
    props.last_modified_by = "workshop-tui"
    props.comments = f"Protective marking: {clean(doc.marking)}"
    props.created = generated_at
    props.modified = generated_at
    props.revision = 1

    word.add_paragraph(clean(doc.title), style="Title")
    landscape = doc.landscape
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(clean(block.text), level=max(1, min(block.level, 3)))
        elif isinstance(block, Paragraph):
            para = word.add_paragraph()
            _runs(para, block.content, note=block.note)
        elif isinstance(block, Bullets):
            for item in block.items:
                _runs(word.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Details):
            _details(word, block)
        elif isinstance(block, Table):
            width = Cm(29.7 - 4.0) if landscape else Cm(21.0 - 4.0)
            _table(word, block, width.cm)
        elif isinstance(block, LandscapeSection):
            section = word.add_section(WD_SECTION.NEW_PAGE)
            _page(section, landscape=True)
            landscape = True
    generated = word.add_paragraph()
    run = generated.add_run(generated_note(generated_at))
    run.font.size = Pt(8)
    run.font.color.rgb = GREY
    for section in word.sections:
        _header_footer(
            section, clean(doc.marking), clean(doc.footer_label), clean(doc.header_label)
        )
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _styles(word: DocxDocument) -> None:
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(BODY_POINTS)
    normal.paragraph_format.space_after = Pt(6)
    for name, size, colour in (
        ("Title", 22, NAVY),
        ("Heading 1", 16, NAVY),
        ("Heading 2", 13, NAVY),
        ("Heading 3", 11.5, BLUE),
    ):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        style.font.bold = name != "Title"
    table_text = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.space_before = Pt(0)


def _page(section: Section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = A4_LONG if landscape else A4_SHORT
    section.page_height = A4_SHORT if landscape else A4_LONG
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)


def _runs(para: DocxParagraph, content: Inline, *, note: bool = False) -> None:
    for span in content:
        text = clean(span.text)
        if not text:
            continue
        run = para.add_run(text)
        run.bold = span.bold or None
        run.italic = (span.italic or note) or None
        if note:
            run.font.color.rgb = GREY


DETAILS_INDENT_CM = 4.2
BODY_POINTS = 10.5


def details_indent_cm(labels: Iterable[str]) -> float:
    """Where the values of a title block start: past the widest bold label, measured as
    ``min_column_cm`` measures (a label past the tab stop pushed its value to the next
    default stop, out of line with the others)."""
    widest = max((word_width_cm(label, BODY_POINTS) for label in labels), default=0.0)
    return max(DETAILS_INDENT_CM, widest * FALLBACK_WIDENING + _SLACK_CM + 0.2)


def _details(word: DocxDocument, block: Details) -> None:
    indent = Cm(details_indent_cm(clean(label) for label, _ in block.pairs))
    for label, value in block.pairs:
        para = word.add_paragraph()
        para.paragraph_format.space_after = Pt(2)
        para.paragraph_format.tab_stops.add_tab_stop(indent)
        para.paragraph_format.left_indent = indent
        para.paragraph_format.first_line_indent = -indent
        para.add_run(f"{clean(label)}\t").bold = True
        para.add_run(clean(value))
    word.add_paragraph()


def _cell_runs(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    parts = []
    for number, line in enumerate(clean(text).split("\n")):
        if number:
            parts.append("<w:br/>")
        for index, piece in enumerate(line.split("\t")):
            if index:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{xml_escape(piece)}</w:t>')
    return f"<w:r>{props}{''.join(parts)}</w:r>" if parts else ""


# Advance widths of Arial Bold (Helvetica-Bold's metrics, which Liberation Sans Bold
# shares), in thousandths of an em; a character not listed counts as wide (778).
_BOLD_WIDTHS: dict[str, int] = {}
for _chars, _widths in (
    (" !'()*,-./:;", (278, 333, 238, 333, 333, 389, 278, 333, 278, 278, 333, 333)),
    ("0123456789", (556,) * 10),
    ("ABCDEFGHIJKLM", (722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833)),
    ("NOPQRSTUVWXYZ", (722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611)),
    ("abcdefghijklm", (556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889)),
    ("nopqrstuvwxyz", (611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500)),
):
    _BOLD_WIDTHS.update(zip(_chars, _widths, strict=True))
HEADER_POINTS = 9.0
_CELL_MARGINS_CM = 2 * 85 / _TWIPS_PER_CM
_SLACK_CM = 0.15
"""A little room over the measured word: renderers differ in kerning and rounding."""
FALLBACK_WIDENING = 1.15
"""Where Arial (or Liberation Sans, its metric twin) is missing, a renderer falls back to
a wider sans: DejaVu Sans prints a date about 14% wider. Words are measured with that room,
or LibreOffice on such a machine broke every date of the appendix ("04/01/202" / "3")."""
SHORT_WORD_CM = 3.0
"""A cell's word up to this wide (a date, a time, a surname) never wraps; a longer one (a
web address) may, rather than take the table's width from the other columns."""


def word_width_cm(word: str, points: float = HEADER_POINTS) -> float:
    """How wide ``word`` prints in Arial Bold at ``points``, in centimetres (Arial Bold
    is at least as wide as Arial, so this also bounds a cell's regular text)."""
    em_cm = points / 72 * 2.54
    return sum(_BOLD_WIDTHS.get(ch, 778) for ch in word) / 1000 * em_cm


_HYPHEN_BREAK = re.compile(r"\s+|(?<=[^\W\d_]-)(?=[^\W\d_])")
"""Where a line of a cell may break: at a space, or after a hyphen between letters."""


def min_column_cm(header: str, cells: Iterable[str] = ()) -> float:
    """The narrowest a column can be without breaking a word of its header, or a short
    word of its ``cells`` (see ``SHORT_WORD_CM``), in whichever sans the reader has."""
    words = set(header.split())
    for text in cells:
        # A line may break after a hyphen: "multi-agency" needs room for "agency" only.
        words.update(_HYPHEN_BREAK.split(text))
    header_words = set(header.split())
    widths = [
        width * FALLBACK_WIDENING
        for width, word in ((word_width_cm(w), w) for w in words)
        if word in header_words or width * FALLBACK_WIDENING <= SHORT_WORD_CM
    ]
    return max(widths, default=0.0) + _CELL_MARGINS_CM + _SLACK_CM


def column_widths(table: Table, available_cm: float) -> list[float]:
    """Column widths in cm that fill ``available_cm`` in the proportions the builder
    asked for, except that no column is narrower than its header's longest word or its
    cells' longest short word: a header wraps only at spaces ("Target date" on two lines,
    never "Practitio-ner"), and a date never ("04/01/202" over "3").

    The width a narrow column needs is taken from the others in proportion to what they
    have above their own minimum.
    """
    total = sum(c.width_cm for c in table.columns) or 1.0
    wanted = [c.width_cm / total * available_cm for c in table.columns]
    floors = [
        min_column_cm(c.header, (row[i] for row in table.rows)) for i, c in enumerate(table.columns)
    ]
    if sum(floors) >= available_cm:  # cannot all fit: share the page by need
        scale = available_cm / sum(floors)
        return [f * scale for f in floors]
    widths = list(wanted)
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < floors[i] - 1e-9]
        if not short:
            break
        needed = sum(floors[i] - widths[i] for i in short)
        for i in short:
            widths[i] = floors[i]
        spare = {i: widths[i] - floors[i] for i in range(len(widths)) if i not in short}
        pool = sum(spare.values())
        for i, room in spare.items():
            widths[i] -= needed * room / pool
    return widths


def _table(word: DocxDocument, table: Table, available_cm: float) -> None:
    widths = [round(w * _TWIPS_PER_CM) for w in column_widths(table, available_cm)]
    para = f'<w:p><w:pPr><w:pStyle w:val="{word.styles[TABLE_TEXT_STYLE].style_id}"/></w:pPr>'
    cell_props = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]
    header_props = [
        f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
        for w in widths
    ]
    out = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="30" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="30" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    out.extend(
        f"<w:tc>{props}{para}{_cell_runs(c.header, bold=True)}</w:p></w:tc>"
        for props, c in zip(header_props, table.columns, strict=True)
    )
    out.append("</w:tr>")
    for row in table.rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        out.extend(
            f"<w:tc>{props}{para}{_cell_runs(text)}</w:p></w:tc>"
            for props, text in zip(cell_props, row, strict=True)
        )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    # A paragraph after the table keeps consecutive tables apart; the table goes before it.
    spacer = word.add_paragraph()
    spacer._p.addprevious(parse_xml("".join(out)))


def _add_field(paragraph: DocxParagraph, instruction: str) -> None:
    """Append a field (``PAGE``, ``NUMPAGES``) that Word and LibreOffice compute."""
    small = '<w:rPr><w:sz w:val="16"/></w:rPr>'
    for inner in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>1</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{small}{inner}</w:r>"))


def _marking_run(paragraph: DocxParagraph, marking: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(marking)
    run.bold = True
    run.font.size = Pt(10)
    run.font.color.rgb = MARKING_RED


def _header_footer(section: Section, marking: str, label: str, header_label: str = "") -> None:
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    head = section.header.paragraphs[0]
    head.text = ""
    _marking_run(head, marking)
    if header_label:
        named = section.header.add_paragraph()
        named.alignment = WD_ALIGN_PARAGRAPH.CENTER
        named.paragraph_format.space_after = Pt(0)
        run = named.add_run(header_label)
        run.font.size = Pt(9)
    foot = section.footer.paragraphs[0]
    foot.text = ""
    _marking_run(foot, marking)
    numbers = section.footer.add_paragraph()
    numbers.alignment = WD_ALIGN_PARAGRAPH.CENTER
    numbers.paragraph_format.space_after = Pt(0)
    for text, field in ((f"{label}  ·  Page ", "PAGE"), (" of ", "NUMPAGES")):
        run = numbers.add_run(text)
        run.font.size = Pt(8)
        _add_field(numbers, field)
