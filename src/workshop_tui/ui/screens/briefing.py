"""The Briefing screen: the 7-minute briefing edited before it is exported, the
partnership's response to each recommendation, and the publication blocks.

Each briefing section is a text area prefilled from the review's agreed findings and
actions (``domain.publishing.prefill_briefing``) until the lead saves it. ``ctrl+s`` saves
what is on the tab shown; going to another tab or leaving the screen saves what was
changed too, and says so, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from workshop_tui.domain.display import visible
from workshop_tui.domain.publishing import (
    BRIEFING_SECTIONS,
    PUBLISHED_DOCUMENTS,
    PublicationStatus,
)
from workshop_tui.services import StorageError
from workshop_tui.services.publishing import PublishingRefused
from workshop_tui.ui.format import plain
from workshop_tui.ui.screens.base import ReviewScreen
from workshop_tui.ui.widgets.footer import Footer

SECTION_HEADINGS = dict(BRIEFING_SECTIONS)
_DOCUMENT_LABELS = {"report": "Report", "briefing": "7-minute briefing"}
TAB_LABELS = {
    "background": "Background",
    "why": "Why it matters",
    "findings": "Findings",
    "note": "To note",
    "roles": "By role",
    "questions": "Questions",
}
"""Short tab names, so that every tab shows at 80 columns; the documents use the headings."""


def parse_day(text: str) -> dt.date | None:
    """``21/05/2024`` or ``2024-05-21``; None for nothing typed.

    Raises:
        ValueError: anything else, with a message that says what to type.
    """
    text = text.strip()
    if not text:
        return None
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date: type it as dd/mm/yyyy, e.g. 21/05/2024")


class BriefingScreen(ReviewScreen):
    """Write the 7-minute briefing, the responses to the recommendations, and say where
    the report and the briefing stand."""

    screen_name = "briefing"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="briefing-save", priority=True),
        Binding("ctrl+r", "refill", "Refill from the review", id="briefing-refill"),
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__(review_id, classes="briefing-screen")
        self._saved: dict[str, str] = {}
        """What each text area held when last saved or read, by its id."""
        self._prefill: dict[str, str] = {}
        self._edited: dict[str, bool] = {}

    def compose(self) -> ComposeResult:
        publishing = self.services.publishing
        sections = publishing.briefing(self.review_id)
        self._prefill = {s.key: s.text for s in sections}
        self._edited = {s.key: s.edited for s in sections}
        recommendations = publishing.recommendations(self.review_id)
        yield Header()
        yield Static(
            "Each section starts from the agreed findings and actions. ctrl+s saves the "
            "section shown; Tab reaches the tabs, Left/Right another section.",
            id="briefing-hint",
        )
        with TabbedContent(id="briefing-tabs"):
            for section in sections:
                with TabPane(TAB_LABELS[section.key], id=f"tab-{section.key}"):
                    area = TextArea(
                        section.text,
                        id=f"text-{section.key}",
                        soft_wrap=True,
                        tab_behavior="focus",
                        classes="briefing-text",
                    )
                    self._saved[f"text-{section.key}"] = section.text
                    yield area
            with (
                TabPane("Responses", id="tab-responses"),
                VerticalScroll(id="briefing-responses", can_focus=False),
            ):
                if not recommendations:
                    yield Static("The review has no recommendations yet.", classes="note")
                for item in recommendations:
                    yield Static(
                        plain(f"F{item.number}: {item.finding.statement}"),
                        classes="recommendation",
                    )
                    area_id = f"response-{item.number}"
                    self._saved[area_id] = item.response
                    yield TextArea(
                        item.response,
                        id=area_id,
                        soft_wrap=True,
                        tab_behavior="focus",
                        classes="response-text",
                    )
            with TabPane("Publication", id="tab-publication"), Vertical(id="briefing-publication"):
                for document in PUBLISHED_DOCUMENTS:
                    block = publishing.publication(self.review_id, document)
                    yield Label(_DOCUMENT_LABELS[document], classes="publication-title")
                    with Horizontal(classes="publication-row"):
                        yield Select(
                            [(str(s).capitalize(), str(s)) for s in PublicationStatus],
                            value=str(block.status),
                            allow_blank=False,
                            id=f"status-{document}",
                        )
                        yield Input(
                            block.approved_by,
                            placeholder="Approved by (e.g. Case Review Group)",
                            id=f"by-{document}",
                        )
                        yield Input(
                            block.date.strftime("%d/%m/%Y") if block.date else "",
                            placeholder="Date dd/mm/yyyy",
                            id=f"date-{document}",
                        )
        yield Static("", id="briefing-status")
        yield Footer()

    def on_mount(self) -> None:
        self._show_state()
        self.query_one(f"#text-{BRIEFING_SECTIONS[0][0]}", TextArea).focus()

    # what is shown ----------------------------------------------------------

    def _active(self) -> str:
        return self.query_one("#briefing-tabs", TabbedContent).active.removeprefix("tab-")

    def _show_state(self, message: str = "") -> None:
        key = self._active()
        if not message and key in SECTION_HEADINGS:
            area = self.query_one(f"#text-{key}", TextArea)
            if area.text != self._saved[area.id or ""]:
                message = "Changed: ctrl+s saves it."
            elif self._edited.get(key):
                message = "Saved as written."
            else:
                message = "Prefilled from the agreed findings and actions; not yet saved."
        elif not message and key == "responses":
            changed = any(
                a.text != self._saved.get(a.id or "")
                for a in self.query(".response-text").results(TextArea)
            )
            message = (
                "Changed: ctrl+s saves the responses."
                if changed
                else ("The partnership's response to each recommendation; ctrl+s saves.")
            )
        elif not message and key == "publication":
            message = "Status, who approved it and when (dd/mm/yyyy; empty: today); ctrl+s saves."
        self.query_one("#briefing-status", Static).update(plain(message))

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        self._show_state()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        saved = self._save_changed_texts()
        self._show_state(f"Saved: {', '.join(saved)}." if saved else "")

    def on_screen_suspend(self) -> None:
        self._save_changed_texts()

    def on_unmount(self) -> None:
        self._save_changed_texts()

    # saving -----------------------------------------------------------------

    def _save_changed_texts(self) -> list[str]:
        """Save every section and response whose text changed; the names of those saved."""
        saved: list[str] = []
        try:
            for area in self.query(TextArea):
                area_id = area.id or ""
                if area.text == self._saved.get(area_id):
                    continue
                self._save_area(area)
                saved.append(self._area_name(area_id))
        except StorageError as error:
            self.notify(visible(str(error)), title="Not saved", severity="error", markup=False)
        return saved

    def _area_name(self, area_id: str) -> str:
        if area_id.startswith("text-"):
            return SECTION_HEADINGS[area_id.removeprefix("text-")]
        return f"response to F{area_id.removeprefix('response-')}"

    def _save_area(self, area: TextArea) -> None:
        area_id = area.id or ""
        publishing = self.services.publishing
        if area_id.startswith("text-"):
            key = area_id.removeprefix("text-")
            publishing.save_briefing_section(self.review_id, key, area.text)
            self._edited[key] = True
        else:
            number = int(area_id.removeprefix("response-"))
            publishing.save_response(self.review_id, number, area.text)
        self._saved[area_id] = area.text

    def action_save(self) -> None:
        """Save what the tab shown holds (committed at once)."""
        key = self._active()
        if key == "publication":
            self._save_publication()
            return
        saved = self._save_changed_texts()
        self._show_state(f"Saved: {', '.join(saved)}." if saved else "Nothing changed.")

    def _save_publication(self) -> None:
        said: list[str] = []
        for document in PUBLISHED_DOCUMENTS:
            status = str(self.query_one(f"#status-{document}", Select).value)
            approved_by = self.query_one(f"#by-{document}", Input).value
            field = f"#date-{document}"
            try:
                day = parse_day(self.query_one(field, Input).value)
                field = f"#by-{document}"
                block = self.services.publishing.set_publication(
                    self.review_id, document, status, approved_by, day
                )
            except (ValueError, PublishingRefused) as error:
                self._show_state(f"{_DOCUMENT_LABELS[document]}: {error}. Not saved.")
                self.query_one(field, Input).focus()  # the field to put right
                return
            if block.date:
                self.query_one(f"#date-{document}", Input).value = block.date.strftime("%d/%m/%Y")
            said.append(f"{_DOCUMENT_LABELS[document]} {block.status}")
        self._show_state(f"Saved: {'; '.join(said)}.")

    def action_refill(self) -> None:
        """Put the text made from the agreed findings and actions back in the section
        shown (saved only with ctrl+s)."""
        key = self._active()
        if key not in SECTION_HEADINGS:
            return
        text = self.services.publishing.prefilled(self.review_id)[key]
        self.query_one(f"#text-{key}", TextArea).load_text(text)
        self._show_state("Refilled from the review: ctrl+s saves it.")
