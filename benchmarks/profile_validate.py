"""Where validating a library goes, phase by phase (issue 8: validate_ratio).

    python benchmarks/profile_validate.py [--scenarios 200] [--repeats 3] [--top 25]

Generates a library of copies of the bundled scenarios (``run.py``'s validate_ratio
measures the same library against the same baseline) and times, per phase, the best of
``--repeats`` passes over all its files:

    parse (baseline)   yaml.load with CSafeLoader: what validate_ratio divides by
    read               simulator.yamlsource.read_file: libyaml events, values, positions
    model              pydantic validation of the scenario model (with positioned errors)
    expand             load_scenario minus the two above: fragments, hash, node sources
    lint               the semantic checks of simulator/scenario/lint.py
    load_library       everything together, as ``collector-sim validate`` runs it
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

import yaml  # noqa: E402

from simulator.scenario.library import builtin_intent_ids, load_library  # noqa: E402
from simulator.scenario.lint import lint  # noqa: E402
from simulator.scenario.loader import FragmentStore, load_scenario, shared_dir_for  # noqa: E402
from simulator.scenario.model import Scenario  # noqa: E402
from simulator.scenario.source import SourceDocument  # noqa: E402
from simulator.scenario.validation import validate  # noqa: E402
from simulator.yamlsource import Loader, read_file  # noqa: E402

LIBRARY = ROOT / "scenarios"


def generate_library(folder: Path, count: int) -> Path:
    """``count`` scenarios made from the bundled ones, each with its own id."""
    sources = sorted(
        p
        for p in LIBRARY.rglob("*.yaml")
        if not p.name.endswith(".tests.yaml") and "_shared" not in p.parts
    )
    target = folder / "generated"
    (target / "_shared").mkdir(parents=True)
    for shared in (LIBRARY / "_shared").glob("*.yaml"):
        (target / "_shared" / shared.name).write_bytes(shared.read_bytes())
    texts = [source.read_text(encoding="utf-8") for source in sources]
    ids = [yaml.load(text, Loader=Loader)["id"] for text in texts]
    for i in range(count):
        text, old_id = texts[i % len(texts)], ids[i % len(ids)]
        (target / f"s{i:05d}.yaml").write_text(
            text.replace(f"id: {old_id}", f"id: {old_id}-{i:05d}", 1), encoding="utf-8"
        )
    return target


def parse_only(files: list[Path]) -> list[object]:
    """The baseline validating is measured against: libyaml's C loader and nothing more."""
    return [yaml.load(path.read_bytes(), Loader=Loader) for path in files]


def best(repeats: int, action: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - began)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--top", type=int, default=0, help="cProfile load_library: N costliest")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate_library(Path(tmp), opts.scenarios)
        files = sorted(folder.glob("s*.yaml"))
        ids = {locale: builtin_intent_ids(locale) for locale in ("en-US", "zh-CN")}
        fragments = FragmentStore(shared_dir_for(files[0]))
        n = opts.repeats

        parse, _ = best(n, lambda: parse_only(files))
        read, docs = best(n, lambda: [read_file(p) for p in files])
        documents = [SourceDocument(m.file, data, m) for data, m in docs]
        model, _ = best(n, lambda: [validate(Scenario, d) for d in documents])
        loading, loaded = best(n, lambda: [load_scenario(p, fragments) for p in files])
        linting, _ = best(n, lambda: [lint(s, ids[s.scenario.locale]) for s in loaded])
        whole, library = best(n, lambda: load_library([folder]))
        assert not library.errors, library.errors[0].format()

        rows = [
            ("parse (baseline)", parse),
            ("read", read),
            ("model", model),
            ("expand", loading - read - model),
            ("lint", linting),
            ("load_library", whole),
        ]
        print(f"{len(files)} scenarios, best of {n} passes")
        print(f"  {'phase':18} {'seconds':>8} {'x parse':>8} {'ms/file':>8}")
        for name, seconds in rows:
            print(
                f"  {name:18} {seconds:8.3f} {seconds / parse:8.2f} "
                f"{seconds / len(files) * 1000:8.2f}"
            )
        if opts.top:
            profile = cProfile.Profile()
            profile.enable()
            load_library([folder])
            profile.disable()
            buffer = io.StringIO()
            pstats.Stats(profile, stream=buffer).sort_stats("tottime").print_stats(opts.top)
            print(buffer.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
