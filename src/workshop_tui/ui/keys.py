"""The keys that work on every screen.

The app binds them and the help lists them; they live here, in the ui layer, so
the help never has to import the app (the app imports the screens, not the
other way round).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

# The function keys are priority bindings: they run as the key is read, so the
# screen they show is there before the keys typed after them are read (F5, s).
APP_BINDINGS: list[BindingType] = [
    Binding("f1", "help", "Help", id="help", priority=True),
    Binding("question_mark", "help", "Help", show=False),
    Binding("f2", "go('home')", "Reviews", show=False, id="go-home", priority=True),
    Binding("f3", "go('prepare')", "Prepare", show=False, id="go-prepare", priority=True),
    Binding("f4", "go('chronology')", "Chronology", show=False, id="go-chronology", priority=True),
    Binding("f5", "go('workshop')", "Workshop", show=False, id="go-workshop", priority=True),
    Binding("f6", "go('outcomes')", "Outcomes", show=False, id="go-outcomes", priority=True),
    Binding("f7", "export", "Export", show=False, id="go-export", priority=True),
    Binding("f8", "search", "Search every review", show=False, id="search", priority=True),
    Binding("f9", "actions", "Actions of every review", show=False, id="go-actions", priority=True),
    Binding(
        "f10",
        "go('briefing')",
        "7-minute briefing, responses, publication",
        show=False,
        id="go-briefing",
        priority=True,
    ),
    Binding("f11", "themes", "Themes across reviews", show=False, id="themes", priority=True),
    Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
]
"""The app's own bindings (``WorkshopApp.BINDINGS``)."""
