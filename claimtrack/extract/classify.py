"""Role and kind, from what a clause does, not from who speaks.

A sentence is cut into clauses where it goes on to another act (";", ", adding",
", saying", "and accused"). Each clause is read against the lexicons: the cues of the
reply kinds (lexicons/reply_kinds.txt, first listed wins) make a response; words of
accusation (lexicons/accusations.txt) make an allegation, or a counter-accusation when
the speaker's side stands accused already or the sentence says it answers ("hit back").
Neighbouring clauses of the same role and kind are one statement.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claimtrack.extract import folding
from claimtrack.extract.layout import abbreviation_before
from claimtrack.extract.lexicon import cue_index, find_cues, reporting


@functools.cache
def _clause_split() -> re.Pattern[str]:
    """Where a sentence goes on to another act: ";", ", adding"/", and saying" (any
    -ing form of a reporting verb), " and accused" (any other form but the nouns),
    ", while", "and that" (with or without a comma), and between the sentences of a
    quotation. The separator is left out; the words after it open the next clause."""
    verbs = reporting().verbs
    nouns = reporting().nouns
    participles = sorted((v for v in verbs if v.endswith("ing")), key=len, reverse=True)
    finite = sorted(
        (v for v in verbs if not v.endswith("ing") and v not in nouns), key=len, reverse=True
    )
    # Every separator opens with ";", "," or a space: the look-ahead lets the regex
    # engine pass over every other character at once, which halves the time. The source
    # is in lower case ("[a-z]" after a full stop is any letter, since the pattern
    # ignores case), so folding.finditer may read it on the text in lower case.
    return re.compile(
        r"(?=[;,\s])(?:(?P<cut>;\s+)"
        rf"|(?P<cut2>,\s+(?:and\s+)?)(?=(?:{'|'.join(participles)})\b)"
        rf"|(?P<cut3>,?\s+and\s+(?:also\s+)?)(?=(?:{'|'.join(finite)})\b)"
        r"|(?P<cut4>,[”\"]?\s+(?:while|but|whereas)\s+)|(?P<cut7>,?\s+and\s+)(?=that\b)"
        r"|(?<=[.!?][”\"])(?P<cut5>\s+)|(?<=[.!?])(?P<cut6>\s+)(?=[“\"a-z]))",
        re.I,
    )


#: Words saying that a statement answers another.
ANSWERING = re.compile(
    r"\b(?:hit|hits|fired|fires|shot|pushed|pushes|pushing)\s+back\b|\bin\s+(?:response|reply|retaliation)\b"
    r"|\brespon(?:d|ds|ded|ding|se)\b|\brepl(?:y|ied|ies)\b|\bretort(?:ed|s)?\b|\bcounter(?:ed|s)?\b"
    r"|\banswer(?:ed|s)?\b",
    re.I,
)
#: Words that hold a charge back when they come just before it.
_HELD_BACK = re.compile(
    r"\b(?:premature|too early|stopped short of|refused to|declined to|without)\b"
    r"[^,;.]{0,25}$",
    re.I,
)
#: How far before a charge the words holding it back are looked for.
HELD_BACK_CHARS = 45
#: Reply kinds that say what the reply is whatever else the clause holds.
_DECISIVE = ("no-comment", "deflection", "other", "acknowledgement")
#: What makes a charge noun a falsehood someone spreads: "false claims", "fake reports".
_FALSEHOOD_BEFORE = re.compile(
    r"(?:false|fabricated|fake|misleading|bogus|made-up)\W{0,2}\s+$", re.I
)
#: Words naming a charge someone else made: refusing one is a reply.
CHARGE_NOUNS = re.compile(
    r"\b(?:accusations?|allegations?|claims?|charges?|assertions?|reports?|conclusions?|findings?"
    r"|criticism|remarks|comments|statements?|smears?|slander|hype|premise|investigation|case"
    r"|account|version"
    # "the so-called 'forced labour' is a lie": what another called it
    r"|so-called)\b",
    re.I,
)


#: A verb of saying or telling right after a negation ("has not said", "does not name"),
#: or of how soon ("did not take long to respond").
_DISCLOSING = re.compile(
    r"\s+(?:yet\s+|publicly\s+|officially\s+)?(?:said|say|named?|told|tell|disclosed?"
    r"|explained?|specified|specify|given|give|provided?|released?|revealed?|identified"
    r"|identify|indicated?|detailed?|elaborated?|offered|offer"
    # how soon, not whether: "did not take long to respond", "did not hesitate"
    r"|take\s+long|wait|hesitate|delay)(?![\w-])",
    re.I,
)
#: A negated copula, which denies only conduct or a charge.
_COPULA_NEGATION = re.compile(r"(?:is|was|are|were) not", re.I)
#: What a negated copula denies: "is not involved", "was not behind it", "is not true".
_DENIED_PREDICATE = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:true|the case|involved|responsible|behind|accurate|correct"
    r"|guilty|part of|linked|connected|related|engaged|in compliance|in line|in keeping"
    r"|under\s+(?:the\s+)?(?:control|orders|direction|influence|instructions?)"
    r"|consistent)\b",
    re.I,
)


def _appraised(text: str, first: dict, denial: tuple[int, int, str]) -> bool:
    """Does a negated copula appraise, naming no charge right after it and no conduct
    ("is not enough", "was not finished")? A charge after a comma is said instead of
    what is negated ("That is not diplomacy, it is intimidation"), not denied."""
    charge_after = any(
        g.startswith("accusation")
        and 0 <= at - denial[1] <= NEGATED_CHARGE_CHARS
        and not _CLAUSE_BREAK.search(text, denial[1], at)
        for g, (at, _, _) in first.items()
    )
    return not charge_after and not _DENIED_PREDICATE.match(text, denial[1])


#: A break between a negation and what comes after it in another clause.
_CLAUSE_BREAK = re.compile(r"[,;:—–]")
#: A charge as a noun, and a determiner before it: "the accusations", "Canada's claims".
_NAMED_CHARGE = re.compile(r"(?:accusations?|allegations?)", re.I)
_DETERMINER_BEFORE = re.compile(
    r"(?:(?<![\w’'-])(?:the|these|those|such|its|their|his|her|this|that)|[’']s)\s+$", re.I
)


@dataclass
class Act:
    """A clause's role and kind, with the cue words that decided them."""

    start: int
    end: int
    accusing: bool
    kind: str | None
    cues: list[tuple[int, int, str, str]]
    refuses_charge: bool = False


