"""Make a review fit to publish, and check what still looks identifying.

``pseudonymise(data)`` returns a copy in which:

* every participant's name becomes the label the review's pseudonyms give it (a
  pseudonym for "Jo Pell" or, for "DS Neil Garrow", for "Neil Garrow"), so a speaker is
  named as the text names them; a participant without one becomes their role and
  agency ("Health Visitor, Corrow Community Health"), two people with the same role in
  the same agency numbered ("Social Worker 1, ...", "Social Worker 2, ...");
* in all free text, the review's pseudonyms are applied, then each participant's full
  name becomes their label, then the lead reviewer's and note-taker's names become
  "Lead reviewer" / "Note-taker" unless they are participants; finally a
  participant's *surname* alone (optionally after Mr, Mrs, Ms, Miss, Mx or Dr) becomes
  their label when no other known name shares it;
* matching is by whole words, in any case, with possessives kept ("Priya's" ->
  "Health Visitor 1's"); the longest name wins ("Priya Lennox" before "Priya"), and
  replaced text is never matched again.

First names alone are *not* replaced automatically: many are ordinary words (Will,
Grace, Hope, Mark) and replacing them would corrupt the text. Add a pseudonym for a first
name that must go; ``check`` lists any part of a known name (three letters or more) that
is still there, so nothing slips through unseen.

``pseudonymise_and_redact(data)`` also replaces, in every free-text field, what looks
identifying and is no name (a date of birth after "DOB", "born"..., an NHS number with a
valid check digit, a UK phone number, a postcode, an e-mail address) by a marked
placeholder (``[redacted: phone number]``), and lists each replacement by where and kind,
never the value (``Redaction``): the export log. Names are never redacted by guesswork.

``check(text_or_data, data)`` lists what still looks like a name from the review, a
place that identifies the family (the review's identifying places, and any capitalised
name ending "Primary School", "Surgery", "Road", "Close"...), a date of birth, an NHS
number (with a valid check digit), a UK postcode, a UK phone number or an e-mail address.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from workshop_tui.domain.models import Participant, ReviewData
from workshop_tui.domain.names import name_key

from .review_view import ReviewView

# Fields that hold keys, codes or the vocabulary itself, never free text about people.
_KEEP = frozenset(
    {
        "agency",
        "key",
        "reference",
        "marking",
        "source_file",
        "source_part",
        "status",
        "kind",
        "route",
        "attendance",
        "flags",
        "recommendation_to",
        "form",
        "role",
        "change",
        "entity",
    }
)
_TITLES = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+)?"
_TITLE_WORDS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})
# A name is a whole word: not inside a longer word, nor half of a hyphenated or
# apostrophised name ("Jo" is not in "Jordan", "Jo-Anne" or "O'Jo"); a possessive
# "'s" after it is fine.
_BEFORE = r"(?<![\w])(?<![\w][-'’])"
_AFTER = r"(?![\w])(?![-][\w])"


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _name_pattern(name: str) -> str:
    return r"\s+".join(re.escape(part) for part in name.split())


def _key(text: str) -> str:
    return name_key(text)


class Replacer:
    """One pass over text replacing known names (longest first) by their labels."""

    def __init__(self, pairs: Iterable[tuple[str, str]], surnames: dict[str, str]) -> None:
        self._labels: dict[str, str] = {}
        for real, label in pairs:
            self._labels.setdefault(_key(real), label)
        self._surnames = {_key(s): label for s, label in surnames.items()}
        alternatives = sorted({*self._labels, *self._surnames}, key=lambda k: (-len(k), k))
        self._pattern = (
            re.compile(
                _BEFORE
                + f"({_TITLES})?("
                + "|".join(_name_pattern(a) for a in alternatives)
                + ")"
                + _AFTER,
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text
        # An e-mail address is left whole ("p.Health Visitor 1@..." helps nobody): the
        # check then lists it as an e-mail address, which is what it is.
        pieces: list[str] = []
        done = 0
        for address in _EMAIL.finditer(text):
            pieces.append(self._pattern.sub(self._replace, text[done : address.start()]))
            pieces.append(address.group(0))
            done = address.end()
        pieces.append(self._pattern.sub(self._replace, text[done:]))
        return "".join(pieces)

    def _replace(self, match: re.Match[str]) -> str:
        # A title goes with the name it stands before ("Ms Priya Lennox", "Ms Lennox").
        key = _key(match.group(2))
        return self._labels.get(key) or self._surnames.get(key, match.group(0))


# Titles and ranks that may stand before a participant's name but not in a pseudonym's.
_NAME_PREFIXES = frozenset(
    {*_TITLE_WORDS, "ds", "dc", "di", "dci", "pc", "psc", "sgt", "insp", "cllr", "rev", "sr"}
)


def _without_prefix(name: str) -> str:
    parts = name.split()
    while len(parts) > 1 and parts[0].casefold().rstrip(".") in _NAME_PREFIXES:
        parts = parts[1:]
    return " ".join(parts)


def configured_labels(data: ReviewData) -> list[str | None]:
    """The label the review's pseudonyms give each participant ("Jo Pell" -> "Health
    Visitor 1"), matching the whole name or the name without a title or rank ("DS Neil
    Garrow"); None for a participant they do not name."""
    by_real: dict[str, str] = {}
    for pseudonym in data.pseudonyms:
        by_real.setdefault(_key(pseudonym.real), pseudonym.label)
    return [
        by_real.get(_key(person.name)) or by_real.get(_key(_without_prefix(person.name)))
        for person in data.participants
    ]


