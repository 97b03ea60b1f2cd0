"""The phrase lexicon: named cues with per-locale patterns, compiled once.

A cue answers one question about a sentence ("does the agent threaten arrest here?").
Rule packs decide what a cue means in their jurisdiction; the lexicon only knows how
people say things in en-US and zh-CN, including how they take them back:

- ``except`` patterns in the same clause cancel a hit (talk *about* a threat, a rumour,
  a legal right, a conditional that is clearly hypothetical); ``except_sets`` name
  shared lists of them (the talk-about-a-threat phrases every threat cue ignores);
- for negatable cues, a negation before the hit ("we will not call your employer",
  "我们不会联系你家人"), a negative subject ("nobody here will call your boss") or a
  negation right after it ("a lawsuit is not planned") cancels it;
- ``masks`` blank out negators that belong to a condition or a rhetorical question, not
  to the claim ("if you don't pay, we'll sue", "你再不还就起诉你", "can't you just
  borrow it?"), so the threat after them still counts (group ``neg`` is blanked, else
  the whole match; a ``brk`` group becomes a clause break instead, for "不过").

Pattern macros: ``<m,n>`` is a gap of m..n words (en-US) or characters (zh-CN) that
never crosses clause punctuation; ``{{name}}`` is the locale's entry ``name`` under
``macros`` (one definition of a guarded word, such as the zh 还 that means "repay" and not
"still", shared by every cue that needs it). A named group ``v`` marks the word whose
negation matters ("your family is not (?P<v>responsible)"); without it the match start
is used.

A cue's ``match`` list is one alternation, but on a sentence only the patterns that the
prefilter (``cuefilter``) says could match there are run, each alone; merged, they find
exactly what the alternation would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

import yaml

from simulator.language.negation import negated
from simulator.language.normalise import normalise
from simulator.scoring.compliance import text as textutil
from simulator.scoring.compliance.cuefilter import CueFilter, indexes

LOCALES = ("en-US", "zh-CN")
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_GAP = re.compile(r"<(\d+),(\d+)>")
_MACRO = re.compile(r"\{\{(\w+)\}\}")
_GAP_FORMS = {
    "en-US": r"(?:\s+[^\s,;:.!?]+){%s,%s}?\s+",
    "zh-CN": r"[^，。！？；：,.!?;:]{%s,%s}?",
}
# prefilter piece length: three letters pick out an English word, and a single
# character already narrows Chinese (most zh cue words are two characters long)
_GRAMS = {"en-US": 3, "zh-CN": 1}


class LexiconError(ValueError):
    """The lexicon data file is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a turn: its original words, normal form and negation masks."""

    original: str
    text: str
    langs: tuple[str, ...]  # the lexicon locales its scripts call for
    # per locale, the text with non-claim negators blanked: made when a negation is
    # first weighed, since most sentences hold no claim to weigh
    masks: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Reading:
    """A turn's sentences, and where among them each cue could match at all."""

    sentences: tuple[Sentence, ...]
    # (sentence index, locale, cue -> its patterns that could match there: bit i for
    # pattern i), for every sentence and each of its locales, in order
    possible: tuple[tuple[int, str, dict[str, int]], ...]
    cues: frozenset[str]  # the cues that could match anywhere in the turn

    def __iter__(self) -> Iterator[Sentence]:
        return iter(self.sentences)

    def __len__(self) -> int:
        return len(self.sentences)


@dataclass(frozen=True, slots=True)
class Hit:
    sentence: Sentence
    start: int
    end: int

    @property
    def evidence(self) -> str:
        return textutil.quote(self.sentence.original, self.sentence.text, self.start, self.end)


