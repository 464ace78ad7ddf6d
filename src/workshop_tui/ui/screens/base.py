"""What every screen of the app shares: typed access to the services and the clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from pydantic import ValidationError
from textual import events, on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from workshop_tui.ui.format import plain
from workshop_tui.ui.validation import FieldErrors, validation_messages

M = TypeVar("M")

if TYPE_CHECKING:
    from textual.app import App

    from workshop_tui.domain.clock import Clock
    from workshop_tui.domain.models import Review
    from workshop_tui.services import Services
    from workshop_tui.ui.key_hold import KeyHold


class WorkshopHost(Protocol):
    """What screens use of the app (``workshop_tui.app.WorkshopApp``), named here so
    the ui never imports the app that builds it."""

    services: Services
    clock: Clock
    draft_delay: float
    key_hold: KeyHold

    def open_review(self, review: Review, screen: str | None = None) -> None: ...

    def refresh_review(self) -> Review | None: ...


class WorkshopAccess:
    """Typed access to the app's services and clock, for screens and modals alike."""

    app: App[Any]  # declared only: the screen or modal this is mixed into has it

    @property
    def workshop_app(self) -> WorkshopHost:
        return cast("WorkshopHost", self.app)

    @property
    def services(self) -> Services:
        """Every use case (``workshop_tui.services``): what screens call, never storage."""
        return self.workshop_app.services

    @property
    def clock(self) -> Clock:
        return self.workshop_app.clock


class AppScreen(Screen[None], WorkshopAccess):
    """A full screen of workshop-tui."""

    screen_name = ""
    """Which screen this is (``home``, ``prepare``...), for navigation."""
    _resumed_before = False

    @on(events.ScreenResume)
    def _skip_restyle_after_mount(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler. The first resume comes straight after the
        # screen was mounted, and so styled: restyling every widget again cost a tenth
        # of a large screen's time to first paint. Later resumes restyle as usual.
        if not self._resumed_before:
            self._resumed_before = True
            event.refresh_styles = False
            if self.app.screen is self:
                from workshop_tui.memory import start_up_done

                # The first screen shown: start-up is over once it is painted.
                self.call_after_refresh(start_up_done)


class ReviewScreen(AppScreen):
    """A screen of one open review."""

    def __init__(self, review_id: int, *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.review_id = review_id


class AppModal(ModalScreen[Any], WorkshopAccess):
    """A modal screen with typed access to the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority bindings run as the app reads the key, so focus has moved before
        # the keys typed after Tab are handed to a field: a burst (a fast typist, a
        # paste) of words, Tab, words lands in two fields, not all in the first.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def before_closed_by_app(self) -> None:
        """The app is about to close this modal to go elsewhere (a screen key, Export,
        quit): keep anything that would otherwise be lost with it. Nothing by default."""

    def validated(self, build: Callable[[], M]) -> M | None:
        """What ``build`` makes of the form, or None once its errors are shown by
        their fields (``FieldErrors`` from the form, ``ValidationError`` from the model)."""
        try:
            return build()
        except FieldErrors as error:
            self.show_errors(error.errors)
        except ValidationError as error:
            self.show_errors(validation_messages(error))
        return None

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each message next to its field (``#error-NAME``) and focus the first
        such field; the rest (and ``form``) go at the foot, in ``#error-form``."""
        for widget in self.query(".field-error"):
            if isinstance(widget, Static):
                widget.update("")
                widget.display = False
        leftover: list[str] = []
        first_field: Widget | None = None
        for name, message in errors.items():
            target = self.query(f"#error-{name}")
            if target and name != "form":
                static = target.first(Static)
                static.update(plain(message))  # may quote what was typed
                static.display = True
                if first_field is None:
                    first_field = self.query_one(f"#f-{name}")
            else:
                leftover.append(f"{name}: {message}" if name != "form" else message)
        if leftover:
            static = self.query_one("#error-form", Static)
            static.update(plain("\n".join(leftover)))
            static.display = True
        if first_field is not None:
            first_field.focus()

    def after_typed_keys(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` here once the focused field has taken every key sent to it.

        ctrl+s is a priority binding, so it runs as the app reads it, while the
        keys typed just before it may still wait in the field's own queue (a fast
        typist, a paste): saving then would miss the last words. The field runs
        a callback after what it has queued, and that callback hands ``callback``
        back to this screen. Keys typed after ctrl+s wait until ``callback`` is done
        (ui.key_hold): they go to the screen behind once the form has closed, or back
        to the form if it stays open, never half into the form being saved.
        """
        key_hold = self.workshop_app.key_hold
        token = key_hold.hold(self)

        def then_release() -> None:
            try:
                callback()
            finally:
                key_hold.release(token)

        focused = self.focused
        if focused is None or not focused.call_later(self.call_later, then_release):
            then_release()
