"""Safe YAML reading that remembers where every key and value came from.

We drive libyaml's event parser ourselves instead of calling ``yaml.load`` so
that no constructor ever runs for unknown tags (Python object tags are refused),
nesting depth and alias expansion are bounded (no billion-laughs), duplicate keys
are reported, and every value gets a ``line:col`` for diagnostics.
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
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
    """Positions of values (and of mapping keys) by key path, 1-based.

    The tables hold the parser's own mark objects (0-based); converting only the few
    that a diagnostic asks for keeps reading fast.
    """

    file: str
    values: dict[KeyPath, Any] = field(default_factory=dict)
    keys: dict[KeyPath, Any] = field(default_factory=dict)

    def locate(self, path: KeyPath, *, key: bool = False) -> Mark:
        """Best position for ``path``: the exact one, else its nearest ancestor."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return _mark(table[probe])
            if key and probe in self.values:
                return _mark(self.values[probe])
            probe = probe[:-1]
            table = self.values
        root = self.values.get(())
        return Mark(1, 1) if root is None else _mark(root)

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


def _too_big(file: str, size: int | None) -> DiagnosticError:
    said = f"{size:,} bytes" if size else f"over {MAX_BYTES:,} bytes"
    return _error(
        file,
        1,
        1,
        "Y003",
        f"file is {said}; the limit is {MAX_BYTES:,}",
        "no scenario, transcript or script needs this much; a long scenario can be split"
        " into fragments under scenarios/_shared/",
    )


def read_bytes(path: Path, file: str) -> bytes:
    """The file's bytes; reads at most one byte past the limit, so a huge or endless file
    (``/dev/zero``) is refused without filling memory."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise _error(file, 1, 1, "Y001", f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _too_big(file, size if size > MAX_BYTES else None)
    return data


def decode(data: bytes, file: str) -> str:
    if len(data) > MAX_BYTES:
        raise _too_big(file, len(data))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        # Columns count characters, like every other diagnostic; the bytes before the bad
        # one on its line are valid UTF-8.
        col = len(data[line_start : exc.start].decode("utf-8-sig")) + 1
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
    return parse(decode(read_bytes(path, name), name), name)


def parse(text: str, file: str = "<string>") -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain Python values plus a SourceMap."""
    if len(text) > MAX_BYTES:
        raise _error(file, 1, 1, "Y003", f"document is longer than {MAX_BYTES:,} characters")
    stand_ins = _json_stand_ins(text)
    if stand_ins is not None:
        try:
            value = json.loads(text, parse_constant=str)
        except (ValueError, RecursionError):
            pass  # not JSON after all: YAML reads it as written, and says what is wrong
        else:
            _, source = _parse_yaml(stand_ins, file)  # positions, limits, duplicate keys
            return value, source
    return _parse_yaml(text, file)


# JSON is YAML, so JSON files get YAML's positions and limits. But valid JSON can hold what
# libyaml refuses or misreads: surrogate-pair escapes ("\ud83d\ude00" is how json.dumps
# writes an emoji), raw DEL and C1 characters, U+FFFE/U+FFFF, and a raw NEL (read as a line
# break). Such a document is parsed as YAML with stand-ins of the same length, so every
# position holds, and its values come from the json module.
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_NOT_YAML = re.compile("[\x7f-\x9f\ufffe\uffff]")


def _json_stand_ins(text: str) -> str | None:
    """The text with stand-ins for what libyaml would misread, if it may be such JSON."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    safe = _SURROGATE_PAIR.sub(lambda m: m.group(1) + "\\ufffd\\ufffd", text)
    safe = _NOT_YAML.sub("?", safe)
    return None if safe == text else safe


def _parse_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    builder = _Builder(file)
    loader = None
    with paused_collection():
        try:
            loader = Loader(text)  # the pure-Python reader already checks characters here
            builder.run(loader.get_event)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = exc.problem or exc.context or "invalid YAML"
            raise _error(file, line, col, "Y000", f"YAML syntax error: {problem}") from None
        except yaml.reader.ReaderError as exc:
            line, col = _position(text, exc.position)
            raise _error(
                file,
                line,
                col,
                "Y000",
                f"character U+{exc.character:04X} is not allowed in YAML ({exc.reason})",
                f'write it as an escape in a double-quoted string: "\\u{exc.character:04x}"',
            ) from None
        except UnicodeEncodeError as exc:  # text from a caller, not a file: lone surrogates
            line, col = _position(text, exc.start)
            raise _error(
                file, line, col, "Y002", "text holds a lone surrogate, not a character"
            ) from None
        except yaml.YAMLError as exc:
            raise _error(file, 1, 1, "Y000", f"YAML error: {exc}") from None
        finally:
            if loader is not None:
                loader.dispose()
    return builder.result, builder.source


@contextmanager
def paused_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while plain data is built.

    Parsed documents and the models made from them are trees without reference cycles, so
    the collector finds nothing in them, yet it re-scans every object the process holds
    each few hundred allocations: loading a 1,000-scenario library spent about half its
    time there. Reference counting still frees everything as usual.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _mark(raw: Any) -> Mark:
    return Mark(raw.line + 1, raw.column + 1)


_MERGE = object()  # a plain ``<<``: refused where it is used as a key
_MISSING = object()
_END_EVENTS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_PLAIN_CACHE_LEN = 48  # plain scalars this short repeat (keys, ids, numbers): resolve once


def _construct(tag: str, text: str) -> Any:
    """A scalar's value for a resolved or explicit safe tag; unreadable values stay text."""
    if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        return text
    if tag == "tag:yaml.org,2002:merge":
        return _MERGE
    try:
        return _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, text))
    except (yaml.YAMLError, ValueError, OverflowError):
        return text


