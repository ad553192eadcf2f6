"""Text as the store keeps it: without NUL and the other C0 control characters.

PostgreSQL cannot hold a NUL in a text column at all (a feed entry with `&#0;` failed on
every pass there), and no reader wants a bell or an escape in an article. Tab, newline
and carriage return are text; the rest of C0, and DEL, are dropped on the way in, in
one place for every source (`tracker.store.articles`), before an article is read or
compared, so what the extractor reads is what is stored. The web app refuses them in
parameters with the same pattern.
"""

from __future__ import annotations

import dataclasses
import re

from tracker.records import IncomingArticle

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    """`text` with every C0 control but tab, newline and carriage return (and DEL) removed."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def clean_article(article: IncomingArticle) -> IncomingArticle:
    """The article with control characters removed from its identity, title, text and URL."""
    fields = (article.identity, article.title, article.text, article.url or "")
    if not any(CONTROL.search(value) for value in fields):
        return article
    return dataclasses.replace(
        article,
        identity=without_controls(article.identity),
        title=without_controls(article.title),
        text=without_controls(article.text),
        url=without_controls(article.url) if article.url is not None else None,
    )