@dataclass(frozen=True)
class _Patterns:
    source: str  # the alternation of every pattern, as one regex
    exclude: re.Pattern[str] | None
    items: tuple[re.Pattern[str], ...]  # the alternatives of ``match``, each alone

    @cached_property
    def match(self) -> re.Pattern[str]:
        """The whole alternation: the definition ``finditer`` keeps to, compiled only if
        it is ever run (an empty match, which no cue should make)."""
        return re.compile(self.source)

    def finditer(self, text: str, possible: int) -> Iterator[re.Match[str]]:
        """What ``match.finditer(text)`` finds, when only the alternatives ``possible``
        (bit i for alternative i) can match in ``text``: the others are never run.

        An alternation matches at the leftmost position where any alternative does,
        with the first of those alternatives, then goes on from the end of the match;
        the alternatives searched one by one and merged that way find the same.
        """
        if possible & (possible - 1) == 0:  # a single alternative
            yield from self.items[possible.bit_length() - 1].finditer(text)
            return
        ahead = {index: self.items[index].search(text) for index in indexes(possible)}
        pos = 0
        while True:
            found = [(m.start(), index) for index, m in ahead.items() if m is not None]
            if not found:
                return
            match = ahead[min(found)[1]]
            if match.end() == match.start():  # an empty match: re's own rules go on
                yield from self.match.finditer(text, pos)
                return
            yield match
            pos = match.end()
            for index, m in ahead.items():
                if m is not None and m.start() < pos:
                    ahead[index] = self.items[index].search(text, pos)


@dataclass(frozen=True)
class Cue:
    name: str
    negatable: bool
    patterns: dict[str, _Patterns]
    lexicon: Lexicon = field(repr=False, compare=False)

    def find(self, reading: Reading) -> Hit | None:
        """The first hit of this cue that is not cancelled, in sentence order."""
        return next(self.hits(reading), None) if self.name in reading.cues else None

    def hits(self, reading: Reading) -> Iterator[Hit]:
        """Every hit that is not cancelled, in order (lazily: most callers want one)."""
        if self.name not in reading.cues:
            return
        sentences = reading.sentences
        for index, lang, cues in reading.possible:
            possible = cues.get(self.name)
            if not possible:
                continue
            sentence, patterns = sentences[index], self.patterns[lang]
            for match in patterns.finditer(sentence.text, possible):
                if self._kept(sentence, lang, patterns, match):
                    following = sentences[index + 1] if index + 1 < len(sentences) else None
                    if self.negatable and self.lexicon.denied_echo(sentence, following, lang):
                        break
                    yield Hit(sentence, match.start(), match.end())

    def _kept(
        self, sentence: Sentence, lang: str, patterns: _Patterns, match: re.Match[str]
    ) -> bool:
        """Whether a match survives its cue's exceptions and negation."""
        if patterns.exclude is not None:
            lo, hi = self.lexicon.clause(sentence.text, match.start(), match.end(), lang)
            if patterns.exclude.search(sentence.text, lo, hi):
                return False
        if not self.negatable:
            return True
        anchor = _group_start(match, "v")
        anchor = match.start() if anchor < 0 else anchor
        return not self.lexicon.cancelled(sentence, lang, anchor, match.end())


