"""Proposals: each reply's candidates scored, the ones at or above the threshold kept.

`Pairer` scores statements held in memory (tests, the fitting script); `propose` runs the
same engine over a database a block of articles at a time: one streamed pass counts how
rare every term is and indexes the allegations compactly, a second reads the articles in
blocks, fetches the cross-article candidates of each block and scores them. Nothing
holds every prepared statement at once.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtrack.actors import ActorRegistry
from claimtrack.model import COMPARE_COLUMNS
from claimtrack.pairing.candidates import (
    SLACK_DAYS,
    AllegationIndex,
    answering_sides,
    lookup_keys,
    may_answer,
    timing,
    when_reason,
    who_reason,
)
from claimtrack.pairing.scoring import logistic
from claimtrack.pairing.signals import Pair, cosine, read_signals
from claimtrack.pairing.statements import (
    Corpus,
    Prepared,
    Reader,
    Statement,
    mark_twins,
    statement_text,
)
from claimtrack.pairing.text import terms, tokens

if TYPE_CHECKING:
    from claimtrack.pairing.blocks import Block, BlockScorer

DEFAULT_WINDOW = 60
DEFAULT_MIN_SCORE = 0.5
PAIR_COLUMNS = (*COMPARE_COLUMNS, "score", "reason")
#: What a terminal table shows of a proposal; csv/json carry every column.
PAIR_TABLE_COLUMNS = (
    "allegation_id",
    "allegation",
    "reply_id",
    "reply_kind",
    "reply",
    "score",
    "reason",
    "link_origin",
)


@dataclass
class Proposal:
    """One proposed link: the response answers the allegation, with the score and why."""

    response_id: str
    allegation_id: str
    score: float
    reason: str
    signals: dict[str, float] = field(default_factory=dict)


class Pairer:
    """Scores reply -> allegation pairs. Build it with the corpus statistics and
    (optionally) the cross-article index; hand it blocks of whole articles."""

    def __init__(
        self,
        registry: ActorRegistry,
        corpus: Corpus,
        index: AllegationIndex | None = None,
        window: int = DEFAULT_WINDOW,
        rejected: Iterable[tuple[str, str]] = (),
        weights: dict[str, float] | None = None,
    ) -> None:
        self.reader = Reader(registry, corpus)
        self.corpus = corpus
        self.index = index
        self.window = window
        self.rejected = set(rejected)
        self.weights = weights
        self._prepared: dict[str, Prepared] = {}
        self._titles: dict[str, dict[str, float]] = {}
        self._candidates: dict[str, list[str]] = {}

    # ------------------------------------------------------------ in memory

    @classmethod
    def over(
        cls,
        statements: Sequence[Statement],
        registry: ActorRegistry,
        window: int = DEFAULT_WINDOW,
        same_article_only: bool = False,
        rejected: Iterable[tuple[str, str]] = (),
        weights: dict[str, float] | None = None,
    ) -> Pairer:
        """An engine over statements held in memory, all prepared at once."""
        corpus = Corpus()
        for s in statements:
            corpus.add(terms(statement_text(s)))
        reader = Reader(registry, corpus)
        index = None if same_article_only else build_index(statements, reader, corpus)
        engine = cls(registry, corpus, index, window, rejected, weights)
        engine.load(statements)
        return engine

    def load(self, statements: Iterable[Statement]) -> None:
        """Prepare a block of whole articles (forgetting the block before)."""
        self._prepared = {s.id: self.reader.prepare(s) for s in statements}
        self._candidates = {}
        mark_twins(list(self._prepared.values()))
        self._by_article: dict[str, list[Prepared]] = defaultdict(list)
        for p in self._prepared.values():
            self._by_article[p.statement.article].append(p)

    def responses(self) -> list[Prepared]:
        return [p for p in self._prepared.values() if p.statement.is_response]

    def proposals(self, min_score: float = DEFAULT_MIN_SCORE) -> list[Proposal]:
        """Every candidate pair of the loaded block scoring at least `min_score`."""
        found = []
        for response in self.responses():
            found.extend(p for p in self.score_response(response) if p.score >= min_score)
        return found

    def score(self, response_id: str, allegation_id: str) -> Proposal | None:
        """The proposal for one loaded pair, or None when a rule forbids it."""
        response = self._prepared[response_id]
        return next(
            (p for p in self.score_response(response) if p.allegation_id == allegation_id),
            None,
        )

    def rule_out(self, response_id: str, allegation_id: str) -> str | None:
        """Which rule forbids this pair, in words; None when it may be scored."""
        response, allegation = self._prepared[response_id], self._prepared[allegation_id]
        r, a = response.statement, allegation.statement
        if (r.id, a.id) in self.rejected:
            return "rejected by a person"
        if may_answer(response, allegation) is None:
            if not r.is_response or not a.may_be_answered or r.id == a.id:
                return "not a response and an allegation"
            if allegation.twin:
                return "answered through its twin allegation"
            if r.speaker == a.speaker:
                return "nobody answers their own allegation"
            return f"{response.side} cannot answer an allegation against {allegation.target_side}"
        allowed, _ = timing(r, a, self.window)
        if allowed:
            return None
        if r.start is None or a.start is None:
            return "undated, in different articles without a published date"
        if r.end < a.start:
            return f"the reply ({r.date or 'undated'}) is earlier than the allegation"
        return f"the reply is more than {self.window} days after the allegation"

    # ------------------------------------------------------------ scoring

    def cross_article_ids(self, response: Prepared) -> list[str]:
        """Ids of allegations in other articles worth scoring against this reply (looked
        up in the index, or given with the block)."""
        s = response.statement
        if s.id in self._candidates:
            found = self._candidates[s.id]
        else:
            found = self._lookup(s, response.vector, response.side)
        return [
            i
            for i in found
            if i not in self._prepared or self._prepared[i].statement.article != s.article
        ]

    def outside_candidates(self, s: Statement) -> list[str]:
        """The index lookup of `cross_article_ids` for a reply read but not prepared: its
        terms and side only, which is what planning a block needs."""
        read = {t for t, _ in tokens(statement_text(s)) if t}
        return self._lookup(s, read, self.reader.side(s.speaker))

    def _lookup(self, s: Statement, found_terms: Iterable[str], side: str) -> list[str]:
        if self.index is None or s.start is None:
            return []
        keys = lookup_keys(found_terms, self.corpus)
        low = s.start.toordinal() - self.window
        high = s.end.toordinal() + SLACK_DAYS
        return self.index.lookup(side, keys, low, high, self.corpus)

    def add_outside(self, statements: Iterable[Statement]) -> None:
        """Prepare allegations from other articles (cross-article candidates) into the block."""
        for s in statements:
            if s.id not in self._prepared:
                self._prepared[s.id] = self.reader.prepare(s)

    def score_block(self, block: Block, min_score: float = DEFAULT_MIN_SCORE) -> list[Proposal]:
        """Every proposal of a planned block scoring at least `min_score`: its
        statements prepared, its outside allegations added, its replies scored."""
        self.load(block.statements)
        self._candidates = block.candidates
        self.add_outside(block.outside)
        return self.proposals(min_score)

    def score_response(self, response: Prepared) -> list[Proposal]:
        """The reply's candidates that the rules allow, scored, best first."""
        s = response.statement
        here = self._by_article.get(s.article, [])
        outside = [
            self._prepared[i] for i in self.cross_article_ids(response) if i in self._prepared
        ]
        allowed: list[tuple[Prepared, str, int | None]] = []
        for allegation in [*here, *outside]:
            if (s.id, allegation.statement.id) in self.rejected:
                continue
            basis = may_answer(response, allegation)
            if basis is None:
                continue
            ok, lag = timing(s, allegation.statement, self.window)
            if ok:
                allowed.append((allegation, basis, lag))
        local = [a for a, _, _ in allowed if a.statement.article == s.article]
        best = max((cosine(response.vector, a.vector) for a in local), default=0.0)
        title = self._title_vector(s)
        found = []
        for allegation, basis, lag in allowed:
            same = allegation.statement.article == s.article
            pair = Pair(
                response=response,
                allegation=allegation,
                basis=basis,
                corpus=self.corpus,
                title_vector=title,
                best_content=best if same else 0.0,
                candidates=len(local) if same else 1,
                lag=lag,
            )
            values, reasons = read_signals(pair)
            score = round(logistic(values, self.weights), 3)
            reasons.insert(0, who_reason(response, allegation, basis))
            reasons.append(when_reason(s, allegation.statement, lag))
            found.append(Proposal(s.id, allegation.statement.id, score, "; ".join(reasons), values))
        found.sort(key=lambda p: (-p.score, p.allegation_id))
        return found

    def _title_vector(self, s: Statement) -> dict[str, float]:
        if s.article not in self._titles:
            self._titles[s.article] = self.reader.prepare(
                Statement(id="", article=s.article, role="title", speaker="", quote=s.title or "")
            ).vector
        return self._titles[s.article]


