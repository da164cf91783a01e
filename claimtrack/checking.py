"""Checking one input record's fields: what each field must hold, and messages that say,
for the file and line a record came from, which field is wrong and what was expected.

The functions here know the record formats and the vocabulary, and nothing of the
database or of the rest of the load: the loader (claimtrack.load) hands them a record
and, where a field names something, the means to look it up (the actor a name means,
the text of the statement's article).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from claimtrack.actors import Actor
from claimtrack.dates import PartialDate, parse_date, resolve_phrase
from claimtrack.model import (
    ACTOR_FIELDS,
    ANNOTATION_FIELDS,
    REPLY_KINDS,
    ROLES,
    SIDES,
    ClaimtrackError,
    misplaced_quote,
)
from claimtrack.reading import Record, quoted, read_text


def require_object(record: Record, what: str) -> dict[str, Any]:
    if not isinstance(record.data, dict):
        raise record.fail(
            None, f"expected a JSON object ({what}), got {type(record.data).__name__}"
        )
    return record.data


def declaration(data: dict[str, Any]) -> tuple:
    """What an actor declaration says, for telling a repeat from a contradiction."""
    aliases = data.get("aliases") or []
    if isinstance(aliases, list):
        aliases = tuple(dict.fromkeys(a for a in aliases if isinstance(a, str)))
    return tuple(data.get(k) for k in ("name", "side", "kind", "parent")) + (aliases,)


def known_fields(record: Record, allowed: frozenset[str]) -> None:
    if allowed.issuperset(record.data):
        return
    import difflib

    for name in record.data:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise record.fail(name, f"unknown field{hint}")


def unicode_text(record: Record, name: str, value: str) -> str:
    """The value, if SQLite can store it: JSON escapes can make lone surrogates, which
    are not Unicode text (never in a `plain` record)."""
    if not (record.plain or value.isascii()):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise record.fail(
                name, f"not valid Unicode text (unpaired surrogate at character {exc.start})"
            ) from None
    return value


def text_field(record: Record, name: str, required: bool = False) -> str | None:
    value = record.data.get(name)
    if (
        type(value) is str
        and (record.plain or value.isascii())
        and (not required or value and not value.isspace())
    ):
        return value
    if value is None:
        if required:
            raise record.fail(name, "missing; expected a non-empty string")
        return None
    if not isinstance(value, str):
        raise record.fail(name, f"expected a string, got {type(value).__name__} {value!r}")
    if required and (not value or value.isspace()):
        raise record.fail(name, "empty; expected a non-empty string")
    return unicode_text(record, name, value)


def choice_field(record: Record, name: str, choices: tuple[str, ...], required: bool) -> str | None:
    value = text_field(record, name, required)
    if value is None or value in choices:
        return value
    raise record.fail(name, f"expected one of {', '.join(choices)}; got {value!r}")


def offset_field(record: Record, name: str) -> int | None:
    value = record.data.get(name)
    if value is None:
        return None
    if record.from_csv and isinstance(value, str):
        digits = value.strip()
        if digits.isascii() and digits.isdigit():
            return int(digits)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise record.fail(name, f"expected a non-negative integer, got {value!r}")
    return value


#: Dates repeat across a corpus (a few thousand days); parsing each once saves most of
#: the date work of a large load.
_parse_date = functools.lru_cache(maxsize=8192)(parse_date)


@functools.lru_cache(maxsize=8192)
def date_span(iso: str) -> tuple[str, str]:
    when = PartialDate(iso)
    return when.first.isoformat(), when.last.isoformat()


@functools.lru_cache(maxsize=4096)
def _topic(topic: str) -> str:
    """Topics compare in lower case with single spaces."""
    return " ".join(topic.lower().split())


@functools.lru_cache(maxsize=8192)
def _resolve(phrase: str, published: str) -> PartialDate | None:
    anchor = (
        date.fromisoformat(published[:10]) if len(published) == 10 else _parse_date(published).last
    )
    return resolve_phrase(phrase, anchor)


def date_field(record: Record, name: str, dayfirst: bool | None = None) -> PartialDate | None:
    value = text_field(record, name)
    if value is None or not value.strip():
        return None
    try:
        return _parse_date(value, dayfirst)
    except ValueError as exc:
        raise record.fail(name, f"expected a date (YYYY-MM-DD, YYYY-MM or YYYY): {exc}") from None


def _text_file_path(record: Record, name: str) -> Path:
    """The article text file a bundle names: a regular file in the bundle's folder or
    below it, once symlinks are followed. A bundle from a scraper or a colleague could
    otherwise load /etc/passwd or /proc/self/environ into the database."""
    folder = record.folder.resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise record.fail(
            "text_file", f"{name!r} is outside the bundle's folder; put the text file beside it"
        )
    if not path.is_file():
        problem = "not a regular file" if path.exists() else "no such file"
        raise record.fail("text_file", f"{problem} {str(folder / name)!r}")
    return path


def fail_at(where: str, field_name: str, expected: str) -> ClaimtrackError:
    return ClaimtrackError(f"{where}: field {quoted(field_name)}: {expected}")


def declared_id(record: Record, what: str, fields: frozenset[str]) -> str:
    """The id of a declared actor or article, once the record is an object of known fields."""
    require_object(record, what)
    known_fields(record, fields)
    return text_field(record, "id", required=True)


def actor_from(record: Record) -> Actor:
    """The actor a declaration describes, its fields checked (its parent is resolved
    later, when every actor of the load is known)."""
    actor_id = declared_id(record, "an actor", ACTOR_FIELDS)
    aliases = record.data.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise record.fail("aliases", "expected a list of strings")
    for alias in aliases:
        unicode_text(record, "aliases", alias)
    return Actor(
        id=actor_id,
        name=text_field(record, "name", required=True),
        side=choice_field(record, "side", SIDES, required=True),
        kind=text_field(record, "kind"),
        parent=text_field(record, "parent"),
        aliases=list(dict.fromkeys(aliases)),
    )


def article_row(record: Record, article_id: str, dayfirst: bool | None = None) -> tuple:
    """The article as a row of store.ARTICLE_ROW, its id as `declared_id` returned it,
    its text read from `text_file` when it is not given inline."""
    text = text_field(record, "text")
    text_file = text_field(record, "text_file")
    if text is None and text_file is None:
        raise record.fail("text", "missing; give the article's text or a text_file")
    if text is None:
        text = unicode_text(
            record, "text_file", read_text(_text_file_path(record, text_file), record=True)
        )
    published = date_field(record, "published", dayfirst)
    return (
        article_id,
        text_field(record, "title"),
        text_field(record, "outlet"),
        text_field(record, "url"),
        published.iso if published else None,
        text_field(record, "published_basis"),
        text,
    )


#: How a CSV cell spells `borderline` (any case); JSON gives true or false.
_CSV_BOOLEANS = {"true": True, "false": False}


def annotations(record: Record, text: str, article_id: str) -> None:
    """Check the evaluation annotations of a gold statement (model.ANNOTATION_FIELDS):
    `borderline` true or false, `note` a string, `alt_quotes` a list of exact quotes
    from the article's text. The database does not keep them; a wrong one is still an
    error, so that a gold file that loads is one the evaluators can read."""
    data = record.data
    borderline = data.get("borderline")
    if borderline is not None and type(borderline) is not bool:
        spelled = borderline.strip().lower() if isinstance(borderline, str) else None
        if not (record.from_csv and spelled in _CSV_BOOLEANS):
            raise record.fail(
                "borderline",
                f"expected true or false, got {type(borderline).__name__} {borderline!r}",
            )
    text_field(record, "note")
    quotes = data.get("alt_quotes")
    if quotes is None:
        return
    if not isinstance(quotes, list):
        raise record.fail(
            "alt_quotes",
            f"expected a list of quotes from the article's text, got {type(quotes).__name__}",
        )
    for n, quote in enumerate(quotes):
        if type(quote) is not str or not quote.strip():
            raise record.fail("alt_quotes", f"item {n}: expected a non-empty string, got {quote!r}")
        unicode_text(record, "alt_quotes", quote)
        if quote not in text:
            raise record.fail(
                "alt_quotes",
                f"item {n} is not in the text of article {article_id!r}; quote it exactly",
            )


def statement_row(
    record: Record,
    article: tuple[str, str, str | None],
    actor_of: Callable[[Record, str, bool], Actor | None],
    dayfirst: bool | None = None,
    unresolved: Callable[[str], None] = lambda phrase: None,
) -> tuple:
    """The statement as a row of store.STATEMENT_ROW, against its article's (id, text,
    published): `actor_of(record, field, required)` resolves the speaker and target,
    `unresolved` hears of a date phrase that gives no date. The checks run in a fixed
    order, so the first problem of a record is the one reported; a field that is
    plainly valid skips the helper that would explain why it is not (most of the time
    of a large load)."""
    article_id, text, published = article
    data = record.data
    role = data.get("role")
    if role not in ROLES:
        role = choice_field(record, "role", ROLES, required=True)
    kind = data.get("kind")
    if kind not in REPLY_KINDS and (kind is not None or role == "response"):
        kind = choice_field(record, "kind", REPLY_KINDS, required=role == "response")
    if role == "allegation" and kind is not None:
        raise record.fail("kind", "an allegation has no reply kind; leave it empty")
    speaker = actor_of(record, "speaker", required=True)
    target = None
    if data.get("target") is not None or role == "allegation":
        target = actor_of(record, "target", required=role == "allegation")
    if kind == "counter-accusation" and target is None:
        raise record.fail("target", "a counter-accusation needs the actor it accuses")
    if data.get("speaker_side") is not None or data.get("target_side") is not None:
        for name, actor in (("speaker_side", speaker), ("target_side", target)):
            side = choice_field(record, name, SIDES, required=False)
            if side and actor and side != actor.side:
                raise record.fail(
                    name,
                    f"{actor.name!r} is on side {actor.side!r} in the registry, not {side!r}",
                )

    # Each text field is taken as it is when it is plainly a string (in a record that can
    # hold no lone surrogate, or in ASCII), else text_field says what is wrong with it.
    plain = record.plain
    quote = data.get("quote")
    if type(quote) is not str or not (plain or quote.isascii()) or not quote or quote.isspace():
        quote = text_field(record, "quote", required=True)
    start, end = data.get("start"), data.get("end")
    if start is not None or end is not None:
        if type(start) is not int or start < 0:
            start = offset_field(record, "start")
        if type(end) is not int or end < 0:
            end = offset_field(record, "end")
    if start is None and end is None:
        start = text.find(quote)
        if start < 0:
            raise record.fail(
                "quote", f"not found in the text of article {article_id!r}; quote it exactly"
            )
        end = start + len(quote)
    elif start is None or end is None:
        raise record.fail(
            "start" if start is None else "end", "give both start and end, or neither"
        )
    elif text[start:end] != quote:
        raise record.fail(
            "quote", misplaced_quote(text, start, end, quote, of=f" of article {article_id!r}")
        )

    phrase = data.get("date_phrase")
    if phrase is not None and (type(phrase) is not str or not (plain or phrase.isascii())):
        phrase = text_field(record, "date_phrase")
    when = None
    if data.get("date") is not None:
        when = date_field(record, "date", dayfirst)
    if when is None and phrase:
        try:
            when = _resolve(phrase, published) if published else None
        except (ValueError, OverflowError):
            raise record.fail(
                "date_phrase",
                f"cannot resolve {phrase!r} against the article's date {published}",
            ) from None
        if when is None:
            unresolved(phrase)
    first = last = None
    if when:
        first, last = date_span(when.iso)
        if published and first > date_span(published)[1]:
            raise record.fail(
                "date" if data.get("date") is not None else "date_phrase",
                f"{when.iso} is after the article's date {published}; an article reports "
                "what was said by the time it appeared",
            )
    topic = data.get("topic")
    if topic is not None and (type(topic) is not str or not (plain or topic.isascii())):
        topic = text_field(record, "topic")
    summary = data.get("summary")
    if summary is not None and (type(summary) is not str or not (plain or summary.isascii())):
        summary = text_field(record, "summary")
    if not ANNOTATION_FIELDS.isdisjoint(data):
        annotations(record, text, article_id)
    return (
        data["id"],
        article_id,
        role,
        speaker.id,
        target.id if target else None,
        kind,
        _topic(topic) if topic else None,
        summary,
        quote,
        start,
        end,
        when.iso if when else None,
        first,
        last,
        phrase,
    )
