"""workshop-tui: run a multi-agency Learning Review from the terminal."""

__version__ = "0.1.0"
