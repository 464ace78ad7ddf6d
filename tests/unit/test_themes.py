"""The theme register: its taxonomy, extension, filtering, counting; themes, level and scope
kept by storage (audited) and by the archive."""

from __future__ import annotations

import datetime as dt
import json

from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.domain.models import Finding, FindingLevel, FindingScope, Review
from workshop_tui.domain.themes import (
    THEMES,
    canonical_theme,
    filter_themes,
    tally_themes,
    theme_register,
    tidy_themes,
)
from workshop_tui.exporters import render
from workshop_tui.importers.archive import read_archive
from workshop_tui.storage.repository import Repository


def test_the_built_in_taxonomy_is_the_issues_list() -> None:
    assert len(THEMES) == 18
    assert THEMES[0] == "information sharing"
    assert "whole family including fathers and men" in THEMES
    assert THEMES[-1] == "good practice"


def test_register_takes_extra_names_once_after_the_built_in_ones() -> None:
    register = theme_register(["Online safety", "  Voice of the CHILD ", "", "online  safety"])
    assert register[: len(THEMES)] == THEMES
    assert register[len(THEMES) :] == ("Online safety",)


def test_canonical_spelling_and_unknown_names_kept() -> None:
    assert canonical_theme("Voice  of the Child") == "voice of the child"
    assert canonical_theme("cumulative risk") == "cumulative risk"
    assert tidy_themes(["Domestic abuse", "domestic abuse", "cumulative risk"]) == [
        "domestic abuse",
        "cumulative risk",
    ]


def test_filter_matches_letters_without_spaces_and_initials() -> None:
    assert filter_themes(THEMES, "voiceof") == ["voice of the child"]
    assert filter_themes(THEMES, "da")[0] == "domestic abuse"
    assert "babies under one" in filter_themes(THEMES, "babies")
    # starting with the text comes before merely holding it
    found = filter_themes(THEMES, "fam")
    assert found[0] == "family engagement and disguised compliance"
    assert "whole family including fathers and men" in found
    assert filter_themes(THEMES, "") == list(THEMES)
    assert filter_themes(THEMES, "zzz") == []


def _review(ref: str, day: dt.date | None) -> Review:
    return Review(id=1, reference=ref, title=f"Review {ref}", workshop_date=day)


def test_tally_counts_findings_reviews_years_levels_and_scopes() -> None:
    a = _review("LR-A", dt.date(2024, 3, 1))
    b = _review("LR-B", dt.date(2025, 6, 1))
    c = _review("LR-C", None)
    findings_a = [
        Finding(
            statement="one",
            themes=["Domestic abuse", "information sharing"],
            level=FindingLevel.PRACTICE,
            scope=FindingScope.MULTI_AGENCY,
            agreed=True,
        ),
        Finding(statement="two", themes=["domestic abuse"], level=FindingLevel.PARTNERSHIP),
        Finding(statement="three"),
    ]
    findings_b = [Finding(statement="four", themes=["domestic abuse", "cumulative risk"])]
    findings_c = [Finding(statement="five", themes=["transitions"])]
    tally = tally_themes([(a, findings_a), (b, findings_b), (c, findings_c)])
    by_name = {t.theme: t for t in tally.themes}
    da = by_name["domestic abuse"]
    assert (da.findings, da.agreed, da.reviews) == (3, 1, ["LR-A", "LR-B"])
    assert dict(da.by_year) == {2024: 2, 2025: 1}
    assert dict(da.levels) == {"practice": 1, "partnership": 1}
    assert dict(da.scopes) == {"multi-agency": 1}
    assert by_name["information sharing"].findings == 1
    assert by_name["cumulative risk"].in_register is False
    assert by_name["transitions"].by_year == {None: 1}
    assert tally.untagged == 1
    assert tally.years == [2024, 2025, None]
    # every register theme is listed, used or not, then the others
    assert [t.theme for t in tally.themes][: len(THEMES)] == list(THEMES)
    assert [t.theme for t in tally.used()] == [
        "information sharing",
        "transitions",
        "domestic abuse",
        "cumulative risk",
    ]


def test_tally_date_range_leaves_out_reviews_outside_or_undated() -> None:
    a = _review("LR-A", dt.date(2024, 3, 1))
    b = _review("LR-B", dt.date(2025, 6, 1))
    c = _review("LR-C", None)
    f = [Finding(statement="x", themes=["transitions"])]
    tally = tally_themes(
        [(a, f), (b, f), (c, f)], start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    assert [r.reference for r in tally.reviews] == ["LR-B"]
    assert [r.reference for r in tally.left_out] == ["LR-A", "LR-C"]
    assert next(t for t in tally.themes if t.theme == "transitions").findings == 1


def test_storage_keeps_themes_level_and_scope_and_audits_their_edit(repo: Repository) -> None:
    review = repo.create_review(rich_review())
    assert review.id is not None
    finding = repo.findings(review.id)[0]
    edited = finding.model_copy(
        update={
            "themes": ["voice of the child", "domestic abuse"],
            "level": FindingLevel.ORGANISATIONAL,
            "scope": FindingScope.SINGLE_AGENCY,
        }
    )
    repo.update_finding(edited, original=finding)
    again = next(f for f in repo.findings(review.id) if f.id == finding.id)
    assert again.themes == ["voice of the child", "domestic abuse"]
    assert again.level is FindingLevel.ORGANISATIONAL
    assert again.scope is FindingScope.SINGLE_AGENCY
    changed = {
        e.field: (e.old, e.new)
        for e in repo.audit_events(review.id)
        if e.entity == "finding" and e.change == "update"
    }
    assert set(changed) == {"themes", "level", "scope"}
    assert changed["level"] == (None, "organisational")
    assert "voice of the child" in (changed["themes"][1] or "")


def test_archive_keeps_themes_level_and_scope_both_ways(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = rich_review()
    data.findings[0] = data.findings[0].model_copy(
        update={
            "themes": ["information sharing", "an older theme"],
            "level": FindingLevel.PARTNERSHIP,
            "scope": FindingScope.MULTI_AGENCY,
        }
    )
    content = render(data, "archive", "json", generated_at=GENERATED_AT)
    written = json.loads(content)["findings"][0]
    assert (written["themes"], written["level"], written["scope"]) == (
        ["information sharing", "an older theme"],
        "partnership",
        "multi-agency",
    )
    path = tmp_path / "review.json"
    path.write_bytes(content)
    back = read_archive(path).findings[0]
    assert back.themes == ["information sharing", "an older theme"]
    assert back.level is FindingLevel.PARTNERSHIP
    assert back.scope is FindingScope.MULTI_AGENCY
    # an archive from before level and scope reads with both unset
    older = json.loads(content)
    older["version"] = 2
    for f in older["findings"]:
        del f["level"], f["scope"]
    path.write_text(json.dumps(older))
    assert read_archive(path).findings[0].level is None
