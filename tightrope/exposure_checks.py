"""Cross-table rules of the exposure tables (``product_groups``, ``export_weights``,
``trade_monthly``), run by :func:`tightrope.store.load_dataset` after each file's own schema.

Rules (each problem names file, spreadsheet row, column, value and a fix; all are errors, so the
row is left out of the views):

* ``product_groups.mfn_source_id`` names a row of ``sources.csv`` (that it is given whenever
  ``mfn_pct`` is, is a rule of the row in :mod:`tightrope.schema`; an MFN rate may be left empty
  when no source gives it: the engine then applies a floor or all-in rate as if MFN were 0 and
  says so);
* ``export_weights.product`` is a ``product_groups.product`` or ``all_goods`` (the total);
* one weighting is one ``(reporter, partner, year, unit)``: it needs an ``all_goods`` row, and
  its named groups (every product except ``all_goods`` and ``other_goods``) must add up to at
  least :data:`MIN_NAMED_SHARE` of that total and to no more than the total. A weighting that
  fails is left out whole (its rows would give a wrong average), reported once on its
  ``all_goods`` row (or on its first row when the total is missing).

Input: the validated text frames (every cell ``str``, plus ``_row``); output:
``(problems, {table: index labels to leave out})``.
"""

from __future__ import annotations

import pandas as pd

from tightrope.reading import ROW
from tightrope.validation import ERROR, Problem

#: Named product groups must cover at least this share of a weighting's ``all_goods`` total.
MIN_NAMED_SHARE = 0.80
ALL_GOODS = "all_goods"
OTHER_GOODS = "other_goods"


def check(text: dict[str, pd.DataFrame]) -> tuple[list[Problem], dict[str, set]]:
    """The rules above over the text frames ``text`` (keyed by table name)."""
    problems: list[Problem] = []
    drop: dict[str, set] = {name: set() for name in text}

    def err(name: str, idx, column: str, message: str, fix: str) -> None:
        frame = text[name]
        problems.append(
            Problem(f"{name}.csv", int(frame.at[idx, ROW]), column, str(frame.at[idx, column]), message, fix, ERROR)
        )
        drop[name].add(idx)

    groups = text.get("product_groups")
    known = set(groups["product"]) if groups is not None else set()
    if groups is not None and "sources" in text:
        source_ids = set(text["sources"]["source_id"])
        for idx in groups.index[
            ((groups["mfn_source_id"] != "") & ~groups["mfn_source_id"].isin(source_ids)).to_numpy()
        ]:
            err(
                "product_groups",
                idx,
                "mfn_source_id",
                "names a source that is not in sources.csv",
                "add the source to sources.csv or correct the id",
            )
    weights = text.get("export_weights")
    if weights is None or weights.empty:
        return problems, drop
    unknown = ~weights["product"].isin(known | {ALL_GOODS})
    for idx in weights.index[unknown.to_numpy()]:
        listed = ", ".join(sorted(known)[:12]) or "none yet"
        err(
            "export_weights",
            idx,
            "product",
            "is not a product group of product_groups.csv",
            f"use one of its products ({listed}) or all_goods, or add the group to product_groups.csv",
        )
    ok = weights.drop(index=list(drop["export_weights"]))
    for _key, g in ok.groupby(["reporter", "partner", "year", "unit"], sort=True):
        values = pd.to_numeric(g["value"], errors="coerce")
        total_rows = g[g["product"] == ALL_GOODS]
        named = values[~g["product"].isin([ALL_GOODS, OTHER_GOODS])].sum()
        if total_rows.empty:
            idx = g.index[0]
            err(
                "export_weights",
                idx,
                "product",
                f"belongs to a weighting ({g.at[idx, 'year']}, {g.at[idx, 'unit']}) "
                "without an all_goods row, so shares cannot be computed",
                "add the all_goods total for that year and unit",
            )
            drop["export_weights"].update(g.index)
            continue
        if len(total_rows) > 1:
            idx = total_rows.index[1]
            err(
                "export_weights",
                idx,
                "product",
                f"is a second all_goods row for {g.at[idx, 'year']} {g.at[idx, 'unit']}",
                "keep one all_goods total per year and unit",
            )
            drop["export_weights"].update(g.index)
            continue
        idx = total_rows.index[0]
        total = float(values[idx])
        share = named / total if total > 0 else 0.0
        if share < MIN_NAMED_SHARE:
            err(
                "export_weights",
                idx,
                "value",
                f"the named product groups cover {share:.1%} of this all_goods "
                f"total; at least {MIN_NAMED_SHARE:.0%} must be in named groups",
                "add the missing product groups (with product_groups.csv "
                "rows), or correct the total; the rest is other_goods",
            )
            drop["export_weights"].update(g.index)
        elif named > total * 1.0005:
            err(
                "export_weights",
                idx,
                "value",
                "is smaller than the sum of the named product groups "
                f"({named:,.1f}); groups overlap or the total is wrong",
                "check that no HS code is counted in two groups, and the total's year and unit",
            )
            drop["export_weights"].update(g.index)
    return problems, drop
