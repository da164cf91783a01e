"""How good is automatic pairing? Links people made are the truth.

Two sources of truth, one measure:

- `evaluate_gold(folder)`: a gold folder in the development set's format is loaded
  without its links into a scratch database, the engine pairs everything as `pair
  --apply` would, and its proposals are compared with the gold links among core (not
  borderline) statements; a proposal touching a borderline statement is not counted.
- `evaluate_links(conn, filters)`: the curated and manual links of a database (the
  fixtures); the engine runs on the same statements (it never reads links) and the
  filters choose which links and proposals count, as they choose `compare` rows.

Both give precision (how many proposals are right), recall (how many true links it
finds), F1, per article and overall, and every missed and false link with its score or
the rule that ruled it out.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from claimtrack.model import ClaimtrackError, Filters, Rows
from claimtrack.pairing.proposals import (
    DEFAULT_MIN_SCORE,
    DEFAULT_WINDOW,
    Proposal,
    database_engine,
    database_proposals,
)

EVALUATION_COLUMNS = (
    "article",
    "links",
    "proposed",
    "correct",
    "precision",
    "recall",
    "f1",
    "misses",
    "false_links",
)
#: The evaluation as a person reads it in a terminal: the figures, then one line per error.
SUMMARY_COLUMNS = EVALUATION_COLUMNS[:7]
ERROR_COLUMNS = ("article", "error", "reply_id", "allegation_id", "detail")


@dataclass
class Evaluation:
    """The figures per article (and 'all'), the errors behind them, a one-line summary."""

    rows: list[tuple]
    errors: list[tuple]
    summary: str

    def figures(self, columns: tuple[str, ...] = EVALUATION_COLUMNS) -> Rows:
        wanted = [EVALUATION_COLUMNS.index(c) for c in columns]
        return Rows(columns, [tuple(row[i] for i in wanted) for row in self.rows])

    def error_rows(self) -> Rows:
        return Rows(ERROR_COLUMNS, self.errors)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _f1(correct: int, proposed: int, links: int) -> float | None:
    if not proposed or not links:
        return None
    p, r = correct / proposed, correct / links
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def measure(
    truth: set[tuple[str, str]],
    proposals: dict[tuple[str, str], Proposal],
    article_of: dict[str, str],
    why_not: dict[tuple[str, str], str],
) -> Evaluation:
    """Figures per article of the response and overall, with the misses and false links."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: dict[str, list[str]] = defaultdict(list)
    false: dict[str, list[str]] = defaultdict(list)
    errors = []
    for pair in sorted(truth | set(proposals)):
        article = article_of.get(pair[0], "")
        is_true, found = pair in truth, pair in proposals
        for key in (article, "all"):
            counts[key][0] += is_true
            counts[key][1] += found
            counts[key][2] += is_true and found
        if is_true and not found:
            detail = why_not.get(pair, "not a candidate")
            misses[article].append(f"{pair[0]} → {pair[1]} ({detail})")
            errors.append((article, "miss", *pair, detail))
        elif found and not is_true:
            detail = f"scored {proposals[pair].score}: {proposals[pair].reason}"
            false[article].append(f"{pair[0]} → {pair[1]} ({proposals[pair].score})")
            errors.append((article, "false link", *pair, detail))
    rows = []
    for article in [*sorted(k for k in counts if k != "all"), "all"]:
        links, proposed, correct = counts[article]
        every_miss = [m for a in sorted(misses) for m in misses[a]]
        every_false = [f for a in sorted(false) for f in false[a]]
        rows.append(
            (
                article,
                links,
                proposed,
                correct,
                _ratio(correct, proposed),
                _ratio(correct, links),
                _f1(correct, proposed, links),
                every_miss if article == "all" else misses[article],
                every_false if article == "all" else false[article],
            )
        )
    links, proposed, correct = counts["all"]
    summary = (
        f"precision {_ratio(correct, proposed)}, recall {_ratio(correct, links)}, "
        f"F1 {_f1(correct, proposed, links)} ({links} links, {proposed} proposed, "
        f"{correct} correct)"
    )
    return Evaluation(rows, errors, summary)


def _run(conn: sqlite3.Connection, window: int, min_score: float):
    """Every proposal over the whole database, and every candidate's score (for misses)."""
    engine = database_engine(conn, window)
    scored = {(p.response_id, p.allegation_id): p for p in database_proposals(conn, engine, 0.0)}
    chosen = {pair: p for pair, p in scored.items() if p.score >= min_score}
    return chosen, scored


def _why_not(truth, scored) -> dict[tuple[str, str], str]:
    return {
        pair: (f"scored {scored[pair].score}" if pair in scored else "the rules rule it out")
        for pair in truth
    }


def _article_of(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT id, article_id FROM statements"))


def evaluate_gold(
    folder: str | Path, window: int = DEFAULT_WINDOW, min_score: float = DEFAULT_MIN_SCORE
) -> Evaluation:
    """Load a gold folder without links into a scratch database, pair, and compare."""
    from claimtrack.db import open_db
    from claimtrack.pairing.gold import load_gold

    with tempfile.TemporaryDirectory(prefix="claimtrack-evaluate-") as scratch:
        conn = open_db(Path(scratch) / "gold.db")
        try:
            gold = load_gold(conn, folder)
            chosen, scored = _run(conn, window, min_score)
            article_of = _article_of(conn)
        finally:
            conn.close()
    chosen = {pair: p for pair, p in chosen.items() if not set(pair) & gold.borderline}
    result = measure(gold.links, chosen, article_of, _why_not(gold.links, scored))
    result.summary = f"pairing on {folder}: {result.summary}"
    return result


def evaluate_links(
    conn: sqlite3.Connection,
    filters: Filters,
    window: int = DEFAULT_WINDOW,
    min_score: float = DEFAULT_MIN_SCORE,
) -> Evaluation:
    """Measure the engine against the links people made (curated and manual).

    Raises ClaimtrackError when the database holds no such link.
    """
    from claimtrack.queries import human_links, store_proposals, stored_proposals

    truth = human_links(conn)
    if not truth:
        raise ClaimtrackError(
            "no curated or manual links to measure against; load curated bundles "
            "(e.g. `claimtrack load fixtures/`) or give a gold folder: --evaluate DIR"
        )
    store_proposals(conn, [(r, a, 1.0, "") for r, a in truth], filters)
    truth = {(r, a) for r, a, _, _ in stored_proposals(conn)}
    if not truth:
        raise ClaimtrackError("the filters leave no curated or manual link to measure against")
    chosen, scored = _run(conn, window, min_score)
    store_proposals(conn, [(r, a, p.score, p.reason) for (r, a), p in chosen.items()], filters)
    kept = {(r, a) for r, a, _, _ in stored_proposals(conn)}
    chosen = {pair: p for pair, p in chosen.items() if pair in kept}
    result = measure(truth, chosen, _article_of(conn), _why_not(truth, scored))
    result.summary = f"pairing against the curated links: {result.summary}"
    return result