#: Nouns that open what another says of what a sentence reports: "…, a charge the
#: embassy dismissed", "…, a move Beijing condemned".
REACTION_HEADS = "charge|claim|accusation|allegation|move|decision|step"
#: That opening, from the comma to its subject.
REACTION = re.compile(
    rf",\s+(?:a|an|the)\s+(?:{REACTION_HEADS})s?\s+(?:that\s+|which\s+)?(?:the\s+)?", re.I
)

#: A clause that opens on what another says of what a sentence reports.
REACTION_OPENING = re.compile(rf"(?:a|an|the)\s+(?:{REACTION_HEADS})s?\s", re.I)

#: Where a subordinate clause opens ("…, after Lithuania's premier raised", "…, which
#: characterizes China as", "…, although Chew pointed out"): a clause of its own only
#: when it has a source of its own.
_SUBORDINATE = re.compile(
    r"(?=[,\s])(?:,\s+(?:(?:although|though)\s+|(?=(?:after|following|which|who)\s))"
    # "… with Beijing blaming Ottawa and Canadian authorities accusing China": a new
    # subject after "and".
    r"|,?\s+and\s+(?=(?:the\s+)?[A-Z])"
    # "a report that accused Beijing": a relative clause, its own when its antecedent
    # speaks.
    r"|\s+(?=(?:that|which|who)\s)"
    # "…, a charge the Chinese embassy dismissed as nonsense", "…, a move Beijing called
    # a violation": what another says of what the sentence reports.
    rf"|,\s+(?=(?:a|an|the)\s+(?:{REACTION_HEADS})s?\s))"
)


