"""Writing the draft bundle: the article, the actors it needs, the statements.

A bundle declares every actor its statements use that the target database does not
hold, with all their parents, so it loads on its own. What is declared depends only on
the article and the registry, never on the other articles of a batch: the same article
always gives the same draft.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from claimtrack.extract.mentions import Cast, Mention

_QUOTE_MARKS = re.compile(r"[“”\"]")
#: Words of a quote a summary keeps.
SUMMARY_WORDS = 14


@dataclass
class Draft:
    """One statement before it is numbered and written out."""

    start: int
    end: int
    role: str
    kind: str | None
    speaker: Mention
    target: str | None
    rule: str
    cues: list[dict[str, Any]]
    paragraph: int
    topic: str | None = None
    date: str | None = None
    date_phrase: str | None = None
    date_basis: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def statement(cast: Cast, text: str, article_id: str, draft: Draft, statement_id: str) -> dict:
    speaker = cast.actor(draft.speaker.actor)
    target = cast.actor(draft.target) if draft.target else None
    quote = text[draft.start : draft.end]
    gist = " ".join(_QUOTE_MARKS.sub("", quote).split()[:SUMMARY_WORDS])
    if len(quote.split()) > SUMMARY_WORDS:
        gist += " …"
    if draft.role == "allegation":
        summary = f"{speaker.name} accuses {target.name if target else 'someone'}: {gist}"
    else:
        summary = f"{speaker.name} ({draft.kind}): {gist}"
    return {
        "id": statement_id,
        "article": article_id,
        "role": draft.role,
        "speaker": speaker.id,
        "speaker_side": speaker.side,
        "target": target.id if target else None,
        "target_side": target.side if target else None,
        "kind": draft.kind,
        "topic": draft.topic,
        "summary": summary,
        "quote": quote,
        "start": draft.start,
        "end": draft.end,
        "date": draft.date,
        "date_phrase": draft.date_phrase,
        "evidence": {
            "rule": draft.rule,
            "speaker": {
                "text": text[draft.speaker.start : draft.speaker.end],
                "start": draft.speaker.start,
                "end": draft.speaker.end,
                "via": draft.speaker.via,
            },
            "cues": draft.cues,
            "date": draft.date_basis,
        },
    }


def statements(cast: Cast, text: str, article_id: str, drafts: list[Draft]) -> list[dict]:
    counts: Counter[str] = Counter()
    records = []
    for draft in drafts:
        letter = "a" if draft.role == "allegation" else "r"
        counts[letter] += 1
        records.append(
            statement(cast, text, article_id, draft, f"{article_id}-{letter}{counts[letter]}")
        )
    return records


def declared_actors(cast: Cast, used: set[str], stored: set[str]) -> list[dict[str, Any]]:
    """The actors used and their parents that `stored` lacks, parents first."""
    wanted: list[str] = []
    for actor_id in sorted(used):
        for link in cast.lineage(actor_id):
            if link not in stored and link not in wanted:
                wanted.append(link)
    wanted.sort(key=lambda a: (len(cast.lineage(a)), a))
    declared = []
    for actor_id in wanted:
        a = cast.actor(actor_id)
        declared.append(
            {
                "id": a.id,
                "name": a.name,
                "side": a.side,
                "kind": a.kind,
                "parent": a.parent,
                "aliases": list(a.aliases),
            }
        )
    return declared
