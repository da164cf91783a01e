"""The lexicons extraction reads text with: verbs of saying, words that mark a kind of
reply, hedges, wrongdoing, topics, and the cues that place a new actor on a side.

Every entry is a general pattern of news English about state-to-state friction, none is
taken from one article: "declined to comment" is a no-comment wherever it appears. Kept
apart from the rules in extract.py so that a reviewer can read (and extend) the
vocabulary without reading the machinery; the first section, on how the lexicons are
compiled for speed, can be skipped too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

_I = re.I


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------- how the lexicons are compiled
#
# The lexicons are long alternations of words, mostly case-insensitive and behind a \b.
# Python's regex engine tries every alternative at every position of the text: that was
# most of extraction's time. `alternation` compiles the same regex in a shape the engine
# runs several times faster, so the vocabulary below stays written plainly.


class _Unsupported(Exception):
    """A regex shape `alternation` does not rewrite; it is compiled as written."""


#: What a case-insensitive regex takes for an ASCII letter besides its two cases (checked
#: against every code point: only these letters have more; other ASCII characters and the
#: typographic quotes and dashes match only themselves).
_MORE_CASES = {"i": "İı", "s": "ſ", "k": "K"}
_UNCASED = frozenset("’‘“”—–…")
_QUANTIFIERS = frozenset("?*+{")


def alternation(
    source: str, flags: int = 0, not_after: str | None = None, then: str = ""
) -> re.Pattern[str]:
    r"""`re.compile("(?<!not_after)(?:source)then", flags)`, in a shape that runs faster.

    It is the same regex: the same matches from any position, within any bounds. Each
    alternative is taken apart into the characters its first position can match and the
    rest; a leading group or optional element is distributed ("(?:a|b)c" is "ac|bc",
    "a?b" is "ab|b"). The regex then opens with the set of all those first characters, so
    the engine skips at once every position no alternative can start at; past that
    character it picks, by halves of the set, the alternatives that start with it, and
    tries those only, in their order. Alternatives with no first character in common
    cannot match at the same position, so their relative order does not matter. A \b
    before the first character (a word character), ^ under MULTILINE and `not_after`
    become look-behinds past it. A shape it does not know (a leading escape class,
    quantifier or look-around, a capturing group, a cased non-ASCII letter under
    IGNORECASE) is compiled as written.
    """
    plain = "(?:" + source + ")" + then
    if not_after:
        plain = f"(?<!{not_after})" + plain
    try:
        shaped = re.compile(_shaped(source, flags, not_after, then), flags)
    except (_Unsupported, re.error):  # re.error: a named group, distributed twice
        return re.compile(plain, flags)
    return re.compile(plain, flags) if shaped.groups else shaped


def _shaped(source: str, flags: int, not_after: str | None, then: str) -> str:
    """The source of `alternation`'s regex."""
    if flags & re.X:
        raise _Unsupported("verbose")
    heads = [head for option in _alternatives(source) for head in _heads(option, flags)]
    # Alternatives that can start on a common character, in their order: no alternative of
    # one group can match where another group's can.
    groups: list[tuple[set[str], list[tuple[int, tuple[str, ...], str, str]]]] = []
    for index, (leads, chars, rest) in enumerate(heads):
        joined = [g for g in groups if g[0] & set(chars)]
        members = sorted([m for g in joined for m in g[1]] + [(index, leads, chars, rest)])
        groups = [g for g in groups if g not in joined]
        groups.append((set(chars).union(*(g[0] for g in joined)), members))
    back = r"(?s:.)"  # the first character, already matched
    word_start = rf"(?<!{_WORD_START}{back})"
    at_words, elsewhere = [], []
    for chars, members in groups:
        all_at_words = all(leads == (_WORD_START,) for _, leads, _, _ in members)
        options = "|".join(
            ("" if set(own) == chars else f"(?<={_class(own, flags)})")
            + ("" if all_at_words else "".join(f"(?<!{lead}{back})" for lead in leads))
            + rest
            for _, leads, own, rest in members
        )
        (at_words if all_at_words else elsewhere).append((chars, f"(?:{options})"))
    branches = list(elsewhere)
    if at_words:
        after_word = word_start + _chosen(at_words, flags)
        branches.append((set().union(*(c for c, _ in at_words)), after_word))
    everything = {c for chars, _ in groups for c in chars}
    before = f"(?<!{not_after}{back})" if not_after else ""
    return _class(everything, flags) + before + _chosen(branches, flags) + then


def _chosen(choices: list[tuple[set[str], str]], flags: int = 0) -> str:
    """A regex that takes, past a first character, the one choice (a group) made for it:
    their sets of first characters are disjoint, and the choice is found by halves, so
    that a position tries a few look-behinds rather than one per choice."""
    if len(choices) == 1:
        return choices[0][1]
    if len(choices) > 3:
        half = len(choices) // 2
        choices = [
            (set().union(*(c for c, _ in part)), _chosen(part, flags))
            for part in (choices[:half], choices[half:])
        ]
    return "(?:" + "|".join(f"(?<={_class(c, flags)}){body}" for c, body in choices) + ")"


