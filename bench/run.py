"""claimtrack's performance figures, each against a floor measured in the same run.

    python bench/run.py                  # --size small: 10k statements, a few minutes
    python bench/run.py --size full      # the issue's sizes: 100k, 1M, pairing 100k x 100k
    python bench/run.py --size tiny      # seconds; what CI runs as a smoke test

It prints a table and writes bench/RESULTS.md (or --out) with the machine and the date:

- load: statements per second through `claimtrack load` (a subprocess: start-up, reading,
  validation, writing) against two floors, each into a fresh database of the same
  schema in one transaction: the per-row floor, sqlite3 `executemany` of the very rows
  that load wrote with the full-text index filled row by row by its trigger; and the
  one-pass floor, a careful hand-written load that parses the same input files, writes
  the same rows and fills the index in one INSERT ... SELECT after them; and the command
  after the load, which groups the claims the load left (claims/waiting.py). Peak memory
  (getrusage of the load process) at the largest size.
- queries: `claimtrack compare --csv` and `unanswered --csv` against a stdlib script that
  selects the same view and writes it with csv.writer (both subprocesses); how long
  until claimtrack's first row comes out, against the whole run.
- pairing: `claimtrack pair --csv` at two sizes and the growth exponent between them.
- grouping: claim grouping (`claims.grouping.group`, in a process of its own) on synthetic
  statements with syndicated copies (exact and reworded), at up to three sizes, the
  pairwise precision and recall against the copies' true claims, and the growth exponents.
- extraction: megabytes of article text per second, when claimtrack has `extract`.
- scaling: `claimtrack extract` over JSONL streams with --jobs 1, --jobs 2 and Dask
  `local` with 2 workers; efficiency per worker, Dask's overhead, projections to 32
  workers.
- dask-pairing: `claimtrack pair` in one process against `pair --dask local --jobs 2`
  (the same proposals, checked), Dask's fixed cost and its overhead.
- start-up: `claimtrack --version` and `--help` against `python -c pass`.

Corpora come from `python -m claimtrack.synth` (deterministic) and are kept in --work
between runs. Times are the best of --repeat runs. No figure is asserted: CI runs
`--size tiny` to check that the benchmark itself works.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {
    "tiny": {
        "load": 300,
        "memory": 1_000,
        "pairing": (150, 600),
        "grouping": (1_000, 3_000),
        "extract": 20,
        "scaling": (40, 1),
        "dask-pairing": 600,
        "repeat": 1,
        "startup": 3,
    },
    "small": {
        "load": 10_000,
        "memory": 100_000,
        "pairing": (2_000, 10_000),
        "grouping": (10_000, 100_000),
        "extract": 500,
        "scaling": (2_000, 2),
        "dask-pairing": 20_000,
        "repeat": 3,
        "startup": 15,
    },
    "full": {
        "load": 100_000,
        "memory": 1_000_000,
        "pairing": (10_000, 100_000),
        "grouping": (10_000, 100_000, 1_000_000),
        "extract": 2_000,
        "scaling": (8_000, 2),
        "dask-pairing": 100_000,
        "repeat": 3,
        "startup": 20,
    },
}
TABLES = ("actors", "aliases", "articles", "statements", "reply_links")

FLOOR_QUERY = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
cursor = conn.execute("SELECT * FROM " + sys.argv[2])
with open(sys.argv[3], "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\\n")
    writer.writerow([d[0] for d in cursor.description])
    writer.writerows(cursor)
"""


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    claimtrack: str
    floor: str
    figure: str
    target: str
    met: bool | None

    def cells(self) -> list[str]:
        verdict = {True: "yes", False: "NO", None: "-"}[self.met]
        return [self.measure, self.claimtrack, self.floor, self.figure, self.target, verdict]


HEADER = ["measure", "claimtrack", "floor", "figure", "target", "met"]


# ---------------------------------------------------------------- helpers


