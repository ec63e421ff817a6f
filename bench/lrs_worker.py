"""The measurements of bench_lrs, run in a subprocess whose DATABASE_URL is a scratch database.

1. batch ingest: POSTs of 100 statements through gunicorn (2 workers, keep-alive clients in
   4 threads), beside psycopg executemany of the same statements into a bare JSONB table;
   and, as further references, the very rows the LRS stored inserted into copies of its
   tables with the same indexes, by executemany and by COPY (the cost of the storage alone,
   whose ratio to the bare insert caps the LRS's own);
2. single-statement POSTs, beside one INSERT + COMMIT per statement;
3. the corpus is completed to 100k statements through `statements_store` (no HTTP);
4. filtered GETs (agent+verb, activity+since) p50/p95 over HTTP, beside the same filters
   on the bare JSONB table; and EXPLAIN of the LRS queries (no sequential scan allowed).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = int(os.environ.get("BENCH_LRS_STATEMENTS", "100000"))
BATCH = 100
BATCHES = int(os.environ.get("BENCH_LRS_BATCHES", "200"))
SINGLES = int(os.environ.get("BENCH_LRS_SINGLES", "1000"))
GETS = int(os.environ.get("BENCH_LRS_GETS", "200"))
THREADS = int(os.environ.get("BENCH_LRS_CLIENTS", "4"))
WORKERS = int(os.environ.get("BENCH_LRS_GUNICORN_WORKERS", "2"))
AGENTS, ACTIVITIES = 1000, 200
HOME = "https://formation.example.org"
VERBS = [
    "http://adlnet.gov/expapi/verbs/answered",
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/experienced",
    "http://adlnet.gov/expapi/verbs/attempted",
    "http://adlnet.gov/expapi/verbs/passed",
]


def statement(rng: random.Random, moment: datetime) -> dict[str, Any]:
    """A typical H5P 'answered' statement (choice interaction, score, context)."""
    person, question = rng.randrange(AGENTS), rng.randrange(ACTIVITIES)
    verb = rng.choice(VERBS)
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "actor": {
            "objectType": "Agent",
            "name": f"Apprenant {person}",
            "account": {"homePage": HOME, "name": f"user-{person}"},
        },
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[1]}},
        "object": {
            "objectType": "Activity",
            "id": f"{HOME}/xapi/activities/h5p/{question}",
            "definition": {
                "name": {"fr-FR": f"Question {question}"},
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "interactionType": "choice",
                "correctResponsesPattern": ["1"],
                "choices": [
                    {"id": str(k), "description": {"fr-FR": f"Choix {k}"}} for k in range(4)
                ],
            },
        },
        "result": {
            "score": {"scaled": 0.75, "raw": 3, "min": 0, "max": 4},
            "success": True,
            "completion": True,
            "response": "1",
            "duration": "PT12.5S",
        },
        "context": {
            "registration": str(uuid.UUID(int=person * 7919 + 1, version=4)),
            "contextActivities": {
                "parent": [{"id": f"{HOME}/xapi/activities/path/{question % 20}"}],
                "category": [{"id": "http://h5p.org/libraries/H5P.MultiChoice-1.16"}],
            },
            "platform": "BNM Formation",
            "language": "fr-FR",
            "extensions": {"http://id.tincanapi.com/extension/attempt-id": rng.randrange(9)},
        },
        "timestamp": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }


def statements(count: int, seed: int) -> list[dict[str, Any]]:
    """`count` statements, reproducible."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    return [statement(rng, start + timedelta(seconds=i)) for i in range(count)]


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2]
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50 * 1000, p95 * 1000


def line(label: str, ours: str, raw: str, ratio: str) -> None:
    """One row of the report."""
    print(f"{label:<34} {ours:<34} | raw: {raw:<30} | {ratio}", flush=True)


# --------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _signing_key() -> str:
    """A throwaway Ed25519 key: other apps refuse to start in production mode without one."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def server_env(*, debug: bool = False) -> dict[str, str]:
    """This process's environment with the settings of a production web process on 127.0.0.1."""
    env = dict(os.environ)
    env.update(
        DEBUG="1" if debug else "0",
        SECRET_KEY="bench-" + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        BEHIND_TLS_PROXY="0",
        CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
        CERTIFICATES_SIGNING_KEY=env.get("CERTIFICATES_SIGNING_KEY") or _signing_key(),
    )
    return env


def _gunicorn(port: int, *, debug: bool) -> subprocess.Popen | None:
    """Start gunicorn and wait until it answers; None if it does not boot."""
    import httpx

    env = server_env(debug=debug)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "critical",
            "--keep-alive",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/xapi/about", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    process.wait(timeout=30)
    return None


