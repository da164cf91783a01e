"""How long does claim grouping take at scale? A synthetic corpus with syndicated copies, timed.

    python bench/group_scale.py 100000          # prints one JSON object

The statements come from `claimtrack.synth` (seed 7): actors of every side, a dozen
topics, articles spread over 2019-2025. A quarter of the articles are then carried by a
second site a day later, their statements copied with straight quotes instead of curly
ones, so that the grouping has syndicated copies to find; the copies count in the size.
Speakers are resolved to actor ids as `load` would. Only `claims.grouping.group` is
timed (in this process); the peak resident memory covers the whole process.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimtrack.actors import name_key  # noqa: E402
from claimtrack.claims.grouping import Appearance, group  # noqa: E402
from claimtrack.synth import generate  # noqa: E402


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
                        one.id + "-copy",
                        one.speaker,
                        one.role,
                        one.article + "-copy",
                        day,
                        quote,
                        one.target,
                        one.kind,
                        tuple(a + "-copy" for a in one.answers),
                    )
                )
            if len(out) >= total:
                return out[:total]
    return out


def main() -> int:
    total = int(sys.argv[1])
    items = appearances(total)
    began = time.perf_counter()
    result = group(items)
    elapsed = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    copies = sum(1 for a in items if a.id.endswith("-copy"))
    print(
        json.dumps(
            {
                "statements": len(items),
                "copies": copies,
                "claims": result.claims,
                "compared": result.compared,
                "accepted": result.accepted,
                "seconds": round(elapsed, 3),
                "peak_mb": peak,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
