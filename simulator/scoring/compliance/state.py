"""What the call-level checks need to remember: who is on the line, what was said.

Debtor and third-party turns only move this state (verification, who is speaking,
attorney / cease / dispute / bad-time signals); agent turns are judged against it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from simulator.scoring.compliance import text as textutil
from simulator.scoring.compliance.lexicon import Hit, Lexicon, Reading
from simulator.transcript.model import CallContext

CALL_CHECKS = (
    "debt_before_verification",
    "debt_to_third_party",
    "debt_before_disclosure",
    "not_identified",
    "evaded_identity",
    "pressed_after_attorney",
    "pressed_after_cease",
    "pressed_after_dispute",
    "pressed_after_inconvenience",
    "pressed_after_workplace",
    "calls_after_volume_complaint",
)


@dataclass(frozen=True, slots=True)
class Signal:
    """A debtor signal: the cues that raise it and the call check that fires if ignored."""

    cues: tuple[str, ...]
    check: str
    # more calls to the debtor are pressing too: after "stop calling me" the calls must
    # stop, and once a lawyer represents them the lawyer is the one to contact
    contact_presses: bool = False
    # the agent cue that ignores this signal, instead of any pressing: answering "you've
    # called me five times today" with more calls
    ignored_by: str | None = None


SIGNALS: dict[str, Signal] = {
    "attorney": Signal(("attorney_signal",), "pressed_after_attorney", contact_presses=True),
    "cease": Signal(("cease_signal",), "pressed_after_cease", contact_presses=True),
    "dispute": Signal(("dispute_denial", "dispute_claim"), "pressed_after_dispute"),
    "inconvenience": Signal(("inconvenience_signal",), "pressed_after_inconvenience"),
    "workplace": Signal(("workplace_signal",), "pressed_after_workplace"),
    "call_volume": Signal(
        ("call_volume_complaint",), "calls_after_volume_complaint", ignored_by="more_calls"
    ),
}
_CONSENT_CLEARS = ("inconvenience", "workplace")
_WILLING_CLEARS = ("cease", "dispute", "inconvenience", "workplace")
# in one turn, "I dispute the fees but I'll pay the principal" leaves nothing disputed to
# press on, while "I'll pay, but I'm driving" / "...now stop calling me" still stands
_WILLING_WINS = ("dispute",)
_ROUNDING = 0.5  # "$2,921" repeats the debtor's "$2,921.09"
IDENTITY_PARTS = ("name", "company")


@dataclass(frozen=True, slots=True)
class AgentActs:
    """What an agent turn does that the call-level checks care about."""

    debt: Hit | None
    name: bool
    company: bool
    disclosure: bool
    evasion: Hit | None
    asks_identity: bool
    asks_data: bool
    press: Hit | None
    contact: Hit | None  # offers or plans another call to the debtor
    late_hour: Hit | None  # says the call is at a late or early hour

    @classmethod
    def read(
        cls, reading: Reading, lexicon: Lexicon, echoes: frozenset[float] = frozenset()
    ) -> AgentActs:
        """``echoes``: amounts the debtor said; the agent repeating one reveals nothing."""

        def find(cue: str) -> Hit | None:
            return lexicon[cue].find(reading)

        return cls(
            debt=find("debt_mention")
            or _new_amount(lexicon["money_mention"].hits(reading), echoes),
            name=find("self_name") is not None,
            company=find("self_company") is not None,
            disclosure=find("mini_miranda") is not None,
            evasion=find("evasion"),
            asks_identity=find("verify_ask") is not None,
            asks_data=find("data_ask") is not None,
            # an offer to settle asks for money as much as a demand does, and so does
            # talking the debtor out of their lawyer ("律师多贵啊，还不如直接跟我谈")
            press=find("press") or find("settlement_offer") or find("lawyer_dismissal"),
            contact=find("contact_again"),
            late_hour=find("late_hour"),
        )


def _new_amount(hits: Iterator[Hit], echoes: frozenset[float]) -> Hit | None:
    """The first amount the agent names that is not one the debtor said first."""
    for hit in hits:
        values = [
            v for pos, v in textutil.amounts(hit.sentence.text) if hit.start - 1 <= pos < hit.end
        ]
        if not values or all(abs(v - said) > _ROUNDING for v in values for said in echoes):
            return hit
    return None


@dataclass
class CallState:
    verified: bool = False
    has_name: bool = False
    has_company: bool = False
    disclosed: bool = False
    on_line: str | None = None  # "debtor" | "third_party" | None before anyone answered
    consumer_relation: bool = False  # the third party on the line counts as the consumer
    debtor_spoke: bool = False
    asked_identity: bool = False  # the last agent turn asked to confirm who answered
    asked_data: bool = False  # ... or asked for an identifier (date of birth, ID digits)
    pending_who: bool = False  # "who is this?" not yet answered
    signals: dict[str, int] = field(default_factory=dict)  # signal -> turn raised
    # the dispute is only about fees or interest, so the rest can still be discussed
    partial_dispute: bool = False
    said_amounts: set[float] = field(default_factory=set)  # amounts the debtor mentioned
    reported: set[str] = field(default_factory=set)

    @classmethod
    def start(
        cls, context: CallContext, answered_by_third_party: bool, relation: bool
    ) -> CallState:
        # an excerpt that starts after verification also starts after the introduction;
        # one that only says "verified" (not "identified") is past the whole opening
        introduced = context.identified or context.right_party_verified
        opening_done = context.right_party_verified and not context.identified
        return cls(
            verified=context.right_party_verified,
            has_name=introduced,
            has_company=introduced,
            disclosed=context.disclosure_given or opening_done,
            on_line="third_party" if answered_by_third_party else None,
            consumer_relation=relation,
        )

    def identified(self, parts: frozenset[str]) -> bool:
        have = {"name": self.has_name, "company": self.has_company}
        return all(have[part] for part in parts)

    @property
    def talking_to_third_party(self) -> bool:
        return self.on_line == "third_party" and not self.consumer_relation

    @property
    def talking_to_consumer(self) -> bool:
        if self.on_line == "third_party":
            return self.consumer_relation
        return self.verified

    def hear_debtor(self, reading: Reading, lexicon: Lexicon, turn: int) -> None:
        """A debtor turn: who is on the line, did they confirm, what did they signal."""

        def has(cue: str) -> bool:
            return lexicon[cue].find(reading) is not None

        self.on_line, self.consumer_relation, self.debtor_spoke = "debtor", False, True
        if not self.verified and not has("deny_identity"):
            self.verified = (
                has("confirm_strong")
                or (self.asked_identity and has("confirm_weak"))
                or (self.asked_data and has("data_reply") and not has("who_ask"))
            )
        self.pending_who = self.pending_who or has("who_ask")
        consent, willing = has("consent_signal"), has("willing_to_pay")
        for name, signal in SIGNALS.items():
            raised = any(has(cue) for cue in signal.cues)
            # "go ahead" reopens a bad-time call; asking to pay reopens all but a lawyer's;
            # "actually it's mine" / "其实还没还" takes a dispute back
            clears = (
                (name in _CONSENT_CLEARS and consent)
                or (name in _WILLING_CLEARS and willing and (name in _WILLING_WINS or not raised))
                or (name == "dispute" and not raised and has("dispute_retraction"))
            )
            if clears:
                self.signals.pop(name, None)
            elif raised:
                self._raise(name, turn, has)
        self.said_amounts.update(
            value for sentence in reading for _, value in textutil.amounts(sentence.text)
        )

    def _raise(self, name: str, turn: int, has: Callable[[str], bool]) -> None:
        if name == "dispute":
            # a dispute about the fees alone stays partial until the debt itself is disputed
            partial = has("fee_dispute") and not has("whole_dispute")
            ongoing = name in self.signals
            self.partial_dispute = partial and (self.partial_dispute or not ongoing)
        self.signals.setdefault(name, turn)

    def hear_third_party(
        self, reading: Reading, lexicon: Lexicon, relations: tuple[str, ...]
    ) -> None:
        """A third-party turn: someone else is on the line until the debtor speaks again."""
        if self.on_line != "third_party":  # a new third party: a new disclosure episode
            self.consumer_relation = False
            self.reported.discard("debt_to_third_party")
        self.on_line = "third_party"
        self.consumer_relation = self.consumer_relation or any(
            lexicon[cue].find(reading) is not None for cue in relations
        )
        self.pending_who = self.pending_who or lexicon["who_ask"].find(reading) is not None
