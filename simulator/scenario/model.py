"""The validated scenario model: the single definition of the scenario format.

The same classes validate loaded YAML, produce the JSON Schema
(``collector-sim schema``) and feed the call engine, so the documentation,
the editor schema and the behaviour cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from simulator import vocabulary as v
from simulator.scenario import expressions

LocaleId = Literal[v.LOCALES]  # type: ignore[valid-type]
RulePackId = Literal[v.RULE_PACKS]  # type: ignore[valid-type]
StageId = Literal[v.STAGES]  # type: ignore[valid-type]
PhaseId = Literal[v.PHASES]  # type: ignore[valid-type]
OutcomeId = Literal[v.OUTCOMES]  # type: ignore[valid-type]
EntityKind = Literal[v.ENTITY_KINDS]  # type: ignore[valid-type]

NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
Name = Annotated[
    str,
    Field(
        pattern=NAME_PATTERN,
        min_length=1,
        max_length=64,
        description="Letters, digits and '_', starting with a letter.",
    ),
]
Ident = Annotated[
    str,
    Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*$", min_length=1, max_length=80),
]
NodeRef = Annotated[
    str,
    Field(
        pattern=r"^@?[A-Za-z][A-Za-z0-9_]*$",
        description="A node id; inside a fragment, '@exit' names one of its exits.",
    ),
]
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.\-]*)\}")


def _check_expression(source: str) -> str:
    try:
        expressions.parse(source)
    except expressions.ExpressionError as exc:
        raise PydanticCustomError(
            "expression",
            "invalid condition: {reason}",
            {"reason": exc.message, "offset": exc.offset},
        ) from None
    return source


Expr = Annotated[
    str,
    AfterValidator(_check_expression),
    Field(
        description="A condition, e.g. `trust >= 60 and not verified` or `visits(negotiate) > 1`.",
        json_schema_extra={"examples": ["anger >= 80", "verified and trust > 40"]},
    ),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- briefing and hidden facts -------------------------------------------------------


class LastPayment(Model):
    amount: float = Field(ge=0)
    date: str = Field(description="ISO date, e.g. 2026-09-28.")


class Briefing(Model):
    """The account file the trainee reads before dialling."""

    debtor_name: str
    creditor: str
    product: str
    balance: float = Field(ge=0)
    minimum_due: float = Field(ge=0)
    days_past_due: int = Field(ge=0)
    currency: str = Field(default="USD", description="ISO 4217 code, e.g. USD or CNY.")
    account_ref: str | None = Field(default=None, description="Masked account number.")
    last_payment: LastPayment | None = None
    notes: list[str] = Field(default_factory=list, description="Notes from earlier contacts.")
    objectives: list[str] = Field(default_factory=list, description="What this call must achieve.")


class Facts(Model):
    """What the trainee must discover or respect; never shown before the scorecard."""

    reason: str = Field(description="The true reason the payments stopped.")
    monthly_capacity: float = Field(ge=0, description="What the debtor can really pay a month.")
    hardship_eligible: bool = False
    settlement_authorized: bool = False
    settlement_limit: float | None = Field(
        default=None,
        ge=0,
        description="Lowest lump sum the creditor has authorised, in the briefing currency.",
    )
    legal_action_authorized: bool = False
    time_barred: bool = False
    answered_by: Literal["debtor", "third_party"] = "debtor"
    third_party_relation: str | None = Field(
        default=None, description="Who answers when answered_by is third_party."
    )


# --- debtor state ----------------------------------------------------------------------


class Meter(Model):
    min: float = 0
    max: float = 100
    initial: float = 50

    @model_validator(mode="after")
    def _initial_in_range(self) -> Meter:
        if self.min >= self.max:
            raise PydanticCustomError("meter_range", "min must be below max")
        if not self.min <= self.initial <= self.max:
            raise PydanticCustomError(
                "meter_initial",
                "initial {initial} is outside the range {min}..{max}",
                {"initial": self.initial, "min": self.min, "max": self.max},
            )
        return self


class Variable(Model):
    type: Literal["number", "integer", "bool", "string"]
    default: float | int | bool | str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _default_matches_type(self) -> Variable:
        d = self.default
        ok = (
            d is None
            or (self.type == "bool" and isinstance(d, bool))
            or (self.type == "string" and isinstance(d, str))
            or (self.type == "integer" and isinstance(d, int) and not isinstance(d, bool))
            or (self.type == "number" and isinstance(d, (int, float)) and not isinstance(d, bool))
        )
        if not ok:
            raise PydanticCustomError(
                "variable_default",
                "default {default!r} is not a {type}",
                {"default": d, "type": self.type},
            )
        return self

    def initial_value(self) -> Any:
        if self.default is not None:
            return self.default
        return {"number": 0, "integer": 0, "bool": False, "string": ""}[self.type]


STANDARD_METERS = {
    "trust": Meter(initial=40),
    "anger": Meter(initial=20),
    "patience": Meter(initial=70),
}


def _with_standard_meters(value: Any) -> Any:
    if isinstance(value, dict):
        return {**{k: m.model_dump() for k, m in STANDARD_METERS.items()}, **value}
    return value


class State(Model):
    """Meters trust, anger and patience always exist; a scenario may re-range them."""

    meters: Annotated[dict[Name, Meter], BeforeValidator(_with_standard_meters)] = Field(
        default_factory=lambda: dict(STANDARD_METERS)
    )
    variables: dict[Name, Variable] = Field(default_factory=dict)
    flags: dict[Name, bool] = Field(default_factory=dict, description="name: initial value")


# --- effects, lines ---------------------------------------------------------------------

Scalar = float | int | bool | str


class Effects(Model):
    """State changes. ``add`` moves meters or numbers; ``set`` assigns any declared name."""

    add: dict[Name, float] = Field(default_factory=dict)
    set: dict[Name, Scalar] = Field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.add or self.set)


class Line(Model):
    id: Ident | None = Field(default=None, description="Stable id; defaults to <node>.<n>.")
    text: str = Field(min_length=1)
    when: Expr | None = None


def _line_group_input(value: Any) -> Any:
    if isinstance(value, (str, list)):
        value = {"lines": value}
    if isinstance(value, dict) and isinstance(value.get("lines"), (str, list)):
        lines = value["lines"]
        lines = [lines] if isinstance(lines, str) else lines
        value = {**value, "lines": [{"text": x} if isinstance(x, str) else x for x in lines]}
    return value


class LineGroup(Model):
    """Debtor lines: one is chosen per visit by ``mode`` among those whose ``when`` holds."""

    mode: Literal["sequence", "cycle", "shuffle", "random"] = "sequence"
    lines: list[Line] = Field(min_length=1)


Say = Annotated[LineGroup, BeforeValidator(_line_group_input)]


# --- responses, nodes, endings ------------------------------------------------------------


class Response(Model):
    """A branch: taken when one of its intents matched and its guards hold."""

    intent: Name | None = None
    intents: list[Name] = Field(default_factory=list, description="Any of these intents.")
    when: Expr | None = None
    unless: Expr | None = None
    once: bool = False
    capture: dict[Name, EntityKind] = Field(
        default_factory=dict,
        description="Store what the trainee said into variables, e.g. {offered: money}.",
    )
    effects: Effects = Field(default_factory=Effects)
    say: Say | None = Field(default=None, description="The debtor's reply before moving on.")
    choice: str | None = Field(
        default=None, description="Guided option shown in practice mode; may use ${name}."
    )
    quality: Literal["good", "ok", "bad"] | None = Field(
        default=None, description="How good the guided choice is (for coaching)."
    )
    feedback: str | None = Field(default=None, description="Coaching note on this branch.")
    next: NodeRef | None = Field(default=None, description="Next node; omitted stays here.")

    @model_validator(mode="after")
    def _has_intent(self) -> Response:
        if not self.intent and not self.intents:
            raise PydanticCustomError("missing_intent", "a response needs 'intent' or 'intents'")
        return self

    @property
    def all_intents(self) -> tuple[str, ...]:
        return ((self.intent,) if self.intent else ()) + tuple(self.intents)


class Fallback(Model):
    say: Say
    effects: Effects | None = Field(
        default=None, description="Defaults to behaviour.confusion.cost."
    )
    next: NodeRef | None = None


class Plan(Model):
    """The agreed arrangement. Numbers may be expressions over variables."""

    amount: float | str | None = None
    date: str | None = None
    method: str | None = None
    instalments: int | str | None = None


class Ending(Model):
    outcome: OutcomeId
    plan: Plan | None = None
    summary: str | None = None


class Node(Model):
    id: Name
    phase: PhaseId
    speaker: Literal["debtor", "third_party"] = "debtor"
    say: Say
    on_enter: Effects | None = None
    responses: list[Response] = Field(default_factory=list)
    fallback: Fallback | None = None
    ending: Ending | None = None
    note: str | None = Field(default=None, description="Author's note; never shown in a call.")

    @model_validator(mode="after")
    def _endings_are_terminal(self) -> Node:
        if self.ending and (self.responses or self.fallback):
            raise PydanticCustomError(
                "ending_with_responses", "an ending node cannot have responses or a fallback"
            )
        return self


class Reaction(Model):
    """What the debtor does when the trainee triggers a compliance category."""

    category: Name | None = None
    categories: list[Name] = Field(default_factory=list)
    when: Expr | None = Field(default=None, description="Fire only when this holds.")
    effects: Effects = Field(default_factory=Effects)
    say: Say | None = None
    next: Name | None = Field(default=None, description="Jump to this node (e.g. an ending).")
    end: OutcomeId | None = Field(default=None, description="End the call with this outcome.")
    once: bool = False

    @model_validator(mode="after")
    def _has_category(self) -> Reaction:
        if not self.category and not self.categories:
            raise PydanticCustomError(
                "missing_category", "a reaction needs 'category' or 'categories'"
            )
        return self

    @property
    def all_categories(self) -> tuple[str, ...]:
        return ((self.category,) if self.category else ()) + tuple(self.categories)


class HangUp(Model):
    when: Expr = "anger >= 90"
    say: Say | None = None
    ending: Name | None = Field(default=None, description="Ending node to enter instead.")


class Confusion(Model):
    limit: int = Field(default=3, ge=1, description="Consecutive fallbacks that end the call.")
    cost: Effects = Field(default_factory=lambda: Effects(add={"patience": -10}))
    ending: Name | None = None


class Behaviour(Model):
    hang_up: HangUp = Field(default_factory=HangUp)
    confusion: Confusion = Field(default_factory=Confusion)


class IntentDef(Model):
    """A scenario intent, or extra examples for a built-in one of the same id."""

    description: str | None = None
    examples: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list, description="Regular expressions.")
    allow_negation: bool = Field(
        default=False,
        description="Also match inside a negation: for intents that are reassurances "
        "themselves ('they can not sue you').",
    )


class Include(Model):
    fragment: Name
    as_: Name | None = Field(default=None, alias="as", description="Node id prefix (prefix_node).")
    exits: dict[Name, Name] = Field(
        default_factory=dict, description="Fragment exit name -> node in this scenario."
    )

    @property
    def prefix(self) -> str:
        return self.as_ or self.fragment


class Scenario(Model):
    """One debtor persona's call, as a branching tree of nodes."""

    id: Ident
    title: str
    description: str = ""
    locale: LocaleId
    rules: RulePackId | None = Field(default=None, description="Defaults from the locale.")
    persona: Ident
    stage: StageId
    difficulty: int = Field(ge=1, le=5)
    tags: list[str] = Field(default_factory=list)
    version: int | str = 1
    author: str = ""
    rubric: Ident | None = Field(default=None, description="Rubric name in scenarios/_rubrics/.")
    briefing: Briefing
    facts: Facts
    state: State = Field(default_factory=State)
    behaviour: Behaviour = Field(default_factory=Behaviour)
    intents: dict[Name, IntentDef] = Field(default_factory=dict)
    reactions: list[Reaction] = Field(default_factory=list)
    include: list[Include] = Field(default_factory=list)
    start: Name | None = Field(default=None, description="First node; defaults to the first.")
    anywhere: list[Response] = Field(
        default_factory=list, description="Responses tried at every node after its own."
    )
    nodes: list[Node] = Field(min_length=1)

    @property
    def rule_pack(self) -> str:
        return self.rules or v.DEFAULT_RULES[self.locale]

    @property
    def start_node(self) -> str:
        return self.start or self.nodes[0].id

    def node(self, node_id: str) -> Node:
        return self.node_index[node_id]

    @property
    def node_index(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}


