"""Coreference: who "he", "the spokesperson", "its ministry" and "the statement" are.

A pronoun or a definite or possessive description is resolved against the actors the
text has introduced so far, the current sentence's earlier ones included: the latest of
a compatible kind wins. A document ("the statement said", "reads the letter") stands for
whoever issued it: the actor named with it ("the embassy's statement", "a statement
from the ministry", "a statement put out by X"), else the latest speaker.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from claimtrack.extract import folding
from claimtrack.extract.lexicon import documents_in, gazetteer, reporting
from claimtrack.extract.mentions import PERSON_KINDS, SPOKESPERSON, Cast, Mention, clear_of

#: How many paragraphs back a pronoun or description looks before it gives up.
COREFERENCE_PARAGRAPHS = 4
#: How far into a sentence its subject is looked for.
SUBJECT_CHARS = 30
#: How far after a document its issuer may be named ("a statement posted by X").
ISSUER_CHARS = 60

_PRONOUN = re.compile(
    r"(?=[hist])(?<![\w’'-])(?:he|she|it|they|his|her|its|their)(?![\w’'-])", re.I
)
#: (The look-ahead and look-behind open both branches: the regex engine then passes
#: over the letters no branch starts with at once, and tries the look-behind once.)
_DESCRIPTION = re.compile(
    r"(?=[thiao])(?<![\w’'-])(?:(?:(?:the|its|their|his|her|this|that)\s+(?:[\w-]+\s+){0,2}?)"
    rf"(?P<head>{SPOKESPERSON}|spokespeople|ministry|embassy|mission|consulate|ambassador"
    r"|envoy|diplomat|minister|government|authorities|official|officials|department|agency"
    r"|commission|court|regime|kingdom|country|premier|president|prime minister|secretary"
    r"|coast guard|military|police|inquiry|commissioner|company|firm|group|organi[sz]ation"
    r"|bureau|office|centre|center)(?![\w-])"
    r"|(?P<bare>authorities|officials)(?![\w-]))",
    re.I,
)
_DESCRIPTION_LOWER = folding.twin(_DESCRIPTION)
#: Pronouns as whole words, in lower case.
_PRONOUN_WORDS = r"(?:he|she|it|they|his|her|its|their)(?![\w’'-])"
#: A description or a pronoun, on the text in lower case, in one reading of a sentence
#: where `_DESCRIPTION` and `_PRONOUN` read it twice: a description starting at a word
#: is captured by a look-ahead ("desc"), as it may hold a pronoun ("its embassy"); the
#: pronoun that starts there ("pron", or "lone" without a description) is consumed.
_REFERENCE_LOWER = re.compile(
    r"(?=[hiaost])(?<![\w’'-])"
    rf"(?:(?=(?P<desc>{_DESCRIPTION.pattern}))(?P<pron>{_PRONOUN_WORDS})?|(?P<lone>{_PRONOUN_WORDS}))"
)
#: "A spokesperson", "an embassy spokesman": someone speaking for a body the text has
#: met, unless the body is named right after ("a spokesperson for the department").
_INDEFINITE_SPOKESPERSON = re.compile(
    rf"(?=[aA])(?<![\w’'-])[Aa]n?\s+(?P<modifiers>(?:[a-z][\w-]*\s+){{0,2}}?)"
    rf"(?:{SPOKESPERSON}|spokespeople)(?![\w-])(?!\s+(?:for|of|at|with|from|in)\b)"
)
#: What every title `_INDEFINITE_SPOKESPERSON` ends on starts with: a text without it is
#: not searched (tests/test_extract_speed.py keeps the two in step).
INDEFINITE_SPOKESPERSON_NEEDS = "spokes"
_INDEFINITE_BEFORE = re.compile(r"(?<![\w’'-])(?:a|an|another|new)\s+(?:[\w-]+\s+)?$", re.I)
#: A person a sentence opens on without a name: "The Australian citizen", "A writer".
UNNAMED_PERSON = re.compile(
    # "national" only after a word that makes it a noun ("The Chinese national", not "The
    # national security police")
    r"(?:The|A|An)\s+(?:(?:[\w-]+\s+){1,2}?national|(?:[\w-]+\s+){0,2}?(?:citizen|man|woman|writer|activist|journalist"
    r"|businessman|businesswoman|detainee|prisoner|dissident|student|academic|scholar|executive"
    r"|employee|worker|resident|colleague|friend|relative|neighbou?r|lawyer|source|analyst"
    r"|expert|researcher|professor|teacher|witness|member|supporter|critic|classmate))\b"
)


def _descriptions_and_pronouns(
    text: str, start: int, end: int
) -> tuple[list[re.Match[str]], list[tuple[int, int, str]]]:
    """The descriptions in text[start:end] (matches of `_DESCRIPTION`) and the pronouns
    (start, end, the word in lower case), as `_DESCRIPTION` and `_PRONOUN` find them.
    Where `folding` says the text reads alike in lower case, one scan of
    `_REFERENCE_LOWER` finds both (a description's words are then in lower case, and
    coreference reads them in no other case)."""
    low = folding.folded(text)
    if low is None or _DESCRIPTION_LOWER is None:
        descriptions = list(_DESCRIPTION.finditer(text, start, end))
        pronouns = [(m.start(), m.end(), m[0].lower()) for m in _PRONOUN.finditer(text, start, end)]
        return descriptions, pronouns
    descriptions = []
    pronouns = []
    free_from = start  # a description starts after the last one ends, as `finditer` finds
    for m in _REFERENCE_LOWER.finditer(low, start, end):
        if m["desc"] is not None and m.start() >= free_from:
            # The description at its start, as a match of its own (its groups named).
            description = _DESCRIPTION_LOWER.match(low, m.start(), end)
            descriptions.append(description)
            free_from = description.end()
        word = m["pron"] or m["lone"]
        if word:
            pronouns.append((m.start(), m.end(), word))
    return descriptions, pronouns


#: Heads of descriptions that a body's own name is headed by ("the Security Bureau",
#: "the Cyber Centre", "China's Commerce Ministry", "the Department of Finance"), read as
#: that body before any body of its kind.
_NAMED_HEADS = frozenset(
    {"bureau", "centre", "center", "commission", "office", "agency", "ministry", "department"}
)
#: What stands between a description and the name in apposition after it: a comma and
#: the title of the name ("a spokesman, Senior Colonel Li Wen").
_APPOSITION_GAP = re.compile(r"\s*,\s*(?:[A-Z][\w.’'-]*\s+){0,3}")
#: A possessive owning where a document was posted: "on its website", "on their
#: official WeChat account".
_ITS_CHANNEL = re.compile(
    r"(?:its|their)\s+(?:official\s+)?(?:[\w-]+\s+)?(?:website|account|page|feed|channel)\b",
    re.I,
)


@functools.cache
def _issuer_after() -> re.Pattern[str]:
    """What leads from a document to its issuer: "from", "by" or "of", after how the
    document came out, and when ("a statement put out by X", "a report released
    Wednesday by X"); or where it came out, on the issuer's own channel ("a statement
    posted on its website")."""
    published = reporting().published.pattern
    return re.compile(
        rf"\s*(?:,\s*)?(?:(?:{published})\s+(?:(?:on|last|late|early)\s+)?"
        r"(?:[a-z]+day\s+)?)?(?:from|by|of)\s+"
        rf"|\s*(?:{published})\s+on\s+(?={_ITS_CHANNEL.pattern})",
        re.I,
    )


#: What closes a name in apposition: "Its spokesperson, Liu Jian, said", "said its
#: spokesperson, Liu Jian."
_APPOSITION_CLOSED = re.compile(r"\s*(?:[,.;:!?)”\"’]|$)")
#: A place right after a description: "officials in Beijing", "authorities from Manila".
_PLACED_IN = re.compile(r"\s+(?:in|from)\s+")
#: A sentence opening on a place: "In Beijing,", "In Ottawa on Tuesday,".
_OPENING_IN = re.compile(
    r"\s*(?:In|From|At)\s+(?P<place>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)(?:\s+on\s+\w+)?,\s*"
)
#: The opening of a sentence up to a document it opens on: "In an emailed statement".
_OPENING_PHRASE = re.compile(r"\s*(?:[Ii]n|[Tt]hrough|[Vv]ia)\s+(?:[\w-]+\s+){0,3}$")
#: A verb, then "in" and a new document: "said in a statement", "wrote in an email".
_VERB_IN_BEFORE = re.compile(
    r"(?<![\w’'-])(\w+)\s+(?:(\w+)\s+)?in\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}$"
)
#: What may stand between that phrase's comma and the subject right after it: "the",
#: or an unnamed spokesperson for it ("a spokesperson for the Chinese Embassy").
_SUBJECT_GAP = re.compile(
    r"\s*(?:[Aa]n?\s+(?:[\w-]+\s+)?(?:spokes\w+|official|representative)\s+(?:for|of|at)\s+)?"
    r"(?:[Tt]he\s+)?"
)
#: A pronoun naming something in its own words: "over what it called abuses".
_WHAT_IT_CALLED = re.compile(
    r"what\s+(?:it|they|he|she)\s+(?:has\s+|have\s+)?(?:called|calls|call|termed|terms|dubbed"
    r"|described\s+as|describes\s+as|characterized\s+as|characterised\s+as|sees\s+as|saw\s+as)\b",
    re.I,
)
#: A participle of saying that goes on with the sentence's subject: ", saying it".
_SAYING_BEFORE = re.compile(
    r",\s+(?:saying|adding|arguing|noting|insisting|stressing|explaining|claiming)"
    r"\s+(?:that\s+)?$"
)
#: A pronoun after the words it reports, unquoted: "Canada should stop …, it said".
_TRAILING_BEFORE = re.compile(r"\S,\s+$")
_TRAILING_VERB = re.compile(r"\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)\b")
#: Which actor kinds a description's head may refer to.
HEAD_KINDS = {
    "spokesman": ("spokesperson", "official"),
    "spokeswoman": ("spokesperson", "official"),
    "spokesperson": ("spokesperson", "official"),
    "spokespeople": ("spokesperson", "official"),
    "ministry": ("ministry",),
    "department": ("ministry", "military"),
    "embassy": ("embassy",),
    "mission": ("embassy",),
    "consulate": ("consulate", "embassy"),
    "ambassador": ("diplomat",),
    "envoy": ("diplomat",),
    "diplomat": ("diplomat",),
    "minister": ("minister", "prime-minister"),
    "prime minister": ("prime-minister",),
    "premier": ("prime-minister",),
    "president": ("head-of-state",),
    "secretary": ("minister",),
    "official": ("official", "spokesperson", "diplomat"),
    "officials": ("official", "ministry", "state"),
    "government": ("state",),
    "authorities": ("state", "ministry"),
    "regime": ("state",),
    "kingdom": ("state",),
    "country": ("state",),
    "agency": ("agency",),
    "commission": ("agency",),
    "inquiry": ("agency",),
    "commissioner": ("agency", "official"),
    "court": ("court",),
    "bureau": ("ministry", "agency"),
    "office": ("ministry", "agency"),
    "centre": ("agency",),
    "center": ("agency",),
    "coast guard": ("agency", "ministry"),
    "military": ("military", "ministry"),
    "police": ("police",),
    "company": ("organisation",),
    "firm": ("organisation",),
    "group": ("organisation",),
    "organisation": ("organisation",),
    "organization": ("organisation",),
}
_PERSON_PRONOUNS = {"he", "she", "his", "her"}
#: Organs a state keeps in another state: "the embassy" is a foreign state's.
_POSTED_ABROAD = ("embassy", "consulate", "ambassador", "envoy")
#: Kinds that are one person ("official" may be several: "Chinese officials").
INDIVIDUAL_KINDS = PERSON_KINDS - {"official"}
#: The gender a person pronoun asks for.
_PRONOUN_GENDER = {"he": "m", "his": "m", "she": "f", "her": "f"}
_GENDERED = {
    "m": r"spokesman|chairman|businessman|congressman|statesman|Mr",
    "f": r"spokeswoman|chairwoman|businesswoman|congresswoman|stateswoman|Mrs|Ms|Madam|Mme",
}
#: A gendered title in a name's words or just before them ("spokeswoman Tan Wei", "Ms.
#: Tan"), or an apposition just after them ("Tan Wei, a ministry spokeswoman,").
_GENDER_WITHIN = {
    g: re.compile(rf"(?<![\w’'-])(?:{words})(?![\w’'-])", re.I) for g, words in _GENDERED.items()
}
_GENDER_BEFORE = {
    g: re.compile(rf"(?<![\w’'-])(?:{words})\.?\s+(?:[A-Z][\w.’'-]*\s+){{0,2}}$")
    for g, words in _GENDERED.items()
}
_GENDER_AFTER = {
    g: re.compile(rf",\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?(?:{words})(?![\w-])", re.I)
    for g, words in _GENDERED.items()
}
#: Any gendered word, in lower case and within other words too: what a title within a
#: name or before it holds, on the text in lower case.
_GENDER_WORD = re.compile("|".join(_GENDERED.values()).lower())
#: How far before a name its title may start.
GENDER_TITLE_CHARS = 40
#: Heads that name someone speaking for a body, and the bodies they may stand for.
_SPEAKS_FOR_A_BODY = {"spokesman", "spokeswoman", "spokesperson", "spokespeople"}
BODY_KINDS = ("embassy", "consulate", "ministry", "agency", "police", "military", "organisation")
_POSSESSIVES = {"its", "their", "his", "her"}


def _headed_by_of(words: list[str], head: str) -> bool:
    """Is a name headed by `head` before "of" ("Ministry of State Security", "Canada's
    Department of Finance")?"""
    return any(w == head and after == "of" for w, after in zip(words, words[1:]))


@dataclass
class Discourse:
    """What the article has said so far: actors mentioned and who spoke, by paragraph."""

    cast: Cast
    mentioned: list[tuple[int, Mention]] = field(default_factory=list)
    #: (paragraph, actor, whether a person spoke for it: "a spokesman for the ministry").
    speakers: list[tuple[int, str, bool]] = field(default_factory=list)
    #: Documents met so far and who issued them ("statement" → the embassy).
    documents: dict[str, str] = field(default_factory=dict)
    #: People whose gender their title or apposition tells: actor → "m" or "f".
    genders: dict[str, str] = field(default_factory=dict)
    #: The body each head last meant, by paragraph ("ministry" → (3, China's Commerce
    #: Ministry)): "the ministry" goes on meaning it after its name is far behind.
    headed: dict[str, tuple[int, str]] = field(default_factory=dict)

    def remember(self, text: str, paragraph: int, mentions: list[Mention]) -> None:
        self.mentioned.extend((paragraph, m) for m in mentions)
        low = folding.folded(text)
        for m in mentions:
            if m.actor in self.genders or self.cast.kind(m.actor) not in PERSON_KINDS:
                continue
            # A title within the name or before it holds a gendered word; an apposition
            # after it opens on a comma. Most names have neither: no pattern is tried.
            titled = low is None or _GENDER_WORD.search(
                low, max(0, m.start - GENDER_TITLE_CHARS), m.end
            )
            apposed = text.startswith(",", m.end)
            if not titled and not apposed:
                continue
            for gender in _GENDERED:
                if (
                    titled
                    and (
                        _GENDER_WITHIN[gender].search(text, m.start, m.end)
                        or _GENDER_BEFORE[gender].search(
                            text, max(0, m.start - GENDER_TITLE_CHARS), m.start
                        )
                    )
                ) or (apposed and _GENDER_AFTER[gender].match(text, m.end)):
                    self.genders[m.actor] = gender
                    break

    def spoke(
        self, paragraph: int, actor_id: str, documents: list[str] = (), by_person: bool = False
    ) -> None:
        """Record a speaker, and as the issuer of the documents its sentence names ("X
        said in a statement"), unless they were issued by someone else. `by_person`: a
        person spoke for the actor, whom "he" or "she" may then stand for."""
        self.speakers.append((paragraph, actor_id, by_person))
        for noun in documents:
            self.documents.setdefault(noun, actor_id)

    def last_speaker(self, paragraph: int, within: int) -> str | None:
        if self.speakers and paragraph - self.speakers[-1][0] <= within:
            return self.speakers[-1][1]
        return None

    def references(
        self, text: str, start: int, end: int, paragraph: int, named: list[Mention]
    ) -> list[Mention]:
        """Pronouns, descriptions and documents in text[start:end], each resolved (those
        that resolve to nobody are left out). `named` are the sentence's own mentions."""
        found: list[Mention] = []
        spans = [(m.start, m.end) for m in named]

        def free(a: int, b: int) -> bool:
            return clear_of(spans, a, b)

        descriptions, pronouns = _descriptions_and_pronouns(text, start, end)
        for m in descriptions:
            owner = m.group(0).split()[0].lower()
            inside = [x for x in named if m.start() <= x.start and x.end <= m.end()]
            # "its Ottawa embassy": a place inside a possessive description is no actor.
            places = owner in _POSSESSIVES and all(
                self.cast.kind(x.actor) == "state" for x in inside
            )
            if not free(m.start(), m.end()) and not places:
                continue
            head = (m["head"] or m["bare"]).lower()
            earlier = [x for x in named + found if x.end <= m.start()]
            placed_by = self._opening_place(text, start, m.start(), earlier)
            if placed_by and head not in _POSTED_ABROAD and owner == "the":
                # "In Beijing, the Commerce Ministry said …": the place the sentence
                # opens on is whose it is.
                organ = self.cast.organ(placed_by, head, None)
                found.append(Mention(m.start(), m.end(), organ, f"description '{head}'"))
                spans.append((m.start(), m.end()))
                continue
            if owner in _POSSESSIVES:
                # "China opposes Norway's charges, its embassy said": the owner is the
                # sentence's subject when the sentence has named one.
                subject = [x for x in earlier if x.start - start <= SUBJECT_CHARS]
                actor = (
                    subject[0].actor
                    if subject and self.cast.kind(subject[0].actor) not in PERSON_KINDS
                    else self._latest(paragraph, earlier, None, speakers_first=True)
                )
            else:
                actor = self._named_by_head(text, head, paragraph, earlier) or self._latest(
                    paragraph,
                    earlier,
                    HEAD_KINDS.get(head, ()),
                    speakers_first=True,
                    voiced=head in _SPEAKS_FOR_A_BODY,
                )
                if actor is None and head in _SPEAKS_FOR_A_BODY:
                    # "the spokesperson" of a body met only as the body ("the embassy's
                    # spokesperson said …  The spokesperson added"): the body speaks.
                    actor = self._latest(paragraph, earlier, BODY_KINDS, speakers_first=True)
                if actor is None and head in ("government", "authorities", "officials"):
                    actor = self._latest(paragraph, earlier, ("state",), any_state=True)
                if actor is None and head in _POSTED_ABROAD:
                    # "the embassy" met before any embassy: a foreign state's, the one
                    # the article last named.
                    actor = self._foreign_organ(head, earlier)
                if actor is None and head == "government" and self.cast.home:
                    # "The federal government has banned …" before any state is named:
                    # the government of the state the article reports from.
                    actor = self.cast.state(self.cast.home)
            placed = _PLACED_IN.match(text, m.end()) if head not in _POSTED_ABROAD else None
            where = placed and next((x for x in named if x.start == placed.end()), None)
            if where and self.cast.kind(where.actor) == "state":
                # "Officials in Beijing have denied …": the place names whose they are.
                actor = where.actor
            if actor and not self._apposed(text, m, head, actor, named):
                found.append(Mention(m.start(), m.end(), actor, f"description '{head}'"))
                spans.append((m.start(), m.end()))
                if head in _NAMED_HEADS and self.cast.kind(actor) not in PERSON_KINDS:
                    self.headed[head] = (paragraph, actor)
        spoken = text.find(INDEFINITE_SPOKESPERSON_NEEDS, start, end) >= 0
        for m in _INDEFINITE_SPOKESPERSON.finditer(text, start, end) if spoken else ():
            if not free(m.start(), m.end()):
                continue
            heads = [w for w in m["modifiers"].split() if w in HEAD_KINDS]
            kinds = HEAD_KINDS[heads[-1]] if heads else BODY_KINDS
            earlier = [x for x in named + found if x.end <= m.start()]
            # "In Beijing, a foreign ministry spokesperson said": the state the sentence
            # opens in is the body's.
            placed_by = self._opening_place(text, start, m.start(), earlier) if heads else None
            # "The commission has opened no file, a spokesperson said": the body the
            # sentence names before speaks, else the body that spoke last.
            actor = self.cast.organ(placed_by, heads[-1], None) if placed_by else None
            if actor is None and heads:
                # "A ministry spokesperson": the body the article's "ministry" means.
                actor = self._named_by_head(text, heads[-1], paragraph, earlier)
            actor = actor or next(
                (x.actor for x in reversed(earlier) if self.cast.kind(x.actor) in kinds),
                None,
            )
            if actor is None and heads and heads[-1] == "government":
                actor = self._replying_government()
            actor = actor or self._latest(
                paragraph, earlier, kinds, speakers_first=True, voiced=not heads
            )
            if actor is None and heads and heads[-1] in _POSTED_ABROAD:
                # "an embassy spokesperson" before any embassy: the foreign state's
                actor = self._foreign_organ(heads[-1], earlier)
            if actor and not self._apposed(text, m, "spokesperson", actor, named):
                found.append(Mention(m.start(), m.end(), actor, "description 'a spokesperson'"))
                spans.append((m.start(), m.end()))
        # "The Australian citizen, a writer, has been jailed …, which he has denied": a
        # person the sentence opens on without a name is whom "he" means there.
        unnamed = UNNAMED_PERSON.match(text, start)
        for p0, p1, word in pronouns:
            if not free(p0, p1):
                continue
            earlier = [x for x in named + found if x.end <= p0]
            person = word in _PERSON_PRONOUNS
            if (
                person
                and unnamed
                and not any(
                    x.start >= unnamed.end() and self.cast.kind(x.actor) in PERSON_KINDS
                    for x in earlier
                )
            ):
                continue
            subject = [x for x in earlier if x.start - start <= SUBJECT_CHARS]
            if subject and (
                _WHAT_IT_CALLED.match(text, p0 - 5, p1 + 20)
                or _SAYING_BEFORE.search(text, max(start, p0 - 20), p0)
                or _ITS_CHANNEL.match(text, p0, end)
            ):
                # "Canada joined Britain and the EU in sanctions over what it called
                # abuses", "The police declined to comment, saying it does not …", "…,
                # according to a statement posted on its website": the sentence's
                # subject.
                found.append(Mention(p0, p1, subject[0].actor, f"pronoun '{word}'"))
                continue
            trailing = _TRAILING_BEFORE.search(text, max(start, p0 - 3), p0) and (
                (verb := _TRAILING_VERB.match(text, p1, end)) and verb["verb"] in reporting().verbs
            )
            if trailing:
                # The words reported are not who reports them: the subject before a colon
                # that opens them is ("X went further: the bounties, he said, are …"),
                # else the speaker before.
                opened = text.rfind(":", start, p0)
                earlier = [x for x in earlier if x.end <= opened]
            actor = self._latest(
                paragraph,
                earlier,
                None,
                person=person,
                thing=word in ("it", "its"),
                speakers_first=True,
                gender=_PRONOUN_GENDER.get(word),
                voiced=person,
                plural=word in ("they", "their"),
            )
            if actor:
                found.append(Mention(p0, p1, actor, f"pronoun '{word}'"))
        for m in documents_in(text, start, end):
            if not free(m.start(), m.end()):
                continue
            # Descriptions count as named ("In a statement, the consulate said").
            known = sorted(named + found, key=lambda x: x.start)
            issuer = self._issuer(text, m, start, end, known, paragraph)
            if issuer:
                self.documents[_document_noun(m.group(0))] = issuer
                found.append(Mention(m.start(), m.end(), issuer, f"document '{m.group(0)}'"))
        return found

    def _named_by_head(
        self, text: str, head: str, paragraph: int, earlier: list[Mention]
    ) -> str | None:
        """ "The bureau hit back": a body the article named by a name ending in the
        description's head ("Hong Kong's Security Bureau"), met lately, is the one meant,
        whoever spoke since."""
        if head not in _NAMED_HEADS:
            return None
        meant = self.headed.get(head)
        if meant and paragraph - meant[0] > COREFERENCE_PARAGRAPHS:
            meant = None
        recent = [
            (para, m) for para, m in self.mentioned if paragraph - para <= COREFERENCE_PARAGRAPHS
        ] + [(paragraph, m) for m in earlier]
        for para, m in reversed(recent):
            words = text[m.start : m.end].lower().split()
            if (
                len(words) > 1
                and (words[-1] == head or _headed_by_of(words, head))
                and self.cast.kind(m.actor) not in PERSON_KINDS
            ):
                # The name met last, unless "the ministry" has meant a body since.
                return meant[1] if meant and meant[0] > para else m.actor
        return meant[1] if meant else None

    def _opening_place(self, text: str, start: int, at: int, earlier: list[Mention]) -> str | None:
        """The state a sentence opens in, when what is at `at` comes right after that
        opening ("In Beijing, the ministry", "In Ottawa on Tuesday, the department")."""
        opening = _OPENING_IN.match(text, start, at)
        if not opening or text[opening.end() : at].strip(" ,").lower() not in ("", "the"):
            return None
        place = [x for x in earlier if x.start == opening.start("place")]
        if place and self.cast.kind(place[0].actor) == "state":
            return place[0].actor
        return None

    def _replying_government(self) -> str | None:
        """ "A government spokesman said the administration rejects the slanderous
        remarks": a government that replies (in the sentence read now) is the one last
        accused."""
        accused = self.cast.accused_state
        if accused and self.cast.replies_here():
            return self.cast.state(accused)
        return None

    def _named_after(self, text: str, at: int, named: list[Mention]) -> Mention | None:
        """The person named in apposition right after a description ("Its president,
        Mary Tan, said", "a department spokesperson, X, wrote", "a spokesman, Senior
        Colonel X,"): the name speaks."""
        return next(
            (
                x
                for x in named
                if x.start > at
                and _APPOSITION_GAP.fullmatch(text, at, x.start)
                and self.cast.kind(x.actor) in PERSON_KINDS
            ),
            None,
        )

    def _apposed(self, text: str, m: re.Match[str], head: str, actor: str, named) -> bool:
        """Does a name in apposition speak instead of the description? A spokesperson
        named so ("Its spokesperson, Liu Jian, said") speaks for the body the
        description resolved to, and is placed in its state."""
        person = self._named_after(text, m.end(), named)
        if person is None or not _APPOSITION_CLOSED.match(text, person.end):
            # "According to the minister, Mr. Wu photographed …": a name that goes on
            # to its own verb is what is said, not an apposition.
            return False
        root = self.cast.lineage(actor)[-1]
        if (
            head in _SPEAKS_FOR_A_BODY
            and root in gazetteer().states
            and self.cast.lineage(person.actor)[-1] != root
            and person.actor not in self.cast.registry.actors
        ):
            # The body's state outweighs the guess a name with no state got from the
            # first state its sentence names.
            person.actor = self.cast.place(person.actor, root, "spokesperson")
        return True

    def _foreign_organ(self, head: str, earlier: list[Mention]) -> str | None:
        states = [m.actor for m in earlier] + [m.actor for _, m in reversed(self.mentioned)]
        for actor_id in states:
            state_id = self.cast.lineage(actor_id)[-1]
            if state_id != self.cast.home and state_id in gazetteer().states:
                return self.cast.organ(state_id, head, None)
        return None

    def _issuer(
        self,
        text: str,
        m: re.Match[str],
        start: int,
        end: int,
        named: list[Mention],
        paragraph: int,
    ) -> str | None:
        before = [x for x in named if x.end <= m.start() and m.start() - x.end <= 4]
        if before and text[before[-1].end : m.start()].strip() in ("’s", "'s", "’", "'"):
            return before[-1].actor
        after = _issuer_after().match(text, m.end(), end)
        if after:
            named_after = [x for x in named if after.end() <= x.start <= after.end() + ISSUER_CHARS]
            if named_after:
                return named_after[0].actor
        # "a written statement" is a new one; "the statement" the one met before.
        new = _INDEFINITE_BEFORE.search(text, max(0, m.start() - ISSUER_CHARS // 2), m.start())
        known = None if new else self.documents.get(_document_noun(m.group(0)))
        if known and (m.group(0)[:1].islower() or not named):
            return known
        opening = [x for x in named if x.end <= m.start() and x.start - start <= SUBJECT_CHARS]
        verb_in = _VERB_IN_BEFORE.search(text, max(start, m.start() - ISSUER_CHARS), m.start())
        verbs = reporting().verbs
        if new and opening and verb_in and (verb_in[1].lower() in verbs or verb_in[2] in verbs):
            # "China's Mission to the EU said in a statement": the subject of the verb
            # issued it, not the actor named last before it.
            return opening[0].actor
        near = [x for x in named if x.end <= m.start() and m.start() - x.end <= ISSUER_CHARS]
        if near and self.cast.kind(near[-1].actor) not in PERSON_KINDS:
            return near[-1].actor
        phrase = _OPENING_PHRASE.match(text, start, m.start())
        if new and phrase:
            # "In an emailed statement to CBC News, the embassy called …": a new document
            # the sentence opens on is its subject's.
            cut = text.find(",", m.end(), end)
            subject = [
                x for x in named if cut >= 0 and _SUBJECT_GAP.fullmatch(text, cut + 1, x.start)
            ]
            if subject:
                return subject[0].actor
        if new and opening:
            # "The embassy shot back, calling the finding a fabrication in a statement
            # posted on its website": a new document is the subject's.
            return opening[0].actor
        return (
            known
            or self.last_speaker(paragraph, COREFERENCE_PARAGRAPHS)
            or self._latest(paragraph, [], None, thing=True)
        )

    def _latest(
        self,
        paragraph: int,
        earlier: list[Mention],
        kinds: tuple[str, ...] | None,
        person: bool = False,
        thing: bool = False,
        speakers_first: bool = False,
        any_state: bool = False,
        gender: str | None = None,
        voiced: bool = False,
        plural: bool = False,
    ) -> str | None:
        """The latest actor that fits; `voiced`: a body a person spoke for fits too ("a
        spokesman for the embassy said … He added", "… the spokesperson said")."""

        def fits(actor_id: str) -> bool:
            kind = self.cast.kind(actor_id)
            if kinds is not None and kind not in kinds:
                return False
            if person and kind not in PERSON_KINDS:
                return False
            if gender and self.genders.get(actor_id, gender) != gender:
                return False  # "he" is not the spokeswoman
            if plural and kind in INDIVIDUAL_KINDS and kind != "spokesperson":
                # "their lawyers" are not one named person's; but "they" may go on with
                # what a spokesperson said for their body.
                return False
            return not (thing and kind in PERSON_KINDS)

        if speakers_first:
            # A speaker of the paragraph before yields to an actor this paragraph has
            # already named ("… reports give conflicting dates. He was accused …"); those
            # are listed only when a person is asked for and such a speaker is met.
            named_here: list[str] | None = None
            for para, actor_id, by_person in reversed(self.speakers):
                if paragraph - para > 1:
                    break
                if person and para < paragraph:
                    if named_here is None:
                        named_here = [m.actor for m in earlier] + [
                            m.actor for para_of, m in self.mentioned if para_of == paragraph
                        ]
                    if any(fits(a) for a in named_here):
                        break
                if para < paragraph and any(fits(m.actor) for m in earlier):
                    break  # "The RCMP declined to comment, saying it does not …"
                if fits(actor_id) or (
                    voiced and by_person and self.cast.kind(actor_id) not in PERSON_KINDS
                ):
                    return actor_id
        for mention in reversed(earlier):
            if fits(mention.actor):
                return mention.actor
        for para, mention in reversed(self.mentioned):
            if paragraph - para > COREFERENCE_PARAGRAPHS and not any_state:
                break
            if fits(mention.actor):
                return mention.actor
        return None


def _document_noun(words: str) -> str:
    """The head noun of a document's words ("news release" → release)."""
    return words.lower().split()[-1]
