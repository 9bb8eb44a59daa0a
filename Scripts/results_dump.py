#!/usr/bin/env python3
"""Prints every stored result of a wfo database as text, without row ids and wall-clock
times, so that two runs of the same study can be compared number for number with diff:

    python3 Scripts/results_dump.py before.sqlite > before.txt
    python3 Scripts/results_dump.py after.sqlite > after.txt && diff before.txt after.txt

Floats print with repr (shortest exact round-trip), so equal text means equal bits.
The queries are in Scripts/results-queries.sql, shared with the tests' DatabaseDump.
"""
import pathlib
import sqlite3
import sys

QUERIES_FILE = pathlib.Path(__file__).with_name("results-queries.sql")
QUERIES = [line.rstrip(";\n") for line in QUERIES_FILE.read_text().splitlines(True)
           if line.strip() and not line.startswith("--")]


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: results_dump.py DATABASE", file=sys.stderr)
        return 2
    connection = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    for query in QUERIES:
        cursor = connection.execute(query)
        names = [column[0] for column in cursor.description]
        for row in cursor:
            print(" ".join(f"{name}={value!r}" for name, value in zip(names, row) if name != "window_id"))
        print("----")
    return 0


if __name__ == "__main__":
    sys.exit(main())