def build_index(statements: Iterable[Statement], reader: Reader, corpus: Corpus) -> AllegationIndex:
    """The cross-article index of the allegations among `statements`."""
    index = AllegationIndex()
    for s in statements:
        if s.may_be_answered and s.end is not None:
            p = reader.prepare(s)
            keys = lookup_keys(p.vector, corpus)
            index.add(s.id, s.end.toordinal(), answering_sides(p), keys)
    index.freeze()
    return index


# ---------------------------------------------------------------- the database


def statement_from_row(row: Sequence[Any], published: dict[str, tuple]) -> Statement:
    """A `queries.pairing_statements` row as a Statement (`published` caches the
    articles' published dates)."""
    from claimtrack.dates import PartialDate

    (sid, article, role, speaker, target, kind, topic, quote, summary, position) = row[:10]
    paragraph, when, first, last, pub, title = row[10:]
    if article not in published:
        partial = PartialDate(pub) if pub else None
        published[article] = (partial.first, partial.last) if partial else (None, None)
    pub_first, pub_last = published[article]
    return Statement(
        id=sid,
        article=article,
        role=role,
        speaker=speaker,
        target=target,
        kind=kind,
        topic=topic or None,
        quote=quote or "",
        summary=summary,
        position=position or 0,
        paragraph=paragraph or 0,
        date=when,
        first=date.fromisoformat(first) if first else None,
        last=date.fromisoformat(last) if last else None,
        published_first=pub_first,
        published_last=pub_last,
        title=title,
    )


