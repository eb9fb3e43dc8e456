#!/usr/bin/env python3
"""SQLite's CPU per usage record inserted, with the usage_records indexes before and after V9.

    taskset -c 1 python3 bench/store/usage_insert.py [RECORDS]     (default 500000)

Builds the table from the repository's V5 migration in a scratch WAL database, then inserts
time-ordered records in transactions of 500 (the drainer's batch) with INSERT OR IGNORE, and prints
the process CPU per record. Python's own per-row cost is in both figures alike.
"""
import os
import random
import sqlite3
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
V5 = open(os.path.join(ROOT, "src/main/resources/db/migration/V5__usage.sql")).read()
V9_DROPS = ["usage_records_key", "usage_records_team", "usage_records_user"]
BATCH = 500


def records(count):
    start = 1_765_100_000_000
    for n in range(count):
        ms = start + n // 8
        rid = "%08x-%04x-7%03x-%04x-%012x" % (
            ms >> 16, ms & 0xFFFF, n % 4096, random.getrandbits(16), random.getrandbits(48))
        yield (rid, "req-%d" % n, ms, "2026-12-07", "k-8f3a2b1c", "bench", None, None, "bench",
               "nginx/bench-upstream", "openai", "chat", 0, 12, 14, 0, 0, None, 1, 0, 200, None,
               None, 0, 0)


def run(label, drops, count):
    rows = list(records(count))
    with tempfile.TemporaryDirectory() as scratch:
        db = sqlite3.connect(os.path.join(scratch, "usage.db"), isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(V5)
        for index in drops:
            db.execute("DROP INDEX " + index)
        insert = "INSERT OR IGNORE INTO usage_records VALUES (%s)" % ",".join("?" * 25)
        cpu = time.process_time()
        for at in range(0, count, BATCH):
            db.execute("BEGIN")
            db.executemany(insert, rows[at:at + BATCH])
            db.execute("COMMIT")
        cpu = time.process_time() - cpu
        db.close()
    print("%-28s %.2f µs CPU per record" % (label, cpu / count * 1e6))


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    for _ in range(2):
        run("indexes of V5 (before V9)", [], count)
        run("indexes since V9", V9_DROPS, count)
