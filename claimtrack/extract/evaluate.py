"""Scoring extraction against gold statements, as eval/devset/README.md describes.

Gold comes in two forms: the development set's (a folder of gold/*.json beside
articles/*.txt, statements with `speaker_side`, `alt_quotes` and `borderline`) and
curated bundles (fixtures/articles: an article and its statements in each bundle).

A drafted statement matches a gold one when its quote's span overlaps the gold quote, or
one of its alt_quotes, by at least half of the shorter span; matching is one to one,
largest overlap first. A counter-accusation twin (a response and an allegation with the
same quote) is one gold item that either role satisfies. Borderline gold is not required
for recall, and a draft matching it is not counted against precision. Side, role and kind
are accuracies over the matched core items; kind over response-only items.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimtrack.actors import ActorRegistry
from claimtrack.dates import parse_date
from claimtrack.model import ClaimtrackError, Rows

SCORE_COLUMNS = (
    "article",
    "gold",
    "found",
    "extracted",
    "recall",
    "precision",
    "f1",
    "side",
    "role",
    "kind",
)
MISS_COLUMNS = ("article", "status", "statement", "role", "kind", "side", "quote")


@dataclass
class GoldArticle:
    """One article's text and gold statements, however the gold was stored."""

    article_id: str
    text: str
    published: str | None
    statements: list[dict[str, Any]]


@dataclass
class Score:
    """Counts for one article, or summed over all."""

    gold: int = 0
    found: int = 0
    extracted: int = 0
    side: int = 0
    role: int = 0
    kind: int = 0
    responses: int = 0

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self, article: str) -> tuple:
        recall = self.found / self.gold if self.gold else 0.0
        precision = self.found / self.extracted if self.extracted else 0.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        return (
            article,
            self.gold,
            self.found,
            self.extracted,
            round(recall, 3),
            round(precision, 3),
            round(f1, 3),
            round(self.side / max(1, self.found), 3),
            round(self.role / max(1, self.found), 3),
            round(self.kind / max(1, self.responses), 3),
        )


@dataclass
class Report:
    scores: Rows
    misses: Rows
    overall: tuple = field(default_factory=tuple)

    def summary(self) -> str:
        _, gold, found, extracted, recall, precision, f1, side, role, kind = self.overall
        return (
            f"recall {recall:.3f} precision {precision:.3f} F1 {f1:.3f} side {side:.3f} "
            f"role {role:.3f} kind {kind:.3f} ({gold} core gold, {extracted} extracted)"
        )


def _span(text: str, quote: str | None) -> tuple[int, int] | None:
    at = text.find(quote) if quote else -1
    return (at, at + len(quote)) if at >= 0 else None


def _gold_span(text: str, statement: dict[str, Any]) -> tuple[int, int] | None:
    """Where a gold quote is: at its offsets when it gives them (a curated bundle's quote
    may also occur earlier in the text, in a headline or a caption), else its first
    occurrence."""
    start, end = statement.get("start"), statement.get("end")
    if type(start) is int and type(end) is int and text[start:end] == statement["quote"]:
        return start, end
    return _span(text, statement["quote"])


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two spans overlap by at least half of the shorter one?"""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and shared >= 0.5 * shorter


def gold_items(statements: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The items to find: a twin (same quote, both roles) is one item."""
    items: list[dict[str, Any]] = []
    by_quote: dict[str, dict[str, Any]] = {}
    for s in statements:
        found = [_gold_span(text, s), *(_span(text, q) for q in s.get("alt_quotes") or [])]
        spans = [span for span in found if span]
        twin = by_quote.get(s["quote"])
        if twin is not None and twin["roles"] | {s["role"]} == {"allegation", "response"}:
            twin["roles"].add(s["role"])
            twin["borderline"] = twin["borderline"] and bool(s.get("borderline"))
            if s["role"] == "response":
                twin["kind"] = s.get("kind")
            continue
        item = {
            "id": s["id"],
            "roles": {s["role"]},
            "side": s.get("speaker_side"),
            "kind": s.get("kind"),
            "spans": spans,
            "borderline": bool(s.get("borderline")),
            "quote": s["quote"],
        }
        by_quote[s["quote"]] = item
        items.append(item)
    return items


