"""collector-sim report trainees|scenarios|findings|trainee NAME|session ID

Each takes [--json|--csv] [--since DATE].
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from simulator.terminal import literal

if TYPE_CHECKING:
    from simulator.store import ResultsStore

KINDS = ("trainees", "scenarios", "findings", "trainee", "session")


def since_date(text: str) -> str:
    """argparse type for --since: a bad date is a usage error (exit 2), not a traceback."""
    from simulator.store.clock import since_bound
    from simulator.store.errors import StoreError

    try:
        since_bound(text)
    except StoreError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    fmt = common.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON instead of text")
    fmt.add_argument("--csv", action="store_true", help="CSV instead of text")
    common.add_argument(
        "--since", metavar="DATE", type=since_date, help="only sessions started on or after DATE"
    )
    p = sub.add_parser("report", help="results for managers and trainers")
    kinds = p.add_subparsers(dest="report", metavar="REPORT", required=True)
    kinds.add_parser(
        "trainees", parents=[common], help="attempts, pass rate, scores and trend per trainee"
    )
    kinds.add_parser(
        "scenarios",
        parents=[common],
        help="per scenario: pass rate, scores, top findings, the cohort's choices per node",
    )
    kinds.add_parser("findings", parents=[common], help="findings by category x trainee and rule")
    one = kinds.add_parser("trainee", parents=[common], help="one trainee's history, weak areas")
    one.add_argument("name", metavar="NAME")
    session = kinds.add_parser(
        "session", parents=[common], help="a transcript with findings, markers, reviews"
    )
    session.add_argument("session_id", metavar="ID", type=int)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.common import open_store, print_json
    from simulator.cli.errors import CliError
    from simulator.store import StoreError

    store = open_store(args)
    try:
        data = _fetch(store, args)
    except StoreError as exc:
        raise CliError(str(exc), 1) from None
    finally:
        store.close()
    if args.json:
        print_json(data)
    else:
        rendered = (_csv if args.csv else _text)(args.report, data)
        sys.stdout.write(rendered if args.csv else literal(rendered))
    return 0


def _fetch(store: ResultsStore, args: argparse.Namespace) -> Any:
    if args.report == "trainees":
        return store.report_trainees(args.since)
    if args.report == "scenarios":
        return store.report_scenarios(args.since)
    if args.report == "findings":
        return store.report_findings(args.since)
    if args.report == "trainee":
        return store.report_trainee(args.name, args.since)
    scenario_id = store.session_scenario(args.session_id)
    return store.report_session(args.session_id, _library_hash(args, scenario_id))


def _library_hash(args: argparse.Namespace, scenario_id: str) -> str | None:
    """The scenario's hash as the library has it now; None when the library can't say."""
    from simulator.cli.common import open_library
    from simulator.cli.errors import CliError
    from simulator.diagnostics import DiagnosticError

    try:
        found = open_library(args).find(scenario_id)
    except (CliError, DiagnosticError, OSError):
        return None
    return None if found is None else found.content_hash


# ------------------------------------------------------------------- CSV


def _csv(kind: str, data: Any) -> str:
    from simulator.store.render import csv_text

    if kind in ("trainees", "scenarios"):
        return csv_text(data, list(data[0]) if data else [])
    if kind == "findings":
        rows = [{"breakdown": "category_trainee", **r} for r in data["by_category"]] + [
            {"breakdown": "rule", **r} for r in data["by_rule"]
        ]
        columns = ["breakdown", "category", "trainee", "rule", "severity", "count"]
        return csv_text(rows, [*columns, "sessions", "trainees"])
    if kind == "trainee":
        history = data["history"]
        return csv_text(history, list(history[0]) if history else ["session_id"])
    columns = ["turn", "speaker", "node", "branch", "text", "findings", "markers", "reviews"]
    return csv_text(data["turns"], columns)


# ------------------------------------------------------------------ text


def _pct(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _signed(value: float | None) -> str | None:
    return None if value is None else f"{value:+.1f}"


def _text(kind: str, data: Any) -> str:
    return {
        "trainees": _text_trainees,
        "scenarios": _text_scenarios,
        "findings": _text_findings,
        "trainee": _text_trainee,
        "session": _text_session,
    }[kind](data)


SCORE_COLUMNS = [
    ("avg_compliance", "compliance"),
    ("avg_empathy", "empathy"),
    ("avg_outcome", "outcome"),
    ("avg_overall", "overall"),
]


def _text_trainees(rows: list[dict[str, Any]]) -> str:
    from simulator.store.render import table

    if not rows:
        return "No trainees yet.\n"
    shown = [
        {
            **r,
            "pass_pct": _pct(r["pass_rate"]),
            "trend_s": _signed(r["trend"]),
            "last": (r["last_played"] or "")[:10] or None,
        }
        for r in rows
    ]
    columns = [
        ("trainee", "trainee"),
        ("attempts", "attempts"),
        ("passes", "passed"),
        ("pass_pct", "pass%"),
        ("best", "best"),
        ("latest", "latest"),
        *SCORE_COLUMNS,
        ("trend_s", "trend"),
        ("last", "last played"),
    ]
    return table(shown, columns) + "\n"


def _finding_summary(items: list[dict[str, Any]]) -> str:
    return ", ".join(f"{f['rule']} {f['category']} x{f['count']}" for f in items) or None


def _text_scenarios(rows: list[dict[str, Any]]) -> str:
    from simulator.store.render import one_line, table

    if not rows:
        return "No scenarios yet.\n"
    shown = [
        {**r, "pass_pct": _pct(r["pass_rate"]), "top": _finding_summary(r["top_findings"])}
        for r in rows
    ]
    columns = [
        ("scenario_id", "scenario"),
        ("locale", "locale"),
        ("attempts", "attempts"),
        ("pass_pct", "pass%"),
        *SCORE_COLUMNS,
        ("top", "most common findings"),
    ]
    out = [table(shown, columns), "", "How the cohort chose at each node"]
    for row in rows:
        if not row["branches"]:
            continue
        out.append(f"  {one_line(row['scenario_id'])}")
        for node, counts in row["branches"].items():
            total = sum(counts.values())
            choices = "  ".join(
                f"{one_line(branch)} {n} ({round(100 * n / total)}%)"
                for branch, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            out.append(f"    {one_line(node)}: {choices}")
    return "\n".join(out) + "\n"


def _text_findings(data: dict[str, list[dict[str, Any]]]) -> str:
    from simulator.store.render import table

    if not data["by_rule"]:
        return "No findings.\n"
    by_category = table(
        data["by_category"], [("category", "category"), ("trainee", "trainee"), ("count", "count")]
    )
    by_rule = table(
        data["by_rule"],
        [
            ("rule", "rule"),
            ("category", "category"),
            ("severity", "severity"),
            ("count", "count"),
            ("sessions", "sessions"),
            ("trainees", "trainees"),
        ],
    )
    return f"By category and trainee\n{by_category}\n\nBy rule\n{by_rule}\n"


def _text_trainee(data: dict[str, Any]) -> str:
    from simulator.store.render import cell, one_line, table

    s = data["summary"]
    weakest = data["weakest"]
    lines = [
        f"Trainee: {one_line(data['trainee'])}",
        f"attempts {s['attempts']}  passed {s['passes']} ({cell(_pct(s['pass_rate']))}%)  "
        f"best {cell(s['best'])}  latest {cell(s['latest'])}  trend {cell(_signed(s['trend']))}  "
        f"abandoned {s['abandoned']}  in progress {s['in_progress']}",
        "averages: " + "  ".join(f"{heading} {cell(s[key])}" for key, heading in SCORE_COLUMNS),
        "weakest areas: "
        + (
            ", ".join(f"{d['dimension']} {cell(d['average'])}" for d in weakest["dimensions"])
            or "-"
        ),
        "most frequent findings: " + (_finding_summary(weakest["findings"]) or "-"),
    ]
    if data["scenarios"]:
        lines += [
            "",
            "Scenarios",
            table(
                data["scenarios"],
                [
                    ("scenario_id", "scenario"),
                    ("attempts", "attempts"),
                    ("passes", "passed"),
                    ("best", "best"),
                ],
            ),
        ]
    if data["history"]:
        history = [
            {**h, "started": h["started_at"][:16].replace("T", " ")} for h in data["history"]
        ]
        lines += [
            "",
            "History",
            table(
                history,
                [
                    ("session_id", "session"),
                    ("started", "started (UTC)"),
                    ("scenario_id", "scenario"),
                    ("mode", "mode"),
                    ("status", "status"),
                    ("overall", "overall"),
                    ("passed", "passed"),
                    ("findings", "findings"),
                    ("reviews", "reviews"),
                ],
            ),
        ]
    return "\n".join(lines) + "\n"


def _review_line(review: dict[str, Any]) -> str:
    from simulator.store.render import cell, one_line

    parts = [f"{one_line(review['reviewer'])} ({review['created_at'][:10]})"]
    if review.get("dimension") and review.get("score") is not None:
        parts.append(f"{review['dimension']} {cell(review['score'])}")
    if review.get("comment"):
        parts.append(f'"{one_line(review["comment"])}"')
    return ": ".join(parts)


def _text_session(data: dict[str, Any]) -> str:
    from simulator.store.render import cell, one_line, table

    s = data["session"]
    lines = [
        f"Session {s['id']} · {one_line(s['trainee'])} · {one_line(s['scenario_id'])} "
        f"({one_line(s['scenario_title'])})",
        f"status {s['status']} · mode {one_line(s['mode'])} · started {s['started_at']} · "
        f"ended {cell(s['ended_at'])} · outcome {cell(s['outcome'])} · passed {cell(s['passed'])}",
    ]
    if data["scenario_changed"]:
        lines.append(
            "! The scenario changed since this session was played "
            f"(played {s['scenario_hash'][:12]}); its turns follow the old version."
        )
    score_rows = [
        {
            "dimension": dim,
            "machine": entry["machine"],
            "reviews": "; ".join(
                f"{cell(r['score'])} by {one_line(r['reviewer'])} ({r['created_at'][:10]})"
                for r in entry["reviews"]
            )
            or None,
        }
        for dim, entry in data["scores"].items()
    ]
    lines += [
        "",
        table(score_rows, [("dimension", "score"), ("machine", "machine"), ("reviews", "manager")]),
    ]
    if data["reviews"]:
        lines += ["", "Reviews", *(f"  ✎ {_review_line(r)}" for r in data["reviews"])]
    lines += ["", "Transcript"]
    for t in data["turns"]:
        node = f"[{one_line(t['node'])}] " if t["node"] else ""
        lines.append(f"{t['turn']:>4}  {t['speaker']:<11} {node}{one_line(t['text'])}")
        indent = " " * 8
        for f in t["findings"]:
            lines.append(
                f"{indent}! {one_line(f['rule'])} {one_line(f['severity'])} "
                f'{one_line(f["category"])}: "{one_line(f["evidence"])}" {one_line(f["message"])}'
            )
            if f["tip"]:
                lines.append(f"{indent}  tip: {one_line(f['tip'])}")
        for m in t["markers"]:
            sign = "+" if m["polarity"] == "positive" else "-"
            lines.append(f'{indent}{sign} {one_line(m["marker"])}: "{one_line(m["evidence"])}"')
        lines.extend(f"{indent}✎ {_review_line(r)}" for r in t["reviews"])
    if s["notes"]:
        lines += ["", "Notes", one_line(s["notes"])]
    return "\n".join(lines) + "\n"
