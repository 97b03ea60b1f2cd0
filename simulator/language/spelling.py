r"""Typo repair against a closed vocabulary ("paymnet" -> "payment").

Trainees type fast. Rather than fuzzy-matching every pattern, unknown words are
mapped once to the nearest vocabulary word (Damerau-Levenshtein distance 1, or 2
for long words), found through an index of deletions (the SymSpell idea) so the
cost does not grow with the vocabulary. Words the vocabulary knows, short words
words in a name slot ("this is Lisa"), real English words (a shipped SCOWL list:
"layoff" must not become "payoff") and inflections of known words ("paused" when
a pattern spells "paus\w*") are never touched.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

from simulator.language.tokenise import Token, en_words, stem

MIN_LENGTH = 4
MAX_LENGTH = 20  # longer "words" are noise (pasted ids, keyboard mashing): left alone
LONG_WORD = 8
PREFIX_TAIL = 4
_NAME_AFTER_ONE = frozenset({"mr", "mrs", "ms", "miss", "dr", "hi", "hello", "hey", "dear"})
_NAME_AFTER_TWO = frozenset(
    {
        ("is", "this"),
        ("this", "is"),
        ("it", "is"),
        ("name", "is"),
        ("speak", "to"),
        ("speak", "with"),
        ("speaking", "to"),
        ("speaking", "with"),
        ("looking", "for"),
        ("to", "reach"),
        ("am", "i"),
    }
)
_NOT_NAMES = frozenset(
    {"a", "an", "the", "not", "just", "about", "calling", "going", "your", "my", "our", "from",
     "with", "at", "on", "in", "of", "to", "for", "and", "so", "very", "really", "here", "there",
     "speaking"}
)  # fmt: skip
_ALPHA = re.compile(r"^[a-z]+$")
_WORDS = Path(__file__).parent / "data" / "words.en.txt.gz"


@cache
def english_words() -> frozenset[str]:
    """Common English words (4-14 letters), so typo repair leaves real words alone."""
    return frozenset(gzip.decompress(_WORDS.read_bytes()).decode("ascii").split())


class Speller:
    """Corrects words against ``vocabulary`` (word -> frequency), keeping ``known``."""

    def __init__(
        self,
        vocabulary: Mapping[str, int],
        known: Iterable[str] = (),
        prefixes: Iterable[str] = (),
    ) -> None:
        self._frequency = dict(vocabulary)
        self._known = frozenset(known) | frozenset(vocabulary)
        self._stems = frozenset(stem(w) for w in self._known)
        kept = sorted(p for p in prefixes if len(p) >= MIN_LENGTH)
        # per word length, the prefixes that leave at most PREFIX_TAIL letters after them
        self._prefixes = {
            n: tuple(p for p in kept if n - len(p) <= PREFIX_TAIL)
            for n in range(MIN_LENGTH, MAX_LENGTH + 1)
        }
        self._index: dict[str, set[str]] = {}
        for word in self._frequency:
            if len(word) < MIN_LENGTH:
                continue
            for variant in _deletions(word, 2 if len(word) >= LONG_WORD - 2 else 1):
                self._index.setdefault(variant, set()).add(word)

    def word(self, word: str) -> str:
        """The vocabulary word meant by ``word``, or ``word`` itself."""
        if not MIN_LENGTH <= len(word) <= MAX_LENGTH or word in self._known:
            return word
        if not _ALPHA.match(word):
            return word
        if stem(word) in self._stems or word.startswith(self._prefixes[len(word)]):
            return word
        limit = 2 if len(word) >= LONG_WORD else 1
        candidates: set[str] = set()
        for variant in _deletions(word, limit):
            candidates |= self._index.get(variant, set())
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            if abs(len(candidate) - len(word)) > limit:
                continue
            distance = _distance(word, candidate)
            if distance > limit:
                continue
            key = (distance, -self._frequency[candidate], candidate)
            if best is None or key < best:
                best = key
        return best[2] if best else word

    def correct(self, text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """``text`` with misspelt words replaced, and the (typed, read) pairs."""
        words = en_words(text)
        parts: list[str] = []
        fixes: list[tuple[str, str]] = []
        cursor = 0
        slots = _name_slots(words)
        for i, token in enumerate(words):
            if i in slots:
                continue
            fixed = self.word(token.text)
            if fixed != token.text:
                parts.append(text[cursor : token.start])
                parts.append(fixed)
                cursor = token.end
                fixes.append((token.text, fixed))
        if not fixes:
            return text, ()
        parts.append(text[cursor:])
        return "".join(parts), tuple(fixes)


def _name_slots(words: Sequence[Token]) -> set[int]:
    """Indexes of words where a name may stand: after "this is", "mr", and a first name."""
    slots: set[int] = set()
    for i in range(len(words)):
        one = words[i - 1].text if i >= 1 else ""
        two = (words[i - 2].text, one) if i >= 2 else ("", one)
        after_name = i - 1 in slots and one not in _NOT_NAMES
        if (one in _NAME_AFTER_ONE or two in _NAME_AFTER_TWO or after_name) and (
            words[i].text not in _NOT_NAMES
        ):
            slots.add(i)
    return slots


def _deletions(word: str, limit: int) -> set[str]:
    """``word`` with up to ``limit`` letters left out, never shorter than two letters."""
    out = {word}
    shorter = {word}
    for n in range(1, limit + 1):
        if len(word) - n < 2:
            break
        shorter = {w[:i] + w[i + 1 :] for w in shorter for i in range(len(w))}
        out |= shorter
    return out


def _distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
