"""Raw article text → a draft bundle of allegations and replies, each with its evidence.

Rule-based and offline, in stages, one module each:

- `layout`: headline, body paragraphs, sentences and quotations, as spans of the text;
- `mentions`: actors named, from the registry and the gazetteer of states, organs,
  institutions and leaders (lexicons/gazetteer.txt), with their sides;
- `coreference`: pronouns, descriptions and documents resolved to actors;
- `attribution`: source and cue of each sentence's reported speech (open-class
  reporting verbs and frames, lexicons/reporting_verbs.txt and frames.txt);
- `classify`: clauses, role and kind, from what each clause does;
- `targets`: whom an accusation is aimed at;
- `dating`: the date phrase, resolved against the published date;
- `bundle`: statements and the actors they need, written in the load format.

`Extractor(registry, stored=None).extract(text, article_id, published=None,
published_basis=None)` is the entry point; its result depends only on the article and
the registry.
"""

from __future__ import annotations

from claimtrack.actors import Actor, ActorRegistry
from claimtrack.dates import PartialDate
from claimtrack.extract.article import Extraction, read_article
from claimtrack.fixtures import fixture_registry

__all__ = ["Extraction", "Extractor", "fixture_registry", "merged_registry"]


class Extractor:
    """Extraction against one actor registry; reusable across articles.

    `stored` holds the ids of the actors the target database already has: each bundle
    declares every other actor it uses (parents included), so it loads into that
    database, or with `stored` empty into an empty one.
    """

    def __init__(self, registry: ActorRegistry, stored: set[str] | None = None) -> None:
        self.registry = registry
        self.stored = frozenset(stored or ())

    def extract(
        self,
        text: str,
        article_id: str,
        published: PartialDate | None = None,
        published_basis: str | None = None,
    ) -> Extraction:
        """Read one article. `published` (e.g. from --published) wins over a date the
        text states about itself."""
        return read_article(
            self.registry, set(self.stored), text, article_id, published, published_basis
        )


def merged_registry(stored: ActorRegistry | None) -> ActorRegistry:
    """The database's actors, and the shipped registry's actors the database lacks (a
    name the database already gives to another actor is left out)."""
    merged = ActorRegistry(stored.actors.values() if stored else ())
    for actor in fixture_registry().actors.values():
        if actor.id in merged.actors or merged.find(actor.name):
            continue
        names = [n for n in actor.aliases if not merged.find(n)]
        merged.add(Actor(actor.id, actor.name, actor.side, actor.kind, actor.parent, names))
    return merged
