"""Themes counted across three reviews: the demo's step (Child R and Child T, bundled) plus a
third review made from a copy of Child R; by the service, and by ``workshop-tui themes``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Finding, FindingLevel
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services import Services
from workshop_tui.services.demo_themes import THEMED_FINDINGS, add_theme_demo

THIRD = "LR-2024-11"


def _third_pack(tmp_path: Path) -> Path:
    """Child R's pack copied (never edited in place) as another review held in 2024."""
    pack = tmp_path / "child-x"
    shutil.copytree(sample_cases_dir() / "child-r", pack)
    toml = pack / "case.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('reference = "LR-2025-07"', f'reference = "{THIRD}"')
    text = text.replace("workshop_date = 2025-02-11", "workshop_date = 2024-11-20")
    toml.write_text(text, encoding="utf-8")
    return pack


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data" / "demo.db"
    with Services.open(path, frozen_clock(dt.datetime(2026, 4, 1, 9, 0))) as services:
        services.reviews.import_pack(sample_cases_dir() / "child-r")
        third = services.reviews.import_pack(_third_pack(tmp_path)).review
        assert third.id is not None
        for themes, level in (
            (["Information sharing"], FindingLevel.PRACTICE),
            (["domestic abuse", "voice of the child"], None),
            ([], None),
        ):
            services.captures.save(
                third.id, Finding(statement="A finding.", themes=themes, level=level)
            )
        assert add_theme_demo(services) == ["LR-2025-07", "LR-2026-05"]
        assert add_theme_demo(services) == []  # a second run adds nothing twice
    yield path


def test_the_demo_step_adds_child_t_and_themed_findings(db: Path) -> None:
    with Services.open(db) as services:
        references = [r.reference for r in services.reviews.list_reviews()]
        assert sorted(references) == ["LR-2024-11", "LR-2025-07", "LR-2026-05"]
        child_t = services.reviews.get("LR-2026-05")
        assert child_t.id is not None
        assert len(services.captures.findings(child_t.id)) == len(THEMED_FINDINGS["LR-2026-05"])
        entries = services.repository.entries(child_t.id)
        assert {e.agency for e in entries} == {"police", "childrens_social_care", "school"}
        assert 45 <= len(entries) <= 60


def test_themes_counted_over_three_reviews(db: Path) -> None:
    with Services.open(db) as services:
        tally = services.themes.tally()
    by_name = {t.theme: t for t in tally.themes}
    sharing = by_name["information sharing"]
    assert sharing.findings == 4
    assert sorted(sharing.reviews) == ["LR-2024-11", "LR-2025-07", "LR-2026-05"]
    assert dict(sharing.by_year) == {2024: 1, 2025: 2, 2026: 1}
    assert dict(sharing.levels) == {"practice": 1, "partnership": 1, "organisational": 2}
    voice = by_name["voice of the child"]
    assert (voice.findings, len(voice.reviews)) == (3, 3)
    assert by_name["domestic abuse"].findings == 2
    assert by_name["good practice"].findings == 2
    assert by_name["whole family including fathers and men"].findings == 2
    assert by_name["risks outside the home"].reviews == ["LR-2026-05"]
    assert by_name["babies under one"].findings == 0
    assert tally.untagged == 1
    assert tally.years == [2024, 2025, 2026]
    # every finding's every theme is counted once: the sums agree with what is stored
    total = sum(len(f.themes) for d in THEMED_FINDINGS.values() for f in d) + 3
    assert sum(t.findings for t in tally.themes) == total


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def test_cli_themes_json_and_date_range(db: Path) -> None:
    result = run(db, "themes", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    themes = {t["theme"]: t for t in document["themes"]}
    assert themes["information sharing"]["findings"] == 4
    assert themes["information sharing"]["by_year"] == {"2024": 1, "2025": 2, "2026": 1}
    assert document["untagged_findings"] == 1

    result = run(db, "themes", "--from", "2025", "--to", "2025", "--format", "json")
    document = json.loads(result.stdout)
    assert document["reviews"] == ["LR-2025-07"]
    assert sorted(document["left_out"]) == ["LR-2024-11", "LR-2026-05"]
    assert {t["theme"]: t["findings"] for t in document["themes"]}["information sharing"] == 2


def test_cli_themes_table_csv_md_and_bad_date(db: Path) -> None:
    table = run(db, "themes").stdout
    assert table.splitlines()[0].split()[:4] == ["Theme", "Findings", "Agreed", "Reviews"]
    assert any(line.startswith("information sharing") for line in table.splitlines())
    assert "1 finding(s) in these reviews have no theme yet." in table
    csv_text = run(db, "themes", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("Theme,Findings,Agreed,Reviews,2024,2025,2026")
    md = run(db, "themes", "--format", "md").stdout
    assert md.startswith("| Theme | Findings |")
    extra = run(db, "themes", "--format", "json", "--extra-theme", "Online safety").stdout
    assert "Online safety" not in extra  # offered, but no finding carries it
    bad = run(db, "themes", "--from", "soon")
    assert bad.exit_code == 2 and "--from soon: not a date" in bad.stderr
