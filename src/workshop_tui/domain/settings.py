"""The partnership's settings: its name and the names of its groups, never hard-coded.

A partnership calls its groups what it calls them ("Case Review Group", "Safeguarding
Practice Review Panel", "QA and Performance subgroup"); documents take the names from here.
The file is TOML (``settings.toml`` in the user's config folder, read by
``workshop_tui.settings_file``); a review may override the groups
(:func:`effective_settings`). Unknown keys are refused, so a misspelt key is named rather
than silently ignored.

Example::

    partnership = "Corrow Valley Children's Safeguarding Partnership"
    themes = ["exploitation online"]

    [groups]
    case_review = "Case Review Group"
    business = "Business Group"
    quality_assurance = "quality-assurance subgroup"
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

GroupName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

GROUP_KEYS = ("case_review", "business", "quality_assurance")
"""The groups a review's documents name, in the order they are shown."""

GROUP_LABELS = {
    "case_review": "Case Review Group",
    "business": "Business Group",
    "quality_assurance": "Quality-assurance subgroup",
}
"""What each group is, whatever the partnership calls it (for forms and messages)."""


class Groups(BaseModel):
    """The names of the partnership's groups."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    case_review: GroupName = "Case Review Group"
    """Receives the review's recommendations about practice in the case."""
    business: GroupName = "Business Group"
    """Receives the recommendations to the partnership's business (policy, resources)."""
    quality_assurance: GroupName = "quality-assurance subgroup"
    """Monitors the action plan (performance indicators, multi-agency audit)."""

    def name(self, key: str) -> str:
        """The name of the group ``key`` (one of ``GROUP_KEYS``)."""
        return str(getattr(self, key))


class Settings(BaseModel):
    """Everything the settings file may say."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    partnership: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""
    """The partnership's name, used where a review names none (case.toml's wins)."""
    groups: Groups = Field(default_factory=Groups)
    themes: list[GroupName] = Field(default_factory=list)
    """Theme names added to the built-in taxonomy (used by the theme register)."""


def effective_settings(
    settings: Settings, partnership: str = "", groups: dict[str, str] | None = None
) -> Settings:
    """The settings for one review: its own partnership (from case.toml) when it has one,
    and its own group names (``groups``, by key) over the file's."""
    overrides = {k: v for k, v in (groups or {}).items() if k in GROUP_KEYS and v.strip()}
    return Settings(
        partnership=partnership.strip() or settings.partnership,
        groups=settings.groups.model_copy(update=overrides) if overrides else settings.groups,
        themes=settings.themes,
    )


def describe_errors(source: str, error: ValidationError) -> str:
    """One line per problem, naming the file and the key: ``settings.toml: groups.business:
    String should have at least 1 character``."""
    lines = []
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            message = "not a setting workshop-tui knows (misspelt?)"
        lines.append(f"{source}: {key}: {message}")
    return "\n".join(lines)