def start_gunicorn(port: int) -> subprocess.Popen:
    """gunicorn with the project on 127.0.0.1: production settings (DEBUG off) if they boot."""
    process = _gunicorn(port, debug=False)
    if process is not None:
        print(f"gunicorn: {WORKERS} sync workers, DEBUG off, persistent DB connections")
        return process
    process = _gunicorn(port, debug=True)
    if process is None:
        raise RuntimeError("gunicorn did not start")
    print(f"gunicorn: {WORKERS} sync workers, DEBUG on (production settings did not boot)")
    return process


class Http:
    """One keep-alive connection per thread to the LRS."""

    def __init__(self, base: str, authorization: str) -> None:
        import httpx

        self.base = base
        self.headers = {"Authorization": authorization, "X-Experience-API-Version": "1.0.3"}
        self.local = threading.local()
        self.httpx = httpx

    def client(self) -> Any:
        if not hasattr(self.local, "client"):
            self.local.client = self.httpx.Client(
                base_url=self.base, headers=self.headers, timeout=60
            )
        return self.local.client

    def post(self, body: bytes) -> float:
        started = time.perf_counter()
        response = self.client().post(
            "/xapi/statements", content=body, headers={"Content-Type": "application/json"}
        )
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"POST answered {response.status_code}: {response.text[:300]}")
        return elapsed

    def get(self, params: dict[str, str]) -> float:
        started = time.perf_counter()
        response = self.client().get("/xapi/statements", params=params)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"GET answered {response.status_code}: {response.text[:300]}")
        return elapsed


def in_threads(calls: Sequence[Callable[[], float]]) -> tuple[float, list[float]]:
    """Run the calls on THREADS threads; wall time and each call's latency."""
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        latencies = list(pool.map(lambda call: call(), calls))
    return time.perf_counter() - started, latencies


# --------------------------------------------------------------------------- raw baseline
def raw_connection() -> Any:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=db["NAME"],
    )


def raw_batches(conn: Any, batches: Sequence[Sequence[dict]]) -> float:
    """executemany of each batch into the bare JSONB table, one transaction per batch."""
    texts = [[(json.dumps(s),) for s in batch] for batch in batches]
    started = time.perf_counter()
    with conn.cursor() as cursor:
        for batch in texts:
            cursor.executemany("INSERT INTO bench_raw (data) VALUES (%s::jsonb)", batch)
            conn.commit()
    return time.perf_counter() - started


def raw_indexed_batches(conn: Any, batches: Sequence[Sequence[dict]], *, copy: bool) -> float:
    """Insert the rows the LRS stored for each batch into copies of its tables, raw.

    The copies (`CREATE TABLE ... (LIKE ... INCLUDING ALL)`) have the same columns, unique
    constraints and filter indexes as lrs_statement and lrs_statementkey, without foreign
    keys: the cost of the storage itself, with none of the LRS's own work (parsing,
    validation, conflict checks, index keys, listeners). As for the bare insert, the JSON is
    encoded before the clock starts. With `copy`, the rows go through
    COPY, as the LRS sends them, instead of `executemany`: the fastest the storage can go,
    so its ratio to the bare insert is the ceiling of the LRS's own.
    """
    from psycopg import sql

    prepared = []
    with conn.cursor() as cursor:
        cursor.execute("TRUNCATE bench_same_statement, bench_same_key")
        for batch in batches:
            ids = [item["id"] for item in batch]
            cursor.execute(
                "SELECT * FROM lrs_statement WHERE statement_id = ANY(%s::uuid[])", (ids,)
            )
            names = [column.name for column in cursor.description]
            data_at = names.index("data")
            rows = [
                tuple(json.dumps(v) if i == data_at else v for i, v in enumerate(row))
                for row in cursor.fetchall()
            ]
            seqs = [row[names.index("seq")] for row in rows]
            cursor.execute(
                "SELECT key, statement_id FROM lrs_statementkey WHERE statement_id = ANY(%s)",
                (seqs,),
            )
            prepared.append((rows, cursor.fetchall()))
    conn.commit()
    columns = sql.SQL(", ").join(map(sql.Identifier, names))
    insert = sql.SQL("INSERT INTO bench_same_statement ({}) VALUES ({})").format(
        columns, sql.SQL(", ").join(sql.Placeholder() * len(names))
    )
    copy_rows = sql.SQL("COPY bench_same_statement ({}) FROM STDIN").format(columns)
    started = time.perf_counter()
    with conn.cursor() as cursor:
        for rows, keys in prepared:
            if copy:
                with cursor.copy(copy_rows) as stream:
                    for row in rows:
                        stream.write_row(row)
                with cursor.copy("COPY bench_same_key (key, statement_id) FROM STDIN") as stream:
                    for key_row in keys:
                        stream.write_row(key_row)
            else:
                cursor.executemany(insert, rows)
                cursor.executemany(
                    "INSERT INTO bench_same_key (key, statement_id) VALUES (%s, %s)", keys
                )
            conn.commit()
    return time.perf_counter() - started


