"""The action tracker workbook (issue 13): written with real dates, lists, a frozen header
and filters; edited in openpyxl as an agency would in Excel; read back, every edited cell
proposed, then applied as audited updates, or refused with the sheet row and column."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import (
    Action,
    ActionStatus,
    Agency,
    Assurance,
    Rag,
    Review,
    ReviewData,
)
from workshop_tui.domain.tracker import BY_KEY, COLUMNS, TrackerRefused, column_letter
from workshop_tui.services import Services
from workshop_tui.services.actions import ActionRefused
from workshop_tui.storage.repository import Repository

NOW = dt.datetime(2027, 3, 10, 14, 0)


@pytest.fixture
def services() -> Services:
    repo = Repository.memory(clock=frozen_clock(NOW))
    for reference, agency in (("LR-1", "police"), ("LR-2", "health")):
        repo.create_review(
            ReviewData(
                review=Review(reference=reference, title=f"Child {reference}"),
                agencies=[Agency(key=agency, name=f"Corrow {agency.title()}")],
                actions=[
                    Action(
                        description=f"Action one of {reference}",
                        owner="Designated Nurse",
                        lead_agency=agency,
                        target_date=dt.date(2027, 2, 28),
                        status=ActionStatus.IN_PROGRESS,
                    ),
                    Action(
                        description=f"=Action two of {reference}",  # looks like a formula
                        owner="Head of Front Door",
                        target_date=dt.date(2027, 6, 30),
                    ),
                ],
            )
        )
    return Services(repo, frozen_clock(NOW))


def _col(key: str) -> int:
    return [c.key for c in COLUMNS].index(key) + 1


def _write(services: Services, tmp_path: Path) -> Path:
    target = tmp_path / "tracker.xlsx"
    assert services.actions.write_tracker(target) == 4
    return target


def _edit(path: Path, edits: dict[tuple[int, str], object]) -> Path:
    book = load_workbook(path)
    sheet = book["Action tracker"]
    for (row, key), value in edits.items():
        sheet.cell(row=row, column=_col(key), value=value)
    edited = path.with_name("edited.xlsx")
    book.save(edited)
    return edited


def test_the_workbook_has_real_dates_lists_a_frozen_header_and_filters(
    services: Services, tmp_path: Path
) -> None:
    book = load_workbook(_write(services, tmp_path))
    sheet = book["Action tracker"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{column_letter(len(COLUMNS))}5"
    assert sheet.cell(row=2, column=_col("id")).value == services.actions.list_actions()[0].id
    target = sheet.cell(row=2, column=_col("target_date"))
    assert target.value == dt.datetime(2027, 2, 28) and target.number_format == "DD/MM/YYYY"
    assert sheet.cell(row=2, column=_col("due")).value == "OVERDUE by 10 days"
    assert sheet.cell(row=3, column=_col("description")).value == "'=Action two of LR-1"
    lists = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
        for dv in sheet.data_validations.dataValidation
    }
    assert lists[column_letter(_col("status"))] == '"open,in progress,completed,closed"'
    assert lists[column_letter(_col("rag"))] == '"Red,Amber,Green"'
    assert lists[column_letter(_col("assurance"))] == '"Substantial,Reasonable,Limited,No"'
    assert book["workshop-tui"].sheet_state == "veryHidden"


def test_an_edited_cell_is_proposed_then_applied_and_audited(
    services: Services, tmp_path: Path
) -> None:
    first = services.actions.list_actions()[0]
    edited = _edit(
        _write(services, tmp_path),
        {
            (2, "new_progress"): "Training delivered to 14 of 20 staff",
            (2, "rag"): "Amber",
            (2, "revised_target"): dt.datetime(2027, 5, 31),
            (2, "revision_reason"): "Trainer off sick in February",
            (2, "assurance"): "Limited",
            (2, "due"): "not late at all",  # worked out by workshop-tui: shown, not written
        },
    )
    proposal = services.actions.propose_tracker(edited)
    shown = [str(c) for c in proposal.changes]
    assert shown == [
        f'LR-1 A1 (action {first.id}), Revised target date: "" -> "2027-05-31"',
        f'LR-1 A1 (action {first.id}), Reason for revised date: "" -> '
        '"Trainer off sick in February"',
        f'LR-1 A1 (action {first.id}), RAG: "" -> "Amber"',
        f'LR-1 A1 (action {first.id}), New progress update: "" -> '
        '"Training delivered to 14 of 20 staff"',
        f'LR-1 A1 (action {first.id}), Assurance: "" -> "Limited"',
    ]
    assert [c.column for c in proposal.ignored] == ["Due"]
    assert services.actions.get(first.id).action.progress == []  # nothing written yet
    services.actions.apply_tracker(edited, proposal)
    action = services.actions.get(first.id).action
    assert [(p.text, p.rag, p.by) for p in action.progress] == [
        ("Training delivered to 14 of 20 staff", Rag.AMBER, "tracker edited.xlsx")
    ]
    assert (action.rag, action.assurance) == (Rag.AMBER, Assurance.LIMITED)
    assert action.target_date == dt.date(2027, 2, 28)
    assert [(r.previous, r.target) for r in action.revisions] == [
        (dt.date(2027, 2, 28), dt.date(2027, 5, 31))
    ]
    fields = {e.field for e in services.repository.action_changes("rag")}
    assert fields == {"rag"}
    # The same copy again: the database already holds all of it, so nothing is
    # proposed and the progress update is not added twice.
    again = services.actions.propose_tracker(edited)
    assert again.changes == [] and again.updates == []
    services.actions.apply_tracker(edited, again)
    assert len(services.actions.get(first.id).action.progress) == 1


def test_a_cell_changed_in_workshop_tui_since_is_refused(
    services: Services, tmp_path: Path
) -> None:
    first = services.actions.list_actions()[0]
    edited = _edit(_write(services, tmp_path), {(2, "owner"): "Named Nurse"})
    services.actions.set_details(first.id, owner="Safeguarding Lead")
    letter = column_letter(_col("owner"))
    message = _refusal(services, edited)
    assert f"row 2, column {letter} (Owner (role)): changed in workshop-tui too" in message
    assert '(now "Safeguarding Lead")' in message


def test_progress_text_is_added_never_over_the_log(services: Services, tmp_path: Path) -> None:
    first = services.actions.list_actions()[0]
    services.actions.record_progress(first.id, "Plan agreed", Rag.GREEN, by="Chair")
    edited = _edit(_write(services, tmp_path), {(2, "new_progress"): "Rollout started"})
    services.actions.apply_tracker(edited, services.actions.propose_tracker(edited))
    log = services.actions.get(first.id).action.progress
    assert [p.text for p in log] == ["Plan agreed", "Rollout started"]


def test_evidence_and_closing_in_one_row(services: Services, tmp_path: Path) -> None:
    first = services.actions.list_actions()[0]
    services.actions.move(first.id, ActionStatus.COMPLETED)
    edited = _edit(
        _write(services, tmp_path),
        {(2, "evidence"): "Audit of 20 referrals, March", (2, "status"): "closed"},
    )
    services.actions.apply_tracker(edited, services.actions.propose_tracker(edited))
    action = services.actions.get(first.id).action
    assert (action.status, action.evidence) == (ActionStatus.CLOSED, "Audit of 20 referrals, March")


def _refusal(services: Services, path: Path) -> str:
    with pytest.raises(TrackerRefused) as refused:
        services.actions.propose_tracker(path)
    return str(refused.value)


def test_a_changed_action_id_is_refused_with_row_and_column(
    services: Services, tmp_path: Path
) -> None:
    other = services.actions.list_actions()[3].id
    edited = _edit(_write(services, tmp_path), {(3, "id"): other, (2, "owner"): "Someone"})
    message = _refusal(services, edited)
    assert "row 3, column A (Action id): the action id was changed" in message
    with pytest.raises(TrackerRefused):
        services.actions.apply_tracker(edited, services.actions.propose_tracker(edited))


def test_an_unknown_action_id_is_refused(services: Services, tmp_path: Path) -> None:
    edited = _edit(_write(services, tmp_path), {(4, "id"): 999})
    assert "row 4, column A (Action id): no action '999'" in _refusal(services, edited)


def test_a_bad_date_is_refused_and_nothing_is_written(services: Services, tmp_path: Path) -> None:
    first = services.actions.list_actions()[0]
    letter = column_letter(_col("revised_target"))
    edited = _edit(
        _write(services, tmp_path),
        {
            (2, "new_progress"): "Good progress",
            (5, "revised_target"): "31/02/2027",
            (5, "revision_reason"): "Slipped",
        },
    )
    message = _refusal(services, edited)
    assert f"row 5, column {letter} (Revised target date): '31/02/2027' is not a date" in message
    assert services.actions.get(first.id).action.progress == []


def test_a_move_the_rules_refuse_names_the_cell(services: Services, tmp_path: Path) -> None:
    edited = _edit(_write(services, tmp_path), {(3, "status"): "closed"})
    letter = column_letter(_col("status"))
    assert f"row 3, column {letter} (Status): an action that is open moves to" in _refusal(
        services, edited
    )
    edited = _edit(_write(services, tmp_path), {(3, "status"): "finished"})
    assert "'finished' is not a status" in _refusal(services, edited)


def test_a_revised_date_needs_a_reason(services: Services, tmp_path: Path) -> None:
    edited = _edit(_write(services, tmp_path), {(2, "revised_target"): dt.datetime(2027, 7, 1)})
    assert "a revised target date needs a reason" in _refusal(services, edited)


def test_a_proposal_applied_after_the_database_moved_on_writes_nothing(
    services: Services, tmp_path: Path
) -> None:
    first = services.actions.list_actions()[0]
    edited = _edit(_write(services, tmp_path), {(2, "owner"): "Named Nurse"})
    proposal = services.actions.propose_tracker(edited)
    services.actions.set_details(first.id, owner="Safeguarding Lead")
    with pytest.raises((TrackerRefused, ActionRefused)):
        services.actions.apply_tracker(edited, proposal)
    assert services.actions.get(first.id).action.owner == "Safeguarding Lead"


def test_not_a_tracker(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    assert "not an Excel workbook" in _refusal(services, path)
    book = load_workbook(_write(services, tmp_path))
    del book["workshop-tui"]
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(TrackerRefused, match="not a tracker written by workshop-tui"):
        services.actions.propose_tracker(out.getvalue())


def test_the_single_review_tracker_document(services: Services, tmp_path: Path) -> None:
    from workshop_tui.exporters import render

    review = services.reviews.get("LR-2")
    assert review.id is not None
    content = render(services.exports.load(review.id), "tracker", "xlsx", generated_at=NOW)
    sheet = load_workbook(io.BytesIO(content))["Action tracker"]
    assert [sheet.cell(row=r, column=_col("review")).value for r in (2, 3)] == ["LR-2"] * 2
    assert sheet.cell(row=2, column=_col("ref")).value == "A1"
    assert BY_KEY["status"].editable
