"""Raw article text -> a draft bundle of allegations and replies, each with its evidence.

Rule-based and offline: a layout pass (extract_text) finds the body sentences and
quotations without touching the text; this module finds who speaks in each sentence
(direct speech in its three shapes, reported speech, "according to", passives, pronouns
and "the spokeswoman" resolved within a few paragraphs), what kind of act it is (the
lexicons of extract_cues), against whom, about what and when. Every statement carries
the rule that fired and the cue words with their offsets, so a reviewer sees why.

Speaker sides come from the actor registry; a speaker the registry does not know becomes
a new actor, declared in the bundle, its side taken from cues around its name
("Chinese", "Beijing", "Canadian", "MP", "RCMP", ...).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from claimtrack import extract_cues as cues
from claimtrack.actors import Actor, ActorRegistry, name_key
from claimtrack.dates import PartialDate, resolve_phrase
from claimtrack.extract_text import Layout, Sentence, read_layout

UNATTRIBUTED = "unattributed"
#: Resolving goes through dateutil, slowly; a batch's articles repeat their phrases.
_resolve_phrase = functools.lru_cache(maxsize=4096)(resolve_phrase)
_PERSON_KINDS = frozenset(
    {"spokesperson", "minister", "prime-minister", "mp", "diplomat", "person", "police"}
)
_SPLIT = re.compile(
    r",\s+(?:and\s+)?(?:adding|saying|assuring|stressing|insisting|noting|arguing|warning|claiming|declaring|vowing|promising)\b(?:\s+that\b)?"
    r"|\s+and\s+(?:added|said|warned|insisted|stressed|vowed|promised)\s+that\b"
    r"|,\s+and\s+that\b|(?:\.\.\.|…)\s+(?=[a-z])|;\s+"
)
_REFERENCE_NOUNS = "|".join(sorted(cues.NOMINAL_KINDS, key=len, reverse=True))
_ORGAN_AT_END = re.compile(
    r"(?<![\w’'-])(?:[Tt]he\s+|[Aa]\s+)?((?:Chinese|Canadian|China['’]s|Canada['’]s)\s+"
    r"(?:[Ee]mbassy|[Cc]onsulate(?:[- ][Gg]eneral)?|(?:[Ff]oreign\s+)?[Mm]inistry|[Dd]epartment|[Aa]gency|[Mm]ission)"
    r"(?:\s+(?:in|to)\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?)$"
)
#: In Canada–China coverage a minister or MP named without a nationality is nearly always
#: Canadian, while Beijing's spokespeople are named and Ottawa's rarely are. A guess, and
#: the bundle's warnings say so.
_UNCUED_SIDES = {
    "minister": "ottawa",
    "prime-minister": "ottawa",
    "mp": "ottawa",
    "police": "ottawa",
    "spokesperson": "beijing",
}
#: People the article does not name: their words are unattributed.
_GROUPS = r"[Cc]ritics|[Aa]ctivists|[Oo]bservers|[Ee]xperts|[Oo]pponents|[Aa]nalysts|[Dd]issidents|[Ss]ources|[Oo]fficials|[Ll]awmakers|[Rr]esidents"
_INSTITUTION = re.compile(
    r"(?<![\w’'-])(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+((?:[\w’'-]+\s+){0,3}?"
    r"(?P<head>inquiry|report|study|commission|review|investigation|probe|audit|committee|panel|tribunal|court|watchdog))"
)
#: An opening clause whose verbs belong to the speaker after it: "Asked about X, Mao said".
_INTRO = re.compile(
    r"(?:When|While|After|If|As|Before|Since|Although|Once|Asked|Speaking|Responding|Questioned)\b[^,;“”\"]*,"
)
_BY_WHOM = re.compile(
    r"\b(?:obtained|seen|reviewed|viewed|cited|quoted|reported)\s+by\s+(?:the\s+)?$"
)
_SPOKESPERSON = re.compile(
    r"\s+(?:spokes(?:wo)?man|spokesperson|spokespeople|officials?|representatives?|sources?)", re.I
)
#: Stands in for the verb of a sentence that is all quotation: no verb of its own.
_NO_VERB = re.compile(r"(?P<kind>(?!))?(?P<accuse>(?!))?(?P<act>(?!))?(?P<speech>)")
_COORDINATOR = re.compile(r"(?:,\s*|\s)(?:and|while|but|whereas)\s+$")
_LIST_JOIN = re.compile(
    r"^\s*(?:,\s*(?:and\s+|as well as\s+)?|and\s+|as well as\s+)(?:the\s+)?$", re.I
)
_NAME_AT_END = re.compile(r"((?:[A-Z][\w’'.-]*\s+){1,4}[A-Z][\w’'-]+)\s*$")
_SAYS_WHAT = re.compile(r"(?:said|says|told|tells|say)\b|\w+\s+(?:that\b|:|“|\")")
_ACRONYM_AT_END = re.compile(r"(?<![\w’'-])([A-Z]{3,6})\s*$")
_NAME_AT_START = re.compile(r"\s*((?:[A-Z][\w’'.-]*\s+){1,4}[A-Z][\w’'-]+)")
_APOSTROPHE = re.compile(r"['’]")
_ACCORDING = cues.alternation(r"\b[Aa]ccording to\s+")
_THAT = re.compile(r"\bthat\b")
_THAT_SOON = re.compile(r"(?:\s+\S+){0,3}?\s+that\b")
_FEW_WORDS = re.compile(r"(?:\s+[^\s,;:“”\"]+){0,4}")
_PASSIVE_AUXILIARY = re.compile(r"\b(?:been|was|were|is|are)\s+(?:\w+ly\s+)?$")
_BY = re.compile(r"\s+by\s+")
_GAP = re.compile(r"\s+(?:the\s+)?")
_REFERENCE_AT = re.compile(r"\s*[Tt]he\s+(" + _REFERENCE_NOUNS + r")\b", re.I)
_REFERENCE = re.compile(r"\bthe\s+(" + _REFERENCE_NOUNS + r")\b", re.I)
_REFERENCE_AT_END = re.compile(r"(?<![\w’'-])[Tt]he\s+(" + _REFERENCE_NOUNS + r")$", re.I)
_PRONOUN_AT_END = re.compile(r"(?<![\w’'-])(he|she|they|it|He|She|They|It)$")
_GROUP_AT_END = re.compile(r"(?<![\w’'-])(" + _GROUPS + r")$")
_AND = re.compile(r"\b(?:and|as well as)\b")
_AS_WELL_AS = re.compile(r"\s*,\s*as well as\s+")
_ASIDE_OPENING = re.compile(r",\s*(?:the\s+)?")
_ASIDE = re.compile(r",[^,“”\"]{1,80},")
_PUNCTUATION = re.compile(r"[,;:“”\"]")
_SHARED_SUBJECT = re.compile(r",?\s+(?:and|but)\s+(?:has\s+|had\s+|have\s+|also\s+)*$")
_DESCRIBING = re.compile(r",\s*((?:an?|the|its|their)\s[^,;“”\"]{3,100}?)(?:,|\.|$)", re.I)
_POSSESSIVE_END = re.compile(r"['’]s$")
_POSSESSED = re.compile(r"['’]s\s+(?:\w+\s+)?")
_NOT_IN_ID = re.compile(r"[^a-z0-9]+")
_SEPARATOR = re.compile(r"[,;.…\s]*")
_THE_HEAD = re.compile(r"\bthe\s+(?:\w+\s+)?([a-z]{4,})\b")
_THEN = re.compile(r"\bat the time\b|\bpreviously\b")
_LAST_TOKEN = re.compile(r"(\([^()]{1,20}\)|[\w’'-]+)$")
_CLAUSE_STOP = re.compile(r"[,;—–]")
_LETTERS = re.compile(r"[a-z]+")
_QUOTE_MARKS = re.compile(r"[“”\"]")


@dataclass
class Mention:
    """An actor named (or referred to) at a span of the text."""

    start: int
    end: int
    actor: str
    via: str


@dataclass
class Cue:
    """A word or phrase that made a rule fire, and what it means."""

    text: str
    start: int
    end: int
    means: str

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "means": self.means}


@dataclass
class Anchor:
    """Who speaks in a sentence, by which verb, and where their words are."""

    speakers: list[Mention]
    verb: re.Match[str]
    rule: str
    start: int
    end: int
    region: list[tuple[int, int]]


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
    cues: list[Cue]
    paragraph: int
    region: list[tuple[int, int]] = field(default_factory=list)
    narrator: bool = False
    perfect: bool = False
    undated: bool = False
    topic: str | None = None
    date: str | None = None
    date_phrase: str | None = None
    date_basis: str | None = None


@dataclass
class Extraction:
    """A draft bundle and the warnings a reviewer should read first."""

    bundle: dict[str, Any]
    warnings: list[str]


@functools.lru_cache(maxsize=1024)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for every name: acronyms and short names match in their own case ("US"
    is not "us"), the rest in any case, curly or straight apostrophes alike. Cached, as
    compiling is slow: an article looks for each new actor's names in every sentence,
    and the articles of a batch often declare the same new actors."""
    alternatives = []
    for name in sorted(set(names), key=len, reverse=True):
        body = _APOSTROPHE.sub("['’]", re.escape(name)).replace(r"\ ", r"\s+")
        if name.isupper() or len(name) <= 3:
            alternatives.append(body)
        else:
            alternatives.append(f"(?i:{body})")
    if not alternatives:
        return None
    return cues.alternation("|".join(alternatives), not_after=r"[\w’'-]", then=r"(?![\w-])")