class _Frame:
    """One open mapping or sequence: what is built so far and where it sits."""

    __slots__ = ("anchor", "container", "is_map", "key", "path", "size")

    def __init__(self, container: dict | list, path: KeyPath, anchor: str | None) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.key: str | None = None
        self.size = 1
        self.anchor = anchor


class _Builder:
    """Turns the event stream into values, one frame per nesting level.

    This loop runs once per YAML event of every file the tools read, so it avoids
    per-event allocations beyond the key path and resolves each distinct short plain
    scalar once per document.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.source = SourceMap(file)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.plain: dict[str, Any] = {}
        self.expanded = 0
        self.documents = 0
        self.result: Any = None

    def run(self, next_event: Any) -> None:
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._scalar(event)
            elif kind in _END_EVENTS:
                self._end()
            elif kind is yaml.MappingStartEvent:
                self._start(event, {})
            elif kind is yaml.SequenceStartEvent:
                self._start(event, [])
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self._fail(
                        event,
                        "Y006",
                        "only one YAML document per file is allowed",
                        "remove the extra '---' separator",
                    )

    def _fail(self, event: Any, code: str, message: str, hint: str = "") -> DiagnosticError:
        mark = event.start_mark
        return _error(self.file, mark.line + 1, mark.column + 1, code, message, hint)

    def _count(self, event: Any, amount: int) -> None:
        self.expanded += amount
        if self.expanded > MAX_EXPANDED_NODES:
            raise self._fail(
                event,
                "Y005",
                "document expands to too many values (alias bomb?)",
                "remove the repeated aliases",
            )

    def _check_tag(self, event: Any, tag: str | None) -> None:
        if tag and tag not in _SAFE_TAGS and tag not in ("!", "?"):
            raise self._fail(
                event,
                "Y004",
                f"tag '{tag}' is not allowed",
                "scenario files hold plain data; remove the tag",
            )

    def _scalar(self, event: Any) -> None:
        tag, text = event.tag, event.value
        if tag is None or tag == "!":
            if not event.implicit[0]:
                value: Any = text
            elif len(text) <= _PLAIN_CACHE_LEN:
                value = self.plain.get(text, _MISSING)
                if value is _MISSING:
                    value = self.plain[text] = _construct(_resolve(text), text)
            else:
                value = _construct(_resolve(text), text)
        else:
            self._check_tag(event, tag)
            value = _construct(tag, text)
        if value is _MERGE:
            raise self._fail(
                event,
                "Y007",
                "YAML merge keys (<<) are not supported",
                "use an include of a shared fragment instead",
            )
        self._count(event, 1)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self._place(event, value, 1)

    def _alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            raise self._fail(event, "Y000", f"unknown alias '*{event.anchor}'")
        value, size = self.anchors[event.anchor]
        self._count(event, size)
        self._place(event, value, size)

    def _start(self, event: Any, container: dict | list) -> None:
        self._check_tag(event, event.tag)
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            raise self._fail(event, "Y008", f"nesting is deeper than {MAX_DEPTH} levels")
        self._count(event, 1)
        if stack:
            parent = stack[-1]
            if parent.is_map:
                if parent.key is None:
                    raise self._fail(event, "Y009", "mapping keys must be plain scalars")
                path: KeyPath = (*parent.path, parent.key)
            else:
                path = (*parent.path, len(parent.container))
        else:
            path = ()
        self.source.values[path] = event.start_mark
        stack.append(_Frame(container, path, event.anchor))

    def _end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, frame.size)
        if not self.stack:
            self.result = frame.container
            return
        self._attach(frame.container, frame.size)

    def _place(self, event: Any, value: Any, size: int) -> None:
        if not self.stack:
            self.result = value
            self.source.values[()] = event.start_mark
            return
        frame = self.stack[-1]
        if frame.is_map and frame.key is None:
            if isinstance(value, (dict, list)) or value is None:
                raise self._fail(event, "Y009", "mapping keys must be plain scalars")
            key = value if isinstance(value, str) else str(value)
            if key in frame.container:
                raise self._fail(
                    event, "Y010", f"duplicate key '{key}'", "each key may appear once in a mapping"
                )
            frame.key = key
            self.source.keys[(*frame.path, key)] = event.start_mark
            return
        child = frame.key if frame.is_map else len(frame.container)
        self.source.values[(*frame.path, child)] = event.start_mark
        self._attach(value, size)

    def _attach(self, value: Any, size: int) -> None:
        frame = self.stack[-1]
        frame.size += size
        if frame.is_map:
            frame.container[frame.key] = value
            frame.key = None
        else:
            frame.container.append(value)


# Plain scalars whose first character starts no implicit type (bool, int, null, ...) are
# text; most scenario lines are such, and the resolver's regex walk is skipped for them.
_TYPED_STARTS = (
    None
    if None in _RESOLVER.yaml_implicit_resolvers
    else frozenset(_RESOLVER.yaml_implicit_resolvers)
)


def _resolve(text: str) -> str:
    if _TYPED_STARTS is not None and text and text[0] not in _TYPED_STARTS:
        return "tag:yaml.org,2002:str"
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))


def format_path(path: KeyPath) -> str:
    return format_key_path(path)