def _class(chars: str | set[str], flags: int) -> str:
    """A character class of exactly these characters, whatever the flags."""
    body = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
    return f"(?-i:{body})" if flags & _I else body


def _alternatives(source: str) -> list[str]:
    """The top-level alternatives of a regex source."""
    found, depth, start, i = [], 0, 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(source, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and not depth:
            found.append(source[start:i])
            start = i + 1
        i += 1
    found.append(source[start:])
    return found


def _class_end(source: str, i: int) -> int:
    """The index past the character class opening at source[i]."""
    j = i + 1
    if source[j : j + 1] == "^":
        j += 1
    if source[j : j + 1] == "]":
        j += 1
    while source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _group_end(source: str, i: int) -> int:
    """The index past the group opening at source[i]."""
    depth = 0
    while True:
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(source, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if not depth:
                return i + 1
        i += 1


#: What may not come before the first character, for \b before a word character and for ^
#: under MULTILINE.
_WORD_START = r"\w"
_LINE_START = r"[^\n]"


def _heads(
    option: str, flags: int, leads: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], str, str]]:
    """(what must not come before, the characters the first position matches, the rest)
    for each way one alternative can start."""
    if option.startswith(r"\b"):
        heads = _heads(option[2:], flags, (*leads, _WORD_START))
        if any(not re.fullmatch(r"\w", c) for _, chars, _ in heads for c in chars):
            raise _Unsupported(option)  # \b before a non-word character means something else
        return heads
    if option.startswith("^") and flags & re.M:
        return _heads(option[1:], flags, (*leads, _LINE_START))
    first, end = _first(option, flags)
    after = option[end:]
    if after.startswith("?") and not after.startswith(("?+", "??+")):
        # An optional first element: with it, then without it ("a?b" is "ab|b").
        lazy = after.startswith("??")
        rest = after[2 if lazy else 1 :]
        taken = _heads(option[:end] + rest, flags, leads)
        skipped = _heads(rest, flags, leads)
        return skipped + taken if lazy else taken + skipped
    if after[:1] in _QUANTIFIERS:
        raise _Unsupported(option)
    if first is not None:
        return [(leads, first, after)]
    # A group first: each of its alternatives, followed by what follows the group.
    scoped = option.startswith("(?i:")
    inner = option[len("(?i:" if scoped else "(?:") : end - 1]
    return [
        (leads + more, chars, ("(?i:" + rest + ")" if scoped else rest) + after)
        for branch in _alternatives(inner)
        for more, chars, rest in _heads(branch, flags | _I if scoped else flags)
    ]


def _first(option: str, flags: int) -> tuple[str | None, int]:
    """The characters the first element of `option` matches (None for a group, which the
    caller opens) and where that element ends."""
    if option.startswith(("(?:", "(?i:")):
        return None, _group_end(option, 0)
    if option.startswith("["):
        end = _class_end(option, 0)
        members = option[1 : end - 1]
        if not members or members[0] == "^" or "\\" in members or "[" in members:
            raise _Unsupported(option)
        chars, i = [], 0
        while i < len(members):
            if members[i + 1 : i + 2] == "-" and i + 2 < len(members):  # a range, as "a-z"
                low, high = ord(members[i]), ord(members[i + 2])
                if not 0 <= high - low <= 256:
                    raise _Unsupported(option)
                chars += [chr(c) for c in range(low, high + 1)]
                i += 3
            else:
                chars.append(members[i])
                i += 1
    elif option.startswith("\\") and len(option) > 1 and not option[1].isalnum():
        chars, end = [option[1]], 2
    elif option and option[0] not in "\\()[]{}.^$|?*+":
        chars, end = [option[0]], 1
    else:
        raise _Unsupported(option)
    return "".join(_cases(c, flags) for c in chars), end


def _cases(char: str, flags: int) -> str:
    """Every character `char` matches under these flags."""
    if not flags & _I or char in _UNCASED:
        return char
    if not char.isascii():
        raise _Unsupported(char)
    if not char.isalpha():
        return char
    lower = char.lower()
    return lower + lower.upper() + _MORE_CASES.get(lower, "")


