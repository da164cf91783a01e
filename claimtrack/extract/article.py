"""Reading one article: the stages in order, sentence by sentence.

layout → mentions → coreference → attribution → clauses, role and kind → targets →
dates → bundle. The reading is a pure function of the text and the registry: nothing
is kept from one article to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claimtrack.actors import ActorRegistry
from claimtrack.dates import PartialDate
from claimtrack.extract import bundle as bundles
from claimtrack.extract import folding
from claimtrack.extract.attribution import (
    CONTINUED_QUOTE_PARAGRAPHS,
    Attribution,
    attribute,
    cues,
    is_quoted_speech,
    reported_charges,
    voiced_by_person,
)
from claimtrack.extract.bundle import Draft
from claimtrack.extract.classify import (
    ANSWERING,
    REACTION,
    REACTION_OPENING,
    Act,
    clauses,
    decide,
    denies_nothing,
    naming_only,
    read_act,
)
from claimtrack.extract.coreference import SUBJECT_CHARS, UNNAMED_PERSON, Discourse
from claimtrack.extract.dating import date_phrase, resolve
from claimtrack.extract.layout import Layout, Sentence, read_layout
from claimtrack.extract.lexicon import documents_in, find_cues, gazetteer, reporting
from claimtrack.extract.mentions import LABEL_AFTER, PERSON_KINDS, Cast, Mention
from claimtrack.extract.targets import target_of

#: How many sentences a quotation may run before its attribution ("…,” X said).
QUOTE_LOOKAHEAD_SENTENCES = 4
#: How many paragraphs a statement's unquoted words may run on after its attribution.
STATEMENT_RUNS_ON = 1
#: A repeated sentence counts as one when it is at least this long.
REPEAT_MIN_CHARS = 60
_QUOTE_AND_STOP = "“”\"'. "
_CONTINUATIONS = (
    "continued quote",
    "quote closed later",
    "statement running on",
    "transcript answer",
    "transcript turn",
)
#: A determiner opening a sentence, before what may be a document ("The report …").
_OPENING_DOCUMENT = re.compile(
    r"(?:The|This|That|Its|Their|A|An)\s+(?P<first>[\w-]+\s+)?(?P<second>)"
)


def _word_starts(opening: re.Match[str]) -> list[int]:
    """Where the words after an opening determiner start: its noun may be either."""
    return (
        [opening.start("first"), opening.start("second")] if opening["first"] else [opening.end()]
    )


#: How far into a sentence a person named makes it narration, not a statement running on.
SUBJECT_OPENING_CHARS = 80
_PRONOUN_OPENING = re.compile(r"(?:He|She|It|They)\b")
#: A reply that only names what it answers: "China's embassy rejected the findings
#: within hours.", "Spokesman X dismissed the claims."
_BARE_REPLY = re.compile(
    r"[^“”\"]*?\b(?:rejected|dismissed|denied|refuted|rebuffed|brushed off|hit back at)\s+"
    r"(?:the|these|those|such|that|its|their|his|her)\s+(?:[\w-]+\s+)?(?:findings|claims?"
    r"|accusations?|allegations?|charges?|report|characteri[sz]ation|suggestion|criticism"
    r"|remarks|attributions?|conclusions?|account|version)\b[^“”\"]{0,40}"
)
#: A year, for background: "the 2018 arrest", "In 2016,".
_YEAR = re.compile(r"(?<![\w$.,-])(?:19|20)\d\d(?![\w%-])")
_QUESTION_PUT = re.compile(r"(?:When |After being )?[Aa]sked\b[^,;“”\"]*,\s*")
#: The same question put after the words it drew: "…, when asked about the claims".
_QUESTION_PUT_AFTER = re.compile(r"(?<![\w’'-])(?:when|after being|after it was|if) asked\b")
#: A clause joined to the next that has its own subject: what comes before is not that
#: subject's words.
_JOINED_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s")
_RELATIVE_OPENING = re.compile(r"(?:that|which|who)\s")
#: What may stand between a relative clause and its antecedent: "the ‘Strategy,’ which".
_ANTECEDENT_GAP = " ,’'\"”"
#: "also" right before a reporting verb: "The embassy also says".
_ALSO_BEFORE = re.compile(r"(?<![\w’'-])also\s+$")
#: How many paragraphs back the reply "also" goes on with may be.
ALSO_PARAGRAPHS = 1
#: A charge named as what a clause answers: "… over allegations that …".
_ANSWERED_NOUNS = ("allegation", "accusation", "claim", "report")
_ANSWERED_CHARGE = re.compile(
    r"\s+(?:over|amid|following|after)\s+(?:the\s+)?"
    rf"(?:{'|'.join(noun + 's?' for noun in _ANSWERED_NOUNS)})\s+(?:that|of)\b",
    re.I,
)
#: What a body declines to discuss when it is its own work, not a charge against it:
#: "does not comment on operational matters", "on an ongoing investigation", "on
#: individual cases", "whether it is investigating".
_OWN_WORK = re.compile(
    r"\b(?:operational|ongoing\s+investigations?|(?:specific|individual|particular)\s+cases?"
    r"|whether\s+(?:it|they)\s+(?:is|are|was|were|had\s+been|has\s+been)\s+investigating"
    r"|(?:national\s+security|intelligence)\s+matters|leaked\s+documents?)\b",
    re.I,
)
#: What a body declines to say when it is what it will do next, not a charge: "did not
#: say whether any diplomat would be expelled".
_OWN_PLANS = re.compile(
    r"\b(?:say|said|disclose|confirm|indicate|comment\s+on)\s+whether\s+[^,.;:“”\"]*?"
    r"\b(?:would|will|could|might|plans?|planned|intends?|intended)\b"
    # whether it would answer the charge is a reply's silence: "whether Oslo would respond"
    r"(?![^,.;:“”\"]*?\b(?:respond|reply|answer|retaliate|react)\w*)",
    re.I,
)
#: Kinds of reply that are one only to a charge made: "did not comment" on a visit, or
#: "conceded that the move could draw a challenge", answers no one.
_ONLY_WHEN_ACCUSED = ("no-comment", "acknowledgement")
#: The share of a lede's terms (stems, synonyms as one) a later quotation holds when the
#: lede sums it up.
RESTATED_SHARE = 0.3
#: The share of a statement's characters inside quotation marks that makes it a quotation.
QUOTED_SHARE = 0.6
#: How far after an accusing verb its object may start ("accused the Chinese embassy").
ACCUSED_CHARS = 5
#: How many paragraphs after an accusation the accused side's words answer it.
ANSWER_PARAGRAPHS = 1


@dataclass
class Extraction:
    """A draft bundle and the warnings a reviewer should read first."""

    bundle: dict[str, Any]
    warnings: list[str]


#: A transcript's turn at a paragraph's start: "Q:", "A:", "Question:", "Answer:".
_TURN = re.compile(r"(?P<turn>Q|A|Question|Answer)\s*:\s")
#: First-person words opening a paragraph: an answer going on after its "A:" one.
_FIRST_PERSON = re.compile(r"(?:We|I|Our|My)\b|[“\"]?(?:We|I)\b")


def transcript_turns(text: str, paragraphs: list) -> list[str | None]:
    """Each paragraph's turn in a question-and-answer transcript: "Q" or "A" where it
    opens so; a paragraph between an answer and the next question goes on with the
    answer, and so does one in the first person after the last answer. None elsewhere
    (most articles have no transcript)."""
    opened = []
    for paragraph in paragraphs:
        m = _TURN.match(text, paragraph.start, paragraph.end)
        opened.append(m["turn"][0] if m else None)
    if "A" not in opened:
        return [None] * len(opened)
    turns = list(opened)
    current = None
    for i, turn in enumerate(opened):
        if turn:
            current = turn
        elif current == "A" and (
            "Q" in opened[i + 1 :] or _FIRST_PERSON.match(text, paragraphs[i].start)
        ):
            turns[i] = "A"
        else:
            current = None
    return turns


#: A transcript turn labelled by name in capitals: "MARCHAND:", "BAPTISTE (clip):".
_LABEL = re.compile(
    rf"(?P<label>[A-Z][A-Z’'-]+(?:[ \t]+[A-Z][A-Z’'-]+){{0,2}}){LABEL_AFTER.pattern}\s"
)
#: A turn labelled by a name in title case: "Guo Rui:", "Mao Ning:".
_NAMED_LABEL = re.compile(r"(?P<label>[A-Z][a-z’'-]+(?:[ \t]+[A-Z][a-z’'-]+){1,2}):\s")
#: The mark that opens a quotation, before its words.
_OPENING_MARK = re.compile(r"[“\"]|''")
#: A question the reporter puts, quoting no one: a subhead ("What did Beijing say?").
_NARRATOR_QUESTION = re.compile(r"[^“”\"]*\?\s*")
#: A cleft before a subject: "This is China testing us".
_CLEFT = re.compile(r"(?:this|that|it)\s+is\s+", re.I)
#: The verb of a cleft's subject: "pre-positioning", "testing".
_CLEFT_VERB = re.compile(r"\s+[a-z][\w-]*ing(?![\w’'-])")
#: What opens reported words after their verb: "said that", "told reporters", "told
#: the BBC", "told a Senate committee that".
_THAT = re.compile(
    r"(?:(?<=told)|(?<=tells))\s+(?:reporters|journalists|(?:the|a|an)\s+(?:[\w.-]+\s+){0,2}?"
    r"(?:committee|conference|briefing|hearing|panel|[A-Z]{2,}[\w.]*)|[A-Z]{2,}[\w.]*)"
    r"(?:\s+News)?\s*(?:that\s+)?"
    # "claimed, without providing evidence, that"
    r"|\s*,\s*[^,.;“”\"]{1,50},\s*that\s+"
    r"|\s*(?:(?:on\s+)?[A-Z][a-z]+day\s+)?(?:that\s+)?"
)
#: The comma that closes a source a frame names first: "According to the minister, ".
_SOURCE_COMMA = re.compile(r"\s*,\s*")
#: What a subject owns, which does what the verb after it says: "Beijing’s subsidies".
_POSSESSION = re.compile(r"['’]s\s+[a-z]+")
#: Words before a subject: "the", "these", "this", an honorific ("Mr. Wu").
_SUBJECT_DETERMINER = re.compile(r"(?:(?:the|this|these)\s+|(?:Mr|Ms|Mrs|Dr)\.?\s+)?", re.I)
#: The verb of a subject that acts, a noun or two after it ("Beijing’s subsidies have
#: flattened", "Canadian agencies and politicians are using"): progressive ("is
#: building"), perfect ("have moved"), past ("flattened") or present ("wants", "picks"),
#: not a copula or an auxiliary alone ("China is a market", "China has always been"),
#: nor one before a quantity.
_CONDUCT_VERB = re.compile(
    r"(?:\s+(?:and\s+)?[a-z]+){0,2}?\s+[“\"]?(?:(?:is|are|was|were)\s+(?:now\s+|once\s+again\s+|still\s+)?[a-z]+ing"
    r"|(?:has|have|had)\s+(?:been\s+)?[a-z]+(?:ed|en)"
    r"|(?!(?:is|was|has|does|its|this|his|thus|always|as|us|less|unless|yes)\b)[a-z]+(?:ed|s))"
    # not a quantity, which states a fact: "China takes roughly 70 per cent of …"
    r"(?![\w’'-])(?!\s+(?:(?:roughly|about|around|nearly|almost|some|over|under|more|less)"
    r"\s+(?:than\s+)?)?[$€£]?\d)"
)
#: "such stations", "such activities": a noun taken up again.
_SUCH = re.compile(r"(?<![\w’'-])such\s+(?P<noun>[a-z]{4,})", re.I)
#: How many paragraphs back the allegation that named the noun may be.
SUCH_PARAGRAPHS = 2
#: A first-person pronoun near a sentence's opening, and how near.
_FIRST_PERSON_NEAR = re.compile(r"(?<![\w’'-])(?:we|I)(?![\w’'-])", re.I)
FIRST_PERSON_CHARS = 40
#: Labels of the people who ask, not answer: their turns are narration.
_ASKING = frozenset(
    {"Q", "A", "HOST", "ANCHOR", "REPORTER", "INTERVIEWER", "MODERATOR", "QUESTION", "ANSWER"}
    | {"NARRATOR", "CORRESPONDENT", "PRESENTER"}
)


def turn_labels(text: str, paragraphs: list) -> list[str | None]:
    """The name labelling each paragraph's turn in a transcript ("MARCHAND", or "Guo
    Rui" where that name opens two turns or more), or None (a question's or a host's
    label names no speaker of statements, nor does one whose turns are all questions:
    "CBC:", "Reuters:")."""
    labels: list[str | None] = []
    for paragraph in paragraphs:
        m = _LABEL.match(text, paragraph.start, paragraph.end)
        label = m["label"] if m and len(m["label"]) > 1 else None
        labels.append(None if label in _ASKING else label)
    named = [_NAMED_LABEL.match(text, p.start, p.end) for p in paragraphs]
    turns: dict[str, list[int]] = {}
    for i, m in enumerate(named):
        if m and labels[i] is None:
            turns.setdefault(m["label"], []).append(i)
    for label, at in turns.items():
        asks = all(text[: paragraphs[i].end].rstrip().endswith("?") for i in at)
        if len(at) > 1 and not asks:
            for i in at:
                labels[i] = label
    return labels


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
    for index in range(len(layout.sentences)):
        reader.sentence(index)
    warnings = []
    if published is None:
        warnings.append(
            f"{article_id}: no published date in the text; statements stay undated "
            "(give --published DATE)"
        )
    reader.join_continuations()
    reader.drop_restatements()
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
        self.cast.find_home(layout.text)
        self.cast.mark_title_case(
            layout.text, [(a, b) for a, b, why in layout.skipped if why in ("headline", "heading")]
        )
        self.discourse = Discourse(self.cast)
        self.drafts: list[Draft] = []
        self.last: tuple[int, Attribution] | None = None
        #: Transcripts: each paragraph's turn ("Q", "A" or None), and who answers.
        self.turns = transcript_turns(self.text, layout.paragraphs)
        self.labels = turn_labels(self.text, layout.paragraphs)
        self.answerer: str | None = None
        #: (paragraph, side accused) of the allegations drafted so far.
        #: (paragraph, side accused, the day the sentence names or None) of the
        #: allegations drafted so far.
        self.accusations: list[tuple[int, str, str | None]] = []
        #: Sides a counter-accusation charged: their silence answers it.
        self.counter_charged: set[str] = set()
        self.replying: set[str] = set()
        #: (paragraph, speaker) of a sentence that says a speaker answers and says no
        #: more ("The minister pushed back."): the quotation after it is the reply.
        self.pointed: tuple[int, str] | None = None
        #: (paragraph, speaker's state or root body) of the responses drafted so far.
        self.replies: list[tuple[int, str]] = []
        self.seen: list[str] = []
        self.seen_lines = ""
        #: Whether each sentence (by its start) says it answers.
        self._answers: dict[int, bool] = {}
        #: Each sentence's (by its start) date phrase and the day it names.
        self._dates: dict[int, tuple[re.Match[str] | None, str | None]] = {}

    def outside(self, position: int) -> bool:
        return not self.layout.in_quote(position)

    def attribution(
        self, sentence: Sentence
    ) -> tuple[Attribution | None, list[Attribution], list[Mention], list[Mention]]:
        """The sentence's own attribution, the sources its clauses have of their own,
        every actor it names and the actors outside quotations, references resolved."""
        text, s0, s1, para = self.text, sentence.start, sentence.end, sentence.paragraph
        self.cast.asked = bool(_QUESTION_PUT.match(text, s0, s1))
        self.cast.replies_here = lambda: any(
            not group.startswith("accusation") for group in find_cues(text, s0, s1)
        )
        all_named = self.cast.mentions(text, s0, s1)
        named = [m for m in all_named if self.outside(m.start)]
        refs = self.discourse.references(text, s0, s1, para, named)
        refs = [m for m in refs if self.outside(m.start)]
        named = [m for m in named if not any(r.start <= m.start and m.end <= r.end for r in refs)]
        mentions = sorted(named + refs, key=lambda m: m.start)
        return (*attribute(text, s0, s1, mentions, self.outside), all_named, mentions)

    def sentence(self, index: int) -> None:
        sentence = self.layout.sentences[index]
        text, s0, s1, para = self.text, sentence.start, sentence.end, sentence.paragraph
        attribution, sources, all_named, mentions = self.attribution(sentence)
        turn = self.turns[para] if para < len(self.turns) else None
        if turn == "Q" and self.answerer is None and self.last:
            # Who spoke before the first question is who answers them.
            self.answerer = self.last[1].speaker.actor
        if turn == "A" and self.answerer:
            # "A: We have noted the report. …": the answer is the answerer's, whatever
            # it names.
            paragraph = self.layout.paragraphs[para]
            attribution = Attribution(
                Mention(paragraph.start, paragraph.start, self.answerer, "transcript answer"),
                paragraph.start,
                paragraph.start,
                text[paragraph.start : paragraph.start + 2],
                "transcript answer",
            )
            sources = []
        elif attribution is None and (turn_taker := self._turn_taker(sentence)):
            attribution = turn_taker
        elif attribution is None and is_quoted_speech(text, s0, s1, self.layout.in_quote):
            attribution = self._quote_closed_later(index) or self._continued(para, s0)
        elif (
            attribution is None
            and self.last
            and para - self.last[0] <= STATEMENT_RUNS_ON
            and not text[s0:s1].rstrip().endswith(":")
        ):
            # A statement's words reported without quotation marks, right after it.
            attribution = self._continued(para, s0)
            if attribution and (
                self._narrated(s0, all_named)
                or self._someone_else(s0, s1)
                or self._kept_silent(attribution.speaker.actor)
                or self._background(s0, s1)
            ):
                attribution = None
            if attribution:
                attribution.rule = "statement running on"
        if attribution is None and text[s0:s1].rstrip().endswith(":"):
            # "Here is the key passage from director X's testimony:": whom the quotation
            # after the colon belongs to, though no verb reports it.
            introduced = [m for m in mentions if self.outside(m.start)]
            if introduced:
                self.last = (para, Attribution(introduced[-1], s1, s1, ":", "colon"))
        if attribution and _NARRATOR_QUESTION.fullmatch(text, s0, s1):
            attribution = None  # "Has Canada answered that?": the reporter asks
        if attribution and not self._repeated(sentence):
            self.last = (para, attribution)
            drafted = len(self.drafts)
            self._statements(sentence, attribution, sources, all_named)
            documents = [
                m.group(0).lower().split()[-1]
                for m in documents_in(text, s0, s1)
                if self.outside(m.start())
            ]
            self.discourse.spoke(
                para, attribution.speaker.actor, documents, voiced_by_person(text, attribution)
            )
            self.cast.spoke(attribution.speaker.actor)
            # A side that stands accused replies when it speaks, whatever its words'
            # role ("The ministry said the plane had provoked it. Spokesperson X said
            # …": X goes on for the ministry).
            self.cast.speaker_replied = len(self.drafts) > drafted and (
                self.drafts[-1].role == "response" or self._side_accused(attribution.speaker.actor)
            )
            if self._says_answering(sentence):
                # "The embassy hit back within hours." says what its next words do.
                self.replying.add(attribution.speaker.actor)
                if len(self.drafts) == drafted:
                    self.pointed = (para, attribution.speaker.actor)
        self._reported_charges(sentence, mentions, all_named, attribution)
        self.discourse.remember(text, para, [m for m in all_named if self.outside(m.start)])

    def join_continuations(self) -> None:
        """A quotation's or statement's next sentence saying the same kind of thing is
        the same claim: one statement spans both."""
        joined: list[Draft] = []
        for draft in self.drafts:
            last = joined[-1] if joined else None
            if (
                last
                and (last.rule in _CONTINUATIONS or draft.rule in _CONTINUATIONS)
                and last.speaker.actor == draft.speaker.actor
                and (
                    (last.role, last.kind) == (draft.role, draft.kind)
                    or self._one_quotation(last, draft)
                )
                and last.end < draft.start
                and not self.text[last.end : draft.start].strip(_QUOTE_AND_STOP + "\n\t")
            ) or self._summed_up(last, draft):
                last.end = draft.end
                last.cues.extend(draft.cues)
                continue
            joined.append(draft)
        self.drafts = joined

    def _summed_up(self, last: Draft | None, draft: Draft) -> bool:
        """ "The embassy rejected the findings within hours. “…,” it said.": a reply
        that only names what it answers, and the words of it the same speaker says
        right after, are one statement."""
        return bool(
            last
            and last.role == draft.role == "response"
            and self.cast.lineage(last.speaker.actor)[-1]
            == self.cast.lineage(draft.speaker.actor)[-1]
            and draft.paragraph - last.paragraph <= 1
            and last.end < draft.start
            and not self.text[last.end : draft.start].strip(_QUOTE_AND_STOP + "\n\t ")
            and _BARE_REPLY.fullmatch(self.text, last.start, last.end)
        )

    def drop_restatements(self) -> None:
        """A lede that sums up a claim the article goes on to quote is one statement
        with the quotation (news is written top down: the summary first, the words
        later). An unquoted statement of the first paragraph is dropped when a later
        quotation by the same state's speaker, in the same role, holds enough of its
        terms (a measure taken is restated only by a measure); the quotation's evidence
        keeps the lede's span."""
        # The terms pairing compares (stems, synonyms as one); imported here, since the
        # pairing package's import brings its whole engine.
        from claimtrack.pairing.text import terms

        # A draft's terms are taken once, and only for a lede and the quotations by the
        # same state in the same role (pairing's terms are slow to take).
        taken: dict[int, frozenset[str]] = {}

        def words_of(draft: Draft) -> frozenset[str]:
            if id(draft) not in taken:
                taken[id(draft)] = frozenset(terms(self.text[draft.start : draft.end]))
            return taken[id(draft)]

        def side_and_role(draft: Draft) -> tuple[str, str]:
            return self.cast.lineage(draft.speaker.actor)[-1], draft.role

        quoted = [d for d in self.drafts if self._mostly_quoted(d)]
        quoted_ids = {id(d) for d in quoted}
        kept = []
        for draft in self.drafts:
            if draft.paragraph == 0 and id(draft) not in quoted_ids:
                same = [
                    later
                    for later in quoted
                    if later.paragraph > draft.paragraph
                    and side_and_role(later) == side_and_role(draft)
                    # a measure taken ("imposed sanctions") is not what a quote says
                    and (draft.kind != "other" or later.kind == "other")
                ]
                words = words_of(draft) if same else frozenset()
                shares = [
                    (len(words & words_of(later)) / len(words), -later.start, later)
                    for later in same
                    if words
                ]
                best = max(shares, default=None, key=lambda s: s[:2])
                if best and best[0] >= RESTATED_SHARE:
                    best[2].cues.append(
                        {
                            "text": self.text[draft.start : draft.end],
                            "start": draft.start,
                            "end": draft.end,
                            "means": "the lede restates it",
                        }
                    )
                    continue
            kept.append(draft)
        self.drafts = kept

    def _mostly_quoted(self, draft: Draft) -> bool:
        """Are most of a statement's words inside quotation marks (not a few words in
        scare quotes: China "strongly opposes" the charges)?"""
        inside = sum(
            min(q1, draft.end) - max(q0, draft.start)
            for q0, q1 in self.layout.quotes_in(draft.start, draft.end)
        )
        return inside >= QUOTED_SHARE * (draft.end - draft.start)

    def _one_quotation(self, first: Draft, then: Draft) -> bool:
        """Do two drafts lie inside one quotation (no mark closes it between them)? A
        speaker's quotation is one statement, whatever its later sentences add."""
        quotation = self.layout.quotation_at(then.start)
        return quotation is not None and quotation == self.layout.quotation_at(first.end - 1)

    def _narrated(self, start: int, named: list[Mention]) -> bool:
        """Is an unquoted sentence with no cue the narrator's, not the last speaker's?
        It is when its opening names a person ("Garneau gave no sign", "Freed at last,
        Kovrig hugs his wife"): speakers do not name themselves so, and what they say of
        another person is reported with a cue. It is too when it opens on a document
        ("The report capped an inquiry …"): a document that speaks has a cue."""
        opening = [m for m in named if m.start - start <= SUBJECT_OPENING_CHARS]
        if any(self.cast.kind(m.actor) in PERSON_KINDS for m in opening):
            return True
        if UNNAMED_PERSON.match(self.text, start):
            return True  # "The Australian citizen has been jailed since 2019 …"
        opening_words = _OPENING_DOCUMENT.match(self.text, start)
        documents = reporting().documents
        return bool(
            opening_words
            and any(documents.match(self.text, at) for at in _word_starts(opening_words))
        )

    def _background(self, start: int, end: int) -> bool:
        """Does a sentence with no cue of its own name a year before the article's ("In
        2016, a tribunal ruled …", "Relations were damaged by the 2018 arrest …")?
        Then it is the narrator's background, not the last speaker going on."""
        if not self.published:
            return False
        year = self.published.iso[:4]
        return any(m.group(0) < year for m in _YEAR.finditer(self.text, start, end))

    def _someone_else(self, start: int, end: int) -> bool:
        """Does a sentence with a cue whose source is none of the actors speak for
        someone else ("The men deny the charges, according to their lawyers")? Unless
        it opens on a pronoun that found no one ("He added …"), it does."""
        return bool(cues(self.text, start, end, self.outside)) and not _PRONOUN_OPENING.match(
            self.text, start
        )

    def _continued(self, para: int, start: int) -> Attribution | None:
        """A quotation running on from the last attribution, a paragraph or two back."""
        if self.last and para - self.last[0] <= CONTINUED_QUOTE_PARAGRAPHS:
            return Attribution(self.last[1].speaker, start, start, "", "continued quote")
        return None

    def _quote_closed_later(self, index: int) -> Attribution | None:
        """“First sentence. Second sentence,” X said: a quotation whose attribution
        follows its closing mark, in a later sentence of the same paragraph."""
        sentences = self.layout.sentences
        here = sentences[index]
        for later in sentences[index + 1 : index + 1 + QUOTE_LOOKAHEAD_SENTENCES]:
            if later.paragraph != here.paragraph or not self.layout.in_quote(later.start):
                return None
            quotes = self.layout.quotes_in(later.start, later.end)
            closing = [q1 for _, q1 in quotes if q1 < later.end]
            if closing:
                found, *_ = self.attribution(later)
                if found and found.cue_start >= closing[0]:
                    return Attribution(
                        found.speaker, here.start, here.start, "", "quote closed later"
                    )
                return None
        return None

    def _repeated(self, sentence: Sentence) -> bool:
        """A sentence the scraper repeated (a lead printed twice) says nothing new."""
        words = " ".join(self.text[sentence.start : sentence.end].split()).strip(_QUOTE_AND_STOP)
        if len(words) < REPEAT_MIN_CHARS:
            return False
        # The sentences seen are kept joined as well, on lines of their own: one search
        # finds this one inside any of them (it holds no line break).
        if words in self.seen_lines or any(seen in words for seen in self.seen):
            return True
        self.seen.append(words)
        self.seen_lines += "\n" + words
        return False

    def _accused(self, speaker: str, act) -> bool:
        """Has anyone accused the speaker's side so far, has that side replied already,
        or does the clause name the charge itself? A silence or an admission is a reply
        only to a charge."""
        return act.refuses_charge or self._side_accused(speaker)

    def _side_accused(self, speaker: str) -> bool:
        """Has anyone accused the speaker's side so far, or has that side replied?"""
        side = self.cast.side(speaker)
        return (
            side in self.counter_charged
            or any(accused == side for _, accused, _ in self.accusations)
            or any(
                d.role == "response" and self.cast.side(d.speaker.actor) == side
                for d in self.drafts
            )
        )

    def _accuse(self, target: str) -> None:
        """Note the state a charge accuses (a gazetteer state: the one a spokesperson
        whose title names none may speak for)."""
        root = self.cast.lineage(target)[-1]
        if root in gazetteer().states:
            self.cast.accused_state = root

    def _kept_silent(self, speaker: str) -> bool:
        """Was the speaker's last statement a silence ("did not reply to a request for
        comment")? Then the next sentence is not more of its words."""
        last = next((d for d in reversed(self.drafts) if d.speaker.actor == speaker), None)
        return last is not None and last.kind == "no-comment"

    def _said_when(self, sentence: Sentence) -> tuple[re.Match[str] | None, str | None]:
        """The sentence's date phrase and the day it names: read once, and only for a
        sentence with an act to date."""
        kept = self._dates.get(sentence.start)
        if kept is None:
            phrase = date_phrase(self.text, sentence.start, sentence.end, self.outside)
            when = resolve(phrase.group(0), self.published) if phrase else None
            kept = self._dates[sentence.start] = (phrase, when)
        return kept

    def _says_answering(self, sentence: Sentence) -> bool:
        """Does the sentence say that it answers ("hit back", "in response")? Asked for
        each clause and again after them: read once per sentence."""
        said = self._answers.get(sentence.start)
        if said is None:
            said = bool(folding.search(ANSWERING, self.text, sentence.start, sentence.end))
            self._answers[sentence.start] = said
        return said

    def _answering(self, sentence: Sentence, speaker: str, when: str | None = None) -> bool:
        """Does the speaker answer here: it replied already, the sentence says it
        answers, or its side stands accused or replied a paragraph or less before (the
        ministry's spokesperson goes on with the reply the ministry began)? A charge
        made on a later day than `when`, the day the sentence names, it cannot answer
        ("China on Wednesday accused Canada …  Canada's defence department said on
        Monday …")."""
        side = self.cast.side(speaker)
        root = self.cast.lineage(speaker)[-1]
        return (
            speaker in self.replying
            or self._says_answering(sentence)
            or any(
                sentence.paragraph - para <= ANSWER_PARAGRAPHS
                for para, accused, day in self.accusations
                if accused == side and not (when and day and day > when)
            )
            or any(
                sentence.paragraph - para <= ANSWER_PARAGRAPHS
                for para, replier in self.replies
                if replier == root
            )
        )

    def _statements(
        self,
        sentence: Sentence,
        main: Attribution,
        sources: list[Attribution],
        named: list[Mention],
    ) -> None:
        text = self.text
        acts = []

        def opening(speaker: Mention) -> int:
            """Where the speaker's subject opens: at the office named before it, as a
            title or an apposition ("Lithuania's Prime Minister X", "Britain's minister,
            X,")."""
            office = [
                m
                for m in named
                if m.end <= speaker.start and text[m.end : speaker.start] in (" ", ", ")
            ]
            return office[0].start if office else speaker.start

        def own(c0: int, c1: int) -> list[Attribution]:
            """The sources standing inside a clause ("after Lithuania's premier raised
            …"), or right before a relative one ("a report that accused Beijing", "the
            strategy, which characterizes China as"); "…, adding that" leaves the
            subject to the main clause."""
            relative = _RELATIVE_OPENING.match(text, c0) and self.outside(c0)
            # "alleged that APT31 was behind the attacks": with no comma before it, a
            # relative pronoun may open what is said, whose subject is no source.
            bare = relative and not text[:c0].rstrip().endswith(",")
            return [
                a
                for a in sources
                if c0 < a.cue_start < c1
                and (
                    (a.speaker.end <= c0 and not text[a.speaker.end : c0].strip(_ANTECEDENT_GAP))
                    if bare or (relative and a.speaker.start < c0)
                    # its subject opens it: "…, after Lithuania's premier raised", "…,
                    # which Canada's spy agency said showed", "…, and Britain's minister,
                    # X, accused" (the office before the name)
                    else c0 <= opening(a.speaker) <= c0 + SUBJECT_CHARS
                    and a.speaker.start < a.cue_start
                )
            ]

        # Inside a name of several words, words are no cue ("Foreign Interference
        # Commission").
        names = [(m.start, m.end) for m in named if " " in text[m.start : m.end]]
        in_name = (lambda at: any(a <= at < b for a, b in names)) if names else None

        silent: int | None = None  # where the clauses with no act of their own began
        unprompted: set[int] = set()  # the measures taken with no charge to answer
        # With no source of its own in the sentence, no subordinate clause is cut off.
        for c0, c1 in clauses(text, sentence.start, sentence.end, own if sources else None):
            # "… accused Canada of smearing it over allegations that …": the charge
            # answered is another statement (or nobody's); the clause ends before it.
            answered = None
            if folding.may_hold(text, c0, c1, _ANSWERED_NOUNS):
                answered = _ANSWERED_CHARGE.search(text, c0, c1)
            if answered and not self.outside(answered.start()):
                answered = None
            if answered:
                c1 = answered.start()
            # "Asked whether China had interfered, Wang said …": the question put to the
            # speaker holds no act of theirs.
            asked = _QUESTION_PUT.match(text, c0, c1)
            act = read_act(text, asked.end() if asked else c0, c1, self.outside, in_name)
            act = (
                act
                or self._charge_named_again(sentence.paragraph, c0, c1)
                or self._conduct_quoted(c0, c1, main, named)
            )
            if not act:
                silent = c0 if silent is None else silent
                continue
            # "He said that the claims raised by X …, and that …, are all baseless": the
            # clauses before the act are what it says; the statement takes them in.
            if silent is not None:
                start, silent = silent, None
                act = read_act(text, start, c1, self.outside, in_name) or act
            else:
                start = c0
            found = own(start, c1)
            if (
                not found
                and c1 <= main.speaker.start
                and _JOINED_CLAUSE.search(text, c1, main.speaker.start)
            ):
                continue  # "Yang spent two years in detention, and officials said …"
            if not found and REACTION.fullmatch(text, c1, main.speaker.start):
                continue  # "Canada expelled a diplomat, a move Beijing condemned"
            if not found and REACTION_OPENING.match(text, start) and start > main.cue_start:
                continue  # "…, a claim the company rejects": not the speaker's words
            who = found[0] if found and not start <= main.cue_start < c1 else main
            # A speaker replying in one clause is still replying in the next ("…
            # rejected the charges and urged Britain to stop its anti-China farce").
            replying = any(
                a[0] == "response" and a[5].speaker.actor == who.speaker.actor
                for a in acts
                if id(a) not in unprompted
            )
            answering = (
                replying
                or bool(answered)
                or self._answering(sentence, who.speaker.actor, self._said_when(sentence)[1])
            )
            if denies_nothing(act, answering or self._accused(who.speaker.actor, act)):
                continue  # "These are not accidents," said by a side no one accused
            act = naming_only(text, act, answering or self._side_accused(who.speaker.actor))
            if act is None:
                continue
            role, kind = decide(act, answering)
            actor = self._acting_subject(text, start, named, who) if kind == "other" else None
            if actor:
                # "China retaliated by imposing tariffs on Danish pork.": a measure is its
                # subject's act, not the words of the speaker before it.
                who = actor
                when = self._said_when(sentence)[1]
                role, kind = decide(act, self._answering(sentence, who.speaker.actor, when))
            if kind in _ONLY_WHEN_ACCUSED and not self._accused(who.speaker.actor, act):
                continue
            if (
                kind == "no-comment"
                and (_OWN_WORK.search(text, start, c1) or _OWN_PLANS.search(text, start, c1))
                and not _QUESTION_PUT.match(text, sentence.start, c1)
                and not _QUESTION_PUT_AFTER.search(text, start, sentence.end)
            ):
                # "does not comment on operational matters", "did not say whether a
                # diplomat would be expelled": its own work or plans, unless a question
                # put to it ("Asked whether X worked for it, CSIS said …").
                continue
            if kind == "acknowledgement" and not (act.refuses_charge or act.accusing):
                continue  # an admission admits a wrong: "conceded the move may cost"
            last = acts[-1] if acts else None
            if last and (last[0], last[1], last[5].speaker.actor) == (
                role,
                kind,
                who.speaker.actor,
            ):
                last[3] = c1
                last[4].extend(act.cues)
            elif (
                role == "allegation"
                and last
                and id(last) in unprompted
                and last[5].speaker.actor == who.speaker.actor
            ):
                # "Canada expelled a diplomat, accusing him of …": a measure no charge
                # prompted, and the charge that says why, are one allegation.
                last[0:2] = role, kind
                last[3] = c1
                last[4].extend(act.cues)
            else:
                acts.append([role, kind, start, c1, list(act.cues), who])
                if kind == "other" and not answering:
                    unprompted.add(id(acts[-1]))
        if not acts:
            acts = self._also(sentence, main) or self._pointed_reply(sentence, main)
        earlier = [m for _, m in self.discourse.mentioned]
        for role, kind, c0, c1, act_cues, who in acts:
            speaker = who.speaker.actor
            side = self.cast.side(speaker)
            in_clause = [m for m in named if c0 <= m.start < c1] or named
            if not self._of_state(speaker, in_clause, c0, c1):
                continue
            # "thanked Canada and accused China of …": whom the accusing verb names first.
            accused = [
                m
                for a, b, _, group in act_cues
                if group == "accusation (verbs)"
                for m in in_clause
                if b <= m.start <= b + ACCUSED_CHARS
            ]
            target = target_of(
                self.cast,
                speaker,
                accused + in_clause,
                earlier,
                self.cast.states_by_demonym(text, c0, c1),
            )
            if kind == "counter-accusation" and target and self.cast.side(target) != side:
                self.counter_charged.add(self.cast.side(target))
                self._accuse(target)
            if role == "allegation" and target and self.cast.side(target) != side:
                day = self._said_when(sentence)[1]
                self.accusations.append((sentence.paragraph, self.cast.side(target), day))
                self._accuse(target)
            if role == "response" and kind != "no-comment":
                # A silence answers nothing: the speaker's next charge is a charge.
                self.replying.add(speaker)
                self.replies.append((sentence.paragraph, self.cast.lineage(speaker)[-1]))
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
                + [
                    {"text": w, "start": a, "end": b, "means": means} for a, b, w, means in act_cues
                ],
                paragraph=sentence.paragraph,
            )
            self._date(draft, self._said_when(sentence)[0])
            self.drafts.append(draft)

    def _conduct_quoted(
        self, start: int, end: int, main: Attribution, named: list[Mention]
    ) -> Act | None:
        """ "“Beijing wants every exile to feel watched,” she said.": a quotation whose
        subject is a state of the side the speaker is not on, doing something, charges
        it with that conduct, though no word of accusation says so."""
        text = self.text
        beijing_speaks = self.cast.side(self.cast.lineage(main.speaker.actor)[-1]) == "beijing"
        openings = [
            mark.end()
            for q0, _ in self.layout.quotes_in(start, end)
            if q0 >= start and (mark := _OPENING_MARK.match(text, q0))
        ]
        if main.rule.startswith("reporting verb") and self.outside(main.cue_start):
            # "CSIS said the Chinese state uses …", "told reporters that Beijing …": what
            # a reporting verb reports.
            reported = _THAT.match(text, main.cue_end).end()
            if start <= reported < end:
                openings.append(reported)
        elif (
            main.cue_end <= main.speaker.start
            and (closed := _SOURCE_COMMA.match(text, main.speaker.end))
            and start <= closed.end() < end
        ):
            # "According to the minister, Mr. Wu photographed …": after the source.
            openings.append(closed.end())
        for opening in openings:
            cleft = _CLEFT.match(text, opening)
            opens = _SUBJECT_DETERMINER.match(text, cleft.end() if cleft else opening).end()
            subject = next((m for m in named if m.start == opens), None)
            if (
                subject is None
                or not self.cast.is_state_actor(subject.actor)
                or (self.cast.side(subject.actor) == "beijing") == beijing_speaks
            ):
                continue
            owned = _POSSESSION.match(text, subject.end)
            verb = (_CLEFT_VERB if cleft else _CONDUCT_VERB).match(
                text, owned.end() if owned else subject.end, end
            )
            if verb and verb.group(0).split()[-1] not in reporting().verbs:
                words = text[subject.start : verb.end()]
                return Act(
                    start, end, True, None, [(opens, verb.end(), words, "accusation (conduct)")]
                )
        return None

    def _charge_named_again(self, paragraph: int, start: int, end: int) -> Act | None:
        """ "… says China has dozens of such stations": "such" and a noun that an
        allegation a few paragraphs before named take that charge up again."""
        for m in _SUCH.finditer(self.text, start, end):
            noun = m["noun"].lower()
            if any(
                d.role == "allegation"
                and paragraph - d.paragraph <= SUCH_PARAGRAPHS
                and re.search(rf"\b{re.escape(noun)}\b", self.text[d.start : d.end], re.I)
                for d in self.drafts
            ):
                return Act(
                    start,
                    end,
                    True,
                    None,
                    [(m.start(), m.end(), m.group(0), "accusation (anaphora)")],
                )
        return None

    def _turn_taker(self, sentence: Sentence) -> Attribution | None:
        """ "MARCHAND: Canada condemns this verdict …": in a transcript whose turns are
        labelled by name, a sentence of the turn with no attribution of its own is the
        named person's, once the article has named them in full; not one whose cue
        reports someone else ("The ministry says …" in a reporter's turn), unless the
        speaker reports themselves ("As we said on Tuesday, …")."""
        para, s0, s1 = sentence.paragraph, sentence.start, sentence.end
        label = self.labels[para] if para < len(self.labels) else None
        if self._someone_else(s0, s1) and not _FIRST_PERSON_NEAR.search(
            self.text, s0, min(s1, s0 + FIRST_PERSON_CHARS)
        ):
            return None
        actor = self.cast.named_by(label) if label else None
        placed = self.cast.accused_state or self.cast.home
        if label and not label.isupper() and placed:
            # "Guo Rui: …", named by no title: who answers the questions put, for the
            # state the last question accused.
            if actor is None:
                actor = self.cast.person(label, placed, "spokesperson")
            elif self.cast.lineage(actor)[-1] not in gazetteer().states:
                actor = self.cast.place(actor, placed, "spokesperson")
        if actor is None:
            return None
        start = self.layout.paragraphs[para].start
        return Attribution(
            Mention(start, start + len(label), actor, "transcript turn"),
            start,
            start + len(label),
            label,
            "transcript turn",
        )

    def _acting_subject(
        self, text: str, start: int, named: list[Mention], who: Attribution
    ) -> Attribution | None:
        """The state or state body a clause opens on, when the clause runs on from
        another state's speaker: the subject of a measure it reports."""
        if who.rule != "statement running on":
            return None
        opening = [m for m in named if start <= m.start <= start + SUBJECT_CHARS]
        if not opening or not self.cast.is_state_actor(opening[0].actor):
            return None
        root = self.cast.lineage(opening[0].actor)[-1]
        if root == self.cast.lineage(who.speaker.actor)[-1]:
            return None
        return Attribution(opening[0], start, start, "", "act of state")

    def _also(self, sentence: Sentence, main: Attribution) -> list[list]:
        """ "The embassy also says it has agreements that …": with no cue of its own, a
        speaker who "also" speaks goes on with the reply it made just before, in its
        role and kind (a reply only: "also" after a charge may add a fact)."""
        last = self.drafts[-1] if self.drafts else None
        if (
            last is None
            or last.role != "response"
            or last.speaker.actor != main.speaker.actor
            or sentence.paragraph - last.paragraph > ALSO_PARAGRAPHS
            or not _ALSO_BEFORE.search(self.text, max(0, main.cue_start - 12), main.cue_start)
        ):
            return []
        return [[last.role, last.kind, sentence.start, sentence.end, [], main]]

    def _pointed_reply(self, sentence: Sentence, main: Attribution) -> list[list]:
        """ "The minister pushed back. “This decision was made on our agencies' advice,”
        he said.": quoted words with no cue, right after their speaker is said to
        answer, are the reply (a rejection, the commonest kind, when no word tells)."""
        pointed, self.pointed = self.pointed, None
        if (
            pointed is None
            or pointed[1] != main.speaker.actor
            or sentence.paragraph - pointed[0] > 1
            or not is_quoted_speech(self.text, sentence.start, sentence.end, self.layout.in_quote)
        ):
            return []
        return [["response", "rejection", sentence.start, sentence.end, [], main]]

    def _reported_charges(
        self,
        sentence: Sentence,
        mentions: list[Mention],
        named: list[Mention],
        reporter: Attribution | None,
    ) -> None:
        """ "China dismissed accusations from US officials that …": the charge is the
        officials' allegation, reported inside someone else's sentence (never the
        sentence's own speaker's, who does not call their own words "accusations")."""
        text = self.text
        spans = reported_charges(text, sentence.start, sentence.end, mentions, self.outside)
        earlier = [m for _, m in self.discourse.mentioned] if spans else []
        for c0, c1, source in spans:
            speaker = source.actor
            if reporter and speaker == reporter.speaker.actor and not c0 <= reporter.cue_start < c1:
                continue
            in_clause = [m for m in named if c0 <= m.start < c1 and m.actor != speaker]
            if not self._of_state(speaker, in_clause, c0, c1):
                continue
            root = self.cast.lineage(speaker)[-1]
            covering = [
                d
                for d in self.drafts
                if d.role == "allegation"
                and self.cast.lineage(d.speaker.actor)[-1] == root
                and d.start <= c0 < d.end
            ]
            if covering:
                # The same charge drafted from the sentence's verb: its words are the
                # charge's, not the reporting sentence's.
                covering[0].start, covering[0].end = c0, min(c1, covering[0].end)
                continue
            if any(
                d.role == "allegation"
                and self.cast.lineage(d.speaker.actor)[-1] == root
                and d.end <= sentence.start
                for d in self.drafts
            ):
                continue  # "Ren's charge that the ship was sent to provoke": told already
            draft = Draft(
                start=c0,
                end=c1,
                role="allegation",
                kind=None,
                speaker=source,
                target=target_of(self.cast, speaker, in_clause, earlier),
                rule="reported charge",
                cues=[
                    {
                        "text": text[c0 : source.start].strip(),
                        "start": c0,
                        "end": source.start,
                        "means": "attribution",
                    }
                ],
                paragraph=sentence.paragraph,
            )
            target = draft.target
            phrase = date_phrase(text, c0, c1, self.outside)
            if target and self.cast.side(target) != self.cast.side(speaker):
                day = resolve(phrase.group(0), self.published) if phrase else None
                self.accusations.append((sentence.paragraph, self.cast.side(target), day))
            self._date(draft, phrase)
            self.drafts.append(draft)

    def _of_state(self, speaker: str, named: list[Mention], start: int, end: int) -> bool:
        """Is this a matter between states? The speaker belongs to a state, or the words
        name one (or its people: "Chinese hackers"). What private people and companies
        say about each other is left out."""
        if self.cast.is_state_actor(speaker):
            return True
        return any(self.cast.is_state_actor(m.actor) for m in named) or self.cast.names_state(
            self.text, start, end
        )

    def _date(self, draft: Draft, phrase) -> None:
        if phrase:
            draft.date_phrase = phrase.group(0)
            draft.date = resolve(phrase.group(0), self.published)
            draft.date_basis = "the phrase as written, against the published date"
        elif self.published:
            draft.date = self.published.iso
            draft.date_basis = "reported as news: the published date"
