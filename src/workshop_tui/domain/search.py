"""Searching every review: what a typed query means, as pure functions (issue 22).

A query is words, ``"phrases in quotes"``, prefixes (``neglec*``), the operators
``AND``, ``OR`` and ``NOT`` (in capitals), brackets, ``-word`` (not that word), and
filters: ``review:REF``, ``kind:finding``, ``agency:police``, ``from:2023-01-01`` and
``to:31/12/2023`` (a date, or a year). :func:`parse_query` turns it into an SQLite
FTS5 expression in which every word is quoted, so nothing typed is ever read as
FTS5 syntax of its own (a column filter, ``NEAR``, a lone ``-`` or ``*``); what it
could not take as typed is said in ``notes``. If the operators still do not make
an expression (``a OR``, ``NOT a``, an unclosed bracket), the search runs again on
:attr:`ParsedQuery.plain`, every word ANDed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from workshop_tui.domain.capture_kinds import CAPTURE_KIND_NAMES

KINDS: tuple[str, ...] = ("entry", *CAPTURE_KIND_NAMES, "kloe")
"""What the index holds, in the order the kinds are listed."""

KIND_NAMES: dict[str, str] = {
    "entry": "entry",
    **{name: name for name in CAPTURE_KIND_NAMES},
    "kloe": "KLOE",
}
"""Each kind as a person reads it."""

MATCH_START = "\ue000"
MATCH_END = "\ue001"
"""Around each match in a stored snippet (private-use characters: text never types them)."""

OPERATORS = frozenset({"AND", "OR", "NOT"})
FILTER_KEYS = ("review", "kind", "agency", "from", "to")
_WORD = re.compile(r"[^\W_]+")
# A quoted phrase, a bracket, or a run of anything else up to a space, bracket or quote.
_TOKEN = re.compile(r'"[^"]*"|"[^"]*$|[()]|[^\s()"]+')


@dataclass(frozen=True)
class SearchFilters:
    """Which hits to keep besides the words: all of them when every field is empty."""

    review: str | None = None
    """A review's reference."""
    kinds: tuple[str, ...] = ()
    agency: str | None = None
    """An agency's key or name (any case)."""
    since: dt.date | None = None
    until: dt.date | None = None

    def merged(self, other: SearchFilters) -> SearchFilters:
        """These filters, with each field ``other`` sets taken from it."""
        return SearchFilters(
            review=other.review or self.review,
            kinds=other.kinds or self.kinds,
            agency=other.agency or self.agency,
            since=other.since or self.since,
            until=other.until or self.until,
        )


@dataclass(frozen=True)
class ParsedQuery:
    """A typed query, ready for the index."""

    match: str
    """The FTS5 expression ('' when there is nothing to search for)."""
    plain: str
    """The same words and phrases, every one required, no operators (the fallback)."""
    filters: SearchFilters = field(default_factory=SearchFilters)
    notes: tuple[str, ...] = ()
    """What was read otherwise than typed, one sentence each."""
    excluded: bool = False
    """Words were left out with NOT or -word."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One item the index found: where it lives and the text around the matches."""

    review_id: int
    review: str
    """The review's reference."""
    review_title: str
    kind: str
    item_id: int
    day: str | None
    """YYYY-MM-DD: an entry's date, a capture's day; None for a KLOE or an undated entry."""
    agency: str
    who: str
    """The agency or the speaker to show with the hit."""
    snippet: str
    """The text around the matches, each between MATCH_START and MATCH_END."""
    rank: float
    """Lower is better (FTS5's bm25)."""
    agency_name: str = ""
    """The agency's short name in its review (``Police``), filled by the search service;
    ``agency`` stays the key."""

    @property
    def source(self) -> str:
        """Who to show with the hit: the speaker or owner, else the agency's short name
        (``who`` holds an entry's agency key), else the key."""
        if self.agency_name and self.who in ("", self.agency):
            return self.agency_name
        return self.who or self.agency

    precision: str = "day"
    """An entry's date precision (``month`` for ``May 2016``)."""
    approximate: bool = False
    """An entry's date is marked approximate."""
    end_day: str | None = None
    """YYYY-MM-DD: the last day of an entry that spans days."""

    @property
    def when(self) -> str:
        """The day as a hit shows it: ``2023-03-03`` for a day; an approximate, vaguer or
        ranged entry date as the chronology shows it (``May 2016``, ``c. 03/03/2023``)."""
        if self.day is None:
            return ""
        if self.precision == "day" and not self.approximate and self.end_day is None:
            return self.day
        from workshop_tui.domain.dates import Precision, show_when

        return show_when(
            dt.date.fromisoformat(self.day),
            approximate=self.approximate,
            precision=Precision(self.precision),
            end=dt.date.fromisoformat(self.end_day) if self.end_day else None,
        )


def quoted(words: list[str]) -> str:
    """Words as one FTS5 string (a phrase when several): nothing in it is syntax."""
    return '"' + " ".join(words) + '"'