def raw_singles(conn: Any, items: Sequence[dict]) -> list[float]:
    """One INSERT and one COMMIT per statement; the latency of each."""
    latencies = []
    with conn.cursor() as cursor:
        for item in items:
            text = json.dumps(item)
            started = time.perf_counter()
            cursor.execute("INSERT INTO bench_raw (data) VALUES (%s::jsonb)", (text,))
            conn.commit()
            latencies.append(time.perf_counter() - started)
    return latencies


# --------------------------------------------------------------------------- phases
def ingest(http: Http, conn: Any) -> None:
    """Batch ingest and single POSTs over HTTP, beside the raw inserts."""
    warm = statements(10 * BATCH, seed=1)
    for start in range(0, len(warm), BATCH):
        http.post(json.dumps(warm[start : start + BATCH]).encode())
    corpus = statements(BATCHES * BATCH, seed=2)
    batches = [corpus[i : i + BATCH] for i in range(0, len(corpus), BATCH)]
    bodies = [json.dumps(batch).encode() for batch in batches]
    wall, latencies = in_threads([lambda body=body: http.post(body) for body in bodies])
    ours = len(corpus) / wall
    raw_wall = raw_batches(conn, batches)
    raw = len(corpus) / raw_wall
    p50, p95 = percentiles(latencies)
    line(
        f"batch ingest ({BATCHES}×{BATCH}, {THREADS} clients)",
        f"{ours:8.0f} st/s  (p50 {p50:.0f} ms/POST)",
        f"{raw:8.0f} st/s executemany",
        f"ratio {ours / raw:.2f} (target ≥ 0.50)",
    )
    same = len(corpus) / raw_indexed_batches(conn, batches, copy=False)
    line(
        "  same rows, raw, same indexes",
        f"{ours:8.0f} st/s",
        f"{same:8.0f} st/s executemany, indexed",
        f"ratio {ours / same:.2f}",
    )
    ceiling = len(corpus) / raw_indexed_batches(conn, batches, copy=True)
    line(
        "  same rows, COPY, same indexes",
        f"{ours:8.0f} st/s",
        f"{ceiling:8.0f} st/s COPY, indexed",
        f"ratio {ours / ceiling:.2f} (storage alone: {ceiling / raw:.2f} of bare)",
    )
    singles = statements(SINGLES, seed=4)
    bodies = [json.dumps(item).encode() for item in singles]
    wall, latencies = in_threads([lambda body=body: http.post(body) for body in bodies])
    raw_latencies = raw_singles(conn, statements(SINGLES, seed=5))
    p50, p95 = percentiles(latencies)
    r50, r95 = percentiles(raw_latencies)
    line(
        f"single POSTs ({SINGLES}, {THREADS} clients)",
        f"{SINGLES / wall:6.0f} st/s p50 {p50:.1f} p95 {p95:.1f} ms",
        f"{SINGLES / sum(raw_latencies):6.0f}/s p50 {r50:.2f} p95 {r95:.2f} ms",
        f"ratio {SINGLES / wall / (SINGLES / sum(raw_latencies)):.2f}",
    )


def fill(conn: Any) -> None:
    """Complete the corpus to CORPUS statements through statements_store (and raw)."""
    from lrs.models import Statement
    from lrs.services import statements_store

    missing = CORPUS - Statement.objects.count()
    if missing <= 0:
        return
    rest = statements(missing, seed=6)
    started = time.perf_counter()
    for start in range(0, len(rest), 500):
        statements_store(payload=rest[start : start + 500])
    ours = missing / (time.perf_counter() - started)
    raw_wall = raw_batches(conn, [rest[i : i + 500] for i in range(0, len(rest), 500)])
    line(
        f"fill to {CORPUS} (service, no HTTP)",
        f"{ours:8.0f} st/s (batches of 500)",
        f"{missing / raw_wall:8.0f} st/s executemany",
        f"ratio {ours / (missing / raw_wall):.2f}",
    )
    with conn.cursor() as cursor:
        cursor.execute("ANALYZE")
    conn.commit()


