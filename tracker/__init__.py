"""tracker: who puts economic pressure on whom, with what measure, since when, and on whose word."""

__version__ = "0.1.0"