class Fragment(Model):
    """A reusable sub-tree in scenarios/_shared/, included by name."""

    fragment: Name
    description: str = ""
    locale: LocaleId | None = None
    exits: list[Name] = Field(default_factory=list, description="Names used as next: '@name'.")
    nodes: list[Node] = Field(min_length=1)


FragmentRef = str  # "@exit" inside fragments


def iter_lines(scenario: Scenario) -> Iterator[tuple[str, Line, tuple[str | int, ...]]]:
    """Every debtor line with its stable id and its key path, in file order."""

    def group(
        lines: LineGroup | None, base: str, path: tuple[str | int, ...]
    ) -> Iterator[tuple[str, Line, tuple[str | int, ...]]]:
        if lines is None:
            return
        for i, line in enumerate(lines.lines):
            yield line.id or f"{base}.{i + 1}", line, (*path, "say", "lines", i)

    for ni, node in enumerate(scenario.nodes):
        yield from group(node.say, node.id, ("nodes", ni))
        for ri, resp in enumerate(node.responses):
            yield from group(resp.say, f"{node.id}.r{ri + 1}", ("nodes", ni, "responses", ri))
        if node.fallback:
            yield from group(node.fallback.say, f"{node.id}.fallback", ("nodes", ni, "fallback"))
    for ri, resp in enumerate(scenario.anywhere):
        yield from group(resp.say, f"anywhere.r{ri + 1}", ("anywhere", ri))
    for ri, reaction in enumerate(scenario.reactions):
        yield from group(reaction.say, f"reaction.{ri + 1}", ("reactions", ri))
    yield from group(scenario.behaviour.hang_up.say, "hang_up", ("behaviour", "hang_up"))
