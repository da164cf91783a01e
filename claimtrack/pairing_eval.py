"""How good is automatic pairing? The links people made are the truth.

`claimtrack pair --evaluate` hides the curated and manual links, runs the engine on the
same statements and counts what it finds: precision (how many proposals are right),
recall (how many true links it finds) and F1, per article and overall, twice: within
articles (each article on its own, as if it were the only one loaded) and across all of
them at once (where a reply in one article may be paired with an allegation in another,
rightly or not). The misses and the false links are listed, so a person sees where it
fails.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from claimtrack.model import ClaimtrackError
from claimtrack.pairing import (
    DEFAULT_MIN_SCORE,
    DEFAULT_WINDOW,
    Pairer,
    Statement,
    load_statements,
    pair_filter,
)
from claimtrack.queries import Filters, Rows

EVALUATION_COLUMNS = (
    "mode",
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
SUMMARY_COLUMNS = EVALUATION_COLUMNS[:8]
ERROR_COLUMNS = ("mode", "article", "error", "reply_id", "allegation_id", "detail")


@dataclass
class Score:
    """Counts for one article (or all of them) in one mode."""

    links: int = 0
    proposed: int = 0
    correct: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.proposed if self.proposed else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.links if self.links else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@dataclass
class Evaluation:
    """The figures per mode and article, the errors behind them, and a one-line summary."""

    rows: list[tuple]
    errors: list[tuple]
    summary: str

    def figures(self, columns: tuple[str, ...] = EVALUATION_COLUMNS) -> Rows:
        """One row per mode and article (and 'all'); misses and false links as lists."""
        wanted = [EVALUATION_COLUMNS.index(c) for c in columns]
        return Rows(columns, [tuple(row[i] for i in wanted) for row in self.rows])

    def error_rows(self) -> Rows:
        """One row per missed or false link."""
        return Rows(ERROR_COLUMNS, self.errors)


def evaluate(
    conn: sqlite3.Connection,
    filters: Filters,
    window: int = DEFAULT_WINDOW,
    min_score: float = DEFAULT_MIN_SCORE,
) -> Evaluation:
    """Measure the engine against the links people made (curated and manual).

    Raises ClaimtrackError when the database holds no such link.
    """
    from claimtrack.store import load_registry

    truth = {
        (r, a)
        for r, a in conn.execute(
            "SELECT response_id, allegation_id FROM reply_links WHERE origin IN ('curated', 'manual')"
        )
    }
    if not truth:
        raise ClaimtrackError(
            "no curated or manual links to measure against; load curated bundles "
            "(e.g. `claimtrack load fixtures/`) first"
        )
    registry = load_registry(conn)
    everything = load_statements(conn)
    by_id = {s.id: s for s in everything}
    keep = pair_filter(registry, by_id, filters)
    # The engine reads every article that holds a link made by a person; the filters
    # then choose which links and proposals are counted.
    scope = {by_id[r].article for r, _ in truth} | {by_id[a].article for _, a in truth}
    truth = {pair for pair in truth if keep(*pair)}
    if not truth:
        raise ClaimtrackError("the filters leave no curated or manual link to measure against")
    statements = [s for s in everything if s.article in scope]
    rows: list[tuple] = []
    errors: list[tuple] = []
    summary = []
    per_article: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        per_article[s.article].append(s)
    within = [
        Pairer(group, registry, window=window, same_article_only=True)
        for group in per_article.values()
    ]
    across = Pairer(statements, registry, window=window)
    for mode, engines in (("within", within), ("across", [across])):
        proposals = {}
        for engine in engines:
            for p in engine.proposals(min_score):
                if keep(p.response_id, p.allegation_id):
                    proposals[(p.response_id, p.allegation_id)] = p.score
        overall = _rows_for(mode, truth, proposals, by_id, engines, rows, errors)
        label = "within articles" if mode == "within" else f"across all {len(scope)} articles"
        summary.append(
            f"{label}: precision {_rounded(overall.precision)}, "
            f"recall {_rounded(overall.recall)}, F1 {_rounded(overall.f1)}"
        )
    return Evaluation(rows, errors, "; ".join(summary))


def _rows_for(
    mode: str,
    truth: set[tuple[str, str]],
    proposals: dict[tuple[str, str], float],
    by_id: dict[str, Statement],
    engines: list[Pairer],
    rows: list[tuple],
    errors: list[tuple],
) -> Score:
    """Append one row per article and one for all of them, and the errors; a link
    counts for the article its response was found in."""
    scores: dict[str, Score] = defaultdict(Score)
    misses: dict[str, list[str]] = defaultdict(list)
    false: dict[str, list[str]] = defaultdict(list)
    overall = Score()
    for pair in sorted(truth | set(proposals)):
        article = by_id[pair[0]].article
        is_true, found = pair in truth, pair in proposals
        for score in (scores[article], overall):
            score.links += is_true
            score.proposed += found
            score.correct += is_true and found
        if is_true and not found:
            why = _why_not(pair, engines)
            misses[article].append(f"{pair[0]} → {pair[1]} ({why})")
            errors.append((mode, article, "miss", *pair, why))
        elif found and not is_true:
            false[article].append(f"{pair[0]} → {pair[1]} ({proposals[pair]})")
            errors.append((mode, article, "false link", *pair, f"scored {proposals[pair]}"))
    for article in sorted(scores):
        rows.append(_row(mode, article, scores[article], misses[article], false[article]))
    rows.append(
        _row(
            mode,
            "all",
            overall,
            [m for a in sorted(misses) for m in misses[a]],
            [f for a in sorted(false) for f in false[a]],
        )
    )
    return overall


def _why_not(pair: tuple[str, str], engines: list[Pairer]) -> str:
    """The score a missed link got, or the rule that ruled it out."""
    for engine in engines:
        if pair[0] in engine.by_id and pair[1] in engine.by_id:
            proposal = engine.score(*pair)
            if proposal is not None:
                return f"scored {proposal.score}"
            return engine.rule_out(*pair) or "ruled out"
    return "reply and allegation in different articles"


def _row(mode: str, article: str, score: Score, misses: list[str], false: list[str]) -> tuple:
    return (
        mode,
        article,
        score.links,
        score.proposed,
        score.correct,
        _rounded(score.precision),
        _rounded(score.recall),
        _rounded(score.f1),
        misses,
        false,
    )
