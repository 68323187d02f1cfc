"""The unit gazetteer handed to nlu, shared by the router and every feature."""
from __future__ import annotations

from handlers.base import Context
from nlu.units import KnownUnit
from storage import people

_known: tuple[tuple, tuple[KnownUnit, ...]] = ((), ())
_by_name: tuple[tuple, dict[str, people.UnitName]] = ((), {})


def known_units(ctx: Context) -> tuple[KnownUnit, ...]:
    """Rebuilt only when storage hands out a new gazetteer (it caches the unit names
    itself): rebuilding thousands of entries per message was a cost of its own."""
    global _known
    names = people.unit_gazetteer(session=ctx.session)
    if _known[0] is not names:
        _known = (names, tuple(KnownUnit(u.name, u.aliases) for u in names))
    return _known[1]


def unit_named(ctx: Context, name: str) -> people.UnitName | None:
    """The active unit (id and name) called `name` or having it as an alias, from the same
    cached gazetteer nlu matched the name in: no query to look it up again."""
    global _by_name
    names = people.unit_gazetteer(session=ctx.session)
    if _by_name[0] is not names:
        index: dict[str, people.UnitName] = {}
        for unit in names:
            for alias in unit.aliases:
                index.setdefault(alias, unit)
        index.update({unit.name: unit for unit in names})      # a unit's own name comes first
        _by_name = (names, index)
    return _by_name[1].get(name.strip())
