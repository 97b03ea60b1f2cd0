"""Choosing which variant of a debtor line is spoken, reproducibly from the seed."""

from __future__ import annotations

from simulator.engine.state import DebtorState
from simulator.scenario.model import Line, LineGroup


def choose_line(group: LineGroup | None, key: str, state: DebtorState) -> tuple[str, Line] | None:
    """Pick one line of ``group`` (whose ``when`` holds) by the group's mode.

    ``key`` is the group's stable base id; counts and shuffle bags are kept per key so
    each group has its own sequence however the call wanders.
    """
    if group is None:
        return None
    eligible = [i for i, line in enumerate(group.lines) if not line.when or state.check(line.when)]
    if not eligible:
        return None
    count = state.line_counts.get(key, 0)
    state.line_counts[key] = count + 1
    if group.mode == "sequence":
        index = eligible[min(count, len(eligible) - 1)]
    elif group.mode == "cycle":
        index = eligible[count % len(eligible)]
    elif group.mode == "random":
        index = eligible[state.pick(len(eligible))]
    else:
        index = _from_bag(key, eligible, state)
    line = group.lines[index]
    return line.id or f"{key}.{index + 1}", line


def _from_bag(key: str, eligible: list[int], state: DebtorState) -> int:
    bag = [i for i in state.shuffle_bags.get(key, []) if i in eligible]
    if not bag:
        bag = list(eligible)
        state.shuffle(bag)
    index = bag.pop(0)
    state.shuffle_bags[key] = bag
    return index
