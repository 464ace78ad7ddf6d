"""The document preview: Markdown rendered to lines in a thread, painted a screen at a time."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip

from workshop_tui.ui.widgets.document_preview import DocumentPreview, render_markdown_lines

DOCUMENT = "\n\n".join(
    [
        "# Minutes: Learning Review: Child Q",
        "| Name | Role | Agency |\n| --- | --- | --- |\n"
        + "\n".join(f"| Person {n} | Health Visitor | Fernmoor Health |" for n in range(60)),
        "A paragraph long enough to wrap at any width a terminal has: " + "word " * 60,
        "The end of the document.",
    ]
)


def _text(lines: list[Strip]) -> list[str]:
    return [line.text for line in lines]


def test_lines_fit_the_width_and_hold_the_text() -> None:
    for width in (40, 76, 114):
        lines = render_markdown_lines(DOCUMENT, width)
        assert all(line.cell_length <= width for line in lines), width
        text = "\n".join(_text(lines))
        assert "Minutes: Learning Review: Child Q" in text
        assert "Person 59" in text and "The end of the document." in text


def test_markup_is_shown_as_typed() -> None:
    text = "\n".join(_text(render_markdown_lines("Said [inaudible] then [/x] and [bold]no[/]", 60)))
    assert "[inaudible]" in text and "[/x]" in text and "[bold]no[/]" in text


class PreviewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DocumentPreview(id="preview")

    def on_mount(self) -> None:
        self.shown: list[int] = []

    def on_document_preview_shown(self, event: DocumentPreview.Shown) -> None:
        self.shown.append(event.token)


async def _settle(app: App[None], pilot: Pilot[None]) -> None:
    while list(app.workers):
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()


async def test_shows_a_long_document_without_a_widget_per_block() -> None:
    app = PreviewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.query_one(DocumentPreview)
        before = len(list(app.screen.walk_children()))
        preview.show(DOCUMENT, token=7)
        await _settle(app, pilot)
        assert app.shown == [7]
        # Mounting a widget per block and cell is what held the screen for seconds.
        assert len(list(app.screen.walk_children())) == before
        assert preview.virtual_size.height == len(preview.lines) > 60
        screen_text = "\n".join(
            preview.render_line(y).text for y in range(preview.scrollable_content_region.height)
        )
        assert "Minutes: Learning Review: Child Q" in screen_text
        # The keys scroll it.
        preview.focus()
        await pilot.press("end")
        await pilot.pause()
        assert preview.scroll_y > 0
        last = "\n".join(
            preview.render_line(y).text for y in range(preview.scrollable_content_region.height)
        )
        assert "The end of the document." in last
        # A new document is shown from its top.
        preview.show("# Another document", token=8)
        await _settle(app, pilot)
        assert app.shown == [7, 8] and preview.scroll_y == 0


async def test_follows_the_width() -> None:
    app = PreviewApp()
    async with app.run_test(size=(120, 30)) as pilot:
        preview = app.query_one(DocumentPreview)
        preview.show(DOCUMENT)
        await _settle(app, pilot)
        wide = len(preview.lines)
        await pilot.resize_terminal(60, 30)
        await _settle(app, pilot)
        width = preview.scrollable_content_region.width
        assert width < 60
        assert all(line.cell_length <= width for line in preview.lines)
        assert len(preview.lines) > wide  # wrapped again, not cut


async def test_only_the_last_document_asked_for_is_shown() -> None:
    app = PreviewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.query_one(DocumentPreview)
        preview.show(DOCUMENT, token=1)
        preview.show("# The second document", token=2)
        await _settle(app, pilot)
        assert app.shown[-1] == 2
        assert 1 not in app.shown
        assert "The second document" in "\n".join(_text(preview.lines))