def claimtrack_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m claimtrack`."""
    script = Path(sys.executable).with_name("claimtrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "claimtrack"]


#: Runs a command and prints its wall time and peak memory. A small process of its own,
#: because a child forked from this one (which may hold a million rows) would count this
#: process's memory in its peak.
MEASURE = """
import json, resource, subprocess, sys, time
out = open(sys.argv[1], "wb") if sys.argv[1] != "-" else subprocess.DEVNULL
began = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - began
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps([done.returncode, elapsed, usage.ru_maxrss, done.stderr.decode("utf-8", "replace"), cpu]))
"""


def run_timed(args: list[str], stdout: Path | None = None) -> tuple[float, int]:
    """Run a command, its output to `stdout` (a file) or nowhere; (wall seconds, peak
    resident memory of that process in MB)."""
    elapsed, peak, _ = run_measured(args, stdout)
    return elapsed, peak


def run_measured(args: list[str], stdout: Path | None = None) -> tuple[float, int, float]:
    """run_timed, plus the CPU seconds the command and every process it started used."""
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, str(stdout) if stdout else "-", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    code, elapsed, peak, errors, cpu = json.loads(measured.stdout)
    if code != 0:
        raise SystemExit(f"failed ({code}): {' '.join(args)}\n{errors}")
    return elapsed, peak // 1024, cpu


def first_row_timed(args: list[str]) -> tuple[float, float]:
    """Run a command that prints rows into a pipe; (seconds until its first data row
    arrives, seconds until its output ends). The first data row follows the header."""
    began = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.readline()
    first = time.perf_counter() - began
    for _ in iter(lambda: process.stdout.read(1 << 16), b""):
        pass
    process.wait()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(args)}")
    return first, time.perf_counter() - began


def best(times: list[float]) -> float:
    return min(times)


def corpus(work: Path, statements: int, formats: str = "bundles,jsonl") -> Path:
    """A synthetic corpus of this size, generated once and kept in `work`."""
    from claimtrack.synth import VERSION, write_corpus

    folder = work / f"corpus-{statements}"
    manifest = folder / "manifest.json"
    wanted = formats.split(",")
    if manifest.exists():
        have = json.loads(manifest.read_text("utf-8"))
        if (
            have.get("seed") == 7
            and have.get("version") == VERSION
            and set(wanted) <= set(have.get("formats", []))
        ):
            return folder
    shutil.rmtree(folder, ignore_errors=True)
    began = time.perf_counter()
    write_corpus(folder, statements, 7, tuple(wanted))
    print(
        f"  generated {statements:,} statements in {time.perf_counter() - began:.1f} s",
        file=sys.stderr,
    )
    return folder


def load_args(folder: Path, form: str) -> list[str]:
    return [
        str(folder / p) for p in json.loads((folder / "manifest.json").read_text())["load"][form]
    ]


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def per_second(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s ({seconds:.2f} s)"


# ---------------------------------------------------------------- load


def read_inputs(paths: list[str]) -> int:
    """Parse every input file of a load as a hand-written loader must (JSON bundles, JSON
    Lines, CSV): the reading half of the one-pass floor. Returns the records read."""
    import csv

    files: list[Path] = []
    for name in paths:
        path = Path(name)
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    records = 0
    for path in files:
        if path.suffix == ".json":
            document = json.loads(path.read_text("utf-8"))
            records += len(document.get("statements", ())) + len(document.get("actors", ())) + 1
        elif path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as handle:
                records += sum(1 for line in handle if json.loads(line))
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                records += sum(1 for _ in csv.DictReader(handle))
    return records


def floor_load(
    source: Path, target: Path, way: str = "per-row", inputs: list[str] | None = None
) -> tuple[float, float]:
    """sqlite3 writing every row `source` holds into a fresh claimtrack database, in one
    transaction, with the connection settings claimtrack uses. `way`:

    - "per-row": executemany, the full-text index filled row by row by its triggers;
    - "batched": one INSERT ... SELECT from json_each per 2,000 rows, as claimtrack
      writes, the index still filled by the triggers;
    - "one-pass": what a careful hand-written load does: parse the same input files
      (`inputs`), executemany the rows without the full-text trigger, then fill the
      index in one INSERT ... SELECT after them. It checks nothing and resolves nothing:
      the rows are the ones claimtrack wrote.
    """
    from claimtrack.db import open_db

    read = sqlite3.connect(source)
    tables = {}
    for table in TABLES:
        cursor = read.execute(f"SELECT * FROM {table} ORDER BY rowid")
        tables[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    read.close()
    conn = open_db(fresh(target))
    conn.isolation_level = None
    began, cpu_began = time.perf_counter(), time.process_time()
    if inputs:
        read_inputs(inputs)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("PRAGMA defer_foreign_keys = ON")
    trigger = None
    if way == "one-pass":
        trigger = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'statements'"
            " AND sql LIKE '%AFTER INSERT%'"
        ).fetchone()
        conn.execute(f"DROP TRIGGER {trigger[0]}")
    for table, (columns, rows) in tables.items():
        names = ", ".join(columns)
        if way == "batched":
            values = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
            for start in range(0, len(rows), 2000):
                conn.execute(
                    f"INSERT INTO {table} ({names}) SELECT {values} FROM json_each(?)",
                    (json.dumps(rows[start : start + 2000], ensure_ascii=False),),
                )
        else:
            marks = ", ".join("?" * len(columns))
            conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    if trigger:
        conn.execute(
            "INSERT INTO statements_fts (rowid, quote, summary)"
            " SELECT rowid, quote, summary FROM statements"
        )
        conn.execute(trigger[1])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    conn.close()
    return elapsed, cpu


def bench_load(work: Path, size: dict, rows: list[Row]) -> Path:
    """Load timings at size["load"], against both floors measured in the same run;
    returns the loaded database for the query benchmark."""
    n = size["load"]
    print(f"load: {n:,} statements", file=sys.stderr)
    folder = corpus(work, n)
    ct = claimtrack_command()
    db = work / f"load-{n}.db"
    ways = ("per-row", "batched")
    forms = ("bundles", "jsonl")
    names = (*forms, *ways, *(f"one-pass {f}" for f in forms), "grouping")
    times: dict[str, list[float]] = {k: [] for k in names}
    cpu: dict[str, list[float]] = {k: [] for k in names}
    memory = {}
    for _ in range(size["repeat"]):
        measured: dict[str, tuple[float, float]] = {}
        for form in forms:
            elapsed, memory[form], used = run_measured(
                [*ct, "--db", str(fresh(db)), "load", *load_args(folder, form)]
            )
            measured[form] = (elapsed, used)
        # `load` leaves grouping the statements into claims to the next command: measure
        # what that command then costs (the bundles' database, left grouped for the
        # queries benchmark).
        measured["grouping"] = run_measured(
            [*ct, "--db", str(db), "sql", "SELECT count(*) FROM claims"]
        )[::2]
        for way in ways:
            measured[way] = floor_load(db, work / "floor.db", way)
        for form in forms:
            inputs = load_args(folder, form)
            measured[f"one-pass {form}"] = floor_load(db, work / "floor.db", "one-pass", inputs)
        for name, (elapsed, used) in measured.items():
            times[name].append(elapsed)
            cpu[name].append(used)
    for form in forms:
        for floor_name, target in (
            ("per-row", "ratio <= 1.5 at 100k"),
            (f"one-pass {form}", "ratio <= 1.5 from 50k"),
        ):
            floor = best(times[floor_name])
            ratio = best(times[form]) / floor
            cpu_ratio = best(cpu[form]) / best(cpu[floor_name])
            rows.append(
                Row(
                    f"load {n:,} statements ({form}) vs the {floor_name.split()[0]} floor",
                    per_second(n, best(times[form])),
                    per_second(n, floor),
                    f"ratio {ratio:.2f} (CPU time {cpu_ratio:.2f}), peak {memory[form]} MB",
                    target,
                    ratio <= 1.5
                    if (n >= 50_000 if floor_name != "per-row" else n == 100_000)
                    else None,
                )
            )
    rows.append(
        Row(
            f"load {n:,}: the next command, which groups the claims the load left",
            f"{best(times['grouping']):.2f} s (CPU {best(cpu['grouping']):.2f} s)",
            "",
            "`claimtrack sql 'SELECT count(*) FROM claims'` after the jsonl load",
            "(for reference)",
            None,
        )
    )
    batched = best(times["batched"])
    rows.append(
        Row(
            f"load {n:,}: the floor written as claimtrack writes",
            f"ratio {best(times['bundles']) / batched:.2f} (bundles)",
            per_second(n, batched),
            "one INSERT ... SELECT json_each per 2,000 rows, index by triggers",
            "(for reference)",
            None,
        )
    )
    return db


def bench_memory(work: Path, size: dict, rows: list[Row]) -> None:
    n = size["memory"]
    print(f"memory: {n:,} statements", file=sys.stderr)
    folder = corpus(work, n)
    ct = claimtrack_command()
    db = work / f"memory-{n}.db"
    for form in ("jsonl", "bundles"):
        elapsed, peak = run_timed([*ct, "--db", str(fresh(db)), "load", *load_args(folder, form)])
        rows.append(
            Row(
                f"load {n:,} statements ({form}), peak memory",
                f"{peak} MB",
                "",
                per_second(n, elapsed),
                "<= 250 MB at 1M",
                peak <= 250 if n == 1_000_000 else None,
            )
        )
    fresh(db)


# ---------------------------------------------------------------- queries


def bench_queries(work: Path, db: Path, size: dict, rows: list[Row]) -> None:
    print("queries", file=sys.stderr)
    ct = claimtrack_command()
    ours_csv, floor_csv = work / "claimtrack.csv", work / "floor.csv"
    for command, view in (("compare", "comparison"), ("unanswered", "unanswered")):
        ours, floors = [], []
        for _ in range(size["repeat"]):
            ours.append(run_timed([*ct, "--db", str(db), command, "--csv"], ours_csv)[0])
            floor = [sys.executable, "-c", FLOOR_QUERY, str(db), view, str(floor_csv)]
            floors.append(run_timed(floor)[0])
        first, whole = first_row_timed([*ct, "--db", str(db), command, "--csv"])
        lines = sum(1 for _ in ours_csv.open(encoding="utf-8")) - 1
        floor_lines = sum(1 for _ in floor_csv.open(encoding="utf-8")) - 1
        ratio = best(ours) / best(floors)
        rows.append(
            Row(
                f"{command} --csv, {lines:,} rows",
                f"{best(ours):.2f} s",
                f"{best(floors):.2f} s ({floor_lines:,} rows)",
                f"ratio {ratio:.2f}; first row after {first:.2f} s of {whole:.2f} s",
                "ratio <= 1.5 at 100k",
                ratio <= 1.5 if size["load"] == 100_000 else None,
            )
        )


# ---------------------------------------------------------------- pairing


def bench_pairing(work: Path, size: dict, rows: list[Row]) -> None:
    try:
        import claimtrack.pairing  # noqa: F401
    except ImportError:
        rows.append(Row("pairing", "not built yet", "", "", "exponent <= 1.2", None))
        return
    ct = claimtrack_command()
    measured = []
    for n in size["pairing"]:
        print(f"pairing: about {n:,} x {n:,}", file=sys.stderr)
        folder = corpus(work, 2 * n, "jsonl")
        db = fresh(work / f"pair-{n}.db")
        run_timed([*ct, "--db", str(db), "load", *load_args(folder, "jsonl")])
        conn = sqlite3.connect(db)
        allegations, responses = conn.execute(
            "SELECT sum(role = 'allegation'), sum(role = 'response') FROM statements"
        ).fetchone()
        conn.close()
        times = []
        peak = 0
        for _ in range(1 if n > 20_000 else size["repeat"]):
            elapsed, peak = run_timed([*ct, "--db", str(db), "pair", "--csv"])
            times.append(elapsed)
        measured.append((allegations + responses, best(times)))
        rows.append(
            Row(
                f"pair {allegations:,} allegations x {responses:,} responses",
                f"{best(times):.2f} s, peak {peak} MB",
                "",
                "",
                "",
                None,
            )
        )
        fresh(db)
    (n1, t1), (n2, t2) = measured
    exponent = math.log(t2 / t1) / math.log(n2 / n1)
    rows.append(
        Row(
            "pairing growth exponent",
            f"{exponent:.2f}",
            "",
            f"time x{t2 / t1:.1f} for statements x{n2 / n1:.1f}",
            "<= 1.2 from 10k to 100k",
            exponent <= 1.2 if size["pairing"] == (10_000, 100_000) else None,
        )
    )


# ---------------------------------------------------------------- claim grouping


def bench_grouping(size: dict, rows: list[Row]) -> None:
    """Claim grouping at each size (bench/group_scale.py: synthetic statements, a quarter
    of their articles carried again by a second site), and how time grows. Sizes below a
    million take the best of the size's repeats; a million runs once."""
    measured = []
    for n in size["grouping"]:
        print(f"grouping: {n:,} statements", file=sys.stderr)
        repeat = size["repeat"] if n < 1_000_000 else 1
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "group_scale.py"), str(n), str(repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(done.stdout)
        measured.append((figures["statements"], figures["seconds"], figures["cpu_seconds"]))
        rows.append(
            Row(
                f"group {figures['statements']:,} statements ({figures['copies']:,} copies)",
                f"{figures['seconds']:.2f} s ({figures['cpu_seconds']:.2f} s CPU), "
                f"peak {figures['peak_mb']} MB",
                "",
                f"{figures['claims']:,} claims; {figures['compared']:,} pairs scored; "
                f"pairwise precision {figures['precision']:.3f}, recall {figures['recall']:.3f}",
                "",
                None,
            )
        )
    for (n1, t1, c1), (n2, t2, c2) in zip(measured, measured[1:]):
        exponent = math.log(t2 / t1) / math.log(n2 / n1)
        rows.append(
            Row(
                f"grouping growth exponent {n1:,} to {n2:,}",
                f"{exponent:.2f}",
                "",
                f"time x{t2 / t1:.1f} for statements x{n2 / n1:.1f}; "
                f"CPU time x{c2 / c1:.1f}, exponent {math.log(c2 / c1) / math.log(n2 / n1):.2f}",
                "<= 1.2 up to 1M",
                exponent <= 1.2 if n2 >= 100_000 else None,
            )
        )


# ---------------------------------------------------------------- extraction


def bench_extraction(work: Path, size: dict, rows: list[Row]) -> None:
    """Megabytes of article text per second through the extractor (in-process: the
    text work, without start-up), on the curated articles and on synthetic ones."""
    try:
        from claimtrack.extract import Extractor, fixture_registry
    except ImportError:
        rows.append(Row("extraction", "not built yet", "", "", ">= 1 MB/s", None))
        return
    from claimtrack.fixtures import bundled_fixtures

    print("extraction", file=sys.stderr)
    extractor = Extractor(fixture_registry())
    real = [p.read_text("utf-8") for p in sorted((bundled_fixtures() / "articles").glob("*.txt"))]
    folder = corpus(work, size["load"])
    synthetic = []
    for path in sorted((folder / "articles").rglob("*.json"))[: size["extract"]]:
        synthetic.append(json.loads(path.read_text("utf-8"))["article"]["text"])
    rounds = max(1, int(size["extract"] * 4000 / max(1, sum(len(t) for t in real))))
    for label, texts in (
        (f"curated articles x{rounds}", real * rounds),
        (f"{len(synthetic):,} synthetic articles", synthetic),
    ):
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        began = time.perf_counter()
        for number, text in enumerate(texts):
            extractor.extract(text, f"bench-{number}")
        elapsed = time.perf_counter() - began
        rate = megabytes / elapsed
        rows.append(
            Row(
                f"extract {label} ({megabytes:.2f} MB)",
                f"{rate:.2f} MB/s ({elapsed:.2f} s)",
                "",
                "",
                ">= 1 MB/s",
                rate >= 1,
            )
        )


# ---------------------------------------------------------------- scaling out

#: Articles per input file: the partitions of a Dask bag, several per worker.
SCALING_FILE = 100
#: The projections: a million articles of 4 KB, and a CC-News month, taken as 12 million
#: articles of 4 KB (1.35 billion articles from August 2016 to 2026, all languages,
#: according to the Infini-News paper, arXiv 2605.18337).
PROJECTIONS = (
    ("one million articles (4 GB)", 1_000_000),
    ("a CC-News month (12M, 48 GB)", 12_000_000),
)
ARTICLE_BYTES = 4_000
CLUSTER_WORKERS = 32


def scaling_corpus(work: Path, label: str, count: int) -> tuple[Path, float]:
    """`count` articles as JSONL streams of SCALING_FILE articles each, written once:
    synthetic ones, or the curated articles repeated under new ids. (folder, MB)."""
    folder = work / f"scaling-{label}-{count}"
    done = folder / "done"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        records = []
        if label == "synthetic":
            from claimtrack.synth import generate

            for bundle in generate(count * 9, 7):
                if "article" in bundle and len(records) < count:
                    article = bundle["article"]
                    keys = ("id", "url", "title", "outlet", "published", "text")
                    records.append({k: article[k] for k in keys})
        else:
            from claimtrack.fixtures import bundled_fixtures

            texts = sorted((bundled_fixtures() / "articles").glob("*.txt"))
            for number in range(count):
                path = texts[number % len(texts)]
                records.append({"id": f"{path.stem}-{number:06d}", "text": path.read_text("utf-8")})
        for start in range(0, len(records), SCALING_FILE):
            lines = "".join(
                json.dumps(r, ensure_ascii=False) + "\n"
                for r in records[start : start + SCALING_FILE]
            )
            (folder / f"stream-{start // SCALING_FILE:05d}.jsonl").write_text(lines, "utf-8")
        megabytes = sum(len(r["text"].encode("utf-8")) for r in records) / 1e6
        done.write_text(f"{megabytes}\n")
    return folder, float(done.read_text())


def dask_available() -> bool:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def bench_scaling(work: Path, size: dict, rows: list[Row]) -> None:
    """Extraction throughput with --jobs 1, --jobs 2 and Dask `local` with 2 workers
    (each a `claimtrack extract` subprocess, start-up included), the scaling efficiency
    per worker, the cost of Dask over --jobs, and, from these figures, the time for a
    million articles and a CC-News month on 32 workers. Every run's output is checked to
    be the same bytes as --jobs 1.

    Wall-clock efficiency is what the target is about, and on a shared machine other
    processes take cores from it; the CPU seconds of all processes (a figure they do not
    change much) show what the parallel run itself costs beyond one process's work."""
    count, repeat = size["scaling"]
    ct = claimtrack_command()
    workers = 2
    measured: dict[str, dict[str, tuple[float, float]]] = {}
    for label in ("synthetic", "curated"):
        folder, megabytes = scaling_corpus(work, label, count)
        print(f"scaling: {count:,} {label} articles ({megabytes:.1f} MB)", file=sys.stderr)
        reference = work / "scaling-1.jsonl"
        runs: dict[str, list[tuple[float, float]]] = {}
        for _ in range(repeat):
            for name, how in (
                ("jobs 1", ["--jobs", "1"]),
                ("jobs 2", ["--jobs", str(workers)]),
                ("dask local 2", ["--dask", "local", "--jobs", str(workers)]),
            ):
                if name.startswith("dask") and not dask_available():
                    continue
                runs.setdefault(name, []).append(
                    _scaling_run(
                        work,
                        [*ct, "--db", str(work / "none.db"), "extract", *how],
                        folder,
                        reference if name != "jobs 1" else None,
                    )
                )
        times = {name: min(found) for name, found in runs.items()}
        one, one_cpu = times["jobs 1"]
        for name, (elapsed, cpu) in times.items():
            used = 1 if name == "jobs 1" else workers
            efficiency = one / elapsed / used
            rows.append(
                Row(
                    f"extract {count:,} {label} articles, {name}",
                    f"{count / elapsed:,.0f} articles/s, {megabytes / elapsed:.2f} MB/s ({elapsed:.2f} s)",
                    "" if used == 1 else f"{count / one:,.0f} articles/s (jobs 1)",
                    f"CPU {cpu:.2f} s"
                    + (
                        ""
                        if used == 1
                        else f" (x{cpu / one_cpu:.2f}); efficiency {efficiency:.2f}/worker"
                    ),
                    "" if used == 1 else ">= 0.8",
                    None if used == 1 else efficiency >= 0.8,
                )
            )
        if "dask local 2" in times:
            extra = times["dask local 2"][0] - times["jobs 2"][0]
            rows.append(
                Row(
                    f"Dask overhead against --jobs 2 ({label})",
                    f"{extra:+.2f} s ({extra / times['jobs 2'][0]:+.0%})",
                    "",
                    "LocalCluster start and stop included",
                    "(for reference)",
                    None,
                )
            )
        measured[label] = {"megabytes": (megabytes, 0.0), **times}
    curated = measured.get("curated", {})
    if "dask local 2" in curated:
        _projections(work, ct, curated, workers, repeat, rows)


def _projections(
    work: Path,
    ct: list[str],
    curated: dict[str, tuple[float, float]],
    workers: int,
    repeat: int,
    rows: list[Row],
) -> None:
    """The time for PROJECTIONS on CLUSTER_WORKERS workers: Dask's fixed cost (starting a
    cluster, measured on two articles) plus the articles at the rate of one process on the
    curated articles, times the workers, times the efficiency measured here once the fixed
    costs of both runs are taken out."""
    folder, _ = scaling_corpus(work, "curated", 2)
    base = work / "none.db"
    start_one = min(
        _scaling_run(work, [*ct, "--db", str(base), "extract", "--jobs", "1"], folder, None)[0]
        for _ in range(repeat)
    )
    dask = [*ct, "--db", str(base), "extract", "--dask", "local", "--jobs", str(workers)]
    start_dask = min(
        _scaling_run(work, dask, folder, work / "scaling-1.jsonl")[0] for _ in range(2)
    )
    rows.append(
        Row(
            "Dask fixed cost (two articles)",
            f"{start_dask:.2f} s",
            f"{start_one:.2f} s (jobs 1)",
            f"{start_dask - start_one:+.2f} s to start and stop a LocalCluster of {workers}",
            "",
            None,
        )
    )
    megabytes = curated["megabytes"][0]
    one = curated["jobs 1"][0] - start_one
    on_dask = curated["dask local 2"][0] - start_dask
    rate = megabytes / one  # MB/s of one process on news prose, start-up left out
    efficiency = one / on_dask / workers
    for label, articles in PROJECTIONS:
        total = articles * ARTICLE_BYTES / 1e6
        seconds = start_dask + total / (rate * CLUSTER_WORKERS * efficiency)
        rows.append(
            Row(
                f"on paper: {label}, {CLUSTER_WORKERS} Dask workers",
                _duration(seconds),
                f"one process: {_duration(total / rate)}",
                f"{rate:.2f} MB/s per worker x {CLUSTER_WORKERS} x efficiency {efficiency:.2f}"
                " (fixed costs out)",
                "",
                None,
            )
        )


def _scaling_run(
    work: Path, args: list[str], folder: Path, reference: Path | None
) -> tuple[float, float]:
    """One extraction run: (wall seconds, CPU seconds). Its output (stdout, or the parts
    of a Dask run) is kept as the reference, or checked against it."""
    parts = work / "scaling-parts"
    shutil.rmtree(parts, ignore_errors=True)
    output = work / "scaling-out.jsonl"
    dask = "--dask" in args
    if dask:
        args = [*args, "--out", str(parts)]
    elapsed, _, cpu = run_measured([*args, str(folder)], None if dask else output)
    if dask:
        written = b"".join(p.read_bytes() for p in sorted(parts.glob("part-*.jsonl")))
    else:
        written = output.read_bytes()
    if reference is None:
        reference = work / "scaling-1.jsonl"
        reference.write_bytes(written)
    elif written != reference.read_bytes():
        raise SystemExit(f"{' '.join(args)} wrote other bytes than --jobs 1")
    return elapsed, cpu


def _duration(seconds: float) -> str:
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 60:.0f} min"


# ---------------------------------------------------------------- pairing on Dask


def bench_dask_pairing(work: Path, size: dict, rows: list[Row]) -> None:
    """`claimtrack pair --csv` in one process against `pair --dask local --jobs 2 --csv`
    on the same synthetic database (start-up, both passes and the output included),
    every Dask run's rows checked to be those of one process; Dask's fixed cost, measured
    on a database of a few statements; and what is left of the overhead without it."""
    if not dask_available():
        rows.append(Row("pairing on Dask", "dask not installed", "", "", "", None))
        return
    ct = claimtrack_command()
    workers = 2
    statements = size["dask-pairing"]
    timed: dict[tuple[int, str], tuple[float, float]] = {}
    for count in (statements, 40):
        print(f"dask-pairing: {count:,} statements", file=sys.stderr)
        folder = corpus(work, count, "jsonl")
        db = fresh(work / f"dask-pair-{count}.db")
        run_timed([*ct, "--db", str(db), "load", *load_args(folder, "jsonl")])
        if count == statements:
            serial = _client_share(db)
        reference = work / "dask-pair-1.csv"
        output = work / "dask-pair-out.csv"
        for name, how in (("one process", []), ("Dask local 2", ["--dask", "local"])):
            args = [*ct, "--db", str(db), "pair", "--csv", *how]
            if how:
                args += ["--jobs", str(workers)]
            runs = []
            for _ in range(size["repeat"]):
                elapsed, _, cpu = run_measured(args, output if how else reference)
                if how and output.read_bytes() != reference.read_bytes():
                    raise SystemExit(f"{' '.join(args)} proposed other pairs than one process")
                runs.append((elapsed, cpu))
            timed[(count, name)] = min(runs)
        fresh(db)
    one, one_cpu = timed[(statements, "one process")]
    dask, dask_cpu = timed[(statements, "Dask local 2")]
    fixed = timed[(40, "Dask local 2")][0] - timed[(40, "one process")][0]
    label = f"pair {statements:,} statements"
    rows.append(Row(f"{label}, one process", f"{one:.2f} s", "", f"CPU {one_cpu:.2f} s", "", None))
    rows.append(
        Row(
            f"{label}, Dask local {workers} workers",
            f"{dask:.2f} s",
            f"{one:.2f} s (one process)",
            f"CPU {dask_cpu:.2f} s (x{dask_cpu / one_cpu:.2f}); overhead {dask - one:+.2f} s "
            f"({(dask - one) / one:+.0%}); speed-up x{one / dask:.2f}",
            "same proposals",
            True,
        )
    )
    rows.append(
        Row(
            "Dask pairing fixed cost (40 statements)",
            f"{timed[(40, 'Dask local 2')][0]:.2f} s",
            f"{timed[(40, 'one process')][0]:.2f} s (one process)",
            f"{fixed:+.2f} s to start and stop a LocalCluster of {workers}",
            "",
            None,
        )
    )
    first, planning, total = serial
    share = (first + planning) / total
    rows.append(
        Row(
            f"{label}: the client's part (first pass + planning)",
            f"{first:.2f} s + {planning:.2f} s of {total:.2f} s in one process ({share:.0%})",
            "",
            f"speed-up bound with any number of workers: x{1 / share:.1f}",
            "(for reference)",
            None,
        )
    )
    if dask - fixed > 0.1 * one:  # else the corpus is too small to tell
        rows.append(
            Row(
                f"{label}, Dask without its fixed cost",
                f"{dask - fixed:.2f} s",
                f"{one:.2f} s (one process)",
                f"speed-up x{one / (dask - fixed):.2f} with {workers} workers",
                "(for reference)",
                None,
            )
        )


def _client_share(db: Path) -> tuple[float, float, float]:
    """In this process: (first pass, planning the blocks, whole pairing) in seconds. The
    first two run on the client whatever the cluster, so they bound the speed-up."""
    from claimtrack.pairing.blocks import DatabaseBlocks
    from claimtrack.pairing.proposals import database_engine

    conn = sqlite3.connect(db)
    began = time.perf_counter()
    engine = database_engine(conn)
    first = time.perf_counter() - began
    planned = time.perf_counter()
    blocks = list(DatabaseBlocks(conn, engine))
    planning = time.perf_counter() - planned
    for block in blocks:
        engine.score_block(block)
    total = time.perf_counter() - began
    conn.close()
    return first, planning, total


# ---------------------------------------------------------------- start-up


def bench_startup(size: dict, rows: list[Row]) -> None:
    print("start-up", file=sys.stderr)
    ct = claimtrack_command()
    runs = size["startup"]
    baseline = best([run_timed([sys.executable, "-c", "pass"])[0] for _ in range(runs)])
    for flag in ("--version", "--help"):
        elapsed = best([run_timed([*ct, flag])[0] for _ in range(runs)])
        extra = (elapsed - baseline) * 1000
        rows.append(
            Row(
                f"claimtrack {flag}",
                f"{elapsed * 1000:.0f} ms",
                f"{baseline * 1000:.0f} ms (python -c pass)",
                f"+{extra:.0f} ms",
                "<= +35 ms",
                extra <= 35,
            )
        )


# ---------------------------------------------------------------- report


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    except OSError:
        pass
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def report(size_name: str, rows: list[Row], info: dict[str, str]) -> str:
    facts = "\n".join(f"- {k}: {v}" for k, v in info.items())
    return f"""# claimtrack benchmark results

`python bench/run.py --size {size_name}`

{facts}

{table(rows)}

How each figure is measured (see bench/run.py): claimtrack commands run as subprocesses
(start-up included). The per-row load floor is sqlite3 executemany of the rows claimtrack
wrote, into a fresh database with the same schema (indexes, full-text triggers), in one
transaction, in-process. The one-pass floor parses the same input files first (JSON,
JSON Lines), then writes the same rows without the full-text trigger and fills the index
in one INSERT ... SELECT, as claimtrack's load now does; it checks nothing. claimtrack
itself writes each batch of 2,000 rows with one
INSERT ... SELECT from json_each, which the full-text index takes far faster than one
statement per row, and the "written as claimtrack writes" row gives the floor done that
way too. The query floor is a stdlib script selecting the same view with csv.writer.
Times are the best of the repeats; memory is the peak resident set of the process
(getrusage). Corpora: `python -m claimtrack.synth`, seed 7.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=tuple(SIZES), default="small")
    parser.add_argument("--work", type=Path, help="folder for corpora and databases (kept)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "RESULTS.md", help="results file"
    )
    parser.add_argument(
        "--only",
        help="comma-separated parts: load, memory, queries, pairing, grouping, extraction, scaling, "
        "dask-pairing, startup",
    )
    parser.add_argument(
        "--statements",
        type=int,
        help="statements in the load and query corpus (default: the size's)",
    )
    parser.add_argument("--repeat", type=int, help="runs per figure (default: the size's)")
    args = parser.parse_args(argv)
    size = dict(SIZES[args.size])
    if args.statements:
        size["load"] = args.statements
    if args.repeat:
        size["repeat"] = args.repeat
    parts = set(
        (
            args.only
            or "load,memory,queries,pairing,grouping,extraction,scaling,dask-pairing,startup"
        )
        .replace(" ", "")
        .split(",")
    )
    work = args.work or Path(tempfile.gettempdir()) / "claimtrack-bench"
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    if parts & {"load", "queries"}:
        db = bench_load(work, size, rows)
        if "queries" in parts:
            bench_queries(work, db, size, rows)
        if "load" not in parts:
            rows[:] = [r for r in rows if not r.measure.startswith("load")]
    if "memory" in parts:
        bench_memory(work, size, rows)
    if "pairing" in parts:
        bench_pairing(work, size, rows)
    if "grouping" in parts:
        bench_grouping(size, rows)
    if "extraction" in parts:
        bench_extraction(work, size, rows)
    if "scaling" in parts:
        bench_scaling(work, size, rows)
    if "dask-pairing" in parts:
        bench_dask_pairing(work, size, rows)
    if "startup" in parts:
        bench_startup(size, rows)
    info = machine()
    print(table(rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(args.size, rows, info), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
