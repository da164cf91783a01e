"""Rows to text: rich tables for people, csv/tsv/json/jsonl/markdown for programs.

The only module that knows about rich, csv and json output. Machine formats are written
with the standard library straight to the stream, row by row, so piped output never holds
an escape code or a box-drawing character and starts before the query ends. Column
names are the same in every format.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from claimtrack.model import Rows

SIDE_STYLES = {"beijing": "red", "ottawa": "blue", "other": "yellow"}


def _cell(value: Any) -> str:
    """A value as one text cell: lists joined by '; ' (what `load` splits CSV on), a BLOB
    (from `sql`) as hex."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


#: Marks a query may put around matched words; tables show them highlighted.
HIGHLIGHT = ("\x02", "\x03")
#: What a spreadsheet may run as a formula: these first characters, and a tab or carriage
#: return in front of one (OWASP's list for CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _visible_form(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


#: C0 controls except tab and newline, DEL and C1, each shown as its escape (ESC as
#: `\x1b`): a terminal would act on them (clear the screen, retitle the window, draw a
#: fake link, write over a line) instead of showing them.
_TERMINAL_SAFE = {
    code: _visible_form(code)
    for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))
    if code not in (0x09, 0x0A)
}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str, keep: str = "") -> str:
    """`text` with every control character a terminal would act on made visible; the
    characters in `keep` (the highlight marks) stay."""
    if not _CONTROL.search(text):
        return text
    table = (
        {k: v for k, v in _TERMINAL_SAFE.items() if chr(k) not in keep} if keep else _TERMINAL_SAFE
    )
    return text.translate(table)


@dataclass(frozen=True)
class Output:
    """How a command prints rows: what the shared output options asked for.

    `chosen` says whether the user named a format (--format, --csv, …) rather than got
    the default, for commands that print something else when no format is asked for."""

    format: str
    headers: bool = True
    columns: tuple[str, ...] | None = None
    sort: str | None = None
    limit: int | None = None
    excel_safe: bool = False
    chosen: bool = False
    #: A terminal table goes through $PAGER (stdout is a terminal and no --no-pager).
    pager: bool = False

    @property
    def reshaped(self) -> bool:
        """Did the user pick columns, a sort or a limit?"""
        return bool(self.columns or self.sort or self.limit is not None)

    def print(
        self, result: Rows, out: IO[str], layout: str = "", notes: IO[str] | None = None
    ) -> None:
        """Shape the rows as asked, then write them. A terminal layout that shows its own
        columns gives way to the plain table when --columns picks others. The layout
        "listing" is a plain table that, in the table format and without --columns,
        shows the columns that fit the terminal (`notes` hears which were left out).
        Raises ValueError for an unknown column."""
        if self.reshaped:
            result = reshape(result, self.columns, self.sort, self.limit)
            if self.columns:
                layout = ""
        if layout == "listing":
            layout = ""
            if self.format == "table" and not self.columns:
                result, hidden = compact(result, terminal_width())
                if hidden and notes:
                    notes.write(
                        f"{len(result.columns)} of {len(result.columns) + hidden} columns fit "
                        "this terminal; --columns or --format csv|json shows them all\n"
                    )
        if self.pager and self.format == "table":
            # A terminal table is built whole by rich anyway: measure it, then page it
            # only when it is taller than the screen.
            screen = _TerminalBuffer()
            render(result, self.format, screen, self.headers, layout, self.excel_safe)
            text = screen.getvalue()
            if text.count("\n") < terminal_height():
                out.write(text)
            else:
                with pager(out) as paged:
                    paged.write(text)
        else:
            render(result, self.format, out, self.headers, layout, self.excel_safe)


#: The columns a terminal table shows first, and the width each needs to stay readable:
#: ids and the one-line summary (for a proposed pair: its score and reason) before
#: names, kinds and dates, the long quote last.
_COLUMN_PRIORITY = {
    "id": 8,
    "allegation_id": 8,
    "reply_id": 8,
    "name": 16,
    "title": 28,
    "summary": 30,
    "snippet": 30,
    "score": 5,
    "reason": 26,
    "allegation": 26,
    "reply": 26,
    "speaker": 14,
    "kind": 11,
    "reply_kind": 11,
    "target": 12,
    "date": 10,
    "published": 10,
    "side": 7,
    "role": 10,
    "article": 7,
    "topic": 12,
    "allegations": 5,
    "responses": 5,
    "outlet": 12,
    "parent": 10,
    "link_origin": 8,
    "speaker_side": 7,
    "target_side": 7,
    "date_basis": 9,
    "aliases": 16,
    "quote": 30,
}
_CELL_PADDING = 3  # a column's border and padding in a rich table


