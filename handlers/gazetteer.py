"""The unit gazetteer handed to nlu, shared by the router and every feature."""
from __future__ import annotations

from collections.abc import Sequence

from handlers.base import Context
from storage import people


def known_units(ctx: Context) -> Sequence[people.UnitName]:
    """The active units' names and aliases (storage caches them per SessionFactory). Handed
    to nlu as they are: nlu reads a known unit's `name` and `aliases` only, and indexes the
    gazetteer once while storage hands out the same tuple."""
    return people.unit_gazetteer(session=ctx.session)


def unit_named(ctx: Context, name: str) -> people.UnitName | None:
    """The active unit (id and name) called `name`, else having it as an alias, from the
    same gazetteer nlu matched the name in: no query to look it up again."""
    name = name.strip()
    names = people.unit_gazetteer(session=ctx.session)
    return (next((unit for unit in names if unit.name == name), None)
            or next((unit for unit in names if name in unit.aliases), None))