class _ArticleRegistry(ActorRegistry):
    """The extractor's registry, copied for an article that declares new actors.

    The copy takes the tables as they are: adding every actor anew would fold all their
    names again, for every such article."""

    def __init__(self, base: ActorRegistry) -> None:
        super().__init__()
        self.actors = {
            actor_id: Actor(a.id, a.name, a.side, a.kind, a.parent, list(a.aliases))
            for actor_id, a in base.actors.items()
        }
        self._keys = dict(base._keys)


class Extractor:
    """Extraction against one actor registry; reusable across articles.

    `stored` holds the ids of the actors the target database already has: the bundle
    declares every other actor it uses, so it loads into that database (or, with
    `stored` empty, into an empty one).
    """

    def __init__(self, registry: ActorRegistry, stored: set[str] | None = None) -> None:
        self.registry = registry
        self.stored = set(stored or ())
        self._index()

    def _index(self) -> None:
        self.variants = _variants(self.registry)
        names = [n for a in self.registry.actors.values() for n in (a.name, *a.aliases)]
        self.names = _name_pattern((*names, *self.variants))

    def learn(self, extraction: Extraction) -> None:
        """Take in the actors a bundle declares, as if it were loaded: later articles of
        the same batch reuse them ("Lin" is the Lin Jian met before) and do not declare
        them again, so the batch loads as one."""
        added = False
        for a in extraction.bundle["actors"]:
            self.stored.add(a["id"])
            if a["id"] not in self.registry.actors:
                self.registry.add(
                    Actor(a["id"], a["name"], a["side"], a["kind"], a["parent"], a["aliases"])
                )
                added = True
        if added:
            self._index()

    def find(self, name: str) -> Actor | None:
        """An actor by a registry name or a variant of one."""
        actor_id = self.variants.get(name_key(name))
        return self.registry.actors.get(actor_id) if actor_id else None

    def extract(
        self,
        text: str,
        article_id: str,
        published: PartialDate | None = None,
        published_basis: str | None = None,
    ) -> Extraction:
        """Read one article. `published` (e.g. from --published) wins over a date the
        text states about itself."""
        return _Article(self, text, article_id, published, published_basis).run()