def compact(result: Rows, width: int) -> tuple[Rows, int]:
    """The columns of `result` that fit `width` characters, most useful first (their
    order kept), and how many were left out: a column empty in every row first. At
    least one column stays."""
    if not any(name in _COLUMN_PRIORITY for name in result.columns):
        return result, 0  # not a listing this knows: show it as it is
    rows = list(result.rows)
    widths = {
        name: _COLUMN_PRIORITY[name]
        for i, name in enumerate(result.columns)
        if name in _COLUMN_PRIORITY and any(row[i] not in (None, "", []) for row in rows)
    }
    budget = width - 1
    chosen: set[str] = set()
    for name, wanted in _COLUMN_PRIORITY.items():
        need = wanted + _CELL_PADDING
        if name in widths and (not chosen or need <= budget):
            chosen.add(name)
            budget -= need
    if len(chosen) == len(result.columns) or not chosen:
        return Rows(result.columns, rows), 0
    picks = [i for i, name in enumerate(result.columns) if name in chosen]
    names = tuple(result.columns[i] for i in picks)
    return Rows(names, [tuple(row[i] for i in picks) for row in rows]), len(result.columns) - len(
        names
    )


def terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size().columns


def terminal_height() -> int:
    import shutil

    return shutil.get_terminal_size().lines


@contextlib.contextmanager
def pager(out: IO[str]) -> Iterator[IO[str]]:
    """Write through $PAGER, as git does: `less` by default, with LESS=FRX so that
    colours pass and the screen is left as it was; PAGER empty or `cat` writes straight
    to `out`, and so does a pager that cannot be found."""
    import os
    import shlex
    import shutil
    import subprocess

    command = os.environ.get("PAGER", "less").strip()
    words = shlex.split(command) if command else []
    if not words or command == "cat" or not shutil.which(words[0]):
        yield out
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    stream = io.TextIOWrapper(process.stdin, encoding="utf-8", errors="replace")
    try:
        yield stream
        stream.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end
    finally:
        with contextlib.suppress(BrokenPipeError):
            stream.close()
        process.wait()


class _TerminalBuffer(io.StringIO):
    """Output held for the terminal before it is paged: tables keep their colours."""

    def isatty(self) -> bool:
        return True


def write_json(document: Any, out: IO[str], indent: int | None = 2) -> None:
    """One JSON document (an extracted bundle, …): indented, or on one line for
    JSON Lines when `indent` is None."""
    out.write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")


def render(
    result: Rows,
    fmt: str,
    out: IO[str],
    headers: bool = True,
    layout: str = "",
    excel_safe: bool = False,
) -> None:
    """Write rows to `out` in `fmt`. `layout` picks a terminal presentation for tables
    ("compare" side by side, "thread" and "timeline" as trees); other formats ignore it.
    `excel_safe` prefixes csv/tsv text cells that a spreadsheet would run as a formula."""
    columns, rows = result
    if excel_safe and fmt in ("csv", "tsv"):
        rows = (tuple(_defuse(v) for v in row) for row in rows)
    if fmt in ("table", "markdown") or (fmt in ("csv", "tsv") and _is_terminal(out)):
        # Search marks matches with HIGHLIGHT characters, which only the plain table reads.
        keep = "".join(HIGHLIGHT) if fmt == "table" and not layout else ""
        columns = tuple(visible(c) for c in columns)
        rows = (tuple(_visible_value(v, keep) for v in row) for row in rows)
    if fmt == "csv":
        _write_csv(columns, rows, out, headers)
    elif fmt == "tsv":
        _write_tsv(columns, rows, out, headers)
    elif fmt == "json":
        _write_json(columns, rows, out)
    elif fmt == "jsonl":
        for row in rows:
            out.write(json_text(dict(zip(columns, row))) + "\n")
    elif fmt == "markdown":
        _write_markdown(columns, rows, out, headers)
    elif layout == "compare":
        _print(_compare_table(columns, rows), out)
    elif layout == "unanswered":
        _print(_unanswered_table(columns, rows), out)
    elif layout == "thread":
        _print(_thread_tree(columns, rows), out)
    elif layout == "timeline":
        _print_timeline(columns, rows, out)
    else:
        _print(_plain_table(columns, rows, headers), out)


def _is_terminal(out: IO[str]) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _visible_value(value: Any, keep: str) -> Any:
    if isinstance(value, str):
        return visible(value, keep)
    if isinstance(value, list):
        return [_visible_value(v, keep) for v in value]
    return value


