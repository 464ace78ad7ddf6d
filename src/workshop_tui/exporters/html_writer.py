"""Write a ``blocks.Document`` as one self-contained HTML file with a print stylesheet.

Every piece of user text goes through ``html.escape``; nothing is loaded from anywhere.
"""

from __future__ import annotations

import datetime as dt
from html import escape as _escape

from .blocks import Bullets, Details, Document, Heading, Inline, Paragraph, Span, Table
from .text import clean, generated_note

STYLE = """
:root { color-scheme: light; }
body { font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 11pt;
  line-height: 1.45; color: #1b1b1b; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 20pt; color: #1f3864; border-bottom: 2px solid #1f3864; padding-bottom: .2em; }
h2 { font-size: 15pt; color: #1f3864; margin-top: 1.6em; }
h3 { font-size: 12.5pt; color: #2f5496; margin-top: 1.3em; }
h4 { font-size: 11pt; color: #2f5496; margin-bottom: .3em; }
.marking { text-align: center; font-weight: bold; letter-spacing: .08em; color: #a00000;
  border: 1px solid #a00000; padding: .25em; margin: 0 0 1rem; }
.marking.bottom { margin: 2rem 0 0; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1em; font-size: 10pt; }
th, td { border: 1px solid #8a8a8a; padding: .3em .45em; text-align: left;
  vertical-align: top; }
th { background: #d9e2f3; }
table.details th { width: 11rem; background: #f2f2f2; }
p.note { font-style: italic; color: #555; }
.generated { color: #555; font-size: 9pt; }
@media print {
  @page { size: A4; margin: 2cm 1.8cm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  thead { display: table-header-group; }
  tr, li { page-break-inside: avoid; }
  h1, h2, h3, h4 { page-break-after: avoid; }
  .marking { border: none; }
}
"""


def esc(text: str) -> str:
    """Escape user text for HTML, keeping its line breaks."""
    return _escape(clean(text), quote=True).replace("\n", "<br>")


def _span(span: Span) -> str:
    text = esc(span.text)
    if span.italic:
        text = f"<em>{text}</em>"
    if span.bold:
        text = f"<strong>{text}</strong>"
    return text


def inline(content: Inline) -> str:
    return "".join(_span(s) for s in content)


def render_html(doc: Document, generated_at: dt.datetime) -> str:
    """The whole document as an HTML page."""
    marking = esc(doc.marking)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(doc.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f'<p class="marking top">{marking}</p>',
        f"<h1>{esc(doc.title)}</h1>",
    ]
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = block.level + 1
            out.append(f"<h{level}>{esc(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            css = ' class="note"' if block.note else ""
            out.append(f"<p{css}>{inline(block.content)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>")
            out.extend(f"<li>{inline(item)}</li>" for item in block.items)
            out.append("</ul>")
        elif isinstance(block, Details):
            out.append('<table class="details"><tbody>')
            out.extend(
                f'<tr><th scope="row">{esc(k)}</th><td>{esc(v)}</td></tr>' for k, v in block.pairs
            )
            out.append("</tbody></table>")
        elif isinstance(block, Table):
            out.append("<table><thead><tr>")
            out.extend(f'<th scope="col">{esc(c.header)}</th>' for c in block.columns)
            out.append("</tr></thead><tbody>")
            out.extend(
                "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            out.append("</tbody></table>")
    out.append(f'<p class="generated">{generated_note(generated_at)}</p>')
    out.append(f'<p class="marking bottom">{marking}</p>')
    out.append("</body>\n</html>\n")
    return "\n".join(out)