class _Article:
    """The state of reading one article: its own registry (new actors join it), what was
    mentioned and who spoke so far, for coreference."""

    def __init__(
        self,
        extractor: Extractor,
        text: str,
        article_id: str,
        published: PartialDate | None,
        published_basis: str | None,
    ) -> None:
        self.x = extractor
        self.text = text
        self.article_id = article_id
        self.layout: Layout = read_layout(text)
        self.published = published or self.layout.published
        if published:
            self.published_basis = published_basis or "given on the command line"
        else:
            self.published_basis = self.layout.published_basis
        # Shared with the extractor until a new actor joins (copied then, not before).
        self.registry = extractor.registry
        self.new_actors: dict[str, Actor] = {}
        self._known_names: dict[str, Actor | None] = {}
        # The names of the actors declared so far, as one regex. Compiling it is slow, so
        # it waits until the text names one of them again, which the regexes of each
        # actor's own names (cached across articles) tell first.
        self.extra_names: tuple[str, ...] = ()
        self.extra_pattern: re.Pattern[str] | None = None
        self.extra_checks: list[re.Pattern[str] | None] = []
        self.mentioned: list[tuple[int, Mention]] = []
        self.spoke: list[tuple[int, str]] = []
        self.drafts: list[Draft] = []
        self.nominal_heads: set[str] = set()
        self.guessed: dict[str, str] = {}
        self._paragraph = 0
        self.warnings: list[str] = []

    # ------------------------------------------------------------ the pass

    def run(self) -> Extraction:
        sentences = self.layout.sentences
        for index, sentence in enumerate(sentences):
            following = sentences[index + 1] if index + 1 < len(sentences) else None
            self._read_sentence(sentence, following)
        self._date_and_topic()
        return Extraction(self._bundle(), self.warnings)

    def _read_sentence(self, sentence: Sentence, following: Sentence | None) -> None:
        para = self._paragraph = sentence.paragraph
        mentions = self._mentions(sentence.start, sentence.end)
        if self._source_of_charges(sentence, mentions):
            self._remember(para, mentions, [])
            return
        anchors = self._anchors(sentence, mentions, para)
        if not anchors:
            anchors = self._continued_quote(sentence, following, para)
        made: list[Draft] = []
        for anchor in anchors:
            made.extend(self._statements(anchor, sentence, mentions))
        made.extend(self._nominal(sentence, mentions, made))
        if not made:
            made.extend(self._hedged(sentence, mentions))
        self.drafts.extend(made)
        self._remember(para, mentions, made)

    def _remember(self, para: int, mentions: list[Mention], made: list[Draft]) -> None:
        self.mentioned.extend((para, m) for m in mentions)
        for draft in made:
            if not draft.narrator:
                self.spoke.append((para, draft.speaker.actor))
                if draft.speaker.via in ("pronoun", "reference"):
                    self.mentioned.append((para, draft.speaker))

    # ------------------------------------------------------------ mentions

    def _mentions(self, start: int, end: int) -> list[Mention]:
        """Registry names, new actors' names, and "Chinese officials"-style state organs."""
        text = self.text
        found: list[Mention] = []
        if self.extra_pattern is None and any(
            check and check.search(text, start, end) for check in self.extra_checks
        ):
            self.extra_pattern = _name_pattern(self.extra_names)
        for pattern in (self.x.names, self.extra_pattern):
            if pattern is None:
                continue
            for m in pattern.finditer(text, start, end):
                actor = self._known(m.group(0))
                if actor is None or self._is_place(actor, m.start(), m.end()):
                    continue
                found.append(Mention(m.start(), m.end(), actor.id, "name"))
        for m in cues.DEMONYM_MENTION.finditer(text, start, end):
            if any(f.start <= m.start() < f.end for f in found):
                continue
            state = self.registry.find(cues.DEMONYMS[m.group(1)])
            if state:
                found.append(Mention(m.start(), m.end(), state.id, "nationality"))
        found.sort(key=lambda f: (f.start, -f.end))
        kept: list[Mention] = []
        for f in found:
            if kept and f.start < kept[-1].end:
                continue
            kept.append(f)
        return kept

    def _known(self, name: str) -> Actor | None:
        """The actor a registry name or a variant of one means. Remembered, as the same
        names recur, until the article declares an actor."""
        if name not in self._known_names:
            self._known_names[name] = self.registry.find(name) or self.x.find(name)
        return self._known_names[name]

    def _is_place(self, actor: Actor, start: int, end: int) -> bool:
        """ "in Ottawa", "to Beijing": a city, not its government (unless possessive)."""
        if actor.kind != "state":
            return False
        if self.text[end : end + 2] in ("’s", "'s"):
            return False
        return bool(cues.LOCATIVE.search(self.text[max(0, start - 14) : start]))

    def side(self, actor_id: str | None) -> str | None:
        actor = self.registry.actors.get(actor_id or "")
        return actor.side if actor else None

    # ------------------------------------------------------------ who speaks

    def _anchors(self, sentence: Sentence, mentions: list[Mention], para: int) -> list[Anchor]:
        text, layout = self.text, self.layout
        s0, s1 = sentence.start, sentence.end
        verbs = [
            v
            for v in cues.VERB.finditer(text, s0, s1)
            if text[v.start()].islower()  # "States" in "the United States" is no verb
            and not layout.in_quote(v.start())
            and not cues.ADJECTIVE_ALLEGED.search(text[max(s0, v.start() - 12) : v.end()])
            and not cues.HEDGED_VERB.match(text, v.start(), s1)
        ]
        # Direct speech, its words first: “…,” Mao Ning said. / “…,” said Mao Ning.
        opening = next((q for q in layout.quotes_in(s0, s1) if q[0] <= s0 + 1 < q[1]), None)
        if opening and opening[1] < s1 - 1:
            for verb in (v for v in verbs if v.start() >= opening[1]):
                speakers = self._subject_before(
                    verb.start(), opening[1], mentions, para
                ) or self._subject_after(verb.end(), s1, mentions, para)
                if speakers:
                    return [
                        Anchor(
                            speakers,
                            verb,
                            "direct speech: quotation, then who said it",
                            s0,
                            s1,
                            [(opening[1], _attribution_end(text, verb.end(), s1))],
                        )
                    ]
        # Reported speech, its words first: "…, Mao said, adding that …".
        for verb in reversed([v for v in verbs if v.group("speech")]):
            anchor = self._trailing_attribution(verb, sentence, mentions, para)
            if anchor:
                return [anchor]
        according = _ACCORDING.search(text, s0, s1)
        if according:
            speakers = self._subject_after(according.end() - 1, s1, mentions, para)
            if speakers:
                region = [(according.start(), speakers[-1].end)]
                return [
                    Anchor(speakers, according, "reported speech: according to", s0, s1, region)
                ]
        return self._subject_verb(verbs, sentence, mentions, para)

    def _subject_verb(
        self, verbs: list[re.Match[str]], sentence: Sentence, mentions: list[Mention], para: int
    ) -> list[Anchor]:
        """X said (that) …; X said: “…”; X accused Y of …; X denied …; Y was denied by X."""
        text, s0, s1 = self.text, sentence.start, sentence.end
        intro = _INTRO.match(text, s0, s1)
        anchors: list[Anchor] = []
        for verb in verbs:
            if intro and verb.start() < intro.end():
                continue  # "When asked about …," sets the scene for the speaker after it
            floor = max(
                [s0] + [q1 for q0, q1 in self.layout.quotes_in(s0, s1) if q1 <= verb.start()]
            )
            speakers = self._passive(verb, s1, mentions, para) or self._subject_before(
                verb.start(), floor, mentions, para, loose=True
            )
            category = _category(verb)
            if not speakers:
                if not anchors and _SAYS_WHAT.match(text, verb.start(), s1):
                    break  # someone the text does not name said what follows
                continue
            if anchors:
                first = anchors[0]
                coordinated = _COORDINATOR.search(text[first.verb.end() : speakers[0].start])
                if (
                    category != "speech"
                    and _category(first.verb) != "speech"
                    and coordinated
                    and speakers[0].actor != first.speakers[0].actor
                ):
                    first.end = first.verb.end() + coordinated.start()
                    anchors.append(self._anchor_at(verb, speakers, speakers[0].start, s1))
                continue
            anchors.append(self._anchor_at(verb, speakers, s0, s1))
            if category == "speech":
                break
        return anchors

    def _anchor_at(
        self, verb: re.Match[str], speakers: list[Mention], start: int, end: int
    ) -> Anchor:
        text = self.text
        category = _category(verb)
        that = _THAT_SOON.match(text, verb.end(), end)
        if category == "act":
            region = [(start, end)]
        elif that:
            region = [(start, that.end())]
        else:
            # "warned Ottawa on Thursday against …": a few words after the verb, no further.
            words = _FEW_WORDS.match(text, verb.end(), end)
            region = [(start, _attribution_end(text, verb.end(), words.end()))]
        rule = {
            "speech": "reported speech: who, verb of saying, words",
            "accuse": "accusation: who accuses, whom, of what",
            "act": "act of state: who summons, expels or sanctions whom",
            "kind": "reply verb: who denies, rejects, declines or confirms",
        }[category]
        if text[verb.end() : verb.end() + 3].lstrip().startswith(("“", '"', ":")):
            rule = "direct speech: who said it, then the quotation"
        return Anchor(speakers, verb, rule, start, end, region)

    def _trailing_attribution(
        self, verb: re.Match[str], sentence: Sentence, mentions: list[Mention], para: int
    ) -> Anchor | None:
        """ "…, the ministry said in a statement." — the words come first, unquoted."""
        text, s0, s1 = self.text, sentence.start, sentence.end
        comma = text.rfind(",", s0, verb.start())
        if comma < s0 + 20:
            return None
        speakers = self._subject_before(verb.start(), comma + 1, mentions, para)
        if not speakers or text[comma + 1 : speakers[0].start].strip(" ") not in ("", "the", "The"):
            return None
        rest = text[verb.end() : s1]
        split = _SPLIT.search(rest)
        tail = rest[: split.start()] if split else rest
        if len(tail.split()) > 8 or _THAT.search(tail):
            return None
        return Anchor(
            speakers, verb, "reported speech: words, then who said them", s0, s1, [(comma, s1)]
        )

    def _passive(
        self, verb: re.Match[str], end: int, mentions: list[Mention], para: int
    ) -> list[Mention] | None:
        """ "… have been firmly denied by Beijing"."""
        before = self.text[max(0, verb.start() - 30) : verb.start()]
        if not _PASSIVE_AUXILIARY.search(before):
            return None
        by = _BY.match(self.text, verb.end(), end)
        return self._subject_after(by.end() - 1, end, mentions, para) if by else None

    def _subject_after(
        self, position: int, end: int, mentions: list[Mention], para: int
    ) -> list[Mention] | None:
        """The speaker named right after a verb: “…,” said Mao Ning; according to the
        embassy."""
        gap = _GAP.match(self.text, position, end)
        start = gap.end() if gap else position
        for m in mentions:
            if start - 4 <= m.start <= start:
                return self._with_list_after(m, mentions)
        reference = _REFERENCE_AT.match(self.text, position, end)
        if reference:
            actor = self._resolve_reference(reference.group(1).lower(), para)
            if actor:
                return [Mention(reference.start(1) - 4, reference.end(), actor, "reference")]
        name = _NAME_AT_START.match(self.text, position, end)
        if name:
            return self._new_speaker(name.start(1), name.end(1), para)
        return None

    def _with_list_after(self, first: Mention, mentions: list[Mention]) -> list[Mention]:
        found = [first]
        for m in [m for m in mentions if m.start >= first.end]:
            join = self.text[found[-1].end : m.start]
            if not _LIST_JOIN.match(join) or not _AND.search(join):
                break
            found.append(m)
        return found

    def _subject_before(
        self, verb_start: int, floor: int, mentions: list[Mention], para: int, loose: bool = False
    ) -> list[Mention] | None:
        """The speaker named right before a verb, past adverbs, dates and an appositive:
        "Mao Ning, a spokeswoman for the ministry, told"; "China's ambassador, Cong
        Peiwu, warned"; "China on Friday accused"; "she underlined"; "the embassy says";
        a new name ("spokesperson Lin Jian said"); "the inquiry said"."""
        text = self.text
        end = _strip_adverbials(text, floor, verb_start)
        if end <= floor:
            return None
        ends = [end]
        if text[end - 1] == ",":
            opening = text.rfind(",", floor, end - 1)
            if opening > floor:
                ends.insert(0, _rstrip(text, floor, opening))
                found = self._subject_ending(floor, _rstrip(text, floor, opening), mentions, para)
                # ", Cong Peiwu," — the aside is the name itself.
                inner = _ASIDE_OPENING.match(text, opening).end()
                found = found or [
                    m
                    for m in self._subject_ending(
                        inner, _rstrip(text, floor, end - 1), mentions, para
                    )
                    or []
                    if m.start <= inner + 1
                ]
                if found:
                    return found
        found = self._subject_ending(floor, end, mentions, para)
        if found:
            return found
        if loose:
            # Nearest name a few words back: "the Globe and Mail released a report claiming".
            for m in reversed([m for m in mentions if floor <= m.start and m.end <= end]):
                if _BY_WHOM.search(text, max(floor, m.start - 30), m.start):
                    continue  # "documents obtained by the Globe show": not the Globe
                between = _ASIDE.sub(" ", text[m.end : verb_start])
                if len(between.split()) <= 6 and not _PUNCTUATION.search(between):
                    return self._with_list(m, mentions, floor)
                # "Beijing has launched …, but has assured that": one subject, two verbs.
                shared = _SHARED_SUBJECT.search(between)
                if shared and len(between.split()) <= 25 and m.start - floor <= 3:
                    return [m]
        for stop in ends:
            institution = _INSTITUTION.search(text, floor, stop)
            if institution and institution.end() == stop:
                return self._institution(institution, para)
        return None

    def _subject_ending(
        self, floor: int, end: int, mentions: list[Mention], para: int
    ) -> list[Mention] | None:
        text = self.text
        for m in mentions:
            if m.end == end and m.start >= floor:
                if _BY_WHOM.search(text, max(floor, m.start - 30), m.start):
                    return None  # "documents obtained by the Globe show": not the Globe
                return self._with_list(m, mentions, floor)
        head = text[floor:end]
        # "a Chinese foreign ministry spokesperson", "RCMP officials": the body speaks.
        for m in mentions:
            if m.start >= floor and _SPOKESPERSON.fullmatch(text, m.end, end):
                return [Mention(m.start, end, m.actor, "spokesperson for")]
        pronoun = _PRONOUN_AT_END.search(head)
        if pronoun:
            actor = self._resolve_pronoun(pronoun.group(1).lower(), para)
            start = floor + pronoun.start(1)
            return [Mention(start, end, actor, "pronoun")] if actor else None
        nominal = _REFERENCE_AT_END.search(head)
        if nominal:
            actor = self._resolve_reference(nominal.group(1).lower(), para)
            start = floor + nominal.start()
            return [Mention(start, end, actor, "reference")] if actor else None
        organ = _ORGAN_AT_END.search(head)
        if organ:
            return self._new_organ(floor + organ.start(1), floor + organ.end(), para)
        name = _NAME_AT_END.search(head) or _ACRONYM_AT_END.search(head)
        if name:
            return self._new_speaker(floor + name.start(1), floor + name.end(1), para)
        group = _GROUP_AT_END.search(head)
        if group:
            return [
                Mention(
                    floor + group.start(), end, self._unattributed(), "unnamed: " + group.group(1)
                )
            ]
        return None

    def _new_organ(self, start: int, end: int, para: int) -> list[Mention]:
        """ "the Chinese consulate in Vancouver": an organ of a state the registry lacks,
        under that state."""
        name = self.text[start:end]
        known = self.registry.find(name) or self.x.find(name)
        if known:
            return [Mention(start, end, known.id, "name")]
        adjective = name.split()[0].replace("’", "'").removesuffix("'s")
        state = self.registry.find(cues.DEMONYMS.get(adjective, adjective))
        kind = next((k for k, p in cues.ACTOR_KINDS if p.search(name.title())), "agency")
        actor = self._declare(
            name[0].upper() + name[1:], name, kind=kind, parent=state.id if state else None
        )
        self.spoke.append((para, actor.id))
        return [Mention(start, end, actor.id, "new actor")]

    def _institution(self, match: re.Match[str], para: int) -> list[Mention]:
        """ "The inquiry said": a body the registry does not know, named the first time
        the article describes it ("a Canadian public inquiry"), its side from that
        description."""
        head = match.group("head").lower()
        actor = next((a for a in self.new_actors.values() if a.kind == head), None)
        if actor is None:
            described = re.compile(
                rf"\b((?:(?:[A-Z][\w’'-]+|public|independent|national|federal|parliamentary|special|judicial|final)\s+){{1,4}}){head}\b",
                re.I,
            ).search(self.text, 0, match.end())
            name = (described.group(0) if described else match.group(1)).strip()
            name = name[0].upper() + name[1:]
            actor = self._declare(name, name, kind=head)
        self.spoke.append((para, actor.id))
        return [Mention(match.start(), match.end(), actor.id, "new actor")]

    def _with_list(self, last: Mention, mentions: list[Mention], floor: int) -> list[Mention]:
        """ "The United States, UK and the European Union have …": every one of them (a
        list ends in "and" or "as well as"; a comma alone is an aside)."""
        found = [last]
        for m in reversed([m for m in mentions if m.end <= last.start and m.start >= floor]):
            join = self.text[m.end : found[0].start]
            if not _LIST_JOIN.match(join) or (len(found) == 1 and not _AND.search(join)):
                break
            found.insert(0, m)
        return found

    def _resolve_pronoun(self, word: str, para: int) -> str | None:
        """He, she, they: the latest speaker a few paragraphs back; it: the latest that is
        not a person."""
        for p, actor_id in reversed(self.spoke):
            if para - p > 2:
                break
            actor = self.registry.actors[actor_id]
            if actor_id == UNATTRIBUTED or (word == "it" and actor.kind in _PERSON_KINDS):
                continue
            return actor_id
        return None

    def _resolve_reference(self, noun: str, para: int) -> str | None:
        """ "the spokeswoman", "the embassy": the latest actor of that kind mentioned a few
        paragraphs back; failing that, that organ of a state just spoken of ("the foreign
        ministry" after Canada spoke is Canada's foreign ministry)."""
        kinds = cues.NOMINAL_KINDS[noun]
        head = noun.split()[-1]
        for p, mention in reversed(self.mentioned):
            if para - p > 2:
                break
            actor = self.registry.actors.get(mention.actor)
            if actor and (actor.kind in kinds or name_key(actor.name).endswith(head)):
                return actor.id
        demonyms = {state: adjective for adjective, state in cues.DEMONYMS.items()}
        spoken_of = chain(
            (actor_id for _, actor_id in reversed(self.spoke)),
            (m.actor for _, m in reversed(self.mentioned)),
        )
        tried: set[str] = set()
        for state_id in map(self._root, spoken_of):  # the most recent first, each once
            if not state_id or state_id in tried:
                continue
            tried.add(state_id)
            state = self.registry.actors[state_id]
            for form in (f"{state.name}'s {noun}", f"{demonyms.get(state.name, '')} {noun}"):
                actor = self.registry.find(form)
                if actor:
                    return actor.id
        return None

    def _root(self, actor_id: str) -> str | None:
        lineage = self.registry.lineage(actor_id)
        root = self.registry.actors.get(lineage[-1]) if lineage else None
        return root.id if root and root.kind == "state" else None

    # ------------------------------------------------------------ new actors

    def _new_speaker(self, start: int, end: int, para: int) -> list[Mention] | None:
        """A capitalised name the registry does not know, speaking: a new actor with a
        side from the cues around it (its title, an organ named beside it)."""
        text = self.text
        tokens = text[start:end].split()
        last_title = max(
            (i for i, t in enumerate(tokens) if t.strip(".,") in cues.TITLES | cues.NOT_NAMES),
            default=-1,
        )
        name_tokens = tokens[last_title + 1 :]
        if any(_POSSESSIVE_END.search(t) for t in tokens):
            # "The Prime Minister's Office": a body named after an office, titles and all.
            name_tokens = tokens[1:] if tokens[0] in ("The", "the") else tokens
        acronym = len(tokens) == 1 and tokens[0].isupper() and tokens[0] not in cues.NOT_NAMES
        if acronym:
            name_tokens = tokens
        elif len(name_tokens) < 2 or any(t.isupper() and len(t) > 4 for t in name_tokens):
            return None
        name = " ".join(name_tokens)
        name_start = text.index(name_tokens[0], start)
        known = self.registry.find(name)
        if known:
            return [Mention(name_start, end, known.id, "name")]
        # Only the last 120 characters can describe the name: no need to look further back.
        clause = max(text.rfind(c, max(0, name_start - 121), name_start) for c in ',;:“”".\n')
        descriptor = text[max(clause + 1, name_start - 120) : name_start]
        # ", a spokesperson for the embassy," describes the name; ", who says …" does not.
        aside = _DESCRIBING.match(text, end)
        actor = self._declare(name, descriptor + " " + name, aside=aside.group(1) if aside else "")
        self.spoke.append((para, actor.id))
        return [Mention(name_start, end, actor.id, "new actor")]

    def _declare(
        self,
        name: str,
        context: str,
        kind: str | None = None,
        aside: str = "",
        parent: str | None = None,
    ) -> Actor:
        """Add an actor the registry lacks: its kind from its title, its parent from an
        organ named in its title or in the aside describing it, its side from the parent
        or else from side cues."""
        existing = self.registry.find(name)
        if existing:
            return existing
        described = f"{context} {aside}"
        kind = kind or next((k for k, p in cues.ACTOR_KINDS if p.search(described)), "person")
        # The organ the aside names first ("the Chinese diplomat named in the CSIS
        # report"), else the one the title names last ("Chinese foreign ministry spokesperson").
        in_aside = self._organs(aside)
        parent = parent or (in_aside[0] if in_aside else (self._organs(context) or [None])[-1])
        context = described
        if kind in cues.NEUTRAL_KINDS and cues.STATE_MEDIA.search(described):
            side = "beijing" if cues.SIDE_CUES["beijing"].search(described) else "other"
        elif kind in cues.NEUTRAL_KINDS:
            side = "other"
        elif parent:
            side = self.registry.actors[parent].side
        else:
            scores = {s: len(p.findall(context)) for s, p in cues.SIDE_CUES.items()}
            best = max(scores, key=lambda s: scores[s])
            side = best if scores[best] else _UNCUED_SIDES.get(kind, "other")
            if not scores[best]:
                self.guessed[name] = f"side {side!r} is a guess from its title ({kind})"
        plain = unicodedata.normalize("NFKD", name_key(name)).encode("ascii", "ignore").decode()
        base = _NOT_IN_ID.sub("-", plain).strip("-") or "actor"
        actor_id, n = base, 1
        while actor_id in self.registry.actors:
            n += 1
            actor_id = f"{base}-{n}"
        # The family name alone, unless another known person shares it (Wang Wenbin, Wang Yi).
        surname = _surname(name, side)
        shared = any(surname in a.name.split() for a in self.registry.actors.values())
        aliases = [surname] if kind in _PERSON_KINDS and not shared else []
        actor = Actor(actor_id, name, side, kind, parent, aliases)
        self._add(actor)
        names = [n for a in self.new_actors.values() for n in (a.name, *a.aliases)]
        self.extra_names = tuple(names)
        self.extra_pattern = None
        self.extra_checks = [_name_pattern((a.name, *a.aliases)) for a in self.new_actors.values()]
        return actor

    def _organs(self, words: str) -> list[str]:
        """Actors a stretch of words names or refers to ("the embassy"), in order."""
        found = [(m.start, m.actor) for m in self._mentions_in_string(words)]
        for reference in _REFERENCE.finditer(words):
            actor = self._resolve_reference(reference.group(1).lower(), self._paragraph)
            found += [(reference.start(), actor)] if actor else []
        return [actor for _, actor in sorted(found) if actor != UNATTRIBUTED]

    def _add(self, actor: Actor) -> None:
        """Declare a new actor, in the article's own copy of the registry."""
        if self.registry is self.x.registry:
            self.registry = _ArticleRegistry(self.x.registry)
        self.registry.add(actor)
        self.new_actors[actor.id] = actor
        self._known_names.clear()

    def _mentions_in_string(self, context: str) -> list[Mention]:
        found = []
        if self.x.names:
            for m in self.x.names.finditer(context):
                actor = self._known(m.group(0))
                if actor:
                    found.append(Mention(m.start(), m.end(), actor.id, "name"))
        for m in cues.DEMONYM_MENTION.finditer(context):
            state = self.registry.find(cues.DEMONYMS[m.group(1)])
            if state:
                found.append(Mention(m.start(), m.end(), state.id, "nationality"))
        return found

    # ------------------------------------------------------------ what is said

    def _statements(
        self, anchor: Anchor, sentence: Sentence, mentions: list[Mention]
    ) -> list[Draft]:
        """One anchor's statements: split where the sentence goes on to a second act of
        another kind (", adding that …", "…" inside a quote), one per speaker listed and
        one per target an accusation lists."""
        text = self.text
        before_verb = text[max(0, anchor.verb.start() - 40) : anchor.verb.end()]
        perfect = bool(cues.PERFECT.search(before_verb))
        # "…, with Beijing blaming Ottawa": a participle sets a scene, it does not date it.
        gerund = anchor.verb.group(0).lower().endswith("ing") and _category(anchor.verb) != "speech"
        drafts: list[Draft] = []
        for p0, p1 in self._split(anchor):
            classified = self._classify(anchor, p0, p1, mentions)
            if classified is None:
                continue
            role, kind, found, targets = classified
            p0, p1 = _trim(text, p0, p1)
            for speaker in anchor.speakers:
                for target in targets or [None]:
                    drafts.append(
                        Draft(
                            p0,
                            p1,
                            role,
                            kind,
                            speaker,
                            target,
                            anchor.rule,
                            list(found),
                            sentence.paragraph,
                            region=anchor.region,
                            perfect=perfect,
                            undated=gerund,
                        )
                    )
        return drafts

    def _split(self, anchor: Anchor) -> list[tuple[int, int]]:
        """Cut where the sentence goes on to a second act of another kind: ", adding that
        …", ", and that …", "; ", an ellipsis inside a quotation."""
        text, verb = self.text, anchor.verb
        parts: list[tuple[int, int]] = []
        cursor = anchor.start
        for m in _SPLIT.finditer(text, anchor.start, anchor.end):
            quoted = self.layout.in_quote(m.start())
            if m.group(0).startswith((".", "…")) != quoted and not m.group(0).startswith(
                (",", ";")
            ):
                continue
            if m.group(0).startswith(";") and quoted:
                continue
            if verb.start() <= m.start() < verb.end():
                continue
            lead = _SEPARATOR.match(m.group(0)).end()
            after = m.start() + lead
            if self._phrase_kind(after, anchor.end, verb) not in (
                None,
                self._phrase_kind(cursor, m.start(), verb),
            ):
                parts.append((cursor, m.start()))
                cursor = after
        parts.append((cursor, anchor.end))
        return parts

    def _phrase_kind(self, start: int, end: int, verb: re.Match[str]) -> str | None:
        """The kind of act a stretch of text does, for deciding where to cut."""
        if _category(verb) == "kind" and start <= verb.start() < end:
            return cues.verb_kind(verb.group(0))
        words = self.text[start:end]
        first = cues.ANY_KIND_PHRASE.search(words)  # none of them matches before it
        for kind, pattern in cues.KIND_PHRASES if first else ():
            if pattern.search(words, first.start()):
                return kind
        if cues.WRONGDOING.search(words) or cues.HEDGE.search(words):
            return "allegation"
        return None

    def _classify(
        self, anchor: Anchor, start: int, end: int, mentions: list[Mention]
    ) -> tuple[str, str | None, list[Cue], list[str]] | None:
        """Role, kind, the cues that decided them, and the targets."""
        text = self.text
        speaker = anchor.speakers[0]
        side = self.side(speaker.actor)
        verb = anchor.verb
        category = _category(verb)
        found: list[Cue] = []
        verb_kind = None
        has_verb = start <= verb.start() < end and verb.end() > verb.start()
        if has_verb:
            means = {"speech": "speech", "accuse": "allegation", "act": "act of state"}.get(
                category
            )
            verb_kind = cues.verb_kind(verb.group(0)) if category == "kind" else None
            found.append(Cue(verb.group(0), verb.start(), verb.end(), verb_kind or means or ""))
        words = text[start:end]
        phrase_kinds: dict[str, Cue] = {}
        first = cues.ANY_KIND_PHRASE.search(text, start, end)  # none of them matches before it
        for kind, pattern in cues.KIND_PHRASES if first else ():
            for m in pattern.finditer(text, first.start(), end):
                if verb.start() <= m.start() < verb.end():
                    continue
                cue = Cue(m.group(0), m.start(), m.end(), kind)
                found.append(cue)
                phrase_kinds.setdefault(kind, cue)
        in_span = [m for m in mentions if start <= m.start < end and m.actor != speaker.actor]
        opposite = [m for m in in_span if self.side(m.actor) not in (side, None, "other")]
        stop = cues.STOP_ORDER.search(text, start, end)
        if stop and opposite and side == "beijing":
            found.append(Cue(stop.group(0), stop.start(), stop.end(), "counter-accusation"))
            phrase_kinds.setdefault("counter-accusation", found[-1])
        contradiction = cues.CONTRADICTION.search(text, start, end)
        if contradiction:
            found.append(
                Cue(
                    contradiction.group(0),
                    contradiction.start(),
                    contradiction.end(),
                    "contradiction",
                )
            )
        accuses = category == "accuse" and has_verb
        acts = category == "act" and has_verb
        if acts and verb.group(0).lower().startswith(("sanction", "impose")):
            justified = cues.JUSTIFIED.search(text, verb.end(), end)
            acts = bool(justified)
            if justified:
                found.append(
                    Cue(
                        justified.group(0),
                        justified.start(),
                        justified.end(),
                        "charge behind the sanctions",
                    )
                )
        if side != "beijing":
            for m in cues.VERB.finditer(text, start, end):
                if m.group("accuse") and m.start() != verb.start() and text[m.start()].islower():
                    accuses = True
                    found.append(Cue(m.group(0), m.start(), m.end(), "allegation"))
        concern_only = accuses and all(
            cues.CONCERN_VERB.fullmatch(c.text) for c in found if c.means == "allegation"
        )
        wrong = cues.WRONGDOING.search(words)
        beijing_named = [m for m in in_span if self.side(m.actor) == "beijing"]
        if not beijing_named and side != "beijing" and self._referred(start, end, "beijing"):
            beijing_named = [speaker]
        topical = _topic(words)
        topic = topical[1] if topical else None

        kind = verb_kind or next((k for k in cues.KIND_ORDER if k in phrase_kinds), None)
        rejection_words = "rejection" in phrase_kinds or "counter-accusation" in phrase_kinds
        if side == "beijing":
            if accuses and rejection_words:
                kind = "counter-accusation"
            if kind:
                role = "response"
            elif (accuses and not concern_only) or acts:
                role, kind = "allegation", None
            elif contradiction:
                role, kind = "response", "rejection"
            elif (
                has_verb
                and cues.DEMAND.fullmatch(verb.group(0))
                and any(m.start > verb.start() and self.side(m.actor) != "beijing" for m in in_span)
            ):
                # "urged Canada to release …": a demand made of the other side.
                role, kind = "response", "protest"
                found.append(Cue(verb.group(0), verb.start(), verb.end(), "protest: a demand"))
            elif wrong and any(m.start < start + wrong.start() for m in opposite):
                # "the Canadian side had violated …": a charge against the other side, in
                # reply if Beijing's side stands accused in the article already.
                charged = any(
                    d.role == "allegation" and self.side(d.target) == "beijing" for d in self.drafts
                )
                role, kind = ("response", "counter-accusation") if charged else ("allegation", None)
            else:
                defence = cues.NEGATION.search(words) or topic or cues.CHARGE_WORDS.search(words)
                if not defence:
                    return None
                role, kind = "response", "denial"
                found.append(
                    Cue(
                        defence.group(0),
                        start + defence.start(),
                        start + defence.end(),
                        "denial: a defence in the speaker's own words, no reply word",
                    )
                )
        else:
            if (
                kind in ("denial", "rejection", "no-comment", "deflection")
                or kind == "acknowledgement"
                and not (wrong or beijing_named)
            ):
                role = "response"
            elif (
                (accuses and (not concern_only or wrong or beijing_named))
                or acts
                or kind
                or contradiction
                or wrong
                or (beijing_named and (topic or cues.CONCERN.search(words)))
            ):
                # Ottawa's or a third party's protest, threat or charge is an allegation.
                role, kind = "allegation", None
            else:
                return None
        if wrong and role == "allegation":
            found.append(
                Cue(wrong.group(0), start + wrong.start(), start + wrong.end(), "wrongdoing")
            )
        targets: list[str] = []
        if role == "allegation" or kind == "counter-accusation":
            targets = self._targets(
                speaker.actor,
                side,
                verb,
                start,
                end,
                in_span,
                accuses or acts or kind == "counter-accusation",
            )
        found.sort(key=lambda c: c.start)
        return role, kind, found, targets

    def _targets(
        self,
        speaker: str,
        side: str | None,
        verb: re.Match[str],
        start: int,
        end: int,
        in_span: list[Mention],
        named_object: bool,
    ) -> list[str]:
        """Whom a charge is aimed at: the object an accusation names ("accused Canada and
        the media of"), else the first actor of the other side named in it, else the other
        side mentioned a little before, else that side's state."""
        text = self.text
        if named_object and start <= verb.start() < end:
            after = [m for m in in_span if m.start >= verb.end()]
            if after and len(text[verb.end() : after[0].start].split()) <= 2:
                objects = [after[0]]
                for m in after[1:]:
                    join = text[objects[-1].end : m.start]
                    if _LIST_JOIN.match(join) or _AS_WELL_AS.fullmatch(join):
                        objects.append(m)
                    else:
                        break
                useful = [m.actor for m in objects if self.side(m.actor) != side or side == "other"]
                if useful:
                    return list(dict.fromkeys(useful))
        wanted = "ottawa" if side == "beijing" else "beijing"
        for m in in_span:
            if self.side(m.actor) == wanted and m.actor != speaker:
                return [m.actor]
        referred = self._referred(start, end, wanted)
        if referred:
            return [referred]
        for m in in_span:
            if self.side(m.actor) not in (side, None) and m.actor not in (speaker, UNATTRIBUTED):
                return [m.actor]
        for _, m in reversed(self.mentioned[-30:]):
            if self.side(m.actor) == wanted and m.via in ("name", "nationality"):
                return [m.actor]
        return [self._state_of(wanted)] if self._state_of(wanted) else []

    def _referred(self, start: int, end: int, side: str) -> str | None:
        """ "the stations" after "the police stations" were named: that actor."""
        heads = {m.group(1).lower() for m in _THE_HEAD.finditer(self.text[start:end])}
        if not heads:
            return None
        for _, m in reversed(self.mentioned[-40:]):
            actor = self.registry.actors.get(m.actor)
            if actor and actor.side == side:
                names = (actor.name, *actor.aliases)
                if any(n.split()[-1].lower() in heads for n in names):
                    return actor.id
        return None

    def _state_of(self, side: str) -> str | None:
        for actor in self.registry.actors.values():
            if actor.side == side and actor.kind == "state" and not actor.parent:
                return actor.id
        return None

    # ------------------------------------------------------------ more sentence shapes

    def _continued_quote(
        self, sentence: Sentence, following: Sentence | None, para: int
    ) -> list[Anchor]:
        """A sentence that is all quotation: the speaker of the quotation it continues, or
        of the attribution the quotation runs on to."""
        text, s0, s1 = self.text, sentence.start, sentence.end
        inside = self.layout.in_quote(s0 + 1) or text[s0] in '“"'
        if not inside:
            return []
        quote = next((q for q in self.layout.quotes if q[0] <= s0 + 1 and q[1] >= s1 - 1), None)
        if quote is None:
            return []
        no_verb = _NO_VERB.match(text, s0)
        rule = "direct speech: quotation continued"
        if following and following.paragraph == para and quote[1] > following.start:
            found = self._mentions(following.start, following.end)
            anchors = self._anchors(following, found, para)
            if anchors:
                return [Anchor(anchors[0].speakers, no_verb, rule, s0, s1, anchors[0].region)]
        last = next(
            (d for d in reversed(self.drafts) if not d.narrator and para - d.paragraph <= 1),
            None,
        )
        if last and ("quotation" in last.rule or self.layout.quotes_in(last.start, last.end)):
            speaker = Mention(s0, s0, last.speaker.actor, "continued quotation")
            return [Anchor([speaker], no_verb, rule, s0, s1, [])]
        return []

    def _source_of_charges(self, sentence: Sentence, mentions: list[Mention]) -> bool:
        """ "These allegations were mentioned in leaks … from sources in X": X made the
        charges the narrator reported just before."""
        match = cues.SOURCE_OF_CHARGES.match(self.text, sentence.start, sentence.end)
        if not match:
            return False
        sources = [m for m in mentions if m.start >= match.end() and m.actor != UNATTRIBUTED]
        recent = next(
            (
                d
                for d in reversed(self.drafts)
                if d.narrator
                and d.speaker.actor == UNATTRIBUTED
                and sentence.paragraph - d.paragraph <= 1
            ),
            None,
        )
        if not sources or recent is None:
            return False
        source = sources[-1]
        recent.speaker = Mention(source.start, source.end, source.actor, "source of the charges")
        recent.cues.append(Cue(match.group(0), match.start(), match.end(), "source of the charges"))
        return True

    def _nominal(
        self, sentence: Sentence, mentions: list[Mention], made: list[Draft]
    ) -> list[Draft]:
        """ "following allegations that China …", "Ottawa's accusations of …": a charge
        named as a noun is an allegation of its own, unless it points back at one already
        reported ("these allegations") or belongs to an allegation the sentence states."""
        text = self.text
        found: list[Draft] = []
        for m in cues.NOMINAL.finditer(text, sentence.start, sentence.end):
            before = text[max(sentence.start, m.start() - 40) : m.start()]
            words = before.split()[-2:]
            owner = next(
                (
                    x
                    for x in mentions
                    if x.end <= m.start() and _POSSESSED.fullmatch(text[x.end : m.start()])
                ),
                None,
            )
            if owner is None and any(w.lower().strip('“”"‘’,') in cues.ANAPHORIC for w in words):
                continue
            if any(d.start <= m.start() < d.end and d.role == "allegation" for d in made):
                continue
            start = owner.start if owner else m.start()
            end = _clause_end(text, m.end(), sentence.end)
            content = text[m.end() : end]
            in_clause = [x for x in mentions if m.end() <= x.start < end]
            beijing = [x for x in in_clause if self.side(x.actor) == "beijing"]
            if not (beijing or cues.WRONGDOING.search(content) or cues.ANY_TOPIC.search(content)):
                continue
            head = _head(content)
            if head in self.nominal_heads:
                continue
            self.nominal_heads.add(head)
            speaker = owner or Mention(m.start(), m.start(), self._unattributed(), "unattributed")
            # Aimed at the Beijing side it names, else at the one replying to it.
            responder = next((d.speaker.actor for d in made if d.role == "response"), None)
            if beijing:
                target = beijing[0].actor
            elif responder:
                target = self._root(responder) or responder
            else:
                target = self._state_of("beijing")
            cue = Cue(m.group(0), m.start(), m.end(), "allegation named as a noun")
            found.append(
                Draft(
                    *_trim(text, start, end),
                    "allegation",
                    None,
                    speaker,
                    target,
                    "allegation named as a noun" + (": its owner's" if owner else ""),
                    [cue],
                    sentence.paragraph,
                    narrator=owner is None,
                    undated=True,
                )
            )
        return found

    def _hedged(self, sentence: Sentence, mentions: list[Mention]) -> list[Draft]:
        """ "is believed to be involved", "in apparent retaliation", "alleged": a charge in
        the narrator's voice against someone of Beijing's side."""
        hedge = cues.HEDGE.search(self.text, sentence.start, sentence.end)
        if not hedge:
            return []
        accused = [m for m in mentions if self.side(m.actor) == "beijing"]
        if not accused:
            return []
        nearest = min(accused, key=lambda m: abs(m.start - hedge.start()))
        speaker = Mention(sentence.start, sentence.start, self._unattributed(), "unattributed")
        cue = Cue(hedge.group(0), hedge.start(), hedge.end(), "hedged charge")
        return [
            Draft(
                sentence.start,
                _trim(self.text, sentence.start, sentence.end)[1],
                "allegation",
                None,
                speaker,
                nearest.actor,
                "narrator's hedged charge",
                [cue],
                sentence.paragraph,
                narrator=True,
            )
        ]

    def _unattributed(self) -> str:
        if UNATTRIBUTED not in self.registry.actors:
            actor = Actor(UNATTRIBUTED, "Unattributed", "other", "unknown", None, [])
            self._add(actor)
        return UNATTRIBUTED

    # ------------------------------------------------------------ when, and about what

    def _date_and_topic(self) -> None:
        self.drafts.sort(key=lambda d: (d.start, d.end))
        anchor = self.published.last if self.published else None
        if anchor is None:
            self.warnings.append(
                f"{self.article_id}: no published date in the text; statements stay undated "
                "(give --published DATE)"
            )
        sources: dict[str, tuple[str | None, str]] = {}
        previous: list[Draft] = []
        for draft in self.drafts:
            topical = _topic(self.text[draft.start : draft.end])
            draft.topic = topical[0] if topical else None
            if draft.narrator:
                draft.date_basis = "undated: a charge the narrator reports"
            else:
                self._date(draft, anchor, sources, previous)
                previous.append(draft)
        # A statement with no topic of its own takes the one before it, else the next one.
        following: list[str | None] = []
        upcoming = None
        for draft in reversed(self.drafts):
            following.append(upcoming)
            upcoming = draft.topic or upcoming
        latest = None
        for draft, later in zip(self.drafts, reversed(following)):
            draft.topic = draft.topic or latest or later
            latest = draft.topic or latest

    def _date(self, draft: Draft, anchor, sources: dict, previous: list[Draft]) -> None:
        text = self.text
        phrase = None
        for pattern in cues.DATE_PHRASES:  # the first phrase of the most precise kind
            phrase = next(
                (
                    m
                    for r0, r1 in draft.region
                    for m in pattern.finditer(text, r0, r1)
                    if not self.layout.in_quote(m.start())
                ),
                None,
            )
            if phrase:
                break
        region_text = " ".join(text[r0:r1] for r0, r1 in draft.region)
        introduced = cues.SOURCE_INTRODUCED.search(region_text)
        referred = cues.SOURCE_REFERRED.search(region_text)
        if phrase:
            draft.date_phrase = phrase.group(0)
            draft.cues.append(Cue(phrase.group(0), phrase.start(), phrase.end(), "date"))
            resolved = _resolve_phrase(phrase.group(0), anchor) if anchor else None
            draft.date = resolved.iso if resolved else None
            draft.date_basis = "the phrase as written, against the published date"
        elif referred and referred.group(1).lower() in sources:
            draft.date, basis = sources[referred.group(1).lower()]
            draft.date_basis = f"the date of {basis}"
        elif draft.perfect or draft.undated or _THEN.search(region_text):
            draft.date_basis = "undated: the text does not say when"
        else:
            last = previous[-1] if previous else None
            same = next(
                (
                    d
                    for d in reversed(previous)
                    if d.speaker.actor == draft.speaker.actor and draft.paragraph - d.paragraph <= 3
                ),
                None,
            ) or (
                last
                if last
                and draft.paragraph - last.paragraph <= 1
                and self.side(last.speaker.actor) == self.side(draft.speaker.actor)
                else None
            )
            if same:
                draft.date = same.date
                draft.date_basis = "as the statement before it by the same speaker or side"
            elif anchor:
                draft.date = self.published.iso
                draft.date_basis = "reported as news: the published date"
        if introduced:
            sources[introduced.group(1).lower()] = (
                draft.date,
                f"the {introduced.group(1)} named before",
            )

    # ------------------------------------------------------------ the bundle

    def _bundle(self) -> dict[str, Any]:
        counts = Counter()
        statements = []
        used: set[str] = set()
        for draft in self.drafts:
            letter = "a" if draft.role == "allegation" else "r"
            counts[letter] += 1
            used.update(a for a in (draft.speaker.actor, draft.target) if a)
            statements.append(self._record(draft, f"{self.article_id}-{letter}{counts[letter]}"))
        return {
            "article": {
                "id": self.article_id,
                "title": self.layout.title,
                "outlet": self.layout.outlet,
                "url": None,
                "published": self.published.iso if self.published else None,
                "published_basis": self.published_basis,
                "text": self.text,
            },
            "actors": self._declared(used),
            "statements": statements,
        }

    def _record(self, draft: Draft, statement_id: str) -> dict[str, Any]:
        speaker = self.registry.actors[draft.speaker.actor]
        target = self.registry.actors.get(draft.target or "")
        quote = self.text[draft.start : draft.end]
        speaker_cue = {
            "text": self.text[draft.speaker.start : draft.speaker.end],
            "start": draft.speaker.start,
            "end": draft.speaker.end,
            "via": draft.speaker.via,
        }
        return {
            "id": statement_id,
            "article": self.article_id,
            "role": draft.role,
            "speaker": speaker.id,
            "speaker_side": speaker.side,
            "target": target.id if target else None,
            "target_side": target.side if target else None,
            "kind": draft.kind,
            "topic": draft.topic,
            "summary": _summary(speaker, target, draft, quote),
            "quote": quote,
            "start": draft.start,
            "end": draft.end,
            "date": draft.date,
            "date_phrase": draft.date_phrase,
            "evidence": {
                "rule": draft.rule,
                "speaker": speaker_cue,
                "cues": [c.as_dict() for c in draft.cues],
                "date": draft.date_basis,
            },
        }

    def _declared(self, used: set[str]) -> list[dict[str, Any]]:
        """New actors, and registry actors the target database lacks (with their parents)."""
        wanted: list[str] = []
        for actor_id in sorted(used):
            for link in self.registry.lineage(actor_id):
                stored = link in self.x.stored
                if link not in wanted and (link in self.new_actors or not stored):
                    wanted.append(link)
        declared = []
        for actor_id in sorted(wanted, key=lambda a: len(self.registry.lineage(a))):
            a = self.registry.actors[actor_id]
            if a.name in self.guessed:
                self.warnings.append(
                    f"{self.article_id}: new actor {a.name!r}: {self.guessed[a.name]}"
                )
            declared.append(
                {
                    "id": a.id,
                    "name": a.name,
                    "side": a.side,
                    "kind": a.kind,
                    "parent": a.parent,
                    "aliases": a.aliases,
                }
            )
        return declared


