"""How two spellings of a name are compared: the one normalisation every layer uses."""

from __future__ import annotations


def name_key(text: str) -> str:
    """``text`` with its runs of whitespace made one space, trimmed, and case folded.

    Two names with the same key are the same name: ``" Mary  ANN "`` and ``"mary ann"``.
    """
    return " ".join(text.split()).casefold()
