"""Which regexes could match a text at all, told by substring tests alone.

A trainee turn is tried against some 300 intent patterns and 50 normalising
rewrites, and nearly all of them cannot match because a word they spell is not in
the text. Reading each regex once with ``re``'s own parser gives its *needs*:
sets of literal strings such that any text the regex matches in holds one string
of every set (``\\bpay\\w* (?:today|now)`` needs {"pay"} and {" today",
" now"}). Testing for a few strings costs far less than running the regex.

Exact by construction, so it changes no result: a set is a need only when every
possible match implies it, and anything the reading does not follow (back-
references, flags set inside the regex, large character classes) adds no need,
so the regex simply runs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any, Generic, TypeVar

MAX_STRINGS = 32
"""Most alternative strings followed for one part of a regex; beyond, it needs less."""
MAX_CLASS = 8
"""Largest character class (``[sz]``) read as alternative strings."""

Need = frozenset[str]
Screen = Callable[[str], object]
"""True (truthy) when a text might hold a match."""
T = TypeVar("T")


def needs(regex: re.Pattern[str]) -> tuple[Need, ...]:
    """Sets of strings: a text ``regex`` matches in holds one string of each.

    A case-insensitive regex has none here (see :func:`folded_needs`).
    """
    if regex.flags & re.IGNORECASE:
        return ()
    return _Reader(ignore_case=False).needs(regex)


def folded_needs(regex: re.Pattern[str]) -> tuple[Need, ...]:
    """For a case-insensitive ``regex``: sets of lower-case ASCII strings, one of
    each in ``text.lower()`` for any ASCII ``text`` the regex matches in.

    Ignoring case is comparing lower case only between ASCII characters: other
    letters can match an ASCII one regardless of case and still differ from it in
    lower case (the long s "ſ" matches "s"), so this holds for ASCII alone.
    """
    if not regex.flags & re.IGNORECASE:
        return ()
    return _unique(
        frozenset(s.lower() for s in need)
        for need in _Reader(ignore_case=True).needs(regex)
        if all(s.isascii() for s in need)
    )


def screen(regex: re.Pattern[str]) -> Screen:
    """A quick test, false only for texts ``regex`` cannot match in."""
    searches = tuple(map(_search, needs(regex)))
    if len(searches) == 1:
        return searches[0]  # the common case, called directly: no wrapper to pay for
    return lambda text: all(search(text) for search in searches)


class Prefilter(Generic[T]):
    """The items whose regex might match a text, in the order they were given.

    Each regex is filed under pieces of ``gram`` characters: for each string of
    its most selective need, the piece rarest in the ``sample`` texts (a string
    can be in a text only if its pieces are). A text wakes only the regexes filed
    under a piece it has, so the cost is one pass over the text, however many
    regexes there are; a woken regex must then pass its :func:`screen`. A regex
    whose every need holds a string shorter than a piece is just screened.

    A case-insensitive regex is filed by its :func:`folded_needs` and woken by
    the pieces of an ASCII text in lower case; any other text wakes it.
    """

    def __init__(
        self,
        items: Iterable[tuple[T, re.Pattern[str]]],
        sample: Iterable[str] = (),
        gram: int = 3,
    ) -> None:
        self.gram = gram
        self._frequency: Counter[str] = Counter()
        for text in sample:
            self._frequency.update(self._pieces(text))
        self._items: list[T] = []
        self._searches: list[tuple[Screen, ...]] = []  # one per need: all must find
        self._unfiled: list[int] = []
        self._filed: dict[str, set[int]] = {}
        self._folded: dict[str, set[int]] = {}  # case-insensitive regexes, by folded pieces
        self._all_folded: list[int] = []  # woken by any text that is not ASCII
        for position, (item, regex) in enumerate(items):
            self._items.append(item)
            exact = needs(regex)
            self._searches.append(tuple(map(_search, exact)))
            folded = folded_needs(regex)
            if folded and self._file(position, folded, self._folded):
                self._all_folded.append(position)
            elif not self._file(position, exact, self._filed):
                self._unfiled.append(position)

    def possible(self, text: str) -> list[T]:
        woken = set(self._unfiled)
        if self._filed:
            for piece in self._pieces(text) & self._filed.keys():
                woken |= self._filed[piece]
        if self._folded and text.isascii():
            for piece in self._pieces(text.lower()) & self._folded.keys():
                woken |= self._folded[piece]
        elif self._folded:
            woken.update(self._all_folded)
        out = []
        for position in sorted(woken):
            for search in self._searches[position]:
                if not search(text):
                    break
            else:
                out.append(self._items[position])
        return out

    def _file(self, position: int, found: tuple[Need, ...], index: dict[str, set[int]]) -> bool:
        """File ``position`` under the pieces of its most selective need, if one has
        no string shorter than a piece."""
        fileable = [
            {self._rarest(s) for s in need} for need in found if min(map(len, need)) >= self.gram
        ]
        if not fileable:
            return False
        key = min(
            fileable, key=lambda pieces: (sum(self._frequency[p] for p in pieces), len(pieces))
        )
        for piece in key:
            index.setdefault(piece, set()).add(position)
        return True

    def _pieces(self, text: str) -> set[str]:
        return pieces(text, self.gram)

    def _rarest(self, string: str) -> str:
        """The piece of ``string`` least often seen in the sample (the first of equals)."""
        n = self.gram
        pieces = [string[i : i + n] for i in range(len(string) - n + 1)]
        return min(pieces, key=self._frequency.__getitem__)


def pieces(text: str, gram: int) -> set[str]:
    """Every run of ``gram`` characters in ``text``: a string is in a text only if all of
    its pieces are, which is what filing regexes by piece relies on."""
    return {text[i : i + gram] for i in range(len(text) - gram + 1)}


def _search(need: Need) -> Screen:
    """One search for any string of ``need``: the substring tests run in C."""
    return re.compile("|".join(map(re.escape, sorted(need)))).search


# --- reading a parsed regex ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """What one part of a regex tells: ``strings`` holds every string it can match
    (None: too many to list), and a text it matches in has ``needs``."""

    strings: frozenset[str] | None
    needs: tuple[Need, ...] = ()


_ANYTHING = _Part(None)
_NOTHING = _Part(frozenset({""}))  # matches only the empty string (\b, ^, lookarounds)


@dataclass(frozen=True, slots=True)
class _Reader:
    """Reads a parsed regex part by part. Ignoring case, a literal still stands for
    its letters (compared in lower case later), but a character class is not read:
    which characters it takes without case is the regex engine's business."""

    ignore_case: bool

    def needs(self, regex: re.Pattern[str]) -> tuple[Need, ...]:
        try:
            part = self.sequence(_parser.parse(regex.pattern, regex.flags))
        except RecursionError:  # a regex nested deeper than this reading goes
            return ()
        return _unique((*part.needs, *_need(part.strings)))

    def sequence(self, items: Iterable[tuple[Any, Any]]) -> _Part:
        """Parts in a row: their strings multiply out while the product stays small."""
        found: list[Need] = []
        strings: frozenset[str] = frozenset({""})
        whole = True  # ``strings`` still lists every match of the row so far
        for op, av in _literal_runs(items):
            part = _Part(frozenset({av})) if op is _RUN else self.node(op, av)
            found.extend(part.needs)
            if part.strings is None:
                found.extend(_need(strings))
                strings, whole = frozenset({""}), False
                continue
            product = frozenset(a + b for a in strings for b in part.strings)
            if len(product) > MAX_STRINGS:
                found.extend(_need(strings))
                strings, whole = part.strings, False
            else:
                strings = product
        if whole:
            return _Part(strings, tuple(found))
        return _Part(None, (*found, *_need(strings)))

    def node(self, op: Any, av: Any) -> _Part:
        if op is sre.LITERAL:
            return _Part(frozenset({chr(av)}))
        if op is sre.IN:
            return _ANYTHING if self.ignore_case else _class(av)
        if op is sre.AT or op is sre.ASSERT_NOT:
            return _NOTHING
        if op is sre.ASSERT:  # matches nothing, yet what it looks at is in the text
            seen = self.sequence(av[1])
            return _Part(_NOTHING.strings, (*seen.needs, *_need(seen.strings)))
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            return _ANYTHING if add_flags or del_flags else self.sequence(body)
        if op is sre.ATOMIC_GROUP:
            return self.sequence(av)
        if op is sre.BRANCH:
            return _branch([self.sequence(option) for option in av[1]])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, body = av
            return _repeat(low, high, self.sequence(body))
        return _ANYTHING