def _defuse(value: Any) -> Any:
    """'=HYPERLINK(…)' becomes "'=HYPERLINK(…)": text, not a formula. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def reshape(result: Rows, columns: list[str] | None, sort: str | None, limit: int | None) -> Rows:
    """Keep some columns, sort on one or more (`a,b:desc`: by a, then by b descending;
    empty values last), keep the first rows.

    Raises ValueError naming the columns there are when a name is unknown.
    """
    names = result.columns
    rows: Iterable[tuple] = result.rows
    if sort:
        keys = []
        for part in sort.split(","):
            key, _, direction = part.strip().partition(":")
            if key not in names or direction not in ("", "asc", "desc"):
                raise ValueError(
                    f"cannot sort on {part.strip()!r}: use COLUMN or COLUMN:desc, several "
                    "separated by commas, with columns from " + ", ".join(names)
                )
            keys.append((names.index(key), direction == "desc"))
        materialised = list(rows)
        # Stable sorts from the last key to the first give the order of all the keys.
        for index, descending in reversed(keys):
            present = [r for r in materialised if r[index] is not None]
            present.sort(key=lambda r: r[index], reverse=descending)
            materialised = present + [r for r in materialised if r[index] is None]
        rows = materialised
    if limit is not None:
        rows = itertools.islice(rows, limit)
    if columns:
        unknown = [c for c in columns if c not in names]
        if unknown:
            raise ValueError(f"no column {unknown[0]!r}; the columns are " + ", ".join(names))
        picks = [names.index(c) for c in columns]
        rows = (tuple(r[i] for i in picks) for r in rows)
        names = tuple(columns)
    return Rows(names, rows)


def progress(
    items: Sequence[Any], description: str, stream: IO[str], verbose: bool = False
) -> Iterator[Any]:
    """Iterate over `items`, with a progress bar on `stream` when it is a terminal; or,
    `verbose`, one line per item as it starts ("loading 3/500: PATH"), for logs."""
    if verbose:
        for number, item in enumerate(items, start=1):
            print(f"{description} {number}/{len(items)}: {item}", file=stream, flush=True)
            yield item
        return
    if not stream.isatty() or len(items) < 2:
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(items, description=description, console=Console(file=stream), transient=True)


def rate_progress(
    items: Iterable[Any], description: str, stream: IO[str], unit: str = "articles"
) -> Iterator[Any]:
    """Iterate over a stream of unknown length, showing on `stream` (when it is a
    terminal) how many items went by and how many per second."""
    if not stream.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn(f"{{task.completed:,}} {unit}"),
        TextColumn(f"{{task.fields[rate]}} {unit}/s"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(description, total=None, rate="-")
        for item in items:
            yield item
            done = bar.tasks[0].completed + 1
            elapsed = bar.tasks[0].elapsed or 0.0
            bar.update(task, completed=done, rate=f"{done / elapsed:,.0f}" if elapsed else "-")


def _write_csv(
    columns: tuple[str, ...], rows: Iterable[tuple], out: IO[str], headers: bool
) -> None:
    """RFC 4180: fields with commas, quotes, newlines or carriage returns are quoted;
    rows end in a plain newline."""
    writer = csv.writer(_NewlineRows(out), lineterminator="\r\n")
    if headers:
        writer.writerow(columns)
    # csv writes None as "" and numbers as str() does already: only rows holding a list
    # or a BLOB need _cell.
    writer.writerows(
        row if _NEEDS_CELL.isdisjoint(map(type, row)) else [_cell(v) for v in row] for row in rows
    )


_NEEDS_CELL = frozenset((list, bytes))


class _NewlineRows:
    """Hands the csv writer's rows to `out` ending in "\\n" instead of "\\r\\n".

    The csv module quotes a field only for the characters of its line terminator: with
    "\\n" alone, a bare carriage return stays unquoted and a reader (Excel, csvkit, the
    csv module) starts a new row there. Writing "\\r\\n" quotes both; this turns the
    terminator back into the newline Unix tools expect."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, row: str) -> int:
        return self.out.write(row[:-2] + "\n")


def _write_tsv(
    columns: tuple[str, ...], rows: Iterable[tuple], out: IO[str], headers: bool
) -> None:
    """One line per row, no quoting: tabs and newlines inside a field become spaces."""
    if headers:
        out.write("\t".join(columns) + "\n")
    for row in rows:
        cells = (" ".join(_cell(v).replace("\t", " ").splitlines()) for v in row)
        out.write("\t".join(cells) + "\n")


def json_text(value: Any) -> str:
    """JSON with the characters json leaves raw that a terminal acts on (DEL, C1) escaped
    as \\u…, and a BLOB (from `sql`) as base64."""
    text = json.dumps(value, ensure_ascii=False, default=_json_default)
    return _JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_JSON_RAW_CONTROL = re.compile("[\x7f-\x9f]")

