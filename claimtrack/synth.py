"""A deterministic synthetic corpus, for benchmarks and scale tests.

    python -m claimtrack.synth --statements 100000 --seed 7 OUT

writes articles whose text really contains every statement's quote (so `load` checks
them as it checks real ones), with actors from the bundled registry plus generated
ones, allegations and replies of every kind with lags of days to weeks, some answering
an allegation from an earlier article, dates given as ISO, as phrases ("on Friday")
or not at all, speakers named by id, name or alias, offsets given or left to `load`:

    OUT/actors.json                  the registry and the generated actors (a bundle)
    OUT/bundles/NNN/NNNNNN.json      one bundle per article: article, text, statements
    OUT/articles/NNN/NNNNNN.json     the same articles without statements (--formats jsonl, csv)
    OUT/statements.jsonl             every statement, one per line   (--formats jsonl)
    OUT/statements.csv               the same as CSV                 (--formats csv)
    OUT/manifest.json                counts, seed and the load commands

`claimtrack load OUT/actors.json OUT/bundles` and `claimtrack load OUT/actors.json
OUT/articles OUT/statements.jsonl` load the same rows. The same arguments always write
the same bytes. Nothing is held in memory but the article being written and a window of
recent allegations, so a million statements take no more memory than ten.

Quotes vary as a real spokesperson's do from one briefing to the next: each is built from
one of several sentence frames and carries its own specifics (the made-up words standing
for the names, places and things a real claim mentions), so two different claims of one
speaker against one target on one topic share the frame words and little else. Their
wording is drawn from a generator seeded by the statement's id, apart from the one that
draws articles, speakers, dates and links: the corpus's shape does not depend on it.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from claimtrack.model import STATEMENT_FIELDS, TOPICS

#: Changes whenever the same arguments would write other bytes (a kept corpus is stale).
VERSION = 2
START = date(2019, 1, 1)
END = date(2025, 12, 31)
ARTICLES_PER_FOLDER = 1000
#: Statements per article, on average (2 to 14).
PER_ARTICLE = 8
GENERATED_ACTORS = {"beijing": 60, "ottawa": 60, "other": 30}

KIND_WORDS = {
    "denial": ("denied", "any involvement"),
    "rejection": ("rejected", "the accusations as baseless slander"),
    "counter-accusation": ("accused", "the accuser of hypocrisy"),
    "no-comment": ("declined", "to comment on the matter"),
    "deflection": ("said", "the question should be put to the other side"),
    "protest": ("lodged", "stern representations and a strong protest"),
    "threat": ("warned", "that necessary measures would follow"),
    "acknowledgement": ("acknowledged", "that the meetings had taken place"),
    "other": ("commented", "on the broader relationship"),
}
KIND_WEIGHTS = (24, 30, 10, 10, 8, 8, 4, 3, 3)
PHRASES = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "yesterday")
OUTLETS = ("Synthetic Daily", "Le Journal Synthétique", "The Sample Times", "Wire Service X")
#: How an allegation is put: {s} speaker, {w} when, {t} target, {c} charge, {e} evidence.
ALLEGATION_FRAMES = (
    "{s} {w} accused {t} of {c}, citing “{e}” among other evidence",
    "{s} {w} blamed {t} for {c}, pointing to “{e}”",
    "{s} {w} held {t} responsible for {c} after reports of “{e}”",
    "{s} {w} condemned {t} for {c}, describing “{e}” as proof",
    "{s} {w} charged that {t} was behind {c}, with “{e}” on the record",
)
#: How a reply is put: {s} speaker, {w} when, {v} the kind's verb, {r} the rest, {e} its words.
RESPONSE_FRAMES = (
    "{s} {w} {v} {r} — “{e}”",
    "{s} {w} {v} {r}, adding “{e}”",
    "{s} {w} {v} {r} and said “{e}”",
    "{s} {w} {v} {r}; “{e}” was the answer",
)


@dataclass
class _Allegation:
    id: str
    speaker: str
    target: str
    target_side: str
    topic: str
    day: date


@dataclass
class _State:
    """What generation carries from one article to the next."""

    rng: random.Random
    actors: dict[str, dict[str, Any]]
    by_side: dict[str, list[str]]
    words: list[str]
    prefix: str
    recent: deque = field(default_factory=lambda: deque(maxlen=400))
    seed: int = 0

    def wording(self, statement_id: str) -> random.Random:
        """The generator of one statement's wording (frame and specifics)."""
        return random.Random(f"{self.seed}:{statement_id}")

    def specifics(self, wording: random.Random, drawn: list[str], least: int, most: int) -> str:
        """The words naming what this claim is about: those `drawn` already and more."""
        return " ".join(drawn + wording.choices(self.words, k=wording.randint(least, most)))