class Lexicon:
    """All cues plus the shared negation masks and clause rules, per locale."""

    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.source = source
        self._compiler = compiler = _Compiler(data.get("macros") or {}, source)

        def single(key: str) -> dict[str, re.Pattern[str]]:
            return {
                lang: compiler.one(_require(data, (key, lang), source), lang, f"{source}: {key}")
                for lang in LOCALES
            }

        self._masks = {
            lang: compiler.joined(data, ("masks", lang), lang, source) for lang in LOCALES
        }
        self._post = single("post_negation")
        self._negative_subjects = single("negative_subjects")
        self._denials = single("denials")
        self._breaks = single("clause_breaks")
        self._except_sets: dict[str, dict[str, list[str]]] = data.get("except_sets") or {}
        if not isinstance(self._except_sets, dict):
            raise LexiconError(f"{source}: 'except_sets' must be a mapping")
        cues = _require(data, ("cues",), source)
        if not isinstance(cues, dict) or not cues:
            raise LexiconError(f"{source}: 'cues' must be a non-empty mapping")
        self.cues: dict[str, Cue] = {name: self._cue(name, spec) for name, spec in cues.items()}
        # which alternatives of which cues could match a sentence, told from substrings:
        # most cue patterns never run on most sentences (built here, not on a first turn)
        self._filters = {
            lang: CueFilter(
                [
                    (name, cue.patterns[lang].items)
                    for name, cue in self.cues.items()
                    if lang in cue.patterns
                ],
                _GRAMS[lang],
            )
            for lang in LOCALES
        }

    def __getitem__(self, name: str) -> Cue:
        return self.cues[name]

    def _cue(self, name: str, spec: Any) -> Cue:
        where = f"{self.source}: cues.{name}"
        if not isinstance(spec, dict):
            raise LexiconError(f"{where}: expected a mapping")
        unknown = set(spec) - {"negatable", "except_sets", *LOCALES}
        if unknown:
            raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        shared = spec.get("except_sets", [])
        if not isinstance(shared, list) or any(n not in self._except_sets for n in shared):
            raise LexiconError(f"{where}: except_sets must name entries of 'except_sets'")
        patterns: dict[str, _Patterns] = {}
        for lang in LOCALES:
            if lang not in spec:
                continue
            entry = spec[lang]
            if not isinstance(entry, dict) or not entry.get("match"):
                raise LexiconError(f"{where}.{lang}: needs a non-empty 'match' list")
            excludes = list(entry.get("except") or [])
            for set_name in shared:  # not ``name``: that is the cue's
                excludes += self._except_sets[set_name].get(lang, [])
            source, items = self._compiler.alternatives(entry, ("match",), lang, f"{where}.{lang}")
            patterns[lang] = _Patterns(
                source=source,
                exclude=self._compiler.joined(
                    {"except": excludes}, ("except",), lang, f"{where}.{lang}"
                )
                if excludes
                else None,
                items=items,
            )
        if not patterns:
            raise LexiconError(f"{where}: no patterns for any locale")
        return Cue(name, bool(spec.get("negatable", True)), patterns, self)

    def read(self, text: str) -> Reading:
        """The sentences of a turn, normalised, with the locales of the scripts they contain
        and the cues each could match."""
        spans = textutil.sentence_spans(text)
        whole = normalise(text[: textutil.MAX_TURN_CHARS])
        norm_spans = textutil.sentence_spans(whole)
        if len(norm_spans) == len(spans):  # one normalise call per turn, not per sentence
            norms = [whole[a:b].strip() for a, b in norm_spans]
        else:  # normalising moved a boundary (rare: "…" inside a word); do it per sentence
            norms = [normalise(text[a:b]) for a, b in spans]
        out: list[Sentence] = []
        possible: list[tuple[int, str, dict[str, int]]] = []
        for (start, end), norm in zip(spans, norms, strict=True):
            if not norm:
                continue
            sentence = Sentence(text[start:end], norm, textutil.scripts(norm))
            possible += [
                (len(out), lang, self._filters[lang].possible(norm)) for lang in sentence.langs
            ]
            out.append(sentence)
        cues = frozenset().union(*(found for _, _, found in possible))
        return Reading(tuple(out), tuple(possible), cues)

    def masked(self, sentence: Sentence, lang: str) -> str:
        """The sentence with the negators that belong to no claim blanked (see ``masks``)."""
        if lang not in sentence.masks:
            sentence.masks[lang] = self._mask(sentence.text, lang)
        return sentence.masks[lang]

    def _mask(self, norm: str, lang: str) -> str:
        masked = norm
        for match in self._masks[lang].finditer(norm):
            fill, group = "_", _group_name(match, "neg")
            if not group and _group_name(match, "brk"):
                fill, group = ",", _group_name(match, "brk")
            lo, hi = match.span(group) if group else match.span()
            masked = masked[:lo] + fill * (hi - lo) + masked[hi:]
        return masked

    def denied_echo(self, sentence: Sentence, following: Sentence | None, lang: str) -> bool:
        """A short question echoing the debtor, answered "no" at once: "Jail? No, never."."""
        if following is None or not sentence.text.endswith(("?", "？")):
            return False
        short = len(sentence.text.split()) <= 3 if lang == "en-US" else len(sentence.text) <= 6
        return short and bool(self._denials[lang].match(following.text))

    def clause(self, text: str, start: int, end: int, lang: str) -> tuple[int, int]:
        """Bounds of the clause around [start, end): between clause breaks."""
        breaks = self._breaks[lang]
        lo = 0
        for match in breaks.finditer(text, 0, start):
            lo = match.end()
        nxt = breaks.search(text, end)
        return lo, (nxt.start() if nxt else len(text))

    def cancelled(self, sentence: Sentence, lang: str, anchor: int, end: int) -> bool:
        """Whether the claim at ``anchor`` is negated before it or right after it."""
        masked = self.masked(sentence, lang)
        if negated(masked, anchor, lang):
            return True
        lo, hi = self.clause(masked, anchor, end, lang)
        if lo < anchor and self._negative_subjects[lang].match(masked, lo, anchor):
            return True
        return bool(self._post[lang].match(masked, end, hi))


