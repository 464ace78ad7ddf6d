"""The linking shortcuts give exactly what the plain computations give (issue 17's import
speed): an account's words split in C, SequenceMatcher's two upper bounds worked out
without building a matcher, a small day's pairs sifted before they are compared."""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from workshop_tui.domain import chronology
from workshop_tui.domain.chronology import (
    _WORD,
    LOWEST_JACCARD,
    SAME_WORDS_JACCARD,
    SAME_WORDS_RATIO,
    _Account,
    _same,
    _similar,
    _small_day_pairs,
    _words,
)
from workshop_tui.domain.display import without_hidden


def similar_as_before(a: _Account, b: _Account) -> bool:
    """``_similar`` as it was: the matcher's three ratios, each only if the last passed."""
    words_a, words_b = a.words, b.words
    if not words_a or not words_b:
        return False
    shared = len(words_a & words_b)
    jaccard = shared / (len(words_a) + len(words_b) - shared)
    if jaccard >= SAME_WORDS_JACCARD:
        return True
    if jaccard < LOWEST_JACCARD:
        return False
    matcher = SequenceMatcher(None, a.sequence, b.sequence, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SAME_WORDS_RATIO
        and matcher.quick_ratio() >= SAME_WORDS_RATIO
        and matcher.ratio() >= SAME_WORDS_RATIO
    )


# Few words, repeated: overlaps around every threshold, repeated words in one account.
EVENTS = st.lists(st.sampled_from(list("abcdefgh")), max_size=14).map(" ".join)


@given(EVENTS, EVENTS)
def test_similar_is_what_the_matcher_said(one: str, two: str) -> None:
    a, b = _Account("police", None, one), _Account("health", None, two)
    assert _similar(a, b) == similar_as_before(a, b)
    assert _similar(b, a) == similar_as_before(b, a)


def test_similar_sees_a_pair_that_passes_only_on_the_full_ratio() -> None:
    # Jaccard 4/6, below the 0.7 that settles it, so the ratios decide.
    a = _Account("police", None, "x a b c d")
    b = _Account("health", None, "a b c d y")
    assert _similar(a, b) is similar_as_before(a, b) is False
    a = _Account("police", None, "a b c d e f g h i j k l m n o p")
    b = _Account("health", None, "a b c d e f g h i j k l m n o p q r s t u v w")
    assert _similar(a, b) == similar_as_before(a, b)


TEXT = st.text(
    st.one_of(
        st.sampled_from("aZ09 -_.,'\t\n\x1b[31m\u202eéßİ\u212aﬁ\x85\x00"),
        st.characters(),
    ),
    max_size=40,
)


@given(TEXT)
def test_words_are_the_regular_expressions_words(text: str) -> None:
    assert _words(text) == tuple(_WORD.findall(without_hidden(text).lower()))


AGENCY = st.sampled_from(["police", "health", "school"])
MINUTE = st.one_of(st.none(), st.integers(9 * 60, 11 * 60))


@given(st.lists(st.tuples(AGENCY, MINUTE, EVENTS), max_size=20))
def test_a_small_days_sifted_pairs_hold_every_pair_compared_alike(
    day: list[tuple[str, int | None, str]],
) -> None:
    accounts = [
        _Account(agency, None if m is None else dt.time(m // 60, m % 60), event)
        for agency, m, event in day
    ]
    pairs = _small_day_pairs(accounts)
    assert pairs == sorted(pairs)
    every = combinations(range(len(accounts)), 2)
    assert [p for p in every if _same(accounts[p[0]], accounts[p[1]])] == [
        p for p in pairs if _same(accounts[p[0]], accounts[p[1]])
    ]
    assert chronology.SMALL_DAY >= 20  # these days take the sifted path


def test_a_pair_at_the_lowest_word_overlap_is_kept_and_linked() -> None:
    # Word sets {a, b, c, d} and {a, b, e}: Jaccard 2/5, exactly the lowest compared;
    # the sequences match in 11 of 25 places each side: ratio 0.88, the same words.
    one, two = "a " * 10 + "b c d", "a " * 10 + "b e"
    accounts = [_Account("police", None, one), _Account("health", None, two)]
    assert similar_as_before(*accounts)
    assert _similar(*accounts)
    assert _small_day_pairs(accounts) == [(0, 1)]
