"""schema.org ClaimReview JSON-LD, one review per allegation, for publishing fact-checks.

Follows Google's fact-check markup: every review has `claimReviewed`, `reviewRating`
with an `alternateName` (here the reply status: "Unanswered by Beijing", "Rejected by
Beijing as slander"), `url` and `author`; the reviewed `Claim` names its author, date
and where it appeared. The reply quotes go in `reviewBody`, verbatim.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from typing import Any
from urllib.parse import quote, urlsplit

from claimtrack.model import Filters

SIDE_NAMES = {"beijing": "Beijing", "ottawa": "Ottawa"}
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
) -> list[dict[str, Any]]:
    """One ClaimReview per allegation claim selected by the filters (a claim carried by
    many articles is reviewed once; its `appearance` lists every article and
    `firstAppearance` the earliest). Its `url` is `url_prefix`
    (an http or https URL) and the allegation id, percent-encoded; an article URL that is
    not http or https is left out. Serialise with render.script_safe_json."""
    from claimtrack.claims.answers import compare_claims
    from claimtrack.claims.provenance import appearance_articles

    result = compare_claims(conn, filters, answers=True)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for values in result.rows:
        row = dict(zip(result.columns, values))
        grouped.setdefault(row["allegation_id"], []).append(row)
    articles = {
        r[0]: {"title": r[1], "url": r[2], "published": r[3], "outlet": r[4]}
        for r in conn.execute("SELECT id, title, url, published, outlet FROM articles")
    }
    copies = appearance_articles(conn, [rows[0]["claim_id"] for rows in grouped.values()])
    return [
        _review(
            rows,
            articles[rows[0]["article"]],
            url_prefix,
            publisher,
            reviewed_on,
            [articles[a] for a in copies.get(rows[0]["claim_id"], [])],
        )
        for rows in grouped.values()
    ]


def _review(
    rows: list[dict[str, Any]],
    article: dict[str, Any],
    url_prefix: str,
    publisher: str,
    reviewed_on: date,
    copies: list[dict[str, Any]] = (),
) -> dict[str, Any]:
    first = rows[0]
    replies = [r for r in rows if r["reply_id"]]
    status = reply_status(first["target"], first["target_side"], replies)
    claim: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": first["alleged_by"]},
        "appearance": (
            [_creative_work(a) for a in copies] if len(copies) > 1 else _creative_work(article)
        ),
    }
    if copies:
        claim["firstAppearance"] = _creative_work(copies[0])
    if first["alleged_on"]:
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
    """An article as the schema.org CreativeWork a claim appeared in."""
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if web_url(article["url"]):
        appearance["url"] = article["url"]
    if article["title"]:
        appearance["headline"] = article["title"]
    if article["published"]:
        appearance["datePublished"] = article["published"]
    if article["outlet"]:
        appearance["publisher"] = {"@type": "Organization", "name": article["outlet"]}
    return appearance
