"""The keys that work on every screen.

The app binds them and the help lists them; they live here, in the ui layer, so
the help never has to import the app (the app imports the screens, not the
other way round).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_BINDINGS: list[BindingType] = [
    Binding("f1", "help", "Help", id="help"),
    Binding("question_mark", "help", "Help", show=False),
    Binding("f2", "go('home')", "Reviews", show=False, id="go-home"),
    Binding("f3", "go('prepare')", "Prepare", show=False, id="go-prepare"),
    Binding("f4", "go('chronology')", "Chronology", show=False, id="go-chronology"),
    Binding("f5", "go('workshop')", "Workshop", show=False, id="go-workshop"),
    Binding("f6", "go('outcomes')", "Outcomes", show=False, id="go-outcomes"),
    Binding("f7", "export", "Export", show=False, id="go-export"),
    Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
]
"""The app's own bindings (``WorkshopApp.BINDINGS``)."""
