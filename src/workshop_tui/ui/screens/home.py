"""Home: the reviews in the database; open one or create one from a case pack."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from workshop_tui.domain.display import visible
from workshop_tui.domain.models import Review
from workshop_tui.ui.format import cell, format_date
from workshop_tui.ui.screens.base import AppScreen
from workshop_tui.ui.widgets.footer import Footer


class HomeScreen(AppScreen):
    """The list of reviews."""

    screen_name = "home"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the review opens as Enter is read, before the keys typed after it.
        Binding("enter", "open", "Open", id="home-open", priority=True),
        Binding("c", "create", "Create from case pack", id="home-create", priority=True),
        Binding("ctrl+n", "create", "Create from case pack", show=False),
        Binding("n", "new_review", "New (reference, title)", id="home-new", priority=True),
    ]

    def __init__(self, *, deferred: bool = False) -> None:
        """Args:
        deferred: Build the list only when the screen is first shown (the app went
            straight into a review, so Home may never be seen).
        """
        super().__init__(classes="home-screen")
        self.reviews: list[Review] = []
        self._deferred = deferred

    def compose(self) -> ComposeResult:
        if not self._deferred:
            yield from self._widgets()

    def _widgets(self) -> ComposeResult:
        yield Header()
        yield Static("Reviews", classes="screen-title")
        table: DataTable[str] = DataTable(id="reviews", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="home-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        if not self._deferred:
            self._set_up()

    async def on_screen_resume(self) -> None:
        # Every showing, the first included, reads the list (once).
        if self._deferred and self.app.screen is self:
            self._deferred = False
            await self.mount_all(self._widgets())
            self._set_up()
        if not self._deferred:
            self.reload()

    def _set_up(self) -> None:
        table = self.query_one("#reviews", DataTable)
        table.add_column("Reference", key="reference")
        table.add_column("Title", key="title")
        table.add_column("Status", key="status")
        table.add_column("Workshop", key="workshop")
        table.add_column("Outstanding", key="outstanding")
        table.focus()

    def reload(self, select_reference: str | None = None) -> None:
        """Read the reviews again and keep (or move) the cursor."""
        table = self.query_one("#reviews", DataTable)
        current = select_reference or self.selected_reference()
        self.reviews = self.services.reviews.list_reviews()
        table.clear()
        for review in self.reviews:
            table.add_row(
                cell(review.reference),
                cell(review.title, 200),
                str(review.status),
                format_date(review.workshop_date),
                self._chronologies(review),
                key=review.reference,
            )
        if current:
            for index, review in enumerate(self.reviews):
                if review.reference == current:
                    table.move_cursor(row=index)
        empty = self.query_one("#home-empty", Static)
        empty.update(
            ""
            if self.reviews
            else "No reviews yet. Press c to create one from a case pack folder, "
            "or n to start one from its reference and title."
        )
        empty.display = not self.reviews

    def _chronologies(self, review: Review) -> str:
        """How many of the review's chronologies are still to come ("2 of 7"; "none")."""
        if review.id is None:
            return ""
        lines = self.services.intake.lines(review.id)
        outstanding = sum(1 for line in lines if line.outstanding)
        if not lines:
            return "no agencies"
        return f"{outstanding} of {len(lines)}" if outstanding else "none"

    def selected_reference(self) -> str | None:
        """The reference of the highlighted review."""
        table = self.query_one("#reviews", DataTable)
        if not self.reviews or table.cursor_row < 0 or table.cursor_row >= len(self.reviews):
            return None
        return self.reviews[table.cursor_row].reference

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted review."""
        reference = self.selected_reference()
        if reference is None:
            return
        review = next(r for r in self.reviews if r.reference == reference)
        self.workshop_app.open_review(review)

    def action_new_review(self) -> None:
        """Start a review from nothing: its reference and title (the rest on Prepare)."""
        from workshop_tui.ui.screens.prepare_forms import NewReviewForm

        self.app.push_screen(NewReviewForm(), self._new_review_created)

    def _new_review_created(self, review: Review | None) -> None:
        if review is None:
            return
        self.reload(select_reference=review.reference)
        self.notify(
            visible(f"Created {review.reference}: add its agencies' files on Prepare (5)."),
            title="Review created",
            markup=False,
        )

    def action_create(self, value: str = "", error: str = "") -> None:
        """Ask for a case pack folder and create a review from it."""
        from workshop_tui.ui.screens.dialogs import PathDialog

        self.app.push_screen(
            PathDialog(
                "Create a review from a case pack",
                "The folder holding case.toml and chronologies/.",
                value=value,
                error=error,
            ),
            self._create_from_pack,
        )

    def _create_from_pack(self, path_text: str | None) -> None:
        from workshop_tui.domain.problems import InputError
        from workshop_tui.services import StorageError
        from workshop_tui.ui.screens.dialogs import MessageDialog

        if path_text is None:
            return
        path = Path(path_text).expanduser()
        if not path.exists():
            self.action_create(path_text, f"There is no folder {path}.")
            return
        try:
            # Each entry stored as it is read: the memory does not grow with the chronology.
            imported = self.services.reviews.import_pack_streamed(path)
        except InputError as error:
            self.app.push_screen(
                MessageDialog(
                    "This case pack cannot be used",
                    f"{path}: nothing was created.",
                    [str(problem) for problem in error.problems],
                )
            )
            return
        except StorageError as error:
            self.app.push_screen(MessageDialog("The review was not created", str(error), []))
            return
        review, reading = imported.review, imported.reading
        self.reload(select_reference=review.reference)
        errors = [str(problem) for problem in reading.errors]
        warnings = [str(problem) for problem in reading.warnings]
        entries = imported.entries
        summary = (
            f"Created {review.reference}: {entries} chronology entries, "
            f"{len(errors)} needing attention, {len(warnings)} warnings."
        )
        self.notify(visible(summary), title="Review created", markup=False)
        if errors or warnings:
            self.app.push_screen(
                MessageDialog("Imported with problems", summary, errors + warnings)
            )
