"""claimtrack: allegations and official replies from news articles, in SQLite."""

__version__ = "0.1.0"
