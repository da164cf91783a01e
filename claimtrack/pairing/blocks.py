"""Pairing a database a block of articles at a time, in this process or on other machines.

The second pass of `propose` cuts the articles (oldest first) into blocks of whole
articles. Planning a block needs the database and the allegation index, so it happens
where the database is: the block's statements are read, each reply's cross-article
candidates are looked up in the index from its terms and side alone (nothing is scored),
and the allegations of other articles among them are read too. What scoring then needs
is all in the `Block` and in `Scoring` (the registry and the term rarity of the whole
corpus, counted once by the first pass), so `score_block` is a pure function of the two:
a block scores the same in this process or on a Dask worker, and the proposals of every
block, merged in block order, are those of one process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from claimtrack.actors import ActorRegistry
from claimtrack.pairing.proposals import Pairer, statement_from_row
from claimtrack.pairing.statements import Corpus, Statement

#: Articles read and scored together; bounds the memory a run (or a worker) needs.
BLOCK_ARTICLES = 400
#: A proposal as it travels back from a worker: (response id, allegation id, score, reason).
Found = tuple[str, str, float, str]


@dataclass
class Block:
    """Whole articles to score together: their statements, the allegations of other
    articles their replies may answer (`outside`), and which those are for each reply
    (`candidates`: reply id -> allegation ids, best first, as the index gave them)."""

    number: int
    statements: list[Statement]
    outside: list[Statement]
    candidates: dict[str, list[str]]


@dataclass(frozen=True)
class Scoring:
    """What scoring any block needs besides the block: made once, shipped to every worker."""

    registry: ActorRegistry
    corpus: Corpus
    window: int
    rejected: frozenset[tuple[str, str]]
    weights: dict[str, float] | None = None

    @classmethod
    def of(cls, engine: Pairer) -> Scoring:
        return cls(
            engine.reader.registry,
            engine.corpus,
            engine.window,
            frozenset(engine.rejected),
            engine.weights,
        )


def score_block(scoring: Scoring, block: Block, min_score: float) -> tuple[int, list[Found]]:
    """The proposals of one block scoring at least `min_score`, with the block's number.
    Reads nothing but its arguments (it runs on a worker without the database)."""
    engine = Pairer(
        scoring.registry, scoring.corpus, None, scoring.window, scoring.rejected, scoring.weights
    )
    found = engine.score_block(block, min_score)
    return block.number, [(p.response_id, p.allegation_id, p.score, p.reason) for p in found]


class DatabaseBlocks:
    """The blocks of a database, planned one at a time as they are iterated (only one is
    held at once); how many there are is known before (for a progress bar)."""

    def __init__(
        self, conn: sqlite3.Connection, engine: Pairer, articles: list[str] | None = None
    ) -> None:
        from claimtrack.queries import pairing_articles

        chosen = pairing_articles(conn) if articles is None else articles
        self.conn = conn
        self.engine = engine
        self.articles = [
            chosen[i : i + BLOCK_ARTICLES] for i in range(0, len(chosen), BLOCK_ARTICLES)
        ]

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self) -> Iterator[Block]:
        from claimtrack.queries import pairing_statements

        published: dict[str, tuple] = {}
        for number, ids in enumerate(self.articles):
            statements = [
                statement_from_row(r, published) for r in pairing_statements(self.conn, ids)
            ]
            article_of = {s.id: s.article for s in statements}
            candidates = {
                s.id: [
                    i for i in self.engine.outside_candidates(s) if article_of.get(i) != s.article
                ]
                for s in statements
                if s.is_response
            }
            wanted = sorted({i for found in candidates.values() for i in found} - article_of.keys())
            outside = (
                [
                    statement_from_row(r, published)
                    for r in pairing_statements(self.conn, ids=wanted)
                ]
                if wanted
                else []
            )
            yield Block(number, statements, outside, candidates)


#: Scores planned blocks somewhere and gives back their proposals, merged in block order.
BlockScorer = Callable[[Scoring, DatabaseBlocks, float], Iterable[Found]]
