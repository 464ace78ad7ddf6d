"""The Themes screen (F9): counts across reviews, a theme's findings, opening one."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from workshop_tui.app import WorkshopApp
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.home import HomeScreen
from workshop_tui.ui.screens.outcomes import OutcomesScreen
from workshop_tui.ui.screens.themes import ThemesScreen

from .themes_fixtures import three_reviews


def _cells(table: DataTable, row: int) -> list[str]:  # type: ignore[type-arg]
    return [str(c) for c in table.get_row_at(row)]


async def test_counts_drill_down_and_open_a_finding(
    app: WorkshopApp, repository: Repository
) -> None:
    three_reviews(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f11")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemesScreen)
        table = screen.query_one("#themes-table", DataTable)
        rows = {_cells(table, i)[0]: _cells(table, i) for i in range(table.row_count)}
        # information sharing: 2 findings in 2 reviews, 1 in 2024 and 1 in 2100
        assert rows["information sharing"][1:5] == ["2", "2", "1", "1"]
        # spelled differently, counted together; a name outside the register is marked
        assert rows["voice of the child"][1:3] == ["2", "2"]
        assert "Online safety (not in register)" in rows
        status = str(screen.query_one("#themes-status", Static).render())
        assert "3 review(s)" in status and "1 finding(s) with no theme" in status

        # a theme's findings, with level and scope; the markup-like text shown as typed
        table.move_cursor(row=list(rows).index("information sharing"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        findings = screen.query_one("#themes-findings", DataTable)
        assert findings.has_focus
        listed = [_cells(findings, i) for i in range(findings.row_count)]
        assert [r[0] for r in listed] == ["LR-2099-01", "LR-2100-03"]
        assert listed[0][3:5] == ["partnership", "multi-agency"]
        assert listed[1][6] == "The school was not told of the [bold]police[/bold] visit."

        # The highlighted finding is shown whole below (its column is cut at the edge).
        await pilot.press("down")
        await pilot.pause()
        detail = str(screen.query_one("#themes-finding-detail", Static).render())
        assert "LR-2100-03 · learning: The school was not told of the [bold]police[/bold]" in detail

        # Enter on a finding opens it in its review's Outcomes, under the cursor
        await pilot.press("enter")
        await pilot.pause()
        outcomes = app.screen
        assert isinstance(outcomes, OutcomesScreen)
        assert app.review is not None and app.review.reference == "LR-2100-03"
        item = outcomes.selected()
        assert item is not None and "was not told" in item.statement  # type: ignore[union-attr]


async def test_year_and_all_themes_keys_and_escape(
    app: WorkshopApp, repository: Repository
) -> None:
    three_reviews(repository)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f11")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThemesScreen)
        table = screen.query_one("#themes-table", DataTable)
        used = table.row_count
        await pilot.press("a")
        await pilot.pause()
        assert table.row_count == 19  # 18 built-in themes and one of the partnership's
        assert used < table.row_count
        await pilot.press("y")  # the first year only
        await pilot.pause()
        status = str(screen.query_one("#themes-status", Static).render())
        assert "1 review(s), reviews held in 2024" in status
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
