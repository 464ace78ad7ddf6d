"""Where "now" comes from, so that tests can freeze it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """The local time now, to the second, without a time zone (as minutes are written)."""
    return dt.datetime.now().replace(microsecond=0)


def frozen_clock(at: dt.datetime) -> Clock:
    """A clock that always says ``at``."""
    return lambda: at