def database_engine(
    conn: sqlite3.Connection,
    window: int = DEFAULT_WINDOW,
    same_article_only: bool = False,
    weights: dict[str, float] | None = None,
) -> Pairer:
    """The first pass over the database: term rarity and the compact allegation index."""
    from claimtrack.queries import pairing_statements, rejected_pairs
    from claimtrack.store import load_registry

    registry = load_registry(conn)
    corpus = Corpus()
    reader = Reader(registry, corpus)
    published: dict[str, tuple] = {}
    pending: list[tuple[str, int, set[str], list[str]]] = []
    for row in pairing_statements(conn):
        s = statement_from_row(row, published)
        read = tokens(statement_text(s))
        found = [t for t, _ in read if t]
        corpus.add(found)
        if not same_article_only and s.may_be_answered and s.end is not None:
            sides = {reader.side(s.target)} if s.target else set()
            sides |= reader.implicated(s, read)
            pending.append((s.id, s.end.toordinal(), sides, sorted(set(found))))
    index = None
    if not same_article_only:
        index = AllegationIndex()
        for sid, end, sides, found in pending:
            index.add(sid, end, sides, lookup_keys(found, corpus))
        index.freeze()
    pending.clear()
    return Pairer(registry, corpus, index, window, rejected_pairs(conn), weights)


