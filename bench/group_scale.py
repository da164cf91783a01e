"""How long does claim grouping take at scale? A synthetic corpus with syndicated copies, timed.

    python bench/group_scale.py 100000 [REPEAT]  # prints one JSON object

The statements come from `claimtrack.synth` (seed 7): actors of every side, a dozen
topics, articles spread over 2019-2025, quotes in varied frames with their own specifics.
A quarter of the articles are then carried by a second site, their statements copied
with straight quotes instead of curly ones, and in half of those copies reworded as
machine rewording does (`claims.republish.SYNONYMS`, 60% of the words it knows), so
that the grouping has exact copies and reworded ones to find; the copies count in the
size. Speakers are resolved to actor ids as `load` would. Only `claims.grouping.group` is
timed (in this process, the best of REPEAT runs, default 1), as wall time and as the
process's CPU time, which other work on a shared machine disturbs far less; the peak
resident memory covers the whole process. The copies'
true claims are known, so the pairwise precision and recall of the grouping are printed
too (every original counts as a claim of its own).
"""

from __future__ import annotations

import json
import random
import re
import resource
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimtrack.actors import name_key  # noqa: E402
from claimtrack.claims.grouping import Appearance, Grouping, group  # noqa: E402
from claimtrack.claims.republish import SYNONYMS  # noqa: E402
from claimtrack.synth import generate  # noqa: E402

COPY = "-copy"
_WORD = re.compile(r"[A-Za-z]+")


def reworded(quote: str, rng: random.Random) -> str:
    """The quote as a machine-rewording site prints it: 60% of the words it has a
    synonym for swapped."""

    def swap(match: re.Match) -> str:
        word = match.group()
        synonym = SYNONYMS.get(word.lower())
        if synonym is None or rng.random() >= 0.6:
            return word
        return synonym[0].upper() + synonym[1:] if word[0].isupper() else synonym

    return _WORD.sub(swap, quote)


def appearances(total: int, seed: int = 7) -> list[Appearance]:
    """`total` appearances: synthetic statements and the copies of a quarter of their articles."""
    rng = random.Random(seed)
    out: list[Appearance] = []
    names: dict[str, str] = {}
    bundles = generate(total, seed)
    for actor in next(bundles)["actors"]:
        for name in (actor["id"], actor["name"], *actor["aliases"]):
            names[name_key(name)] = actor["id"]
    for bundle in bundles:
        article = bundle["article"]
        published = date.fromisoformat(article["published"]).toordinal()
        carried = rng.random() < 0.25
        rewording = carried and rng.random() < 0.5
        for s in bundle["statements"]:
            day = date.fromisoformat(s["date"]).toordinal() if s.get("date") else published
            one = Appearance(
                s["id"],
                names[name_key(s["speaker"])],
                s["role"],
                article["id"],
                day,
                s["quote"],
                names.get(name_key(s["target"])) if s.get("target") else None,
                s.get("kind"),
                tuple(s.get("replies_to") or ()),
            )
            out.append(one)
            if carried:
                quote = one.quote.replace("“", '"').replace("”", '"')
                out.append(
                    Appearance(
                        one.id + COPY,
                        one.speaker,
                        one.role,
                        one.article + COPY,
                        day,
                        reworded(quote, rng) if rewording else quote,
                        one.target,
                        one.kind,
                        tuple(a + COPY for a in one.answers),
                    )
                )
            if len(out) >= total:
                return out[:total]
    return out


def pairwise(result: Grouping) -> tuple[float, float]:
    """Pairwise precision and recall of the grouping against the true claims (a copy's
    claim is its original's), counted from the sizes of clusters and their overlaps."""

    def pairs(sizes: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    truth = Counter(sid.removesuffix(COPY) for sid in result.memberships)
    grouped = Counter(m.claim for m in result.memberships.values())
    both = Counter((m.claim, sid.removesuffix(COPY)) for sid, m in result.memberships.items())
    correct = pairs(both)
    return correct / max(1, pairs(grouped)), correct / max(1, pairs(truth))


def main() -> int:
    total = int(sys.argv[1])
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    items = appearances(total)
    times, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = group(items)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    elapsed = min(times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    copies = sum(1 for a in items if a.id.endswith(COPY))
    precision, recall = pairwise(result)
    print(
        json.dumps(
            {
                "statements": len(items),
                "copies": copies,
                "claims": result.claims,
                "compared": result.compared,
                "accepted": result.accepted,
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "seconds": round(elapsed, 3),
                "cpu_seconds": round(min(cpu), 3),
                "peak_mb": peak,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