# ---------------------------------------------------------------- small helpers


def _surname(name: str, side: str) -> str:
    """The name a person is called by on second mention: the family name, which comes
    first in Chinese names ("Mao Ning" is Mao) and last in most others."""
    tokens = name.split()
    return tokens[0] if side == "beijing" and len(tokens) <= 3 else tokens[-1]


def _variants(registry: ActorRegistry) -> dict[str, str]:
    """Other ways an article writes a registry name: "China's embassy" for "Chinese
    embassy" (and back), and a person's family name alone. A variant that could mean two
    actors is left out."""
    swaps = (
        (r"^(?:the )?Chinese\b", "China's"),
        (r"^(?:the )?China's\b", "Chinese"),
        (r"^(?:the )?Canadian\b", "Canada's"),
        (r"^(?:the )?Canada's\b", "Canadian"),
    )
    found: dict[str, str | None] = {}

    def offer(name: str, actor_id: str) -> None:
        key = name_key(name)
        if registry.find(name):
            return
        found[key] = actor_id if found.get(key, actor_id) == actor_id else None

    for actor in registry.actors.values():
        for name in (actor.name, *actor.aliases):
            plain = name.replace("’", "'")
            for pattern, replacement in swaps:
                if actor.kind not in cues.NEUTRAL_KINDS and re.search(pattern, plain, re.I):
                    offer(re.sub(pattern, replacement, plain, count=1, flags=re.I), actor.id)
            tokens = plain.split()
            person = actor.kind in _PERSON_KINDS and 2 <= len(tokens) <= 3
            if person and all(
                t[:1].isupper() and t.isalpha() and t not in cues.NOT_NAMES and t not in cues.TITLES
                for t in tokens
            ):
                surname = _surname(plain, actor.side)
                if len(surname) >= 3:
                    offer(surname, actor.id)
    return {key: actor_id for key, actor_id in found.items() if actor_id}


