"""Feeds: RSS/Atom sources fetched politely, parsed defensively, stored once.

`fetch` is the only network client, `parse` turns bytes into entries,
`entries` turns entries into articles, `store` saves them in batches,
`registry` manages the feed list, `claims` shares due feeds between
workers, and `run` ties them together.
"""
