"""The one table of capture kinds, and what is built from it."""

from __future__ import annotations

import pytest

from workshop_tui.domain.capture_kinds import (
    CAPTURE_KINDS,
    OUTCOMES_ORDER,
    capture_kind,
    capture_kloe_id,
    kind_of,
)
from workshop_tui.domain.models import Action, Finding, Perspective, Review, ReviewData
from workshop_tui.storage.audit import DELETABLE_KINDS


def test_every_kind_has_its_own_keys_names_and_model() -> None:
    for field in ("kind", "model", "key", "tab_key", "label", "section"):
        values = [getattr(kind, field) for kind in CAPTURE_KINDS]
        assert len(set(values)) == len(values), field
    assert [k.tab_key for k in OUTCOMES_ORDER] == sorted(k.tab_key for k in CAPTURE_KINDS)


def test_every_kind_has_a_form_and_can_be_deleted_and_undone() -> None:
    from workshop_tui.ui.screens.capture import FORMS

    assert set(FORMS) == {kind.kind for kind in CAPTURE_KINDS}
    for kind in CAPTURE_KINDS:
        assert FORMS[kind.kind].form_name == kind.kind
        assert kind.kind in DELETABLE_KINDS


def test_every_kind_names_its_text_and_kloe_fields_and_its_review_list() -> None:
    data = ReviewData(review=Review(reference="LR-1", title="Child A"))
    for kind in CAPTURE_KINDS:
        assert kind.text_field in kind.model.model_fields
        assert kind.kloe_field in kind.model.model_fields
        assert kind.plural in ReviewData.model_fields
        assert kind.of_review(data) == []


def test_the_kloe_of_a_capture() -> None:
    assert capture_kloe_id(Perspective(kloe_id=3, text="Said.")) == 3
    assert capture_kloe_id(Finding(kloe_ids=[5, 2], statement="Found.")) == 5
    assert capture_kloe_id(Finding(statement="Found.")) is None
    assert capture_kloe_id(Action(description="Act.")) is None
    assert kind_of(Finding(statement="Found.")).kloe_ids(Finding(statement="F.")) == []


def test_an_unknown_kind_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="no kind of capture called 'minute'"):
        capture_kind("minute")
