#!/usr/bin/env bash
# A new trainee's whole journey in a real terminal: start the app under tmux at 100x30,
# enter a name, open a scenario, play a call (a guided choice and typed lines), and read
# the scorecard off the screen with capture-pane. Exits non-zero with the last screen if
# anything a person should see is missing.
#
#   tests/e2e/app_journey.sh            (uses .venv/bin/python, or $PYTHON)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
WORK="$(mktemp -d)"
SOCKET="collector-e2e-$$"
SESSION="journey"
TIMEOUT="${E2E_TIMEOUT:-20}"

cleanup() {
    tmux -L "$SOCKET" kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

screen() { tmux -L "$SOCKET" capture-pane -p -t "$SESSION"; }

fail() {
    echo "FAIL: $1" >&2
    echo "---- screen ----" >&2
    screen >&2 || true
    exit 1
}

# Wait until the screen shows the text (fixed string), or fail.
expect() {
    local deadline=$((SECONDS + TIMEOUT))
    until screen | grep -qF -- "$1"; do
        ((SECONDS < deadline)) || fail "never saw: $1"
        sleep 0.2
    done
}

keys() { tmux -L "$SOCKET" send-keys -t "$SESSION" "$@"; }
say() { keys -l "$1"; keys Enter; }

tmux -L "$SOCKET" new-session -d -s "$SESSION" -x 100 -y 30 \
    "cd '$ROOT' && XDG_CONFIG_HOME='$WORK/config' TERM=xterm-256color '$PY' -m simulator \
     --db '$WORK/results.db' --scenarios '$ROOT/tests/fixtures/scenarios'; \
     echo APP-EXITED-\$?; sleep 30"

expect "Welcome to collector-sim"
expect "Your name"
keys -l "Ana E2E"
keys Enter
expect "Mini test scenario"
expect "Tries"
keys Enter
expect "Account file"
expect "Sam Doe"
keys Enter
expect "PRACTICE"
expect "Hello?"
expect "Hi, this is Alex from Test Bank."   # the guided choices are listed
expect "12 Pick"                            # the input has focus: digits pick
keys 1
expect "Who's asking?"
keys -l "Am I speaking with Sam Doe? 1 2"   # typed in one burst: the digits are text
expect "Sam Doe? 1 2"
keys BSpace BSpace BSpace BSpace Enter
expect "Yes, this is Sam."
say "That sounds stressful. Why was the payment missed?"
expect "My hours got cut."
say "Could you manage 60 dollars a month?"
expect "Okay, 60 a month it is."
expect "The call has ended: Payment plan"
keys Enter
expect "Overall"
expect "Outcome Payment plan"
for dimension in Compliance Empathy Outcome; do expect "$dimension"; done
screen | grep -qE "PASSED|NOT PASSED" || fail "no pass or fail verdict"
expect "Findings & markers"
keys t
expect "Could you manage 60 dollars a month?"   # the transcript tab
keys Escape
expect "Tries"
keys C-q
expect "APP-EXITED-0"

"$PY" - "$WORK/results.db" <<'PY'
import sys
from simulator.store import ResultsStore

with ResultsStore.open(sys.argv[1]) as store:
    [row] = store.report_trainee("Ana E2E")["history"]
assert row["status"] == "completed", row
assert row["outcome"] == "payment_plan", row
PY
echo "e2e journey: ok"
