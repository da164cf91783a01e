"""The actor registry: who speaks or is spoken of, under every name the articles use.

Names resolve case-insensitively through ids, names and aliases. An unknown name is
an error with the nearest known names, never a silently created actor: a typo must not
split one ministry into two.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimtrack.model import ClaimtrackError


def name_key(name: str) -> str:
    """The form names are compared in: case, spacing, curly apostrophes and a leading
    "the" do not make a different actor."""
    key = " ".join(name.replace("\u2019", "'").replace("\u2018", "'").casefold().split())
    return key[4:] if key.startswith("the ") else key


@dataclass
class Actor:
    id: str
    name: str
    side: str
    kind: str | None = None
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)


class ActorRegistry:
    """Actors by id, and every id, name and alias by its key."""

    def __init__(self, actors: Iterable[Actor] = ()) -> None:
        self.actors: dict[str, Actor] = {}
        self._keys: dict[str, str] = {}
        for actor in actors:
            self.add(actor)

    def add(self, actor: Actor) -> None:
        """Register an actor, or replace the one with the same id.

        Raises ClaimtrackError when one of its names already means another actor.
        """
        old = self.actors.get(actor.id)
        if old:
            for name in (old.id, old.name, *old.aliases):
                if self._keys.get(name_key(name)) == old.id:
                    del self._keys[name_key(name)]
        for name in (actor.id, actor.name, *actor.aliases):
            owner = self._keys.get(name_key(name))
            if owner and owner != actor.id:
                raise ClaimtrackError(
                    f"name {name!r} of actor {actor.id!r} already means actor {owner!r}; "
                    "drop it from one of them"
                )
        self.actors[actor.id] = actor
        for name in (actor.id, actor.name, *actor.aliases):
            self._keys[name_key(name)] = actor.id

    def find(self, name: str) -> Actor | None:
        actor_id = self._keys.get(name_key(name))
        return self.actors[actor_id] if actor_id else None

    def resolve(self, name: str) -> Actor:
        """The actor a name means; ClaimtrackError naming the nearest names otherwise."""
        actor = self.find(name)
        if actor:
            return actor
        raise ClaimtrackError(f"unknown actor {name!r}{self.suggestion(name)}")

    def suggestion(self, name: str) -> str:
        close = difflib.get_close_matches(name_key(name), list(self._keys), n=3, cutoff=0.6)
        if not close:
            return '; declare it in a bundle\'s "actors" or see `claimtrack actors`'
        ids = list(dict.fromkeys(self._keys[key] for key in close))
        names = ", ".join(repr(self.actors[i].name) for i in ids)
        return f"; did you mean {names}?"

    def lineage(self, actor_id: str) -> list[str]:
        """The actor and its parents, nearest first (Mao Ning, the ministry, China)."""
        chain: list[str] = []
        while actor_id and actor_id not in chain and actor_id in self.actors:
            chain.append(actor_id)
            actor_id = self.actors[actor_id].parent or ""
        return chain

    def descendants(self, actor_id: str) -> set[str]:
        """The actor and everyone under it: China includes its ministry and spokespeople."""
        found = {actor_id}
        grew = True
        while grew:
            grew = False
            for actor in self.actors.values():
                if actor.parent in found and actor.id not in found:
                    found.add(actor.id)
                    grew = True
        return found
