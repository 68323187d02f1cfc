"""python -m core.holidays YEAR: print that year's file (statutory days, no 调休)."""
import sys

from core.holidays import render

for arg in sys.argv[1:]:
    sys.stdout.write(render(int(arg)))
