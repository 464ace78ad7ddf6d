"""Who is speaking: rank the review's participants against what the note-taker typed.

A note-taker types the start of a surname (``pen`` for Penrose), a first name,
someone's initials, their role's initials (``dsl``, ``hv``) or part of their
agency. Matches at the start of a name's words come first, then the role, then
the agency; a match inside a word counts for nothing, so ``pen`` never picks the
Independent Chair ahead of Penrose, and a name typed for someone not on the list
does not quietly pick whoever contains it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import IntEnum

from workshop_tui.domain.models import Attendance, Participant

ATTENDANCE_ORDER: dict[Attendance, int] = {
    Attendance.PRESENT: 0,
    Attendance.INVITED: 1,
    Attendance.APOLOGIES: 2,
    Attendance.ABSENT: 3,
}

ROLE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "gp": ("general practitioner", "general practice", "gp"),
    "sw": ("social worker", "social work"),
    "hv": ("health visitor", "health visiting"),
    "sn": ("school nurse",),
    "mw": ("midwife", "midwifery"),
    "dr": ("doctor", "consultant", "paediatrician"),
    "senco": ("special educational needs",),
    "iro": ("independent reviewing officer",),
    "dsl": ("designated safeguarding lead", "designated safeguarding officer"),
    "camhs": ("child and adolescent mental health", "camhs"),
    "ypdaw": ("young people's drug and alcohol",),
    "pc": ("police constable", "constable"),
    "dc": ("detective constable",),
    "ds": ("detective sergeant",),
    "di": ("detective inspector",),
}
"""Common abbreviations a room uses for roles that their initials do not spell."""

_SMALL_WORDS = frozenset({"and", "of", "for", "the", "to", "in", "a"})
_WORD = re.compile(r"[^\W_]+")


class MatchTier(IntEnum):
    """How a typed word matched a participant; lower is better."""

    NAME_WORD = 0
    """The start of a word of the name (first name, surname, either half of Ann-Marie)."""
    NAME_INITIALS = 1
    """The name's initials, or their start (``cw`` for Cora Wren)."""
    ROLE_WORD = 2
    """The start of a word of the role, the role's initials or a common abbreviation."""
    ROLE_INITIALS_PART = 3
    """Initials of some of the role's words in a row: ``ds`` for Designated Safeguarding
    Lead, ``dsl`` for Deputy Headteacher and Designated Safeguarding Lead."""
    AGENCY = 4
    """The start of a word of the agency's key or name, or the agency's initials."""


def _starts_a_word(word: str, text: str) -> bool:
    """Whether ``word`` occurs in ``text`` at the start of one of its words."""
    start = text.find(word)
    while start != -1:
        if start == 0 or not text[start - 1].isalnum():
            return True
        start = text.find(word, start + 1)
    return False


def _initials(text: str, skip_small: bool = False) -> str:
    words = _WORD.findall(text)
    if skip_small:
        words = [w for w in words if w not in _SMALL_WORDS]
    return "".join(w[0] for w in words)


def word_tier(word: str, participant: Participant, agency_name: str = "") -> MatchTier | None:
    """The best way ``word`` (lower case, no spaces) matches ``participant``, or None.

    Args:
        word: one typed word, lower case.
        participant: the person to match.
        agency_name: the name of the participant's agency (its key is on the participant).

    Returns:
        The best tier, or None when the word matches only inside words or not at all.
    """
    if not word:
        return None
    name = participant.name.lower()
    if _starts_a_word(word, name):
        return MatchTier.NAME_WORD
    if len(word) >= 2 and _initials(name).startswith(word):
        return MatchTier.NAME_INITIALS
    role = participant.role.lower()
    if role:
        initials = {_initials(role), _initials(role, skip_small=True)}
        if (
            _starts_a_word(word, role)
            or word in initials
            or any(phrase in role for phrase in ROLE_ABBREVIATIONS.get(word, ()))
        ):
            return MatchTier.ROLE_WORD
        if len(word) >= 2 and any(word in i for i in initials):
            return MatchTier.ROLE_INITIALS_PART
    agency = f"{participant.agency} {agency_name}".lower()
    agency_initials = {_initials(agency_name.lower()), _initials(agency_name.lower(), True)}
    if _starts_a_word(word, agency) or (len(word) >= 2 and word in agency_initials):
        return MatchTier.AGENCY
    return None


def rank_participants(
    participants: Sequence[Participant],
    text: str,
    agency_names: Mapping[str, str] | None = None,
) -> list[Participant]:
    """The participants matching every typed word, best match first.

    With nothing typed, everyone, present first. Otherwise a participant is kept
    when each typed word matches at the start of a word of their name, role or
    agency (or their initials, or a role's common abbreviation), and ranked by
    their worst-matching word's tier, then by all the tiers together, then present
    first, then in the list's order.

    Args:
        participants: the review's participants, in the order they were added.
        text: what was typed.
        agency_names: agency key to name, so that the agency's name matches too.

    Returns:
        The matching participants, best first.
    """
    names = agency_names or {}
    words = text.lower().split()
    ranked: list[tuple[tuple[int, int, int, int], Participant]] = []
    for index, person in enumerate(participants):
        attendance = ATTENDANCE_ORDER.get(person.attendance, 9)
        tiers: list[int] = []
        for word in words:
            tier = word_tier(word, person, names.get(person.agency, ""))
            if tier is None:
                break
            tiers.append(tier)
        else:
            worst = max(tiers, default=0)
            ranked.append(((worst, sum(tiers), attendance, index), person))
    ranked.sort(key=lambda pair: pair[0])
    return [person for _, person in ranked]