def reads(http: Http, conn: Any) -> None:
    """Filtered GETs over HTTP beside the same filters on the bare JSONB table."""
    from lrs.models import Statement

    rng = random.Random(7)
    total = Statement.objects.count()
    middle = Statement.objects.order_by("seq").values_list("stored_at", flat=True)[total // 2]
    since = middle.isoformat().replace("+00:00", "Z")
    cases = {
        "GET agent+verb": [
            (
                {
                    "agent": json.dumps({"account": {"homePage": HOME, "name": f"user-{p}"}}),
                    "verb": v,
                },
                (
                    "SELECT data FROM bench_raw WHERE data->'actor'->'account'->>'name' = %s "
                    "AND data->'verb'->>'id' = %s LIMIT 500",
                    (f"user-{p}", v),
                ),
            )
            for p, v in ((rng.randrange(AGENTS), rng.choice(VERBS)) for _ in range(GETS))
        ],
        "GET activity+since": [
            (
                {"activity": f"{HOME}/xapi/activities/h5p/{a}", "since": since},
                (
                    "SELECT data FROM bench_raw WHERE data->'object'->>'id' = %s "
                    "AND data->>'timestamp' > %s LIMIT 500",
                    (f"{HOME}/xapi/activities/h5p/{a}", "2025-01-07"),
                ),
            )
            for a in (rng.randrange(ACTIVITIES) for _ in range(GETS))
        ],
    }
    for label, items in cases.items():
        for params, _raw in items[:5]:
            http.get(params)
        latencies = [http.get(params) for params, _raw in items]
        raw_latencies = []
        with conn.cursor() as cursor:
            for _params, (sql, args) in items[: max(20, GETS // 10)]:
                started = time.perf_counter()
                cursor.execute(sql, args)
                cursor.fetchall()
                raw_latencies.append(time.perf_counter() - started)
        p50, p95 = percentiles(latencies)
        r50, r95 = percentiles(raw_latencies)
        verdict = "OK" if p95 < 50 else "over target"
        line(
            f"{label} ({total // 1000}k, HTTP)",
            f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms",
            f"p50 {r50:6.1f} ms  p95 {r95:6.1f} ms (bare, no index)",
            f"p95 target < 50 ms: {verdict}",
        )


def plans() -> None:
    """EXPLAIN every filter query of the LRS: no sequential scan of statements or keys."""
    from lrs.models import Statement
    from lrs.queries import (
        Position,
        StatementQuery,
        current_snapshot,
        direct_matches,
        referring_matches,
    )

    agent = f"account:{HOME}|user-1"
    since = Statement.objects.order_by("-seq").values_list("stored_at", flat=True).first()
    queries = {
        "agent+verb": StatementQuery(agent_ifi=agent, verb=VERBS[0]),
        "activity+since": StatementQuery(
            activity=f"{HOME}/xapi/activities/h5p/3", since=since - timedelta(minutes=1)
        ),
        "related_activities": StatementQuery(
            activity=f"{HOME}/xapi/activities/path/3", related_activities=True
        ),
        "related_agents": StatementQuery(agent_ifi=agent, related_agents=True),
        "registration": StatementQuery(registration=str(uuid.UUID(int=8 * 7919 + 1, version=4))),
        "verb only": StatementQuery(verb=VERBS[1]),
        "no filter": StatementQuery(),
    }
    position = Position(snapshot_seq=current_snapshot())
    bad = []
    for label, query in queries.items():
        querysets = [("direct", direct_matches(query, position)[:501])]
        if label != "no filter":
            querysets += [
                (f"referring level {level}", referring_matches(query, position, level)[:501])
                for level in (1, 2)
            ]
        for kind, queryset in querysets:
            plan = queryset.explain()
            if "Seq Scan on lrs_statement" in plan:  # lrs_statement and lrs_statementkey
                bad.append(f"{label} ({kind}):\n{plan}")
    count = 3 * len(queries) - 2
    print(
        "EXPLAIN: "
        + (
            f"no sequential scan of lrs_statement / lrs_statementkey in {count} filter queries"
            if not bad
            else "\n".join(bad)
        )
    )


def main() -> None:
    """Set up the database, start gunicorn, run the phases."""
    import django

    django.setup()
    from lms.runtime import tune_collector

    tune_collector()  # as in the web and worker processes (the fill phase runs here)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from lrs.services import lrs_client_create

    issued = lrs_client_create(name="bench", scopes=["all"])
    authorization = (
        "Basic " + base64.b64encode(f"{issued.client.key}:{issued.secret}".encode()).decode()
    )
    conn = raw_connection()
    with conn.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw (data jsonb)")
        cursor.execute("CREATE TABLE bench_same_statement (LIKE lrs_statement INCLUDING ALL)")
        cursor.execute("CREATE TABLE bench_same_key (LIKE lrs_statementkey INCLUDING ALL)")
    conn.commit()
    port = free_port()
    server = start_gunicorn(port)
    try:
        http = Http(f"http://127.0.0.1:{port}", authorization)
        ingest(http, conn)
        fill(conn)
        reads(http, conn)
        plans()
    finally:
        server.terminate()
        server.wait(timeout=30)
        conn.close()


if __name__ == "__main__":
    main()
