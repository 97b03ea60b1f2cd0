"""A parsed YAML document plus the means to point at any logical key path in it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from simulator.diagnostics import Diagnostic, Severity, format_key_path
from simulator.yamlsource import KeyPath, SourceMap


@dataclass
class SourceDocument:
    file: str
    data: Any
    marks: SourceMap

    def resolve(self, path: KeyPath) -> KeyPath:
        return self._walk(path)[0]

    def _walk(self, path: KeyPath) -> tuple[KeyPath, bool]:
        """Map a model path onto the raw data, skipping steps the YAML did not spell out.

        Model paths and raw paths differ where the format has shorthands (``say: text``
        for ``say: {lines: [{text: ...}]}``) and where pydantic adds union tags. The flag
        says whether the last step was found, i.e. whether the position is exact.
        """
        current = self.data
        raw: list[str | int] = []
        found = not path
        for step in path:
            found = False
            if (isinstance(current, dict) and step in current) or (
                isinstance(current, list)
                and isinstance(step, int)
                and not isinstance(step, bool)
                and 0 <= step < len(current)
            ):
                current = current[step]
                found = True
            if found:
                raw.append(step)
        return tuple(raw), found

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
        shown_path: KeyPath | None = None,
    ) -> Diagnostic:
        """The SourceMap's diagnostic for the raw path a model path stands at, named by the
        model path (or ``shown_path``). Where the YAML does not spell the path out, it points
        at the nearest key that is there, without ``col_offset`` (which is into the value)."""
        raw, exact = self._walk(path)
        found = self.marks.diagnostic(
            raw,
            code,
            message,
            hint=hint,
            severity=severity,
            key=key or not exact,
            col_offset=col_offset if exact else 0,
        )
        shown = format_key_path(shown_path if shown_path is not None else path)
        return replace(found, file=self.file, key_path=shown)
