"""Command line: python -m bot run | console | demo | parse | draft | export."""
from __future__ import annotations

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
