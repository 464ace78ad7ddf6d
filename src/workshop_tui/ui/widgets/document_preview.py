"""A long Markdown document, rendered in a thread and painted a screen at a time.

Textual's Markdown widget makes a widget of every block and table cell; mounting the
minutes of a real review that way held the screen for seconds (and taking them down
again as long), so no key was answered. Here Rich renders the Markdown to lines in a
worker thread, at the widget's width, and the widget paints only the lines in view:
showing or replacing a document costs the screen next to nothing.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.theme import Theme
from textual import work
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

PREVIEW_THEME = Theme(
    {
        # Rich's defaults paint code white on black and bullets yellow: plainer suits a
        # document preview on any theme.
        "markdown.code": "bold",
        "markdown.item.bullet": "bold",
        "markdown.item.number": "bold",
        "markdown.hr": "dim",
        "markdown.block_quote": "italic",
    }
)


def render_markdown_lines(source: str, width: int) -> list[Strip]:
    """``source`` (Markdown) as screen lines ``width`` cells wide at most.

    Pure and thread-safe (a console of its own per call, writing nowhere); the text is
    never parsed as Rich markup.
    """
    console = Console(
        file=io.StringIO(),
        width=max(width, 20),
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
        theme=PREVIEW_THEME,
        emoji=False,
        highlight=False,
    )
    options = console.options.update_width(max(width, 20))
    lines = console.render_lines(Markdown(source), options, pad=False)
    plain = Style()
    # Every segment gets a style (Textual's opacity, for one, expects it).
    return [
        Strip([Segment(text, style or plain) for text, style, _ in Segment.simplify(line)])
        for line in lines
    ]


class DocumentPreview(ScrollView, can_focus=True):
    """Shows a Markdown document; arrows, Page Up/Down, Home and End scroll it."""

    DEFAULT_CSS = """
    DocumentPreview {
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """

    class Shown(Message):
        """The document given with ``token`` is on screen now."""

        def __init__(self, preview: DocumentPreview, token: int) -> None:
            super().__init__()
            self.preview = preview
            self.token = token

        @property
        def control(self) -> DocumentPreview:
            """The preview that shows it."""
            return self.preview

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source = ""
        """The Markdown asked for (shown, or being rendered to be shown)."""
        self.lines: list[Strip] = []
        self._token = 0
        self._asked = False
        self._shown: tuple[str, int, int] | None = None
        """Source, token and width of the lines on screen."""
        self._rendering = False
        self._new_document = False
        """The next lines shown are a new document: show its top."""

    @property
    def text_width(self) -> int:
        """The cells a line may use (the scrollbar's place is kept free)."""
        return self.scrollable_content_region.width

    def show(self, source: str, token: int = 0) -> None:
        """Render ``source`` in a thread and show it; posts ``Shown(token)`` when it is."""
        self.source = source
        self._token = token
        self._asked = True
        self._new_document = True
        self._render_next()

    def on_resize(self) -> None:
        self._render_next()

    def _render_next(self) -> None:
        """Render what is asked for at the current width, one rendering at a time: one
        under way asks again when it ends (a thread cannot be stopped, so none is
        cancelled; what is no longer wanted is dropped when it arrives)."""
        width = self.text_width
        if self._rendering or not self._asked or width <= 0:
            return  # not laid out yet: the first resize renders
        if self._shown == (self.source, self._token, width):
            return
        self._rendering = True
        self._lay_out(self.source, self._token, width)

    @work(thread=True, exit_on_error=False, group="document-preview")
    def _lay_out(self, source: str, token: int, width: int) -> None:
        try:
            lines = render_markdown_lines(source, width)
        except Exception as error:  # a preview must never take the screen down
            reason = f"The preview could not be drawn ({type(error).__name__}: {error})."
            lines = [Strip([Segment(reason, Style(bold=True))])]
        self.app.call_from_thread(self._rendered, lines, source, token, width)

    def _rendered(self, lines: list[Strip], source: str, token: int, width: int) -> None:
        self._rendering = False
        if (source, token) == (self.source, self._token):
            self._shown = (source, token, width)
            self.lines = lines
            self.virtual_size = Size(width, len(lines))
            if self._new_document:
                self._new_document = False
                self.scroll_home(animate=False)
            self.refresh()
            self.post_message(self.Shown(self, token))
        self._render_next()  # another document or width may have been asked for meanwhile

    def render_line(self, y: int) -> Strip:
        """The line ``y`` rows down the visible part."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self.lines):
            return Strip.blank(width, self.rich_style)
        return self.lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)