class Twinned:
    """A pattern with groups (which `alternation` cannot regroup), found by a twin
    without them: the twin matches the same text, the pattern then gives the groups."""

    def __init__(self, pattern: re.Pattern[str], twin: re.Pattern[str] | None = None) -> None:
        self.pattern = pattern
        self.twin = twin or alternation(_ungrouped(pattern.pattern), pattern.flags)

    def finditer(
        self, text: str, start: int = 0, end: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """What `self.pattern.finditer(text, start, end)` yields."""
        for found in self.twin.finditer(text, start, end):
            yield self.pattern.match(text, found.start(), end)

    def search(self, text: str, start: int = 0, end: int = sys.maxsize) -> re.Match[str] | None:
        """What `self.pattern.search(text, start, end)` finds."""
        return next(self.finditer(text, start, end), None)


def _ungrouped(source: str) -> str:
    """The source with its capturing groups made non-capturing."""
    shaped, i = [], 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            shaped.append(source[i : i + 2])
            i += 2
        elif char == "[":
            end = _class_end(source, i)
            shaped.append(source[i:end])
            i = end
        elif source.startswith("(?P<", i):
            shaped.append("(?:")
            i = source.index(">", i) + 1
        elif char == "(" and not source.startswith("(?", i):
            shaped.append("(?:")
            i += 1
        else:
            shaped.append(char)
            i += 1
    return "".join(shaped)


# ---------------------------------------------------------------- verbs

#: Verbs of saying: they attribute words to a speaker but say nothing of their kind.
SPEECH_VERBS = (
    r"say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|stated"
    r"|stress|stresses|stressed|stressing|underline|underlines|underlined|underlining"
    r"|emphasi[sz]e|emphasi[sz]es|emphasi[sz]ed|emphasi[sz]ing|insist|insists|insisted|insisting"
    r"|assure|assures|assured|assuring|note|notes|noted|noting|argue|argues|argued|arguing"
    r"|maintain|maintains|maintained|declare|declares|declared|promise|promises|promised"
    r"|urge|urges|urged|urging|call(?:s|ed)? on|calling on|calls|called|calling"
    r"|describe|describes|described|describing|speaks? of|spoke of|conclude|concludes|concluded"
    r"|clarif(?:y|ies|ied)|wrote|writes|announce|announces|announced|reiterate|reiterates"
    r"|reiterated|assert|asserts|asserted|respond|responds|responded|repl(?:y|ies|ied)"
    r"|retort|retorts|retorted|countered|demand|demands|demanded|vow|vows|vowed|pledged"
    r"|complain|complains|complained|pointed out|points out|asked|reported|reports(?=\s+that\b)"
    r"|(?:show|shows|showed|suggest|suggests|suggested|indicate|indicates|indicated|found)(?=\s+that\b)|raise[sd]? (?:the possibility|concerns?|questions?)"
)
#: Verbs that make an accusation whatever follows.
ACCUSE_VERBS = (
    r"accuse|accuses|accused|accusing|allege|alleges|alleging|alleged(?=\s+(?:that|on|in|last|this)\b)"
    r"|claim|claims(?!\s+of\b)|claimed|claiming"
    r"|blame|blames|blamed|blaming|charge[sd]? that|criticiz(?:e|es|ed|ing)|criticis(?:e|es|ed|ing)"
    r"|expressed concerns?|expresses concerns?|voiced concerns?|raised concerns?"
    r"|(?:is|are|was|were) (?:deeply |very |gravely )?(?:concerned|worried|alarmed)"
)
#: Verbs of demand: Beijing demanding something of the other side protests.
DEMAND = re.compile(r"urg\w*|demand\w*|call(?:s|ed|ing)? on", _I)
#: Verbs of worry: an accusation only when they name wrongdoing or the other side.
CONCERN_VERB = re.compile(
    r"(?:expressed|expresses|voiced|raised) concerns?|(?:is|are|was|were) (?:deeply |very |gravely )?(?:concerned|worried|alarmed)",
    _I,
)
#: Acts that carry an accusation: a summons, an expulsion; sanctions when justified.
ACT_VERBS = (
    r"summon(?:s|ed|ing)?|expel(?:s|led|ling)?|imposed sanctions|imposes sanctions|impose sanctions"
    r"|sanction(?:s|ed)"
)
#: Verbs whose own meaning is a kind of reply (the main clause decides the kind).
KIND_VERBS: dict[str, str] = {
    r"den(?:y|ies|ied|ying)": "denial",
    r"disput(?:es|ed|ing)": "denial",  # not "dispute", mostly a noun
    r"reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|rebut(?:s|ted|ting)?": "rejection",
    r"denounc(?:e|es|ed|ing)": "rejection",
    r"condemn(?:s|ed|ing)?|protest(?:s|ed|ing)|deplor(?:e|es|ed|ing)": "protest",
    r"(?:lodg|mad)(?:e|es|ed|ing)(?=\s+(?:\w+\s+){0,3}?(?:protests?|representations|complaints?)\b)": "protest",
    r"declin(?:e|es|ed|ing) to (?:comment|say|elaborate|discuss|respond|answer)": "no-comment",
    r"(?:did|does|would|could) not (?:immediately )?(?:comment|respond|reply|say|answer)": "no-comment",
    r"could not be reached|did not (?:immediately )?return": "no-comment",
    r"refus(?:e|es|ed|ing) to (?:comment|say|answer|respond)": "no-comment",
    r"confirm(?:s|ed|ing)?|acknowledg(?:e|es|ed|ing)|admit(?:s|ted|ting)?|conced(?:e|es|ed|ing)": "acknowledgement",
    r"warn(?:s|ed|ing)?": "threat",
}

_KIND_VERB_SOURCE = "|".join(f"(?:{k})" for k in KIND_VERBS)
VERB = Twinned(
    re.compile(
        r"(?<![\w-])(?:(?P<kind>"
        + _KIND_VERB_SOURCE
        + r")|(?P<accuse>"
        + ACCUSE_VERBS
        + r")|(?P<act>"
        + ACT_VERBS
        + r")|(?P<speech>"
        + SPEECH_VERBS
        + r"))(?![\w-])",
        _I,
    ),
    alternation(
        "|".join((_KIND_VERB_SOURCE, ACCUSE_VERBS, ACT_VERBS, SPEECH_VERBS)),
        _I,
        not_after=r"[\w-]",
        then=r"(?![\w-])",
    ),
)
_KIND_VERB_PATTERNS = [(re.compile(k, _I), kind) for k, kind in KIND_VERBS.items()]


def verb_kind(word: str) -> str | None:
    """The reply kind a kind verb names ("denied" -> denial)."""
    for pattern, kind in _KIND_VERB_PATTERNS:
        if pattern.fullmatch(word):
            return kind
    return None


#: "are said to have": the narrator's hedge, not a speaker's verb.
HEDGED_VERB = re.compile(r"(?:said|reported)\s+to\s+(?:be|have)\b", _I)
#: "alleged" as an adjective ("the alleged police stations") is a hedge, not a verb.
ADJECTIVE_ALLEGED = re.compile(
    r"\b(?:the|an?|of|over|citing|for|on|about|into|these|those|its|his|her|their|and|or)\s+alleged$",
    _I,
)

# ---------------------------------------------------------------- what a reply does

#: Phrases that mark a kind of reply wherever they stand, most telling kind first.
_KIND_PHRASES: list[tuple[str, str]] = [
    (
        "counter-accusation",
        r"['’]s own\b.{0,40}?\b(?:record|problems?|history|affairs|house)\b"
        r"|\bthief crying\b|\bcounter-?charge\b|\byou are the one\b|\bdouble standards?\b"
        r"|\bhypocri\w+|\bcold[- ]war mentality\b|\bunder the (?:pretext|guise|pretence|pretense) of\b"
        r"|\b(?:interfer\w*|meddl\w*)\s+in\s+(?:China['’]s|Canada['’]s own|its|our)\s+(?:internal|domestic)\s+affairs"
        r"|\bit is (?:the )?[A-Z][\w’']+ (?:that|who)\b",
    ),
    (
        "no-comment",
        r"\bdeclin(?:e|es|ed|ing) (?:to )?(?:comment|say|elaborate|discuss|respond|answer)\w*"
        r"|\b(?:did|does|would|could) not (?:immediately )?(?:comment|respond|reply|say|answer)\b"
        r"|\b(?:has|have|had) not (?:yet )?(?:responded|replied|commented)\b"
        r"|\bnot (?:immediately )?available for comment\b|\bno comment\b"
        r"|\bnothing to (?:say|add|share)\b|\brefus(?:e|es|ed|ing) to (?:comment|say|answer|respond)\b"
        r"|\bwithout comment(?:ing)?\b|\bnot aware of the (?:situation|specifics|details|case)\b"
        r"|\bnot familiar with\b|\bcould not be reached\b|\bdid not (?:immediately )?return\b|\bunavailable for comment\b",
    ),
    (
        "deflection",
        r"\bask the (?:Canadian|Chinese|relevant|competent)\b.{0,20}?\b(?:side|authorities|department|government)\b"
        r"|\brefer (?:you|questions|the question) to\b"
        r"|\b(?:better|best) (?:placed|positioned) to\b|\bin a better position\b"
        r"|\bnot (?:our|a) (?:business|matter for)\b|\bnot in a position to\b"
        r"|\bcompetent authorities\b|\bquestion (?:should be|is better) (?:directed|put|addressed) to\b",
    ),
    (
        "threat",
        r"\bcounter-?measures?\b|\bnecessary measures\b|\bresolute(?:ly)? (?:measures|response)\b"
        r"|\bfirmly (?:respond|retaliate|safeguard|defend)\b"
        r"|\bwill (?:respond|retaliate|react)(?: firmly| resolutely| accordingly)?\b"
        r"|\b(?:bear|face)\s+(?:the\s+|all\s+)?[\"“‘']?(?:consequences|responsibility)\b|\breserves? the right to\b"
        r"|\bwill not sit idly by\b|\breciprocal measures\b",
    ),
    (
        "rejection",
        r"\bbaseless\b|\bgroundless\b|\bunfounded(?:ly)?\b|\bslander\w*|\bsmear\w*|\bdefam\w+"
        r"|\bfabricat\w+|\bdisinformation\b|\bmisinformation\b|\b(?:spread\w*|tell\w*|told|peddl\w+|outright|blatant|pure) lies\b"
        r"|\blies about\b|\b(?:are|were|is|was)\s+(?:\w+\s+)?lies\b|\brumou?rs?\b|\bfalse(?:hoods?)?\b|\buntrue\b|\bnonsense\b|\babsurd\b"
        r"|\bridiculous\b|\bpure fiction\b|\bfake news\b|\bstigmati[sz]\w*|\bhyp(?:e|ing)\b"
        r"|\bsensationali[sz]\w*|\bdenigrat\w+|\bvilif\w+|\bdemoni[sz]\w+|\bpolitici[sz]\w+"
        r"|\birresponsible (?:comments?|remarks?|accusations?|statements?)\b|\bso-called\b|\bbiased\b"
        r"|\bmalicious\w*|\bdenounc\w+|\breject\w*|\bdismiss\w*|\brefut\w+|\brebut\w*"
        r"|\bwithout (?:any )?(?:basis|evidence|foundation)\b|\bno (?:factual )?basis\b"
        r"|\bno (?:evidence|proof)\b|\bnot true\b",
    ),
    (
        "protest",
        r"\b(?:stern|solemn|strong) representations\b|\bstrong(?:ly)? (?:dis)?satisf\w+|\bstrongly dissatisf\w+"
        r"|\bstrong (?:protests?|opposition|indignation)\b|\blodged (?:an? )?(?:\w+ )?(?:protests?|complaints?)\b"
        r"|\bprotests?\b|\bstrongly (?:deplor|condemn|oppos)\w*|\bcondemn\w*|\bdeplor\w+|\boutrage[ds]?\b"
        r"|\bsummon\w* (?:the |its |his |her )?(?:\w+ )?(?:ambassador|envoy|diplomats?|charg[ée])",
    ),
    (
        "denial",
        r"\bden(?:y|ies|ied|ying|ial)\b|\bdisput(?:es|ed|ing)\b|\babid(?:e|es|ed|ing) by\b"
        r"|\b(?:in accordance|in line|consistent) with (?:international )?law|\baccording to (?:the )?law\b"
        r"|\brespect\w* (?:international law|the law|the sovereignty|(?:the )?judicial sovereignty)"
        r"|\bnever\b|\b(?:not|no) (?:interest\w*|involved|intention|plan)\b|\bnothing to do with\b"
        r"|\bnot linked\b|\bunrelated\b|\boppos\w+ (?:any )?(?:attempt to |interference|interfering)"
        r"|\b(?:will|would|does|do|did) not interfere\b|\bnon-interference\b"
        r"|\b(?:normal|legitimate|lawful) (?:duties|functioning|activities|operations|work)\b",
    ),
    (
        "acknowledgement",
        r"\bconfirm\w*|\backnowledg\w+|\badmit\w*|\bconced\w+",
    ),
]
KIND_PHRASES = [(kind, alternation(source, _I)) for kind, source in _KIND_PHRASES]
#: Any of them: where none is, no kind need be looked for one by one.
ANY_KIND_PHRASE = alternation("|".join(source for _, source in _KIND_PHRASES), _I)
KIND_ORDER = [kind for kind, _ in KIND_PHRASES]

#: "Stop smearing": an order to stop, which is a counter-accusation when it names the accuser.
STOP_ORDER = alternation(r"\b(?:stop|cease|quit|refrain from|put an end to)\s+\w+ing\b", _I)
#: "This is not the case": Beijing rejecting, or anyone else contradicting Beijing.
CONTRADICTION = alternation(
    r"\b(?:is|was|has|have|had)\s+not\s+(?:always\s+)?(?:been\s+)?the case\b|\bis not true\b", _I
)

# ---------------------------------------------------------------- allegations in the narrator's voice

#: The narrator reports a charge without owning it.
HEDGE = alternation(
    r"\ballegedly\b|\b(?:the|an?|of|over|citing|for|on|about|into|these|its|his|her|their)\s+alleged\b"
    r"|\b(?:is|are|was|were|has been|have been|had been)\s+(?:said|believed|thought|suspected|reported|accused|alleged)\s+(?:to|of)\b"
    r"|\breportedly\b|\bsuspected of\b|\bpurportedly\b|\bin (?:apparent |alleged |possible )?(?:retaliation|reprisal)\b",
    _I,
)
#: "allegations that …", "accusations of …": a charge named as a noun.
NOMINAL = Twinned(
    re.compile(
        r"\b(?P<noun>allegations?|accusations?|claims?|reports?|concerns?|suspicions?|charges?|fears?)"
        r"\s+(?P<prep>that|of|about|regarding|over)\b",
        _I,
    )
)
#: Words before such a noun that point back at a charge already reported ("these allegations").
ANAPHORIC = frozenset(
    [
        "the",
        "these",
        "those",
        "such",
        "this",
        "that",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "any",
        "all",
    ]
)
#: "These allegations were mentioned in leaks … from sources in X": who made them.
SOURCE_OF_CHARGES = re.compile(
    r"(?:These|The|Those|Such)\s+(?:allegations|accusations|claims|reports)\s+(?:were|was|have been|had been|are|came|come|originated)\b"
    r"[^.]*?\b(?:mentioned|made|raised|levell?ed|reported|revealed|published|leaked|contained|came|come|originated|surfaced)\b"
    r"[^.]*?\b(?:from|by)\b",
    _I,
)
#: Sanctions are an allegation when the text gives the charge behind them.
JUSTIFIED = alternation(
    r"\b(?:citing|over|for|because of|in response to)\s+(?:\w+\s+){0,3}?(?:alleged|reported|suspected|human rights|abuses|violations|repression|interference)",
    _I,
)

# ---------------------------------------------------------------- what the words are about

#: Wrongdoing a statement can charge someone with.
WRONGDOING = alternation(
    r"\binterfer\w*|\bmeddl\w*|\bintimidat\w*|\bharass\w*|\bcoerc\w*|\brepress\w*|\bpersecut\w*"
    r"|\bgenocide\b|\bcrimes? against humanity\b|\bforced (?:labou?r|sterili[sz]ations?)\b|\bre-education\b"
    r"|\barbitrar\w+|\bespionage\b|\bspy(?:ing)?\b|\bspie[sd]\b|\bhack\w*"
    r"|\bcyber-?attacks?\b|\bsurveil\w*|\bdisinformation\b|\binfluence operations?\b|\bcovert\b"
    r"|\billegal\b|\billicit\b|\bviolat\w+|\babuses\b|\btortur\w+|\btarget(?:ed|ing)\b"
    r"|\bthreaten\w*|\bvictims?\b|\breprisal\b|\bretaliat\w+|\bhostages?\b|\bkidnap\w*|\bbrib\w+"
    r"|\bundermin\w+|\bsmear\w*|\bslander\w*",
    _I,
)
#: Words of worry that make a mention of the other side an allegation.
CONCERN = alternation(
    r"\bconcern\w*|\bworr\w+|\balarm\w*|\btroubl\w+|\baware of\b|\bseriously\b", _I
)
#: Words that refer to a charge: a reply speaking of "the allegations" is about them.
CHARGE_WORDS = alternation(
    r"\b(?:allegations?|accusations?|claims?|reports?|so-called|legitimate|lawful)\b", _I
)
NEGATION = alternation(r"\bnot\b|\bnever\b|\bno\b|n['’]t\b|\bnothing\b", _I)

#: Topic vocabulary (fixtures/README.md), most specific first.
_TOPICS: list[tuple[str, str, int]] = [
    (
        "police stations",
        r"\bpolice stations?\b|\boverseas (?:police )?(?:stations?|posts?)\b|\bservice (?:stations|posts|centres|centers)\b|\bstations\b",
        _I,
    ),
    (
        "election interference",
        r"\belection\w*|\belectoral\b|\bnominat\w+|\bballot",
        _I,
    ),
    (
        "intimidation of mp",
        r"\b(?:intimidat|threat|target|pressure|harass)\w*\b.{0,80}?\b(?:MP|MK|deputy|parliamentarian|lawmaker|Member of Parliament)\b"
        r"|\b(?:MP|MK|deputy|parliamentarian|lawmaker)\b.{0,80}?\b(?:intimidat|pressure|target|harass)\w*",
        0,
    ),
    (
        "xinjiang",
        r"\bXinjiang\b|\bU[iy]gh?urs?\b|\bre-education camps?\b|\bvocational (?:training|education)\b|\bforced (?:labou?r|sterili)|\bgenocide\b",
        _I,
    ),
    ("tibet", r"\bTibet\w*", _I),
    ("falun gong", r"\bFalun Gong\b", _I),
    (
        "transnational repression",
        r"\btransnational repression\b|\bfox hunt\b|\bsky net\b|\bpersecut\w+|\bdiaspora\b|\bdissidents?\b|\bsuspects wanted\b|\bagents abroad\b",
        _I,
    ),
    ("detentions", r"\bdetain\w*|\bdetention\w*|\bimprison\w*|\bhostage\b", _I),
    (
        "disinformation",
        r"\bdisinformation\b|\bmisinformation\b|\bpropaganda\b|\bfake news\b",
        _I,
    ),
    ("diplomatic visa", r"\bvisas?\b", _I),
    ("human rights", r"\bhuman rights\b", _I),
    (
        "foreign interference",
        r"\binterfer\w*|\bmeddl\w*|\binternal affairs\b|\bespionage\b|\bspies\b|\binfluence\b",
        _I,
    ),
    ("consular conduct", r"\bconsul\w*|\bdiplomats?\b", _I),
]
TOPICS = [(topic, alternation(source, flags)) for topic, source, flags in _TOPICS]
#: Any topic's words: where there are none, no topic need be tried one by one.
ANY_TOPIC = alternation(
    "|".join(f"(?i:{source})" if flags & _I else source for _, source, flags in _TOPICS)
)

# ---------------------------------------------------------------- dates as written

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
#: Date phrases by how precisely they place a statement, most precise first.
DATE_PHRASES: list[re.Pattern[str]] = [
    alternation(
        rf"\b(?:(?:on|last|this past)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?(?:\s*\(\s*{_MONTH_ABBR}\s+\d{{1,2}}\s*\))?"
    ),
    alternation(rf"\b(?:on\s+)?{_MONTH_ABBR}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b(?!:)"),
    alternation(r"\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening))\b", _I),
    alternation(
        r"\b(?:(?:last|this past|earlier this|this)\s+(?:week|month|year)|(?:last|this past)\s+(?:spring|summer|fall|autumn|winter)"
        r"|(?:\d+|an?|one|two|three|four|five|six)\s+(?:days?|weeks?|months?|years?)\s+ago)\b",
        _I,
    ),
    alternation(rf"\b(?:(?:last|this past)\s+{_MONTH_FULL}|(?:in\s+)?{_MONTH_FULL}\s+\d{{4}})\b"),
    alternation(r"\b(?:in\s+)?(?:19|20)\d{2}\b(?![-–]\d)"),
]
#: "in a statement" introduces a source; "in the statement" refers back to it.
SOURCE_NOUN = r"statement|email|e-mail|interview|letter|release|news release|post|briefing|press conference|transcript"
SOURCE_INTRODUCED = re.compile(
    rf"\b(?:in|from|via|through|during)\s+an?\s+(?:\w+\s+)?({SOURCE_NOUN})\b", _I
)
SOURCE_REFERRED = re.compile(rf"\b(?:in|from|during)\s+the\s+(?:same\s+)?({SOURCE_NOUN})\b", _I)
PERFECT = re.compile(
    r"\b(?:has|have|had)\s+(?:(?:\w+ly|also|long|since|previously|been|not)\s+)*\S+(?:\s+sanctions)?$",
    _I,
)

# ---------------------------------------------------------------- who is who

PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "thing"}
#: "the spokeswoman", "the embassy": the kinds of actor such a phrase refers back to.
NOMINAL_KINDS: dict[str, tuple[str, ...]] = {
    "spokeswoman": ("spokesperson",),
    "spokesman": ("spokesperson",),
    "spokesperson": ("spokesperson",),
    "minister": ("minister", "prime-minister"),
    "foreign minister": ("minister",),
    "prime minister": ("prime-minister",),
    "premier": ("prime-minister",),
    "ministry": ("ministry",),
    "foreign ministry": ("ministry",),
    "embassy": ("embassy",),
    "consulate": ("consulate",),
    "ambassador": ("diplomat",),
    "envoy": ("diplomat",),
    "diplomat": ("diplomat",),
    "mp": ("mp",),
    "lawmaker": ("mp",),
    "parliamentarian": ("mp",),
    "legislator": ("mp",),
    "police": ("police",),
    "force": ("police",),
    "agency": ("agency",),
    "service": ("agency",),
    "newspaper": ("media",),
    "daily": ("media",),
    "paper": ("media",),
    "outlet": ("media",),
    "broadcaster": ("media",),
    "organization": ("ngo",),
    "organisation": ("ngo",),
    "group": ("ngo",),
    "government": ("state",),
}
NOMINAL_SUBJECT = re.compile(
    r"\b(?:the|The)\s+(" + "|".join(sorted(NOMINAL_KINDS, key=len, reverse=True)) + r")\b", _I
)
PRONOUN_SUBJECT = re.compile(r"\b(he|she|they|it|He|She|They|It)\b")
#: "Chinese officials", "Canadian authorities": a nationality and an organ of state.
STATE_NOUNS = (
    r"government|authorities|officials?|state|side|diplomats?|diplomacy|intelligence|agents?|police"
    r"|operatives?|pressure|interference|influence|meddling|espionage|spies|hackers|security services?"
    r"|regime|leaders?|leadership|military|army|forces|agencies|agency|interests|state media|actors?|proxies"
)
DEMONYMS = {
    "Chinese": "China",
    "Canadian": "Canada",
    "American": "United States",
    "British": "United Kingdom",
}
DEMONYM_MENTION = Twinned(
    re.compile(r"\b(" + "|".join(DEMONYMS) + r")\s+(?:" + STATE_NOUNS + r")\b")
)
#: Words of place: "in Ottawa", "to Beijing" name a city, not a government.
LOCATIVE = re.compile(
    r"(?:\b(?:in|at|to|from|visited|visit|visiting|near|across|around|outside|inside|throughout)\s+)$",
    _I,
)

