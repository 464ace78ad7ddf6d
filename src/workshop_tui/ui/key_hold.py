"""Keys typed while a screen is still opening (or a form still saving) wait for it.

Textual hands each key to whatever has the focus the moment the app reads it. A
screen pushed by a key (``p`` opens the perspective form) mounts at once, but the
focus it asks for in ``on_mount`` is set by a callback queued behind the keys the
terminal has already delivered: in a burst (a fast typist, a paste, a slow
machine) ``p cora Enter words ctrl+s`` hands the letters to a form with no
focused field, where they vanish, and ctrl+s saves an empty form. The same holds
for a form closing after ctrl+s: the keys after it would land in the form being
saved, or on the screen behind it and run its bindings.

So the app holds every key and paste that arrives while a hold is on, and replays
them, in order, through the ordinary dispatch (priority bindings, then the focused
widget) once the hold ends. A hold starts whenever the current screen changes
and ends once that screen has run its ``on_mount`` and the focus it asked for is
set; a form also holds the keys while a save it started is under way
(``AppModal.after_typed_keys``). A hold is only ever on the current screen, and
lapses after ``LIMIT`` seconds whatever happens, so a screen that never settles
cannot swallow the keyboard.

A question that must be answered deliberately (``PARK_TYPED_AHEAD`` on the screen:
the workshop-date question that ``s`` may raise) never takes the keys typed before it
showed: they are parked while it is open, and handed to the screen it returns to, so
``s p pell Enter words`` neither answers the question by accident nor loses the words.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

LIMIT = 10.0
"""Seconds after which a hold lapses even if its screen never said it was ready: far
above the second a form took to open on a busy machine (walked in tmux), so a slow
screen never loses keys, yet a screen that never settles frees the keyboard."""


class KeyHold:
    """The keys waiting for the current screen to be ready for them."""

    def __init__(self, app: App[Any], dispatch: Callable[[events.Event], Awaitable[None]]) -> None:
        self.app = app
        self._dispatch = dispatch
        self.held: deque[events.Event] = deque()
        self.parked: deque[events.Event] = deque()
        """Keys typed ahead of a question that must not answer it, for the screen after it."""
        self._screen: Screen[Any] | None = None
        self._token = 0
        self._replaying = False
        self._wanted: Callable[[Screen[Any]], bool] | None = None

    # holding ------------------------------------------------------------------

    def hold(self, screen: Screen[Any]) -> int:
        """Hold keys while ``screen`` is the current screen, until ``release(token)``."""
        self._token += 1
        self._screen = screen
        token = self._token
        self.app.set_timer(LIMIT, lambda: self.release(token))
        return token

    def release(self, token: int) -> None:
        """End the hold ``token`` (if it is still the one on) and hand the held keys on."""
        if token == self._token and self._screen is not None:
            screen, self._screen = self._screen, None
            if getattr(screen, "PARK_TYPED_AHEAD", False):
                self.parked.extend(self.held)
                self.held.clear()
                return
            self.app.call_later(self.replay)

    def _current(self) -> Screen[Any] | None:
        try:
            return self.app.screen
        except Exception:  # no screen at all (the app is closing)
            return None

    def hold_until(self, wanted: Callable[[Screen[Any]], bool]) -> None:
        """Hold every key until a screen that ``wanted`` accepts is current and ready: a
        dialog whose answer opens a form through the screen behind it (Enter on a draft
        offered back), so the words typed after Enter go into the form, not the screens
        in between. Lapses after ``LIMIT`` seconds, as every hold does."""
        self._wanted = wanted

        def give_up() -> None:
            if self._wanted is wanted:
                self._wanted = None
                self.app.call_later(self.replay)

        self.app.set_timer(LIMIT, give_up)

    @property
    def holding(self) -> bool:
        """Whether keys wait now: a hold is on and its screen is still the current one."""
        if self._wanted is not None:
            return True
        return self._screen is not None and self._screen is self._current()

    def focus(self, widget: Widget) -> None:
        """Move the focus to ``widget``, holding the keys typed after it until it has it
        (``Widget.focus`` only queues the change: ``c Enter`` in one burst would hand the
        Enter to the widget that had the focus before)."""
        token = self.hold(self.app.screen)
        widget.focus()
        self.app.call_later(self.release, token)

    def screen_changed(self, screen: Screen[Any]) -> None:
        """A screen became current: hold keys until it has mounted and set its focus.

        A callback queued on the screen runs after its ``on_mount``; from there one
        queued on the app runs after the focus ``on_mount`` asked for (``Widget.focus``
        queues it on the app).
        """
        if self._wanted is not None:
            if not self._wanted(screen):
                return  # still on the way to the screen the keys are for
            self._wanted = None
        if self.parked and not getattr(screen, "PARK_TYPED_AHEAD", False):
            self.held.extendleft(reversed(self.parked))
            self.parked.clear()
        token = self.hold(screen)
        if not screen.call_later(self.app.call_later, self.release, token):
            self.release(token)

    # the keys -------------------------------------------------------------------

    def take(self, event: events.Event) -> bool:
        """Keep a key or paste for later if a hold is on or keys already wait (order)."""
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            return False
        if not (self.holding or self.held):
            return False
        self.held.append(event)
        if not self.holding:  # the held-for screen went before saying it was ready
            self.app.call_later(self.replay)
        return True

    async def replay(self) -> None:
        """Hand the held keys on in order, one at a time, stopping if one of them starts
        a new hold (a key that opens a form, a ctrl+s that saves).

        The next key goes only once the last is wholly handled: a key the focused field
        handles by a binding (Backspace, Delete, arrows) reaches that binding only after
        bubbling, queue by queue, from the field up to the app, so keys handed on in one
        loop let the letters after it overtake it ("awak", Backspace x4, "awake." saved
        "aaake."). A callback passed up the same queues runs after the key has.
        """
        if not self.held or self.holding or self._replaying:
            return
        self._replaying = True
        try:
            before = self._current()
            await self._dispatch(self.held.popleft())
            after = self._current()
            if after is not None and after is not before and not self.holding:
                # The key pushed a screen whose change is not yet announced: hold for it
                # now, or the next keys reach it before it has its focus.
                self.screen_changed(after)
        finally:
            self._replaying = False
        if self.held and not self.holding:
            self._when_handled(lambda: self.app.call_later(self.replay))

    def _when_handled(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once what the focused widget and each node above it, up to
        the app, had queued is handled (the last key, bubbled as far as it goes)."""
        focused = self.app.focused or self._current()
        nodes = list(focused.ancestors_with_self) if focused is not None else [self.app]

        def step(index: int) -> None:
            if index >= len(nodes):
                callback()
            elif not nodes[index].call_later(step, index + 1):  # a node that has closed
                step(index + 1)

        step(0)
