"""Which article dates are believable: from a configured earliest year to a day or so after today.

A seed dated 9999-12-31, or a feed entry dated year 1 or year 9999, once went straight
into the store; such a date sat at the top of the home page for ever and broke the
charts. Seeds state their date on purpose, so one outside the window is refused as an
error of that file; a feed's date is often a publisher's mistake, so the entry is
dated by when it was fetched instead, with a warning. Both say which date and why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from tracker.config import IngestSettings


@dataclasses.dataclass(frozen=True)
class DateWindow:
    """Dates from `earliest` to `days_ahead` days after today (UTC), both included."""

    earliest: dt.date = dt.date(1900, 1, 1)
    days_ahead: int = 1
    today: dt.date | None = None  # fixed for tests; None means the day it is asked

    @classmethod
    def from_settings(cls, ingest: IngestSettings) -> DateWindow:
        return cls(dt.date(ingest.earliest_year, 1, 1), ingest.latest_days_ahead)

    @property
    def latest(self) -> dt.date:
        today = self.today or dt.datetime.now(dt.timezone.utc).date()
        return today + dt.timedelta(days=self.days_ahead)

    def allows(self, day: dt.date) -> bool:
        return self.earliest <= day <= self.latest

    def describe(self) -> str:
        return f"{self.earliest.isoformat()} to {self.latest.isoformat()}"
