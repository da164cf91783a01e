"""The data shipped with claimtrack: where the bundled fixtures are, and reading an actor
registry file.

`demo`, the extractor's registry, the synthetic corpus and the evaluators all start from
the bundled `fixtures/actors.json`; they find it here and read it through one reader that
checks every entry, so a broken registry fails with the file, the entry and the field
instead of a KeyError somewhere downstream.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimtrack.actors import Actor, ActorRegistry
from claimtrack.model import ACTOR_FIELDS, SIDES, ClaimtrackError


def bundled_fixtures() -> Path:
    """The fixtures shipped with claimtrack: inside the installed package, or at the top
    of a source checkout (editable install)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "fixtures", here.parent / "fixtures"):
        if (candidate / "actors.json").is_file():
            return candidate
    raise ClaimtrackError(
        "the bundled fixtures are missing from this installation; reinstall claimtrack"
    )


def read_actors(path: Path) -> list[Actor]:
    """The actors of a registry file (a bundle holding only "actors"), each checked: an
    object with known fields, a string id and name, a side from SIDES, a list of string
    aliases. Raises ClaimtrackError naming the file, the entry and the field."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ClaimtrackError(f"{path}: not a readable JSON registry ({exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("actors"), list):
        raise ClaimtrackError(f'{path}: expected an object with an "actors" list')
    return [_actor(f"{path}: actors[{i}]", entry) for i, entry in enumerate(document["actors"])]


def _actor(where: str, entry: Any) -> Actor:
    if not isinstance(entry, dict):
        raise ClaimtrackError(f"{where}: expected an actor object")
    unknown = sorted(set(entry) - ACTOR_FIELDS)
    if unknown:
        raise ClaimtrackError(f"{where}: field {unknown[0]!r}: unknown field")
    for name in ("id", "name"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise ClaimtrackError(f"{where}: field {name!r}: expected a non-empty string")
    if entry.get("side") not in SIDES:
        raise ClaimtrackError(f"{where}: field 'side': expected one of {', '.join(SIDES)}")
    for name in ("kind", "parent"):
        if entry.get(name) is not None and not isinstance(entry[name], str):
            raise ClaimtrackError(f"{where}: field {name!r}: expected a string")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ClaimtrackError(f"{where}: field 'aliases': expected a list of strings")
    return Actor(
        entry["id"], entry["name"], entry["side"], entry.get("kind"), entry.get("parent"), aliases
    )


def fixture_registry() -> ActorRegistry:
    """The actor registry shipped in fixtures/actors.json."""
    return ActorRegistry(read_actors(bundled_fixtures() / "actors.json"))
