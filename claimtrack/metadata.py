"""Datasette metadata, so `datasette claimtrack.db -m metadata.json` explains itself.

Titles and descriptions for every table and view, a description for every column of
the views the commands print, and facets on side, kind and topic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimtrack.model import ClaimtrackError

COLUMN_DESCRIPTIONS = {
    "allegation_id": "Id of the allegation (article id, a for allegation, number)",
    "alleged_on": "Date of the allegation, ISO, at the precision the text gives",
    "alleged_by": "Who made the allegation (registry name)",
    "alleger_side": "Side of who made it: beijing, ottawa or other",
    "target": "Who the allegation accuses",
    "target_side": "Side of the accused",
    "topic": "Short lowercase topic",
    "allegation": "One-line summary of the allegation, in the curator's words",
    "allegation_quote": "The allegation's exact words in the article",
    "reply_id": "Id of the reply, if any",
    "replied_on": "Date of the reply",
    "replied_by": "Who replied",
    "replier_side": "Side of who replied",
    "reply_kind": "denial, rejection, counter-accusation, no-comment, deflection, protest, threat, acknowledgement or other",
    "reply": "One-line summary of the reply",
    "reply_quote": "The reply's exact words in the article",
    "lag_days": "Whole days from allegation to reply (both dated to the day)",
    "link_origin": "curated (fixture), manual (claimtrack link) or auto (claimtrack pair)",
    "link_score": "Confidence of the link, 0 to 1",
    "article": "Article the allegation was found in",
    "quote": "Exact words in the article",
    "days_open": "Days since the allegation (or its article) with no reply from the target's side",
    "checked_until": "Latest article in which the target's side speaks: how far the search for a reply went",
}

TABLES = {
    "comparison": (
        "Allegations and replies side by side",
        "One row per allegation-reply pair; allegations without a reply have empty reply columns.",
        ["alleger_side", "target_side", "reply_kind", "topic", "link_origin"],
    ),
    "unanswered": (
        "Unanswered allegations",
        "Allegations no actor of the targeted side has replied to (a no-comment counts as a reply).",
        ["target_side", "alleger_side", "topic"],
    ),
    "unanswered_strict": (
        "Unanswered allegations (strict)",
        "As unanswered, but a no-comment does not count as a reply.",
        ["target_side", "alleger_side", "topic"],
    ),
    "statements": (
        "Statements",
        "Every allegation and response, with its exact quote and offsets in the article text.",
        ["role", "kind", "topic", "article_id"],
    ),
    "reply_links": (
        "Reply links",
        "Which response answers which allegation, with origin, score and reason.",
        ["origin"],
    ),
    "actors": ("Actors", "Who speaks or is spoken of, with side and parent.", ["side", "kind"]),
    "aliases": ("Aliases", "Every name an actor goes by in the articles.", []),
    "articles": ("Articles", "Source articles with their full text and published date.", []),
}


def datasette_metadata(database_name: str) -> dict[str, Any]:
    """The metadata document for a database file named `database_name` (its stem)."""
    tables: dict[str, Any] = {}
    for name, (title, description, facets) in TABLES.items():
        entry: dict[str, Any] = {"title": title, "description": description}
        if facets:
            entry["facets"] = facets
        if name in ("comparison", "unanswered", "unanswered_strict"):
            entry["columns"] = {
                c: d for c, d in COLUMN_DESCRIPTIONS.items() if c in _VIEW_COLUMNS[name]
            }
        tables[name] = entry
    return {
        "title": "claimtrack",
        "description": "Allegations and official replies from news articles: who alleged what, "
        "who answered, and what was never answered.",
        "databases": {database_name: {"tables": tables}},
    }


def _view_columns() -> dict[str, tuple[str, ...]]:
    from claimtrack.model import COMPARE_COLUMNS, UNANSWERED_COLUMNS

    return {
        "comparison": COMPARE_COLUMNS,
        "unanswered": UNANSWERED_COLUMNS,
        "unanswered_strict": UNANSWERED_COLUMNS,
    }


_VIEW_COLUMNS = _view_columns()


def write_metadata(path: Path, document: str, database: Path) -> None:
    """Write the document to `path`, unless that would overwrite the database or any other
    SQLite file (`metadata -o claimtrack.db` would otherwise replace the data with JSON)."""
    try:
        if path.exists() and (database.exists() and path.samefile(database) or _is_sqlite(path)):
            raise ClaimtrackError(f"{path}: a SQLite database; metadata will not overwrite it")
        path.write_text(document, encoding="utf-8")
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"
