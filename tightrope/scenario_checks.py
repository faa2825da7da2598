"""Cross-table rules of ``scenarios.csv`` (and of ``story.csv``'s ``scenario`` column), run by
:func:`tightrope.store.load_dataset` after each file's own schema, like
:mod:`tightrope.exposure_checks`. The grammar they apply is :func:`tightrope.scenarios.parse_changes`.
"""

from __future__ import annotations

import pandas as pd

from tightrope.reading import ROW
from tightrope.scenarios import ChangesError, parse_changes
from tightrope.validation import ERROR, WARNING, Problem


def check(text: dict[str, pd.DataFrame]) -> tuple[list[Problem], dict[str, set]]:
    """Cross-table rules of ``scenarios.csv`` over the validated text frames (every cell ``str``
    plus ``_row``): ``changes`` parses (grammar, rate 0-1000, basis, no product twice) and names
    only ``product_groups`` products or ``all_goods``; every ``source_ids`` entry is in
    ``sources.csv``. Each problem is an error and its row is left out. A ``story.csv`` step
    naming a scenario that is not (validly) in ``scenarios.csv`` is a warning: it opens the
    baseline with a message. Returns
    ``(problems, {"scenarios": index labels to leave out})``."""
    problems: list[Problem] = []
    drop: set = set()
    frame = text.get("scenarios")
    if frame is None:
        return problems, {"scenarios": drop}
    groups = text.get("product_groups")
    known = set(groups["product"]) if groups is not None and not groups.empty else None
    source_ids = set(text["sources"]["source_id"]) if "sources" in text else set()

    def err(idx, column: str, value: str, message: str, fix: str) -> None:
        problems.append(Problem("scenarios.csv", int(frame.at[idx, ROW]), column, value, message, fix, ERROR))
        drop.add(idx)

    for idx, r in frame.iterrows():  # a few dozen presets: row by row is clear and fast enough
        try:
            parse_changes(r["changes"], known)
        except ChangesError as exc:
            err(
                idx,
                "changes",
                r["changes"],
                f"{exc}",
                "write ;-separated items product=rate:basis with a product of product_groups.csv or all_goods, "
                "a rate from 0 to 1000 and a basis additional, total or floor",
            )
        for sid in (s.strip() for s in r["source_ids"].split(";") if s.strip()):
            if sid not in source_ids:
                err(
                    idx,
                    "source_ids",
                    sid,
                    "names a source that is not in sources.csv",
                    "add the source to sources.csv or correct the id",
                )
    story = text.get("story")
    if story is not None and "scenario" in story:
        ids = set(frame["scenario_id"]) - {frame.at[i, "scenario_id"] for i in drop}
        for idx in story.index[((story["scenario"] != "") & ~story["scenario"].isin(ids)).to_numpy()]:
            problems.append(
                Problem(
                    "story.csv",
                    int(story.at[idx, ROW]),
                    "scenario",
                    story.at[idx, "scenario"],
                    "is not a valid scenario_id of scenarios.csv; the step opens the baseline",
                    "use a scenario_id of scenarios.csv (and fix that row if it has an error), or leave it empty",
                    WARNING,
                )
            )
    return problems, {"scenarios": drop}
