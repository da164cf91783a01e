"""The layout of a raw scraped article: headline, body paragraphs, sentences, quotations,
and the publication facts the text states about itself.

Scraped news text arrives with navigation junk ("Click to comment", "To see in video",
"source site-39"), section headings, photo captions and datelines ("OTTAWA –"). None of
that is removed from the text: every piece of the layout is a span (start, end) into the
original string, so a quote taken from a sentence is an exact substring of what was
scraped and its offsets index the original text.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from claimtrack.dates import MONTH_NAME, PartialDate, parse_date
from claimtrack.extract import folding

#: Whole lines that are site furniture, not article text (matched case-insensitively).
_BOILERPLATE = re.compile(
    r"""^\W*(?:
        to\ see\ in\ video | watch(?:\ the)?\ video.* | source\ site-?\w* | click\ to\ comment
      | leave\ a\ (?:reply|comment) | your\ email\ address\ will\ not\ be\ published.*
      | required\ fields\ are\ marked.* | connect\ with\ us | share(?:\ this(?:\ (?:article|story|page|post))?)?(?:\ (?:on|via)\ .*)?
      | advertisement | sponsored(?:\ content)? | read\ (?:more|next|also).* | related(?:\ (?:articles|stories|coverage))?:?.*
      | (?:sign\ up|subscribe)\b.* | follow\ us\b.* | (?:copyright|©).* | all\ rights\ reserved.*
      | (?:photo|image|video|file\ photo)(?:\ credit)?\s*:.* | listen\ to\ (?:this|the)\ (?:article|story).*
      | \d+\ min(?:ute)?s?\ read | comments?(?:\ \(\d+\))? | skip\ to\ (?:main\ )?content
      | (?:watch|listen|video|audio|more|read|related)\s*\|.*
      | (?:facebook|twitter|x|linkedin|email|print|whatsapp|reddit)(?:\W+(?:facebook|twitter|x|linkedin|email|print|whatsapp|reddit))*
      | (?:log\ ?in|sign\ in|register|menu|search|home|top\ stories|trending(?:\ now)?)
      | (?:updated|posted|published)\b.{0,40}
    )\W*$""",
    re.I | re.X,
)
#: A photo credit such as "THE CANADIAN PRESS/Nathan Denette" or "(AP Photo/…)".
_CREDIT = re.compile(
    r"\b[A-Z][A-Z .&]{2,}/\s?[A-Z][\w.]+(?: [A-Z][\w.'-]+)*\s*\)?\s*$|\((?:AP|Reuters|AFP|Getty|File)[^)]*Photo[^)]*\)|\bGetty Images\b"
)
#: What every credit holds one of (a slash, "Photo" in brackets, "Getty Images"): a line
#: with none is passed over without a search.
_CREDIT_MARKS = ("/", "Photo", "Getty Images")
DATE_TEXT = rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{MONTH_NAME}\s+\d{{4}})"
#: Where a text states its own date, most explicit first.
_PUBLISHED = (
    re.compile(rf"\b(?:first\s+)?published(?:\s+on)?\s*:?\s*(?P<date>{DATE_TEXT})", re.I),
    re.compile(
        rf"^[ \t]*(?:date|dated|posted|updated|published)\s*:?\s*(?P<date>{DATE_TEXT})", re.I | re.M
    ),
    re.compile(rf"^[ \t]*(?P<date>{DATE_TEXT})\b", re.M),
    # A date in a short line of the header ("Source: Xinhua | 2019-01-21").
    re.compile(rf"\A(?:[^\n]*\n){{0,4}}?[^\n]{{0,60}}?(?P<date>{DATE_TEXT})[^\n]{{0,20}}$", re.M),
)
#: Where a text names its outlet: "This report by X was first published", or a line
#: opening on an agency in brackets ("OTTAWA (Reuters)"). Two patterns, each searched
#: only when the text holds what it needs: "This" opens the first one, which lets the
#: regex engine skip from one "This" to the next (the look-behind after it is `\b`).
_OUTLET_BY = re.compile(
    r"This(?<!\wThis) (?:report|article|story) (?:by|from) (?P<outlet>[A-Z][\w&.'’ -]{1,60}?)"
    r" was (?:first )?published"
)
_OUTLET_AGENCY = re.compile(r"^[A-Z][A-Za-z0-9 ,.]*\((?P<agency>Reuters|AP|AFP|CP|Xinhua)\)", re.M)
#: The agencies in brackets, one of which a line of `_OUTLET_AGENCY` holds.
_AGENCY_MARKS = tuple(f"({agency})" for agency in ("Reuters", "AP", "AFP", "CP", "Xinhua"))
_AGENCIES = {
    "AP": "The Associated Press",
    "AFP": "Agence France-Presse",
    "CP": "The Canadian Press",
    "Reuters": "Reuters",
    "Xinhua": "Xinhua",
}
#: A line that opens with date metadata: "date 2024-12-11 OTTAWA — …".
_DATE_PREFIX = re.compile(
    rf"^\s*(?:(?:date|dated|posted|updated|published)\s*:?\s*)?{DATE_TEXT}\s*[-—–|:]?\s*", re.I
)
#: A dateline at the start of a paragraph: "OTTAWA –", "(Ottawa)", "BEIJING (Reuters) -".
_DATELINE = re.compile(
    r"\s*(?:\([A-Z][A-Za-z .'-]{1,30}\)|[A-Z][A-Z.'/-]{2,}(?:[ ,]+[A-Z0-9][A-Za-z0-9.'/-]*){0,4}(?:\s*\([A-Za-z ]+\))?\s*[—–-]{1,2})\s*"
)
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sgt",
        "sen",
        "rep",
        "gen",
        "col",
        "lt",
        "capt",
        "cpl",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "gov",
        "hon",
        "rt",
        "mt",
        "ont",
        "que",
        "alta",
        "sask",
        "man",
        "nfld",
        "approx",
        "dept",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
#: A stop, or an ellipsis, then closing marks. (One class of characters first, and the
#: rest of an ellipsis after it when a single full stop is not followed by a space: a
#: pattern that opens on a class lets the regex engine skip to the next stop at once.)
_SENTENCE_END = re.compile(r"[.!?…](?:(?<=\.)\.\.)??[”\"’')\]]*(?=\s)")
#: Parsing goes through dateutil, slowly; a batch's articles repeat their dates.
_parse_date = functools.lru_cache(maxsize=1024)(parse_date)
_LINE = re.compile(r"[^\n]+")
_METADATA = re.compile(r"\bThis (?:report|article|story) (?:by|from) .* published")
#: What every metadata line holds: a line without it is passed over without a search.
_METADATA_MARK = "This "
#: How a line of text (not a heading) ends.
_TEXT_ENDS = (".", "!", "?", ":", "”", '"')
_NOT_SPACE = re.compile(r"\S")
_WORD_BEFORE_STOP = re.compile(r"([\w.]+)\.$")
_INITIAL = re.compile(r"[a-z]")
_LETTER = re.compile(r"[^\W\d_]")
_ATTRIBUTION = re.compile(r"(?:[A-Z][\w’'-]+\s+){1,4}(?:said|asked|told|added|says|asks)\b")
#: Quotation marks; a doubled apostrophe ('') stands for a straight double quote.
#: (One class first, then the second apostrophe of a doubled one: see _SENTENCE_END.)
_QUOTE_MARK = re.compile(r"[“”\"'](?:(?<=')'|(?<=[“”\"]))")
_OPEN_QUOTES = '“"'
_CLOSE_QUOTES = '”"'


@dataclass
class Paragraph:
    """One line of body text (or several, when a scraper wrapped it), as a span."""

    start: int
    end: int
    index: int


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class Layout:
    """What the text is made of, all as spans into the original text."""

    text: str
    title: str | None = None
    published: PartialDate | None = None
    published_basis: str | None = None
    outlet: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    skipped: list[tuple[int, int, str]] = field(default_factory=list)

    @functools.cached_property
    def _quote_bounds(self) -> tuple[list[int], list[int]]:
        """The quotations' starts and ends, for bisection (taken at first use, once
        read_layout has found them all): found in text order, never overlapping, they
        make two sorted lists."""
        return [q0 for q0, _ in self.quotes], [q1 for _, q1 in self.quotes]

    def in_quote(self, position: int) -> bool:
        """Is this offset inside a quotation (between its marks)?"""
        starts, ends = self._quote_bounds
        last = bisect_left(starts, position) - 1  # the last quotation opening before it
        return last >= 0 and position < ends[last]

    def quotation_at(self, position: int) -> tuple[int, int] | None:
        """The quotation whose marks enclose this offset (its opening mark included)."""
        starts, ends = self._quote_bounds
        last = bisect_right(starts, position) - 1
        return self.quotes[last] if last >= 0 and position < ends[last] else None

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quotations that overlap text[start:end], in text order."""
        starts, ends = self._quote_bounds
        return self.quotes[bisect_right(ends, start) : bisect_left(starts, end)]