def _word(rng: random.Random, length: int) -> str:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(rng.choice(vowels if i % 2 else consonants) for i in range(length))


def _registry() -> list[dict[str, Any]]:
    from dataclasses import asdict

    from claimtrack.fixtures import bundled_fixtures, read_actors

    return [asdict(actor) for actor in read_actors(bundled_fixtures() / "actors.json")]


def _actors(rng: random.Random) -> list[dict[str, Any]]:
    """The bundled registry plus generated officials, MPs and outlets (names that mean
    no other actor, some non-ASCII)."""
    from claimtrack.actors import name_key

    actors = _registry()
    taken = {name_key(n) for a in actors for n in (a["id"], a["name"], *a["aliases"])}
    parents = {"beijing": ("china-mfa", "china"), "ottawa": ("canada", "global-affairs-canada")}
    kinds = {"beijing": "spokesperson", "ottawa": "mp", "other": "media"}
    titles = {"beijing": "Spokesperson", "ottawa": "MP", "other": "Columnist"}
    for side, count in GENERATED_ACTORS.items():
        made = 0
        while made < count:
            first, last = _word(rng, rng.randint(3, 5)).title(), _word(rng, rng.randint(4, 7))
            last = last.title() if rng.random() < 0.8 else last.title().replace("e", "é", 1)
            name = f"{first} {last}"
            alias = f"{titles[side]} {name}"
            actor_id = f"synth-{side}-{made:03d}"
            if {name_key(name), name_key(alias), name_key(actor_id)} & taken:
                continue
            taken |= {name_key(name), name_key(alias), name_key(actor_id)}
            actors.append(
                {
                    "id": actor_id,
                    "name": name,
                    "side": side,
                    "kind": kinds[side],
                    "parent": rng.choice(parents[side]) if side in parents else None,
                    "aliases": [alias],
                }
            )
            made += 1
    return actors


def _surface(state: _State, actor_id: str) -> tuple[str, str]:
    """How a record names the actor (id, name or alias) and how the text names it."""
    actor = state.actors[actor_id]
    text_name = state.rng.choice([actor["name"], *actor["aliases"][:2]])
    pick = state.rng.random()
    record_name = actor_id if pick < 0.6 else actor["name"] if pick < 0.85 else text_name
    return record_name, text_name


def _filler(state: _State, n: int) -> str:
    words = state.rng.choices(state.words, k=n)
    return " ".join(words).capitalize() + "."


def _when(state: _State, day: date, published: date) -> tuple[dict[str, str | None], str]:
    """The record's date fields and the words the sentence uses for them."""
    pick = state.rng.random()
    if pick < 0.45:
        return {"date": day.isoformat(), "date_phrase": None}, f"on {day:%B} {day.day}"
    if pick < 0.75:
        phrase = state.rng.choice(PHRASES)
        return {"date": None, "date_phrase": phrase}, phrase
    return {"date": None, "date_phrase": None}, "this week"


def _article(state: _State, number: int, published: date, size: int) -> dict[str, Any]:
    """One article: text, metadata and `size` statements whose quotes are in the text."""
    rng = state.rng
    article_id = f"{state.prefix}{number:06d}"
    paragraphs: list[str] = []
    statements: list[dict[str, Any]] = []
    here: list[_Allegation] = []
    topic = rng.choice(list(TOPICS))
    title = f"Report {number}: {topic} row deepens"
    offset = len(title) + 2
    counts = {"a": 0, "r": 0}
    pool = [a for a in state.recent if 0 <= (published - a.day).days <= 45]
    for position in range(size):
        respond = position > 0 and (here or pool) and rng.random() < 0.5
        if respond:
            counts["r"] += 1
            record, sentence = _response(state, article_id, counts["r"], published, here, pool)
        else:
            counts["a"] += 1
            record, sentence, allegation = _allegation(
                state, article_id, counts["a"], published, topic
            )
            here.append(allegation)
        lead = _filler(state, rng.randint(6, 14))
        paragraph = f"{lead} {sentence} {_filler(state, rng.randint(4, 10))}"
        start = offset + len(lead) + 1
        quote = record["quote"]
        if rng.random() < 0.5:
            record["start"], record["end"] = start, start + len(quote)
        paragraphs.append(paragraph)
        offset += len(paragraph) + 2
        statements.append(record)
    state.recent.extend(here)
    text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    article = {
        "id": article_id,
        "title": title,
        "outlet": rng.choice(OUTLETS),
        "url": f"https://example.org/synthetic/{article_id}",
        "published": published.isoformat(),
        "published_basis": "synthetic",
        "text": text,
    }
    return {"article": article, "statements": statements}


