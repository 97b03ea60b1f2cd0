"""Build a large, realistic results database through the public store API.

    python benchmarks/store_generate.py --out /tmp/results.db            # 100k sessions, 3M turns
    python benchmarks/store_generate.py --sessions 5000 --out /tmp/small.db   # scaled down

Deterministic for a given --seed: the same arguments build the same rows.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from simulator.store import ResultsStore, TurnRecord
from simulator.vocabulary import (
    COMPLIANCE_CATEGORIES,
    EMPATHY_NEGATIVE,
    EMPATHY_POSITIVE,
    KNOWN_PERSONAS,
    OUTCOMES,
    STAGES,
)

EPOCH = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
DAYS = 365
SCENARIOS = 40
NODES = 14
BRANCHES = 3
EN_NAMES = ("Alex", "Jordan", "Sam", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Drew", "Avery")
ZH_NAMES = ("王芳", "李伟", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄勇", "周杰", "吴婷")
RULE_NUMBER = {category: i + 1 for i, category in enumerate(COMPLIANCE_CATEGORIES)}
BATCH = 500


def trainee_names(count: int) -> list[str]:
    pool = EN_NAMES + ZH_NAMES
    return [f"{pool[i % len(pool)]} {i // len(pool) + 1:03d}" for i in range(count)]


def register_scenarios(store: ResultsStore) -> list[tuple[str, str]]:
    scenarios = []
    for i in range(SCENARIOS):
        locale = "en-US" if i % 2 == 0 else "zh-CN"
        persona = KNOWN_PERSONAS[i % len(KNOWN_PERSONAS)]
        scenario_id = f"gen-{locale.lower()}-{persona}-{i:02d}"
        content_hash = f"{i:064x}"
        store.upsert_scenario(
            id=scenario_id,
            title=f"Generated {persona} call {i}"
            if locale == "en-US"
            else f"生成的{persona}通话 {i}",
            version="1",
            content_hash=content_hash,
            locale=locale,
            persona=persona,
            stage=STAGES[i % len(STAGES)],
            difficulty=1 + i % 5,
        )
        scenarios.append((scenario_id, content_hash))
    return scenarios


def session_turns(rng: random.Random, start: datetime, count: int) -> list[TurnRecord]:
    turns = []
    for index in range(count):
        agent = index % 2 == 0
        node = f"n{min(index // 2, NODES - 1):02d}"
        choice = min(int(rng.expovariate(1.2)), BRANCHES - 1)
        turns.append(
            TurnRecord(
                index=index,
                speaker="agent" if agent else "debtor",
                text=(
                    "I understand this is hard; can we plan a payment together?"
                    if agent
                    else "I lost my job last month, I can pay maybe fifty a month."
                ),
                node=node,
                line_id=None if agent else f"{node}.line{choice}",
                intents=[{"intent": "ask_capacity", "score": 0.9, "evidence": "plan"}]
                if agent
                else [],
                state_changes={"trust": [40, 45]} if agent else {},
                at=(start + timedelta(seconds=20 * index)).isoformat(timespec="milliseconds"),
                branch=f"{node}:{choice}" if agent else None,
            )
        )
    return turns


def scorecard(rng: random.Random, turns: int, pack: str) -> dict:
    findings = []
    for _ in range(min(int(rng.expovariate(0.5)), 6)):
        category = COMPLIANCE_CATEGORIES[
            min(int(rng.expovariate(0.25)), len(COMPLIANCE_CATEGORIES) - 1)
        ]
        findings.append(
            {
                "turn": 1 + 2 * rng.randrange(turns // 2),
                "category": category,
                "rule": f"{pack}{RULE_NUMBER[category]}",
                "severity": "critical" if category.startswith("threat") else "high",
                "evidence": "we will take stricter measures",
                "message": "Threatened an action that was not intended.",
                "tip": "State lawful, factual next steps only.",
                "source": "15 USC 1692e(5)",
            }
        )
    markers = [
        {
            "turn": 1 + 2 * rng.randrange(turns // 2),
            "marker": rng.choice(EMPATHY_POSITIVE + EMPATHY_NEGATIVE),
            "polarity": "positive" if rng.random() < 0.8 else "negative",
            "evidence": "that sounds stressful",
        }
        for _ in range(rng.randrange(4))
    ]
    scores = {
        "compliance": round(max(0.0, 100 - 18 * len(findings) - rng.random() * 10), 1),
        "empathy": round(rng.uniform(35, 100), 1),
        "outcome": round(rng.uniform(20, 100), 1),
    }
    scores["overall"] = round(
        0.4 * scores["compliance"] + 0.3 * scores["empathy"] + 0.3 * scores["outcome"], 1
    )
    return {
        "findings": findings,
        "empathy": {"score": scores["empathy"], "markers": markers},
        "scores": scores,
        "passed": scores["overall"] >= 80
        and not any(f["severity"] == "critical" for f in findings),
        "rubric_version": "default-1",
    }


def generate(path: Path, sessions: int, turns: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    store = ResultsStore.open(path)
    try:
        names = trainee_names(max(8, sessions // 250))
        scenarios = register_scenarios(store)
        for first in range(0, sessions, BATCH):
            with store.batch():
                for _ in range(min(BATCH, sessions - first)):
                    start = EPOCH + timedelta(seconds=rng.randrange(DAYS * 86400))
                    scenario_id, content_hash = rng.choice(scenarios)
                    session_id = store.begin_session(
                        trainee=rng.choice(names),
                        scenario_id=scenario_id,
                        scenario_hash=content_hash,
                        seed=rng.randrange(1 << 31),
                        mode=rng.choice(("practice", "test")),
                        rubric_version="default-1",
                        app_version="bench",
                        started_at=start.isoformat(timespec="milliseconds"),
                    )
                    store.record_turns(
                        session_id, session_turns(rng, start, turns), {"node": "n13"}
                    )
                    roll = rng.random()
                    if roll < 0.02:
                        continue
                    end = (start + timedelta(seconds=20 * turns)).isoformat(timespec="milliseconds")
                    if roll < 0.06:
                        store.finish_session(
                            session_id,
                            status="abandoned",
                            outcome=None,
                            scorecard=None,
                            ended_at=end,
                        )
                    else:
                        store.finish_session(
                            session_id,
                            status="completed",
                            outcome=rng.choice(OUTCOMES),
                            scorecard=scorecard(
                                rng, turns, "US" if "-en-" in scenario_id else "CN"
                            ),
                            ended_at=end,
                        )
            print(
                f"\r{min(first + BATCH, sessions):>7}/{sessions} sessions", end="", file=sys.stderr
            )
        print(file=sys.stderr)
        return {
            table: store.db.table(table).count
            for table in (
                "trainees",
                "scenarios",
                "sessions",
                "turns",
                "findings",
                "empathy_markers",
            )
        }
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--turns", type=int, default=30, help="turns per session")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/.data/results-bench.db"))
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    if args.out.exists():
        if not args.force:
            parser.error(f"{args.out} exists; pass --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.out}{suffix}").unlink(missing_ok=True)
    began = time.perf_counter()
    counts = generate(args.out, args.sessions, args.turns, args.seed)
    print(
        f"built {args.out} in {time.perf_counter() - began:.1f} s: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