def _category(verb: re.Match[str]) -> str:
    for name in ("kind", "accuse", "act", "speech"):
        try:
            if verb.group(name):
                return name
        except IndexError:
            return "speech"
    return "speech"


def _strip_adverbials(text: str, floor: int, end: int) -> int:
    """Step back over "has also", "on Friday", "(Dec 10)", "firmly" before a verb."""
    position = end
    while position > floor:
        segment = text[floor:position].rstrip()
        token = _LAST_TOKEN.search(segment)
        if not token:
            return floor + len(segment)
        word = token.group(1)
        lowered = word.lower()
        if (
            lowered in cues.AUXILIARIES
            or word.startswith("(")
            or (lowered.endswith("ly") and word[0].islower())
        ):
            position = floor + token.start(1)
            continue
        return floor + len(segment)
    return floor


def _attribution_end(text: str, start: int, end: int) -> int:
    """Where the words about who said it stop: before ", adding that …" or "that …"."""
    stop = _THAT.search(text, start, end)
    split = _SPLIT.search(text, start, end)
    return min([end] + [m.start() for m in (stop, split) if m])


def _rstrip(text: str, floor: int, end: int) -> int:
    while end > floor and text[end - 1].isspace():
        end -= 1
    return end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """No surrounding spaces, no dangling comma or conjunction at the end of a clause."""
    while start < end and text[start] in " \t,;":
        start += 1
    while end > start and text[end - 1] in " \t,;":
        end -= 1
    return start, end


