#!/usr/bin/env bash
# Run ADL's LRS conformance suite (xAPI 1.0.3) against this project's LRS, by hand.
#
# Not part of `make test` or CI: it needs GitHub, the npm registry, Node and a local
# PostgreSQL server where the current user may create databases. It clones the suite at a
# pinned commit into a temporary directory (nothing of the suite lands in this repository),
# installs it, migrates a scratch database, creates an LRS client, serves the project with
# gunicorn on 127.0.0.1 and runs mocha on every file of test/v1_0_3. Everything it created
# is removed on exit; the report is kept in the file given by ADL_REPORT.
#
# Usage: scripts/adl_conformance.sh            (from the repository root, .venv installed)
# Variables: ADL_SUITE_REPO, ADL_SUITE_COMMIT, ADL_PORT (8765), ADL_PGURL (postgres admin
# URL without a database name, default postgres://postgres@127.0.0.1:5432), ADL_REPORT
# (default $TMPDIR/adl-conformance-<date>.txt).
set -euo pipefail

SUITE_REPO=${ADL_SUITE_REPO:-https://github.com/adlnet/lrs-conformance-test-suite.git}
# The commit of the suite's package.json 1.2.3 (the copy the 2026-11-26 figures in
# lrs/README.md were measured with).
SUITE_COMMIT=${ADL_SUITE_COMMIT:-fde47447be16c7fdb21b7b627999431d4633d78d}
PORT=${ADL_PORT:-8765}
PGURL=${ADL_PGURL:-postgres://postgres@127.0.0.1:5432}
REPORT=$(realpath -m "${ADL_REPORT:-${TMPDIR:-/tmp}/adl-conformance-$(date -u +%Y%m%d-%H%M%S).txt}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=adl_conformance_$$
WORK=$(mktemp -d)
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "suite: $SUITE_REPO @ $SUITE_COMMIT"
git clone --quiet "$SUITE_REPO" "$WORK/suite"
git -C "$WORK/suite" checkout --quiet "$SUITE_COMMIT"
(cd "$WORK/suite" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
# One test file requires '../multipartparser' in lower case; make that resolve on
# case-sensitive file systems too.
if [ ! -e "$WORK/suite/test/multipartparser.js" ]; then
    ln -s multipartParser.js "$WORK/suite/test/multipartparser.js"
fi

export DATABASE_URL="$PGURL/$DB"
export DEBUG=true SECRET_KEY=adl-conformance-scratch ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=false BEHIND_TLS_PROXY=false LOG_LEVEL=WARNING
psql "$PGURL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
cd "$ROOT"
.venv/bin/python manage.py migrate --verbosity 0
CLIENT=$(.venv/bin/python manage.py lrs_client create adl-conformance --scope all)
KEY=$(printf '%s\n' "$CLIENT" | sed -n 's/^key: //p')
SECRET=$(printf '%s\n' "$CLIENT" | sed -n 's/^secret: //p')

.venv/bin/gunicorn lms.wsgi:application -b "127.0.0.1:$PORT" -w 2 --timeout 60 \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$PORT/xapi/about" >/dev/null 2>&1; then
        break
    fi
    sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/xapi/about" >/dev/null

status=0
(
    cd "$WORK/suite"
    LRS_ENDPOINT="http://127.0.0.1:$PORT/xapi" DIRECTORY=v1_0_3 BASIC_AUTH_ENABLED=true \
        BASIC_AUTH_USER="$KEY" BASIC_AUTH_PASSWORD="$SECRET" \
        node node_modules/mocha/bin/_mocha -C -t 30000 -R spec test/v1_0_3/*.js
) >"$REPORT" 2>&1 || status=$?
grep -E '^ +[0-9]+ (passing|failing|pending)' "$REPORT" || true
echo "report: $REPORT (mocha exit status $status)"
exit "$status"