def participant_labels(data: ReviewData) -> dict[int, str]:
    """Each participant's published name (by list index): the label the review's
    pseudonyms give them, else their role and agency, numbered when shared.

    The review's pseudonyms apply to role-and-agency labels too (an agency name may be one).
    """
    view = ReviewView(data)
    pseudonyms_only = Replacer(((p.real, p.label) for p in data.pseudonyms), {})
    bases = [_base_label(view, p) for p in data.participants]
    configured = configured_labels(data)
    counts = Counter(b for b, c in zip(bases, configured, strict=True) if c is None)
    seen: Counter[str] = Counter()
    labels: dict[int, str] = {}
    for index, (person, base) in enumerate(zip(data.participants, bases, strict=True)):
        label = configured[index]
        if label is not None:
            labels[index] = label
        elif counts[base] > 1:
            seen[base] += 1
            role = person.role or "Participant"
            agency = view.agency_name(person.agency)
            labels[index] = f"{role} {seen[base]}" + (f", {agency}" if agency else "")
        else:
            labels[index] = base
    return {index: pseudonyms_only(label) for index, label in labels.items()}


def _base_label(view: ReviewView, person: Participant) -> str:
    return view.role_and_agency(person) or "Participant"


def make_replacer(data: ReviewData, labels: dict[int, str] | None = None) -> Replacer:
    """The replacer for ``data``'s pseudonyms and people (see the module docstring).

    Args:
        data: The review.
        labels: ``participant_labels(data)``, when the caller has them already.
    """
    if labels is None:
        labels = participant_labels(data)
    pairs: list[tuple[str, str]] = [(p.real, p.label) for p in data.pseudonyms]
    pairs += [(person.name, labels[i]) for i, person in enumerate(data.participants)]
    participant_names = {_key(p.name) for p in data.participants}
    unlisted = [n for n in _unlisted_speakers(data) if _key(n) not in participant_names]
    for number, name in enumerate(unlisted, start=1):
        pairs.append((name, "Unlisted participant" + (f" {number}" if len(unlisted) > 1 else "")))
    review = data.review
    for name, label in (
        (review.lead_reviewer, "Lead reviewer"),
        (review.note_taker, "Note-taker"),
    ):
        if name.strip() and _key(name) not in participant_names:
            pairs.append((name, label))
    # Surnames alone, only when exactly one known name ends with that surname; a surname
    # stands for its full name, so it gets the same label (a pseudonym wins).
    full_labels: dict[str, str] = {}
    for real, label in pairs:
        full_labels.setdefault(_key(real), label)
    endings = Counter(n.split()[-1] for n in full_labels if len(n.split()) > 1)
    surnames: dict[str, str] = {}
    for person in data.participants:
        parts = person.name.split()
        if len(parts) > 1:
            surname = parts[-1]
            if len(surname) >= 3 and endings[_key(surname)] == 1:
                surnames[surname] = full_labels[_key(person.name)]
    return Replacer(pairs, surnames)


def pseudonymise(data: ReviewData) -> ReviewData:
    """A copy of ``data`` fit to publish (see the module docstring); pseudonyms emptied."""
    return pseudonymise_and_redact(data)[0]


