"""How good is extraction? Score it against curated bundles, and time it.

A drafted statement matches a curated one when their quote spans overlap by at least
half of the shorter span. Matching is one to one: the pairs that overlap most are taken
first (ties go to the pair that agrees on role, side and kind, so that a curated bundle
listing one sentence twice, once per target, is matched by two drafts, not one). Recall
is the share of curated statements matched, precision the share of drafted ones; among
the matched pairs, the speaker's side, the role, the kind (over curated responses) and
the resolved date are compared.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimtrack.actors import ActorRegistry
from claimtrack.dates import parse_date
from claimtrack.model import ClaimtrackError
from claimtrack.queries import Rows

EVALUATION_COLUMNS = (
    "article",
    "curated",
    "extracted",
    "matched",
    "recall",
    "precision",
    "side",
    "role",
    "kind",
    "date",
    "ms",
    "mb_per_s",
)


@dataclass
class Score:
    """Counts for one article, or summed over all."""

    curated: int = 0
    extracted: int = 0
    matched: int = 0
    side: int = 0
    role: int = 0
    kind: int = 0
    kinds: int = 0
    date: int = 0
    seconds: float = 0.0
    size: int = 0

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self, article: str) -> tuple:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        speed = self.size / 1e6 / self.seconds if self.seconds else None
        return (
            article,
            self.curated,
            self.extracted,
            self.matched,
            ratio(self.matched, self.curated),
            ratio(self.matched, self.extracted),
            ratio(self.side, self.matched),
            ratio(self.role, self.matched),
            ratio(self.kind, self.kinds),
            ratio(self.date, self.matched),
            round(self.seconds * 1000, 1),
            round(speed, 2) if speed else None,
        )

    def ratios(self) -> dict[str, float | None]:
        return dict(zip(EVALUATION_COLUMNS, self.row("overall")))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two spans overlap by at least half of the shorter one?"""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and shared * 2 >= shorter


def match(drafted: list[dict[str, Any]], curated: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (drafted index, curated index), the most overlapping first."""
    candidates = []
    for i, d in enumerate(drafted):
        for j, c in enumerate(curated):
            span_d, span_c = (d["start"], d["end"]), (c["start"], c["end"])
            if not overlaps(span_d, span_c):
                continue
            shared = min(span_d[1], span_c[1]) - max(span_d[0], span_c[0])
            union = max(span_d[1], span_c[1]) - min(span_d[0], span_c[0])
            agree = sum(d.get(k) == c.get(k) for k in ("role", "kind", "speaker_side", "target"))
            candidates.append((-(shared / union), -agree, i, j))
    pairs, used_d, used_c = [], set(), set()
    for _, _, i, j in sorted(candidates):
        if i not in used_d and j not in used_c:
            pairs.append((i, j))
            used_d.add(i)
            used_c.add(j)
    return pairs


def score(
    drafted: list[dict[str, Any]], curated: list[dict[str, Any]], registry: ActorRegistry
) -> Score:
    result = Score(curated=len(curated), extracted=len(drafted))
    for i, j in match(drafted, curated):
        d, c = drafted[i], curated[j]
        result.matched += 1
        gold_side = c.get("speaker_side") or _side(registry, c.get("speaker"))
        result.side += d["speaker_side"] == gold_side
        result.role += d["role"] == c["role"]
        if c["role"] == "response":
            result.kinds += 1
            result.kind += d.get("kind") == c.get("kind")
        result.date += (d.get("date") or None) == (c.get("date") or None)
    return result


def _side(registry: ActorRegistry, name: str | None) -> str | None:
    actor = registry.find(name) if name else None
    return actor.side if actor else None


def curated_bundles(folder: Path) -> list[tuple[Path, dict[str, Any], str]]:
    """The bundles of a folder that hold an article and statements, with their texts."""
    if not folder.is_dir():
        raise ClaimtrackError(f"{folder}: no such folder of bundles")
    found = []
    for path in sorted(folder.rglob("*.json")):
        try:
            bundle = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ClaimtrackError(f"{path}: cannot read as a JSON bundle ({exc})") from None
        if not isinstance(bundle, dict) or "article" not in bundle or not bundle.get("statements"):
            continue
        article = bundle["article"]
        text = article.get("text")
        if text is None and article.get("text_file"):
            text_path = path.parent / article["text_file"]
            try:
                text = text_path.read_text(encoding="utf-8")
            except OSError as exc:
                raise ClaimtrackError(f"{text_path}: cannot read ({exc.strerror or exc})") from None
        if text is None:
            raise ClaimtrackError(f"{path}: the article has neither text nor text_file")
        found.append((path, bundle, text))
    if not found:
        raise ClaimtrackError(
            f"{folder}: no bundles with an article and statements to score against"
        )
    return found


def registry_for(folder: Path) -> ActorRegistry:
    """The shipped registry plus the registries (bundles of actors only, like
    actors.json) in the folder scored, never the actors a curated article declares."""
    from claimtrack.actors import Actor
    from claimtrack.extract import merged_registry

    registry = merged_registry(None)
    for path in sorted(folder.rglob("*.json")):
        try:
            bundle = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if not isinstance(bundle, dict) or set(bundle) != {"actors"}:
            continue
        for a in bundle["actors"]:
            if isinstance(a, dict) and a.get("id") not in registry.actors:
                names = [n for n in a.get("aliases") or [] if not registry.find(n)]
                if not registry.find(a.get("name", "")):
                    registry.add(
                        Actor(a["id"], a["name"], a["side"], a.get("kind"), a.get("parent"), names)
                    )
    return registry


def evaluate(folder: Path, registry: ActorRegistry, min_seconds: float = 0.3) -> Rows:
    """Score extraction on every curated bundle of `folder`: a row per article and one
    overall. The curated published date is given to the extractor, as --published would
    be, so that the date column measures the reading of date phrases. Speed is measured
    over repeated runs (at least `min_seconds`) after one warm-up run."""
    from claimtrack.extract import Extractor

    extractor = Extractor(registry)
    bundles = curated_bundles(folder)
    rows = []
    total = Score()
    for _path, bundle, text in bundles:
        article = bundle["article"]
        published = parse_date(article["published"]) if article.get("published") else None
        draft = extractor.extract(text, article["id"], published).bundle
        runs, started = 0, time.perf_counter()
        while True:
            extractor.extract(text, article["id"], published)
            runs += 1
            elapsed = time.perf_counter() - started
            if elapsed >= min_seconds / len(bundles) or runs >= 50:
                break
        result = score(draft["statements"], bundle["statements"], registry)
        result.seconds = elapsed / runs
        result.size = len(text.encode("utf-8"))
        total.add(result)
        rows.append(result.row(article["id"]))
    rows.append(total.row("overall"))
    return Rows(EVALUATION_COLUMNS, rows)
