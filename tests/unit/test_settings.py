"""The partnership's settings: the file, its errors, a review's own names, and the
documents taking every group name from them (none hard-coded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.domain.models import RecommendationTo
from workshop_tui.domain.publishing import PublishingData
from workshop_tui.domain.settings import Groups, Settings, effective_settings
from workshop_tui.exporters import DOCUMENTS, formats_for, render
from workshop_tui.settings_file import load_settings, settings_path

CUSTOM = Settings(
    partnership="Fernleigh Safeguarding Children Partnership",
    groups=Groups(
        case_review="Practice Review Panel",
        business="Partnership Executive",
        quality_assurance="QA and Performance subgroup",
    ),
)


def test_an_absent_file_gives_the_defaults_quietly(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.toml")
    assert loaded.settings == Settings()
    assert loaded.problem == ""
    assert loaded.settings.groups.case_review == "Case Review Group"


def test_the_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'partnership = "Fernleigh Safeguarding Children Partnership"\n'
        'themes = ["online harm"]\n'
        "[groups]\n"
        'case_review = "Practice Review Panel"\n',
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.problem == ""
    assert loaded.settings.partnership == "Fernleigh Safeguarding Children Partnership"
    assert loaded.settings.groups.case_review == "Practice Review Panel"
    assert loaded.settings.groups.business == "Business Group"  # not set: the default
    assert loaded.settings.themes == ["online harm"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[groups]\nbusness = 'Executive'\n", "groups.busness: not a setting workshop-tui knows"),
        ("[groups]\ncase_review = ''\n", "groups.case_review: String should have at least 1"),
        ("partnership = 3\n", "partnership: Input should be a valid string"),
        ("themes = 'online harm'\n", "themes: Input should be a valid list"),
        ("partnership = 'unclosed\n", "not valid TOML"),
    ],
)
def test_a_bad_file_names_the_file_and_key_and_the_defaults_stand(
    tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert str(path) in loaded.problem
    assert said in loaded.problem
    assert "default settings are in use" in loaded.problem


def test_a_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe\x00bad")
    assert "not UTF-8" in load_settings(path).problem


def test_the_environment_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHOP_TUI_SETTINGS", str(tmp_path / "x.toml"))
    assert settings_path() == tmp_path / "x.toml"


def test_a_review_overrides_the_partnership_and_its_groups() -> None:
    mine = effective_settings(CUSTOM, "Ashbourne Vale Partnership", {"business": "Board"})
    assert mine.partnership == "Ashbourne Vale Partnership"
    assert mine.groups.business == "Board"
    assert mine.groups.case_review == "Practice Review Panel"
    # No partnership of its own, an empty override: the file's.
    same = effective_settings(CUSTOM, "", {"business": "  "})
    assert same == CUSTOM


@pytest.mark.parametrize(
    ("document", "fmt"), [(d, f) for d in DOCUMENTS for f in formats_for(d) if f in ("md",)]
)
def test_documents_take_the_group_names_from_the_settings(document: str, fmt: str) -> None:
    data = rich_review()
    assert any(f.recommendation_to is RecommendationTo.BUSINESS_GROUP for f in data.findings)
    text = render(
        data,
        document,
        fmt,
        generated_at=GENERATED_AT,
        publishing=PublishingData(settings=CUSTOM),
    ).decode("utf-8")
    for default in ("Case Review Group", "Business Group", "quality-assurance subgroup"):
        assert default not in text, document


def test_the_report_and_minutes_name_the_settings_groups() -> None:
    data = rich_review()
    extras = PublishingData(settings=CUSTOM)
    report = render(data, "report", "md", generated_at=GENERATED_AT, publishing=extras).decode()
    assert "## To the Practice Review Panel" in report
    assert "## To the Partnership Executive" in report
    assert "The QA and Performance subgroup tests the impact" in report
    minutes = render(data, "minutes", "md", generated_at=GENERATED_AT, publishing=extras).decode()
    assert "for the Practice Review Panel and the Partnership Executive" in minutes


def test_the_settings_themes_join_the_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partnership's own themes (settings.toml ``themes``) are offered after the
    built-in ones, and a command line's ``--extra-theme`` after those."""
    from workshop_tui.domain.themes import THEMES
    from workshop_tui.services import Services

    path = tmp_path / "settings.toml"
    path.write_text('themes = ["exploitation online"]\n', encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_TUI_SETTINGS", str(path))
    with Services.open(tmp_path / "r.db") as services:
        assert services.themes.register() == (*THEMES, "exploitation online")
        services.themes.extra = ("county lines",)
        assert services.themes.register()[-2:] == ("exploitation online", "county lines")


def test_the_settings_file_is_read_again_only_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workshop_tui.settings_file as settings_file
    from workshop_tui.services import Services

    path = tmp_path / "settings.toml"
    path.write_text('themes = ["exploitation online"]\n', encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_TUI_SETTINGS", str(path))
    reads: list[Path | None] = []
    real = settings_file.load_settings

    def counted(where: Path | None = None) -> object:
        reads.append(where)
        return real(where)

    monkeypatch.setattr(settings_file, "load_settings", counted)
    with Services.open(tmp_path / "r.db") as services:
        for _ in range(3):  # three capture forms opened
            assert services.themes.register()[-1] == "exploitation online"
        assert len(reads) == 1
        path.write_text('themes = ["county lines", "online harm"]\n', encoding="utf-8")
        assert services.themes.register()[-2:] == ("county lines", "online harm")
        assert len(reads) == 2


def test_exports_and_previews_share_the_settings_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workshop_tui.settings_file as settings_file
    from workshop_tui.domain.models import Review, ReviewData
    from workshop_tui.services import Services

    path = tmp_path / "settings.toml"
    path.write_text('partnership = "Fernmoor Partnership"\n', encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_TUI_SETTINGS", str(path))
    reads: list[Path | None] = []
    real = settings_file.load_settings

    def counted(where: Path | None = None) -> object:
        reads.append(where)
        return real(where)

    monkeypatch.setattr(settings_file, "load_settings", counted)
    with Services.open(tmp_path / "r.db") as services:
        review = services.reviews.create(ReviewData(review=Review(reference="LR-1", title="T")))
        assert review.id is not None
        for _ in range(3):  # a preview each time a document is chosen
            services.exports.publishing(review.id)
        services.themes.register()
        assert len(reads) == 1