def pseudonymise_and_redact(data: ReviewData) -> tuple[ReviewData, list[Redaction]]:
    """:func:`pseudonymise`, then :func:`redact` every free-text field: a copy fit to
    publish, and where each thing that looked identifying was replaced (never what)."""
    published = _pseudonymise_names(data)
    redactions: list[Redaction] = []
    body = published.model_dump()
    body = _redact_walk(body, "", redactions)
    return ReviewData.model_validate(body), redactions


def _redact_walk(value: Any, path: str, redactions: list[Redaction]) -> Any:
    key = path.rsplit(".", 1)[-1].split("[", 1)[0]
    if key in _KEEP:
        return value
    if isinstance(value, str):
        text, kinds = redact(value)
        redactions.extend(_redactions(text, kinds, path))
        return text
    if isinstance(value, list):
        return [_redact_walk(v, f"{path}[{i}]", redactions) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {
            k: _redact_walk(v, f"{path}.{k}" if path else str(k), redactions)
            for k, v in value.items()
        }
    return value


def pseudonymise_text(data: ReviewData) -> Callable[[str, str], tuple[str, list[Redaction]]]:
    """A function that makes one more text of the review fit to publish (a briefing
    section, a response): names replaced as in :func:`pseudonymise`, then redacted.
    It takes the text and where it is, and returns the text and its redactions."""
    replace = make_replacer(data)

    def publish(text: str, where: str) -> tuple[str, list[Redaction]]:
        redacted, kinds = redact(replace(text))
        return redacted, _redactions(redacted, kinds, where)

    return publish


def _redactions(redacted: str, kinds: list[str], where: str) -> list[Redaction]:
    found: list[Redaction] = []
    start = 0
    for kind in kinds:
        start = redacted.find(placeholder(kind), start)
        found.append(Redaction(kind, where, _around(redacted, start)))
        start += len(placeholder(kind))
    return found


def _pseudonymise_names(data: ReviewData) -> ReviewData:
    labels = participant_labels(data)
    replace = make_replacer(data, labels)
    dumped = data.model_dump()
    body = {key: _walk(value, replace, key) for key, value in dumped.items()}
    agency_keys = {a.key for a in data.agencies}
    for index, person in enumerate(body["participants"]):
        person["name"] = labels[index]
        person["email"] = ""  # an address names its owner; a published copy holds none
        # Someone from outside the agencies has their organisation as free text, which
        # can name a place ("Corrow Health Centre"): it is text, so pseudonyms apply.
        if person["agency"] not in agency_keys:
            person["agency"] = replace(person["agency"])
    # The real names must not travel with the published copy (an archive would hold them).
    body["pseudonyms"] = []
    return ReviewData.model_validate(body)


def _walk(value: Any, replace: Replacer, key: str) -> Any:
    if key in _KEEP:
        return value
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_walk(v, replace, key) for v in value]
    if isinstance(value, dict):
        if key in ("extra", "raw"):
            return {k: _walk(v, replace, "") for k, v in value.items()}
        return {k: _walk(v, replace, k) for k, v in value.items()}
    return value


# --- the check ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Leak:
    """Something in a document that still looks identifying."""

    kind: str
    """``name``, ``place``, ``date of birth``, ``NHS number``, ``postcode``, ``phone number``,
    ``e-mail``."""
    text: str
    """What matched."""
    where: str
    """``line 12`` of rendered text, or a field path such as ``perspectives[3].text``."""
    context: str
    """The text around it, on one line."""

    def __str__(self) -> str:
        return f'{self.where}: {self.kind} "{self.text}" in "{self.context}"'


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{2,4}}|{_MONTH}\s+\d{{4}})"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("e-mail", _EMAIL),
    ("NHS number", re.compile(r"(?<![\d])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])")),
    (
        "phone number",
        re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d[\d\s()-]{7,14}\d(?!\d)"),
    ),
    (
        "postcode",
        re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE),
    ),
    (
        "date of birth",
        re.compile(
            rf"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on|\s+in)?)\s*[:\-]?\s*"
            r"(?:(?:is|was|as|of|given\s+as|recorded\s+as)\s+)?"
            rf"(?P<date>{_DATE})",
            re.IGNORECASE,
        ),
    ),
]


