"""Targets: whom an accusation is aimed at.

States and their bodies are accused before anyone else: the first state of another side
named in the clause (in the speaker's own quoted words as well, and by a demonym:
"Chinese hacking" aims at China), else a body or official of such a state there, else
the latest state actor of another side the article spoke of; only then a company,
group or person named in the clause, or met before. An allegation against a third
state is aimed at that state, never at China by default.
"""

from __future__ import annotations

from claimtrack.extract.mentions import Cast, Mention


def target_of(
    cast: Cast,
    speaker: str,
    named: list[Mention],
    earlier: list[Mention],
    demonyms: list[str] = (),
) -> str | None:
    """`demonyms`: the states the clause names by a demonym or possessive alone."""
    home = cast.lineage(speaker)[-1]

    def foreign(actor_id: str) -> bool:
        root = cast.lineage(actor_id)[-1]
        if root == home:
            return False
        # Two actors of one side without a state (a newspaper, an NGO) are not foes.
        return cast.kind(root) == "state" or cast.side(actor_id) != cast.side(speaker)

    others = [m for m in named if foreign(m.actor)]
    states = [m for m in others if cast.kind(m.actor) == "state"]
    bodies = [m for m in others if cast.is_state_actor(m.actor)]
    if states or bodies:
        return (states or bodies)[0].actor
    for state in demonyms:
        if foreign(state):
            return state
    for m in reversed(earlier):
        if foreign(m.actor) and cast.is_state_actor(m.actor):
            return m.actor
    if others:
        return others[0].actor
    for m in reversed(earlier):
        if foreign(m.actor):
            return m.actor
    return None