def clauses(text: str, start: int, end: int, own_source=None) -> list[tuple[int, int]]:
    """The clauses of text[start:end], as spans without their separators. Given
    `own_source(start, end)`, a subordinate clause that has a source of its own is cut
    off as well."""
    spans = []
    cursor = start
    for m in folding.finditer(_clause_split(), text, start, end):
        if m["cut6"] and abbreviation_before(text, m.start() - 1, start):
            continue  # "…,” Ms. Mao said": no sentence ends at "Ms."
        spans.append((cursor, m.start()))
        cursor = m.end()
    spans.append((cursor, end))
    if own_source:
        spans = [part for a, b in spans for part in _subordinates(text, a, b, own_source)]
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in spans) if b > a]


def _subordinates(text: str, start: int, end: int, own_source) -> list[tuple[int, int]]:
    cuts = [m for m in _SUBORDINATE.finditer(text, start, end)]
    spans = []
    cursor = start
    for i, m in enumerate(cuts):
        stop = cuts[i + 1].start() if i + 1 < len(cuts) else end
        # "…, a claim the company rejects": another's words of what the sentence
        # reports, whether or not their source is an actor.
        if REACTION_OPENING.match(text, m.end()) or own_source(m.end(), stop):
            spans.append((cursor, m.start()))
            cursor = m.end()
    spans.append((cursor, end))
    return spans


def read_act(text: str, start: int, end: int, outside, in_name=None) -> Act | None:
    """What one clause does: a reply of some kind, an accusation, both, or nothing. The
    first reply kind in the lexicon's order that has a cue in the clause is its kind."""
    first = find_cues(text, start, end, in_name)
    charges = sorted((first[g][0], g) for g in first if g.startswith("accusation"))
    held = next(
        (at for at, _ in charges if _HELD_BACK.search(text, max(start, at - HELD_BACK_CHARS), at)),
        None,
    )
    if held is not None:
        # "premature to be apportioning blame for the cyberattack", "stopped short of
        # accusing": a charge held back is none, and neither is what it goes on to name.
        for at, group in charges:
            if at >= held:
                del first[group]
    named_only = [
        g
        for g in first
        if g.startswith("accusation")
        and _NAMED_CHARGE.fullmatch(first[g][2])
        and _DETERMINER_BEFORE.search(text, max(start, first[g][0] - 12), first[g][0])
    ]
    denial = first.get("denial")
    if denial and (
        (
            _PLAIN_NEGATION.fullmatch(" ".join(denial[2].split()))
            and _DISCLOSING.match(text, denial[1])
        )
        or (
            _COPULA_NEGATION.fullmatch(" ".join(denial[2].split()))
            and _appraised(text, first, denial)
        )
    ):
        # "Chinese authorities have not said what he is suspected of": withholding
        # words denies nothing; nor does an appraisal ("is not enough", "was not
        # finished"), where a copula negates no conduct and no charge.
        del first["denial"]
    for group in named_only:
        # "said the accusations were politically motivated": a charge named with a
        # determiner is another's, not one this clause makes.
        del first[group]
    if not first:
        return None
    found = sorted((a, b, words, group) for group, (a, b, words) in first.items())
    groups = cue_index().groups
    kinds = [g for g in groups if g in first and not g.startswith("accusation")]
    accusing = any(g.startswith("accusation") for g in first)
    # "spread false claims about a candidate" names falsehoods spread, not a charge
    # refused.
    refuses = any(
        not _FALSEHOOD_BEFORE.search(text, max(start, m.start() - 12), m.start())
        for m in folding.finditer(CHARGE_NOUNS, text, start, end)
    )
    return Act(start, end, accusing, kinds[0] if kinds else None, found, refuses)