#: What could end a <script> element or start markup, and the two line breaks older
#: JavaScript reads as the end of a line, escaped as JSON allows.
_SCRIPT_SAFE = {c: f"\\u{ord(c):04x}" for c in ("<", ">", "&", "\u2028", "\u2029")}


def _script_safe(text: str) -> str:
    # str.replace per character: ten times faster than str.translate on long text.
    for character, escaped in _SCRIPT_SAFE.items():
        if character in text:
            text = text.replace(character, escaped)
    return text


def script_safe_json(document: Any) -> str:
    """Indented JSON that can be pasted inside <script type="application/ld+json"> as it is:
    `</script>` in a quote becomes `\\u003c/script\\u003e` and reads back the same."""
    return _script_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def write_json_array(items: Iterable[Any], out: IO[str]) -> None:
    """Write items as one indented JSON array, script-safe as `script_safe_json` makes
    it and with the same bytes, one item at a time: a long export never sits whole in
    memory."""
    out.write("[")
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(("\n  " if first else ",\n  ") + _script_safe(text))
        first = False
    out.write("]\n" if first else "\n]\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


def _write_json(columns: tuple[str, ...], rows: Iterable[tuple], out: IO[str]) -> None:
    out.write("[")
    first = True
    for row in rows:
        out.write("\n  " if first else ",\n  ")
        out.write(json_text(dict(zip(columns, row))))
        first = False
    out.write("\n]\n" if not first else "]\n")


def _write_markdown(
    columns: tuple[str, ...], rows: Iterable[tuple], out: IO[str], headers: bool
) -> None:
    def line(cells: Iterable[str]) -> str:
        escaped = (" ".join(c.splitlines()).replace("|", "\\|") for c in cells)
        return "| " + " | ".join(escaped) + " |\n"

    if headers:
        out.write(line(columns))
        out.write(line("---" for _ in columns))
    for row in rows:
        out.write(line(_cell(v) for v in row))


# ---------------------------------------------------------------- terminal


def _print(renderable: Any, out: IO[str]) -> None:
    from rich.console import Console

    Console(file=out, highlight=False).print(renderable)


def _plain_table(columns: tuple[str, ...], rows: Iterable[tuple], headers: bool) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=headers, header_style="bold", show_lines=False)
    for column in columns:
        wide = column in ("quote", "summary", "allegation", "allegation_quote", "reply", "title")
        table.add_column(
            # A Text, not a str: rich would read "[link=…]" in a name from `sql` as markup.
            Text(column),
            overflow="fold",
            ratio=3 if wide else None,
            min_width=8 if wide else None,
        )
    side_columns = [i for i, c in enumerate(columns) if c.endswith("side") or c == "side"]
    for row in rows:
        cells: list[Any] = [_highlighted(_cell(v)) for v in row]
        for i in side_columns:
            cells[i].stylize(SIDE_STYLES.get(cells[i].plain, ""))
        table.add_row(*cells)
    return table


def _highlighted(text: str) -> Any:
    """Plain text, with the words between HIGHLIGHT marks in reverse video."""
    from rich.text import Text

    out = Text()
    rest = text
    while HIGHLIGHT[0] in rest:
        before, _, rest = rest.partition(HIGHLIGHT[0])
        word, _, rest = rest.partition(HIGHLIGHT[1])
        out.append(before)
        out.append(word, style="bold reverse")
    out.append(rest)
    return out


def _side(name: str, side: str) -> Any:
    from rich.text import Text

    return Text(name or "", style=f"bold {SIDE_STYLES.get(side, '')}".strip())


