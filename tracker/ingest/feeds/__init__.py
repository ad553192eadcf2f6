"""Feeds: RSS/Atom sources fetched politely, parsed defensively, stored once.

`fetch` is the only network client, `parse` turns bytes into entries,
`entries` turns entries into articles, `fulltext` fetches a linked page when
an entry is only a teaser, `opml` reads feed lists, and `run` ties them
together. What is written (the feed list, claims, articles, runs) the store
writes: `tracker.store.feeds`, `.claims`, `.articles` and `.runs`.
"""
