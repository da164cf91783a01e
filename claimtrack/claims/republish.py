"""An evaluation set for claim grouping, made by republishing articles as syndicating
sites do.

    python -m claimtrack.claims.republish OUT      # the fixtures' copies as bundles, and truth.json

Every source article (the curated fixtures and the development set) gets copies of
three kinds, as wire copy is carried by small sites, portals and aggregators:

- `exact`: a new headline and dateline, the site's punctuation (straight or curly
  quotes, dashes), photo captions between paragraphs; the story itself unchanged;
- `trimmed`: the same, with the last paragraphs cut (statements in them disappear);
- `reworded`: the same, with words swapped for synonyms as machine rewording does,
  inside the quotes too (the development set holds real copies like this).

Each statement of a copy keeps, as its true claim, the id of the statement it copies,
and every quote stays an exact substring of its copy's text: the edits are made on the
text with their offsets, and each quote is cut from the new text where its old span
went. The same seed always gives the same copies.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

COPY_KINDS = ("exact", "trimmed", "reworded")
SITES = (
    "Northern Wire Digest",
    "Daily Syndicate",
    "World News Portal",
    "Metro Aggregator",
    "The Republished Times",
    "Global Headlines Hub",
)
CITIES = ("OTTAWA", "BEIJING", "TORONTO", "VANCOUVER", "MONTREAL", "HONG KONG")
CAPTIONS = (
    "FILE PHOTO: A flag flies outside a government building. (File photo)",
    "Photo: Officials speak to reporters at a news conference.",
    "(Image: Reuters/File)",
    "ADVERTISEMENT",
    "Click here to read more stories like this one.",
)
#: General newswire vocabulary and the words a rewording tool puts in their place.
SYNONYMS = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "accused": "charged",
    "urged": "called on",
    "urges": "calls on",
    "stop": "halt",
    "interference": "meddling",
    "interfering": "meddling",
    "internal": "interior",
    "affairs": "matters",
    "government": "administration",
    "officials": "authorities",
    "country": "nation",
    "countries": "nations",
    "foreign": "overseas",
    "minister": "secretary",
    "statement": "announcement",
    "strongly": "firmly",
    "firmly": "resolutely",
    "reports": "accounts",
    "report": "account",
    "allegations": "accusations",
    "claims": "assertions",
    "denied": "rejected",
    "baseless": "groundless",
    "investigation": "inquiry",
    "investigating": "probing",
    "concerns": "worries",
    "serious": "grave",
    "immediately": "at once",
    "should": "ought to",
    "must": "has to",
    "people": "individuals",
    "spokesperson": "representative",
    "spokesman": "representative",
    "spokeswoman": "representative",
    "ambassador": "envoy",
    "relations": "ties",
    "week": "seven days",
    "security": "safety",
    "threat": "danger",
    "citizens": "nationals",
    "help": "assist",
    "also": "additionally",
    "however": "nevertheless",
    "because": "since",
    "about": "regarding",
    "against": "versus",
    "warned": "cautioned",
    "insisted": "maintained",
    "announced": "declared",
    "released": "freed",
    "detained": "held",
    "expelled": "ejected",
    "response": "reply",
    "criticism": "censure",
    "evidence": "proof",
    "attack": "assault",
    "attacks": "assaults",
    "rights": "entitlements",
    "freedom": "liberty",
    "protect": "safeguard",
    "decision": "choice",
    "support": "backing",
    "smear": "slur",
}
_WORD = re.compile(r"[A-Za-z]+")
_PUNCTUATION = {
    "straight": {"’": "'", "‘": "'", "“": '"', "”": '"', "—": " - ", "–": "-", "…": "..."},
    "curly": {"'": "’", "—": " — ", "–": " – "},
    "plain": {"—": "--", "–": "-"},
}


@dataclass
class Source:
    """An article to republish, and its statements (id, role, speaker, quote, ...)."""

    id: str
    title: str
    outlet: str | None
    published: str | None
    text: str
    statements: list[dict[str, Any]]
    headline_line: bool = False


@dataclass
class Copy:
    """A republished article with its statements and each one's true claim."""

    kind: str
    article: dict[str, Any]
    statements: list[dict[str, Any]]
    truth: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Edit:
    """Replace text[start:end] with `new`. A `soft` edit may fall inside a quote (the
    quote changes with it); a statement whose quote a hard edit touches is lost."""

    start: int
    end: int
    new: str
    soft: bool


