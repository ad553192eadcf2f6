"""One blueprint per module: pages, ledgers, articles."""
