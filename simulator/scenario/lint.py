"""Semantic checks on a loaded scenario: references, state, reachability.

Errors make a scenario unusable; warnings point at likely authoring mistakes.
Codes are stable so trainers can search the docs for them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from simulator import vocabulary as v
from simulator.diagnostics import Diagnostic, Severity
from simulator.scenario import expressions
from simulator.scenario.graph import ScenarioGraph, machine_definition
from simulator.scenario.loader import LoadedScenario
from simulator.scenario.model import (
    INTERPOLATION,
    Briefing,
    Effects,
    Facts,
    Response,
    Scenario,
    iter_lines,
)
from simulator.yamlsource import KeyPath

WARN = Severity.WARNING


@dataclass
class _Context:
    loaded: LoadedScenario
    known_intents: set[str]
    out: list[Diagnostic]

    @property
    def scenario(self) -> Scenario:
        return self.loaded.scenario

    def report(
        self,
        path: KeyPath,
        code: str,
        message: str,
        *,
        hint: str = "",
        severity: Severity = Severity.ERROR,
        key: bool = False,
        col_offset: int = 0,
    ) -> None:
        self.out.append(
            self.loaded.diagnostic(
                path, code, message, severity=severity, hint=hint, key=key, col_offset=col_offset
            )
        )


def suggest(name: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def lint(loaded: LoadedScenario, builtin_intents: Iterable[str]) -> list[Diagnostic]:
    ctx = _Context(loaded, set(builtin_intents) | set(loaded.scenario.intents), [])
    for check in (
        _duplicates,
        _names,
        _references,
        _intents,
        _state,
        _types,
        _reachability,
        _metadata,
    ):
        check(ctx)
    return sorted(ctx.out, key=lambda d: d.sort_key)


# --- ids ---------------------------------------------------------------------------------


def _duplicates(ctx: _Context) -> None:
    seen: dict[str, int] = {}
    for i, node in enumerate(ctx.scenario.nodes):
        if node.id in seen:
            ctx.report(
                ("nodes", i, "id"),
                "E203",
                f"duplicate node id '{node.id}'",
                hint=f"node ids must be unique; the first is nodes[{seen[node.id]}]",
            )
        seen.setdefault(node.id, i)
    lines: set[str] = set()
    for line_id, _line, path in iter_lines(ctx.scenario):
        if line_id in lines:
            ctx.report(
                (*path, "id"),
                "E203",
                f"duplicate line id '{line_id}'",
                hint="give each line its own id",
            )
        lines.add(line_id)


# --- node references -----------------------------------------------------------------------


def _node_refs(scenario: Scenario) -> Iterator[tuple[KeyPath, str]]:
    if scenario.start:
        yield ("start",), scenario.start
    for ni, node in enumerate(scenario.nodes):
        for ri, resp in enumerate(node.responses):
            if resp.next:
                yield ("nodes", ni, "responses", ri, "next"), resp.next
        if node.fallback and node.fallback.next:
            yield ("nodes", ni, "fallback", "next"), node.fallback.next
    for ri, resp in enumerate(scenario.anywhere):
        if resp.next:
            yield ("anywhere", ri, "next"), resp.next
    for ri, reaction in enumerate(scenario.reactions):
        if reaction.next:
            yield ("reactions", ri, "next"), reaction.next
    if scenario.behaviour.hang_up.ending:
        yield ("behaviour", "hang_up", "ending"), scenario.behaviour.hang_up.ending
    if scenario.behaviour.confusion.ending:
        yield ("behaviour", "confusion", "ending"), scenario.behaviour.confusion.ending


def _references(ctx: _Context) -> None:
    index = ctx.scenario.node_index
    for path, ref in _node_refs(ctx.scenario):
        if ref not in index:
            hint = suggest(ref, index) or "use the id of a node in this scenario"
            if ref.startswith("@"):
                hint = "'@exit' targets are only allowed inside fragments"
            ctx.report(path, "E200", f"no node with id '{ref}'", hint=hint)
        elif path[0] == "behaviour" and index[ref].ending is None:
            ctx.report(
                path,
                "E211",
                f"'{ref}' is not an ending node",
                hint="point hang-up and confusion at a node with 'ending:'",
            )
    categories = set(v.COMPLIANCE_CATEGORIES)
    for ri, reaction in enumerate(ctx.scenario.reactions):
        for category in reaction.all_categories:
            if category not in categories:
                path = (
                    "reactions",
                    ri,
                    "category" if reaction.category == category else "categories",
                )
                ctx.report(
                    path,
                    "E207",
                    f"unknown compliance category '{category}'",
                    hint=suggest(category, categories) or "see docs/scenario-format.md",
                )


def _responses(scenario: Scenario) -> Iterator[tuple[KeyPath, Response]]:
    for ni, node in enumerate(scenario.nodes):
        for ri, resp in enumerate(node.responses):
            yield ("nodes", ni, "responses", ri), resp
    for ri, resp in enumerate(scenario.anywhere):
        yield ("anywhere", ri), resp


def _intents(ctx: _Context) -> None:
    for path, resp in _responses(ctx.scenario):
        for intent in resp.all_intents:
            if intent not in ctx.known_intents:
                field = "intent" if intent == resp.intent else "intents"
                ctx.report(
                    (*path, field),
                    "E202",
                    f"unknown intent '{intent}'",
                    hint=suggest(intent, ctx.known_intents)
                    or "define it under 'intents:' with examples",
                )
    for name, intent in ctx.scenario.intents.items():
        for pi, pattern in enumerate(intent.patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                ctx.report(
                    ("intents", name, "patterns", pi),
                    "E210",
                    f"invalid regular expression: {exc.msg}",
                    hint="escape special characters with a backslash",
                )
        if not intent.examples and not intent.patterns:
            ctx.report(
                ("intents", name),
                "E102",
                f"intent '{name}' has no examples or patterns",
                hint="add 'examples:' with a few ways a trainee might say it",
                key=True,
            )


# --- state ------------------------------------------------------------------------------------


def _expressions(scenario: Scenario) -> Iterator[tuple[KeyPath, str]]:
    for path, resp in _responses(scenario):
        if resp.when:
            yield (*path, "when"), resp.when
        if resp.unless:
            yield (*path, "unless"), resp.unless
    for _line_id, line, path in iter_lines(scenario):
        if line.when:
            yield (*path, "when"), line.when
    for ri, reaction in enumerate(scenario.reactions):
        if reaction.when:
            yield ("reactions", ri, "when"), reaction.when
    yield ("behaviour", "hang_up", "when"), scenario.behaviour.hang_up.when
    for ni, node in enumerate(scenario.nodes):
        plan = node.ending.plan if node.ending else None
        for field in ("amount", "instalments"):
            value = getattr(plan, field, None) if plan else None
            if isinstance(value, str):
                yield ("nodes", ni, "ending", "plan", field), value


def _effects(scenario: Scenario) -> Iterator[tuple[KeyPath, Effects]]:
    for path, resp in _responses(scenario):
        yield (*path, "effects"), resp.effects
    for ni, node in enumerate(scenario.nodes):
        if node.on_enter:
            yield ("nodes", ni, "on_enter"), node.on_enter
        if node.fallback and node.fallback.effects:
            yield ("nodes", ni, "fallback", "effects"), node.fallback.effects
    for ri, reaction in enumerate(scenario.reactions):
        yield ("reactions", ri, "effects"), reaction.effects
    yield ("behaviour", "confusion", "cost"), scenario.behaviour.confusion.cost


_NAMESPACE_FIELDS: dict[str, set[str]] = {
    "facts": set(Facts.model_fields),
    "briefing": set(Briefing.model_fields),
}


# Names the call model already uses for its own attributes and callbacks.
RESERVED_NAMES = frozenset({"state", "trigger", "enter", "take", "taken", "selected", "machine"})
RESERVED_PREFIXES = ("may_", "is_", "to_")


def _names(ctx: _Context) -> None:
    """One name, one thing: a meter, a variable or a flag, never a reserved word."""
    s = ctx.scenario
    seen: dict[str, str] = {}
    for section, names in (
        ("meters", s.state.meters),
        ("variables", s.state.variables),
        ("flags", s.state.flags),
    ):
        for name in names:
            path = ("state", section, name)
            if name in seen:
                ctx.report(
                    path,
                    "E203",
                    f"'{name}' is already declared under {seen[name]}",
                    hint="give each meter, variable and flag its own name",
                    key=True,
                )
            seen.setdefault(name, section)
            if name in RESERVED_NAMES or name.startswith(RESERVED_PREFIXES):
                ctx.report(
                    path,
                    "E213",
                    f"'{name}' is reserved by the call engine",
                    key=True,
                    hint="choose another name (e.g. add a word: 'was_verified')",
                )


def _types(ctx: _Context) -> None:
    """Catch conditions that would fail at run time: ordering or arithmetic on text."""
    s = ctx.scenario
    kinds: dict[str, str] = {name: "number" for name in s.state.meters}
    kinds.update({name: v.type for name, v in s.state.variables.items()})
    kinds.update({name: "bool" for name in s.state.flags})
    for path, source in _expressions(s):
        try:
            tree = expressions.parse(source)
        except expressions.ExpressionError:
            continue
        for node in expressions.walk(tree):
            if not isinstance(node, expressions.Binary) or node.op in ("and", "or", "==", "!="):
                continue
            for side in (node.left, node.right):
                if isinstance(side, expressions.Name) and kinds.get(side.name) == "string":
                    ctx.report(
                        path,
                        "E212",
                        f"'{side.name}' is text, so '{node.op}' cannot use it",
                        col_offset=side.offset,
                        hint="compare text only with == or !=",
                    )
    for ni, node in enumerate(s.nodes):
        plan = node.ending.plan if node.ending else None
        for field in ("amount", "instalments"):
            value = getattr(plan, field, None) if plan else None
            if isinstance(value, str) and kinds.get(value.strip()) in ("string", "bool"):
                ctx.report(
                    ("nodes", ni, "ending", "plan", field),
                    "E212",
                    f"plan {field} '{value}' is not a number",
                    hint="use a number, or a number variable such as a captured amount",
                )


def _state(ctx: _Context) -> None:
    s = ctx.scenario
    meters, variables, flags = s.state.meters, s.state.variables, s.state.flags
    declared = set(meters) | set(variables) | set(flags)
    used: set[str] = set()

    def check_name(path: KeyPath, name: str, offset: int) -> None:
        root, _, rest = name.partition(".")
        if root in _NAMESPACE_FIELDS:
            if rest not in _NAMESPACE_FIELDS[root]:
                ctx.report(
                    path,
                    "E204",
                    f"'{root}' has no field '{rest}'",
                    hint=suggest(rest, _NAMESPACE_FIELDS[root]),
                    col_offset=offset,
                )
            return
        used.add(name)
        if name not in declared and name not in expressions.BUILTIN_NAMES:
            ctx.report(
                path,
                "E204",
                f"undeclared name '{name}'",
                hint=suggest(name, declared | expressions.BUILTIN_NAMES)
                or "declare it under state: meters, variables or flags",
                col_offset=offset,
            )

    for path, source in _expressions(s):
        try:
            tree = expressions.parse(source)
        except expressions.ExpressionError as exc:
            ctx.report(path, "E104", f"invalid condition: {exc.message}", col_offset=exc.offset)
            continue
        for node in expressions.walk(tree):
            if isinstance(node, expressions.Name):
                check_name(path, node.name, node.offset)
            elif (
                isinstance(node, expressions.Call)
                and node.args
                and isinstance(node.args[0], expressions.Literal)
            ):
                arg = str(node.args[0].value)
                if node.function in expressions.NODE_FUNCTIONS and arg not in s.node_index:
                    ctx.report(
                        path,
                        "E200",
                        f"no node with id '{arg}'",
                        hint=suggest(arg, s.node_index),
                        col_offset=node.args[0].offset,
                    )
                if node.function in expressions.INTENT_FUNCTIONS and arg not in ctx.known_intents:
                    ctx.report(
                        path,
                        "E202",
                        f"unknown intent '{arg}'",
                        hint=suggest(arg, ctx.known_intents),
                        col_offset=node.args[0].offset,
                    )

    for _line_id, line, path in iter_lines(s):
        for match in INTERPOLATION.finditer(line.text):
            check_name((*path, "text"), match.group(1), 0)
    for path, resp in _responses(s):
        for match in INTERPOLATION.finditer(resp.choice or ""):
            check_name((*path, "choice"), match.group(1), 0)
    for ni, node in enumerate(s.nodes):
        plan = node.ending.plan if node.ending else None
        for field in ("date", "method"):
            value = getattr(plan, field, None) if plan else None
            for match in INTERPOLATION.finditer(value or ""):
                check_name(("nodes", ni, "ending", "plan", field), match.group(1), 0)

    for path, effects in _effects(s):
        for name, delta in effects.add.items():
            target = (*path, "add", name)
            if name in meters:
                meter = meters[name]
                if abs(delta) > meter.max - meter.min:
                    ctx.report(
                        target,
                        "E205",
                        f"adding {delta:g} pushes meter '{name}' outside "
                        f"{meter.min:g}..{meter.max:g}",
                        hint=f"use a change of at most {meter.max - meter.min:g}",
                    )
            elif name in variables and variables[name].type in ("number", "integer"):
                pass
            elif name in declared:
                ctx.report(
                    target,
                    "E209",
                    f"'{name}' is not a number, so 'add' cannot change it",
                    hint="use 'set' for flags and text",
                    key=True,
                )
            else:
                ctx.report(
                    target,
                    "E204",
                    f"undeclared name '{name}'",
                    hint=suggest(name, declared) or "declare it under state:",
                    key=True,
                )
        for name, value in effects.set.items():
            target = (*path, "set", name)
            if name in meters:
                meter = meters[name]
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    ctx.report(target, "E209", f"meter '{name}' needs a number")
                elif not meter.min <= value <= meter.max:
                    ctx.report(
                        target,
                        "E205",
                        f"setting '{name}' to {value:g} is outside {meter.min:g}..{meter.max:g}",
                    )
            elif name in flags and not isinstance(value, bool):
                ctx.report(target, "E209", f"flag '{name}' needs true or false")
            elif name in variables and not _fits(variables[name].type, value):
                ctx.report(target, "E209", f"'{name}' is a {variables[name].type}; got {value!r}")
            elif name not in declared:
                ctx.report(
                    target,
                    "E204",
                    f"undeclared name '{name}'",
                    hint=suggest(name, declared) or "declare it under state:",
                    key=True,
                )

    for path, resp in _responses(s):
        for name in resp.capture:
            used.add(name)
            if name not in variables:
                ctx.report(
                    (*path, "capture", name),
                    "E204",
                    f"undeclared variable '{name}'",
                    hint=suggest(name, variables) or "declare it under state.variables",
                    key=True,
                )

    for name in [*variables, *flags]:
        if name not in used:
            section = "variables" if name in variables else "flags"
            ctx.report(
                ("state", section, name),
                "W303",
                f"'{name}' is declared but never read",
                severity=WARN,
                key=True,
                hint="use it in a condition or line, or remove it",
            )


def _fits(kind: str, value: object) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --- reachability --------------------------------------------------------------------------------


def _reachability(ctx: _Context) -> None:
    s = ctx.scenario
    index = {n.id: i for i, n in enumerate(s.nodes)}
    definition = machine_definition(s)
    designed = ScenarioGraph(definition, automatic=False)
    reachable = ScenarioGraph(definition, automatic=True).reachable_from(s.start_node)
    endings = {n.id for n in s.nodes if n.ending}
    if not endings & designed.reachable_from(s.start_node):
        ctx.report(
            ("nodes",),
            "E206",
            "no ending can be reached from the start node",
            hint="add a node with 'ending: {outcome: ...}' and a response leading to it",
        )
    for node in s.nodes:
        path = ("nodes", index[node.id], "id")
        if node.id not in reachable:
            if node.ending:
                ctx.report(
                    path,
                    "W305",
                    f"no path reaches ending '{node.id}'",
                    severity=WARN,
                    hint="add a response whose 'next' leads here",
                )
            else:
                ctx.report(
                    path,
                    "W300",
                    f"node '{node.id}' is unreachable",
                    severity=WARN,
                    hint="add a response whose 'next' leads here, or remove it",
                )
        elif not node.ending and not designed.successors(node.id) - {node.id}:
            ctx.report(
                path,
                "W301",
                f"node '{node.id}' is a dead end",
                severity=WARN,
                hint="give it a response with 'next', or make it an ending",
            )
    can_end = designed.can_reach(endings)
    for component in designed.cycles():
        if component <= reachable and not component & can_end:
            first = min(component, key=index.__getitem__)
            ctx.report(
                ("nodes", index[first], "id"),
                "W302",
                f"cycle with no exit: {', '.join(sorted(component))}",
                severity=WARN,
                hint="add a response that leaves the loop towards an ending",
            )


def _metadata(ctx: _Context) -> None:
    if ctx.scenario.persona not in v.KNOWN_PERSONAS:
        ctx.report(
            ("persona",),
            "W304",
            f"unknown persona '{ctx.scenario.persona}'",
            severity=WARN,
            hint=suggest(ctx.scenario.persona, v.KNOWN_PERSONAS)
            or f"known personas: {', '.join(v.KNOWN_PERSONAS)}",
        )
