#!/usr/bin/env bash
# The fault experiments of docs/reliability.md, at their full scale, on PostgreSQL:
# a worker killed five times during 300 checks, Redis restarted empty (with production's
# sweep thresholds), PostgreSQL unreachable for 30 s. Each writes its numbers to
# var/faults/<name>.json (FAULTS_REPORT_DIR moves them) and prints a "FAULT" line.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck bash bench/faults/run.sh
#
# It starts its own Redis servers, workers, beat, desk server and TCP proxy, and never
# touches the Redis or PostgreSQL it is given beyond a test database. About 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL server (the database outage needs one)}"
PY=.venv/bin/python
run() { $PY -m factcheck.runner test -- $PY -m pytest -p no:cacheprovider -q -s "$@"; }

# 60 claims x 5 claim checks (4 built in + a 2-second test check) = 300 checks.
FAULTS_CLAIMS=60 FAULTS_KILLS=5 run tests/faults/test_worker_killed.py
FAULTS_CLAIMS=60 FAULTS_QUEUED_AFTER=120 FAULTS_SWEEP_INTERVAL=60 run tests/faults/test_redis_restart.py
FAULTS_CLAIMS=60 FAULTS_OUTAGE_SECONDS=30 run tests/faults/test_database_outage.py
