"""Search: every review at once, results grouped by review as you type (issue 22).

The app installs one SearchScreen and pushes it over whatever is showing (F8, or the
palette), so the query and its results are still there the next time. Enter opens
the hit where it lives, in its review: an entry in Chronology, a perspective,
finding, action or escalation in Outcomes, a KLOE in Prepare. ``ctrl+b`` goes back to
the review and screen the search was first opened from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from workshop_tui.domain.capture_kinds import CAPTURE_KIND_NAMES
from workshop_tui.domain.search import KIND_NAMES, SearchHit, snippet_parts
from workshop_tui.services.search import SearchResult
from workshop_tui.ui.format import plain
from workshop_tui.ui.screens.base import AppScreen
from workshop_tui.ui.widgets.footer import Footer

SCREEN_OF_KIND: dict[str, str] = {
    "entry": "chronology",
    **dict.fromkeys(CAPTURE_KIND_NAMES, "outcomes"),
    "kloe": "prepare",
}
"""The screen where each kind of item lives."""

SCREEN_NAMES = {
    "home": "Reviews",
    "prepare": "Prepare",
    "chronology": "Chronology",
    "workshop": "Workshop",
    "outcomes": "Outcomes",
}


@runtime_checkable
class RevealsItems(Protocol):
    """A review screen that can put its cursor on one item (the hit a search opened)."""

    def reveal(self, kind: str, item_id: int) -> None: ...


@dataclass(frozen=True)
class Origin:
    """Where a search was opened from: a review's screen (or the reviews list)."""

    review_id: int | None
    reference: str
    screen: str

    @property
    def label(self) -> str:
        where = SCREEN_NAMES.get(self.screen, self.screen.capitalize())
        return f"{self.reference} {where}" if self.reference else where


_KIND_WIDTH = max(map(len, KIND_NAMES.values())) + 1
"""The kind column: its longest name ("perspective") and a space before the date."""


def hit_line(hit: SearchHit) -> Text:
    """One hit as a line of the results: kind, date, agency or speaker, and the text
    around the matches (matches in bold), all plain text, never markup."""
    line = Text(end="")
    kind = KIND_NAMES.get(hit.kind, hit.kind)
    line.append_text(plain(f"  {kind:<{_KIND_WIDTH}}", one_line=True))
    line.append_text(plain(f"{hit.when or '':<11}", one_line=True))
    who = hit.source
    line.append_text(plain(f"{who[:18]:<19}", one_line=True, style="italic"))
    for text, match in snippet_parts(hit.snippet):
        line.append_text(plain(text, one_line=True, style="bold underline" if match else ""))
    return line


def grouped(hits: list[SearchHit]) -> list[tuple[str, str, list[SearchHit]]]:
    """Hits by review, each review where its best hit ranks: (reference, title, hits)."""
    groups: dict[int, tuple[str, str, list[SearchHit]]] = {}
    for hit in hits:
        groups.setdefault(hit.review_id, (hit.review, hit.review_title, []))[2].append(hit)
    return list(groups.values())


