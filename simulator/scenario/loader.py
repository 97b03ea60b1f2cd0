"""Load scenario files and fragments into validated models, collecting every problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from simulator.diagnostics import Diagnostic, DiagnosticError, Severity
from simulator.scenario.model import Fragment, Include, Node, Scenario
from simulator.scenario.source import SourceDocument
from simulator.scenario.validation import validate
from simulator.yamlsource import KeyPath, read_file

SHARED_DIR = "_shared"
RUBRICS_DIR = "_rubrics"
TESTS_SUFFIX = ".tests.yaml"
EXIT_PREFIX = "@"


@dataclass
class LoadedFragment:
    fragment: Fragment
    document: SourceDocument
    digest: str


@dataclass
class LoadedScenario:
    """A scenario with its fragments expanded, and where each node came from."""

    scenario: Scenario
    path: Path
    document: SourceDocument
    node_sources: list[tuple[SourceDocument, KeyPath]]  # aligned with scenario.nodes
    content_hash: str
    fragments: list[str] = field(default_factory=list)

    def diagnostic(
        self,
        path: KeyPath,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        hint: str = "",
        key: bool = False,
        col_offset: int = 0,
    ) -> Diagnostic:
        """Point at a path of the expanded scenario, in whichever file defines it."""
        doc, raw = self.document, path
        if len(path) >= 2 and path[0] == "nodes" and isinstance(path[1], int):
            doc, prefix = self.node_sources[path[1]]
            raw = (*prefix, *path[2:])
        return doc.diagnostic(
            raw,
            code,
            message,
            severity=severity,
            hint=hint,
            key=key,
            col_offset=col_offset,
            shown_path=path,
        )


def is_scenario_file(path: Path) -> bool:
    return (
        path.suffix in (".yaml", ".yml")
        and not path.name.endswith(TESTS_SUFFIX)
        and SHARED_DIR not in path.parts
        and RUBRICS_DIR not in path.parts
    )


def discover(paths: list[Path]) -> list[Path]:
    """Scenario files under the given files or folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and is_scenario_file(p.relative_to(path))
            )
        elif path.name.endswith(TESTS_SUFFIX):
            found.append(path.with_name(path.name.removesuffix(TESTS_SUFFIX) + ".yaml"))
        elif is_scenario_file(path):
            found.append(path)
    return list(dict.fromkeys(found))


def shared_dir_for(path: Path) -> Path | None:
    for parent in path.resolve().parents:
        candidate = parent / SHARED_DIR
        if candidate.is_dir():
            return candidate
    return None


def read_document(path: Path) -> SourceDocument:
    data, marks = read_file(path, display=_display(path))
    return SourceDocument(marks.file, data, marks)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class FragmentStore:
    """Fragments by name, read lazily from one ``_shared`` folder and cached."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._cache: dict[str, LoadedFragment | list[Diagnostic]] = {}

    def names(self) -> list[str]:
        if not self.folder:
            return []
        return sorted(p.stem for p in self.folder.glob("*.y*ml"))

    def get(self, name: str) -> LoadedFragment | list[Diagnostic] | None:
        if name in self._cache:
            return self._cache[name]
        if not self.folder:
            return None
        path = next(
            (p for p in (self.folder / f"{name}.yaml", self.folder / f"{name}.yml") if p.is_file()),
            None,
        )
        if path is None:
            return None
        try:
            doc = read_document(path)
        except DiagnosticError as exc:
            self._cache[name] = exc.diagnostics
            return exc.diagnostics
        fragment, problems = validate(Fragment, doc)
        result: LoadedFragment | list[Diagnostic] = problems or LoadedFragment(
            fragment, doc, hashlib.sha256(path.read_bytes()).hexdigest()
        )
        self._cache[name] = result
        return result


def load_scenario(path: Path, fragments: FragmentStore | None = None) -> LoadedScenario:
    """Read, validate and expand one scenario; raises DiagnosticError with all problems."""
    doc = read_document(path)
    scenario, problems = validate(Scenario, doc)
    if problems:
        raise DiagnosticError(sorted(problems, key=lambda d: d.sort_key))
    store = fragments or FragmentStore(shared_dir_for(path))
    digest = hashlib.sha256()
    digest.update(path.read_bytes())
    sources: list[tuple[SourceDocument, KeyPath]] = [
        (doc, ("nodes", i)) for i in range(len(scenario.nodes))
    ]
    nodes = list(scenario.nodes)
    used: list[str] = []
    for i, include in enumerate(scenario.include):
        loaded = store.get(include.fragment)
        if loaded is None:
            known = ", ".join(store.names()) or "none found"
            problems.append(
                doc.diagnostic(
                    ("include", i, "fragment"),
                    "E201",
                    f"unknown fragment '{include.fragment}'",
                    hint=f"fragments in {SHARED_DIR}/: {known}",
                )
            )
            continue
        if isinstance(loaded, list):
            problems.extend(loaded)
            continue
        problems.extend(_check_exits(doc, i, include, loaded))
        digest.update(loaded.digest.encode())
        used.append(include.fragment)
        for j, node in enumerate(loaded.fragment.nodes):
            renamed = _rename(node, include)
            nodes.append(renamed)
            sources.append((loaded.document, ("nodes", j)))
    if problems:
        raise DiagnosticError(sorted(problems, key=lambda d: d.sort_key))
    expanded = scenario.model_copy(update={"nodes": nodes}) if used else scenario
    return LoadedScenario(expanded, path, doc, sources, digest.hexdigest(), used)


def _check_exits(
    doc: SourceDocument, index: int, include: Include, loaded: LoadedFragment
) -> list[Diagnostic]:
    declared = set(loaded.fragment.exits)
    out = [
        doc.diagnostic(
            ("include", index, "exits"),
            "E208",
            f"fragment '{include.fragment}' exit '{name}' is not mapped",
            hint=f"add '{name}: <node id>' under exits",
        )
        for name in loaded.fragment.exits
        if name not in include.exits
    ]
    out += [
        doc.diagnostic(
            ("include", index, "exits", name),
            "E208",
            f"fragment '{include.fragment}' has no exit '{name}'",
            hint=f"its exits are: {', '.join(sorted(declared)) or 'none'}",
            key=True,
        )
        for name in include.exits
        if name not in declared
    ]
    return out


def _rename(node: Node, include: Include) -> Node:
    prefix = include.prefix

    def target(ref: str | None) -> str | None:
        if ref is None:
            return None
        if ref.startswith(EXIT_PREFIX):
            return include.exits.get(ref[1:], ref)
        return f"{prefix}_{ref}"

    return node.model_copy(
        update={
            "id": f"{prefix}_{node.id}",
            "responses": [r.model_copy(update={"next": target(r.next)}) for r in node.responses],
            "fallback": node.fallback.model_copy(update={"next": target(node.fallback.next)})
            if node.fallback
            else None,
        }
    )
