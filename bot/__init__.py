"""bot: see README.md (arrives with its own issue)."""