class SearchScreen(AppScreen):
    """Search every review; open a hit in its review."""

    screen_name = "search"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="search-close"),
        Binding("ctrl+b", "back", "Back to where you were", id="search-back"),
        Binding("down", "to_results", "Results", show=False),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__(classes="search-screen")
        self._initial = query
        self.result: SearchResult | None = None
        self.hits: dict[str, SearchHit] = {}
        """The hit behind each option id."""
        self.origin: Origin | None = None
        self.opened_hit = False
        """A hit was opened since the search was opened from ``origin``."""
        self._open_when_found = False
        self._latest: Worker[SearchResult] | None = None
        """The search for what the box holds now, until its hits are shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder='Search every review: words, "a phrase", neglec*, AND OR NOT, -word,'
            " kind:finding agency:police from:2023",
            value=self._initial,
            id="search-query",
        )
        yield Static("Type to search every review.", id="search-status")
        yield OptionList(id="search-hits")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.query_one("#search-query", Input), "value", self.run_search, init=False)
        if self._initial:
            self.run_search(self._initial)

    def on_screen_resume(self) -> None:
        if self.origin is None or not self.opened_hit:
            self.origin = self._where_from()
        self.query_one("#search-query", Input).focus()
        if self.result is not None:
            self.run_search(self.query_one("#search-query", Input).value)  # may have changed
        self.refresh_bindings()

    def _where_from(self) -> Origin:
        """The screen under this one (under any form, Export or Help open there), to
        come back to."""
        names = [getattr(s, "screen_name", "") for s in self.app.screen_stack]
        name = next((n for n in reversed(names) if n in SCREEN_NAMES), "home")
        review = getattr(self.app, "review", None)
        if name == "home" or review is None:
            return Origin(None, "", "home")
        return Origin(review.id, review.reference, name)

    def set_query(self, text: str) -> None:
        """Search for ``text`` (from the palette)."""
        if self.is_mounted:
            self.query_one("#search-query", Input).value = text
        else:
            self._initial = text

    # --- searching -----------------------------------------------------------------

    def run_search(self, text: str) -> None:
        """Search for what the box holds, in a thread (typing goes on meanwhile); the
        hits are shown grouped by review when it is done (a newer search cancels it)."""
        if not text.strip():
            self.workers.cancel_group(self, "search")
            self._latest = None
            self.show_result(None)
            return
        find = self.services.search.find
        self._latest = self.run_worker(
            partial(find, text), group="search", exclusive=True, thread=True, exit_on_error=False
        )

    @on(Worker.StateChanged)
    def _searched(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "search":
            return
        if worker.state == WorkerState.SUCCESS:
            self.show_result(worker.result)
            if worker is not self._latest:
                return  # an older search's hits: a newer one is on its way
            self._latest = None
            if self._open_when_found:
                self._open_when_found = False
                self.open_highlighted()
        elif worker.state == WorkerState.ERROR:
            if worker is self._latest:
                self._latest = None
                self._open_when_found = False
            self.show_result(SearchResult(message=f"The search failed: {worker.error}"))

    def show_result(self, result: SearchResult | None) -> None:
        """Show what a search found, grouped by review (None: nothing typed)."""
        status = self.query_one("#search-status", Static)
        options = self.query_one("#search-hits", OptionList)
        options.clear_options()
        self.hits = {}
        self.result = result
        if result is None:
            status.update("Type to search every review.")
            return
        lines = [result.message] if result.message else []
        groups = grouped(result.hits)
        if result.message is None:
            count = len(result.hits)
            summary = f"{count}{'+' if result.more else ''} hit{'s' if count != 1 else ''}"
            if groups:
                summary += f" in {len(groups)} review{'s' if len(groups) != 1 else ''}"
            if result.more:
                summary += f" (the best {count} shown: add words or filters)"
            lines.append(summary)
        lines.extend(result.notes)
        if self.opened_hit and self.origin is not None:
            lines.append(f"ctrl+b: back to {self.origin.label}")
        status.update(plain("\n".join(lines)))  # notes quote what was typed
        added: list[Option] = []
        for reference, title, hits in groups:
            heading = plain(f"{reference} · {title}", one_line=True, limit=100, style="bold")
            added.append(Option(heading, disabled=True))
            for hit in hits:
                key = f"{hit.kind}:{hit.item_id}"
                self.hits[key] = hit
                added.append(Option(hit_line(hit), id=key))
        options.add_options(added)
        if self.hits:
            options.highlighted = 1

    # --- opening a hit ---------------------------------------------------------------

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._latest is not None:
            # Enter typed ahead of the hits (the search may even have finished, its hits
            # not shown yet): the best of them, not a hit of what was typed before.
            self._open_when_found = True
        else:
            self.open_highlighted()

    @on(OptionList.OptionSelected, "#search-hits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_highlighted()

    def action_to_results(self) -> None:
        options = self.query_one("#search-hits", OptionList)
        if self.hits and not options.has_focus:
            options.focus()

    def open_highlighted(self) -> None:
        """Open the highlighted hit (the best one until another is chosen)."""
        options = self.query_one("#search-hits", OptionList)
        index = options.highlighted
        if index is None:
            return
        hit = self.hits.get(options.get_option_at_index(index).id or "")
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit: SearchHit) -> None:
        """Show ``hit`` where it lives, in its review."""
        self.opened_hit = True
        self._open(hit.review_id, SCREEN_OF_KIND[hit.kind], (hit.kind, hit.item_id))

    def _open(self, review_id: int, screen: str, item: tuple[str, int] | None) -> None:
        review = self.services.search.review(review_id)
        self.app.pop_screen()
        self.workshop_app.open_review(review, screen)
        target = self.app.screen
        if item is not None and isinstance(target, RevealsItems):
            target.reveal(*item)

    def action_close(self) -> None:
        """Back to the screen the search was opened over."""
        self.app.pop_screen()

    async def action_back(self) -> None:
        """Back to the review and screen this search was first opened from."""
        origin = self.origin
        if origin is None:
            return
        self.opened_hit = False
        if origin.review_id is None:
            self.app.pop_screen()
            await self.app.run_action("go('home')")
            return
        self._open(origin.review_id, origin.screen, None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            origin = self.origin
            if origin is None or not self.opened_hit:
                return False
        return True
