"""Themes across reviews (F11): findings counted by theme, by year, level and scope, and
the findings behind a theme; Enter on one opens it in its review's Outcomes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from workshop_tui.domain.models import Finding, Review
from workshop_tui.domain.themes import ThemeCount, ThemeTally, counter_text, review_year
from workshop_tui.ui.format import plain
from workshop_tui.ui.screens.base import AppScreen
from workshop_tui.ui.widgets.footer import Footer


def _year(year: int | None) -> str:
    return "no date" if year is None else str(year)


class ThemesScreen(AppScreen):
    """Counts by theme across every review, and a theme's findings."""

    screen_name = "themes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="themes-close"),
        Binding("enter", "open", "Findings / open", id="themes-open"),
        Binding("y", "next_year", "Year", id="themes-year"),
        Binding("a", "toggle_all", "All themes", id="themes-all"),
        Binding("tab", "switch_table", "Themes / findings", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(classes="themes-screen")
        self.tally: ThemeTally | None = None
        self.years: list[int | None] = []
        """Every year a review falls in (the ``y`` key steps through them)."""
        self.year_index = -1
        """-1: every year; else the position in ``years`` shown."""
        self.show_all = False
        self.rows: list[ThemeCount] = []
        self.items: list[tuple[Review, Finding]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="themes-status")
        yield DataTable(id="themes-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="themes-findings-title")
        yield DataTable(id="themes-findings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="themes-finding-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()  # every year: its tally says which years there are
        assert self.tally is not None
        self.years = self.tally.years
        self.query_one("#themes-table", DataTable).focus()

    # data -------------------------------------------------------------------

    @property
    def year(self) -> int | None:
        """The year shown, or None for every year."""
        return self.years[self.year_index] if self.year_index >= 0 else None

    def reload(self) -> None:
        """Count again (for the year chosen) and fill both tables."""
        import datetime as dt

        if self.year_index >= 0 and self.year is not None:
            start, end = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
            tally = self.services.themes.tally(start, end)
        else:
            tally = self.services.themes.tally()
        self.tally = tally
        self.rows = tally.themes if self.show_all else tally.used()
        table = self.query_one("#themes-table", DataTable)
        table.clear(columns=True)
        table.add_column("Theme", key="theme")
        table.add_column("Findings", key="findings")
        table.add_column("Reviews", key="reviews")
        for year in tally.years:
            table.add_column(_year(year), key=f"y{year}")
        table.add_column("Level", key="level")
        table.add_column("Scope", key="scope")
        for count in self.rows:
            name = plain(count.theme, one_line=True, limit=44)
            if not count.in_register:
                name.append(" (not in register)", style="italic")
            table.add_row(
                name,
                Text(str(count.findings), justify="right"),
                Text(str(len(count.reviews)), justify="right"),
                *(Text(str(count.by_year.get(y, 0)), justify="right") for y in tally.years),
                plain(counter_text(count.levels), one_line=True),
                plain(counter_text(count.scopes), one_line=True),
            )
        self._status()
        self.show_findings()

    def _status(self) -> None:
        tally = self.tally
        assert tally is not None
        when = "every year" if self.year is None else f"reviews held in {self.year}"
        if self.year_index >= 0 and self.year is None:
            when = "reviews with no date"
        parts = [f"{len(tally.reviews)} review(s), {when}"]
        if tally.untagged:
            parts.append(f"{tally.untagged} finding(s) with no theme")
        if tally.left_out and self.year_index >= 0:
            parts.append(f"{len(tally.left_out)} review(s) in other years")
        used = len(tally.used())
        parts.append(f"{used} theme(s) used")
        self.query_one("#themes-status", Static).update(plain(" · ".join(parts), one_line=True))

    def selected_theme(self) -> ThemeCount | None:
        """The theme under the cursor, if any."""
        table = self.query_one("#themes-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def show_findings(self) -> None:
        """Fill the lower table with the findings of the theme under the cursor."""
        count = self.selected_theme()
        self.items = list(count.items) if count else []
        title = self.query_one("#themes-findings-title", Static)
        if count is None:
            title.update("No finding carries a theme yet: tag findings in their form (Themes).")
        else:
            heading = Text("Findings on ")
            heading.append_text(plain(count.theme, one_line=True, limit=60))
            heading.append(f": {count.findings} in {len(count.reviews)} review(s)")
            title.update(heading)
        table = self.query_one("#themes-findings", DataTable)
        if not table.columns:
            for column in ("Review", "Year", "Kind", "Level", "Scope", "Agreed", "Finding"):
                table.add_column(column, key=column)
        table.clear()
        for review, finding in self.items:
            table.add_row(
                plain(review.reference, one_line=True, limit=16),
                _year(review_year(review)),
                finding.kind.value,
                finding.level.value if finding.level else "",
                finding.scope.value if finding.scope else "",
                "yes" if finding.agreed else "no",
                plain(finding.statement, one_line=True, limit=200),
            )
        self._show_detail(0)

    def _show_detail(self, row: int) -> None:
        """The finding on ``row`` of the lower table whole, wrapped: its column is the last
        and is cut at the screen's edge."""
        detail = self.query_one("#themes-finding-detail", Static)
        if not 0 <= row < len(self.items):
            detail.update("")
            return
        review, finding = self.items[row]
        text = plain(review.reference, one_line=True, limit=16)
        text.append(f" · {finding.kind.value}: ", style="bold")
        text.append_text(plain(finding.statement))
        detail.update(text)

    # actions ----------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "themes-table":
            self.show_findings()
        elif event.data_table.id == "themes-findings":
            self._show_detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """On a theme: go down to its findings. On a finding: open it in its review."""
        themes = self.query_one("#themes-table", DataTable)
        findings = self.query_one("#themes-findings", DataTable)
        if themes.has_focus:
            if self.items:
                findings.focus()
            return
        if not self.items or not 0 <= findings.cursor_row < len(self.items):
            return
        review, finding = self.items[findings.cursor_row]
        if finding.id is None:
            return
        self.app.pop_screen()
        self.workshop_app.open_review(review, "outcomes")
        target = self.app.screen
        reveal = getattr(target, "reveal", None)
        if reveal is not None:
            reveal("finding", finding.id)

    def action_switch_table(self) -> None:
        """Move between the themes and the findings."""
        themes = self.query_one("#themes-table", DataTable)
        if themes.has_focus:
            self.query_one("#themes-findings", DataTable).focus()
        else:
            themes.focus()

    def action_next_year(self) -> None:
        """Show the next year's reviews only, then every year again."""
        if not self.years:
            return
        self.year_index = self.year_index + 1 if self.year_index + 1 < len(self.years) else -1
        self.reload()

    def action_toggle_all(self) -> None:
        """Show every theme of the register (with its zero), or only those used."""
        self.show_all = not self.show_all
        self.reload()

    def action_close(self) -> None:
        """Back to where the Themes screen was opened from."""
        self.app.pop_screen()
