"""Which patterns of which cues could match a sentence, told from its substrings.

A turn is checked against some 50 cues, each an alternation of up to two dozen
patterns, and most sentences can match none of them. Every pattern's *needs* (sets
of strings, one of each must be in any text it matches; see
``simulator.language.prefilter``) are known when the lexicon loads. Each pattern is
filed under one piece of ``gram`` characters per string of its most selective need,
the piece rarest among the lexicon's own strings (a string shorter than a piece is
looked for as it stands), so a sentence wakes only the patterns filed under a piece it
holds: one pass over the sentence, however many patterns there are. Patterns are bits
of one integer, so waking them is a few ``|``.

A woken pattern is only *possible*; the cue's regex still decides. A pattern that is
not woken cannot match, so leaving it out changes no result. Unlike ``Prefilter``
this does not screen woken patterns further: each runs at most once per sentence,
and a screen costs about what the pattern itself does on a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from simulator.language.prefilter import needs, pieces


class CueFilter:
    """For one locale: the patterns of each cue that could match a text."""

    def __init__(self, cues: Sequence[tuple[str, Sequence[re.Pattern[str]]]], gram: int) -> None:
        """``cues``: each cue's name and its patterns in order; ``gram``: the piece length."""
        self._gram = gram
        self._cues: list[tuple[str, int, int]] = []  # name, first bit, mask of its patterns
        found: list[tuple[int, tuple[frozenset[str], ...]]] = []
        for name, patterns in cues:
            self._cues.append((name, len(found), (1 << len(patterns)) - 1))
            found += [(1 << (len(found) + i), needs(regex)) for i, regex in enumerate(patterns)]
        # rare among the lexicon's own strings stands in for rare in what people say, but
        # a piece that spans a space or punctuation ("e n") is common in any text
        frequency = Counter(
            piece for _, wants in found for need in wants for s in need for piece in self._cut(s)
        )

        def key(string: str) -> str:
            """What a string is filed under: its rarest piece, or itself if shorter."""
            pieces = self._cut(string)
            return (
                min(pieces, key=lambda p: (not p.isalnum(), frequency[p], p)) if pieces else string
            )

        def rarity(keys: set[str]) -> tuple[int, int, int, int]:
            """How often a need's keys are in a text: least first (short ones are searched
            for as they stand, the slowest test)."""
            return (
                sum(len(k) < gram for k in keys),
                sum(not k.isalnum() for k in keys),
                sum(frequency[k] for k in keys),
                len(keys),
            )

        self._always = 0
        self._filed: dict[str, int] = {}
        self._short: dict[str, int] = {}  # strings shorter than a piece ("$", "no")
        for bit, wants in found:
            if not wants:
                self._always |= bit
                continue
            for filed in min(({key(s) for s in need} for need in wants), key=rarity):
                index = self._short if len(filed) < gram else self._filed
                index[filed] = index.get(filed, 0) | bit

    def possible(self, text: str) -> dict[str, int]:
        """cue name -> its patterns that could match ``text``: bit i for pattern i."""
        woken = self._always
        for piece in self._cut(text) & self._filed.keys():
            woken |= self._filed[piece]
        for string, bits in self._short.items():
            if string in text:
                woken |= bits
        return {name: bits for name, first, mask in self._cues if (bits := woken >> first & mask)}

    def _cut(self, text: str) -> set[str]:
        return pieces(text, self._gram)


def indexes(bits: int) -> Iterator[int]:
    """The positions of the set bits, lowest first."""
    while bits:
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low
