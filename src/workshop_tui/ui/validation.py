"""Form errors by field: what every form screen shows next to its fields.

Kept apart from the capture forms so that a screen needing only these (Prepare,
which the app opens first) does not import every form at start-up.
"""

from __future__ import annotations

from pydantic import ValidationError

__all__ = ["FieldErrors", "validation_messages"]


class FieldErrors(Exception):
    """Messages by field name, raised while building a model from a form."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


_FRIENDLY = {
    "string_too_short": "Required: type something here.",
    "missing": "Required.",
}


def validation_messages(error: ValidationError) -> dict[str, str]:
    """Field name -> a message a person can act on, from a pydantic error."""
    messages: dict[str, str] = {}
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "form"
        message = _FRIENDLY.get(item["type"], str(item["msg"]).removeprefix("Value error, "))
        messages.setdefault(name, message)
    return messages