def naming_only(text: str, act: Act, accused: bool) -> Act | None:
    """ "The so-called police stations", said by a side no one has accused, names what
    others call them: it refuses nothing, unless what it names is a charge or a
    measure ("the so-called sanctions", "so-called forced labour"). The act without
    that rejection (None when nothing is left)."""
    if act.kind != "rejection" or accused or not _only_so_called(act):
        return act
    at = next(b for _, b, words, group in act.cues if group == "rejection")
    named = _SO_CALLED_THING.match(text, at, act.end)
    if named and (
        _MEASURE_OR_CHARGE.search(named.group(0))
        or any(g.startswith("accusation") for g in find_cues(text, at, named.end()))
    ):
        return act
    if not act.accusing:
        return None
    return Act(act.start, act.end, True, None, act.cues, act.refuses_charge)


#: What "so-called" names: the words after it, up to a stop.
_SO_CALLED_THING = re.compile(r"\s*[“\"‘']?(?:[\w-]+\s+){0,3}[\w-]+")
#: A measure or a charge named so: "so-called sanctions", "the so-called espionage case".
_MEASURE_OR_CHARGE = re.compile(
    r"\b(?:sanctions?|tariffs?|duties|bans?|declaration|law|bill|investigation|probe|case"
    r"|accusations?|allegations?|charges?|claims?|threat|report|evidence)\b",
    re.I,
)


def _only_so_called(act: Act) -> bool:
    """Is "so-called" the clause's only word of rejection?"""
    rejections = [words for _, _, words, group in act.cues if group == "rejection"]
    return all(words.lower() == "so-called" for words in rejections)


def decide(act: Act, answering: bool) -> tuple[str, str | None]:
    """(role, kind) of a clause: `answering` when the speaker's side stands accused or
    the sentence says it answers.

    A reply cue makes a response; but a speaker who is not answering and accuses
    ("condemned the crackdown", "will not tolerate interference") makes an allegation,
    unless what they refuse is a charge ("rejected the accusations")."""
    if act.kind == "other" and act.accusing and not answering:
        return "allegation", None  # a measure taken over a wrong: "sanctions over abuses"
    if act.kind in _DECISIVE:
        return "response", act.kind
    if act.accusing and act.kind is None:
        return ("response", "counter-accusation") if answering else ("allegation", None)
    if (
        act.accusing
        and not answering
        and not act.refuses_charge
        and (act.kind != "denial" or not _denies_outright(act))
    ):
        return "allegation", None
    return "response", act.kind


#: A denial said outright: "China denies interfering" is a reply even where no charge
#: was reported before.
_OUTRIGHT_DENIAL = re.compile(r"\bden(?:y|ies|ied|ying)\b", re.I)
#: A plain negation among the denial cues (the others assert lawful conduct).
_PLAIN_NEGATION = re.compile(
    r"(?:(?:has|have|had|did|does|do|is|was|are|were) not|never|(?:absolutely|certainly|of course) not)",
    re.I,
)
#: How far before a charge a plain negation ("never", "did not") denies it.
NEGATED_CHARGE_CHARS = 25


def _denies_outright(act: Act) -> bool:
    """Is the clause's denial a denial of the charge it names: said outright, or a
    negation right before the charge ("has never interfered")? A negation elsewhere
    ("a decision Beijing does not like") denies nothing."""
    charges = [a for a, _, _, group in act.cues if group.startswith("accusation")]
    return any(
        group == "denial"
        and (
            _OUTRIGHT_DENIAL.search(words)
            or any(0 <= a - b <= NEGATED_CHARGE_CHARS for a in charges)
        )
        for _, b, words, group in act.cues
    )


def denies_nothing(act: Act, answering: bool) -> bool:
    """A plain negation ("is not", "never") with no charge in the clause, said by a
    speaker who is not answering one ("These are not accidents", "That is not
    acceptable"): no reply at all."""
    denials = [words for _, _, words, group in act.cues if group == "denial"]
    return (
        act.kind == "denial"
        and not answering
        and not act.accusing
        and not act.refuses_charge
        and all(_PLAIN_NEGATION.fullmatch(" ".join(words.split())) for words in denials)
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,;":
        start += 1
    while end > start and text[end - 1] in " \t\n,;":
        end -= 1
    return start, end
