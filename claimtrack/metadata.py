"""Datasette metadata, so `datasette claimtrack.db -m metadata.json` explains itself.

Titles and descriptions for every table and view, a description for every column of
the views the commands print (per claim and per appearance) and of the claim tables,
and facets on side, kind and topic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimtrack.model import ClaimtrackError

COLUMN_DESCRIPTIONS = {
    "allegation_id": "Id of the allegation (article id, a for allegation, number)",
    "alleged_on": "Date of the allegation, ISO, at the precision the text gives",
    "date_basis": "Where alleged_on comes from: statement (its own date) or article (its article's published date)",
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
    "claim_id": "The claim this row stands for: c- and the id of the statement it was first grouped under",
    "appearances": "How many statements (copies in any article) the claim has",
    "outlets": "How many distinct outlets carried the claim",
    "first_reported": "Earliest published date of an article carrying the claim",
    "first_outlet": "Outlet of that earliest article",
}

#: Columns of the tables the claims add (statements gains the claim_ ones).
TABLE_COLUMN_DESCRIPTIONS = {
    "statements": {
        "claim_id": "The claim this statement is one appearance of (claims.id)",
        "claim_score": "Score of the strongest evidence that put it in its claim, 0 to 1; empty for a claim of one appearance or a merge by hand",
        "claim_reason": "Why it joined its claim: how alike the quotes are, same speaker, target, kind, day",
    },
    "claims": {
        "id": "Claim id: c- and the id of the statement it was first grouped under; kept while that statement stays in it",
        "canonical_id": "The claim's canonical statement: its earliest appearance",
        "first_reported": "Earliest published date of an article carrying the claim",
        "first_outlet": "Outlet of that earliest article",
        "appearances": "How many statements the claim has",
        "outlets": "How many distinct outlets carried it (letter case ignored)",
    },
    "claim_corrections": {
        "statement_id": "One statement of the pair (the smaller id)",
        "other_id": "The other statement",
        "action": "merge (claimtrack merge: always one claim) or split (claimtrack split: never one claim)",
        "made_at": "When the correction was made (UTC, ISO)",
    },
}

TABLES = {
    "comparison": (
        "Allegations and replies side by side, per claim",
        "One row per allegation claim and reply claim (a reply to any appearance answers the "
        "claim), showing the canonical appearance of each; claims without a reply have empty "
        "reply columns.",
        ["alleger_side", "target_side", "reply_kind", "topic", "link_origin"],
    ),
    "comparison_appearances": (
        "Allegations and replies side by side, per statement",
        "One row per allegation-reply pair, every copy of a claim on its own row "
        "(compare --appearances).",
        ["alleger_side", "target_side", "reply_kind", "topic", "link_origin"],
    ),
    "unanswered": (
        "Unanswered claims",
        "Allegation claims none of whose appearances an actor of the targeted side has replied "
        "to (a no-comment counts as a reply).",
        ["target_side", "alleger_side", "topic"],
    ),
    "unanswered_strict": (
        "Unanswered claims (strict)",
        "As unanswered, but a no-comment does not count as a reply.",
        ["target_side", "alleger_side", "topic"],
    ),
    "unanswered_appearances": (
        "Unanswered allegations, per statement",
        "Allegations the targeted side has not replied to, every copy on its own row "
        "(unanswered --appearances).",
        ["target_side", "alleger_side", "topic"],
    ),
    "unanswered_strict_appearances": (
        "Unanswered allegations (strict), per statement",
        "As unanswered_appearances, but a no-comment does not count as a reply.",
        ["target_side", "alleger_side", "topic"],
    ),
    "answers": (
        "Answers",
        "Which reply answers which allegation: linked and spoken by the targeted side; strict "
        "when it is not a no-comment.",
        [],
    ),
    "claims": (
        "Claims",
        "The same allegation or reply as reported by many articles: canonical statement, first "
        "report, appearances and outlets.",
        ["first_outlet"],
    ),
    "claim_corrections": (
        "Claim corrections",
        "Merges and splits made by hand; every later grouping obeys them.",
        ["action"],
    ),
    "rejected_links": (
        "Rejected links",
        "Reply links removed by hand (claimtrack unlink): never proposed or loaded again.",
        [],
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
        if name in _VIEW_COLUMNS:
            entry["columns"] = {c: COLUMN_DESCRIPTIONS[c] for c in _VIEW_COLUMNS[name]}
        elif name in TABLE_COLUMN_DESCRIPTIONS:
            entry["columns"] = dict(TABLE_COLUMN_DESCRIPTIONS[name])
        tables[name] = entry
    return {
        "title": "claimtrack",
        "description": "Allegations and official replies from news articles: who alleged what, "
        "who answered, and what was never answered.",
        "databases": {database_name: {"tables": tables}},
    }


def _view_columns() -> dict[str, tuple[str, ...]]:
    """The columns of the views the commands print, in the views' order."""
    from claimtrack.claims.answers import CLAIM_COLUMNS
    from claimtrack.model import COMPARE_COLUMNS, UNANSWERED_COLUMNS

    return {
        "comparison": (*COMPARE_COLUMNS, *CLAIM_COLUMNS),
        "comparison_appearances": COMPARE_COLUMNS,
        "unanswered": (*UNANSWERED_COLUMNS, *CLAIM_COLUMNS),
        "unanswered_strict": (*UNANSWERED_COLUMNS, *CLAIM_COLUMNS),
        "unanswered_appearances": UNANSWERED_COLUMNS,
        "unanswered_strict_appearances": UNANSWERED_COLUMNS,
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
