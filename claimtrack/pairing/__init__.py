"""Automatic pairing: which response answers which allegation, with a score and a reason.

The public API: `propose` runs the engine over a database and returns the proposals the
filters keep, `apply_proposals` stores them as 'auto' links, and a `Proposal` carries the
pair, its `score` (0 to 1) and its `reason`. `Pairer` scores statements held in memory.

Layout: `text` (normalised words), `statements` (what is read of each statement),
`candidates` (who may answer, when, blocking), `signals` (the evidence), `scoring` (the
fitted logistic model), `proposals` (the engine over a database), `blocks` (the database
cut into blocks that score anywhere, one process or a Dask cluster), `evaluate` (measuring
against links people made or a gold folder), `fit` (fitting the weights).
"""

from claimtrack.pairing.proposals import (
    DEFAULT_MIN_SCORE,
    DEFAULT_WINDOW,
    ApplyReport,
    Pairer,
    PairRun,
    Proposal,
    apply_proposals,
    propose,
)
from claimtrack.pairing.statements import Statement

__all__ = [
    "DEFAULT_MIN_SCORE",
    "DEFAULT_WINDOW",
    "ApplyReport",
    "PairRun",
    "Pairer",
    "Proposal",
    "Statement",
    "apply_proposals",
    "propose",
]