def fixture_sources(folder: Path) -> list[Source]:
    """The curated bundles of the fixtures folder, with their article texts."""
    sources = []
    for path in sorted((folder / "articles").glob("*.json")):
        bundle = json.loads(path.read_text(encoding="utf-8"))
        article = bundle["article"]
        text = (path.parent / article["text_file"]).read_text(encoding="utf-8")
        sources.append(
            Source(
                article["id"],
                article["title"] or "",
                article["outlet"],
                article["published"],
                text,
                bundle["statements"],
            )
        )
    return sources


def devset_sources(folder: Path) -> list[Source]:
    """The development set's articles with their gold statements (speakers are the
    annotators' descriptions, which copies keep)."""
    sources = []
    for gold_path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (folder / "articles" / gold["file"]).read_text(encoding="utf-8")
        statements = []
        for s in gold["statements"]:
            start = text.find(s["quote"])
            if start < 0:
                continue
            statements.append({**s, "start": start, "end": start + len(s["quote"])})
        sources.append(
            Source(
                gold_path.stem.split("_")[0],
                gold["headline"],
                gold["outlet"],
                gold["published"],
                text,
                statements,
                headline_line=True,
            )
        )
    return sources


def _paragraph_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?m)^(?=\S)", text)]


def _inside_quote(position: int, statements: list[dict[str, Any]]) -> bool:
    return any(s["start"] < position < s["end"] for s in statements)


