"""The unit gazetteer handed to nlu, shared by the router and every feature."""
from __future__ import annotations

from handlers.base import Context
from nlu.units import KnownUnit
from storage import people

_known: tuple[tuple, tuple[KnownUnit, ...]] = ((), ())


def known_units(ctx: Context) -> tuple[KnownUnit, ...]:
    """Rebuilt only when storage hands out a new gazetteer (it caches the unit names
    itself): rebuilding thousands of entries per message was a cost of its own."""
    global _known
    names = people.unit_gazetteer(session=ctx.session)
    if _known[0] is not names:
        _known = (names, tuple(KnownUnit(u.name, u.aliases) for u in names))
    return _known[1]
