"""The theme register: the themes a finding can be tagged with, and counting them.

A partnership reports its learning across reviews by theme ("information sharing came
up in four reviews this year"). The register is a built-in taxonomy, extendable with
the partnership's own names (its settings); a theme a finding already carries that is
in neither (typed before the register existed, or from another partnership's archive)
is never dropped: it is counted under its own name and marked as not in the register.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workshop_tui.domain.models import Finding, Review

THEMES: tuple[str, ...] = (
    "information sharing",
    "risk assessment and critical thinking",
    "professional curiosity",
    "voice of the child",
    "family engagement and disguised compliance",
    "challenge and escalation",
    "whole family including fathers and men",
    "thresholds and procedures",
    "transitions",
    "neglect and cumulative harm",
    "babies under one",
    "domestic abuse",
    "parental mental health and substance use",
    "risks outside the home",
    "race, culture and identity",
    "disability, health and not in school",
    "supervision, workload and leadership",
    "good practice",
)
"""The built-in taxonomy, in the order it is offered."""


def _key(name: str) -> str:
    """How two spellings of one theme compare: case and runs of spaces ignored."""
    return " ".join(name.split()).casefold()


def theme_register(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The built-in themes followed by ``extra`` (the partnership's own, from its
    settings), each once: an extra name that repeats a built-in one (in any case) or
    an earlier extra is left out, and blank names are ignored."""
    seen = {_key(name) for name in THEMES}
    register = list(THEMES)
    for name in extra:
        tidy = " ".join(str(name).split())
        if tidy and _key(tidy) not in seen:
            seen.add(_key(tidy))
            register.append(tidy)
    return tuple(register)


def canonical_theme(name: str, register: Sequence[str] = THEMES) -> str:
    """``name`` as the register spells it ("Voice of the Child" -> "voice of the child");
    a name not in the register comes back tidied (spaces collapsed), never dropped."""
    tidy = " ".join(name.split())
    key = _key(tidy)
    return next((theme for theme in register if _key(theme) == key), tidy)


def in_register(name: str, register: Sequence[str] = THEMES) -> bool:
    """Whether ``name`` is one of the register's themes (case ignored)."""
    key = _key(name)
    return any(_key(theme) == key for theme in register)


def filter_themes(themes: Sequence[str], typed: str) -> list[str]:
    """The themes matching what was typed, in register order, the best matches first.

    The picker's filter has no spaces (Space toggles), so the typed letters are
    matched against each theme with and without its spaces and punctuation: ``voice``
    and ``voiceof`` find "voice of the child"; ``da`` finds "domestic abuse" by its
    initials. A theme starting with the typed text comes before one merely holding it.
    """
    text = "".join(typed.split()).casefold()
    if not text:
        return list(themes)
    starts: list[str] = []
    holds: list[str] = []
    for theme in themes:
        lower = theme.casefold()
        squashed = "".join(ch for ch in lower if ch.isalnum())
        words = [w for w in lower.replace(",", " ").split() if w]
        initials = "".join(w[0] for w in words)
        if lower.startswith(text) or squashed.startswith(text) or initials.startswith(text):
            starts.append(theme)
        elif text in lower or text in squashed or any(w.startswith(text) for w in words):
            holds.append(theme)
    return starts + holds


def tidy_themes(names: Iterable[str], register: Sequence[str] = THEMES) -> list[str]:
    """A finding's themes as stored: register spelling, each once, order kept."""
    out: list[str] = []
    for name in names:
        theme = canonical_theme(name, register)
        if theme and _key(theme) not in {_key(t) for t in out}:
            out.append(theme)
    return out


# counting ---------------------------------------------------------------------


def review_year(review: Review) -> int | None:
    """The year a review is counted in: its workshop's, else the end of its period."""
    day = review.workshop_date or review.period_end
    return day.year if day else None


def review_day(review: Review) -> dt.date | None:
    """The day a review is placed by in a date range (as ``review_year``)."""
    return review.workshop_date or review.period_end


@dataclass(slots=True)
class ThemeCount:
    """One theme across the reviews counted."""

    theme: str
    in_register: bool
    findings: int = 0
    agreed: int = 0
    reviews: list[str] = field(default_factory=list)
    """The references of the reviews with a finding on it, in review order."""
    by_year: Counter[int | None] = field(default_factory=Counter)
    """Findings by the year of their review (None: a review with no date)."""
    levels: Counter[str] = field(default_factory=Counter)
    """Findings by level (``Finding.level``); unset ones are not counted here."""
    scopes: Counter[str] = field(default_factory=Counter)
    """Findings by scope (``Finding.scope``)."""
    items: list[tuple[Review, Finding]] = field(default_factory=list)
    """The findings themselves, with their review (the Themes screen's drill-down)."""


@dataclass(slots=True)
class ThemeTally:
    """Counts by theme over a set of reviews (``tally_themes``)."""

    themes: list[ThemeCount]
    """Every theme of the register (even those with no finding), then any other names
    found on findings, in that order."""
    reviews: list[Review]
    """The reviews counted."""
    years: list[int | None]
    """The years the counted reviews fall in, oldest first (None last)."""
    untagged: int = 0
    """Findings of the counted reviews with no theme at all."""
    left_out: list[Review] = field(default_factory=list)
    """Reviews outside the date range, or with no date when a range was asked for."""

    def used(self) -> list[ThemeCount]:
        """The themes with at least one finding."""
        return [t for t in self.themes if t.findings]


def _level_name(value: object) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


def tally_themes(
    reviews: Iterable[tuple[Review, Sequence[Finding]]],
    register: Sequence[str] = THEMES,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ThemeTally:
    """Count findings by theme across ``reviews`` (each with its live findings).

    A review is counted when its day (``review_day``) falls within ``start`` and
    ``end`` (either may be None: open); with a range given, a review with no day is
    left out and listed in ``left_out``. A finding with two themes counts once under
    each; a theme's review is listed once however many of its findings carry it.
    """
    counts: dict[str, ThemeCount] = {_key(t): ThemeCount(t, in_register=True) for t in register}
    counted: list[Review] = []
    left_out: list[Review] = []
    years: set[int | None] = set()
    untagged = 0
    for review, findings in reviews:
        day = review_day(review)
        ranged = start is not None or end is not None
        if ranged and (day is None or (start and day < start) or (end and day > end)):
            left_out.append(review)
            continue
        counted.append(review)
        year = review_year(review)
        years.add(year)
        for finding in findings:
            themes = tidy_themes(finding.themes, register)
            if not themes:
                untagged += 1
            for theme in themes:
                key = _key(theme)
                count = counts.get(key)
                if count is None:
                    count = counts[key] = ThemeCount(theme, in_register=False)
                count.findings += 1
                count.agreed += int(finding.agreed)
                if review.reference not in count.reviews:
                    count.reviews.append(review.reference)
                count.by_year[year] += 1
                level = _level_name(finding.level)
                if level:
                    count.levels[level] += 1
                scope = _level_name(finding.scope)
                if scope:
                    count.scopes[scope] += 1
                count.items.append((review, finding))
    ordered_years = sorted(y for y in years if y is not None) + ([None] if None in years else [])
    return ThemeTally(
        themes=list(counts.values()),
        reviews=counted,
        years=ordered_years,
        untagged=untagged,
        left_out=left_out,
    )


def counter_text(counter: Counter[str]) -> str:
    """``practice 2, partnership 1`` (most first), or "" when empty."""
    return ", ".join(f"{name} {n}" for name, n in counter.most_common())
