"""Pure extraction: article text and date in, measures with evidence spans out.

No database, no network: everything an extractor knows comes from its
arguments and from the data files under `tracker/extract/knowledge/`.
"""

from tracker.extract.extractor import Extraction, extract, extract_article, extract_articles
from tracker.records import EvidenceSpan, ExtractedMeasure

__all__ = ["EXTRACTOR_VERSION", "EvidenceSpan", "ExtractedMeasure", "Extraction", "extract", "extract_article", "extract_articles"]

# Bump when extraction behaviour changes: the store records it per evidence row.
EXTRACTOR_VERSION = "2.0.0"
