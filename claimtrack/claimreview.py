"""schema.org ClaimReview JSON-LD, one review per allegation, for publishing fact-checks.

Follows Google's fact-check markup: every review has `claimReviewed`, `reviewRating`
with an `alternateName` (here the reply status: "Unanswered by Beijing", "Rejected by
Beijing as slander"), `url` and `author`; the reviewed `Claim` names its author (a
Person or an Organization, as the actor's kind says; none when the source is unknown),
date and where it appeared. The reply quotes go in `reviewBody`, verbatim.

Reviews stream: one allegation's rows at a time, so an export of any size runs in the
memory of a few reviews.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

from claimtrack.model import Filters

SIDE_NAMES = {"beijing": "Beijing", "ottawa": "Ottawa"}
#: Actor kinds that are one human being: schema.org Person. Every other kind (a state,
#: ministry, embassy, police force, newspaper, NGO, party) is an Organization.
PERSON_KINDS = frozenset(
    {
        "person",
        "spokesperson",
        "minister",
        "prime-minister",
        "president",
        "premier",
        "mp",
        "senator",
        "diplomat",
        "ambassador",
        "consul",
        "official",
        "journalist",
        "researcher",
    }
)
#: The kind of the registry's actor for claims nobody is named as making.
UNKNOWN_KIND = "unknown"
#: Strongest first: the status names the most telling kind of reply.
KIND_STATUS = {
    "acknowledgement": "Acknowledged by {side}",
    "denial": "Denied by {side}",
    "rejection": "Rejected by {side}",
    "counter-accusation": "Answered with a counter-accusation by {side}",
    "protest": "Protested by {side}",
    "threat": "Answered with a threat by {side}",
    "deflection": "Deflected by {side}",
    "other": "Answered by {side}",
    "no-comment": "{side} declined to comment",
}
#: How a rejection characterises the claim, as the status words it ("as slander").
_CHARACTERISATIONS = [
    (re.compile(pattern, re.I), label)
    for pattern, label in (
        (r"\bslander", "slander"),
        (r"\bsmear", "a smear"),
        (r"\bdefam", "defamation"),
        (r"\bbaseless\b", "baseless"),
        (r"\bgroundless\b", "groundless"),
        (r"\bunfounded", "unfounded"),
        (r"\blies\b", "lies"),
        (r"\bfabricat", "fabrication"),
        (r"\bdisinformation\b", "disinformation"),
    )
]


def _characterisation(quote: str) -> str | None:
    for pattern, label in _CHARACTERISATIONS:
        if pattern.search(quote):
            return label
    return None


def reply_status(target: str, target_side: str, replies: list[dict[str, Any]]) -> str:
    """ "Unanswered by Beijing", "Rejected by Beijing as slander", … from the replies
    that answer the claim (the database's `answers` view: the targeted side's)."""
    side = SIDE_NAMES.get(target_side, target)
    own = [r for r in replies if r["answers"]]
    if not own:
        return f"Unanswered by {side}"
    kinds = {r["reply_kind"] for r in own}
    kind = next(k for k in KIND_STATUS if k in kinds)
    status = KIND_STATUS[kind].format(side=side)
    if kind == "rejection":
        labels = [_characterisation(r["reply_quote"] or "") for r in own if r["reply_kind"] == kind]
        label = next((lab for lab in labels if lab), None)
        if label:
            status += f" as {label}"
    return status


def web_url(url: str | None) -> str | None:
    """The URL if a browser would fetch it as a web page (http or https, with a host),
    else None: a `javascript:` or `data:` URL from an article's metadata runs in the
    reader's browser when published as a link."""
    if not url or url != url.strip():
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def claim_reviews(
    conn: sqlite3.Connection,
    filters: Filters,
    url_prefix: str,
    publisher: str,
    reviewed_on: date,
) -> Iterator[dict[str, Any]]:
    """One ClaimReview per allegation claim selected by the filters, as they are read (a
    claim carried by many articles is reviewed once: `appearance` lists every article,
    `firstAppearance` the earliest). Its `url` is `url_prefix` (an http or https URL)
    and the canonical allegation id, percent-encoded; an article URL that is not http or
    https is left out. Serialise with render.write_json_array."""
    from claimtrack.claims.answers import compare_claims
    from claimtrack.claims.provenance import appearance_articles

    result = compare_claims(conn, filters, answers=True)
    rows = (dict(zip(result.columns, values)) for values in result.rows)

    @lru_cache(maxsize=64)
    def article(article_id: str) -> dict[str, Any]:
        row = conn.execute(
            "SELECT id, title, url, published, outlet FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return dict(zip(("id", "title", "url", "published", "outlet"), row))

    # compare lists the rows of one allegation together.
    for allegation_id, group in itertools.groupby(rows, key=lambda r: r["allegation_id"]):
        claim_rows = list(group)
        speaker_kind = conn.execute(
            "SELECT sp.kind FROM statements s JOIN actors sp ON sp.id = s.speaker_id"
            " WHERE s.id = ?",
            (allegation_id,),
        ).fetchone()[0]
        claim_id = claim_rows[0]["claim_id"]
        copies = appearance_articles(conn, [claim_id]).get(claim_id, [])
        yield _review(
            claim_rows,
            article(claim_rows[0]["article"]),
            speaker_kind,
            url_prefix,
            publisher,
            reviewed_on,
            [article(a) for a in copies],
        )


def _author(name: str, kind: str | None) -> dict[str, Any] | None:
    """schema.org Person or Organization for an actor; None for an unknown source (an
    author is left out rather than invented)."""
    if kind == UNKNOWN_KIND:
        return None
    return {"@type": "Person" if kind in PERSON_KINDS else "Organization", "name": name}


def _review(
    rows: list[dict[str, Any]],
    article: dict[str, Any],
    speaker_kind: str | None,
    url_prefix: str,
    publisher: str,
    reviewed_on: date,
    copies: list[dict[str, Any]] = (),
) -> dict[str, Any]:
    first = rows[0]
    replies = [r for r in rows if r["reply_id"]]
    status = reply_status(first["target"], first["target_side"], replies)
    claim: dict[str, Any] = {"@type": "Claim"}
    author = _author(first["alleged_by"], speaker_kind)
    if author:
        claim["author"] = author
    works = [_creative_work(a) for a in copies] or [_creative_work(article)]
    claim["appearance"] = works if len(works) > 1 else works[0]
    claim["firstAppearance"] = works[0]
    if first["alleged_on"] and first["date_basis"] == "statement":
        claim["datePublished"] = first["alleged_on"]
    body = [
        f"{r['replied_by']} ({r['reply_kind']}, {r['replied_on'] or 'undated'}): {r['reply_quote']}"
        for r in replies
    ]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url_prefix + quote(first["allegation_id"], safe=""),
        "author": {"@type": "Organization", "name": publisher},
        "datePublished": reviewed_on.isoformat(),
        "claimReviewed": first["allegation_quote"],
        "itemReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": status},
        "reviewBody": "\n".join(body) if body else status + ": no reply on record.",
    }


def _creative_work(article: dict[str, Any]) -> dict[str, Any]:
    """An article as the schema.org CreativeWork a claim appeared in. The article id
    identifies it even when it has no headline or URL."""
    appearance: dict[str, Any] = {"@type": "CreativeWork", "identifier": article["id"]}
    if web_url(article["url"]):
        appearance["url"] = article["url"]
    if article["title"]:
        appearance["headline"] = article["title"]
    if article["published"]:
        appearance["datePublished"] = article["published"]
    if article["outlet"]:
        appearance["publisher"] = {"@type": "Organization", "name": article["outlet"]}
    return appearance
