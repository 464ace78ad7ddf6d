"""Help: every key, for the screen you came from and for every other screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from workshop_tui.ui.commands import key_label
from workshop_tui.ui.keys import APP_BINDINGS


def key_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what they do)]) for the app and every screen and form.

    Read from the classes' BINDINGS, so the help (and the README's table) never drifts
    from the keys that really work.
    """
    from workshop_tui.ui.screens.capture import CaptureForm, DraftOfferDialog
    from workshop_tui.ui.screens.chronology import ChronologyScreen
    from workshop_tui.ui.screens.export import ExportScreen
    from workshop_tui.ui.screens.export_leaks import LeaksDialog
    from workshop_tui.ui.screens.home import HomeScreen
    from workshop_tui.ui.screens.outcomes import OutcomesScreen
    from workshop_tui.ui.screens.prepare import PrepareScreen
    from workshop_tui.ui.screens.workshop import WorkshopScreen
    from workshop_tui.ui.widgets.chronology_table import ChronologyTable

    sources: list[tuple[str, list[BindingType]]] = [
        ("Everywhere", [*APP_BINDINGS, Binding("ctrl+p", "", "Command palette")]),
        ("Reviews (Home)", HomeScreen.BINDINGS),
        ("Prepare", PrepareScreen.BINDINGS),
        ("Chronology", [*ChronologyScreen.BINDINGS, *ChronologyTable.BINDINGS]),
        ("Workshop", WorkshopScreen.BINDINGS),
        ("Outcomes", OutcomesScreen.BINDINGS),
        ("Capture forms", CaptureForm.BINDINGS),
        ("Unfinished draft offered back", DraftOfferDialog.BINDINGS),
        ("Export", ExportScreen.BINDINGS),
        ("Pseudonymisation check", LeaksDialog.BINDINGS),
    ]
    extra: dict[str, list[tuple[str, str]]] = {
        "Chronology": [
            ("Tab / shift+Tab (in the filter bar)", "Next / previous filter"),
            ("Left / Right (on agency, flag or KLOE)", "Previous / next choice"),
            ("Enter (on agency, flag or KLOE)", "List the choices"),
        ],
        "Capture forms": [
            ("Tab / shift+Tab", "Next / previous field"),
            ("Up / Down (in Speaker)", "Pick the next / previous matching person"),
            ("Enter (in Speaker)", "Keep the pick and go on to what they said"),
            ("Enter (in a one-line field)", "Save"),
        ],
    }
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for title, bindings in sources:
        rows: dict[str, list[str]] = {}
        for binding in Binding.make_bindings(bindings):
            if not binding.description or binding.system:
                continue
            rows.setdefault(binding.description, [])
            label = key_label(binding.key, binding.key_display)
            if label not in rows[binding.description]:
                rows[binding.description].append(label)
        lines = [(" / ".join(keys), description) for description, keys in rows.items()]
        sections.append((title, lines + extra.get(title, [])))
    return sections


def keys_markdown() -> str:
    """The keys as a Markdown table, for the README."""
    lines = ["| where | keys | does |", "| --- | --- | --- |"]
    for title, rows in key_sections():
        for keys, description in rows:
            lines.append(f"| {title} | `{keys}` | {description} |")
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by screen; the screen you came from first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "close", "Close help"),
    ]

    def __init__(self, came_from: Screen[object] | None = None) -> None:
        super().__init__(classes="help-screen")
        self.came_from = came_from

    def compose(self) -> ComposeResult:
        sections = key_sections()
        name = getattr(self.came_from, "screen_name", "")
        order = {"home": "Reviews (Home)", "prepare": "Prepare", "workshop": "Workshop"}
        order["chronology"] = "Chronology"
        order["outcomes"] = "Outcomes"
        first = order.get(name)
        sections.sort(key=lambda section: section[0] != first)
        with Vertical(classes="help-box"):
            yield Label("Keys  (Esc closes)", classes="help-title")
            with VerticalScroll(id="help-body"):
                for title, rows in sections:
                    yield Static(title, classes="help-section")
                    width = max((len(keys) for keys, _ in rows), default=0)
                    yield Static(
                        "\n".join(f"  {keys:<{width}}  {what}" for keys, what in rows),
                        classes="help-keys",
                        markup=False,
                    )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