_RUN = object()  # a run of literals, read as one string


def _literal_runs(items: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
    """The parts with each run of literal characters joined into one string, so a
    word costs one step instead of one per letter."""
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            yield _RUN, "".join(run)
            run = []
        yield op, av
    if run:
        yield _RUN, "".join(run)


def _need(strings: frozenset[str] | None) -> tuple[Need, ...]:
    """The strings as a need, unless one is empty (and so always present)."""
    if not strings or "" in strings:
        return ()
    return (strings,)


def _unique(found: Iterable[Need]) -> tuple[Need, ...]:
    return tuple(dict.fromkeys(found))


def _selectivity(need: Need) -> tuple[int, int]:
    """Long strings are rare in text; fewer alternatives are rarer still."""
    return min(map(len, need)), -len(need)


def _class(items: list[tuple[Any, Any]]) -> _Part:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return _ANYTHING
    return _Part(frozenset(chars)) if len(chars) <= MAX_CLASS else _ANYTHING


def _branch(options: list[_Part]) -> _Part:
    """Alternatives: any one can match, so a need of the whole takes one from each."""
    listed = [o.strings for o in options if o.strings is not None]
    if len(listed) == len(options):
        union = frozenset().union(*listed)
        if len(union) <= MAX_STRINGS:
            return _Part(union)
    picked: list[Need] = []
    for option in options:
        found = (*option.needs, *_need(option.strings))
        if not found:
            return _ANYTHING
        picked.append(max(found, key=_selectivity))
    return _Part(None, (frozenset().union(*picked),))


def _repeat(low: int, high: int, once: _Part) -> _Part:
    if low == 0:
        if high == 1 and once.strings is not None:
            return _Part(once.strings | {""})
        return _ANYTHING
    if low == high == 1:
        return once
    return _Part(None, (*once.needs, *_need(once.strings)))
