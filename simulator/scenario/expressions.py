"""The scenario condition language: a tiny, safe expression parser (never ``eval``).

Grammar (lowest precedence first)::

    expr   := or
    or     := and ("or" and)*
    and    := not ("and" not)*
    not    := "not" not | cmp
    cmp    := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
    sum    := prod (("+" | "-") prod)*
    prod   := unary (("*" | "/") unary)*
    unary  := "-" unary | atom
    atom   := NUMBER | STRING | true | false | null | NAME ("." NAME)*
            | NAME "(" [expr ("," expr)*] ")" | "(" expr ")"

Names are the scenario's meters, variables and flags, ``facts.<name>``,
``briefing.<name>``, ``turn`` and ``confusion``. Functions: ``visits(node)``,
``visited(node)``, ``said(intent)``, ``min``, ``max``, ``abs``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

FUNCTIONS = {"visits": 1, "visited": 1, "said": 1, "min": 2, "max": 2, "abs": 1}
NODE_FUNCTIONS = {"visits", "visited"}
INTENT_FUNCTIONS = {"said"}
BUILTIN_NAMES = {"turn", "confusion"}
NAMESPACES = {"facts", "briefing"}


class ExpressionError(ValueError):
    """A syntax error, with the 0-based character offset where it was noticed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any
    offset: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Node, ...]
    offset: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node
    offset: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node
    offset: int


Node = Literal | Name | Call | Unary | Binary

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
    |(?P<num>\d+(?:\.\d+)?)
    |(?P<str>'[^']*'|"[^"]*")
    |(?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|,|\.)
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false", "null"}


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str
    offset: int