def _allegation(
    state: _State, article_id: str, n: int, published: date, topic: str
) -> tuple[dict[str, Any], str, _Allegation]:
    rng = state.rng
    target_side = rng.choice(("beijing", "ottawa"))
    speaker_side = "ottawa" if target_side == "beijing" else rng.choice(("beijing", "other"))
    speaker = rng.choice(state.by_side[speaker_side])
    target = rng.choice(state.by_side[target_side])
    day = published - timedelta(days=rng.randint(0, 3))
    dates, when = _when(state, day, published)
    speaker_record, speaker_text = _surface(state, speaker)
    target_record, target_text = _surface(state, target)
    record_id = f"{article_id}-a{n}"
    wording = state.wording(record_id)
    detail = state.specifics(wording, rng.choices(state.words, k=3), 2, 5)
    quote = wording.choice(ALLEGATION_FRAMES).format(
        s=speaker_text, w=when, t=target_text, c=TOPICS[topic], e=detail
    )
    record = {
        "id": record_id,
        "article": article_id,
        "role": "allegation",
        "speaker": speaker_record,
        "target": target_record,
        "topic": topic,
        "summary": f"{state.actors[speaker]['name']} accuses {state.actors[target]['name']} of {TOPICS[topic]}.",
        "quote": quote,
        **dates,
    }
    allegation = _Allegation(record["id"], speaker, target, target_side, topic, day)
    return record, quote + ".", allegation


def _response(
    state: _State,
    article_id: str,
    n: int,
    published: date,
    here: list[_Allegation],
    pool: list[_Allegation],
) -> tuple[dict[str, Any], str]:
    rng = state.rng
    source = here if here and (rng.random() < 0.7 or not pool) else pool
    answered = rng.sample(source, min(len(source), 1 if rng.random() < 0.85 else 2))
    first = answered[0]
    kind = rng.choices(list(KIND_WORDS), KIND_WEIGHTS)[0]
    side = first.target_side if rng.random() < 0.9 else rng.choice(("beijing", "ottawa", "other"))
    speaker = rng.choice(state.by_side[side])
    lag = max((published - a.day).days for a in answered)
    day = published - timedelta(days=rng.randint(0, max(0, min(lag, 2))))
    dates, when = _when(state, day, published)
    speaker_record, speaker_text = _surface(state, speaker)
    verb, rest = KIND_WORDS[kind]
    record: dict[str, Any] = {
        "id": f"{article_id}-r{n}",
        "article": article_id,
        "role": "response",
        "speaker": speaker_record,
        "kind": kind,
        "topic": first.topic,
    }
    if kind == "counter-accusation":
        record["target"] = first.speaker
        accuser = state.actors[first.speaker]["name"]
        rest = f"{accuser} of {rng.choice(list(TOPICS.values()))}"
    wording = state.wording(record["id"])
    detail = state.specifics(wording, rng.choices(state.words, k=2), 2, 4)
    quote = wording.choice(RESPONSE_FRAMES).format(s=speaker_text, w=when, v=verb, r=rest, e=detail)
    record.update(
        summary=f"{state.actors[speaker]['name']} {verb} {rest}.",
        quote=quote,
        **dates,
        replies_to=[a.id for a in answered] if rng.random() < 0.9 else [],
    )
    return record, quote + "."


