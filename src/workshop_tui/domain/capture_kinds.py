"""The kinds of thing the room captures: the one table every layer reads.

A perspective, a finding, an action, an escalation and a decision each have a model, a name
(the storage table, the form's and the draft's name), a label, the Workshop key
that captures one, the Outcomes key that shows them, the heading of their section
in the minutes and the report, and the field holding what was said or agreed.
Forms, key bindings, the command palette, the Outcomes tabs, deletion and undo,
the exports and the archive read this table; adding a kind starts here.

The form itself is a ui class, which this layer never imports: the ui builds its
kind-to-form mapping from this table (``ui.screens.capture.FORMS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workshop_tui.domain.models import (
    Action,
    Decision,
    Escalation,
    Finding,
    Perspective,
    ReviewData,
)

Capture = Perspective | Finding | Action | Escalation | Decision
"""Any captured item."""


@dataclass(frozen=True, slots=True)
class CaptureKind:
    """One kind of capture and everything that names or finds it."""

    kind: str
    """Its name: the storage table, the form's and the draft's ``form``."""
    model: type[Capture]
    label: str
    """How the screens name one ("Perspective")."""
    key: str
    """The Workshop's key that opens its form."""
    tab_key: str
    """The Outcomes key that shows its table (the tabs go in this order)."""
    section: str
    """The heading of its section in the minutes and the report ("Perspectives")."""
    text_field: str
    """The field holding what was said or agreed (a draft's preview shows its start)."""
    kloe_field: str
    """The field naming its KLOE: ``kloe_id``, or ``kloe_ids`` for a finding (several)."""
    of_review: Callable[[ReviewData], list[Capture]]
    """Its items in a whole review (``ReviewData``: exports, the archive)."""

    @property
    def plural(self) -> str:
        """Its plural ("perspectives"): the ``ReviewData`` field, the Outcomes tab."""
        return f"{self.kind}s"

    @property
    def many_kloes(self) -> bool:
        """Whether one item may serve several KLOEs (a finding)."""
        return self.kloe_field == "kloe_ids"

    def kloe_ids(self, item: Capture) -> list[int]:
        """The KLOEs ``item`` was captured under (none, one, or a finding's several)."""
        value = getattr(item, self.kloe_field)
        if self.many_kloes:
            return list(value)
        return [] if value is None else [value]


CAPTURE_KINDS: tuple[CaptureKind, ...] = (
    CaptureKind(
        kind="perspective",
        model=Perspective,
        label="Perspective",
        key="p",
        tab_key="4",
        section="Perspectives",
        text_field="text",
        kloe_field="kloe_id",
        of_review=lambda data: list(data.perspectives),
    ),
    CaptureKind(
        kind="finding",
        model=Finding,
        label="Finding",
        key="f",
        tab_key="1",
        section="Findings",
        text_field="statement",
        kloe_field="kloe_ids",
        of_review=lambda data: list(data.findings),
    ),
    CaptureKind(
        kind="action",
        model=Action,
        label="Action",
        key="a",
        tab_key="2",
        section="Actions",
        text_field="description",
        kloe_field="kloe_id",
        of_review=lambda data: list(data.actions),
    ),
    CaptureKind(
        kind="escalation",
        model=Escalation,
        label="Escalation",
        key="e",
        tab_key="3",
        section="Case-specific escalations",
        text_field="description",
        kloe_field="kloe_id",
        of_review=lambda data: list(data.escalations),
    ),
    CaptureKind(
        kind="decision",
        model=Decision,
        label="Decision",
        key="D",
        tab_key="5",
        section="Decisions",
        text_field="text",
        kloe_field="kloe_id",
        of_review=lambda data: list(data.decisions),
    ),
)
"""Every kind, in the order the Workshop lists them (and its keys go)."""

BY_NAME: dict[str, CaptureKind] = {k.kind: k for k in CAPTURE_KINDS}
BY_MODEL: dict[type[Capture], CaptureKind] = {k.model: k for k in CAPTURE_KINDS}
CAPTURE_KIND_NAMES: tuple[str, ...] = tuple(BY_NAME)
"""Every kind's name, in table order."""
OUTCOMES_ORDER: tuple[CaptureKind, ...] = tuple(sorted(CAPTURE_KINDS, key=lambda k: k.tab_key))
"""The kinds in the order of the Outcomes tabs (by their keys)."""


def capture_kind(kind: str) -> CaptureKind:
    """The kind named ``kind``.

    Raises:
        ValueError: no kind of capture has that name.
    """
    try:
        return BY_NAME[kind]
    except KeyError:
        names = ", ".join(CAPTURE_KIND_NAMES)
        raise ValueError(f"no kind of capture called {kind!r}; one of {names}") from None


def kind_of(item: Capture) -> CaptureKind:
    """The kind of ``item``."""
    return BY_MODEL[type(item)]


def capture_kloe_id(item: Capture) -> int | None:
    """The KLOE a capture was made under (a finding's first, as it may serve several)."""
    ids = kind_of(item).kloe_ids(item)
    return ids[0] if ids else None
