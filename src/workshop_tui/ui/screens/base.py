"""What every screen of the app shares: typed access to the repository and the clock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from workshop_tui.app import WorkshopApp
    from workshop_tui.domain.clock import Clock
    from workshop_tui.storage.repository import Repository


class AppScreen(Screen[None]):
    """A full screen of workshop-tui."""

    screen_name = ""
    """Which screen this is (``home``, ``prepare``...), for navigation."""

    @property
    def workshop_app(self) -> WorkshopApp:
        return cast("WorkshopApp", self.app)

    @property
    def repository(self) -> Repository:
        return self.workshop_app.repository

    @property
    def clock(self) -> Clock:
        return self.workshop_app.clock


class ReviewScreen(AppScreen):
    """A screen of one open review."""

    def __init__(self, review_id: int, *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.review_id = review_id


class AppModal(ModalScreen[Any]):
    """A modal screen with typed access to the app."""

    @property
    def workshop_app(self) -> WorkshopApp:
        return cast("WorkshopApp", self.app)

    @property
    def repository(self) -> Repository:
        return self.workshop_app.repository