def _clause_end(text: str, start: int, end: int) -> int:
    """Where a noun clause ends: the next comma, semicolon or dash, unless it goes on
    with "including …"; never past the sentence's final stop."""
    position = start
    while True:
        stop = _CLAUSE_STOP.search(text, position, end)
        if not stop:
            while end > start and text[end - 1] in ".!?":
                end -= 1
            return end
        after = text[stop.end() : stop.end() + 12].lstrip()
        if stop.group(0) == "," and after.startswith("including"):
            position = stop.end()
            continue
        return stop.start()


def _head(content: str) -> str:
    """Two content words that name what a charge is about ("chinese interference")."""
    stop = {
        "the",
        "a",
        "an",
        "of",
        "in",
        "that",
        "about",
        "to",
        "its",
        "has",
        "had",
        "have",
        "was",
        "is",
        "been",
        "attempted",
        "ongoing",
        "broader",
        "alleged",
    }
    words = [w for w in _LETTERS.findall(content.lower()) if w not in stop]
    return " ".join(words[:2])


def _topic(words: str) -> tuple[str, re.Match[str]] | None:
    """The first topic (in the vocabulary's order) the words speak of, and its first cue."""
    first = cues.ANY_TOPIC.search(words)  # no topic's cue comes before it
    for topic, pattern in cues.TOPICS if first else ():
        cue = pattern.search(words, first.start())
        if cue:
            return topic, cue
    return None


