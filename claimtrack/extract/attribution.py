"""Attributions: the source, the cue and the content of reported speech in a sentence.

The cue is a reporting verb (an open class, kept in lexicons/reporting_verbs.txt) or a
frame ("according to", "hit back", "declined to comment", lexicons/frames.txt), found
outside quotation marks and in any case, so a sentence opening with a participle
("Speaking to reporters, Wang said") keeps its verb. The source is the actor mentioned
as the cue's subject: before it ("the embassy, in a statement, said"), or after it in
inverted order ("…,” said Dahlin; "according to the ministry"). An apposition
("Lu Shaye, China's envoy to Canada, said") gives the person it describes; an actor after
a preposition ("a spokesman for the ministry") is only taken when nothing else is.
A sentence with no cue of its own continues the quotation of the last attribution when
it is quoted speech.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claimtrack.extract import folding
from claimtrack.extract.classify import REACTION_HEADS
from claimtrack.extract.coreference import SUBJECT_CHARS
from claimtrack.extract.lexicon import reporting, word_trie
from claimtrack.extract.mentions import SPOKESPERSON, Mention

#: How far before its verb a subject may end (appositions included), in characters.
SUBJECT_BEFORE_CHARS = 110
#: How far after an inverted verb ("…,” said X) its subject may start.
SUBJECT_AFTER_CHARS = 45
#: How long a sentence's last clause may be to be its attribution ("…, X said").
TRAILING_CLAUSE_CHARS = 60
#: How many paragraphs a quotation may run on after its attribution.
CONTINUED_QUOTE_PARAGRAPHS = 2

#: A word that makes the actor after it no subject: a preposition, a possessive, or an
#: "and" joining it to another ("accused Canada and Britain"; but "…, and Canadian
#: officials said" opens a clause).
_PREPOSITION_BEFORE = re.compile(
    r"(?:\b(?:for|of|to|with|against|at|in|on|from|about|over|into|toward|towards|than|by|between|among)|(?<![,;]\s)\band|[’']s)\s+(?:the\s+)?$",
    re.I,
)
_SPEAKS_FOR = re.compile(
    rf"\b(?:{SPOKESPERSON}|official|officials|representative|source|sources"
    r"|executive|officer|director|head|chief)"
    r"\s+(?:for|of|from|at|with)\s+(?:the\s+)?$",
    re.I,
)
_APPOSITION = re.compile(
    r",\s*(?:(?:a|an|the)\s+)?(?:[\w’'-]+\s+){0,4}(?:(?:who|whose)\s+(?:[\w’'-]+\s+){0,6})?"
)
_CLAUSE_BREAK = re.compile(r"[“”\";]|\bthat\b")
#: "a report that accused him", "the strategy, which characterizes China as": the
#: relative pronoun's antecedent is the verb's subject.
_RELATIVE = re.compile(r"\s*,?\s*(?:that|which|who)\s+(?:(?:has|have|had|also)\s+)?", re.I)
#: A relative clause between commas, between a subject (and where it is) and its verb.
_RELATIVE_BETWEEN = re.compile(
    r"(?:\s+\([^()]{1,40}\))?(?:\s+(?:in|of|at|for)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)?"
    r",\s+(?:which|who|whose)\s[^,;“”\"]*,\s+(?:[a-z]+ly\s+)?"
)
#: Between an inverted verb and its subject: a document, an article, and the title
#: before a name ("said Conservative MP X", "said foreign ministry spokesperson X").
_INVERTED_GAP = re.compile(
    r"\s*(?:(?:remarks|a statement|the statement|comments)\s+(?:from|by|of)\s+)?(?:the\s+|a\s+)?"
    r"(?:(?:[A-Z][\w.’'-]*|foreign|ministry|embassy|government|senior|former|deputy|chief"
    rf"|{SPOKESPERSON}|minister|ambassador|lawmaker|legislator|official)\s+){{0,4}}",
)
_QUOTE_CLOSE_BEFORE = re.compile(r"[”\"’'],?\s*$|,\s*$")
_IN_VIEW_NOUNS = ("view", "words", "opinion")
_IN_VIEW = re.compile(
    rf"\bin\s+(?P<who>[^,;]{{2,60}}?)['’]s?\s+(?:{'|'.join(_IN_VIEW_NOUNS)})\b", re.I
)


_QUOTE_MARKS = '“”"‘'
_WORD = re.compile(r"(?<![\w’'-])[A-Za-z]+(?![\w’-])")
#: A verb in the passive ("before being charged", "was told") reports no speech of the
#: subject before it.
_PASSIVE_BEFORE = re.compile(
    r"(?<![\w’'-])(?:is|are|was|were|be|been|being)\s+(?:[a-z]+ly\s+)?$", re.I
)
#: A capitalised word just before: a capitalised verb form after it is part of a name.
_CAPITALISED_BEFORE = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*\s+$")
#: The agent of a passive reporting verb: "denied by the embassy".
_BY_AGENT = re.compile(r"\s+(?:[a-z]+ly\s+)?by\s+(?:the\s+)?", re.I)
#: How far back the passive auxiliary is looked for.
PASSIVE_CHARS = 25
_DETERMINERS = (
    "a|an|the|this|these|those|its|his|her|their|our|my|your|whose|any|no|every|each|such"
)
_DETERMINER = rf"(?:(?<![\w’'-])(?:{_DETERMINERS})|[’']s)\s+"
#: A determiner, then at most two modifiers: a singular form after it is a noun ("an
#: intelligence report"). A plural form is a noun right after it ("the comments",
#: "China's claims"), a verb after a noun ("the embassy claims").
_DETERMINER_BEFORE = re.compile(_DETERMINER + r"(?:[\w-]+\s+){0,2}$", re.I)
_DETERMINER_JUST_BEFORE = re.compile(_DETERMINER + "$", re.I)
#: A conjunction or preposition just before: a plural form after it has no subject of
#: its own, so it is a noun ("but disputes over trade", "amid claims of").
_CONJUNCTION_BEFORE = re.compile(
    r"(?<![\w’'-])(?:but|and|or|of|over|in|amid|with|from|about|after|before|despite)\s+$"
)
#: An infinitive just before: a plural form after it is its object ("summoned the
#: ambassador to protest remarks he made").
_INFINITIVE_OBJECT_BEFORE = re.compile(r"(?<![\w’'-])to\s+[a-z]+\s+$")
#: A determiner and an adjective: a plural form after them is a noun too ("China's
#: sweeping claims", "these baseless reports"), where a noun before it would leave a
#: verb ("the embassy claims").
_ADJECTIVE_JUST_BEFORE = re.compile(
    _DETERMINER + r"(?:[\w-]+\s+)?(?:[\w-]+(?:ing|ive|ous|ful|less|ible|able|est|al|ic)"
    r"|new|false|wild|similar|recent|earlier|previous|fresh|further|repeated|alleged"
    r"|unfounded|unsubstantiated)\s+$",
    re.I,
)
#: What stands before a participle used as an adjective: "its alleged", "over alleged".
_QUALIFIER_BEFORE = re.compile(
    rf"(?:(?<![\w’'-])(?:{_DETERMINERS}|over|of|for|about|on|in|with|against|into|from|by)"
    r"|[’']s)\s+$",
    re.I,
)
#: Between a participle and its subject: nothing, or an adverb.
_PARTICIPLE_SUBJECT = re.compile(r"\s+(?:[a-z]+ly\s+)?")
#: A verb coordinated with the subject's earlier one: "… and said", "… and later told".
_COORDINATED = re.compile(r"\sand\s+(?:[a-z]+ly\s+|later\s+|then\s+|also\s+)?$")
#: "summoned to explain", "expected to announce": an infinitive reports no speech made
#: (frames such as "went on to say" are matched whole before verbs are).
_INFINITIVE_BEFORE = re.compile(r"(?<![\w’'-])to\s+$", re.I)
#: "… prompting Beijing to accuse Ottawa": an infinitive after a verb of causing says
#: what its object went on to do.
_CAUSED_BEFORE = re.compile(
    r"(?<![\w’'-])(?:prompt|lead|led|caus|spur|push)\w*\s+(?:[\w’'.-]+\s+){1,4}to\s+$", re.I
)
#: How far back a verb of causing is looked for.
CAUSED_CHARS = 60
#: A verb that takes its object before "of"/"with", met right before it: a passive
#: without its auxiliary ("a diplomat accused of plotting", "officials charged with");
#: and insisting on a course, which reports no words ("if the Canadian side insists on
#: going down the wrong path").
_WITHOUT_OBJECT = re.compile(
    r"(?:accused|suspected|convicted)\s+of\b|charged\s+with\b|insist(?:s|ed|ing)?\s+on\b", re.I
)
#: The word just before a verb, and how far back it is looked for.
_WORD_BEFORE = re.compile(r"([\w’'-]+)\s+$")
WORD_BEFORE_CHARS = 20
#: How far back the determiner is looked for.
DETERMINER_CHARS = 40


@dataclass
class Attribution:
    """Who speaks in a sentence, by which cue."""

    speaker: Mention
    cue_start: int
    cue_end: int
    cue: str
    rule: str


_last_cues: tuple = (None, -1, -1, None, [])


def cues(text: str, start: int, end: int, outside) -> list[tuple[int, int, str, str]]:
    """Reporting verbs and frames in text[start:end] outside quotations, in text order:
    (start, end, words, which) with which = "verb", "before" or "after" (where the
    source stands: a passive verb's agent, "denied by Beijing", stands after). Kept for
    the last sentence asked: a sentence found to have no source asks again whether it
    has a cue (`outside` is the same when it compares equal: the same reader's method)."""
    global _last_cues
    last = _last_cues  # one read: a tuple replaced whole is safe across threads
    if last[0] is not text or last[1] != start or last[2] != end or last[3] != outside:
        last = _last_cues = (text, start, end, outside, _cues(text, start, end, outside))
    return list(last[4])


def _cues(text: str, start: int, end: int, outside) -> list[tuple[int, int, str, str]]:
    r = reporting()
    found = []
    for m in folding.finditer(r.before, text, start, end):
        if outside(m.start()):
            found.append((m.start(), m.end(), m.group(0), "before"))
    for m in folding.finditer(r.after, text, start, end):
        if outside(m.start()):
            found.append((m.start(), m.end(), m.group(0), "after"))
    for at, stop in _verb_spans(text, start, end):
        written = text[at:stop]
        word = written.lower()
        if not outside(at):
            continue
        if written[0].isupper() and _CAPITALISED_BEFORE.search(text, max(start, at - 30), at):
            continue  # a word of a name: "the United States", "Press Secretary"
        if _WITHOUT_OBJECT.match(text, at):
            continue  # "a diplomat accused of plotting": the one before is accused
        if _names_document(text, start, at):
            continue  # "in a statement posted on its website, the embassy said"
        if _PASSIVE_BEFORE.search(text, max(start, at - PASSIVE_CHARS), at):
            # "These accusations were firmly denied by Beijing": the agent speaks.
            agent = _BY_AGENT.match(text, stop, end)
            if agent:
                found.append((at, agent.end(), text[at : agent.end()], "after"))
            continue
        if (
            not _is_noun(text, start, at, word, r.nouns)
            and not (
                word in r.adjectives and _QUALIFIER_BEFORE.search(text, max(start, at - 12), at)
            )
            and not (
                _INFINITIVE_BEFORE.search(text, max(start, at - 4), at)
                and not _CAUSED_BEFORE.search(text, max(start, at - CAUSED_CHARS), at)
            )
            and not any(f[0] <= at < f[1] for f in found)
        ):
            found.append((at, stop, written, "verb"))
    found.sort()
    return found


@functools.cache
def _verb_forms() -> re.Pattern[str]:
    """The words `_WORD` finds whose lower case is a reporting verb's form, read on the
    text in lower case: one scan of a trie of the forms, where a look-up of each word
    costs a turn of a Python loop per word (forms other than letters a-z are no word
    `_WORD` finds)."""
    forms = {form for form in reporting().verbs if re.fullmatch("[a-z]+", form)}
    return re.compile(rf"(?<![\w’'-])(?:{word_trie(forms)})(?![\w’-])")


def _verb_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the words of text[start:end] that are reporting verbs' forms."""
    low = folding.folded(text)
    if low is not None:
        return [m.span() for m in _verb_forms().finditer(low, start, end)]
    verbs = reporting().verbs
    return [m.span() for m in _WORD.finditer(text, start, end) if m.group(0).lower() in verbs]


def _names_document(text: str, start: int, at: int) -> bool:
    """Does the verb at `at` say how the document just before it came out ("a statement
    posted on its website", "a letter sent to staff")? Then it is a participle naming
    the document, and the speaker is whoever the sentence goes on to name."""
    r = reporting()
    if not r.published.match(text, at):
        return False
    before = _WORD_BEFORE.search(text, max(start, at - WORD_BEFORE_CHARS), at)
    return bool(before and r.documents.fullmatch(before.group(1)))


def _is_noun(text: str, start: int, at: int, word: str, nouns: frozenset[str]) -> bool:
    if word not in nouns:
        return False
    if not word.endswith("s"):
        return bool(_DETERMINER_BEFORE.search(text, max(start, at - DETERMINER_CHARS), at))
    return bool(
        _DETERMINER_JUST_BEFORE.search(text, max(start, at - DETERMINER_CHARS), at)
        or _ADJECTIVE_JUST_BEFORE.search(text, max(start, at - DETERMINER_CHARS), at)
        or _INFINITIVE_OBJECT_BEFORE.search(text, max(start, at - DETERMINER_CHARS), at)
        or _CONJUNCTION_BEFORE.search(text, max(start, at - DETERMINER_CHARS), at)
    )


def attribute(
    text: str, start: int, end: int, mentions: list[Mention], outside
) -> tuple[Attribution | None, list[Attribution]]:
    """The sentence text[start:end]'s attribution: the first cue that has a source; and
    every cue with a source of its own, in text order, which a clause holding one takes
    instead ("…, after Lithuania's premier raised the charge"). A trailing attribution
    ("…, the embassy said") or an "in X's view" governs the whole sentence."""
    view = folding.may_hold(text, start, end, _IN_VIEW_NOUNS) and folding.search(
        _IN_VIEW, text, start, end
    )
    if view:
        inside = [m for m in mentions if view.start("who") <= m.start < view.end("who")]
        if inside:
            found = Attribution(inside[0], view.start(), view.end(), view.group(0), "in X's view")
            return found, []
    found = cues(text, start, end, outside)
    trailing = _trailing(text, start, end, found, mentions)
    if trailing:
        return trailing, []
    every = _sources(text, start, found, mentions)
    # "According to Canadian media reports, the department claimed …": the verb's own
    # subject speaks; the frame says where the report of it came from.
    verbs = [a for a in every if a.rule.startswith("reporting verb")]
    if every and every[0].cue.lower().startswith("according") and verbs:
        return verbs[0], every
    return (every[0] if every else None), every


#: A charge reported as a noun with its source: "accusations from US officials that",
#: "claims raised by Blinken that", "accusations levelled by Canada's CSE claiming".
CHARGE_STEMS = ("accusation", "allegation", "claim", "charge", "assertion")
_CHARGE_NOUN = rf"(?:{'|'.join(stem + 's?' for stem in CHARGE_STEMS)})"
_CHARGE_BY = re.compile(
    _CHARGE_NOUN + r"\s+(?:(?:levell?ed|leveled|made|raised|brought)\s+)?(?:from|by)\s+(?:the\s+)?",
    re.I,
)
#: "Beijing's allegations of unfair trade": the source as a possessive.
_CHARGE_OF = re.compile(r"[’']s?\s+(?:[\w-]+\s+)?" + _CHARGE_NOUN + r"(?![\w-])", re.I)
#: A state's possessive before its body: "Canada's" (CSE).
_OF_STATE = re.compile(r"[’']s?\s+")
#: Where the content of a reported charge ends: the next comma, semicolon or the end.
_CHARGE_END = re.compile(r"[,;]\s|[.!?](?:\s|$)")
#: What opens a reported charge's content: without one ("Canada's accusations were
#: groundless") the charge is only named, not reported.
_CHARGE_CONTENT = re.compile(
    r"\s(?:that|of|about|over|against|claiming|saying|alleging|accusing|regarding)\s", re.I
)
#: How far the source may stand from the noun ("claims raised by X", "X's claims").
CHARGE_SOURCE_CHARS = 3


def reported_charges(
    text: str, start: int, end: int, mentions: list[Mention], outside
) -> list[tuple[int, int, Mention]]:
    """Charges the sentence reports as nouns, with their sources: (start, end, source)
    for "accusations from US officials that TikTok …" or "Beijing's allegations of
    unfair trade practices". The sentence's own speaker may be answering them."""
    # A charge reported with its source names the charge: sentences that name none
    # (most) are not searched.
    opens = min([start, *(x.end for x in mentions)])  # a source's possessive may open one
    if not folding.may_hold(text, opens, end, CHARGE_STEMS):
        return []
    found = []
    for m in folding.finditer(_CHARGE_BY, text, start, end):
        if not outside(m.start()):
            continue
        source = next(
            (x for x in mentions if m.end() <= x.start <= m.end() + CHARGE_SOURCE_CHARS), None
        )
        # "by Canada's Communications Security Establishment": the body, not its state.
        body = source and next(
            (
                x
                for x in mentions
                if x.start > source.end and _OF_STATE.fullmatch(text, source.end, x.start)
            ),
            None,
        )
        source = body or source
        if source:
            stop = _CHARGE_END.search(text, source.end, end)
            stop_at = stop.start() if stop else end
            if _CHARGE_CONTENT.search(text, source.end, stop_at):
                found.append((m.start(), stop_at, source))
    for x in mentions:
        m = _CHARGE_OF.match(text, x.end, end)
        if m and outside(x.start) and _CHARGE_CONTENT.match(text, m.end(), end):
            stop = _CHARGE_END.search(text, m.end(), end)
            found.append((x.start, stop.start() if stop else end, x))
    return sorted(found, key=lambda f: f[0])


def _sources(
    text: str, start: int, found: list[tuple[int, int, str, str]], mentions: list[Mention]
) -> list[Attribution]:
    every = []
    for c0, c1, words, which in found:
        speaker = None
        if which == "after":
            speaker = _after(text, c1, mentions, SUBJECT_AFTER_CHARS)
        else:
            speaker = _before(text, c0, mentions, start)
            if speaker is None and which == "verb" and _inverts(words):
                speaker = _inverted(text, start, c0, c1, mentions)
        if speaker:
            rule = {"verb": "reporting verb", "before": "frame", "after": "frame"}[which]
            every.append(Attribution(speaker, c0, c1, words, f"{rule} '{' '.join(words.split())}'"))
    return every


def _before(
    text: str, cue: int, mentions: list[Mention], start: int | None = None
) -> Mention | None:
    """The subject of the cue at `cue`, before it (`start`: where its sentence starts)."""
    candidates = [
        m
        for m in mentions
        if m.end <= cue
        and cue - m.end <= SUBJECT_BEFORE_CHARS
        and (not _CLAUSE_BREAK.search(text, m.end, cue) or _RELATIVE.fullmatch(text, m.end, cue))
    ]
    if not candidates:
        return None
    plain = [
        m for m in candidates if not _PREPOSITION_BEFORE.search(text, max(0, m.start - 12), m.start)
    ]
    # "with Beijing blaming Ottawa", "and Canadian authorities regularly accusing": an
    # actor right before a participle is its subject, whatever comes before the actor.
    if (
        candidates
        and _PARTICIPLE_SUBJECT.fullmatch(text, candidates[-1].end, cue)
        and (text[cue : cue + 40].split(maxsplit=1)[0].lower().endswith("ing"))
    ):
        plain = [candidates[-1]]
    if not plain:
        # "A spokesperson for the embassy said": the body the speaker speaks for.
        plain = [m for m in candidates if _SPEAKS_FOR.search(text, max(0, m.start - 40), m.start)]
    if not plain:
        return None
    chosen = plain[-1]
    if (
        start is not None
        and plain[0].start - start <= SUBJECT_CHARS
        and _shares_subject(text, chosen.end, cue)
    ):
        chosen = plain[0]
    # "The consulate, which covers Atlantic Canada, rejected": the relative clause's
    # antecedent, not what the clause names.
    for earlier in plain:
        if _RELATIVE_BETWEEN.fullmatch(text, earlier.end, cue):
            return earlier
    # "Lu Shaye, China's envoy to Canada, said": the person, not the apposition. An
    # apposition is closed by a comma before the verb; without one, the earlier actor
    # ends an opening phrase ("Questioned before Congress, spokesperson Mao said").
    closed = "," in text[chosen.end : cue]
    for earlier in reversed(plain[:-1]):
        if closed and _APPOSITION.fullmatch(text, earlier.end, chosen.start):
            chosen = earlier
    gap = text[chosen.end : cue]
    # Far from its verb, a subject needs a comma (an apposition), a coordination ("X
    # stood with the families and said") or, for a document, how it came out ("A
    # report released Wednesday by the committee alleges").
    if (
        len(gap.split()) > 8
        and "," not in gap
        and not _COORDINATED.search(gap)
        and not (
            chosen.via.startswith("document")
            and reporting().published.match(gap.lstrip())
            and not text[cue : cue + 30].split(maxsplit=1)[0].lower().endswith("ing")
        )
    ):
        return None
    return chosen


def _shares_subject(text: str, end: int, cue: int) -> bool:
    """Does the cue say what the clause's subject did, not what the actor just before it
    (ending at `end`) did? It does for a participle closing the clause ("Canada imposed
    sanctions on Chinese officials on Tuesday, citing abuses", but "X, citing sources,
    reported" is X's own aside), and for a verb joined by "and" to the first ("Taiwan's
    ministry thanked Canada and accused China")."""
    gap = text[end:cue].rstrip()
    participle = text[cue : cue + 40].split(maxsplit=1)[0].lower().endswith("ing")
    if gap.endswith(",") and gap[:-1].strip() and participle:
        return True
    return bool(_COORDINATED.search(text, end, cue))


def _after(text: str, cue_end: int, mentions: list[Mention], reach: int) -> Mention | None:
    """The first actor after the cue ("according to the ministry"); a possessive
    pronoun's owner is not who speaks ("according to their lawyers"), nor is an actor
    past the comma that closes the source ("According to the minister, Mr. Wu …")."""
    for m in mentions:
        if cue_end <= m.start <= cue_end + reach:
            if m.via in _POSSESSIVE_PRONOUNS or _SOURCE_CLOSED.search(text, cue_end, m.start):
                return None
            return m
    return None


#: What closes the source a frame names before what it says: a comma, a colon.
_SOURCE_CLOSED = re.compile(r"[,;:]")


_POSSESSIVE_PRONOUNS = {f"pronoun '{word}'" for word in ("his", "her", "its", "their")}


def voiced_by_person(text: str, attribution: Attribution) -> bool:
    """Did a person speak for the attribution's actor ("a spokesman for the ministry
    said", "the spokesperson said" of a body)?"""
    speaker = attribution.speaker
    return bool(
        _SPEAKS_FOR.search(text, max(0, speaker.start - 40), speaker.start)
        or speaker.via.startswith(("description 'spokes", "description 'official"))
        # "a Hong Kong government spokesman said": the body named with its voice
        or _VOICE.search(text, speaker.start, speaker.end)
        or _VOICE.match(text, speaker.end)
    )


#: A body's voice, ending or right after the words that name it: "a Hong Kong government
#: spokesman", "an embassy spokesperson".
_VOICE = re.compile(rf"\s*(?:{SPOKESPERSON}|officials?)(?![\w’'-])", re.I)


def _inverts(verb: str) -> bool:
    """Can the verb's subject follow it ("…,” said Dahlin)? Only a finite verb of
    speech's: after "accused" or "rejected" stands what is accused or rejected, after
    "adding" what is added, after "told" whom it was told to."""
    form = verb.lower()
    return (
        reporting().verbs.get(form) == "speech" and not form.endswith("ing") and form not in _TOLD
    )


#: "… told CBC": after a verb of telling stands whom it was told to.
_TOLD = {"tell", "tells", "told", "ask", "asks", "asked"}

#: A verb, or a possessive and its noun, right after an actor: the actor opens what is
#: said ("said China was …", "said the embassy's reply was …"); it is not the inverted
#: subject ("said China's embassy.", where the organ is one actor).
_GOES_ON = re.compile(
    r"[’']s\s+[a-z]"
    # past a place: "says the Chinese consulate in Toronto intimidated …"
    r"|(?:\s+in\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)?"
    r"\s+(?:is|was|were|are|has|had|have|would|will|could|can|did|does|do|should|must|may"
    r"|might|[a-z]+ed)(?![\w’'-])"
)


def _inverted(text: str, start: int, c0: int, c1: int, mentions: list[Mention]) -> Mention | None:
    """ "…,” said Dahlin" or "…, the ministry added": the verb after the quotation."""
    if not _QUOTE_CLOSE_BEFORE.search(text, max(start, c0 - 4), c0) and c0 != start:
        return None
    return _inverted_subject(text, c1, mentions)


def _inverted_subject(text: str, cue_end: int, mentions: list[Mention]) -> Mention | None:
    """The subject right after an inverted verb: "said Dahlin", "added the ministry" (an
    actor after "adding that …" is what is said, not who says it)."""
    for m in mentions:
        if (
            cue_end <= m.start <= cue_end + SUBJECT_AFTER_CHARS
            and _INVERTED_GAP.fullmatch(text, cue_end, m.start)
            and not _GOES_ON.match(text, m.end)
        ):
            return m
    return None


def is_quoted_speech(text: str, start: int, end: int, in_quote) -> bool:
    """Does the sentence carry on a quotation: it starts inside one, or opens with one?"""
    return in_quote(start) or text[start] in _QUOTE_MARKS


#: A last clause that is a sentence of its own, not the attribution of what comes
#: before: "…, while Beijing said …", "…, but the embassy said …", "…, a charge the
#: embassy dismissed", "…, a move Beijing condemned", "…, which China claims".
_NOT_TRAILING = re.compile(
    r"\s*(?:while|but|whereas|and|though|although|as|because|since|when|which|who|whom|whose|where|"
    rf"(?:a|an|the)\s+(?:{REACTION_HEADS})s?)\b",
    re.I,
)


def _trailing(
    text: str, start: int, end: int, found: list[tuple[int, int, str, str]], mentions: list[Mention]
) -> Attribution | None:
    """ "Canada kept accusing China of …, the embassy said in a statement.": an
    attribution that is the sentence's whole last clause governs what comes before it,
    whatever verbs the reported words hold."""
    cut = text.rfind(",", start, end)
    if cut < start or end - cut > TRAILING_CLAUSE_CHARS or _NOT_TRAILING.match(text, cut + 1):
        return None
    last = [m for m in mentions if m.start > cut]
    for c0, c1, words, which in found:
        if c0 <= cut or which != "verb":
            continue
        speaker = _before(text, c0, last) or (
            _inverted_subject(text, c1, last) if _inverts(words) else None
        )
        if speaker:
            return Attribution(speaker, c0, c1, words, f"trailing attribution '{words}'")
    return None
