"""The store: the only layer that speaks SQL.

Models, sessions and migrations; the one ingestion write path (`articles`); the feed
registry, claims and run records that ingestion writes; and the read-side queries
the web app and the CLI show (`listing`, `details`, `summaries`, `lookup`, `exports`).
Nothing here imports ingest or web.
"""
