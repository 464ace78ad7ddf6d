"""A stand-in for a screen that is not built yet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class PlaceholderScreen(Screen[None]):
    """Says what will be here."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="placeholder-screen")
        self.title_text = title
        self.message = message
        self.screen_name = title.lower()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{self.title_text}\n\n{self.message}", classes="placeholder")
        yield Footer()
