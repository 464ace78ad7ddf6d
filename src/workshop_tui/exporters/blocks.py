"""A small document model that the minutes and report are built in once.

Builders (``minutes``, ``report``, ``chronology``) describe a document as a list of
blocks; writers (``markdown``, ``html``, ``word``) turn the same blocks into each format,
so the three versions of the minutes can never say different things. Text in blocks is
user text as typed: each writer escapes it for its own format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text, optionally bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Span, ...]


def spans(*parts: str | Span) -> Inline:
    """Build an inline sequence from plain strings and spans."""
    return tuple(part if isinstance(part, Span) else Span(part) for part in parts)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    """1 to 3."""
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Inline
    note: bool = False
    """A plain statement about an empty section ("No perspectives were recorded.")."""


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width_cm: float


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: list[tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Details:
    """Label and value pairs (a title block), shown as a two-column table."""

    pairs: tuple[tuple[str, str], ...]


def details(*pairs: tuple[str, str]) -> Details:
    """A title block of the pairs that have a value: an unset detail is left out, not blank."""
    return Details(tuple((label, value) for label, value in pairs if value))


@dataclass(frozen=True, slots=True)
class LandscapeSection:
    """Start a new landscape page section (for a wide appendix table)."""


Block = Heading | Paragraph | Bullets | Table | Details | LandscapeSection


@dataclass(slots=True)
class Document:
    title: str
    marking: str
    footer_label: str
    """Identifies the document in the Word footer, e.g. ``LR-2024-03 minutes``."""
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    header_label: str = ""
    """Under the marking at the head of every Word page: the partnership's name."""

    def heading(self, level: int, text: str) -> None:
        self.blocks.append(Heading(level, text))

    def para(self, *parts: str | Span) -> None:
        self.blocks.append(Paragraph(spans(*parts)))

    def note(self, text: str) -> None:
        self.blocks.append(Paragraph(spans(text), note=True))

    def bullets(self, items: list[Inline]) -> None:
        self.blocks.append(Bullets(tuple(items)))

    def table(self, columns: list[tuple[str, float]], rows: Sequence[tuple[str, ...]]) -> None:
        self.blocks.append(Table(tuple(Column(h, w) for h, w in columns), list(rows)))

    def text(self) -> str:
        """Every piece of text in the document, for the pseudonymisation check."""
        out = [self.title, self.marking, self.footer_label, self.header_label]
        for block in self.blocks:
            if isinstance(block, Heading):
                out.append(block.text)
            elif isinstance(block, Paragraph):
                out.append("".join(s.text for s in block.content))
            elif isinstance(block, Bullets):
                out.extend("".join(s.text for s in item) for item in block.items)
            elif isinstance(block, Table):
                out.append("\t".join(c.header for c in block.columns))
                out.extend("\t".join(row) for row in block.rows)
            elif isinstance(block, Details):
                out.extend(f"{k}\t{v}" for k, v in block.pairs)
        return "\n".join(out)
