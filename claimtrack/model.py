"""The vocabulary of claimtrack: sides, roles, reply kinds, record fields, and the error type.

Everything here is plain data so that every other module (load, queries, render, cli)
agrees on the same words without importing each other.
"""

from __future__ import annotations

SIDES = ("beijing", "ottawa", "other")
ROLES = ("allegation", "response")
REPLY_KINDS = (
    "denial",
    "rejection",
    "counter-accusation",
    "no-comment",
    "deflection",
    "protest",
    "threat",
    "acknowledgement",
    "other",
)
LINK_ORIGINS = ("curated", "manual", "auto")

#: The fields of one statement record, in the order every format writes them.
STATEMENT_FIELDS = (
    "id",
    "article",
    "role",
    "speaker",
    "speaker_side",
    "target",
    "target_side",
    "kind",
    "topic",
    "summary",
    "quote",
    "start",
    "end",
    "date",
    "date_phrase",
    "replies_to",
)
#: Fields a statement record may carry on input; `target_side` is output only but accepted
#: so that the rows `claimtrack allegations --json` prints load back unchanged.
STATEMENT_INPUT_FIELDS = frozenset(STATEMENT_FIELDS) | {"evidence"}
ARTICLE_FIELDS = frozenset(
    {"id", "title", "outlet", "url", "published", "published_basis", "text", "text_file"}
)
ACTOR_FIELDS = frozenset({"id", "name", "side", "kind", "parent", "aliases"})
BUNDLE_KEYS = frozenset({"article", "actors", "statements"})

COMPARE_COLUMNS = (
    "allegation_id",
    "alleged_on",
    "alleged_by",
    "alleger_side",
    "target",
    "target_side",
    "topic",
    "allegation",
    "allegation_quote",
    "reply_id",
    "replied_on",
    "replied_by",
    "replier_side",
    "reply_kind",
    "reply",
    "reply_quote",
    "lag_days",
    "link_origin",
    "link_score",
    "article",
)
UNANSWERED_COLUMNS = (
    "allegation_id",
    "alleged_on",
    "alleged_by",
    "alleger_side",
    "target",
    "target_side",
    "topic",
    "allegation",
    "quote",
    "article",
    "days_open",
    "checked_until",
)
ACTOR_COLUMNS = ("id", "name", "side", "kind", "parent", "aliases")
ARTICLE_COLUMNS = (
    "id",
    "title",
    "outlet",
    "url",
    "published",
    "published_basis",
    "allegations",
    "responses",
)


class ClaimtrackError(Exception):
    """A problem the user can fix: printed as one line on stderr, exit code 1."""
