"""Ranking who is speaking from what the note-taker typed: names first, never inside a word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workshop_tui.domain.models import Attendance, Participant
from workshop_tui.domain.speakers import MatchTier, rank_participants, word_tier

CHAIR = Participant(id=1, name="Nadia Quist", role="Independent Chair", agency="partnership")
PENROSE = Participant(id=2, name="Maya Penrose", role="Family Support Worker", agency="social care")
FROST = Participant(id=3, name="Elin Frost", role="Designated Safeguarding Lead", agency="school")
WREN = Participant(id=4, name="Cora Wren", role="Health Visitor", agency="health")
MARSH = Participant(id=5, name="Dev Marsh", role="Detective Sergeant", agency="police")
OKAFOR = Participant(id=6, name="Ben Okafor", role="GP", agency="gp_practice")
PEOPLE = [CHAIR, PENROSE, FROST, WREN, MARSH, OKAFOR]
AGENCIES = {
    "school": "Larkrise Primary School",
    "health": "Fernmoor Community Health",
    "police": "Fernmoor Police",
    "partnership": "Fernmoor Safeguarding Partnership",
}


def _ids(text: str, people: list[Participant] = PEOPLE) -> list[int | None]:
    return [p.id for p in rank_participants(people, text, AGENCIES)]


def test_the_start_of_a_surname_beats_a_match_inside_a_word() -> None:
    # "Independent" contains "pen": it must not put the chair first, nor at all.
    assert _ids("pen") == [PENROSE.id]
    assert _ids("Pen") == [PENROSE.id]
    assert _ids("maya") == [PENROSE.id]


def test_role_initials_and_abbreviations() -> None:
    assert _ids("dsl") == [FROST.id]
    assert _ids("hv") == [WREN.id]
    assert _ids("gp")[0] == OKAFOR.id
    assert _ids("ds")[0] == MARSH.id  # Detective Sergeant's initials exactly, before DSL's start
    assert FROST.id in _ids("ds")
    sw = Participant(id=7, name="Finn Sorrel", role="Social Worker", agency="social care")
    assert _ids("sw", [*PEOPLE, sw])[0] == sw.id  # before the Family Support Worker
    deputy = Participant(id=9, name="Gus Lyle", role="Deputy Head and Designated Safeguarding Lead")
    assert _ids("dsl", [deputy]) == [deputy.id]
    psl = Participant(id=10, name="Ren Coll", role="GP and Practice Safeguarding Lead")
    assert _ids("psl", [deputy, psl]) == [psl.id]
    senco = Participant(id=8, name="Ada Lyle", role="Special Educational Needs Co-ordinator")
    assert _ids("senco", [*PEOPLE, senco]) == [senco.id]


def test_name_initials_and_words_of_a_role() -> None:
    assert _ids("cw") == [WREN.id]
    assert _ids("health vis") == [WREN.id]
    assert _ids("safeguarding")[0] == FROST.id


def test_names_rank_above_roles_and_roles_above_agencies() -> None:
    fern = Participant(id=9, name="Fern Ash", role="Advocate")
    # "fern" is Fern Ash's first name and three agencies' first word
    assert _ids("fern", [*PEOPLE, fern])[0] == fern.id
    assert word_tier("fern", fern) == MatchTier.NAME_WORD
    assert word_tier("fern", MARSH, AGENCIES["police"]) == MatchTier.AGENCY
    assert word_tier("lark", FROST, AGENCIES["school"]) == MatchTier.AGENCY
    assert word_tier("det", MARSH) == MatchTier.ROLE_WORD


def test_nothing_typed_is_everyone_present_first() -> None:
    here = Participant(id=10, name="Ivo Tamm", attendance=Attendance.PRESENT)
    assert _ids("", [*PEOPLE, here])[0] == here.id
    assert len(_ids("", [*PEOPLE, here])) == len(PEOPLE) + 1


def test_a_name_not_on_the_list_matches_nobody() -> None:
    assert _ids("Tom Ashdown") == []
    assert _ids("rose") == []  # inside Penrose: not a match


def test_present_first_among_equal_matches() -> None:
    absent = Participant(id=11, name="Ann Oak", attendance=Attendance.ABSENT)
    present = Participant(id=12, name="Ann Reed", attendance=Attendance.PRESENT)
    assert _ids("ann", [absent, present]) == [present.id, absent.id]


_names = st.text(alphabet="abcdefghijklmnop -", min_size=1, max_size=20).filter(str.strip)
_people = st.lists(
    st.builds(
        Participant,
        name=_names,
        role=st.text(alphabet="abcdefghijklmnop ", max_size=20),
        agency=st.text(alphabet="abcdefgh_", max_size=8),
        attendance=st.sampled_from(list(Attendance)),
    ),
    max_size=8,
)


@given(_people, st.text(alphabet="abcdefghijklmnop -", max_size=6))
def test_ranking_keeps_only_matches_and_puts_name_matches_first(
    people: list[Participant], typed: str
) -> None:
    ranked = rank_participants(people, typed)
    # Only people from the list, each once.
    assert len({id(p) for p in ranked}) == len(ranked)
    assert all(any(p is q for q in people) for p in ranked)
    words = typed.lower().split()
    if not words:
        assert len(ranked) == len(people)
        return
    # Everyone kept matches every word; nobody left out does.
    for person in people:
        matches = all(word_tier(w, person) is not None for w in words)
        assert matches == any(p is person for p in ranked)
    # Someone matched by name on every word is never below someone who is not.
    by_name = [
        all(word_tier(w, p) in (MatchTier.NAME_WORD, MatchTier.NAME_INITIALS) for w in words)
        for p in ranked
    ]
    assert by_name == sorted(by_name, reverse=True)
