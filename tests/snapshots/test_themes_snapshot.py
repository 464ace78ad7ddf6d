"""The Themes screen (F9) at 120x40: three fictional reviews, their findings by theme.

A plain ``def`` test: pytest-textual-snapshot fails inside ``async def``.
"""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import FROZEN_AT
from tests.ui.themes_fixtures import three_reviews
from workshop_tui.app import make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.storage.repository import Repository


def test_themes(snap_compare: Any) -> None:
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    three_reviews(repo)
    app = make_app(repo, clock=frozen_clock(FROZEN_AT))
    assert snap_compare(app, terminal_size=(120, 40), press=["f11"])