def nhs_number_valid(digits: str) -> bool:
    """Whether ten digits carry a valid NHS mod-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _phone_ok(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    return digits.startswith("0") and len(digits) in (10, 11) and digits[1] != "0"


@dataclass(frozen=True, slots=True)
class Redaction:
    """One thing replaced by a marked placeholder in a pseudonymised document. It says
    where and what kind, never the value: it goes into the export log."""

    kind: str
    """``date of birth``, ``NHS number``, ``phone number``, ``postcode`` or ``e-mail``."""
    where: str
    """A field path such as ``entries[3].event``, or ``briefing.findings``."""
    around: str = field(default="", compare=False, repr=False)
    """The redacted text next to the placeholder (never the value), to tell whether this
    field reached a document: see :func:`in_text`."""

    def __str__(self) -> str:
        return f"{self.where}: {self.kind} redacted"

    def in_text(self, text: str) -> bool:
        """Whether the redacted field this came from is in ``text`` (a document's text)."""
        return not self.around or self.around in text


def _around(text: str, start: int, width: int = 24) -> str:
    """The redacted text either side of the placeholder at ``start``, on its line (never
    the value: it is already replaced), to find the field again in a document."""
    line_start = text.rfind("\n", 0, start) + 1
    marker = _LIST_MARKER.match(text, line_start)
    line_start = marker.end() if marker else line_start
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    end = text.find("]", start) + 1
    return text[max(line_start, start - width) : min(line_end, end + width)].strip()


_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+")


REDACTED_KINDS = ("e-mail", "date of birth", "NHS number", "phone number", "postcode")
"""What is redacted by itself."""

# The order things are looked for in: the first to match claims the text. A number with
# +44 or an area code in brackets is a phone number even when its digits would pass as
# an NHS number; ten plain digits with a valid check digit are an NHS number.
_SEARCH_ORDER = (
    ("e-mail", False),
    ("date of birth", False),
    ("phone number", True),
    ("NHS number", False),
    ("phone number", False),
    ("postcode", False),
)


def placeholder(kind: str) -> str:
    """The marked text that stands where something identifying was: ``[redacted: postcode]``."""
    return f"[redacted: {'e-mail address' if kind == 'e-mail' else kind}]"


def identifying_spans(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` holds a date of birth (the date after "DOB", "born"...), a valid NHS
    number, a UK phone number, a postcode or an e-mail address: (start, end, kind) in
    order, never overlapping."""
    patterns = dict(_PATTERNS)
    spans: list[tuple[int, int, str]] = []
    for kind, marked_only in _SEARCH_ORDER:
        for match in patterns[kind].finditer(text):
            if marked_only and not match.group(0).startswith(("+", "(")):
                continue
            if kind == "NHS number" and not nhs_number_valid(re.sub(r"\D", "", match.group(0))):
                continue
            if kind == "phone number" and not _phone_ok(match.group(0)):
                continue
            start, end = match.span("date") if kind == "date of birth" else match.span()
            if any(s < end and start < e for s, e, _ in spans):
                continue
            spans.append((start, end, kind))
    return sorted(spans)


def redact(text: str) -> tuple[str, list[str]]:
    """``text`` with each identifying number, date of birth or address (see
    :func:`identifying_spans`) replaced by its :func:`placeholder`, and the kinds replaced,
    in order. Names are not touched: only a person can decide those."""
    spans = identifying_spans(text)
    if not spans:
        return text, []
    pieces: list[str] = []
    done = 0
    for start, end, kind in spans:
        pieces.append(text[done:start])
        pieces.append(placeholder(kind))
        done = end
    pieces.append(text[done:])
    return "".join(pieces), [kind for _, _, kind in spans]


def _unlisted_speakers(data: ReviewData) -> list[str]:
    """Speakers typed by name who are not on the participant list, once each."""
    seen: dict[str, str] = {}
    typed = [p.speaker_name for p in data.perspectives] + [d.speaker_name for d in data.decisions]
    for speaker_name in typed:
        name = " ".join(speaker_name.split())
        if name:
            seen.setdefault(_key(name), name)
    return list(seen.values())


def _review_names(data: ReviewData) -> list[str]:
    names = [p.name for p in data.participants] + [p.real for p in data.pseudonyms]
    names += _unlisted_speakers(data)
    return names + [n for n in (data.review.lead_reviewer, data.review.note_taker) if n.strip()]


def known_names(data: ReviewData) -> list[str]:
    """Names from the review a published document must not contain: full names and their
    parts of three letters or more, leaving out titles and words that the labels, roles or
    agency names use themselves."""
    view = ReviewView(data)
    names = _review_names(data)
    sanctioned: set[str] = set()
    for text in (
        *(p.label for p in data.pseudonyms),
        *(p.role for p in data.participants),
        *(view.agency_name(p.agency) for p in data.participants),
        *(a.name for a in data.agencies),
        data.review.subject,
    ):
        sanctioned.update(w.casefold() for w in re.findall(r"\w+", text))
    out: dict[str, None] = {}
    for name in names:
        clean_name = " ".join(name.split())
        if clean_name:
            out.setdefault(clean_name, None)
        for part in re.split(r"[\s]+", clean_name):
            part = part.strip(".,;:()\"'")
            if (
                len(part) >= 3
                and part.casefold() not in _TITLE_WORDS
                and part.casefold() not in sanctioned
                and not part.isdigit()
            ):
                out.setdefault(part, None)
    return sorted(out, key=lambda n: (-len(n), n.casefold()))


PLACE_SUFFIXES = (
    "Primary School",
    "Junior School",
    "Infant School",
    "High School",
    "School",
    "Academy",
    "Nursery",
    "College",
    "Children's Centre",
    "Family Centre",
    "Surgery",
    "Medical Practice",
    "Medical Centre",
    "Health Centre",
    "Road",
    "Street",
    "Close",
    "Lane",
    "Avenue",
    "Drive",
    "Court",
    "Crescent",
    "Gardens",
    "Grove",
    "Terrace",
    "Way",
    "Estate",
)
"""Endings of names that identify where a family lives or goes: a capitalised name ending
so ("Hollins Lane Primary School", "Tannery Court") is flagged by the check."""

# Capitalised words that start sentences or name kinds of thing, not places: a match
# made only of these and a suffix ("The School", "Family Court", "High Street") is no one's.
_GENERIC_TEXT = """
a an the this that these those then there their his her our my your its on in at to from
by for of with and or but as after before when while if so no not any all each every one
other same only next last new old child mother father sibling baby family crown county
high youth magistrates magistrates' coroner's local primary secondary special virtual
forest nursery infant junior community health medical main back front safe right best
mum dad parent parents school
"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
_CAPITALISED = r"[A-Z][\w'’.-]*"
# Words of one name are on one line and in one cell: spaces only, never a tab or newline.
_PLACE_LEAD = rf"(?:{_CAPITALISED}[ \u00a0]+){{1,5}}"


def _place_alternatives(data: ReviewData) -> tuple[list[str], list[str]]:
    """The review's identifying places as (names, suffixes), plus the built-in suffixes."""
    names: list[str] = []
    suffixes: list[str] = list(PLACE_SUFFIXES)
    for place in data.identifying_places:
        text = " ".join(place.name.split())
        if text.startswith(("...", "…")):
            suffix = text.lstrip(".… ").strip()
            if suffix:
                suffixes.append(suffix)
        elif text:
            names.append(text)
    return names, suffixes


def _place_pattern(data: ReviewData) -> re.Pattern[str]:
    names, suffixes = _place_alternatives(data)
    by_length = sorted(
        {r"[ \u00a0]+".join(re.escape(w) for w in x.split()) for x in suffixes},
        key=len,
        reverse=True,
    )
    suffix = "(?:" + "|".join(by_length) + ")"
    alternatives = [rf"(?P<lead>{_PLACE_LEAD}){suffix}"]
    if names:
        listed = sorted({_name_pattern(n) for n in names}, key=len, reverse=True)
        alternatives.insert(0, "(?i:" + "|".join(listed) + ")")
    return re.compile(_BEFORE + "(?:" + "|".join(alternatives) + ")" + _AFTER)


def _place_span(match: re.Match[str]) -> tuple[int, int] | None:
    """The span of a place match without leading generic words; None when nothing but
    generic words lead the suffix (so it names no particular place)."""
    start, end = match.span()
    lead = match.group("lead")
    if lead is None:  # a listed name: always a place
        return start, end
    words = lead.split()
    skipped = 0
    for word in words:
        if word.casefold() not in _GENERIC_WORDS:
            break
        skipped += 1
    if skipped == len(words):
        return None
    text = match.group(0)
    offset = 0
    for word in words[:skipped]:
        offset = text.index(word, offset) + len(word)
    offset += len(text[offset:]) - len(text[offset:].lstrip())
    return start + offset, end


def suggest_label(kind: str, text: str, taken: Iterable[str]) -> str:
    """A first pseudonym to offer for something the check found (the lead edits it).

    A name becomes the next free "Person A", "Person B"...; a school, surgery or street
    says what kind of place it is ("the primary school", "the GP practice", "Street A");
    a number or an address says what was there ("[phone number]").
    """
    used = {_key(t) for t in taken}

    def next_free(stem: str) -> str:
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            if _key(f"{stem} {letter}") not in used:
                return f"{stem} {letter}"
        return f"{stem} {len(used) + 1}"

    if kind == "name":
        return next_free("Person")
    if kind == "place":
        lower = text.casefold()
        for ending, label in (
            ("primary school", "the primary school"),
            ("high school", "the secondary school"),
            ("academy", "the school"),
            ("school", "the school"),
            ("nursery", "the nursery"),
            ("college", "the college"),
            ("centre", "the centre"),
            ("surgery", "the GP practice"),
            ("medical practice", "the GP practice"),
        ):
            if lower.endswith(ending) and _key(label) not in used:
                return label
        return next_free("Place")
    return {
        "date of birth": "[date of birth]",
        "NHS number": "[NHS number]",
        "postcode": "[postcode]",
        "phone number": "[phone number]",
        "e-mail": "[e-mail address]",
    }.get(kind, "[removed]")


def _context(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 30) : end + 30].split())


@dataclass(frozen=True, slots=True)
class _Names:
    """The review's known names as one pattern, the full names among them, and the
    pattern for identifying places."""

    pattern: re.Pattern[str] | None
    full: frozenset[str]
    places: re.Pattern[str]

    @classmethod
    def of(cls, data: ReviewData) -> _Names:
        names = known_names(data)
        pattern = (
            re.compile(
                _BEFORE + "(?:" + "|".join(_name_pattern(n) for n in names) + ")" + _AFTER,
                re.IGNORECASE,
            )
            if names
            else None
        )
        full = frozenset(_key(n) for n in _review_names(data))
        return cls(pattern, full, _place_pattern(data))


def check_text(text: str, data: ReviewData, where: str = "") -> list[Leak]:
    """Everything in ``text`` that still looks identifying (see ``Leak``)."""
    return _check_text(text, _Names.of(data), where)


def _check_text(text: str, names: _Names, where: str) -> list[Leak]:
    found: list[tuple[int, Leak]] = []
    claimed: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match[str], span: tuple[int, int] | None = None) -> None:
        start, end = span or match.span()
        if any(s < end and start < e for s, e in claimed):
            return
        claimed.append((start, end))
        place = where or f"line {text.count(chr(10), 0, start) + 1}"
        shown = text[start:end].strip()
        if shown.count("(") != shown.count(")"):
            shown = shown.strip("()")
        found.append((start, Leak(kind, shown, place, _context(text, start, end))))

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if kind == "NHS number" and not nhs_number_valid(re.sub(r"\D", "", match.group(0))):
                continue
            if kind == "phone number" and not _phone_ok(match.group(0)):
                continue
            add(kind, match)
    for match in names.places.finditer(text):
        span = _place_span(match)
        if span is not None:
            add("place", match, span)
    # Full names in any case; a part of a name alone ("Lennox") only when capitalised as
    # a name is, so that a pseudonym such as "Tannery Court" does not flag every "court".
    if names.pattern is not None:
        for match in names.pattern.finditer(text):
            if _key(match.group(0)) in names.full or match.group(0)[0].isupper():
                add("name", match)
    found.sort(key=lambda pair: pair[0])
    return [leak for _, leak in found]


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _strings(item, f"{path}.{k}" if path else str(k))


def check(subject: str | ReviewData, data: ReviewData) -> list[Leak]:
    """What still looks identifying in rendered text, or in every text field of a review.

    Args:
        subject: the text of a document, or a (pseudonymised) review.
        data: the original review, whose names are looked for.
    """
    if isinstance(subject, str):
        return check_text(subject, data)
    leaks: list[Leak] = []
    names = _Names.of(data)
    dumped = subject.model_dump(mode="json")
    dumped.pop("pseudonyms", None)
    for path, text in _strings(dumped, ""):
        leaks.extend(_check_text(text, names, path))
    return leaks
