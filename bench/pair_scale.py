"""How long does pairing take at scale, and how much memory? A synthetic corpus, timed.

    python bench/pair_scale.py                  # 20,000 allegations x 20,000 responses
    python bench/pair_scale.py --size 2000      # quicker

The corpus is deterministic (--seed): articles spread over 2019-2025, each with a few
allegations and the responses to them, drawn from topic vocabularies, a long tail of
general words and generated proper names; a third of the responses answer an allegation
reported in an earlier article. Undated statements take their article's date. The corpus
is written to a SQLite file and paired as `claimtrack pair` pairs it: a first streamed
pass (term rarity and the allegation index), then blocks of articles. It prints the time
of each pass, the number of candidate pairs scored (against the all-pairs count), the
peak memory of the process and, since the corpus knows which response answers which
allegation, precision and recall as a sanity check. No timing is asserted anywhere: this
is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimtrack.actors import Actor, ActorRegistry  # noqa: E402
from claimtrack.pairing import Statement  # noqa: E402

TOPICS = (
    "election interference",
    "foreign interference",
    "intimidation of mp",
    "police stations",
    "transnational repression",
    "consular conduct",
    "xinjiang",
    "tibet",
    "human rights",
    "detentions",
    "disinformation",
    "diplomatic visa",
    "trade",
)
START = date(2019, 1, 1)
DAYS = (date(2025, 12, 31) - START).days


def _word(rng: random.Random, length: int) -> str:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(rng.choice(vowels if i % 2 else consonants) for i in range(length))


def registry(rng: random.Random) -> ActorRegistry:
    """Two states with ministries, embassies, spokespeople and MPs, and some media."""
    actors = [
        Actor("china", "China", "beijing", "state", None, ["Beijing"]),
        Actor("canada", "Canada", "ottawa", "state", None, ["Ottawa"]),
    ]
    for side, root, count in (
        ("beijing", "china", 40),
        ("ottawa", "canada", 40),
        ("other", None, 20),
    ):
        for i in range(count):
            name = f"{_word(rng, 5).title()} {_word(rng, 6).title()}"
            actors.append(Actor(f"{side}-{i}", name, side, "person", root, []))
    return ActorRegistry(actors)


def corpus(size: int, seed: int) -> tuple[list[Statement], ActorRegistry, set[tuple[str, str]]]:
    """`size` allegations and `size` responses, and which response answers which."""
    rng = random.Random(seed)
    reg = registry(rng)
    general = [_word(rng, rng.randint(4, 9)) for _ in range(5000)]
    topic_words = {t: [_word(rng, rng.randint(5, 9)) for _ in range(40)] for t in TOPICS}
    names = [_word(rng, rng.randint(5, 8)).title() for _ in range(3000)]
    speakers = {
        side: [a.id for a in reg.actors.values() if a.side == side]
        for side in ("beijing", "ottawa", "other")
    }
    statements: list[Statement] = []
    truth: set[tuple[str, str]] = set()
    recent: list[Statement] = []

    def text(topic: str, things: list[str]) -> str:
        words = rng.choices(general, k=14) + rng.sample(topic_words[topic], 4) + things
        rng.shuffle(words)
        return " ".join(words) + "."

    allegations = responses = 0
    article = 0
    while allegations < size or responses < size:
        article += 1
        published = START + timedelta(days=rng.randrange(DAYS))
        article_id = f"art{article:06d}"
        position = 0
        here: list[Statement] = []
        for _ in range(rng.randint(1, 3)):
            if allegations >= size:
                break
            allegations += 1
            topic = rng.choice(TOPICS)
            target_side = rng.choice(("beijing", "ottawa"))
            speaker_side = (
                "ottawa" if target_side == "beijing" else rng.choice(("beijing", "other"))
            )
            dated = rng.random() < 0.7
            when = published - timedelta(days=rng.randint(0, 5))
            s = Statement(
                id=f"a{allegations}",
                article=article_id,
                role="allegation",
                speaker=rng.choice(speakers[speaker_side]),
                target=rng.choice(speakers[target_side]),
                topic=topic,
                quote=text(topic, rng.sample(names, 2)),
                position=position,
                paragraph=position // 200,
                date=when.isoformat() if dated else None,
                first=when if dated else None,
                last=when if dated else None,
                published_first=published,
                published_last=published,
            )
            position += 150
            statements.append(s)
            here.append(s)
        for _ in range(rng.randint(1, 3)):
            if responses >= size:
                break
            pool = [a for a in recent if (published - (a.last or a.published_last)).days < 45]
            if here and (rng.random() < 0.67 or not pool):
                answered = rng.choice(here)
            elif pool:
                answered = rng.choice(pool)
            else:
                continue
            responses += 1
            target_side = reg.actors[answered.target].side
            things = [w for w in answered.quote.rstrip(".").split() if w[0].isupper()]
            shared = rng.sample(things, min(len(things), rng.randint(0, 2)))
            dated = rng.random() < 0.7
            s = Statement(
                id=f"r{responses}",
                article=article_id,
                role="response",
                speaker=rng.choice(speakers[target_side]),
                kind=rng.choice(("denial", "rejection", "no-comment", "protest")),
                topic=answered.topic,
                quote=text(answered.topic, shared),
                position=position,
                paragraph=position // 200,
                date=published.isoformat() if dated else None,
                first=published if dated else None,
                last=published if dated else None,
                published_first=published,
                published_last=published,
            )
            position += 150
            statements.append(s)
            truth.add((s.id, answered.id))
        recent = (recent + here)[-400:]
    return statements, reg, truth


def write_database(statements: list[Statement], reg: ActorRegistry, path: Path):
    """The corpus in a claimtrack SQLite file; returns the open connection."""
    from claimtrack.db import open_db

    conn = open_db(path)
    with conn:
        conn.executemany(
            "INSERT INTO actors (id, name, side, kind, parent) VALUES (?, ?, ?, ?, ?)",
            [(a.id, a.name, a.side, a.kind, None) for a in reg.actors.values() if not a.parent]
            + [(a.id, a.name, a.side, a.kind, a.parent) for a in reg.actors.values() if a.parent],
        )
        articles = {s.article: s.published_first for s in statements}
        # Paragraphs of 200 characters, as the in-memory corpus numbers them.
        text = ("." * 199 + "\n") * 10
        conn.executemany(
            "INSERT INTO articles (id, published, text) VALUES (?, ?, ?)",
            [(k, v.isoformat(), text) for k, v in articles.items()],
        )
        conn.executemany(
            """INSERT INTO statements (id, article_id, role, speaker_id, target_id, kind,
            topic, summary, quote, quote_start, quote_end, date, date_first, date_last)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    s.id,
                    s.article,
                    s.role,
                    s.speaker,
                    s.target,
                    s.kind,
                    s.topic,
                    s.quote,
                    s.position,
                    s.position + len(s.quote),
                    s.date,
                    s.first.isoformat() if s.first else None,
                    s.last.isoformat() if s.last else None,
                )
                for s in statements
            ],
        )
    return conn


