"""The application: screens, global keys and the command palette.

``make_app`` is the one way to build it, used by the command line, the tests,
the snapshots and the benchmark alike. The repository (or the services the
command line opened on one) and the clock come in from outside, so nothing here
reaches for a database or "now" on its own. Everything the app and its screens
do with the database goes through ``services`` (``workshop_tui.services``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast, overload

from textual import events
from textual.actions import ActionParseResult
from textual.app import App
from textual.binding import BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from workshop_tui.domain.clock import Clock, system_clock
from workshop_tui.domain.display import visible
from workshop_tui.domain.models import Review, ReviewStatus
from workshop_tui.resources import styles_dir
from workshop_tui.services import NotFound, Services, StorageError
from workshop_tui.ui.commands import ReviewCommands
from workshop_tui.ui.key_hold import KeyHold
from workshop_tui.ui.keys import APP_BINDINGS
from workshop_tui.ui.screens.base import AppModal
from workshop_tui.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from workshop_tui.room_app import RoomApp
    from workshop_tui.services.room import Room
    from workshop_tui.storage.repository import Repository
    from workshop_tui.ui.screens.base import WorkshopHost

    def _fits_the_screens(app: WorkshopApp) -> WorkshopHost:
        return app  # mypy checks the app has everything the screens use of it


STYLE_FILES = (
    "app.tcss",
    "home.tcss",
    "prepare.tcss",
    "chronology.tcss",
    "workshop.tcss",
    "outcomes.tcss",
    "forms.tcss",
    "help.tcss",
    "export.tcss",
    "search.tcss",
    "briefing.tcss",
    "themes.tcss",
    "meetings.tcss",
    "actions.tcss",
)

REVIEW_SCREENS = ("prepare", "chronology", "workshop", "outcomes")


def _style_paths() -> list[str]:
    folder = styles_dir()
    return [str(folder / name) for name in STYLE_FILES if (folder / name).is_file()]


def review_heading(review: Review) -> str:
    """``REF · title`` for the header: one line, controls made visible (never markup)."""
    return visible(f"{review.reference} · {review.title}", one_line=True, limit=200)


class WorkshopApp(App[None]):
    """A Learning Review, from preparation through the workshop to its outcomes."""

    TITLE = "workshop-tui"
    CSS_PATH = _style_paths()  # type: ignore[assignment]  # list[str] is accepted
    COMMANDS: ClassVar = App.COMMANDS | {ReviewCommands}
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    def __init__(
        self,
        repository: Repository | Services,
        *,
        clock: Clock = system_clock,
        review_reference: str | None = None,
        export_folder: Path | None = None,
    ) -> None:
        super().__init__()
        if isinstance(repository, Services):
            self.services = repository
            clock = repository.clock
        else:
            self.services = Services(repository, clock)
        """Every use case; screens call these, never the repository."""
        self.repository = self.services.repository
        """Only for the screens not yet calling services (goes with base.WorkshopHost's)."""
        self.clock = clock
        self.review_reference = review_reference
        self.export_folder = export_folder
        """Exports go to a folder per review under this (None: Documents/workshop-tui)."""
        self.review: Review | None = None
        self.draft_delay = 1.0
        """Seconds after the last keystroke before a half-typed form is saved as a draft."""
        self.key_hold = KeyHold(self, super().on_event)
        """Keys typed while a screen opens or a form saves wait for it (ui.key_hold)."""

    @property
    def review_id(self) -> int | None:
        """The id of the open review, if any."""
        return self.review.id if self.review else None

    def get_default_screen(self) -> Screen[None]:
        # Going straight into a review: Home is built only if the user goes back to it.
        return HomeScreen(deferred=self.review_reference is not None)

    async def on_event(self, event: events.Event) -> None:
        if not self.key_hold.take(event):
            await super().on_event(event)

    def on_mount(self) -> None:
        for notice in self.services.reviews.notices:  # the database was made owner-only
            self.notify(visible(notice), title="Permissions tightened", markup=False, timeout=10)
        self.screen_change_signal.subscribe(self, self.key_hold.screen_changed, immediate=True)
        # Reading and validating the settings file waits for the first screen to be painted.
        self.call_after_refresh(self._say_settings_problem)
        if self.review_reference:
            try:
                review = self.services.reviews.get(self.review_reference)
            except NotFound:
                self.notify(
                    visible(f"No review {self.review_reference} in this database."),
                    title="Not found",
                    severity="error",
                    markup=False,
                )
                return
            self.open_review(review)

    def _say_settings_problem(self) -> None:
        problem = self.services.publishing.settings_problem()
        if problem:  # the defaults are in force: the documents would name the wrong groups
            self.notify(
                visible(problem), title="Settings", severity="warning", markup=False, timeout=15
            )

    # navigation -------------------------------------------------------------

    def open_review(self, review: Review, screen: str | None = None) -> None:
        """Open ``review`` on ``screen``, or where its status suggests."""
        self.review = review
        self.sub_title = review_heading(review)
        if screen is None:
            screen = {
                ReviewStatus.PREPARING: "prepare",
                ReviewStatus.IN_WORKSHOP: "workshop",
            }.get(review.status, "outcomes")
        self.action_go(screen)

    def refresh_review(self) -> Review | None:
        """Read the open review again (after its status or details changed)."""
        if self.review is not None:
            self.review = self.services.reviews.get(self.review.reference)
            self.sub_title = review_heading(self.review)
        return self.review

    def make_review_screen(self, name: str, review_id: int) -> Screen[None]:
        """A fresh screen of the open review; the database holds every state worth keeping."""
        if name == "prepare":
            from workshop_tui.ui.screens.prepare import PrepareScreen

            return PrepareScreen(review_id)
        if name == "workshop":
            from workshop_tui.ui.screens.workshop import WorkshopScreen

            return WorkshopScreen(review_id)
        if name == "outcomes":
            from workshop_tui.ui.screens.outcomes import OutcomesScreen

            return OutcomesScreen(review_id)
        if name == "briefing":
            from workshop_tui.ui.screens.briefing import BriefingScreen

            return BriefingScreen(review_id)
        from workshop_tui.ui.screens.chronology import ChronologyScreen

        return ChronologyScreen(review_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.review is not None
        if action == "go" and parameters and parameters[0] != "home":
            return self.review is not None
        return True

    def _after_typed_keys(self, then: Callable[[], object]) -> bool:
        """With a form (or any modal) on top, run ``then`` once its focused field has
        taken every key typed before this one, and hold the keys typed after it (as
        ctrl+s does: ``AppModal.after_typed_keys``). True if deferred so."""
        top = self.screen
        if isinstance(top, AppModal) and top.focused is not None:
            top.after_typed_keys(then)
            return True
        return False

    def action_go(self, name: str) -> None:
        """Show the reviews list or one of the open review's screens."""
        # A form open: the words typed just before the key land in it (and so in its
        # draft) before it is closed.
        if not self._after_typed_keys(lambda: self._go(name)):
            self._go(name)

    def _go(self, name: str) -> None:
        # Review screens sit directly above Home; modal screens never stay open across moves.
        while len(self.screen_stack) > 2 or (len(self.screen_stack) == 2 and name == "home"):
            self._close_top_screen()
        if name == "home":
            return
        if self.review_id is None:
            return
        current = self.screen
        if (
            getattr(current, "screen_name", None) == name
            and getattr(current, "review_id", None) == self.review_id
        ):
            return  # already there (a screen of another review is replaced below)
        screen = self.make_review_screen(name, self.review_id)
        if isinstance(current, HomeScreen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run a key's or the palette's action; a storage failure is said, never a crash.

        Every action that writes goes through here, so a locked database, a full
        disk or a moved file while marking attendance, flagging an entry or moving
        to the next KLOE gives one clear message and the app carries on.
        """
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except StorageError as error:
            self.notify(
                visible(error), title="Not saved", severity="error", timeout=10, markup=False
            )
            return True

    def action_export(self) -> None:
        """Preview the minutes and write any document of the open review."""
        if not self._after_typed_keys(self._export):
            self._export()

    def _export(self) -> None:
        from workshop_tui.ui.screens.export import ExportScreen

        if self.review_id is None or isinstance(self.screen, ExportScreen):
            return
        while len(self.screen_stack) > 2:  # a dialog or help open over a review screen
            self._close_top_screen()
        self.push_screen(ExportScreen(self.review_id, folder=self.review_export_folder()))

    def _close_top_screen(self) -> None:
        """Close the top screen to go elsewhere; a form keeps its draft first."""
        if isinstance(self.screen, AppModal):
            self.screen.before_closed_by_app()
        self.pop_screen()

    async def action_quit(self) -> None:
        """Quit; an open form keeps its last words as a draft first."""
        if not self._after_typed_keys(self._quit):
            self._quit()

    def _quit(self) -> None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, AppModal):
                screen.before_closed_by_app()
        self.exit()

    def review_export_folder(self) -> Path | None:
        """The open review's export folder (created only when a file is first written)."""
        if self.review is None:
            return None
        return self.services.exports.review_folder(self.review.reference, self.export_folder)

    def action_search(self, query: str | None = None) -> None:
        """Search every review (F8): the one search screen, over whatever is showing,
        with its last query and results; ``query`` (from the palette) replaces the query."""
        from workshop_tui.ui.screens.search import SearchScreen

        if not self.is_screen_installed("search"):
            self.install_screen(SearchScreen(), "search")
        screen = self.get_screen("search")
        if query is not None and isinstance(screen, SearchScreen):
            screen.set_query(query)
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
            screen.query_one("#search-query").focus()
            return
        self.push_screen(screen)

    def action_themes(self) -> None:
        """Themes across every review (F11): counts by theme, year, level and scope."""
        if not self._after_typed_keys(self._themes):
            self._themes()

    def _themes(self) -> None:
        from workshop_tui.ui.screens.themes import ThemesScreen

        shown = next((s for s in self.screen_stack if isinstance(s, ThemesScreen)), None)
        if shown is not None:  # F11 again: back to it, counted afresh
            while self.screen is not shown:
                self._close_top_screen()
            shown.reload()
            return
        while isinstance(self.screen, AppModal):  # a form keeps its draft first
            self._close_top_screen()
        self.push_screen(ThemesScreen())

    def action_actions(self) -> None:
        """Every action of every review (F9): the tracker, filters, progress updates."""
        if not self._after_typed_keys(self._actions):
            self._actions()

    def _actions(self) -> None:
        from workshop_tui.ui.screens.actions import ActionsScreen

        if isinstance(self.screen, ActionsScreen):
            return
        while len(self.screen_stack) > 2:  # a dialog or another screen over a review's
            self._close_top_screen()
        self.push_screen(ActionsScreen())

    def action_help(self) -> None:
        """Show every key, for this screen and everywhere."""
        from workshop_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


@overload
def make_app(
    repository: Repository | Services,
    *,
    clock: Clock = ...,
    review_reference: str | None = ...,
    export_folder: Path | None = ...,
) -> WorkshopApp: ...


@overload
def make_app(
    repository: Room,
    *,
    clock: Clock = ...,
    review_reference: str,
    export_folder: None = ...,
) -> RoomApp: ...


def make_app(
    repository: Repository | Services | Room,
    *,
    clock: Clock = system_clock,
    review_reference: str | None = None,
    export_folder: Path | None = None,
) -> WorkshopApp | RoomApp:
    """Build the application on ``repository``.

    Args:
        repository: Where every review lives, or the services opened on it (the
            command line's ``Services.open``); the app never opens a database itself.
            Given a ``services.room.Room`` instead (a database opened read-only), it is
            the room view of ``review_reference`` (``workshop-tui room REF``): one
            read-only screen that follows the chair's instance.
        clock: Where "now" comes from (timers, captures); tests pass a frozen clock.
            Services bring their own clock, and this is not used.
        review_reference: Open this review straight away (``workshop-tui open REF``);
            the review the room view follows.
        export_folder: Where the Export screen offers to write, one folder per review
            under it; None for ``Documents/workshop-tui`` (tests pass a temporary folder).
    """
    # A Room exists only once its module is loaded: importing it just to ask would cost
    # the chair's start-up the room view's code (its domain and services).
    room = sys.modules.get("workshop_tui.services.room")
    if room is not None and isinstance(repository, room.Room):
        from workshop_tui.room_app import RoomApp

        if review_reference is None:
            raise ValueError("the room view follows one review: give its review_reference")
        return RoomApp(repository, review_reference, clock=clock)
    return WorkshopApp(
        cast("Repository | Services", repository),
        clock=clock,
        review_reference=review_reference,
        export_folder=export_folder,
    )