def read_layout(text: str) -> Layout:
    """Find the headline, the body paragraphs, their sentences and quotations, and what
    the text says about its own publication (date, outlet)."""
    layout = Layout(text)
    _find_publication(layout)
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    body: list[tuple[int, int]] = []
    seen_body = False
    for start, end in lines:
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        reason = _junk_reason(stripped)
        first_text = (
            not seen_body and layout.title is None and reason in (None, "heading", "caption")
        )
        if first_text and not _DATE_PREFIX.match(line) and not _DATELINE.match(line):
            # The first line of text is the headline (with its photo caption, if any).
            _take_headline(layout, start, end)
            continue
        if reason:
            layout.skipped.append((start, end, reason))
            continue
        seen_body = True
        prefix = _DATE_PREFIX.match(line)
        start += prefix.end() if prefix else 0
        if body and _continues(text, body[-1], start):
            body[-1] = (body[-1][0], end)
        else:
            body.append((start, end))
    for index, (start, end) in enumerate(body):
        dateline = _DATELINE.match(text, start, end)
        if dateline and dateline.end() < end:
            layout.skipped.append((start, dateline.end(), "dateline"))
            start = dateline.end()
        start, end = _strip(text, start, end)
        layout.paragraphs.append(Paragraph(start, end, index))
        layout.quotes.extend(_quotations(text, start, end))
        for s0, s1 in split_sentences(text, start, end):
            layout.sentences.append(Sentence(s0, s1, index))
    return layout