def _summary(speaker: Actor, target: Actor | None, draft: Draft, quote: str) -> str:
    gist = " ".join(_QUOTE_MARKS.sub("", quote).split()[:14])
    if len(quote.split()) > 14:
        gist += " …"
    if draft.role == "allegation":
        return f"{speaker.name} accuses {target.name if target else 'someone'}: {gist}"
    return f"{speaker.name} ({draft.kind}): {gist}"


def fixture_registry() -> ActorRegistry:
    """The actor registry shipped in fixtures/actors.json."""
    import json

    from claimtrack.load import bundled_fixtures

    path = bundled_fixtures() / "actors.json"
    actors = json.loads(path.read_text(encoding="utf-8")).get("actors", [])
    return ActorRegistry(
        Actor(a["id"], a["name"], a["side"], a.get("kind"), a.get("parent"), a.get("aliases") or [])
        for a in actors
    )


def merged_registry(stored: ActorRegistry | None) -> ActorRegistry:
    """The database's actors, and the shipped registry's actors the database lacks (a
    name the database already gives to another actor is left out)."""
    merged = ActorRegistry(stored.actors.values() if stored else ())
    for actor in fixture_registry().actors.values():
        if actor.id in merged.actors:
            continue
        names = [n for n in actor.aliases if not merged.find(n)]
        if merged.find(actor.name):
            continue
        merged.add(Actor(actor.id, actor.name, actor.side, actor.kind, actor.parent, names))
    return merged