def main() -> None:
    from claimtrack.pairing.proposals import database_engine, database_proposals

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="allegations (and responses)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    began = time.perf_counter()
    statements, reg, truth = corpus(args.size, args.seed)
    made = time.perf_counter() - began
    allegations = sum(s.may_be_answered for s in statements)
    responses = sum(s.is_response for s in statements)
    print(
        f"corpus: {allegations} allegations x {responses} responses in "
        f"{len({s.article for s in statements})} articles (generated in {made:.1f} s)"
    )
    with tempfile.TemporaryDirectory() as folder:
        conn = write_database(statements, reg, Path(folder) / "bench.db")
        del statements
        began = time.perf_counter()
        engine = database_engine(conn)
        prepared = time.perf_counter() - began
        scored = 0
        original = engine.score_response

        def counting(response):
            nonlocal scored
            found = original(response)
            scored += len(found)
            return found

        engine.score_response = counting
        began = time.perf_counter()
        proposals = list(database_proposals(conn, engine))
        paired = time.perf_counter() - began
        conn.close()
    found = {(p.response_id, p.allegation_id) for p in proposals}
    correct = len(found & truth)
    print(
        f"first pass (rarity, index): {prepared:.1f} s; blocks (candidates, scores): "
        f"{paired:.1f} s; total {prepared + paired:.1f} s"
    )
    print(
        f"pairs scored: {scored:,} of {allegations * responses:,} possible "
        f"({scored / (allegations * responses):.4%})"
    )
    print(
        f"proposals: {len(proposals):,}; against the generated answers: precision "
        f"{correct / max(len(found), 1):.3f}, recall {correct / max(len(truth), 1):.3f}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (corpus, database and engine): {peak:.0f} MB")


if __name__ == "__main__":
    main()
