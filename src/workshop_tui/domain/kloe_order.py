"""The order of a review's KLOEs: where one goes when added, moved or restored.

KLOEs are numbered 1..n in agenda order. These functions decide the new order;
storage writes the numbers that changed (see :func:`renumbering`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def next_number(numbers: Iterable[int]) -> int:
    """The number of a KLOE added after those numbered ``numbers``: last + 1 (1 if none)."""
    return max(numbers, default=0) + 1


def moved(order: Sequence[int], kloe_id: int, offset: int) -> list[int]:
    """``order`` with ``kloe_id`` moved ``offset`` places (negative = earlier), kept in range.

    Raises:
        ValueError: ``kloe_id`` is not in ``order``.
    """
    rest = list(order)
    index = rest.index(kloe_id)
    rest.pop(index)
    rest.insert(max(0, min(len(rest), index + offset)), kloe_id)
    return rest


def restored(order: Sequence[int], kloe_id: int, number: int) -> list[int]:
    """``order`` with a restored KLOE back at its old ``number`` (the others make room).

    A number past the end puts it last; one below 1 puts it first.
    """
    rest = [i for i in order if i != kloe_id]
    rest.insert(max(0, min(len(rest), number - 1)), kloe_id)
    return rest


def renumbering(
    current: Mapping[int, int | None], order: Sequence[int]
) -> list[tuple[int, int | None, int]]:
    """The numbers to change so ``order`` reads 1..n: ``(kloe id, old number, new number)``.

    ``current`` is each KLOE's stored number (a KLOE missing from it counts as unnumbered);
    a KLOE whose number is already right is left out.
    """
    return [
        (kloe_id, current.get(kloe_id), number)
        for number, kloe_id in enumerate(order, start=1)
        if current.get(kloe_id) != number
    ]
