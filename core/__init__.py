"""Pure and shared by every layer: the clock and China's working-day calendar. Imports none
of the project's other packages."""