def _edits(source: Source, kind: str, rng: random.Random, outlet: str, published: str | None):
    """The edits a syndicating site makes to this article."""
    text = source.text
    edits: list[_Edit] = []
    headline = rng.choice(
        ("{t}", "UPDATE 1-{t}", "{t} | {o}", "WATCH: {t}", "{T}", "{t} (video)")
    ).format(t=source.title.strip(), T=source.title.strip().upper(), o=outlet)
    body_start = 0
    if source.headline_line:
        first_break = text.find("\n")
        second_break = text.find("\n", first_break + 1)
        edits.append(_Edit(0, first_break, headline, False))
        when = date.fromisoformat(published).strftime("%B %d, %Y") if published else ""
        edits.append(_Edit(first_break + 1, second_break, when, False))
        body_start = second_break + 1
        while body_start < len(text) and text[body_start] == "\n":
            body_start += 1
    else:
        edits.append(_Edit(0, 0, headline + "\n\n", False))
    dateline = f"{rng.choice(CITIES)} ({outlet}) — "
    edits.append(_Edit(body_start, body_start, dateline, False))
    starts = [p for p in _paragraph_starts(text) if p > body_start]
    for position in rng.sample(starts, min(len(starts), rng.randint(1, 2))):
        if not _inside_quote(position, source.statements):
            edits.append(_Edit(position, position, rng.choice(CAPTIONS) + "\n", False))
    if kind == "trimmed" and len(starts) >= 3:
        cut = starts[-rng.randint(1, max(1, min(3, len(starts) // 3)))]
        edits = [e for e in edits if e.start < cut]
        edits.append(_Edit(cut, len(text), "", False))
    style = rng.choice(tuple(_PUNCTUATION))
    for old, new in _PUNCTUATION[style].items():
        for match in re.finditer(re.escape(old), text):
            edits.append(_Edit(match.start(), match.end(), new, True))
    if kind == "reworded":
        for match in _WORD.finditer(text, body_start):
            word = match.group()
            synonym = SYNONYMS.get(word.lower())
            if synonym and rng.random() < 0.6:
                if word[0].isupper():
                    synonym = synonym[0].upper() + synonym[1:]
                edits.append(_Edit(match.start(), match.end(), synonym, True))
    return _without_overlaps(edits)


def _overlap(a: _Edit, b: _Edit) -> bool:
    """Do two edits touch the same characters (an insertion: falls inside the other)?"""
    if a.start == a.end and b.start == b.end:
        return False
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _without_overlaps(edits: list[_Edit]) -> list[_Edit]:
    """The edits in text order, dropping any that overlaps one kept before it (hard
    edits are kept first)."""
    kept: list[_Edit] = []
    for edit in sorted(edits, key=lambda e: (e.soft, e.start, e.end)):
        if not any(_overlap(edit, k) for k in kept):
            kept.append(edit)
    return sorted(kept, key=lambda e: (e.start, e.end))


def _apply(text: str, edits: list[_Edit]) -> tuple[str, list[tuple[_Edit, int]]]:
    """The edited text, and each edit with where its new text starts."""
    pieces, placed, last, offset = [], [], 0, 0
    for edit in edits:
        pieces.append(text[last : edit.start])
        offset += edit.start - last
        placed.append((edit, offset))
        pieces.append(edit.new)
        offset += len(edit.new)
        last = edit.end
    pieces.append(text[last:])
    return "".join(pieces), placed


def _map_span(start: int, end: int, placed: list[tuple[_Edit, int]]) -> tuple[int, int] | None:
    """Where text[start:end] went, or None when a hard edit cut into it. A soft edit
    that straddles an end takes the whole of its new text into the span."""
    new_start, new_end = start, end
    for edit, at in placed:
        delta = len(edit.new) - (edit.end - edit.start)
        if not edit.soft and ((edit.start < end and edit.end > start) or start < edit.start < end):
            return None
        if edit.end <= start:
            new_start += delta
        elif edit.start < start:
            new_start = at
        if edit.start < end:
            new_end = new_end + delta if edit.end <= end else at + len(edit.new)
    return new_start, new_end


def republish(source: Source, kind: str, number: int, seed: int = 17) -> Copy:
    """One copy of `source` of the given kind; `number` tells copies of a kind apart."""
    rng = random.Random(f"{seed}:{source.id}:{kind}:{number}")
    copy_id = f"{source.id}-{kind[0]}{number}"
    outlet = rng.choice(SITES)
    published = None
    if source.published and len(source.published) == 10:
        published = (
            date.fromisoformat(source.published) + timedelta(rng.randint(0, 3))
        ).isoformat()
    edits = _edits(source, kind, rng, outlet, published)
    text, placed = _apply(source.text, edits)
    statements, truth, renamed = [], {}, {}
    for s in source.statements:
        span = _map_span(s["start"], s["end"], placed)
        if span is None:
            continue
        new_id = f"{copy_id}-{s['id'].rsplit('-', 1)[-1]}"
        renamed[s["id"]] = new_id
        quote = text[span[0] : span[1]].strip()
        start = text.index(quote, span[0])
        statements.append(
            {
                **s,
                "id": new_id,
                "article": copy_id,
                "quote": quote,
                "start": start,
                "end": start + len(quote),
                # "today" in a copy dated later no longer means the statement's date,
                # which the copy keeps.
                "date_phrase": s.get("date_phrase") if published == source.published else None,
            }
        )
        if "alt_quotes" in s:
            # The gold's other spans of the claim, those the copy's edits left whole.
            statements[-1]["alt_quotes"] = [q for q in s["alt_quotes"] if q in text]
        truth[new_id] = s["id"]
    for s in statements:
        s["replies_to"] = [renamed[r] for r in s.get("replies_to") or () if r in renamed]
    article = {
        "id": copy_id,
        "title": text.split("\n", 1)[0],
        "outlet": outlet,
        "url": f"https://example.org/{outlet.lower().replace(' ', '-')}/{copy_id}",
        "published": published,
        "published_basis": f"republished ({kind} copy of {source.id})",
        "text": text,
    }
    return Copy(kind, article, statements, truth)


def copies(sources: list[Source], per_kind: int = 2, seed: int = 17) -> Iterator[Copy]:
    """`per_kind` copies of every kind of every source."""
    for source in sources:
        for kind in COPY_KINDS:
            for number in range(1, per_kind + 1):
                yield republish(source, kind, number, seed)


def main(argv: list[str] | None = None) -> int:
    """Write copies of the curated fixtures as bundles `claimtrack load` reads (the
    development set's speakers are descriptions, not registry actors, so its copies are
    made in memory by the evaluation only), and truth.json: copy statement -> original."""
    parser = argparse.ArgumentParser(
        prog="python -m claimtrack.claims.republish", description=__doc__.splitlines()[0]
    )
    parser.add_argument("out", type=Path, help="folder to write (created if missing)")
    parser.add_argument(
        "--fixtures", type=Path, default=Path(__file__).resolve().parents[2] / "fixtures"
    )
    parser.add_argument("--copies", type=int, default=2, help="copies of each kind per article")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, str] = {}
    written = 0
    for copy in copies(fixture_sources(args.fixtures), args.copies, args.seed):
        bundle = {"article": copy.article, "actors": [], "statements": copy.statements}
        path = args.out / f"{copy.article['id']}.json"
        path.write_text(json.dumps(bundle, ensure_ascii=False, indent=1) + "\n", "utf-8")
        truth.update(copy.truth)
        written += 1
    (args.out / "truth.json").write_text(json.dumps(truth, indent=1) + "\n", "utf-8")
    print(f"wrote {written} copies with {len(truth)} statements to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
