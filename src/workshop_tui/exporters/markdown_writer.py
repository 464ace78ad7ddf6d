"""Write a ``blocks.Document`` as Markdown (CommonMark with GitHub tables).

User text can never change the structure: Markdown punctuation is backslash-escaped,
``<`` too (so ``<script>`` is shown, not run, by any renderer that allows HTML) and ``&``
where it would start an entity (``&amp;`` typed stays ``&amp;``), a line can never start a
heading, list or quote, and table cells are folded onto one line with ``|`` escaped.
The file holds no HTML entities: read as plain text it says what was typed, with a
backslash before the few characters Markdown would otherwise act on.
"""

from __future__ import annotations

import datetime as dt
import re

from .blocks import Bullets, Details, Document, Heading, Inline, Paragraph, Span, Table
from .text import clean, generated_note, one_line

_SPECIAL = re.compile(r"([\\`*_\[\]{}|~!#<])")
# An ampersand only needs escaping where it would start an entity ("&amp;", "&#39;").
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LIST_MARK = re.compile(r"^([+\-=>])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def escape(text: str, *, line_start: bool = True) -> str:
    """Escape one line of user text for Markdown.

    ``line_start`` False for text that follows a marker on its line (a heading, a table
    cell), where ``1.`` or ``-`` cannot start a list.
    """
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_START.sub(r"\\&", text)
    if not line_start:
        return text
    text = _LIST_MARK.sub(r"\\\1", text)
    return _NUMBERED.sub(r"\1\\\2", text)


def escape_block(text: str) -> str:
    """Escape user text that may span lines; its line breaks become hard breaks."""
    text = clean(text)
    if "\n" not in text:
        return escape(text)
    lines = [escape(line.strip()) for line in text.split("\n")]
    return "\\\n".join(line for line in lines if line)


def _span(span: Span) -> str:
    text = escape_block(span.text)
    if not text.strip() or not (span.bold or span.italic):
        return text
    marker = "**" if span.bold else "*"
    if span.bold and span.italic:
        marker = "***"
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def inline(content: Inline) -> str:
    # Leading spaces could turn a paragraph into a code block.
    return "".join(_span(s) for s in content).strip()


def _cell(text: str) -> str:
    return escape(one_line(text), line_start=False)


def render_markdown(doc: Document, generated_at: dt.datetime) -> str:
    """The whole document as Markdown text, protective marking first and last."""
    marking = f"**{escape(one_line(doc.marking))}**"
    out: list[str] = [marking, f"# {_cell(doc.title)}"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * (block.level + 1)} {_cell(block.text)}")
        elif isinstance(block, Paragraph):
            text = inline(block.content)
            out.append(f"*{text}*" if block.note and text else text)
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {inline(item)}" for item in block.items))
        elif isinstance(block, Details):
            out.append("\n".join(f"- **{_cell(k)}:** {_cell(v)}" for k, v in block.pairs))
        elif isinstance(block, Table):
            lines = [
                "| " + " | ".join(_cell(c.header) for c in block.columns) + " |",
                "|" + "|".join(" --- " for _ in block.columns) + "|",
            ]
            lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows)
            out.append("\n".join(lines))
    out.append(f"*{generated_note(generated_at)}*")
    out.append(marking)
    return "\n\n".join(part for part in out if part) + "\n"
