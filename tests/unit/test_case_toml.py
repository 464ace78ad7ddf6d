"""case.toml validation messages, and whole case packs read with read_pack/check_pack."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workshop_tui.domain.models import Attendance
from workshop_tui.domain.problems import InputError, Severity
from workshop_tui.importers.case_toml import parse_case_toml, read_case_toml, safe_relative_path
from workshop_tui.importers.pack import check_pack, read_pack

GOOD = """
[review]
reference = "LR-2099-01"
title = "Learning Review: Child T"
subject = "Child T"
period_start = 2023-01-01
period_end = 2023-12-31
workshop_date = 2024-05-21
workshop_start = "09:30"

[[agencies]]
key = "police"
name = "Fernmoor Police"
files = ["chronologies/police.csv"]
columns = { date = "When" }

[[agencies]]
key = "health"
files = ["./chronologies\\\\health.csv"]

[[participants]]
name = "Ivo Marchetti"
role = "Detective Sergeant"
agency = "police"
attendance = "present"

[[kloes]]
title = "Cumulative risk"
question = "How well was risk recognised?"
minutes = 25
period_start = 2023-02-01
prompts = ["What was known?", "  "]

[[kloes]]
title = "Voice of the child"

[[pseudonyms]]
real = "Ivo Marchetti"
label = "Police Officer 1"
"""


def messages(text: str) -> list[str]:
    return [str(problem) for problem in parse_case_toml(text)[1]]


def test_good_case_toml() -> None:
    config = read_case_toml(GOOD)
    assert config.review is not None
    assert config.review.reference == "LR-2099-01"
    assert config.review.period_start == dt.date(2023, 1, 1)
    assert config.review.workshop_start == dt.time(9, 30)
    assert config.review.marking == "OFFICIAL-SENSITIVE"
    assert config.agencies is not None
    assert [(a.key, a.name, a.files) for a in config.agencies] == [
        ("police", "Fernmoor Police", ("chronologies/police.csv",)),
        ("health", "Health", ("chronologies/health.csv",)),
    ]
    assert config.agencies[0].columns == {"date": "When"}
    assert config.participants[0].attendance is Attendance.PRESENT
    assert [(k.number, k.title, k.minutes) for k in config.kloes] == [
        (1, "Cumulative risk", 25),
        (2, "Voice of the child", 20),
    ]
    assert config.kloes[0].prompts == ["What was known?"]
    assert config.pseudonyms[0].label == "Police Officer 1"


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "period_start = 2023-01-01",
            'period_start = "01/04/2023"',
            'case.toml: [review] period_start: expected a date like 2023-04-01, got "01/04/2023"',
        ),
        (
            "minutes = 25",
            'minutes = "twenty"',
            "case.toml: [[kloes]] #1 minutes: must be a whole number of minutes between 1 and "
            '480, got "twenty"',
        ),
        (
            "minutes = 25",
            "minutes = 0",
            "case.toml: [[kloes]] #1 minutes: must be a whole number of minutes between 1 and "
            "480, got 0",
        ),
        (
            'reference = "LR-2099-01"',
            "",
            'case.toml: [review] reference: required, e.g. reference = "..."',
        ),
        (
            'title = "Learning Review: Child T"',
            'title = "  "',
            "case.toml: [review] title: required, and must not be empty",
        ),
        (
            'subject = "Child T"',
            'subjct = "Child T"',
            "case.toml: [review] subjct: unknown key (known keys: reference, title, subject, "
            "partnership, lead_reviewer, note_taker, marking, location, terms_of_reference, "
            'period_start, period_end, workshop_date, workshop_start); did you mean "subject"?',
        ),
        (
            'workshop_start = "09:30"',
            'workshop_start = "half nine"',
            'case.toml: [review] workshop_start: expected a time like "09:30", got "half nine"',
        ),
        (
            "period_end = 2023-12-31",
            "period_end = 2022-12-31",
            "case.toml: [review] period_end: 2022-12-31 is before period_start 2023-01-01",
        ),
        (
            'attendance = "present"',
            'attendance = "maybe"',
            "case.toml: [[participants]] #1 attendance: must be one of invited, present, "
            'apologies, absent, got "maybe"',
        ),
        (
            'columns = { date = "When" }',
            'columns = { when = "When" }',
            'case.toml: [[agencies]] #1 columns: unknown field "when" (fields: date, time, '
            "practitioner, event, outcome, analysis, end_date)",
        ),
        (
            'label = "Police Officer 1"',
            "",
            'case.toml: [[pseudonyms]] #1 label: required, e.g. label = "..."',
        ),
        (
            'key = "health"',
            'key = "police"',
            'case.toml: [[agencies]] key: "police" is used by two agencies',
        ),
        (
            "[[pseudonyms]]",
            "[[pseudonym]]",
            "case.toml: pseudonym: unknown key (known keys: review, agencies, participants, "
            'kloes, pseudonyms); did you mean "pseudonyms"?',
        ),
    ],
)
def test_validation_messages_name_the_key_and_the_value(
    replace: str, by: str, expected: str
) -> None:
    assert replace in GOOD
    assert expected in messages(GOOD.replace(replace, by, 1))


@pytest.mark.parametrize(
    "path",
    ["../outside.csv", "/etc/passwd", "chronologies/../../x.csv", "C:\\\\x.csv", "..\\\\x.csv"],
)
def test_paths_outside_the_pack_are_refused(path: str) -> None:
    text = GOOD.replace('"chronologies/police.csv"', f'"{path}"')
    assert any("is outside the case pack" in m for m in messages(text))


def test_safe_relative_path() -> None:
    assert safe_relative_path("chronologies/a.csv") == "chronologies/a.csv"
    assert safe_relative_path("./chronologies\\a.csv") == "chronologies/a.csv"
    assert safe_relative_path("..") is None
    assert safe_relative_path("\\\\server\\share\\a.csv") is None


def test_invalid_toml_names_the_line() -> None:
    (message,) = messages('[review]\nreference = "x\n')
    assert message.startswith("case.toml:2: not valid TOML:")


def test_missing_review_and_read_case_toml_raises_with_every_problem() -> None:
    with pytest.raises(InputError) as caught:
        read_case_toml('[[kloes]]\ntitle = "A"\nminutes = "x"\n')
    text = str(caught.value)
    assert "[review]: required" in text
    assert "[[kloes]] #1 minutes" in text


# --- whole packs -------------------------------------------------------------------


def make_pack(tmp_path: Path, case: str, files: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "case.toml").write_text(case, encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


MINIMAL = '[review]\nreference = "LR-1"\ntitle = "T"\nperiod_start = 2023-01-01\n'


def test_pack_without_agencies_uses_every_chronology_file(tmp_path: Path) -> None:
    pack = make_pack(
        tmp_path,
        MINIMAL,
        {
            "chronologies/social_care.csv": "Date,Details\n05/03/2023,Visit\n03/02/2023,Call\n",
            "chronologies/police.csv": "Date,Time,Details\n05/03/2023,10:00,Strategy discussion\n"
            "01/01/2022,,Old\n31/02/2023,,Bad\n",
            "chronologies/readme.txt": "notes",
            "chronologies/~$police.csv": "lock file",
        },
    )
    result = read_pack(pack)
    assert [(a.key, a.name) for a in result.data.agencies] == [
        ("police", "Police"),
        ("social_care", "Social Care"),
    ]
    entries = result.data.entries
    assert len(entries) == 5
    assert entries[-1].error is not None  # entries needing attention sort last
    assert [str(p) for p in result.errors] == [
        'chronologies/police.csv:4: invalid date "31/02/2023": February 2023 has 28 days'
    ]
    warnings = [str(p) for p in result.warnings]
    assert (
        "chronologies/social_care.csv:3: warning: out of date order: 03/02/2023 comes after "
        "05/03/2023" in warnings
    )
    assert any(
        w.startswith("chronologies/police.csv:3: warning: 1 entry is outside") for w in warnings
    )
    assert any(w.startswith("chronologies/readme.txt: warning: ignored") for w in warnings)
    old = next(e for e in entries if e.event == "Old")
    assert old.in_period is False
    assert all(p.severity is Severity.WARNING for p in result.warnings)


def test_pack_without_case_toml(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no case\.toml"):
        read_pack(tmp_path)


def test_no_date_column_is_fatal_and_a_missing_file_only_a_warning(tmp_path: Path) -> None:
    case = MINIMAL + (
        '[[agencies]]\nkey = "a"\nfiles = ["chronologies/missing.csv"]\n'
        '[[agencies]]\nkey = "b"\nfiles = ["chronologies/b.csv"]\n'
    )
    pack = make_pack(tmp_path, case, {"chronologies/b.csv": "When it happened,What\nx,y\n"})
    with pytest.raises(InputError) as caught:
        read_pack(pack)
    assert [p.location for p in caught.value.problems] == ["chronologies/b.csv"]
    found = check_pack(pack)
    assert found[0] == caught.value.problems[0]
    missing = [p for p in found if p.location == "chronologies/missing.csv"]
    assert [p.severity for p in missing] == [Severity.WARNING]
    assert '"a"' in missing[0].message and "outstanding" in missing[0].message


def test_check_pack_never_raises_for_bad_input(tmp_path: Path) -> None:
    problems = check_pack(tmp_path / "nowhere")
    assert problems and "not a case pack" in problems[0].message
    make_pack(tmp_path, "[review\n", {})
    assert check_pack(tmp_path)[0].message.startswith("not valid TOML")


def test_symlink_out_of_the_pack_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("Date,Event\n01/01/2023,x\n", encoding="utf-8")
    pack = tmp_path / "pack"
    case = MINIMAL + '[[agencies]]\nkey = "a"\nfiles = ["chronologies/a.csv"]\n'
    make_pack(pack, case, {})
    (pack / "chronologies").mkdir()
    (pack / "chronologies" / "a.csv").symlink_to(outside)
    with pytest.raises(InputError, match="outside the case pack"):
        read_pack(pack)


def test_columns_override_applies_to_that_agency(tmp_path: Path) -> None:
    case = MINIMAL + (
        '[[agencies]]\nkey = "police"\nname = "Fernmoor Police"\n'
        'files = ["chronologies/p.csv"]\ncolumns = { date = "When it happened" }\n'
    )
    pack = make_pack(
        tmp_path, case, {"chronologies/p.csv": "When it happened,What\n02/02/2023,y\n"}
    )
    result = read_pack(pack)
    (entry,) = result.data.entries
    assert entry.date == dt.date(2023, 2, 2)
    assert entry.extra == {"What": "y"}
    assert result.data.agencies[0].name == "Fernmoor Police"


def test_an_agency_without_a_name_is_named_from_its_key_as_a_found_file_would_be() -> None:
    from workshop_tui.importers.case_toml import default_agency_name

    assert default_agency_name("children-services") == "Children Services"
    assert default_agency_name("early_help") == "Early Help"