def _compare_table(columns: tuple[str, ...], rows: Iterable[tuple]) -> Any:
    """Allegation and reply side by side, one section per allegation, sides coloured."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold", expand=True)
    table.add_column("allegation", ratio=1, overflow="fold")
    table.add_column("reply", ratio=1, overflow="fold")
    previous = None
    for values in rows:
        row = dict(zip(columns, values))
        if previous is not None and row["allegation_id"] != previous:
            table.add_section()
        left = Text()
        if row["allegation_id"] != previous:
            when = _when(row["alleged_on"], row.get("date_basis"))
            left.append(f"{row['allegation_id']}  {when}\n", style="dim")
            left.append_text(_side(row["alleged_by"], row["alleger_side"]))
            left.append(" → ")
            left.append_text(_side(row["target"], row["target_side"]))
            left.append(f"  [{row['topic'] or ''}]\n", style="dim")
            left.append(f"{row['allegation'] or ''}\n")
            left.append(f"> {row['allegation_quote']}", style="italic")
        previous = row["allegation_id"]
        right = Text()
        if row["reply_id"]:
            lag = _lag(row["lag_days"])
            right.append(f"{row['reply_id']}  {row['replied_on'] or 'undated'}{lag}\n", style="dim")
            right.append_text(_side(row["replied_by"], row["replier_side"]))
            right.append(f"  {row['reply_kind']}\n", style="bold")
            right.append(f"{row['reply'] or ''}\n")
            right.append(f"> {row['reply_quote']}\n", style="italic")
        else:
            right.append("no reply on record", style="dim italic")
        table.add_row(left, right)
    return table


def _unanswered_table(columns: tuple[str, ...], rows: Iterable[tuple]) -> Any:
    """Each open claim with who made it against whom, its exact words and its source."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True, header_style="bold", expand=True)
    table.add_column("allegation", ratio=2, overflow="fold")
    table.add_column("quote", ratio=3, overflow="fold")
    table.add_column("source", ratio=1, overflow="fold")
    for values in rows:
        row = dict(zip(columns, values))
        claim = Text()
        when = _when(row["alleged_on"], row.get("date_basis"))
        claim.append(f"{row['allegation_id']}  {when}\n", style="dim")
        claim.append_text(_side(row["alleged_by"], row["alleger_side"]))
        claim.append(" → ")
        claim.append_text(_side(row["target"], row["target_side"]))
        claim.append(f"  [{row['topic'] or ''}]\n", style="dim")
        claim.append(row["allegation"] or "")
        source = Text(f"article {row['article']}")
        if row.get("days_open") is not None:
            source.append(f"\nopen {row['days_open']} days")
        source.append(
            f"\nchecked until {row['checked_until']}"
            if row.get("checked_until")
            else "\nnothing from that side loaded",
            style="dim",
        )
        table.add_row(claim, Text(row["quote"] or "", style="italic"), source)
    return table


def _when(day: str | None, basis: str | None) -> str:
    """A date as a person reads it: "undated", or the article's date said to be one."""
    if not day:
        return "undated"
    return f"{day} (article's date)" if basis == "article" else day


def _lag(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return " · same day"
    unit = "day" if abs(days) == 1 else "days"
    return f" · {days} {unit} later" if days > 0 else f" · {-days} {unit} earlier"


def _print_timeline(columns: tuple[str, ...], rows: Iterable[tuple], out: IO[str]) -> None:
    """One tree per thread, threads in date order."""
    for _, group in itertools.groupby(rows, key=lambda r: r[0]):
        _print(_thread_tree(columns[1:], [r[1:] for r in group]), out)


def _thread_tree(columns: tuple[str, ...], rows: Iterable[tuple]) -> Any:
    """A statement with what it answers above it and its replies, nested, below."""
    from rich.text import Text
    from rich.tree import Tree

    records = [dict(zip(columns, r)) for r in rows]
    top = next(r for r in records if r["relation"] == "statement")
    root = Tree(_thread_label(top))
    answered = [r for r in records if r["relation"] == "answers"]
    if answered:
        node = root.add(Text("answers", style="dim"))
        for record in answered:
            node.add(_thread_label(record))
    stack = [root]
    for record in records:
        if record["relation"] not in ("reply", "cycle"):
            continue
        # Deeper than the terminal has room for, replies go on at the deepest level
        # shown, each with its depth.
        depth = min(record["depth"], _DEEPEST_NESTING)
        del stack[depth:]
        label = _thread_label(record)
        if record["depth"] > depth:
            label = Text(f"depth {record['depth']}  ", style="dim") + label
        if record["relation"] == "cycle":
            label.append("\n(shown above: the thread loops back here)", style="dim italic")
        stack.append(stack[-1].add(label))
    return root


#: Tree levels drawn in a terminal; each takes four columns.
_DEEPEST_NESTING = 8


def _thread_label(r: dict[str, Any]) -> Any:
    from rich.text import Text

    label = Text()
    label.append(f"{r['id']}  {_when(r['date'], r.get('date_basis'))}  ", style="dim")
    label.append_text(_side(r["speaker"], r["speaker_side"]))
    if r["target"]:
        label.append(f" → {r['target']}")
    label.append(f"  {r['kind'] or r['role']}", style="bold")
    if r["link_origin"]:
        label.append(f" ({r['link_origin']} link)", style="dim")
    label.append(f"\n{r['summary'] or ''}\n")
    label.append(f"> {r['quote']}", style="italic")
    label.append(f"\narticle {r['article']}", style="dim")
    return label
