"""Reading one article: the stages in order, sentence by sentence.

layout → mentions → coreference → attribution → clauses, role and kind → targets →
dates → bundle. The reading is a pure function of the text and the registry: nothing
is kept from one article to the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimtrack.actors import ActorRegistry
from claimtrack.dates import PartialDate
from claimtrack.extract import bundle as bundles
from claimtrack.extract.attribution import (
    CONTINUED_QUOTE_PARAGRAPHS,
    Attribution,
    attribute,
    is_quoted_speech,
)
from claimtrack.extract.bundle import Draft
from claimtrack.extract.classify import ANSWERING, clauses, decide, read_act
from claimtrack.extract.coreference import Discourse
from claimtrack.extract.dating import date_phrase, resolve
from claimtrack.extract.layout import Layout, Sentence, read_layout
from claimtrack.extract.mentions import Cast, Mention
from claimtrack.extract.targets import target_of


@dataclass
class Extraction:
    """A draft bundle and the warnings a reviewer should read first."""

    bundle: dict[str, Any]
    warnings: list[str]


def read_article(
    registry: ActorRegistry,
    stored: set[str],
    text: str,
    article_id: str,
    published: PartialDate | None,
    published_basis: str | None,
) -> Extraction:
    layout = read_layout(text)
    basis = published_basis or "given on the command line" if published else None
    if not published:
        published, basis = layout.published, layout.published_basis
    reader = _Reader(registry, layout, published)
    for sentence in layout.sentences:
        reader.sentence(sentence)
    warnings = []
    if published is None:
        warnings.append(
            f"{article_id}: no published date in the text; statements stay undated "
            "(give --published DATE)"
        )
    used = {a for d in reader.drafts for a in (d.speaker.actor, d.target) if a}
    bundle = {
        "article": {
            "id": article_id,
            "title": layout.title,
            "outlet": layout.outlet,
            "url": None,
            "published": published.iso if published else None,
            "published_basis": basis,
            "text": text,
        },
        "actors": bundles.declared_actors(reader.cast, used, stored),
        "statements": bundles.statements(reader.cast, text, article_id, reader.drafts),
    }
    return Extraction(bundle, warnings)


class _Reader:
    """The state of reading one article: its cast, its discourse, its drafts."""

    def __init__(self, registry: ActorRegistry, layout: Layout, published: PartialDate | None):
        self.text = layout.text
        self.layout = layout
        self.published = published
        self.cast = Cast(registry)
        self.discourse = Discourse(self.cast)
        self.drafts: list[Draft] = []
        self.last: tuple[int, Attribution] | None = None
        self.accused_sides: set[str] = set()
        self.replying: set[str] = set()

    def outside(self, position: int) -> bool:
        return not self.layout.in_quote(position)

    def sentence(self, sentence: Sentence) -> None:
        text, s0, s1, para = self.text, sentence.start, sentence.end, sentence.paragraph
        all_named = self.cast.mentions(text, s0, s1)
        named = [m for m in all_named if self.outside(m.start)]
        refs = self.discourse.references(text, s0, s1, para, named)
        refs = [m for m in refs if self.outside(m.start)]
        mentions = sorted(named + refs, key=lambda m: m.start)
        attribution = attribute(text, s0, s1, mentions, self.outside)
        if (
            attribution is None
            and self.last
            and is_quoted_speech(text, s0, s1, self.layout.in_quote)
        ):
            last_para, last = self.last
            if para - last_para <= CONTINUED_QUOTE_PARAGRAPHS:
                attribution = Attribution(last.speaker, s0, s0, "", "continued quote")
        if attribution:
            self.last = (para, attribution)
            self._statements(sentence, attribution, all_named)
            self.discourse.spoke(para, attribution.speaker.actor)
        self.discourse.remember(para, named)

    def _statements(self, sentence: Sentence, who: Attribution, named: list[Mention]) -> None:
        text = self.text
        speaker = who.speaker.actor
        side = self.cast.side(speaker)
        answering = (
            side in self.accused_sides
            or speaker in self.replying
            or bool(ANSWERING.search(text, sentence.start, sentence.end))
        )
        acts = []
        for c0, c1 in clauses(text, sentence.start, sentence.end):
            act = read_act(text, c0, c1, self.outside)
            if act:
                role, kind = decide(act, answering)
                if acts and acts[-1][0] == role and acts[-1][1] == kind:
                    acts[-1][3] = c1
                    acts[-1][4].extend(act.cues)
                else:
                    acts.append([role, kind, c0, c1, list(act.cues)])
        phrase = date_phrase(text, sentence.start, sentence.end, self.outside)
        earlier = [m for _, m in self.discourse.mentioned]
        for role, kind, c0, c1, cues in acts:
            in_clause = [m for m in named if c0 <= m.start < c1] or named
            target = target_of(self.cast, speaker, in_clause, earlier)
            if role == "allegation" and target:
                self.accused_sides.add(self.cast.side(target))
            if role == "response":
                self.replying.add(speaker)
            draft = Draft(
                start=c0,
                end=c1,
                role=role,
                kind=kind,
                speaker=who.speaker,
                target=target if role == "allegation" or kind == "counter-accusation" else None,
                rule=who.rule,
                cues=[
                    {
                        "text": who.cue,
                        "start": who.cue_start,
                        "end": who.cue_end,
                        "means": "attribution",
                    }
                ]
                + [{"text": w, "start": a, "end": b, "means": means} for a, b, w, means in cues],
                paragraph=sentence.paragraph,
            )
            self._date(draft, phrase)
            self.drafts.append(draft)

    def _date(self, draft: Draft, phrase) -> None:
        if phrase:
            draft.date_phrase = phrase.group(0)
            draft.date = resolve(phrase.group(0), self.published)
            draft.date_basis = "the phrase as written, against the published date"
        elif self.published:
            draft.date = self.published.iso
            draft.date_basis = "reported as news: the published date"
