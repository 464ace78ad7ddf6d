"""Typing a text into a field in one go, for the interface tests.

``pilot.press(*"some words")`` waits twice for the app to go idle (at least 20 ms each)
after every character: about a second of a test's time for every 25 characters, and a
redraw after each. ``type_text`` delivers the characters as a paste or a fast typist does
(all of them wait in the app's queue before the first is read), then waits once, as
``pilot.press`` waits after its last key. Use it for words typed into an Input or a
TextArea; where a test is about what each key does on its own, press them one by one.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from textual import events
from textual._wait import wait_for_idle
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot


def key_event(key: str) -> events.Key:
    """The event ``pilot.press(key)`` sends (textual.app.App._press_keys)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original_key = REPLACED_KEYS.get(key, key)
    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original_key))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` into the focused field as one burst, then wait as ``pilot.press`` does."""
    app = pilot.app
    driver = app._driver
    assert driver is not None
    for character in text:
        event = key_event(character)
        event.set_sender(app)
        driver.send_message(event)
    await wait_for_idle(0)
    await app.animator.wait_until_complete()
    await wait_for_idle(0)
    await pilot._wait_for_screen()
