"""Safe YAML reading that remembers where every key and value came from.

We drive libyaml's event parser ourselves instead of calling ``yaml.load`` so
that no constructor ever runs for unknown tags (Python object tags are refused),
nesting depth and alias expansion are bounded (no billion-laughs), duplicate keys
are reported, and every value gets a ``line:col`` for diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.diagnostics import Diagnostic, DiagnosticError, Severity, format_key_path

Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 500_000

KeyPath = tuple[str | int, ...]

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass(frozen=True, slots=True)
class Mark:
    line: int
    col: int


@dataclass
class SourceMap:
    """Positions of values (and of mapping keys) by key path, 1-based."""

    file: str
    values: dict[KeyPath, Mark] = field(default_factory=dict)
    keys: dict[KeyPath, Mark] = field(default_factory=dict)

    def locate(self, path: KeyPath, *, key: bool = False) -> Mark:
        """Best position for ``path``: the exact one, else its nearest ancestor."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if key and probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
            table = self.values
        return self.values.get((), Mark(1, 1))

    def diagnostic(
        self,
        path: KeyPath,
        code: str,
        message: str,
        *,
        hint: str = "",
        severity: Severity = Severity.ERROR,
        key: bool = False,
        col_offset: int = 0,
    ) -> Diagnostic:
        mark = self.locate(path, key=key)
        return Diagnostic(
            file=self.file,
            line=mark.line,
            col=mark.col + col_offset,
            severity=severity,
            code=code,
            message=message,
            key_path=format_key_path(path),
            hint=hint,
        )


def _error(
    file: str, line: int, col: int, code: str, message: str, hint: str = ""
) -> DiagnosticError:
    return DiagnosticError([Diagnostic(file, line, col, Severity.ERROR, code, message, hint=hint)])


def decode(data: bytes, file: str) -> str:
    if len(data) > MAX_BYTES:
        raise _error(
            file,
            1,
            1,
            "Y003",
            f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}",
            "split the scenario into fragments under scenarios/_shared/",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _error(
            file,
            line,
            col,
            "Y002",
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8",
        ) from None


def read_file(path: Path, display: str | None = None) -> tuple[Any, SourceMap]:
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _error(name, 1, 1, "Y001", f"cannot read file: {exc.strerror or exc}") from None
    return parse(decode(data, name), name)


def parse(text: str, file: str = "<string>") -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain Python values plus a SourceMap."""
    if len(text) > MAX_BYTES:
        raise _error(file, 1, 1, "Y003", f"document is longer than {MAX_BYTES:,} characters")
    builder = _Builder(file)
    try:
        for event in yaml.parse(text, Loader=Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise _error(file, line, col, "Y000", f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise _error(file, 1, 1, "Y000", f"YAML error: {exc}") from None
    return builder.result, builder.source


class _Builder:
    """Turns the event stream into values, one container frame per nesting level."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.source = SourceMap(file)
        self.stack: list[list[Any]] = []  # frames: [container, path, pending_key, key_mark, size]
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.expanded = 0
        self.documents = 0
        self.result: Any = None

    def _fail(self, event: Any, code: str, message: str, hint: str = "") -> DiagnosticError:
        mark = event.start_mark
        return _error(self.file, mark.line + 1, mark.column + 1, code, message, hint)

    def _child_path(self) -> KeyPath:
        frame = self.stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            return (*path, len(container))
        return (*path, frame[2])

    def _count(self, event: Any, amount: int) -> None:
        self.expanded += amount
        if self.expanded > MAX_EXPANDED_NODES:
            raise self._fail(
                event,
                "Y005",
                "document expands to too many values (alias bomb?)",
                "remove the repeated aliases",
            )

    def feed(self, event: Any) -> None:
        kind = type(event).__name__
        if kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                raise self._fail(
                    event,
                    "Y006",
                    "only one YAML document per file is allowed",
                    "remove the extra '---' separator",
                )
        elif kind == "ScalarEvent":
            self._scalar(event)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            self._start(event, {} if kind == "MappingStartEvent" else [])
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            self._end()
        elif kind == "AliasEvent":
            if event.anchor not in self.anchors:
                raise self._fail(event, "Y000", f"unknown alias '*{event.anchor}'")
            value, size = self.anchors[event.anchor]
            self._count(event, size)
            self._place(event, value, size)

    def _check_tag(self, event: Any, tag: str | None) -> None:
        if tag and tag not in _SAFE_TAGS and tag not in ("!", "?"):
            raise self._fail(
                event,
                "Y004",
                f"tag '{tag}' is not allowed",
                "scenario files hold plain data; remove the tag",
            )

    def _scalar(self, event: Any) -> None:
        self._check_tag(event, event.tag)
        tag = event.tag
        if tag in (None, "!"):
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == "tag:yaml.org,2002:merge":
            raise self._fail(
                event,
                "Y007",
                "YAML merge keys (<<) are not supported",
                "use an include of a shared fragment instead",
            )
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            value: Any = event.value
        else:
            try:
                value = _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, event.value))
            except (yaml.YAMLError, ValueError, OverflowError):
                value = event.value
        self._count(event, 1)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self._place(event, value, 1)

    def _start(self, event: Any, container: dict | list) -> None:
        self._check_tag(event, event.tag)
        if len(self.stack) >= MAX_DEPTH:
            raise self._fail(event, "Y008", f"nesting is deeper than {MAX_DEPTH} levels")
        self._count(event, 1)
        path: KeyPath = self._child_path() if self.stack else ()
        if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None:
            raise self._fail(event, "Y009", "mapping keys must be plain scalars")
        mark = event.start_mark
        self.source.values[path] = Mark(mark.line + 1, mark.column + 1)
        self.stack.append([container, path, None, None, 1, event.anchor, event])

    def _end(self) -> None:
        container, _path, _k, _km, size, anchor, start_event = self.stack.pop()
        if anchor:
            self.anchors[anchor] = (container, size)
        if not self.stack:
            self.result = container
            return
        self._attach(start_event, container, size)

    def _place(self, event: Any, value: Any, size: int) -> None:
        mark = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
        if not self.stack:
            self.result = value
            self.source.values[()] = mark
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, dict) and frame[2] is None:
            key = value
            if isinstance(key, (dict, list)) or key is None:
                raise self._fail(event, "Y009", "mapping keys must be plain scalars")
            key = str(key) if not isinstance(key, str) else key
            if key in container:
                raise self._fail(
                    event, "Y010", f"duplicate key '{key}'", "each key may appear once in a mapping"
                )
            frame[2] = key
            self.source.keys[(*frame[1], key)] = mark
            return
        self.source.values[self._child_path()] = mark
        self._attach(event, value, size)

    def _attach(self, event: Any, value: Any, size: int) -> None:
        frame = self.stack[-1]
        container = frame[0]
        frame[4] += size
        if isinstance(container, list):
            container.append(value)
        else:
            container[frame[2]] = value
            frame[2] = None


def format_path(path: KeyPath) -> str:
    return format_key_path(path)
