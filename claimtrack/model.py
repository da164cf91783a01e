"""The vocabulary of claimtrack: sides, roles, reply kinds, topics, what makes a statement an
allegation, record fields, the shapes rows travel in, and the error type.

Everything here is plain data (or a one-line rule) so that every other module (load,
queries, stats, render, pairing, extraction, cli) agrees on the same words without
importing each other: the query layer is not imported just for `Rows` and `Filters`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from claimtrack.dates import PartialDate

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

#: The topics curators and the extractor use, each with the wrongdoing it names (the
#: synthetic corpus writes its allegations from these words). A topic is free text on
#: input; this list is where a new one is added when none of these fits.
TOPICS = {
    "election interference": "interfering in the last federal election",
    "foreign interference": "covert interference in Canadian affairs",
    "intimidation of mp": "intimidating a member of Parliament and his family",
    "police stations": "running undeclared police stations in Canadian cities",
    "transnational repression": "harassing members of the diaspora abroad",
    "consular conduct": "conduct incompatible with diplomatic status",
    "xinjiang": "mass detention and forced labour in Xinjiang",
    "tibet": "repression of Tibetan culture and religion",
    "falun gong": "persecution of Falun Gong practitioners",
    "human rights": "violations of human rights",
    "detentions": "arbitrary detention of foreign nationals",
    "disinformation": "spreading disinformation on social media",
    "diplomatic visa": "refusing visas to accredited diplomats",
    "foreign policy": "a hostile turn in foreign policy",
}

# ---------------------------------------------------------------- what an allegation is
#
# A statement is an allegation when its role says so, or when it is a counter-accusation
# that names whom it accuses: that reply is at the same time a new allegation the other
# side may answer. The rule is written once, here, as the three values below; the SQL
# fragment and the Python predicate are both spelled from them (tests check they agree).

_ALLEGATION_ROLE = "allegation"
_ALLEGING_KIND = "counter-accusation"


def is_allegation(role: str | None, kind: str | None, target: str | None) -> bool:
    """Is a statement with this role, reply kind and target an allegation?"""
    return role == _ALLEGATION_ROLE or (kind == _ALLEGING_KIND and target is not None)


def is_allegation_sql(table: str) -> str:
    """The same rule as an SQL condition on the `statements` row called `table`."""
    return (
        f"({table}.role = '{_ALLEGATION_ROLE}' OR "
        f"({table}.kind = '{_ALLEGING_KIND}' AND {table}.target_id IS NOT NULL))"
    )


# ---------------------------------------------------------------- rows, filters, output

#: The output formats of every command that prints rows.
FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")


class Rows(NamedTuple):
    """The result of a query: column names and an iterable of tuples in that order."""

    columns: tuple[str, ...]
    rows: Iterable[tuple]


@dataclass
class Filters:
    """The filters every listing command shares (see `claimtrack compare --help`)."""

    side: str | None = None
    by: str | None = None
    against: str | None = None
    topic: str | None = None
    kind: str | None = None
    article: str | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None


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
#: Evaluation annotations a gold statement may carry, as the development set's gold does
#: (eval/devset/README.md): `borderline` (true when a careful annotator could leave the
#: statement out), `note` (why) and `alt_quotes` (other exact spans of the same claim).
#: A load checks them and does not store them: the evaluators read them from the files.
ANNOTATION_FIELDS = frozenset({"borderline", "note", "alt_quotes"})
#: Fields a statement record may carry on input; `target_side` is output only but accepted
#: so that the rows `claimtrack allegations --json` prints load back unchanged.
STATEMENT_INPUT_FIELDS = frozenset(STATEMENT_FIELDS) | {"evidence"} | ANNOTATION_FIELDS
ARTICLE_FIELDS = frozenset(
    {"id", "title", "outlet", "url", "published", "published_basis", "text", "text_file"}
)
ACTOR_FIELDS = frozenset({"id", "name", "side", "kind", "parent", "aliases"})
BUNDLE_KEYS = frozenset({"article", "actors", "statements"})

#: The columns that describe an allegation, first in compare's and unanswered's rows.
ALLEGATION_COLUMNS = (
    "allegation_id",
    "alleged_on",
    "date_basis",
    "alleged_by",
    "alleger_side",
    "target",
    "target_side",
    "topic",
    "allegation",
)
COMPARE_COLUMNS = (
    *ALLEGATION_COLUMNS,
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
    *ALLEGATION_COLUMNS,
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


def misplaced_quote(text: str, start: int, end: int, quote: str, of: str = "") -> str | None:
    """Why `quote` is not `text[start:end]` (the rule every quote keeps), saying where
    the quote really is or that it is nowhere in the text; None when it is there. `of`
    names the text in the message (" of article '004'")."""
    if text[start:end] == quote:
        return None
    found = text.find(quote)
    where = (
        f"the quote is at {found}-{found + len(quote)}" if found >= 0 else "quote not in the text"
    )
    return f"text[{start}:{end}]{of} is not the quote; {where}"


class ClaimtrackError(Exception):
    """A problem the user can fix: printed as one line on stderr, exit code 1."""
