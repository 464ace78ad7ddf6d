"""The README lists every header synonym and every date form the importer reads (issue 16),
and every date form it lists reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop_tui.domain.dates import parse_entry_range, parse_time
from workshop_tui.importers.headers import HEADER_SYNONYMS, KEPT_AS_COLUMNS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")

DATE_FORMS = [
    "03/03/2023", "3/3/23", "03.03.2023", "12.01.24", "03-03-2023", "22.05/16", "22/05-2016",
    "2023-03-03", "2023/03/03", "13-Feb-2023", "3 Mar 2023", "3rd March 2023",
    "3rd of March, 2023", "Friday 3 March 2023", "March 3, 2023", "03/03/2023 14:20",
    "2023-03-03T14:20:00", "3 Mar 2023 at 2.20pm", "?03/03/2023", "03/03/2023?",
    "C.3/3/23", "ca. 3 March 2023", "approx. 3 March 2023", "Approx 3/3/23", "~03/03/2023",
    "03/03/2023 (approx)", "w/c 22/05/2016", "May 2016", "may-16", "Mar '23", "Sept, 2016",
    "05/2016", "Summer 2016", "spring 16", "autumn 2016", "fall 2016", "winter 2016/17",
    "2016", "c. May 2016", "44988", "44988.5", "03/03/2023 to 05/03/2023",
    "May 2023 to June 2023",
]  # fmt: skip
TIMES = ["14:20", "14.20", "1420", "14:20:00", "1420hrs", "2.20pm", "2:20 pm", "2pm", "noon"]


@pytest.mark.parametrize(
    "header", [*(s for synonyms in HEADER_SYNONYMS.values() for s in synonyms), *KEPT_AS_COLUMNS]
)
def test_every_header_synonym_is_in_the_readme(header: str) -> None:
    assert f"`{header}`" in README


@pytest.mark.parametrize("text", DATE_FORMS)
def test_every_documented_date_form_is_listed_and_reads(text: str) -> None:
    assert f"`{text}`" in README
    parse_entry_range(text)


@pytest.mark.parametrize("text", TIMES)
def test_every_documented_time_is_listed_and_reads(text: str) -> None:
    assert f"`{text}`" in README
    assert parse_time(text) is not None
