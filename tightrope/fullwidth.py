"""Numbers typed with a Japanese input method: full-width digits (１４６８２), the full-width
decimal point (．) and minus (－, and the minus sign −), ％, full-width spaces and the ideographic
comma (、).

Unicode NFKC maps each full-width form to its ASCII counterpart;
:func:`tightrope.validation.halfwidth` does that (and maps the ideographic comma and the minus
sign, which NFKC leaves alone). :func:`read_numbers`
applies it to the number columns of a table's text frame where the result is a plain number,
with a warning per cell (so nothing is changed silently); other cells are left as typed for the
checks to explain (``１０％`` -> "has a percent sign (%); write the number alone: 10").
"""

from __future__ import annotations

import pandas as pd

from tightrope.i18n import gettext as _
from tightrope.schema import NUMBER_KINDS, YEAR_RE, Table, is_number
from tightrope.validation import WARNING, Problem, halfwidth


def read_numbers(frame: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """The number and year columns of ``frame`` (all ``str``, with ``_row``) with cells typed in
    full-width characters read as half-width where that gives a plain number (a warning per cell
    names file, row, column, the value as typed and what it was read as); other cells unchanged."""
    problems: list[Problem] = []
    out = frame
    for col in table.columns:
        if col.name not in frame or (col.kind not in NUMBER_KINDS and col.kind != "year"):
            continue
        cells = frame[col.name]
        odd = cells.map(lambda v: isinstance(v, str) and not v.isascii())
        if not odd.any():
            continue
        for idx in cells.index[odd]:
            typed = cells.loc[idx]
            plain = halfwidth(typed).strip()
            ok = bool(YEAR_RE.match(plain)) if col.kind == "year" else is_number(plain)
            if not ok:
                continue  # the cell's check explains it (with the half-width form in the fix)
            if out is frame:
                out = frame.copy()
            out.at[idx, col.name] = plain
            problems.append(
                Problem(
                    table.file,
                    int(frame.at[idx, "_row"]),
                    col.name,
                    typed,
                    _("was typed with full-width (Japanese input) characters; it was read as {plain}").format(
                        plain=plain
                    ),
                    _("retype it with half-width digits: {plain}").format(plain=plain),
                    WARNING,
                )
            )
    return out, problems
