"""From signals to a score: a logistic model whose weights are fitted, not chosen.

score = 1 / (1 + e^-(bias + Σ weight × signal)), so 0.5 means as much evidence for as
against. The weights live in `data/weights.json`, written by `python -m
claimtrack.pairing.fit` from the development set's links; the bias there is shifted so
that 0.5 is the threshold the fit found best.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources


@functools.cache
def weights() -> dict[str, float]:
    """The fitted weights by signal name, plus 'bias'."""
    path = resources.files("claimtrack.pairing").joinpath("data/weights.json")
    return dict(json.loads(path.read_text("utf-8"))["weights"])


def logistic(values: dict[str, float], table: dict[str, float] | None = None) -> float:
    """The score of a pair's signal values under a weight table (default: the fitted one)."""
    table = weights() if table is None else table
    logit = table.get("bias", 0.0) + sum(table.get(k, 0.0) * v for k, v in values.items())
    if logit < -40:
        return 0.0
    return 1 / (1 + math.exp(-logit))