#: The most words a heading has.
HEADING_WORDS = 6


def _junk_reason(line: str) -> str | None:
    if _BOILERPLATE.match(line):
        return "boilerplate"
    if any(mark in line for mark in _CREDIT_MARKS) and _CREDIT.search(line):
        return "caption"
    if _METADATA_MARK in line and _METADATA.search(line):
        return "metadata"
    # A heading is six words at most: a longer line is split no further than a seventh.
    if (
        not line.endswith(_TEXT_ENDS)
        and line[0] not in _OPEN_QUOTES
        and len(line.split(None, HEADING_WORDS)) <= HEADING_WORDS
    ):
        return "heading"
    return None


def _take_headline(layout: Layout, start: int, end: int) -> None:
    """The title is the headline line's first sentence (a caption may follow it)."""
    text = layout.text
    start, end = _strip(text, start, end)
    sentences = split_sentences(text, start, end)
    first = sentences[0] if sentences else (start, end)
    layout.title = text[first[0] : first[1]]
    layout.skipped.append((start, end, "headline"))


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    """A line a scraper wrapped: the last one did not end a sentence and this one goes on
    in lower case."""
    tail_start, tail_end = _strip(text, *previous)  # not a copy: the paragraph may be long
    head = text[start : start + 40].lstrip()
    return (
        tail_end > tail_start
        and bool(head)
        and text[tail_end - 1] not in '.!?:”"'
        and head[0].islower()
    )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding white space (a byte-order mark counts as space: it
    must never reach a title or a quote)."""
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _find_publication(layout: Layout) -> None:
    text = layout.text
    low = folding.folded(text)
    for pattern in _PUBLISHED:
        if pattern is _PUBLISHED[0] and low is not None and "published" not in low:
            continue  # no "published" in any case: the first pattern cannot match
        for match in pattern.finditer(text):
            try:
                published = _parse_date(match.group("date"))
            except ValueError:
                continue
            if published.precision != "day":
                continue
            line_start = text.rfind("\n", 0, match.start("date")) + 1
            line_end = text.find("\n", match.end("date"))
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            # "This report … was first published March 23, 2023." is worth quoting whole.
            words = match.group(0) if pattern in _PUBLISHED[1:3] else line
            layout.published = published
            layout.published_basis = "explicit: " + " ".join(words.split())
            break
        if layout.published:
            break
    layout.outlet = _outlet(text)


def _outlet(text: str) -> str | None:
    """The outlet the text names first, by a report's line or an agency's dateline (at
    the same place, the report's line)."""
    by = _OUTLET_BY.search(text) if "This " in text else None
    agency = _OUTLET_AGENCY.search(text) if any(m in text for m in _AGENCY_MARKS) else None
    if agency and not (by and by.start() <= agency.start()):
        return _AGENCIES[agency["agency"]]
    return by["outlet"] if by else None


def abbreviation_before(text: str, stop: int, start: int = 0) -> bool:
    """Is the full stop at `stop` the end of an abbreviation ("Ms.", "Sgt.", "U.S.") or an
    initial, not of a sentence? `start`: where the text to look back into begins."""
    word = _WORD_BEFORE_STOP.search(text[max(start, stop - 12) : stop + 1])
    if not word:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or bool(_INITIAL.fullmatch(token))


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end] as spans.

    A full stop ends a sentence when the next word starts with a capital, a digit or an
    opening quote, and the word before it is not an abbreviation ("Sgt.", "U.S.") or an
    initial. An ellipsis followed by lower case goes on. A fragment with no letters (a
    stray quote mark after a quotation) joins the sentence before it.
    """
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        # The next word, found without copying the rest of the paragraph (long scraped
        # paragraphs would make that quadratic).
        after = _NOT_SPACE.search(text, stop, end)
        if not after:
            continue
        first = text[after.start()]
        if not (first.isupper() or first.isdigit() or first in _OPEN_QUOTES + "‘'(["):
            continue
        if (
            match.group(0).startswith(".")
            and not match.group(0).startswith("...")
            and abbreviation_before(text, match.start(), cursor)
        ):
            continue
        if (
            match.group(0)[0] in "?!"
            and match.group(0)[-1] in _CLOSE_QUOTES
            and _attribution_follows(text, after.start(), end)
        ):
            continue
        spans.append(_strip(text, cursor, stop))
        cursor = stop
    if cursor < end:
        spans.append(_strip(text, cursor, end))
    merged: list[tuple[int, int]] = []
    for s0, s1 in spans:
        if s1 <= s0:
            continue
        if merged and not _LETTER.search(text, s0, s1):
            merged[-1] = (merged[-1][0], s1)
        else:
            merged.append((s0, s1))
    return merged


def _attribution_follows(text: str, start: int, end: int) -> bool:
    """“Why now?” Mao asked. — the question is not a sentence of its own."""
    return bool(_ATTRIBUTION.match(text, start, end))


def _quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Double-quoted passages of a paragraph, marks included. Curly quotes pair by
    direction; straight ones alternate; a quotation left open runs to the paragraph's
    end, as in a quote that continues in the next paragraph."""
    spans = []
    opened: int | None = None
    for mark in _QUOTE_MARK.finditer(text, start, end):
        i, char = mark.start(), mark.group(0).replace("''", '"')
        if char == "“" or (char == '"' and opened is None):
            if opened is None:
                opened = i
        elif (char == "”" or char == '"') and opened is not None:
            spans.append((opened, mark.end()))
            opened = None
    if opened is not None and end - opened > 2:
        spans.append((opened, end))
    return spans