def generate(statements: int, seed: int, prefix: str = "syn") -> Iterator[dict[str, Any]]:
    """Yield the actors bundle, then one bundle per article, `statements` statements in all;
    article ids are `prefix` and a number (statement ids add -a1, -r1 ...)."""
    rng = random.Random(seed)
    actors = _actors(rng)
    yield {"actors": actors}
    by_side: dict[str, list[str]] = {"beijing": [], "ottawa": [], "other": []}
    for actor in actors:
        by_side[actor["side"]].append(actor["id"])
    words = [_word(rng, rng.randint(3, 9)) for _ in range(4000)]
    state = _State(rng, {a["id"]: a for a in actors}, by_side, words, prefix, seed=seed)
    articles = max(1, statements // PER_ARTICLE)
    span = (END - START).days
    made = 0
    for number in range(articles):
        left = statements - made
        size = left if number == articles - 1 else min(left, rng.randint(2, 2 * PER_ARTICLE - 2))
        if size <= 0:
            break
        published = START + timedelta(days=number * span // articles)
        yield _article(state, number, published, size)
        made += size


def _dump(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _csv_row(record: dict[str, Any]) -> list[Any]:
    row = []
    for name in STATEMENT_FIELDS:
        value = record.get(name)
        row.append(";".join(value) if isinstance(value, list) else "" if value is None else value)
    return row


def write_corpus(
    out: Path, statements: int, seed: int, formats: tuple[str, ...], prefix: str = "syn"
) -> dict:
    """Write the corpus under `out` in the chosen forms; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    jsonl: TextIO | None = None
    table: Any = None
    handles: list[TextIO] = []
    if "jsonl" in formats:
        jsonl = open(out / "statements.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        handles.append(jsonl)
    if "csv" in formats:
        handle = open(out / "statements.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        handles.append(handle)
        table = csv.writer(handle, lineterminator="\n")
        table.writerow(STATEMENT_FIELDS)
    counts = {"articles": 0, "statements": 0, "allegations": 0, "responses": 0, "links": 0}
    try:
        for number, bundle in enumerate(generate(statements, seed, prefix)):
            if number == 0:
                _dump(out / "actors.json", bundle)
                counts["actors"] = len(bundle["actors"])
                continue
            name = f"{(number - 1) // ARTICLES_PER_FOLDER:03d}/{number - 1:06d}.json"
            if "bundles" in formats:
                _dump(out / "bundles" / name, bundle)
            if jsonl or table:
                _dump(out / "articles" / name, {"article": bundle["article"]})
            counts["articles"] += 1
            for record in bundle["statements"]:
                counts["statements"] += 1
                counts["allegations" if record["role"] == "allegation" else "responses"] += 1
                counts["links"] += len(record.get("replies_to") or ())
                if jsonl:
                    jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
                if table:
                    table.writerow(_csv_row(record))
    finally:
        for handle in handles:
            handle.close()
    manifest = {
        "version": VERSION,
        "seed": seed,
        "prefix": prefix,
        "formats": list(formats),
        **counts,
        "load": {
            "bundles": ["actors.json", "bundles"],
            "jsonl": ["actors.json", "articles", "statements.jsonl"],
            "csv": ["actors.json", "articles", "statements.csv"],
        },
    }
    _dump(out / "manifest.json", manifest)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m claimtrack.synth", description=__doc__.splitlines()[0]
    )
    parser.add_argument("out", type=Path, help="folder to write (created if missing)")
    parser.add_argument("--statements", type=int, default=10_000, help="how many statements")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same bytes")
    parser.add_argument(
        "--prefix",
        default="syn",
        help="article ids start with this (default syn): corpora with different prefixes "
        "load side by side",
    )
    parser.add_argument(
        "--formats",
        default="bundles,jsonl",
        help="comma-separated, from bundles, jsonl, csv (default: bundles,jsonl)",
    )
    args = parser.parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = set(formats) - {"bundles", "jsonl", "csv"}
    if unknown or not formats:
        parser.error(f"--formats: choose from bundles, jsonl, csv (got {args.formats!r})")
    if args.statements < 1:
        parser.error("--statements: at least 1")
    if not args.prefix or not args.prefix.replace("-", "").replace("_", "").isalnum():
        parser.error("--prefix: letters, digits, - and _ only")
    manifest = write_corpus(args.out, args.statements, args.seed, formats, args.prefix)
    print(
        f"wrote {manifest['statements']} statements ({manifest['allegations']} allegations, "
        f"{manifest['responses']} responses, {manifest['links']} reply links) in "
        f"{manifest['articles']} articles and {manifest['actors']} actors to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