def database_proposals(
    conn: sqlite3.Connection,
    engine: Pairer,
    min_score: float = DEFAULT_MIN_SCORE,
    progress: Callable[[Sequence[Any]], Iterable[Any]] = iter,
    articles: list[str] | None = None,
) -> Iterator[Proposal]:
    """The second pass: every article's replies scored, a block of articles at a time."""
    from claimtrack.pairing.blocks import DatabaseBlocks

    for block in progress(DatabaseBlocks(conn, engine, articles)):
        yield from engine.score_block(block, min_score)


# ---------------------------------------------------------------- the command's API


@dataclass
class PairRun:
    """The outcome of `propose`: the proposals the filters kept (also in the connection's
    temporary table for `proposal_rows`) and the links already stored."""

    proposals: list[Proposal]
    existing: dict[tuple[str, str], tuple[str, float | None, str | None]]
    summary: str = ""


def propose(
    conn: sqlite3.Connection,
    filters,
    window: int = DEFAULT_WINDOW,
    min_score: float = DEFAULT_MIN_SCORE,
    progress: Callable[[Sequence[Any]], Iterable[Any]] = iter,
    score_blocks: BlockScorer | None = None,
) -> PairRun:
    """Run the engine over every statement in the database and keep the proposals the
    filters select (they mean what they mean for `compare`). Rejected pairs are left
    out; pairs already linked are kept (their stored origin shows in `link_origin`).
    `score_blocks` scores the blocks elsewhere (a Dask cluster); by default, here."""
    from claimtrack.pairing.blocks import DatabaseBlocks, Scoring
    from claimtrack.queries import reply_links, store_proposals, stored_proposals

    engine = database_engine(conn, window)
    if score_blocks is None:
        found = [
            (p.response_id, p.allegation_id, p.score, p.reason)
            for p in database_proposals(conn, engine, min_score, progress)
        ]
    else:
        found = list(score_blocks(Scoring.of(engine), DatabaseBlocks(conn, engine), min_score))
    store_proposals(conn, found, filters)
    kept = [Proposal(r, a, score, reason) for r, a, score, reason in stored_proposals(conn)]
    existing = reply_links(conn)
    responses, allegations = conn.execute(
        "SELECT sum(role = 'response'), sum(role = 'allegation') FROM statements"
    ).fetchone()
    fresh = sum((p.response_id, p.allegation_id) not in existing for p in kept)
    summary = (
        f"{len(kept)} proposals scoring {min_score} or more ({fresh} not linked yet); "
        f"the engine read {responses or 0} responses and {allegations or 0} allegations"
    )
    return PairRun(kept, existing, summary)


@dataclass
class ApplyReport:
    """What `--apply` did with the proposals, by outcome."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0

    def summary(self) -> str:
        return (
            f"auto links: {self.added} new, {self.updated} updated, {self.unchanged} unchanged; "
            f"{self.kept} pairs already linked by a person left as they were"
        )


def apply_proposals(conn: sqlite3.Connection, run: PairRun) -> ApplyReport:
    """Store the proposals as links of origin 'auto'. A curated or manual link is never
    changed; an auto link gets the new score and reason; the same proposals twice write
    nothing the second time."""
    from claimtrack.queries import store_auto_links

    report = ApplyReport()
    writes = []
    for p in run.proposals:
        key = (p.response_id, p.allegation_id)
        origin, score, reason = run.existing.get(key, (None,) * 3)
        if origin in ("curated", "manual"):
            report.kept += 1
            continue
        if origin == "auto":
            if score == p.score and reason == p.reason:
                report.unchanged += 1
                continue
            report.updated += 1
        else:
            report.added += 1
        writes.append((*key, p.score, p.reason))
        run.existing[key] = ("auto", p.score, p.reason)
    store_auto_links(conn, writes)
    if writes:
        # Replies are grouped into claims by what they answer: regroup their speakers.
        from claimtrack.claims.store import regroup

        regroup(conn, statements=sorted({response for response, *_ in writes}))
    return report