def parse_date(text: str, *, end: bool = False) -> dt.date | None:
    """``2023-01-31``, ``31/01/2023`` or ``2023`` (its first day, or last with ``end``)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_kind(text: str) -> str | None:
    """A kind as typed (``finding``, ``Findings``, ``KLOE``) or None if it is not one."""
    name = text.strip().lower()
    if name in KINDS:
        return name
    if name.endswith("s") and name[:-1] in KINDS:
        return name[:-1]
    return {"entries": "entry", "chronology": "entry"}.get(name)


def _show(text: str) -> str:
    """A piece of the query quoted in a note (the note is shown as plain text)."""
    return text if len(text) <= 40 else text[:39] + "…"


def _filter(key: str, value: str, filters: SearchFilters, notes: list[str]) -> SearchFilters | None:
    """``filters`` with ``key:value`` applied (a note and None when the value is unusable)."""
    if not value:
        notes.append(f"{key}: needs a value after the colon; searched without it.")
        return None
    if key == "review":
        return replace(filters, review=value)
    if key == "agency":
        return replace(filters, agency=value)
    if key == "kind":
        kinds = [parse_kind(part) for part in value.split(",")]
        if None in kinds:
            notes.append(
                f"kind:{_show(value)} is not a kind ({', '.join(KINDS)}); searched every kind."
            )
            return None
        return replace(filters, kinds=tuple(k for k in kinds if k))
    day = parse_date(value, end=key == "to")
    if day is None:
        notes.append(
            f"{key}:{_show(value)} is not a date (2023-01-31, 31/01/2023 or 2023);"
            " searched without it."
        )
        return None
    return replace(filters, since=day) if key == "from" else replace(filters, until=day)


def parse_query(text: str) -> ParsedQuery:
    """Read a typed query: the FTS5 expression, its plain fallback, filters and notes.

    Never raises: anything that is not words, phrases, prefixes, operators, brackets
    or a known filter is taken as words, or left out with a note saying so.
    """
    notes: list[str] = []
    filters = SearchFilters()
    parts: list[str] = []  # FTS5 pieces: quoted terms, operators, brackets
    positive: list[str] = []  # every term not after NOT, for the plain fallback
    excluded: list[str] = []  # -word: NOT that word, at the end (FTS5's NOT needs a left side)
    negated = False
    for raw in _TOKEN.findall(text):
        if raw in ("(", ")"):
            parts.append(raw)
            continue
        if raw in OPERATORS:
            if raw == "NOT" and parts and parts[-1] == "AND":
                parts.pop()  # "a AND NOT b" is FTS5's "a NOT b"
            parts.append(raw)
            negated = raw == "NOT"
            continue
        if raw.startswith('"'):
            body = raw[1:-1] if len(raw) > 1 and raw.endswith('"') else raw[1:]
            if not (len(raw) > 1 and raw.endswith('"')):
                notes.append("A quote was not closed: its words were searched as a phrase.")
            words = _WORD.findall(body)
            if not words:
                if body.strip():
                    notes.append(f"{_show(raw)} has no letters or digits: left out.")
                continue
            term = quoted(words)
        else:
            key, colon, value = raw.partition(":")
            if colon and key.lower() in FILTER_KEYS:
                changed = _filter(key.lower(), value, filters, notes)
                if changed is not None:
                    filters = changed
                continue
            if colon and _WORD.fullmatch(key):
                notes.append(
                    f"{_show(key)}: is not a filter (review:, kind:, agency:, from:, to:);"
                    " searched as words."
                )
            prefix = raw.endswith("*")
            words = _WORD.findall(raw)
            if not words:
                notes.append(f"{_show(raw)} has no letters or digits: left out.")
                continue
            if colon and _WORD.fullmatch(key) and len(words) > 1:
                # A column filter FTS5 would refuse: its name is one more word to find.
                parts.append(quoted(words[:1]))
                positive.append(quoted(words[:1]))
                words = words[1:]
            term = quoted(words) + ("*" if prefix and len(words) == 1 else "")
            if raw.startswith("-"):
                excluded += ["NOT", term]
                continue
        parts.append(term)
        if not negated:
            positive.append(term)
        negated = False
    return ParsedQuery(
        match=" ".join(parts + excluded) if positive else "",
        plain=" ".join(positive),
        filters=filters,
        notes=tuple(notes),
        excluded=bool(excluded) or "NOT" in parts,
    )


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A stored snippet as (text, is a match) pieces, in order, markers removed."""
    pieces: list[tuple[str, bool]] = []
    for index, chunk in enumerate(re.split(f"[{MATCH_START}{MATCH_END}]", snippet)):
        if chunk:
            pieces.append((chunk, index % 2 == 1))
    return pieces


def marked(snippet: str, start: str = "«", end: str = "»") -> str:
    """A stored snippet with each match between ``start`` and ``end``."""
    return "".join(f"{start}{text}{end}" if hit else text for text, hit in snippet_parts(snippet))
