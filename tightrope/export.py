"""CSV export that a spreadsheet opens safely.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets (CSV/formula injection). :func:`neutralise`
prefixes such text with an apostrophe (OWASP's advice), so it shows as typed and never runs.
Leading spaces do not hide a formula (`` =1+1`` is caught too), and the full-width forms
``＝ ＋ － ＠`` count as well, since Japanese Excel may read them as formula signs.
Real numbers, negative ones included, are left as numbers: only text cells are touched.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
#: Spaces a spreadsheet may skip before reading a formula (ASCII and the ideographic space).
_LEADING = " \u3000"


def neutralise(value: object) -> object:
    """Return ``value`` unchanged unless it is text a spreadsheet would run as a formula, in
    which case ``"'" + value``. Text that is a plain number (``-12.5``) is kept as it is."""
    if not isinstance(value, str) or not value:
        return value
    head = value.lstrip(_LEADING)
    if head.startswith(FORMULA_START) and not _NUMBER.fullmatch(head.rstrip(_LEADING)):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell neutralised (column names too); dates are
    written ``YYYY-MM-DD``; the internal ``_row`` column is dropped."""
    out = frame.drop(columns=[c for c in frame.columns if str(c).startswith("_")]).copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").fillna("")
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_safe_csv(frame: pd.DataFrame, header_row: str | None = None) -> bytes:
    """UTF-8 CSV bytes (with a BOM, so Excel reads Japanese and Vietnamese text right) of
    :func:`safe_frame` of ``frame``. ``header_row`` (optional, e.g. the HYPOTHETICAL label of a
    scenario download) is written first, as one neutralised, quoted cell."""
    body = safe_frame(frame).to_csv(index=False)
    if header_row is not None:
        body = pd.DataFrame([[neutralise(header_row)]]).to_csv(index=False, header=False) + body
    return body.encode("utf-8-sig")
