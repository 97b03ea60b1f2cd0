"""A parsed YAML document plus the means to point at any logical key path in it."""

from __future__ import annotations

from dataclasses import dataclass
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
        raw, exact = self._walk(path)
        mark = self.marks.locate(raw, key=key or not exact)
        return Diagnostic(
            file=self.file,
            line=mark.line,
            col=mark.col + (col_offset if exact else 0),
            severity=severity,
            code=code,
            message=message,
            key_path=format_key_path(shown_path if shown_path is not None else path),
            hint=hint,
        )