#: Cues that place a new actor on a side (issue: "Chinese", "Beijing", "China's embassy",
#: "Canadian", "Ottawa", "MP", "RCMP", "CSIS").
SIDE_CUES: dict[str, re.Pattern[str]] = {
    "beijing": re.compile(
        r"\bChin(?:a|ese)\b|\bBeijing\b|\bPRC\b|\bCommunist Party\b|\bXinhua\b|\bGlobal Times\b|\bPeople['’]s (?:Daily|Republic|Liberation)"
    ),
    "ottawa": re.compile(
        r"\bCanad(?:a|ian)\b|\bOttawa\b|\bMPs?\b|\bRCMP\b|\bCSIS\b|\bMember of Parliament\b|\bConservative\b|\bLiberal\b"
        r"|\bNDP\b|\bBloc\b|\b[Ss]enator\b|\bGlobal Affairs\b|\bPublic Safety\b|\bHouse of Commons\b|\bMounties\b"
        r"|\bPrime Minister['’]s Office\b|\bPMO\b|\bParliament Hill\b|\bPrivy Council\b"
    ),
}
#: Title words that say what kind of actor a new name is.
ACTOR_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("spokesperson", re.compile(r"\bspokes(?:wo)?man\b|\bspokesperson\b", _I)),
    ("prime-minister", re.compile(r"\bprime minister\b|\bpremier\b", _I)),
    ("minister", re.compile(r"\bminister\b", _I)),
    ("diplomat", re.compile(r"\bambassador\b|\benvoy\b|\bconsul\b|\bdiplomat\b", _I)),
    (
        "mp",
        re.compile(
            r"\bMPs?\b|\blawmaker\b|\bparliamentarian\b|\bMember of Parliament\b|\b[Ss]enator\b"
        ),
    ),
    (
        "police",
        re.compile(
            r"\bRCMP\b|\bpolice\b|\bSgt\b|\bSergeant\b|\bofficer\b|\bsuperintendent\b|\binspector\b",
            _I,
        ),
    ),
    (
        "media",
        re.compile(
            r"\bnewspaper\b|\bdaily\b|\boutlet\b|\bbroadcaster\b|\bjournalist\b|\breporter\b|\beditor\b"
            r"|\b(?:News|Times|Post|Press|Star|Herald|Journal|Tribune|Gazette|Sun|Telegraph|Guardian|Mail|Observer|Globe|Chronicle|Magazine|Radio|TV|Television|Broadcasting)\b"
        ),
    ),
    (
        "ngo",
        re.compile(
            r"\borganization\b|\borganisation\b|\bgroup\b|\bNGO\b|\badvocacy\b|\bwatchdog\b|\bInternational\b|\bWatch\b|\bFoundation\b|\bCoalition\b|\bAlliance\b",
            _I,
        ),
    ),
    (
        "researchers",
        re.compile(
            r"\bresearcher\b|\bprofessor\b|\banalyst\b|\bexpert\b|\bscholar\b|\binstitute\b|\buniversity\b|\bthink tank\b|\bcent(?:er|re)\b",
            _I,
        ),
    ),
    ("ministry", re.compile(r"\bMinistry\b|\bDepartment\b")),
    ("embassy", re.compile(r"\bEmbassy\b|\bConsulate\b")),
    ("agency", re.compile(r"\bAgency\b|\bService\b|\bCommission\b|\bCommittee\b|\bOffice\b")),
]
#: Media that speak for a state: Beijing's when Chinese ("Global Times", "state media").
STATE_MEDIA = re.compile(
    r"\bXinhua\b|\bGlobal Times\b|\bPeople['’]s Daily\b|\bCGTN\b|\bChina Daily\b|\bCCTV\b"
    r"|\bstate(?:-run|-owned| media| broadcaster| news agency)",
    _I,
)
#: Kinds whose members speak for themselves, whatever their nationality.
NEUTRAL_KINDS = frozenset({"media", "ngo", "researchers"})
#: Words between a speaker and the verb: "China on Friday accused", "Beijing has also said".
AUXILIARIES = _words(
    """has have had also previously repeatedly again then would will did does do once long
    since earlier later today yesterday tonight on this last week night morning afternoon
    evening been is are was were reportedly publicly first now still monday tuesday
    wednesday thursday friday saturday sunday"""
)
#: Titles before a name: "NDP MP Jenny Kwan" is Jenny Kwan.
TITLES = _words(
    """MP MPs Senator Sen Rep Deputy Chief Director Commissioner Superintendent Inspector
    Officer Secretary General Colonel Gen Lieutenant Captain Professor Prof Dr Mr Mrs Ms Miss
    Premier President Ambassador Consul Envoy Spokesperson Spokesman Spokeswoman Minister
    Prime Sergeant Sgt Cpl Constable Leader Chair Chairman Chairwoman Justice Judge"""
)
#: Capitalised words that open a sentence or a clause but never start a name.
NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "At",
        "On",
        "But",
        "And",
        "Asked",
        "According",
        "Citing",
        "However",
        "Meanwhile",
        "Earlier",
        "Later",
        "Last",
        "This",
        "That",
        "These",
        "Those",
        "Sources",
        "Speaking",
        "Responding",
        "Asked",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "As",
        "If",
        "Although",
        "Under",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "Its",
        "Their",
        "His",
        "Her",
        "Our",
        "Foreign",
        "Ministry",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Minister",
        "Prime",
        "President",
        "Premier",
        "Ambassador",
        "Sergeant",
        "Sgt",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Chinese",
        "Canadian",
        "American",
        "British",
        "Conservative",
        "Liberal",
        "Independent",
    ]
)