def _group_name(match: re.Match[str], name: str) -> str:
    """The matched group among ``name_1``, ``name_2``... (see _dedupe_groups)."""
    for group, value in match.groupdict().items():
        if value is not None and group.partition("_")[0] == name:
            return group
    return ""


def _group_start(match: re.Match[str], name: str) -> int:
    group = _group_name(match, name)
    return match.start(group) if group else -1


def _require(data: Any, path: tuple[str, ...], source: str) -> Any:
    node = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise LexiconError(f"{source}: missing '{'.'.join(path)}'")
        node = node[key]
    return node


class _Compiler:
    """Expands the pattern macros (gaps, named ``macros``) and compiles, naming bad entries."""

    def __init__(self, macros: Any, source: str) -> None:
        if not isinstance(macros, dict) or any(
            not isinstance(macros.get(lang, {}), dict) for lang in LOCALES
        ):
            raise LexiconError(f"{source}: 'macros' must map each locale to named patterns")
        self._macros: dict[str, dict[str, str]] = {lang: macros.get(lang, {}) for lang in LOCALES}
        self._source = source

    def expand(self, pattern: str, lang: str, where: str) -> str:
        def macro(match: re.Match[str]) -> str:
            body = self._macros[lang].get(match.group(1))
            if not isinstance(body, str) or not body:
                raise LexiconError(f"{where}: unknown macro {{{{{match.group(1)}}}}} for {lang}")
            return f"(?:{body})"

        pattern = _MACRO.sub(macro, pattern)
        return _GAP.sub(lambda m: _GAP_FORMS[lang] % (m.group(1), m.group(2)), pattern)

    def one(self, pattern: Any, lang: str, where: str) -> re.Pattern[str]:
        if not isinstance(pattern, str) or not pattern:
            raise LexiconError(f"{where}: expected a non-empty pattern string")
        try:
            return re.compile(_dedupe_groups(self.expand(pattern, lang, where)))
        except re.error as exc:
            raise LexiconError(f"{where}: invalid pattern {pattern!r}: {exc}") from None

    def joined(self, data: Any, path: tuple[str, ...], lang: str, where: str) -> re.Pattern[str]:
        """One alternation of every pattern listed at ``path``, each checked on its own first."""
        return re.compile(self.alternatives(data, path, lang, where)[0])

    def alternatives(
        self, data: Any, path: tuple[str, ...], lang: str, where: str
    ) -> tuple[str, tuple[re.Pattern[str], ...]]:
        """The alternation of the patterns listed at ``path`` (a regex to compile when
        needed), and each pattern alone, compiled."""
        items = _require(data, path, where)
        if not isinstance(items, list) or not items:
            raise LexiconError(f"{where}: '{'.'.join(path)}' must be a non-empty list")
        alone = tuple(
            self.one(item, lang, f"{where}.{'.'.join(path)}[{index}]")
            for index, item in enumerate(items)
        )
        joined = "|".join(f"(?:{self.expand(item, lang, where)})" for item in items)
        return _dedupe_groups(joined), alone


def _dedupe_groups(joined: str) -> str:
    """Alternatives may each name a ``v``/``neg``/``brk`` group; Python wants unique names.

    Every occurrence becomes ``v_1``, ``v_2``... and ``_group_name`` reads whichever matched
    (so a pattern compiled alone is renamed the same way as in an alternation).
    """
    counter = iter(range(1, 10_000))
    return re.sub(r"\(\?P<(v|neg|brk)\d*>", lambda m: f"(?P<{m.group(1)}_{next(counter)}>", joined)


@cache
def load_lexicon() -> Lexicon:
    """The bundled lexicon, parsed with libyaml when available, once per process."""
    source = resources.files("simulator.scoring.compliance").joinpath("lexicon.yaml")
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise LexiconError(f"lexicon.yaml: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError("lexicon.yaml: expected a mapping at the top level")
    return Lexicon(data, "lexicon.yaml")