def _tokenize(source: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if not match:
            hint = " ('=' compares with '==')" if source[pos] == "=" else ""
            raise ExpressionError(f"unexpected character {source[pos]!r}{hint}", pos)
        kind = match.lastgroup or ""
        if kind != "ws":
            text = match.group()
            if kind == "name" and text in _KEYWORDS:
                kind = text
            tokens.append(_Tok(kind, text, pos))
        pos = match.end()
    tokens.append(_Tok("end", "", len(source)))
    return tokens


MAX_LENGTH = 2_000
MAX_DEPTH = 40


class _Parser:
    def __init__(self, source: str) -> None:
        if len(source) > MAX_LENGTH:
            raise ExpressionError(f"condition is longer than {MAX_LENGTH} characters", 0)
        self.tokens = _tokenize(source)
        self.i = 0
        self.depth = 0

    def nest(self) -> None:
        """Bound recursion so a pathological condition is an error, not a crash."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("condition is nested too deeply", self.tok.offset)

    @property
    def tok(self) -> _Tok:
        return self.tokens[self.i]

    def take(self, *kinds_or_texts: str) -> _Tok | None:
        tok = self.tok
        if tok.kind in kinds_or_texts or (tok.kind == "op" and tok.text in kinds_or_texts):
            self.i += 1
            return tok
        return None

    def expect(self, text: str) -> _Tok:
        tok = self.take(text)
        if tok is None:
            found = self.tok.text or "end of expression"
            raise ExpressionError(f"expected '{text}' but found '{found}'", self.tok.offset)
        return tok

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise ExpressionError("empty expression", 0)
        node = self.or_()
        if self.tok.kind != "end":
            raise ExpressionError(f"unexpected '{self.tok.text}'", self.tok.offset)
        return node

    def or_(self) -> Node:
        node = self.and_()
        while tok := self.take("or"):
            node = Binary("or", node, self.and_(), tok.offset)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while tok := self.take("and"):
            node = Binary("and", node, self.not_(), tok.offset)
        return node

    def not_(self) -> Node:
        if tok := self.take("not"):
            self.nest()
            return Unary("not", self.not_(), tok.offset)
        return self.cmp()

    def cmp(self) -> Node:
        node = self.sum()
        if tok := self.take("==", "!=", "<", "<=", ">", ">="):
            node = Binary(tok.text, node, self.sum(), tok.offset)
        return node

    def sum(self) -> Node:
        node = self.prod()
        while tok := self.take("+", "-"):
            node = Binary(tok.text, node, self.prod(), tok.offset)
        return node

    def prod(self) -> Node:
        node = self.unary()
        while tok := self.take("*", "/"):
            node = Binary(tok.text, node, self.unary(), tok.offset)
        return node

    def unary(self) -> Node:
        if tok := self.take("-"):
            self.nest()
            return Unary("-", self.unary(), tok.offset)
        return self.atom()

    def atom(self) -> Node:
        tok = self.tok
        if self.take("num"):
            return Literal(float(tok.text) if "." in tok.text else int(tok.text), tok.offset)
        if self.take("str"):
            return Literal(tok.text[1:-1], tok.offset)
        if self.take("true", "false", "null"):
            return Literal({"true": True, "false": False, "null": None}[tok.kind], tok.offset)
        if self.take("("):
            self.nest()
            node = self.or_()
            self.expect(")")
            return node
        if self.take("name"):
            if self.take("("):
                return self.call(tok)
            name = tok.text
            while self.take("."):
                part = self.take("name")
                if part is None:
                    raise ExpressionError("expected a name after '.'", self.tok.offset)
                name += "." + part.text
            return Name(name, tok.offset)
        found = tok.text or "end of expression"
        raise ExpressionError(f"expected a value but found '{found}'", tok.offset)

    def call(self, name: _Tok) -> Node:
        if name.text not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(f"unknown function '{name.text}' (known: {known})", name.offset)
        args: list[Node] = []
        if not self.take(")"):
            while True:
                if name.text in NODE_FUNCTIONS | INTENT_FUNCTIONS and self.tok.kind == "name":
                    ref = self.tok
                    self.i += 1
                    text = ref.text
                    while self.take("."):
                        part = self.take("name")
                        if part is None:
                            raise ExpressionError("expected a name after '.'", self.tok.offset)
                        text += "." + part.text
                    args.append(Literal(text, ref.offset))
                else:
                    args.append(self.or_())
                if self.take(")"):
                    break
                self.expect(",")
        if len(args) != FUNCTIONS[name.text]:
            raise ExpressionError(
                f"{name.text}() takes {FUNCTIONS[name.text]} argument(s), got {len(args)}",
                name.offset,
            )
        return Call(name.text, tuple(args), name.offset)


@lru_cache(maxsize=4096)
def parse(source: str) -> Node:
    """Parse (and cache) an expression; raises ExpressionError with an offset."""
    return _Parser(source).parse()


def walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)
    elif isinstance(node, Unary):
        yield from walk(node.operand)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)


class Environment(Protocol):
    def lookup(self, name: str) -> Any: ...

    def visits(self, node_id: str) -> int: ...

    def said(self, intent: str) -> bool: ...


class EvaluationError(ValueError):
    pass


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b else 0,
}


def evaluate(node: Node, env: Environment) -> Any:
    match node:
        case Literal(value=value):
            return value
        case Name(name=name):
            return env.lookup(name)
        case Unary(op="not", operand=operand):
            return not evaluate(operand, env)
        case Unary(op="-", operand=operand):
            return -_number(evaluate(operand, env))
        case Binary(op="and", left=left, right=right):
            return bool(evaluate(left, env)) and bool(evaluate(right, env))
        case Binary(op="or", left=left, right=right):
            return bool(evaluate(left, env)) or bool(evaluate(right, env))
        case Binary(op=op, left=left, right=right) if op in _COMPARE:
            a, b = evaluate(left, env), evaluate(right, env)
            try:
                return _COMPARE[op](a, b)
            except TypeError:
                raise EvaluationError(f"cannot compare {a!r} {op} {b!r}") from None
        case Binary(op=op, left=left, right=right):
            return _ARITH[op](_number(evaluate(left, env)), _number(evaluate(right, env)))
        case Call(function=function, args=args):
            return _call(function, args, env)
    raise EvaluationError(f"cannot evaluate {node!r}")


def _call(function: str, args: tuple[Node, ...], env: Environment) -> Any:
    if function == "visits":
        return env.visits(str(evaluate(args[0], env)))
    if function == "visited":
        return env.visits(str(evaluate(args[0], env))) > 0
    if function == "said":
        return env.said(str(evaluate(args[0], env)))
    values = [_number(evaluate(arg, env)) for arg in args]
    return {"min": min, "max": max, "abs": lambda v: abs(v)}[function](*values)


def _number(value: Any) -> float | int:
    if isinstance(value, bool) or value is None:
        return int(bool(value))
    if isinstance(value, (int, float)):
        return value
    raise EvaluationError(f"{value!r} is not a number")
