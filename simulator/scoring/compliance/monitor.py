"""The live compliance monitor: feed every turn in order, get findings as they happen.

The engine calls ``observe`` after each turn to warn the trainee live; the scorecard
calls ``check_transcript`` on whole transcripts. Both run the same code, so a call that
is played and then rescored from its transcript gets the same findings. One difference
keeps a pasted wall of text within a turn's time: live, a turn longer than
``LIVE_TURN_CHARS`` is read up to its last whole sentence within that many characters,
while ``check_transcript`` (and so the score) reads every turn whole, so nothing in the
rest of a paste escapes the scorecard.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.scenario.model import Facts
from simulator.scoring.compliance import text as textutil
from simulator.scoring.compliance.lexicon import Hit, Reading, load_lexicon
from simulator.scoring.compliance.pack import CONTEXT_FLAGS, Check, Rule, load_rule_pack
from simulator.scoring.compliance.state import SIGNALS, AgentActs, CallState
from simulator.scoring.findings import Finding
from simulator.transcript.model import CallContext, Turn
from simulator.vocabulary import LOCALES

# an agent turn containing one of these is pressing the debtor, whatever else it says
_PRESSING_CATEGORIES = frozenset(
    {
        "threat_violence",
        "threat_arrest_or_seizure",
        "threat_legal_action",
        "threat_third_party_contact",
        "harassment",
    }
)
_ROUNDING = 0.5  # an offer within half a currency unit of the authorised floor is the floor


class ComplianceMonitor:
    """Checks one call against one rule pack, turn by turn."""

    def __init__(
        self,
        rules: str,
        locale: str,
        context: CallContext,
        facts: Facts | None = None,
        *,
        whole_turns: bool = False,
    ) -> None:
        """``whole_turns``: read over-long turns whole (scoring), not their opening (live)."""
        if locale not in LOCALES:
            raise ValueError(f"unknown locale {locale!r} (expected one of: {', '.join(LOCALES)})")
        self._pack = load_rule_pack(rules)
        self._lexicon = load_lexicon()
        self._locale = locale
        self._whole_turns = whole_turns
        self._flags = {flag: bool(getattr(context, flag)) for flag in CONTEXT_FLAGS}
        self._limit = facts.settlement_limit if facts is not None else None
        by_third_party = facts is not None and facts.answered_by == "third_party"
        relation = by_third_party and self._is_consumer_relation(facts.third_party_relation or "")
        self._state = CallState.start(context, by_third_party, relation)
        # the context is the state at the start of the excerpt: with nothing verified and
        # nobody introduced, the excerpt holds the opening and the opening is judged
        self._judges_opening = not context.right_party_verified and not context.identified
        # the context is fixed for the call: which checks apply, and which are lawful here
        self._cue_checks = [
            (rule, check, any(self._flags[flag] for flag in check.unless))
            for rule in self._pack.rules
            for check in rule.checks
            if check.cues and all(self._flags[flag] for flag in check.when)
        ]
        self._call_checks: dict[str, list[tuple[Rule, Check]]] = {}
        for rule in self._pack.rules:
            for check in rule.checks:
                if check.call:
                    self._call_checks.setdefault(check.call, []).append((rule, check))
        self._turn = 0
        self._agent_turns = 0
        self._first_agent: tuple[int, str] | None = None
        self._identification_reported = False
        self._final: list[Finding] | None = None

    def observe(self, turn: Turn) -> list[Finding]:
        """Findings for this turn; debtor and third-party turns only update the call state."""
        self._turn += 1
        text = turn.text if self._whole_turns else textutil.live_window(turn.text)
        if textutil.is_stage_direction(text):
            return []  # a hang-up or a pause: nobody said anything
        reading = self._lexicon.read(text)
        if turn.speaker == "debtor":
            self._state.hear_debtor(reading, self._lexicon, self._turn)
            return []
        if turn.speaker == "third_party":
            self._state.hear_third_party(reading, self._lexicon, self._pack.call.consumer_relations)
            return []
        self._agent_turns += 1
        if self._first_agent is None:
            self._first_agent = (self._turn, _opening_words(text, reading))
        found: dict[tuple[str, str], Finding] = {}
        self._check_utterances(reading, found)
        acts = AgentActs.read(reading, self._lexicon, frozenset(self._state.said_amounts))
        self._check_call(acts, reading, text, found)
        return sorted(found.values(), key=lambda f: (f.category, f.rule))

    def finish(self) -> list[Finding]:
        """Call-level findings that only the end of the call can settle (idempotent)."""
        if self._final is not None:
            return list(self._final)
        found: dict[tuple[str, str], Finding] = {}
        state = self._state
        if (
            self._judges_opening
            and self._first_agent is not None
            # a real conversation: the agent spoke again after the first words (a debtor
            # who hangs up at once left no chance); third-party-only: judged when asked
            and self._agent_turns >= 2
            and (state.debtor_spoke or state.verified)
            and not self._identification_reported
            and not state.identified(self._pack.call.identify_debtor)
        ):
            turn, words = self._first_agent
            self._report("not_identified", turn, words, found)
        self._final = sorted(found.values(), key=lambda f: (f.category, f.rule))
        return list(self._final)

    # --- utterance checks ---------------------------------------------------------------

    def _check_utterances(self, reading: Reading, found: dict) -> None:
        hits: dict[str, Hit | None] = {}
        for rule, check, lawful in self._cue_checks:
            for cue in check.cues:
                if cue not in hits:
                    hits[cue] = self._lexicon[cue].find(reading)
                hit = hits[cue]
                if hit is None or (lawful and not self._below_floor(check, hit)):
                    continue
                self._add(rule, check, self._turn, hit.evidence, found)
                break

    def _below_floor(self, check: Check, hit: Hit) -> bool:
        """An authorised offer is still a violation when it goes below the authorised amount."""
        if check.floor != "settlement_limit" or self._limit is None:
            return False
        text = hit.sentence.text
        amounts = textutil.amounts(text)
        after = [(pos, value) for pos, value in amounts if pos >= hit.start]
        before = [(pos, value) for pos, value in amounts if pos < hit.start]
        if not (after or before):
            return False
        pos, value = after[0] if after else before[-1]
        # "$280 a month over twelve months" is $3,360; a monthly figure alone is not judged
        offered = textutil.total_offered(text, pos, value)
        # agents round to whole units: $2,921 for an authorised $2,921.09 is within authority
        return offered is not None and offered + _ROUNDING < self._limit

    # --- call-state checks --------------------------------------------------------------

    def _check_call(self, acts: AgentActs, reading: Reading, text: str, found: dict) -> None:
        state = self._state
        words = _opening_words(text, reading)
        answering_who = state.pending_who
        if state.pending_who:
            answered = acts.name or acts.company
            if acts.evasion is not None or (not answered and not state.identified(self._parts())):
                evidence = acts.evasion.evidence if acts.evasion is not None else words
                self._report("evaded_identity", self._turn, evidence, found, once=False)
            state.pending_who = False
        state.has_name = state.has_name or acts.name
        state.has_company = state.has_company or acts.company
        if acts.debt is not None:
            evidence = acts.debt.evidence
            if state.talking_to_third_party:
                self._report("debt_to_third_party", self._turn, evidence, found)
            elif not state.talking_to_consumer:
                self._report("debt_before_verification", self._turn, evidence, found)
            elif self._pack.call.mini_miranda and not (state.disclosed or acts.disclosure):
                self._report("debt_before_disclosure", self._turn, evidence, found)
            if not state.identified(self._parts()):
                self._report("not_identified", self._turn, words, found)
        state.disclosed = state.disclosed or acts.disclosure
        if acts.late_hour is not None:  # "都十一点了，你到底还不还？": the agent knows the hour
            state.signals.setdefault("inconvenience", self._turn)
        self._check_pressing(acts, reading, found)
        if not state.verified:
            # "Could I speak with Rosa?" - "Who's calling?" - "Ben, Cedar Lane." leaves the
            # first question open: "This is Rosa." then answers it
            kept = answering_who and state.asked_identity and acts.debt is None
            state.asked_identity = acts.asks_identity or kept
            state.asked_data = acts.asks_data

    def _check_pressing(self, acts: AgentActs, reading: Reading, found: dict) -> None:
        """Every agent turn that presses on after a debtor signal is reported, once per
        category: a trainer sees each turn where it happened."""
        pressing = acts.press.evidence if acts.press is not None else None
        for finding in found.values():
            if pressing is None and finding.category in _PRESSING_CATEGORIES:
                pressing = finding.evidence
        threat = any(f.category in _PRESSING_CATEGORIES for f in found.values())
        contact = acts.contact.evidence if acts.contact is not None else None
        for name in self._state.signals:
            signal = SIGNALS[name]
            if name == "dispute" and self._limited_to_undisputed(reading, threat):
                continue  # a fee is disputed; asking for the rest, "除了年费，剩下的…", is fine
            if signal.ignored_by is not None:
                hit = self._lexicon[signal.ignored_by].find(reading)
                evidence = hit.evidence if hit is not None else None
            else:
                evidence = pressing or (contact if signal.contact_presses else None)
            categories = {check.category for _, check in self._call_checks.get(signal.check, [])}
            if evidence is None or any(f.category in categories for f in found.values()):
                continue
            self._report(signal.check, self._turn, evidence, found, once=False)

    def _limited_to_undisputed(self, reading: Reading, threat: bool) -> bool:
        """Only a fee is disputed and this request is for the rest of the bill."""
        if not self._state.partial_dispute or threat:
            return False
        return self._lexicon["undisputed_scope"].find(reading) is not None

    def _parts(self) -> frozenset[str]:
        """What "said who they are" means for whoever the agent is talking to."""
        state, policy = self._state, self._pack.call
        if state.talking_to_third_party:
            return policy.identify_third_party
        return policy.identify_debtor

    def _report(
        self, call: str, turn: int, evidence: str, found: dict, *, once: bool = True
    ) -> None:
        if once and call in self._state.reported:
            return
        checks = self._call_checks.get(call, [])
        for rule, check in checks:
            self._add(rule, check, turn, evidence, found)
            if check.category == "missing_identification":
                self._identification_reported = True
        if once:
            self._state.reported.add(call)

    def _add(self, rule: Rule, check: Check, turn: int, evidence: str, found: dict) -> None:
        key = (rule.id, check.category)
        if key in found:
            return
        found[key] = Finding(
            turn=turn,
            category=check.category,
            rule=rule.id,
            severity=rule.severity,
            evidence=evidence,
            message=rule.message_for(self._locale, check),
            tip=rule.tip_for(self._locale, check),
            source=rule.source,
        )

    def _is_consumer_relation(self, relation: str) -> bool:
        reading = self._lexicon.read(relation)
        return any(self._lexicon[cue].find(reading) for cue in self._pack.call.consumer_relations)


def _opening_words(text: str, reading: Reading) -> str:
    """Evidence for a finding about a whole turn: its first sentence, verbatim."""
    if reading:
        return reading.sentences[0].original.strip()[: textutil.MAX_EVIDENCE_CHARS]
    return text.strip()[: textutil.MAX_EVIDENCE_CHARS]


def check_transcript(
    turns: Sequence[Turn],
    *,
    rules: str,
    locale: str,
    context: CallContext | None = None,
    facts: Facts | None = None,
) -> list[Finding]:
    """Every finding of a whole transcript, sorted by (turn, category, rule)."""
    monitor = ComplianceMonitor(rules, locale, context or CallContext(), facts, whole_turns=True)
    findings = [finding for turn in turns for finding in monitor.observe(turn)]
    findings += monitor.finish()
    return sorted(findings, key=lambda f: (f.turn, f.category, f.rule))
