"""Fit the pairing weights to a gold folder's links: `python -m claimtrack.pairing.fit`.

    python -m claimtrack.pairing.fit eval/devset            # fit, cross-validate, write
    python -m claimtrack.pairing.fit eval/devset --dry-run  # print only

The gold statements are loaded without their links into a scratch database and every
pair the rules allow inside an article is read as signals (what `pair` itself reads).
A logistic regression (plain gradient descent with an L2 penalty, no numpy) learns one
weight per signal from whether the gold links the pair; the threshold that gives the
best F1 is folded into the bias, so `--min-score 0.5` is that threshold. Only pairs of
core (not borderline) statements count, as in the evaluation.

Cross-validation holds out whole articles (five folds, articles dealt round-robin in
name order): the model is fitted on the other articles and scored on the held-out
ones, so the figure says how it does on articles it never saw.

The development set has no link across articles, so the cross-article weight cannot be
fitted; it is the prior `OTHER_ARTICLE` below (an allegation in another article needs
strong evidence of its own) and the script writes it beside the fitted weights.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

from claimtrack.pairing.signals import SIGNALS

#: Signals the fit learns a weight for (the cross-article one cannot be learnt here).
FITTED = tuple(name for name in SIGNALS if name != "other_article")
OTHER_ARTICLE = -4.0
L2 = 0.5
STEPS = 3000
RATE = 0.3
FOLDS = 5
WEIGHTS_FILE = Path(__file__).parent / "data" / "weights.json"


@dataclass
class Example:
    """One candidate pair: its signal values, whether the gold links it, its article."""

    response_id: str
    allegation_id: str
    values: dict[str, float]
    linked: bool
    article: str
    source: str = ""


def examples(source: str | Path) -> tuple[list[Example], set[tuple[str, str]], dict[str, str]]:
    """Every core candidate pair of a source (all scores), its core links and the
    article of each statement. A source is a gold folder (gold/*.json) or curated
    bundles, whose curated links are the truth (the fixtures)."""
    from claimtrack.db import open_db
    from claimtrack.load import load_paths
    from claimtrack.pairing.gold import load_gold
    from claimtrack.pairing.proposals import database_engine, database_proposals
    from claimtrack.queries import human_links

    with tempfile.TemporaryDirectory(prefix="claimtrack-fit-") as scratch:
        conn = open_db(Path(scratch) / "gold.db")
        try:
            if (Path(source) / "gold").is_dir():
                gold = load_gold(conn, source)
                links, borderline = gold.links, gold.borderline
            else:
                load_paths(conn, [source])
                links, borderline = human_links(conn), set()
            article_of = dict(conn.execute("SELECT id, article_id FROM statements"))
            engine = database_engine(conn, same_article_only=True)
            found = list(database_proposals(conn, engine, min_score=0.0))
        finally:
            conn.close()
    out = []
    for p in found:
        if {p.response_id, p.allegation_id} & borderline:
            continue
        article = article_of[p.response_id]
        if article_of.get(p.allegation_id) != article:
            continue
        linked = (p.response_id, p.allegation_id) in links
        out.append(Example(p.response_id, p.allegation_id, p.signals, linked, article, str(source)))
    return out, links, article_of


def train(data: list[Example], l2: float = L2) -> dict[str, float]:
    """Logistic regression by full-batch gradient descent; returns weights with 'bias'.
    Each source (gold folder or bundles) weighs the same in total, so a source with long
    articles and many candidate pairs does not outvote one with short articles."""
    w = dict.fromkeys(("bias", *FITTED), 0.0)
    n = max(len(data), 1)
    per_source: dict[str, int] = {}
    for ex in data:
        per_source[ex.source] = per_source.get(ex.source, 0) + 1
    share = {source: n / (len(per_source) * count) for source, count in per_source.items()}
    for _ in range(STEPS):
        grad = dict.fromkeys(w, 0.0)
        for ex in data:
            logit = w["bias"] + sum(w[k] * ex.values.get(k, 0.0) for k in FITTED)
            p = 1 / (1 + math.exp(-max(-40.0, min(40.0, logit))))
            err = (p - ex.linked) * share[ex.source]
            grad["bias"] += err
            for k in FITTED:
                grad[k] += err * ex.values.get(k, 0.0)
        for k in w:
            penalty = 0.0 if k == "bias" else l2 * w[k]
            w[k] -= RATE * (grad[k] / n + penalty / n)
    return w


def probability(w: dict[str, float], values: dict[str, float]) -> float:
    logit = w["bias"] + sum(w.get(k, 0.0) * v for k, v in values.items() if k != "bias")
    return 1 / (1 + math.exp(-max(-40.0, min(40.0, logit))))


def figures(chosen: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    correct = len(chosen & truth)
    precision = correct / len(chosen) if chosen else 0.0
    recall = correct / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "links": len(truth),
        "proposed": len(chosen),
        "correct": correct,
    }


def best_threshold(w: dict[str, float], data: list[Example], truth: set) -> float:
    """The score threshold with the best F1 on `data`, the F1 of each source (gold
    folder or bundles) counting alike so the larger one does not decide alone (ties:
    the one nearest 0.5)."""
    sources = {ex.source for ex in data}
    scored = [(probability(w, ex.values), ex) for ex in data]
    best = (-1.0, 0.0, 0.5)
    for step in range(10, 91):
        t = step / 100
        total = 0.0
        for source in sources:
            chosen = {
                (ex.response_id, ex.allegation_id)
                for p, ex in scored
                if p >= t and ex.source == source
            }
            mine = {
                pair
                for pair in truth
                if pair[0] in {ex.response_id for ex in data if ex.source == source}
            }
            total += figures(chosen, mine)["f1"]
        best = max(best, (total / len(sources), -abs(t - 0.5), t))
    return best[2]


def shifted(w: dict[str, float], threshold: float) -> dict[str, float]:
    """The weights with the threshold folded into the bias, so 0.5 means `threshold`."""
    out = dict(w)
    out["bias"] -= math.log(threshold / (1 - threshold))
    return out


def fit(data: list[Example], truth: set) -> dict[str, float]:
    w = train(data)
    return shifted(w, best_threshold(w, data, truth))


def cross_validate(
    data: list[Example], truth: set, article_of: dict[str, str]
) -> set[tuple[str, str]]:
    """Held-out articles, FOLDS folds: fitted on the rest, scored on the held-out ones;
    returns the pairs proposed for the held-out articles."""
    articles = sorted({ex.article for ex in data} | set(article_of.values()))
    fold_of = {a: i % FOLDS for i, a in enumerate(articles)}
    chosen: set[tuple[str, str]] = set()
    for fold in range(FOLDS):
        train_set = [ex for ex in data if fold_of[ex.article] != fold]
        train_truth = {t for t in truth if fold_of[article_of[t[0]]] != fold}
        w = fit(train_set, train_truth)
        chosen |= {
            (ex.response_id, ex.allegation_id)
            for ex in data
            if fold_of[ex.article] == fold and probability(w, ex.values) >= 0.5
        }
    return chosen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sources", nargs="+", help="gold folders (gold/*.json, articles/*.txt) or curated bundles"
    )
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument(
        "--without", default="", help="comma-separated signals to leave out (for comparisons)"
    )
    args = parser.parse_args(argv)
    left_out = {s for s in args.without.split(",") if s}
    data: list[Example] = []
    truth: set[tuple[str, str]] = set()
    article_of: dict[str, str] = {}
    source_of: dict[str, str] = {}
    for source in args.sources:
        more, links, articles = examples(source)
        for ex in more:
            ex.values = {k: v for k, v in ex.values.items() if k not in left_out}
        data += more
        truth |= links
        article_of.update(articles)
        source_of.update(dict.fromkeys(articles.values(), source))
    weights = fit(data, truth)
    in_sample = {
        (ex.response_id, ex.allegation_id) for ex in data if probability(weights, ex.values) >= 0.5
    }
    held_out = cross_validate(data, truth, article_of)
    by_source = {}
    for source in args.sources:
        mine = {t for t in truth if source_of.get(article_of.get(t[0])) == source}

        def own(pairs: set, source: str = source) -> set:
            return {p for p in pairs if source_of.get(article_of.get(p[0])) == source}

        by_source[source] = {
            "in_sample": figures(own(in_sample), mine),
            "cross_validated": figures(own(held_out), mine),
        }
    weights = {k: round(v, 3) for k, v in weights.items()}
    weights["other_article"] = OTHER_ARTICLE
    result = {
        "about": "Written by `python -m claimtrack.pairing.fit "
        + " ".join(args.sources)
        + "`; other_article is a prior, not fitted (no link across articles to learn from).",
        "weights": weights,
        "fitted_on": {"candidate_pairs": len(data), "core_links": len(truth)},
        "figures": by_source,
    }
    print(json.dumps(result, indent=2))
    if not args.dry_run:
        WEIGHTS_FILE.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