def score_article(gold: GoldArticle, drafted: list[dict[str, Any]], misses: list[tuple]) -> Score:
    """Match one article's drafts to its gold; append what was missed, what was extra,
    and what was found with the wrong side, role or kind."""
    text = gold.text
    items = gold_items(gold.statements, text)
    spans = [_span(text, d.get("quote")) for d in drafted]
    candidates = sorted(
        (
            (max(min(p[1], g[1]) - max(p[0], g[0]) for g in item["spans"]), i, j)
            for i, p in enumerate(spans)
            for j, item in enumerate(items)
            if p and any(overlaps(p, g) for g in item["spans"])
        ),
        reverse=True,
    )
    used: set[int] = set()
    matched: dict[int, int] = {}
    for _, i, j in candidates:
        if i not in used and j not in matched:
            used.add(i)
            matched[j] = i
    core = [j for j, item in enumerate(items) if not item["borderline"]]
    excused = {matched[j] for j, item in enumerate(items) if item["borderline"] and j in matched}
    result = Score(gold=len(core), extracted=len(drafted) - len(excused))
    for j in core:
        item = items[j]
        if j not in matched:
            misses.append(
                (
                    gold.article_id,
                    "missed",
                    item["id"],
                    "/".join(sorted(item["roles"])),
                    item["kind"],
                    item["side"],
                    item["quote"],
                )
            )
            continue
        d = drafted[matched[j]]
        result.found += 1
        wrong = []
        if d.get("speaker_side") != item["side"]:
            wrong.append(f"side {item['side']}")
        if d.get("role") not in item["roles"]:
            wrong.append(f"role {'/'.join(sorted(item['roles']))}")
        if item["roles"] == {"response"}:
            result.responses += 1
            if d.get("kind") != item["kind"]:
                wrong.append(f"kind {item['kind']}")
        result.side += not any(w.startswith("side") for w in wrong)
        result.role += not any(w.startswith("role") for w in wrong)
        result.kind += item["roles"] == {"response"} and not any(
            w.startswith("kind") for w in wrong
        )
        if wrong:
            # Found, but not as the gold has it: what the draft says, and the gold's
            # value in the status ("wrong: side beijing").
            misses.append(
                (
                    gold.article_id,
                    "wrong: " + ", ".join(wrong),
                    item["id"],
                    d.get("role"),
                    d.get("kind"),
                    d.get("speaker_side"),
                    d.get("quote"),
                )
            )
    for i, d in enumerate(drafted):
        if i not in used:
            misses.append(
                (
                    gold.article_id,
                    "extra",
                    d.get("id"),
                    d.get("role"),
                    d.get("kind"),
                    d.get("speaker_side"),
                    d.get("quote"),
                )
            )
    return result


def read_gold(folder: Path, registry: ActorRegistry) -> list[GoldArticle]:
    """Gold articles from a development-set folder (or its gold/ folder) or a folder of
    curated bundles."""
    if not folder.is_dir():
        raise ClaimtrackError(f"{folder}: no such folder of gold statements")
    gold_dir = folder / "gold" if (folder / "gold").is_dir() else folder
    found = []
    for path in sorted(gold_dir.rglob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ClaimtrackError(f"{path}: cannot read as JSON gold ({exc})") from None
        if isinstance(doc, dict) and "file" in doc and "statements" in doc:
            found.append(_devset_article(path, doc, gold_dir))
        elif isinstance(doc, dict) and "article" in doc and doc.get("statements"):
            found.append(_bundle_article(path, doc, registry))
    if not found:
        raise ClaimtrackError(f"{folder}: no gold statements to score against")
    return found


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimtrackError(f"{path}: cannot read the article ({exc})") from None


def _devset_article(path: Path, doc: dict[str, Any], gold_dir: Path) -> GoldArticle:
    article = gold_dir.parent / "articles" / doc["file"]
    if not article.exists():
        article = path.parent / doc["file"]
    return GoldArticle(
        Path(doc["file"]).stem, _read_text(article), doc.get("published"), doc["statements"]
    )


def _bundle_article(path: Path, bundle: dict[str, Any], registry: ActorRegistry) -> GoldArticle:
    article = bundle["article"]
    text = article.get("text")
    if text is None and article.get("text_file"):
        text = _read_text(path.parent / article["text_file"])
    if text is None:
        raise ClaimtrackError(f"{path}: the article has neither text nor text_file")
    statements = []
    for s in bundle["statements"]:
        side = s.get("speaker_side")
        if side is None:
            actor = registry.find(s.get("speaker") or "")
            side = actor.side if actor else None
        statements.append({**s, "speaker_side": side})
    return GoldArticle(article["id"], text, article.get("published"), statements)


def evaluate(folder: Path, registry: ActorRegistry) -> Report:
    """Extract every gold article (with its published date, as `--published` gives it)
    and score the drafts: a row per article and one overall, and the misses."""
    from claimtrack.extract import Extractor

    extractor = Extractor(registry)
    rows, misses = [], []
    total = Score()
    for gold in read_gold(folder, registry):
        published = parse_date(gold.published) if gold.published else None
        draft = extractor.extract(gold.text, gold.article_id, published).bundle
        result = score_article(gold, draft["statements"], misses)
        total.add(result)
        rows.append(result.row(gold.article_id))
    overall = total.row("overall")
    rows.append(overall)
    return Report(Rows(SCORE_COLUMNS, rows), Rows(MISS_COLUMNS, misses), overall)
