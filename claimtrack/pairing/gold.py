"""A gold folder in the development set's format, loaded without its links.

The folder holds `gold/*.json` (one annotated article each) and `articles/*.txt` (the
texts); a folder of gold files with the articles in `../articles` works too. Each gold
statement becomes a statement record as `load` reads it: the speaker's description
becomes an actor of its side, the quote's first 80 characters the summary, a response's
links are left out, and a counter-accusation is aimed at its twin allegation's target
(or, with no twin, at whoever made the first allegation it answers), exactly as the
project's reference scorer builds them. The gold links among core (not borderline)
statements are the truth.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from claimtrack.model import ClaimtrackError


@dataclass
class Gold:
    """The truth of a gold folder: core links (response id, allegation id), the
    borderline statement ids, and the article of each statement."""

    links: set[tuple[str, str]]
    borderline: set[str]
    article_of: dict[str, str]


def _slug(text: str) -> str:
    return "g-" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50]


def _folders(folder: Path) -> tuple[Path, Path]:
    """(gold files folder, articles folder) of a gold folder."""
    if (folder / "gold").is_dir():
        return folder / "gold", folder / "articles"
    if any(folder.glob("*.json")) and (folder.parent / "articles").is_dir():
        return folder, folder.parent / "articles"
    raise ClaimtrackError(
        f"{folder}: not a gold folder (expected gold/*.json and articles/*.txt in it)"
    )


def _bundle(doc: dict, text: str) -> dict:
    """One gold article as a bundle, its links left out."""
    by_id = {s["id"]: s for s in doc["statements"]}
    actors: dict[str, dict] = {}
    statements = []

    def actor(name: str, side: str) -> str:
        key = _slug(name)
        actors.setdefault(key, {"id": key, "name": name, "side": side, "kind": "person"})
        return key

    for s in doc["statements"]:
        record = {
            "id": s["id"],
            "article": doc["file"][:-4],
            "role": s["role"],
            "speaker": actor(s["speaker"], s["speaker_side"]),
            "summary": s["quote"][:80],
            "quote": s["quote"],
            "topic": s.get("topic") or "",
            "date": s.get("date"),
            "date_phrase": s.get("date_phrase"),
        }
        if s["role"] == "allegation":
            record["target"] = actor(s["target"], s["target_side"])
        else:
            record["kind"] = s["kind"]
            if s["kind"] == "counter-accusation":
                twin = next(
                    (
                        x
                        for x in doc["statements"]
                        if x["role"] == "allegation" and x["quote"] == s["quote"]
                    ),
                    None,
                )
                first = twin or next(
                    (by_id[x] for x in s.get("replies_to") or [] if x in by_id), None
                )
                if first:
                    who, side = (
                        (first["target"], first["target_side"])
                        if twin
                        else (first["speaker"], first["speaker_side"])
                    )
                    record["target"] = actor(who, side)
        statements.append({k: v for k, v in record.items() if v is not None})
    article = {
        "id": doc["file"][:-4],
        "title": doc.get("headline") or doc["file"],
        "url": doc.get("url"),
        "published": doc.get("published"),
        "text": text,
    }
    return {"article": article, "actors": list(actors.values()), "statements": statements}


def load_gold(conn: sqlite3.Connection, folder: str | Path) -> Gold:
    """Load a gold folder's statements, without links, into `conn`; return the truth."""
    from claimtrack.load import load_paths

    gold_dir, articles_dir = _folders(Path(folder))
    links: set[tuple[str, str]] = set()
    borderline: set[str] = set()
    article_of: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="claimtrack-gold-") as scratch:
        files = []
        for path in sorted(gold_dir.glob("*.json")):
            try:
                doc = json.loads(path.read_text("utf-8"))
                text = (articles_dir / doc["file"]).read_text("utf-8")
            except (OSError, ValueError, KeyError) as exc:
                raise ClaimtrackError(f"{path}: cannot read the gold file ({exc})") from None
            for s in doc["statements"]:
                article_of[s["id"]] = doc["file"][:-4]
                if s.get("borderline"):
                    borderline.add(s["id"])
                if s["role"] == "response":
                    links |= {(s["id"], a) for a in s.get("replies_to") or []}
            bundle = Path(scratch) / f"{doc['file'][:-4]}.json"
            bundle.write_text(json.dumps(_bundle(doc, text)), "utf-8")
            files.append(bundle)
        if not files:
            raise ClaimtrackError(f"{folder}: no gold files (*.json) in {gold_dir}")
        load_paths(conn, files)
    core = {(r, a) for r, a in links if r not in borderline and a not in borderline}
    return Gold(core, borderline, article_of)
