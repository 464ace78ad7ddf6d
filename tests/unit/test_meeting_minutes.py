"""The minutes of a later meeting (exporters.meeting_minutes), against a golden file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from workshop_tui.domain.models import (
    Action,
    ActionStatus,
    Attendance,
    Decision,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingNote,
    Participant,
    Rag,
    Review,
    ReviewData,
)
from workshop_tui.exporters.meeting_minutes import of_meeting, render_meeting_minutes

GOLDEN = Path(__file__).parent.parent / "golden" / "meeting_minutes_follow_up.md"
AT = dt.datetime(2027, 1, 12, 10, 5)


def review() -> ReviewData:
    return ReviewData(
        review=Review(
            reference="LR-2099-05",
            title="Learning Review: Child V",
            partnership="Fernmoor Children's Safeguarding Partnership",
            lead_reviewer="Ada Quill",
            note_taker="Bo Tern",
        ),
        participants=[
            Participant(id=1, name="Cora Wren", role="Health Visitor"),
            Participant(id=2, name="Dev Oakes", role="Designated Safeguarding Lead"),
            Participant(id=3, name="Ena Pike", role="Social Worker"),
        ],
        meeting_attendance=[
            MeetingAttendance(meeting_id=2, participant_id=1, attendance=Attendance.PRESENT),
            MeetingAttendance(meeting_id=2, participant_id=2, attendance=Attendance.APOLOGIES),
        ],
        meetings=[
            Meeting(id=1, kind=MeetingKind.WORKSHOP, date=dt.date(2026, 11, 3)),
            Meeting(id=2, kind=MeetingKind.FOLLOW_UP, date=dt.date(2027, 1, 12), started_at=AT),
        ],
        actions=[
            Action(id=7, description="Add a neglect tool.", owner="Named Nurse", meeting_id=1),
            Action(
                id=8,
                description="Brief every DSL.",
                owner="Education Lead",
                status=ActionStatus.IN_PROGRESS,
                meeting_id=1,
            ),
            Action(id=9, description="Audit the tool in June.", owner="QA Lead", meeting_id=2),
        ],
        decisions=[
            Decision(id=1, text="Keep the review open.", participant_id=1, meeting_id=1),
            Decision(id=2, text="Sign off in March.", speaker_name="the panel", meeting_id=2),
        ],
        meeting_notes=[
            MeetingNote(
                meeting_id=2,
                action_id=7,
                text="Piloted in two teams.",
                rag=Rag.AMBER,
                status=ActionStatus.IN_PROGRESS,
                by="Named Nurse",
                at=AT,
            ),
            MeetingNote(
                meeting_id=2,
                action_id=8,
                text="All DSLs briefed.",
                rag=Rag.GREEN,
                status=ActionStatus.COMPLETED,
                at=AT,
            ),
        ],
    )


def test_follow_up_minutes_match_the_golden_file() -> None:
    text = render_meeting_minutes(review(), 2, "md", AT).decode("utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_a_meeting_keeps_only_its_own_captures() -> None:
    workshop = of_meeting(review(), 1)
    assert [a.id for a in workshop.actions] == [7, 8]
    assert [d.text for d in workshop.decisions] == ["Keep the review open."]
    follow_up = of_meeting(review(), 2)
    assert [a.id for a in follow_up.actions] == [9]


def test_the_meetings_command_lists_them_and_writes_one_meeting_s_minutes(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from workshop_tui.cli import main
    from workshop_tui.storage.repository import Repository

    db = tmp_path / "w.db"
    with Repository.open(db) as repository:
        repository.create_review(review())

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["--db", str(db), "meetings", "LR-2099-05", *args])
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = run()
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["1", "workshop", "2026-11-03"],
        ["2", "follow-up", "2027-01-12"],
    ]
    assert lines[1].endswith("2 action update(s)")

    target = tmp_path / "follow-up.md"
    code, out, _ = run("--minutes", "2", "-o", str(target))
    assert code == 0 and f"to {target}" in out
    assert target.read_text(encoding="utf-8").startswith("**OFFICIAL-SENSITIVE**")
    assert "Piloted in two teams." in target.read_text(encoding="utf-8")

    code, _, err = run("--minutes", "3", "-o", str(tmp_path / "x.md"))
    assert code == 1 and "LR-2099-05 has 2 meeting(s); there is no meeting 3" in err
    code, _, err = run("--minutes", "2", "-o", str(db))
    assert code == 1 and "written as .md or .docx, not .db" in err
    disguised = tmp_path / "backup.md"  # a database by its bytes, whatever its name
    disguised.write_bytes(db.read_bytes())
    code, _, err = run("--minutes", "2", "-o", str(disguised))
    assert code == 1 and "database" in err.lower()
    assert disguised.read_bytes() == db.read_bytes()
    code, _, err = run("--minutes", "2")
    assert code == 2 and "go together" in err
