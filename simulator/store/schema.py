"""The results schema as numbered migrations, applied once each and recorded in the database.

Tables are written as SQL so that CHECK constraints guard every writer, Datasette included.
Add a change as a new numbered function at the end; never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("collector-sim")

STATUSES = ("in_progress", "completed", "abandoned")
# Scored dimension -> its column in sessions (the machine's score).
SCORE_COLUMNS = {
    "compliance": "score_compliance",
    "empathy": "score_empathy",
    "outcome": "score_outcome",
    "overall": "overall",
}
DIMENSIONS = tuple(SCORE_COLUMNS)


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE store_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        INSERT INTO store_meta (key, value) VALUES ('instance_id', lower(hex(randomblob(16))));

        CREATE TABLE trainees (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );

        CREATE TABLE scenarios (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            version TEXT,
            content_hash TEXT NOT NULL,
            locale TEXT,
            persona TEXT,
            stage TEXT,
            difficulty INTEGER,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            scenario_id TEXT NOT NULL REFERENCES scenarios(id),
            scenario_hash TEXT NOT NULL,
            seed INTEGER NOT NULL,
            mode TEXT NOT NULL,
            rubric_version TEXT,
            app_version TEXT,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN {_in(STATUSES)}),
            outcome TEXT,
            score_compliance REAL,
            score_empathy REAL,
            score_outcome REAL,
            overall REAL,
            passed INTEGER CHECK (passed IN (0, 1)),
            turn_count INTEGER NOT NULL DEFAULT 0,
            notes TEXT,
            snapshot TEXT,
            scorecard TEXT
        );

        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            idx INTEGER NOT NULL CHECK (idx >= 0),
            speaker TEXT NOT NULL CHECK (speaker IN ('agent', 'debtor', 'third_party')),
            text TEXT NOT NULL,
            node TEXT,
            line_id TEXT,
            branch TEXT,
            intents TEXT NOT NULL DEFAULT '[]',
            state_changes TEXT NOT NULL DEFAULT '{{}}',
            at TEXT NOT NULL,
            UNIQUE (session_id, idx)
        );

        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            turn_id INTEGER REFERENCES turns(id),
            category TEXT NOT NULL,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL DEFAULT '',
            tip TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE empathy_markers (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            turn_id INTEGER REFERENCES turns(id),
            marker TEXT NOT NULL,
            polarity TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            turn_id INTEGER REFERENCES turns(id),
            reviewer TEXT NOT NULL CHECK (length(trim(reviewer)) > 0),
            dimension TEXT CHECK (dimension IS NULL OR dimension IN {_in(DIMENSIONS)}),
            score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
            comment TEXT,
            created_at TEXT NOT NULL,
            CHECK (score IS NULL OR dimension IS NOT NULL),
            CHECK (score IS NOT NULL OR comment IS NOT NULL)
        );

        -- Totals per day, month, quarter, year and all time (see rollups.py): what the
        -- dashboards read, so a report never aggregates raw sessions or turns.
        CREATE TABLE rollup_sessions (
            dim TEXT NOT NULL CHECK (dim IN ('trainee', 'scenario')),
            key TEXT NOT NULL,
            grain TEXT NOT NULL CHECK (grain IN ('day', 'month', 'quarter', 'year', 'all')),
            period TEXT NOT NULL,
            sessions INTEGER NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            passed INTEGER NOT NULL DEFAULT 0,
            abandoned INTEGER NOT NULL DEFAULT 0,
            sum_compliance REAL NOT NULL DEFAULT 0,
            n_compliance INTEGER NOT NULL DEFAULT 0,
            sum_empathy REAL NOT NULL DEFAULT 0,
            n_empathy INTEGER NOT NULL DEFAULT 0,
            sum_outcome REAL NOT NULL DEFAULT 0,
            n_outcome INTEGER NOT NULL DEFAULT 0,
            sum_overall REAL NOT NULL DEFAULT 0,
            n_overall INTEGER NOT NULL DEFAULT 0,
            best REAL,
            last_started TEXT,
            PRIMARY KEY (dim, grain, period, key)
        ) WITHOUT ROWID;

        CREATE TABLE rollup_findings (
            dim TEXT NOT NULL CHECK (dim IN ('trainee', 'scenario')),
            key TEXT NOT NULL,
            grain TEXT NOT NULL CHECK (grain IN ('day', 'month', 'quarter', 'year', 'all')),
            period TEXT NOT NULL,
            rule TEXT NOT NULL,
            category TEXT NOT NULL,
            severity TEXT NOT NULL,
            count INTEGER NOT NULL,
            sessions INTEGER NOT NULL,
            PRIMARY KEY (dim, grain, period, key, rule, category, severity)
        ) WITHOUT ROWID;

        CREATE TABLE rollup_branches (
            scenario_id TEXT NOT NULL REFERENCES scenarios(id),
            grain TEXT NOT NULL CHECK (grain IN ('day', 'month', 'quarter', 'year', 'all')),
            period TEXT NOT NULL,
            node TEXT NOT NULL,
            branch TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (grain, period, scenario_id, node, branch)
        ) WITHOUT ROWID;

        CREATE INDEX sessions_by_trainee ON sessions (trainee_id, status, started_at, overall);
        CREATE INDEX sessions_by_scenario ON sessions (scenario_id, started_at);
        CREATE INDEX sessions_by_start ON sessions (started_at);
        CREATE INDEX sessions_open ON sessions (updated_at) WHERE status = 'in_progress';
        CREATE INDEX rollup_branches_by_scenario ON rollup_branches (scenario_id, grain);
        CREATE INDEX findings_by_session ON findings (session_id);
        CREATE INDEX findings_by_turn ON findings (turn_id);
        CREATE INDEX markers_by_session ON empathy_markers (session_id);
        CREATE INDEX markers_by_turn ON empathy_markers (turn_id);
        CREATE INDEX reviews_by_session ON reviews (session_id);
        CREATE INDEX reviews_by_turn ON reviews (turn_id);
        """
    )
