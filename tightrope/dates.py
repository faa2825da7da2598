"""Calendar days as the domain modules compare them: naive ``pandas.Timestamp`` at midnight."""

from __future__ import annotations

from datetime import date

import pandas as pd


def ts(day: date | str | pd.Timestamp) -> pd.Timestamp:
    """A calendar-day ``Timestamp`` from a date, ISO string or Timestamp."""
    return pd.Timestamp(day).normalize()
