"""daiban: the composition root. It wires every component; nothing imports it."""

__version__ = "0.1.0"
