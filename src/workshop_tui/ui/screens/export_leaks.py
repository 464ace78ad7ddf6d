"""The Export screen's leaks dialog: what the pseudonymisation check found, and the way
to finish the job here (p adds what is highlighted as a pseudonym, then the check runs
again). Answers the document to write, or None to write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop_tui.domain.display import visible
from workshop_tui.domain.models import Pseudonym
from workshop_tui.domain.names import name_key
from workshop_tui.ui.screens.base import AppModal

if TYPE_CHECKING:
    from workshop_tui.services.exports import Leak, Rendered

DOCUMENT_NAMES = {
    "minutes": "minutes",
    "report": "draft report",
    "actions": "action plan",
    "chronology": "merged chronology",
    "archive": "archive",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the check found, with every place it was found."""

    kind: str
    text: str
    leaks: tuple[Leak, ...]


def group_leaks(leaks: tuple[Leak, ...]) -> list[Finding]:
    """The leaks grouped by what was found (kind and text, any case), in order of first
    appearance: one line per name or place, however often the document holds it."""
    groups: dict[tuple[str, str], list[Leak]] = {}
    for leak in leaks:
        groups.setdefault((leak.kind, name_key(leak.text)), []).append(leak)
    return [Finding(found[0].kind, found[0].text, tuple(found)) for found in groups.values()]


def found_words(things: int, places: int) -> str:
    """``1 thing``, ``1 thing (3 times)``, ``5 different things (53 in all)``."""
    if things == 1:
        return "1 thing" if places == 1 else f"1 thing ({places} times)"
    return f"{things} different things ({places} in all)"


def _prompt(finding: Finding) -> Text:
    first = finding.leaks[0]
    text = Text()
    text.append(f"{finding.kind} ", style="bold")
    text.append(visible(f'"{finding.text}"', one_line=True), style="bold")
    count = len(finding.leaks)
    text.append(f"  ×{count}  " if count > 1 else "  ", style="dim")
    text.append(visible(f"{first.where}: {first.context}", one_line=True, limit=90))
    return text


class LeaksDialog(AppModal):
    """What the check found; p adds the highlighted thing as a pseudonym and checks again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "add_pseudonym", "Add as pseudonym"),
        Binding("w", "write", "Write"),
        Binding("escape,c", "cancel", "Cancel"),
    ]

    def __init__(self, review_id: int, rendered: Rendered, target: Path) -> None:
        super().__init__(classes="dialog leaks-dialog")
        self.review_id = review_id
        self.rendered = rendered
        """The document as last checked: what ``w`` writes."""
        self.target = target
        self.findings = group_leaks(rendered.leaks)
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Label("Still looks identifying", classes="dialog-title", id="leaks-title")
            yield Static("", classes="dialog-question", id="leaks-summary", markup=False)
            yield OptionList(id="leak-lines", classes="dialog-lines")
            yield Static(
                "p (or Enter) adds the highlighted name or place as a pseudonym and checks "
                "again · w writes the file · Esc cancels",
                classes="dialog-hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Write anyway (w)", id="write-anyway", variant="warning")
                yield Button("Cancel (Esc)", id="cancel", variant="primary")

    def on_mount(self) -> None:
        self._show()
        # The list has the focus: Enter adds a pseudonym, it never publishes a name.
        self.query_one("#leak-lines", OptionList).focus()

    def _show(self) -> None:
        leaks = self.rendered.leaks
        document = DOCUMENT_NAMES.get(self.rendered.document, self.rendered.document)
        options = self.query_one("#leak-lines", OptionList)
        highlighted = options.highlighted or 0
        options.clear_options()
        options.add_options(Option(_prompt(f)) for f in self.findings)
        if self.findings:
            options.highlighted = min(highlighted, len(self.findings) - 1)
        summary = self.query_one("#leaks-summary", Static)
        button = self.query_one("#write-anyway", Button)
        title = self.query_one("#leaks-title", Label)
        if leaks:
            summary.update(
                f"The check found {found_words(len(self.findings), len(leaks))} in the "
                f"pseudonymised {document} that still "
                f"{'looks' if len(self.findings) == 1 else 'look'} identifying. Nothing has "
                f"been written to {self.target.name} yet."
            )
            title.update("Still looks identifying")
            button.label = "Write anyway (w)"
            button.variant = "warning"
        else:
            summary.update(
                f"The check passes: nothing in the pseudonymised {document} looks "
                f"identifying now. Press w to write {self.target.name}."
            )
            title.update("The check passes")
            button.label = "Write (w)"
            button.variant = "success"

    # adding a pseudonym ---------------------------------------------------------------

    def _highlighted(self) -> Finding | None:
        index = self.query_one("#leak-lines", OptionList).highlighted
        if index is None or not 0 <= index < len(self.findings):
            return None
        return self.findings[index]

    def action_add_pseudonym(self) -> None:
        """Add the highlighted name or place as a pseudonym (the label offered is editable)."""
        from workshop_tui.ui.screens.pseudonym_forms import PseudonymForm

        finding = self._highlighted()
        if finding is None or self.checking:
            return
        label = self.services.exports.suggest_pseudonym(self.review_id, finding.kind, finding.text)
        self.app.push_screen(
            PseudonymForm(self.review_id, real=" ".join(finding.text.split()), label=label),
            self._pseudonym_added,
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_add_pseudonym()

    def _pseudonym_added(self, pseudonym: Pseudonym | None) -> None:
        if pseudonym is None:
            return
        self.checking = True
        self.query_one("#leaks-title", Label).update("Checking again…")
        self._recheck(self.rendered.document, self.rendered.fmt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="leak-check")
    def _recheck(self, document: str, fmt: str) -> None:
        """Render and check the document again with the new pseudonym."""
        try:
            rendered = self.services.exports.check_again(self.review_id, document, fmt)
        except Exception as error:  # the dialog must stay usable
            self.app.call_from_thread(self._recheck_failed, f"{type(error).__name__}: {error}")
            return
        self.app.call_from_thread(self._rechecked, rendered)

    def _recheck_failed(self, reason: str) -> None:
        self.checking = False
        self._show()
        self.notify(visible(f"The check could not run again ({reason})."), markup=False)

    def _rechecked(self, rendered: Rendered) -> None:
        self.checking = False
        self.rendered = rendered
        self.findings = group_leaks(rendered.leaks)
        self._show()

    # answers -----------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "write-anyway":
            self.action_write()
        else:
            self.action_cancel()

    def action_write(self) -> None:
        """Write the document as last checked (with whatever it still holds)."""
        if not self.checking:
            self.dismiss(self.rendered)

    def action_cancel(self) -> None:
        """Write nothing."""
        self.dismiss(None)
